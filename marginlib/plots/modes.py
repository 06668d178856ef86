"""Pictures for switching modes: the same positions' margin ratios in both modes, side by side."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..account import Account
from ..modes import compare_modes
from ..numeric import percent
from . import COLORS, new_axes


def plot_mode_ratios(account: Account, ax: Any = None, ymax: float = 200.0,
                     title: str | None = None) -> Any:
    """Grouped bars: for each margin asset, the ratio that decides its positions in each mode.

    Single-asset mode (purple): the asset's own ratio, MM_a / equity_a in its units. Multi-assets
    mode (blue): the pooled ratio, the same for every asset. The last group, "whole account", shows
    the worst single-asset ratio and the pooled one. Figures from
    :func:`marginlib.modes.compare_modes`; a dashed line marks 100% (liquidation). Ratios above
    ``ymax`` percent, and the infinite ratio of a non-positive equity, are cut at the top and
    labelled. Returns the figure.
    """
    comparison = compare_modes(account)
    groups = [*comparison.assets, "whole account"]
    single = [*(comparison.single_ratio(a) for a in comparison.assets),
              comparison.worst_single_ratio]
    multi = [comparison.pooled_ratio] * len(groups)
    fig, ax = new_axes(
        title or "Margin ratio of the same positions in each mode",
        "Margin asset (its positions), and the whole account",
        "Margin ratio (%)",
        ax,
    )
    if ax is None or fig.get_size_inches()[1] < 5.0:
        fig.set_size_inches(8.0, 5.0)  # room for the legend below the axes
    x = np.arange(len(groups), dtype=float)
    width = 0.38
    ax.axhspan(100.0, ymax, color=COLORS["liquidation"], alpha=0.08)
    for offset, values, color, label in (
        (-width / 2, single, COLORS["single"], "single-asset mode (own ratio)"),
        (width / 2, multi, COLORS["multi"], "multi-assets mode (pooled ratio)"),
    ):
        heights = [min(float(v) * 100.0, ymax) if v.is_finite() else ymax for v in values]
        bars = ax.bar(x + offset, heights, width * 0.95, color=color, alpha=0.85, label=label)
        for bar, value, height in zip(bars, values, heights, strict=True):
            text = percent(value) if value.is_finite() else "∞"
            inside = height >= ymax * 0.9
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, height),
                        xytext=(0, -16 if inside else 4), textcoords="offset points",
                        ha="center", fontsize=10,
                        color="white" if inside else
                        COLORS["liquidation"] if value >= 1 else "black")
    ax.axhline(100.0, color=COLORS["liquidation"], linestyle="--", linewidth=1.5,
               label="100%: liquidation")
    ax.set_xticks(x, groups)
    ax.set_ylim(0.0, ymax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=10,
              frameon=False)
    return fig


__all__ = ["plot_mode_ratios"]
