"""Pictures for the maximum withdrawable amount: its three terms, and which one binds."""

from __future__ import annotations

from typing import Any

from ..numeric import usd
from ..withdraw import TERM_NAMES, WithdrawBreakdown
from . import COLORS, new_axes


def plot_withdraw_terms(
    breakdown: WithdrawBreakdown, ax: Any = None, title: str | None = None
) -> Any:
    """The three terms of :func:`marginlib.withdraw.withdraw_terms` as bars (USD).

    The binding term (the smallest; several if they tie) is drawn in red, the others in grey;
    a dashed line marks the maximum withdrawable amount, max(0, smallest term).
    Returns the figure.
    """
    own_figure = ax is None
    fig, ax = new_axes(
        title or "Maximum withdrawable: the three terms",
        "Term of the formula",
        "Amount (USD)",
        ax,
    )
    if own_figure:
        fig.set_size_inches(8.0, 5.0)  # room for the legend below the axes
    values = [float(t) for t in breakdown.terms]
    names = [f"{i + 1}: {name}" for i, name in enumerate(TERM_NAMES)]
    colors = [COLORS["maintenance"] if i in breakdown.binding else COLORS["guide"]
              for i in range(len(values))]
    bars = ax.bar(names, values, color=colors, alpha=0.85, width=0.6)
    for bar, term in zip(bars, breakdown.terms, strict=True):
        height = bar.get_height()
        ax.annotate(usd(term), (bar.get_x() + bar.get_width() / 2, height),
                    xytext=(0, 4 if height >= 0 else -14), textcoords="offset points",
                    ha="center", fontsize=11)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.axhline(float(breakdown.maximum), color=COLORS["free"], linestyle="--", linewidth=2)
    # Legend entries for the colours (proxy artists) and the dashed maximum.
    ax.bar([names[0]], [0.0], color=COLORS["maintenance"], label="binding term (smallest)")
    ax.bar([names[0]], [0.0], color=COLORS["guide"], label="other terms")
    ax.plot([], [], "--", color=COLORS["free"], linewidth=2,
            label=f"max withdrawable = {usd(breakdown.maximum)} USD")
    low = min(0.0, *values)
    high = max(0.0, *values)
    pad = (high - low) * 0.15 or 1.0
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + pad)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=10,
              frameon=False)
    return fig


__all__ = ["plot_withdraw_terms"]
