"""Pictures of margin: the account equity split into maintenance, the rest of initial, and free."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..numeric import ZERO, percent, usd
from ..summary import AccountSummary
from . import COLORS, new_axes


@dataclass(frozen=True)
class MarginSplit:
    """The three parts of the equity bar, in USD.

    ``maintenance`` = account maintenance margin; ``rest_of_initial`` = initial margin -
    maintenance margin (what the opening margin holds above the liquidation level); ``free`` =
    available for new orders = equity - initial margin, or 0 when that is negative (then
    ``shortfall`` = initial margin - equity > 0). With available >= 0 the three sum to the
    equity (Scenario 2: 199.596 + 139.899 + 76.525 = 416.02).
    """

    equity: Decimal
    maintenance: Decimal
    rest_of_initial: Decimal
    free: Decimal
    shortfall: Decimal


def margin_split(summary: AccountSummary) -> MarginSplit:
    """Split ``summary``'s equity into maintenance, rest of initial (IM - MM) and free."""
    return MarginSplit(
        equity=summary.equity,
        maintenance=summary.maintenance_margin,
        rest_of_initial=max(summary.initial_margin - summary.maintenance_margin, ZERO),
        free=max(summary.available, ZERO),
        shortfall=max(-summary.available, ZERO),
    )


def plot_margin_split(summary: AccountSummary, ax: Any = None, title: str | None = None) -> Any:
    """The equity as one horizontal stacked bar: maintenance | rest of initial | free (USD).

    The parts come from :func:`margin_split`. A dashed line marks the equity; when initial
    margin exceeds the equity (available < 0) the bar runs past that line and no part is free.
    The legend gives each part's value and the margin ratio. Returns the figure.
    """
    split = margin_split(summary)
    own_figure = ax is None
    fig, ax = new_axes(
        title or f"Where the equity goes: {usd(split.equity)} USD",
        "Amount (USD)",
        "Account",
        ax,
    )
    if own_figure:
        fig.set_size_inches(8.0, 3.4)
    parts = [
        (split.maintenance, COLORS["maintenance"],
         f"maintenance margin {usd(split.maintenance)} (ratio {percent(summary.margin_ratio)})"),
        (split.rest_of_initial, COLORS["initial"],
         f"rest of initial margin (IM − MM) {usd(split.rest_of_initial)}"),
        (split.free, COLORS["free"], f"free: available for new orders {usd(split.free)}"),
    ]
    left = 0.0
    for value, color, label in parts:
        width = float(value)
        ax.barh(0, width, left=left, height=0.5, color=color, alpha=0.85, edgecolor="white",
                label=label)
        if width > 0:
            ax.text(left + width / 2, 0, usd(value), ha="center", va="center", fontsize=11)
        left += width
    equity = float(split.equity)
    ax.axvline(equity, color="black", linestyle="--", linewidth=1.5,
               label=f"account equity {usd(split.equity)}"
               + (f" (short by {usd(split.shortfall)})" if split.shortfall > 0 else ""))
    ax.set_yticks([0], ["equity"])
    ax.set_ylim(-0.5, 0.5)
    ax.grid(axis="y", visible=False)
    right = max(left, equity, 0.0)
    ax.set_xlim(min(equity, 0.0) * 1.05, right * 1.05 if right > 0 else 1.0)
    handles, labels = ax.get_legend_handles_labels()
    order = [*range(1, len(handles)), 0]  # the three parts first, then the equity line
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper center",
              bbox_to_anchor=(0.5, -0.35), ncol=2, fontsize=9, frameon=False)
    return fig


__all__ = ["MarginSplit", "margin_split", "plot_margin_split"]
