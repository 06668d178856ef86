"""marginlib.plots.margin: the equity split.

Hand work (the guide's rates: USDT buy 0.99 x (1 - 0.01) = 0.9801, sell 0.99 x (1 + 0.005)
= 0.99495; BUSD 1):
- Scenario 1: 200 x 0.9801 + 220 = 196.02 + 220 = 416.02; usable USDT 416.02 / 0.99495
  = 418.1315... -> 418.13; usable BUSD 416.02.
- Scenario 2: MM 0.5 x 20,000 x 0.008 x 0.99495 + 20 x 600 x 0.01 = 79.596 + 120 = 199.596
  -> 199.60; ratio 199.596 / 416.02 = 0.479775 -> 47.98%; IM 10,000 / 100 x 0.99495 + 12,000
  / 50 = 99.495 + 240 = 339.495 -> 339.50; available 416.02 - 339.495 = 76.525 -> 76.53.
- Scenario 3 (BTC 19,000, ETH 620): USDT 200 - 500 = -300 -> x 0.99495 = -298.485; BUSD
  220 + 400 = 620; equity 321.515 -> 321.52; MM 75.6162 + 124 = 199.6162 -> 199.62; ratio
  62.086% -> 62.09%; IM 94.52025 + 248 = 342.52025; available -21.00525 -> -21.01."""

from __future__ import annotations

from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
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
