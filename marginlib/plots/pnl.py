"""Pictures for unrealized PnL: the margin ratio as one mark price moves."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ..account import SINGLE_ASSET, Account, evaluate, margin_ratio
from ..numeric import FloatArray, percent, usd
from ..summary import summarize
from ..whatif import liquidation_price, margin_ratio_at
from . import COLORS, legend_below, new_axes, set_legend_texts

#: The picture's size (inches).
SIZE = (9.0, 4.6)


@dataclass(frozen=True)
class RatioCurve:
    """What the ratio picture shows, computed: everything drawing needs, nothing to compute.

    ``ratio`` is the margin ratio (percent) over ``prices``, cut just above ``ymax`` (the
    infinite ratio of a non-positive equity too); ``now`` the present ratio (percent, cut at
    ``ymax``) at ``mark``. ``crossing`` is where the curve reaches 100% (None when it does not
    inside the drawn prices), ``past`` whether the present ratio is already at or over 100%.
    In single-asset mode the curve is the ratio of ``pool``, the position's own margin asset.
    """

    symbol: str
    pool: str | None
    title: str
    xlabel: str
    prices: FloatArray
    ratio: FloatArray
    mark: float
    now: float
    now_label: str
    crossing: float | None
    past: bool
    crossing_label: str


def _crossing(account: Account, symbol: str, prices: FloatArray, ratio: FloatArray,
              past: bool) -> Decimal | None:
    """The mark price of ``symbol`` at which ``account``'s ratio reaches 100%
    (:func:`marginlib.liquidation_price`), inside ``prices``; when the ratio is already past
    100%, searched from the end of ``prices`` where the ratio is below 100% (so it is the point
    the curve crosses, not the present mark)."""
    found: Decimal | None
    if not past:
        found = liquidation_price(account, symbol)
    else:
        safe = [i for i in (len(prices) - 1, 0) if ratio[i] < 100.0]
        if not safe:
            return None
        found = liquidation_price(account.with_marks({symbol: prices[safe[0]]}), symbol)
    if found is None or not prices[0] <= float(found) <= prices[-1]:
        return None
    return found


def ratio_curve(account: Account, symbol: str, prices: Any, ymax: float = 200.0,
                label: str = "now") -> RatioCurve:
    """The ratio picture's data for ``account`` against ``symbol``'s mark price.

    Multi-assets mode: the account's margin ratio (:func:`marginlib.margin_ratio_at`).
    Single-asset mode: the ratio of the position's own pool (its margin asset: that pool's
    maintenance margin over its equity, :func:`marginlib.account.margin_ratio`), which is what
    liquidates the position. The crossing of 100% is :func:`marginlib.liquidation_price` of the
    same account (which, in single-asset mode, answers by the position's own pool)."""
    position = account.position(symbol)
    quote = account.margin_asset(symbol)
    x = np.asarray(prices, dtype=float)
    pool = quote if account.mode == SINGLE_ASSET else None
    if pool is None:
        whole = margin_ratio_at(account, {symbol: x}) * 100.0
        ratio_now = summarize(account).margin_ratio
    else:
        figures = evaluate(account, {symbol: x}, number=float)
        whole = np.asarray(margin_ratio(figures.maintenance[pool], figures.equity[pool]),
                           dtype=float) * 100.0
        ratio_now = summarize(account).asset(pool).margin_ratio
    shown = np.where(np.isfinite(whole), np.minimum(whole, ymax * 1.05), ymax * 1.05)
    past = not ratio_now < 1
    now = float(ratio_now * 100) if ratio_now.is_finite() else ymax
    crossing = _crossing(account, symbol, x, shown, past)
    where = f"{pool} pool " if pool else ""
    if crossing is None:
        crossing_text = f"{where}liquidation: " + ("already past 100%" if past
                                                    else "not in this price range")
    elif past:
        crossing_text = f"{where}already past 100% (crossed at {usd(crossing)})"
    else:
        crossing_text = f"{where}liquidation price {usd(crossing)}"
    return RatioCurve(
        symbol=symbol, pool=pool,
        title=f"Margin ratio against the {symbol} mark price"
              + (f" ({pool} pool, single-asset mode)" if pool else ""),
        xlabel=f"{symbol} mark price ({quote})", prices=x, ratio=shown,
        mark=float(position.mark_price), now=min(now, ymax),
        now_label=f"{label}: {percent(ratio_now)} at {usd(position.mark_price)}",
        crossing=None if crossing is None else float(crossing), past=past,
        crossing_label=crossing_text,
    )


class RatioCurvePicture:
    """The picture of :func:`plot_ratio_vs_price` on ``ax``, kept so that :meth:`update` can
    move the curve, the present point and the liquidation line in place. ``update(None)``
    shows that there is no position to draw against."""

    def __init__(self, ax: Any, curve: RatioCurve | None, ymax: float = 200.0) -> None:
        self.ax = ax
        self.ymax = ymax
        new_axes("", "", "Margin ratio (%)", ax)
        ax.axhspan(100.0, ymax, color=COLORS["liquidation"], alpha=0.08)
        (self.curve,) = ax.plot([], [], color=COLORS["multi"], linewidth=2, label="margin ratio")
        self.limit = ax.axhline(100.0, color=COLORS["liquidation"], linestyle="--",
                                linewidth=1.5, label="100%: liquidation")
        (self.point,) = ax.plot([], [], "o", markersize=9, color=COLORS["free"], zorder=5,
                                label=" ")
        self.crossing = ax.axvline(0.0, color=COLORS["maintenance"], linewidth=1.5, label=" ")
        self.empty = ax.text(0.5, 0.5, "No open position: set a size to draw the margin ratio",
                             ha="center", va="center", transform=ax.transAxes, fontsize=13,
                             visible=False)
        ax.set_ylim(0.0, ymax)
        self.legend = legend_below(ax, ncol=2, offset=0.2)
        self.update(curve)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [self.curve, self.point, self.crossing, self.limit, self.empty, self.legend,
                self.ax.title]

    def update(self, curve: RatioCurve | None) -> None:
        """Show ``curve`` (or, with None, the empty picture)."""
        drawn = curve is not None
        for artist in (self.curve, self.point, self.limit, self.legend):
            artist.set_visible(drawn)
        self.empty.set_visible(not drawn)
        if curve is None:
            self.crossing.set_visible(False)
            self.ax.set_title("Margin ratio against a mark price")
            self.ax.set_xlabel("Mark price")
            return
        self.curve.set_data(curve.prices, curve.ratio)
        self.point.set_data([curve.mark], [curve.now])
        self.crossing.set_visible(curve.crossing is not None)
        if curve.crossing is not None:
            self.crossing.set_xdata([curve.crossing, curve.crossing])
        set_legend_texts(self.legend, ["margin ratio", "100%: liquidation", curve.now_label,
                                       curve.crossing_label])
        self.ax.set_title(curve.title)
        self.ax.set_xlabel(curve.xlabel)
        self.ax.set_xlim(float(curve.prices[0]), float(curve.prices[-1]))


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

    Draws :func:`ratio_curve` over ``prices`` (the account's ratio; in single-asset mode the
    ratio of the position's own pool), the 100% liquidation line and, with ``mark_current``,
    the account's present point (named ``label``) and the liquidation price, where the curve
    crosses 100% (:func:`marginlib.liquidation_price`). Ratios above ``ymax`` percent (and the
    infinite ratio of a non-positive equity) are cut off at the top of the axes; the legend
    sits under the axes. Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    picture = RatioCurvePicture(ax if ax is not None else fig.axes[0],
                                ratio_curve(account, symbol, prices, ymax, label), ymax)
    if not mark_current:
        picture.point.remove()
        picture.crossing.remove()
        picture.legend.remove()
        legend_below(picture.ax, ncol=2, offset=0.2)
    return fig


__all__ = ["SIZE", "RatioCurve", "RatioCurvePicture", "plot_ratio_vs_price",
           "ratio_curve"]
