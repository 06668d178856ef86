"""marginlib.plots.modes: both modes' ratios.

Hand work (the guide's rates: USDT buy 0.99 x 0.99 = 0.9801, sell 0.99 x 1.005 = 0.99495; BUSD 1;
positions long 0.5 BTCUSDT from 20,000 at 0.8%, long 20 ETHBUSD from 600 at 1%; wallet 200 USDT,
220 BUSD). At BTC mark b and ETH mark e:
- USDT equity 200 + 0.5 (b - 20,000) = 0.5 b - 9,800, its MM 0.004 b (USDT);
- BUSD equity 220 + 20 (e - 600) = 20 e - 11,780, its MM 0.2 e (BUSD).
Single-asset mode: each ratio in the asset's own units. Multi-assets mode: equity = USDT equity x
(buy if >= 0 else sell) + BUSD equity; MM = 0.004 b x sell + 0.2 e."""

from __future__ import annotations

import matplotlib

from tests.plots import legend_texts

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.plots.modes import plot_mode_ratios


def test_plot_mode_ratios_bars_and_labels() -> None:
    fig = plot_mode_ratios(ml.scenario(3))
    ax = fig.axes[0]
    assert ax.get_title() and "(%)" in ax.get_ylabel() and ax.get_xlabel()
    assert sorted(legend_texts(ax)) == ["100%: liquidation", "multi-assets mode (pooled ratio)",
                                        "single-asset mode (own ratio)"]
    single, multi = ([round(float(bar.get_height()), 3) for bar in bars]
                     for bars in ax.containers)
    # Single: USDT inf (cut at 200), BUSD 20, whole account inf (200); multi: 62.086 x 3.
    assert single == [200.0, 20.0, 200.0]
    assert multi == [62.086] * 3
    texts = [t.get_text() for t in ax.texts]
    # A cut bar's label sits inside its top, black on a white box (readable on the purple).
    assert texts.count("∞ (equity ≤ 0)") == 2 and "20.00%" in texts and texts.count("62.09%") == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["USDT", "BUSD", "whole account"]
    cut = [t for t in ax.texts if t.get_text().startswith("∞")]
    assert all(t.get_color() == "black" and t.get_bbox_patch() is not None for t in cut)
    plt.close(fig)
