"""marginlib.plots.pool: the pool as stacked bars.

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
