"""marginlib.plots.pool: the pool as stacked bars.

Hand work: the guide's Scenarios 1-3 in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.plots.pool import plot_pool, pool_segments


def test_pool_segments_and_bars_of_scenario_1() -> None:
    assert pool_segments(ml.scenario(1)) == {"USDT": Decimal("196.02"), "BUSD": Decimal(220)}
    assert pool_segments(ml.scenario(1), face_value=True) == {"USDT": 200, "BUSD": 220}
    fig = plot_pool(ml.scenario(1))
    ax = fig.axes[0]
    heights = [round(p.get_height(), 6) for p in ax.patches]
    assert heights == [196.02, 220.0, 200.0, 220.0]
    texts = [t.get_text() for t in ax.texts]
    assert "416.02 USD" in texts and "420.00 USD" in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["USDT", "BUSD"]
    plt.close(fig)


def test_pool_stacks_a_negative_equity_below_zero() -> None:
    # Scenario 3: USDT -300 x 0.99495 = -298.485 below zero; BUSD 620 above.
    fig = plot_pool(ml.scenario(3), face_value=False)
    bars = fig.axes[0].patches
    assert round(bars[0].get_height(), 6) == -298.485 and bars[0].get_y() == 0
    assert round(bars[1].get_height(), 6) == 620 and bars[1].get_y() == 0
    plt.close(fig)
