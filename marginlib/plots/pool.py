"""Pictures of the unified margin pool: every asset's equity, valued in USD, stacked into one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..numeric import usd
from ..summary import summarize
from . import COLORS, new_axes


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


def plot_pool(account: Account, ax: Any = None, face_value: bool = True,
              title: str | None = None) -> Any:
    """The pool as stacked bars: each asset's USD value stacked into the account equity.

    The first bar stacks every asset's equity valued in USD (:func:`pool_segments`), so its
    height is the account equity (Scenario 1: 196.02 + 220 = 416.02). With ``face_value`` a
    second bar stacks the same amounts counted one for one (200 + 220 = 420), to show what the
    rates take off. Negative equities are stacked below zero. Returns the figure.
    """
    fig, ax = new_axes(
        title or "The margin pool: every asset in one USD balance",
        "What is counted",
        "Amount (USD)",
        ax,
    )
    bars = [("pool: USD value\n(buy / sell rates)", pool_segments(account))]
    if face_value:
        bars.append(("face value\n(1 unit = 1 USD)", pool_segments(account, face_value=True)))
    for x, (_name, segments) in enumerate(bars):
        up = 0.0
        down = 0.0
        for asset, amount in segments.items():
            height = float(amount)
            bottom = up if height >= 0 else down
            alpha = 0.9 if x == 0 else 0.45
            ax.bar(x, height, bottom=bottom, width=0.55, color=COLORS.get(asset, "#999999"),
                         alpha=alpha, edgecolor="white", label=asset if x == 0 else None)
            if abs(height) > 0:
                ax.text(x, bottom + height / 2, f"{asset}\n{usd(amount)}", ha="center",
                        va="center", fontsize=10)
            if height >= 0:
                up += height
            else:
                down += height
        total = sum(segments.values(), start=Decimal(0))
        ax.annotate(f"{usd(total)} USD", (x, max(up, 0.0)), xytext=(0, 5),
                    textcoords="offset points", ha="center", fontsize=12, fontweight="bold")
    ax.set_xticks(range(len(bars)), [name for name, _ in bars])
    ax.axhline(0.0, color="black", linewidth=0.8)
    top = max(float(sum((v for v in s.values() if v > 0), start=Decimal(0))) for _, s in bars)
    bottom = min(float(sum((v for v in s.values() if v < 0), start=Decimal(0))) for _, s in bars)
    ax.set_ylim(min(bottom * 1.15, 0.0), max(top * 1.15, 1.0))
    ax.set_xlim(-0.6, len(bars) - 0.4)
    ax.legend(title="asset", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    return fig


__all__ = ["plot_pool", "pool_segments"]
