"""marginlib.plots.today: then and now, brackets, coin collateral.

Tiers (BTCUSDT, Binance, October 2024): tier 1 [0, 50,000) 0.4% cum 0 125x; tier 2 [50,000,
600,000) 0.5% cum 50 100x; tier 3 [600,000, 3,000,000) 0.65% cum 950 75x; tier 4 [3,000,000,
12,000,000) 1% cum 11,450 50x. The tier widget prices BTC at 60,000."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from marginlib.collateral import (
    coin_collateral_account,
    coin_collateral_fall,
    stable_collateral_account,
)
from marginlib.plots.today import plot_brackets, plot_collateral_fall, plot_worlds
from marginlib.today import compare_worlds
from tests.plots import legend_texts


def test_plot_worlds() -> None:
    fig = plot_worlds(compare_worlds())
    ax = fig.axes[0]
    assert ax.get_title() == "The same portfolio, then and now"
    assert ax.get_ylabel() == "Amount (USD)"
    assert legend_texts(ax) == ["the guide's world (2021-05): ratio 62.09%",
                           "today's (2024-10): ratio 27.19%"]
    guide, today = ([float(bar.get_height()) for bar in bars] for bars in ax.containers)
    # Equity 321.515 both; MM 199.6162 / 87.4081; IM 342.52025 both; available -21.00525.
    assert guide == pytest.approx([321.515, 199.6162, 342.52025, -21.00525])
    assert today == pytest.approx([321.515, 87.4081, 342.52025, -21.00525])
    plt.close(fig)


def test_plot_brackets() -> None:
    fig = plot_brackets(notional=300000)
    left, right = fig.axes
    assert "maintenance margin" in left.get_title() and "(USDT, log scale)" in left.get_xlabel()
    assert right.get_ylabel() == "Rate (%)"
    assert "your position: MM 1,450.00" in legend_texts(left)
    assert "your position: 0.483%" in legend_texts(right)
    assert "the guide's flat 0.80%" in legend_texts(left)
    # Tier floors 50,000 ... 12,000,000 marked under 15,000,000: four dotted lines per panel.
    floors = sorted({line.get_xdata()[0] for line in left.lines if line.get_linestyle() == ":"
                     and len(line.get_xdata()) == 2})
    assert floors == [50000.0, 600000.0, 3000000.0, 12000000.0]
    plt.close(fig)


def test_plot_collateral_fall() -> None:
    account = coin_collateral_account()
    fall = coin_collateral_fall(account, "BTC", "BTCUSDT", 54000)
    fig = plot_collateral_fall(account, stable_collateral_account(account), 20000, 70000, fall)
    ax = fig.axes[0]
    assert ax.get_title() == "When BTC falls, BTC held as collateral falls twice"
    assert ax.get_xlabel() == "BTC price = BTCUSDT mark (USD)"
    assert ax.get_ylabel() == "Equity, maintenance margin (USD)"
    legend = legend_texts(ax)
    assert "BTC as collateral: liquidated at 40,119.05" in legend
    assert "USDT as collateral: liquidated at 30,628.14" in legend
    assert "as position: -12,000.00" in legend and "as collateral: -5,700.00" in legend
    # Equity at 60,000: 59,000 for both lines (each straight there: interpolation is exact);
    # at 54,000: 41,300 with BTC as collateral, 47,000 with USDT.
    lines = {line.get_label(): line for line in ax.lines}
    coin_line = lines["BTC as collateral: equity"]
    stable_line = lines["USDT as collateral: equity"]
    for line, at_54 in ((coin_line, 41300.0), (stable_line, 47000.0)):
        x, y = line.get_xdata(), line.get_ydata()
        assert np.interp(60000.0, x, y) == pytest.approx(59000.0)
        assert np.interp(54000.0, x, y) == pytest.approx(at_54)
    plt.close(fig)
