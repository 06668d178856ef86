"""Pictures of the unified margin pool: every asset's equity, valued in USD, stacked into one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..numeric import usd
from ..summary import summarize
from . import COLORS, legend_right, new_axes, pad_ticks, steady_limits


def pool_segments(account: Account, face_value: bool = False) -> dict[str, Decimal]:
    """Each asset's share of the pool: its equity (wallet + unrealized PnL) in USD.

    The USD value is :meth:`marginlib.AssetRate.value` (buy rate if the equity is positive,
    sell rate if negative); with ``face_value`` the equity is counted 1:1 instead, as if every
    stablecoin were worth exactly one dollar. The values sum to the account equity (USD value)
    or to the plain sum of the assets' equities (face value).
    """
    summary = summarize(account)
    segments = {}
    for row in summary.assets:
        amount = row.margin_balance
        segments[row.asset] = amount if face_value else account.rates[row.asset].value(amount)
    return segments


#: The pool picture's size (inches).
SIZE = (8.0, 4.6)

_BARS = ("pool: USD value\n(buy / sell rates)", "face value\n(1 unit = 1 USD)")


class PoolPicture:
    """The stacked bars of :func:`plot_pool` on ``ax``, kept so that :meth:`update` can restack
    them in place for another account with the same assets."""

    def __init__(self, ax: Any, account: Account, face_value: bool = True,
                 title: str | None = None) -> None:
        self.ax = ax
        new_axes(title or "The margin pool: every asset in one USD balance", "What is counted",
                 "Amount (USD)", ax)
        self.count = 2 if face_value else 1
        self.assets = account.assets
        # One rectangle and one text per asset and bar, one total per bar.
        self.patches: list[list[Any]] = []
        self.texts: list[list[Any]] = []
        for x in range(self.count):
            alpha = 0.9 if x == 0 else 0.45
            self.patches.append([
                ax.bar(x, 0.0, width=0.55, color=COLORS.get(asset, "#999999"), alpha=alpha,
                       edgecolor="white", label=asset if x == 0 else None)[0]
                for asset in self.assets])
            self.texts.append([ax.text(x, 0.0, "", ha="center", va="center", fontsize=11)
                               for _ in self.assets])
        self.totals = [ax.annotate("", (x, 0.0), xytext=(0, 5), textcoords="offset points",
                                   ha="center", fontsize=12, fontweight="bold")
                       for x in range(self.count)]
        ax.set_xticks(range(self.count), list(_BARS[: self.count]))
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xlim(-0.6, self.count - 0.4)
        pad_ticks(ax.yaxis)
        legend_right(ax, title="asset")
        self.limits: tuple[float, float] | None = None
        self.update(account)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [*(p for row in self.patches for p in row), *(t for row in self.texts for t in row),
                *self.totals]

    def update(self, account: Account) -> None:
        """Restack the bars for ``account`` (same assets as the first drawing)."""
        bars = [pool_segments(account)]
        if self.count == 2:
            bars.append(pool_segments(account, face_value=True))
        for x, segments in enumerate(bars):
            up = down = 0.0
            for patch, text, asset in zip(self.patches[x], self.texts[x], self.assets,
                                          strict=True):
                amount = segments[asset]
                height = float(amount)
                bottom = up if height >= 0 else down
                patch.set_y(bottom)
                patch.set_height(height)
                text.set_position((x, bottom + height / 2))
                text.set_text(f"{asset}\n{usd(amount)}")
                text.set_visible(abs(height) > 0)
                if height >= 0:
                    up += height
                else:
                    down += height
            total = sum(segments.values(), start=Decimal(0))
            self.totals[x].xy = (x, max(up, 0.0))
            self.totals[x].set_text(f"{usd(total)} USD")
        top = max(float(sum((v for v in s.values() if v > 0), start=Decimal(0))) for s in bars)
        bottom = min(float(sum((v for v in s.values() if v < 0), start=Decimal(0)))
                     for s in bars)
        self.limits = steady_limits(self.limits, min(bottom * 1.15, 0.0), max(top * 1.15, 1.0))
        self.ax.set_ylim(*self.limits)


def plot_pool(account: Account, ax: Any = None, face_value: bool = True,
              title: str | None = None) -> Any:
    """The pool as stacked bars: each asset's USD value stacked into the account equity.

    The first bar stacks every asset's equity valued in USD (:func:`pool_segments`), so its
    height is the account equity (Scenario 1: 196.02 + 220 = 416.02). With ``face_value`` a
    second bar stacks the same amounts counted one for one (200 + 220 = 420), to show what the
    rates take off. Negative equities are stacked below zero. Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    PoolPicture(ax if ax is not None else fig.axes[0], account, face_value, title)
    return fig


__all__ = ["SIZE", "PoolPicture", "plot_pool", "pool_segments"]
