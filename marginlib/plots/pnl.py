"""Pictures for unrealized PnL: the margin ratio as one mark price moves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from ..account import Account
from ..errors import InvalidInput
from ..numeric import percent, usd
from ..summary import summarize
from ..whatif import liquidation_price, margin_ratio_at
from . import COLORS, new_axes


def plot_ratio_vs_price(
    account: Account,
    symbol: str,
    prices: Any,
    ax: Any = None,
    mark_current: bool = True,
    label: str = "now",
    ymax: float = 200.0,
) -> Any:
    """Margin ratio (%) of ``account`` against ``symbol``'s mark price, everything else fixed.

    Draws the ratio over ``prices`` (computed by :func:`marginlib.margin_ratio_at` on the float
    array), the 100% liquidation line and, with ``mark_current``, the account's present point
    (named ``label``) and the liquidation price (:func:`marginlib.liquidation_price`).
    Ratios above ``ymax`` percent (and the infinite ratio of a non-positive equity) are cut off
    at the top of the axes. Returns the figure.
    """
    position = next((p for p in account.positions if p.symbol == symbol), None)
    if position is None:
        raise InvalidInput("symbol", f"no position in {symbol}")
    quote = account.margin_asset(symbol)
    x = np.asarray(prices, dtype=float)
    ratio = margin_ratio_at(account, {symbol: x}) * 100.0
    shown = np.where(np.isfinite(ratio), np.minimum(ratio, ymax * 1.05), ymax * 1.05)
    fig, ax = new_axes(
        f"Margin ratio against the {symbol} mark price",
        f"{symbol} mark price ({quote})",
        "Margin ratio (%)",
        ax,
    )
    ax.axhspan(100.0, ymax, color=COLORS["liquidation"], alpha=0.08)
    ax.plot(x, shown, color=COLORS["multi"], linewidth=2, label="margin ratio")
    ax.axhline(100.0, color=COLORS["liquidation"], linestyle="--", linewidth=1.5,
               label="100%: liquidation")
    if mark_current:
        summary = summarize(account)
        now = float(summary.margin_ratio * 100) if summary.margin_ratio.is_finite() else ymax
        ax.plot([float(position.mark_price)], [min(now, ymax)], "o", markersize=9,
                color=COLORS["free"], zorder=5,
                label=f"{label}: {percent(summary.margin_ratio)} at {usd(position.mark_price)}")
        liquidation = liquidation_price(account, symbol)
        if liquidation is not None and x.min() <= float(liquidation) <= x.max():
            ax.axvline(float(liquidation), color=COLORS["maintenance"], linewidth=1,
                       label=f"liquidation price {usd(Decimal(liquidation))}")
    ax.set_xlim(float(x.min()), float(x.max()))
    ax.set_ylim(0.0, ymax)
    ax.legend(loc="upper right", fontsize=10)
    return fig


__all__ = ["plot_ratio_vs_price"]
