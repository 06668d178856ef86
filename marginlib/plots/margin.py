"""Pictures of margin: the account equity split into maintenance, the rest of initial, and free."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..numeric import ZERO, percent, usd
from ..summary import AccountSummary
from . import COLORS, legend_below, new_axes, set_legend_texts, steady_limits


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


class MarginSplitPicture:
    """The equity bar of :func:`plot_margin_split` on ``ax``, kept so that :meth:`update` can
    move its parts in place (a widget's redraw changes artists, never builds a figure)."""

    def __init__(self, ax: Any, summary: AccountSummary, title: str | None = None) -> None:
        self.ax = ax
        self.title = title
        new_axes(title or "", "Amount (USD)", "Account", ax)
        self.bars = [ax.barh(0, 0.0, left=0.0, height=0.5, color=color, alpha=0.85,
                             edgecolor="white", label=" ")[0]
                     for color in (COLORS["maintenance"], COLORS["initial"], COLORS["free"])]
        self.texts = [ax.text(0.0, 0.0, "", ha="center", va="center", fontsize=11)
                      for _ in self.bars]
        self.equity_line = ax.axvline(0.0, color="black", linestyle="--", linewidth=1.5,
                                      label=" ")
        ax.set_yticks([0], ["equity"])
        ax.set_ylim(-0.5, 0.5)
        ax.grid(axis="y", visible=False)
        # The three parts first, then the equity line; under the bar, hiding nothing.
        self.legend = legend_below(ax, [*self.bars, self.equity_line], [" "] * 4, ncol=2,
                                   offset=0.35)
        self.limits: tuple[float, float] | None = None
        self.update(summary)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [*self.bars, *self.texts, self.equity_line, self.legend, self.ax.title]

    def update(self, summary: AccountSummary) -> None:
        """Show ``summary``'s split: bar widths, their values, the equity line, the legend."""
        split = margin_split(summary)
        labels = [
            f"maintenance margin {usd(split.maintenance)} (ratio {percent(summary.margin_ratio)})",
            f"rest of initial margin (IM − MM) {usd(split.rest_of_initial)}",
            f"free: available for new orders {usd(split.free)}",
            f"account equity {usd(split.equity)}"
            + (f" (short by {usd(split.shortfall)})" if split.shortfall > 0 else ""),
        ]
        left = 0.0
        for bar, text, value in zip(self.bars, self.texts,
                                    (split.maintenance, split.rest_of_initial, split.free),
                                    strict=True):
            width = float(value)
            bar.set_x(left)
            bar.set_width(width)
            text.set_position((left + width / 2, 0.0))
            text.set_text(usd(value))
            text.set_visible(width > 0)
            left += width
        equity = float(split.equity)
        self.equity_line.set_xdata([equity, equity])
        set_legend_texts(self.legend, labels)
        right = max(left, equity, 0.0)
        self.limits = steady_limits(self.limits, min(equity, 0.0) * 1.05,
                                    right * 1.05 if right > 0 else 1.0)
        self.ax.set_xlim(*self.limits)
        self.ax.set_title(self.title or f"Where the equity goes: {usd(split.equity)} USD")


#: The equity bar's size (inches): a wide, short picture.
SIZE = (9.0, 3.3)


def plot_margin_split(summary: AccountSummary, ax: Any = None, title: str | None = None) -> Any:
    """The equity as one horizontal stacked bar: maintenance | rest of initial | free (USD).

    The parts come from :func:`margin_split`. A dashed line marks the equity; when initial
    margin exceeds the equity (available < 0) the bar runs past that line and no part is free.
    The legend, under the bar, gives each part's value and the margin ratio. Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    MarginSplitPicture(ax if ax is not None else fig.axes[0], summary, title)
    return fig


__all__ = ["SIZE", "MarginSplit", "MarginSplitPicture", "margin_split", "plot_margin_split"]
