"""Pictures for switching modes: the same positions' margin ratios in both modes, side by side."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..account import Account
from ..modes import compare_modes
from ..numeric import percent
from . import COLORS, legend_below, new_axes

#: The picture's size (inches).
SIZE = (9.0, 5.0)


def _bar_text(value: Any, height: float, ymax: float) -> tuple[str, float, dict[str, Any]]:
    """A bar's label, its vertical offset (points) and its style: above the bar, or inside
    the top of a bar cut at ``ymax`` (in a white box, so that it reads on any colour)."""
    text = percent(value) if value.is_finite() else "∞ (equity ≤ 0)"
    if height >= ymax * 0.9:
        return text, -20.0, {"color": "black", "fontweight": "bold",
                             "bbox": {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                                      "alpha": 0.9}}
    color = COLORS["liquidation"] if value >= 1 else "black"
    return text, 4.0, {"color": color, "fontweight": "normal", "bbox": None}


class ModeRatiosPicture:
    """The grouped bars of :func:`plot_mode_ratios` on ``ax``, kept so that :meth:`update`
    can change heights and labels in place (same margin assets)."""

    def __init__(self, ax: Any, account: Account, ymax: float = 200.0,
                 title: str | None = None) -> None:
        self.ax = ax
        self.ymax = ymax
        comparison = compare_modes(account)
        self.groups = [*comparison.assets, "whole account"]
        new_axes(title or "Margin ratio of the same positions in each mode",
                 "Margin asset (its positions), and the whole account", "Margin ratio (%)", ax)
        x = np.arange(len(self.groups), dtype=float)
        width = 0.38
        ax.axhspan(100.0, ymax, color=COLORS["liquidation"], alpha=0.08)
        self.bars: list[list[Any]] = []
        self.labels: list[list[Any]] = []
        for offset, color, label in (
            (-width / 2, COLORS["single"], "single-asset mode (own ratio)"),
            (width / 2, COLORS["multi"], "multi-assets mode (pooled ratio)"),
        ):
            bars = list(ax.bar(x + offset, [0.0] * len(x), width * 0.95, color=color,
                               alpha=0.85, label=label))
            self.bars.append(bars)
            self.labels.append([ax.annotate("", (bar.get_x() + bar.get_width() / 2, 0.0),
                                            xytext=(0, 4), textcoords="offset points",
                                            ha="center", fontsize=11) for bar in bars])
        ax.axhline(100.0, color=COLORS["liquidation"], linestyle="--", linewidth=1.5,
                   label="100%: liquidation")
        ax.set_xticks(x, self.groups)
        ax.set_ylim(0.0, ymax)
        legend_below(ax, ncol=2, offset=0.18)
        self.update(account, title)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [*(b for row in self.bars for b in row), *(t for row in self.labels for t in row),
                self.ax.title]

    def update(self, account: Account, title: str | None = None) -> None:
        """Show ``account``'s ratios in both modes (figures from
        :func:`marginlib.modes.compare_modes`)."""
        comparison = compare_modes(account)
        single = [*(comparison.single_ratio(a) for a in comparison.assets),
                  comparison.worst_single_ratio]
        multi = [comparison.pooled_ratio] * len(self.groups)
        for bars, labels, values in ((self.bars[0], self.labels[0], single),
                                     (self.bars[1], self.labels[1], multi)):
            for bar, label, value in zip(bars, labels, values, strict=True):
                height = min(float(value) * 100.0, self.ymax) if value.is_finite() else self.ymax
                bar.set_height(height)
                text, offset, style = _bar_text(value, height, self.ymax)
                label.xy = (bar.get_x() + bar.get_width() / 2, height)
                label.xyann = (0.0, offset)
                label.set_text(text)
                label.set_color(style["color"])
                label.set_fontweight(style["fontweight"])
                label.set_bbox(style["bbox"])
        if title is not None:
            self.ax.set_title(title)


def plot_mode_ratios(account: Account, ax: Any = None, ymax: float = 200.0,
                     title: str | None = None) -> Any:
    """Grouped bars: for each margin asset, the ratio that decides its positions in each mode.

    Single-asset mode (purple): the asset's own ratio, MM_a / equity_a in its units. Multi-assets
    mode (blue): the pooled ratio, the same for every asset. The last group, "whole account", shows
    the worst single-asset ratio and the pooled one. Figures from
    :func:`marginlib.modes.compare_modes`; a dashed line marks 100% (liquidation). Ratios above
    ``ymax`` percent, and the infinite ratio of a non-positive equity, are cut at the top and
    labelled there ("∞ (equity ≤ 0)" for the infinite one). Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    ModeRatiosPicture(ax if ax is not None else fig.axes[0], account, ymax, title)
    return fig


__all__ = ["SIZE", "ModeRatiosPicture", "plot_mode_ratios"]
