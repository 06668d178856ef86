"""marginlib.plots.margin: the equity split.

Hand work: the guide's Scenarios 1-3 in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.plots.margin import margin_split, plot_margin_split


def test_margin_split_of_scenario_2() -> None:
    # 199.596 + (339.495 - 199.596 = 139.899) + 76.525 = 416.02
    split = margin_split(ml.summarize(ml.scenario(2)))
    assert (split.maintenance, split.rest_of_initial, split.free) == (
        Decimal("199.596"), Decimal("139.899"), Decimal("76.525"))
    assert split.maintenance + split.rest_of_initial + split.free == Decimal("416.02")
    fig = plot_margin_split(ml.summarize(ml.scenario(2)))
    widths = [round(p.get_width(), 6) for p in fig.axes[0].patches]
    assert widths == [199.596, 139.899, 76.525]
    assert fig.axes[0].get_xlabel() == "Amount (USD)"
    assert fig.axes[0].get_legend() is not None
    plt.close(fig)


def test_margin_split_of_scenario_3_has_a_shortfall() -> None:
    # IM 342.52025 > equity 321.515: nothing free, short by 21.00525.
    split = margin_split(ml.summarize(ml.scenario(3)))
    assert split.free == 0 and split.shortfall == Decimal("21.00525")
