"""Pictures for the maximum withdrawable amount: its three terms, and which one binds."""

from __future__ import annotations

from typing import Any

from ..numeric import usd
from ..withdraw import TERM_NAMES, WithdrawBreakdown
from . import COLORS, legend_below, new_axes, pad_ticks, steady_limits

#: The picture's size (inches).
SIZE = (9.0, 4.8)


class WithdrawTermsPicture:
    """The bars of :func:`plot_withdraw_terms` on ``ax``, kept so that :meth:`update` can
    change their heights, colours and values in place."""

    def __init__(self, ax: Any, breakdown: WithdrawBreakdown, title: str | None = None) -> None:
        self.ax = ax
        new_axes(title or "Maximum withdrawable: the three terms", "Term of the formula",
                 "Amount (USD)", ax)
        names = [f"{i + 1}: {name}" for i, name in enumerate(TERM_NAMES)]
        self.bars = list(ax.bar(names, [0.0] * len(names), color=COLORS["guide"], alpha=0.85,
                                width=0.6))
        self.values = [ax.annotate("", (bar.get_x() + bar.get_width() / 2, 0.0),
                                   xytext=(0, 4), textcoords="offset points", ha="center",
                                   fontsize=11) for bar in self.bars]
        ax.axhline(0.0, color="black", linewidth=0.8)
        pad_ticks(ax.yaxis)
        self.maximum = ax.axhline(0.0, color=COLORS["free"], linestyle="--", linewidth=2)
        # Legend entries for the colours (proxy artists) and the dashed maximum.
        from matplotlib.patches import Patch

        handles = [Patch(color=COLORS["maintenance"], alpha=0.85),
                   Patch(color=COLORS["guide"], alpha=0.85), self.maximum]
        self.limits: tuple[float, float] | None = None
        self.legend = legend_below(ax, handles, ["binding term (smallest)", "other terms", " "],
                                   ncol=3, offset=0.2)
        self.update(breakdown)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [*self.bars, *self.values, self.maximum, self.legend]

    def update(self, breakdown: WithdrawBreakdown) -> None:
        """Show ``breakdown``: heights, the binding term in red, values, the maximum line."""
        values = [float(t) for t in breakdown.terms]
        for i, (bar, label, term) in enumerate(zip(self.bars, self.values, breakdown.terms,
                                                   strict=True)):
            height = float(term)
            bar.set_height(height)
            bar.set_color(COLORS["maintenance"] if i in breakdown.binding else COLORS["guide"])
            label.xy = (bar.get_x() + bar.get_width() / 2, height)
            label.set_text(usd(term))
            label.xyann = (0, 4 if height >= 0 else -16)
        maximum = float(breakdown.maximum)
        self.maximum.set_ydata([maximum, maximum])
        self.legend.get_texts()[2].set_text(f"max withdrawable = {usd(breakdown.maximum)} USD")
        low, high = min(0.0, *values), max(0.0, *values)
        pad = (high - low) * 0.15 or 1.0
        self.limits = steady_limits(self.limits, low - (pad if low < 0 else 0.0), high + pad)
        self.ax.set_ylim(*self.limits)


def plot_withdraw_terms(
    breakdown: WithdrawBreakdown, ax: Any = None, title: str | None = None
) -> Any:
    """The three terms of :func:`marginlib.withdraw.withdraw_terms` as bars (USD).

    The binding term (the smallest; several if they tie) is drawn in red, the others in grey;
    a dashed line marks the maximum withdrawable amount, max(0, smallest term); the legend sits
    under the axes. Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    WithdrawTermsPicture(ax if ax is not None else fig.axes[0], breakdown, title)
    return fig


__all__ = ["SIZE", "WithdrawTermsPicture", "plot_withdraw_terms"]
