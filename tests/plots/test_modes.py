"""marginlib.plots.modes: both modes' ratios.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.plots.modes import plot_mode_ratios
from tests.plots import legend_texts


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
