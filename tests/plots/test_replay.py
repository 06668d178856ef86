"""marginlib.plots.replay: the crash replay's three panels.

Tiers (BTCUSDT, Binance, October 2024): tier 1 [0, 50,000) 0.4% cum 0 125x; tier 2 [50,000,
600,000) 0.5% cum 50 100x; tier 3 [600,000, 3,000,000) 0.65% cum 950 75x; tier 4 [3,000,000,
12,000,000) 1% cum 11,450 50x. The tier widget prices BTC at 60,000."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pytest

from marginlib.plots.replay import plot_replay
from marginlib.replay import Replay
from tests.plots import legend_texts


def test_plot_replay(course: Replay) -> None:
    fig = plot_replay(course, step=63)
    prices, ratios, equity = fig.axes[:3]
    assert fig._suptitle.get_text().startswith("Crash replay: a 30% fall")  # type: ignore[attr-defined]
    assert ratios.get_ylabel() == "Margin ratio (%)" and equity.get_xlabel() == "Step"
    legend = [text.replace("\n", " ") for text in legend_texts(ratios)]
    assert "single-asset liquidated: step 63, BTC 58,693.10" in legend
    assert "auto-exchange (multi-assets): step 220" in legend
    assert "trader closes ETHUSDT (step 220)" in [
        text.replace("\n", " ") for text in legend_texts(prices)]
    assert "step 63" in legend_texts(prices)
    single = ratios.lines[1]
    assert single.get_ydata()[60] == pytest.approx(float(Decimal("431.4804")
                                                         / Decimal("658.4")) * 100)
    plt.close(fig)
