"""Pictures for "the mode today": the two worlds side by side, tiered maintenance margin, and a
coin held as collateral that falls twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from ..account import Account, evaluate
from ..brackets import BracketTable
from ..collateral import CollateralFall, liquidation_price_with_collateral
from ..numeric import percent, usd
from ..today import WorldComparison, brackets_of, effective_rate
from ..whatif import liquidation_price
from . import COLORS, course_figure, legend_below, new_axes


def plot_worlds(comparison: WorldComparison, ax: Any = None) -> Any:
    """Grouped bars: equity, maintenance margin, initial margin and available (USD) of one
    portfolio in the guide's world (grey) and today's (blue); the margin ratios in the legend.
    Returns the figure."""
    g, t = comparison.guide, comparison.today
    names = ["Equity", "Maintenance\nmargin", "Initial\nmargin", "Available\nfor orders"]
    values = {
        "guide": [g.equity, g.maintenance_margin, g.initial_margin, g.available],
        "today": [t.equity, t.maintenance_margin, t.initial_margin, t.available],
    }
    fig, ax = new_axes("The same portfolio, then and now", "", "Amount (USD)", ax)
    x = np.arange(len(names), dtype=float)
    width = 0.38
    for offset, key, color, label in (
        (-width / 2, "guide", COLORS["guide"],
         f"the guide's world ({comparison.guide_account.registry.as_of}): "
         f"ratio {percent(g.margin_ratio)}"),
        (width / 2, "today", COLORS["multi"],
         f"today's ({comparison.today_account.registry.as_of}): "
         f"ratio {percent(t.margin_ratio)}"),
    ):
        heights = [float(v) for v in values[key]]
        bars = ax.bar(x + offset, heights, width * 0.95, color=color, alpha=0.85, label=label)
        for bar, value in zip(bars, values[key], strict=True):
            ax.annotate(usd(value), (bar.get_x() + bar.get_width() / 2, max(float(value), 0.0)),
                        xytext=(0, 3), textcoords="offset points", ha="center", fontsize=10)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x, names)
    fig.set_size_inches(9.0, 5.2)
    legend_below(ax, ncol=1, offset=0.18)
    return fig


def _tier_edges(table: BracketTable, high: float) -> list[tuple[int, float]]:
    return [(i + 1, float(t.floor)) for i, t in enumerate(table.tiers)
            if 0 < float(t.floor) <= high]


def short_amount(value: float, _position: Any = None) -> str:
    """A log axis's tick label in plain words: 1k, 10k, 100k, 1M, 10M (not 10^3 ... in
    mathematical type, slower to draw and to read)."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _plain_log_ticks(*axes: Any) -> None:
    """Label a log axis's decades in plain words; unlabelled minor ticks at 2 and 5 only.

    Matplotlib's default minor ticks (2, 3, ..., 9 in every decade) add nothing a reader needs
    here and cost a third of the picture's drawing time (a tick object each, measured twice by
    the layout)."""
    from matplotlib import ticker

    for axis in axes:
        axis.set_major_formatter(ticker.FuncFormatter(short_amount))
        axis.set_minor_locator(ticker.LogLocator(subs=(2.0, 5.0)))
        axis.set_minor_formatter(ticker.NullFormatter())


#: The brackets picture's size (inches): two panels, as wide as the column.
BRACKETS_SIZE = (9.5, 4.9)


class BracketsPicture:
    """The two panels of :func:`plot_brackets` on ``figure``, kept so that :meth:`update` can
    move the position's markers in place: the curves (computed once) never change."""

    def __init__(self, figure: Any, symbol: str = "BTCUSDT", high: float = 15e6,
                 flat_rate: Any = "0.008", notional: Any = None, points: int = 600) -> None:
        table = brackets_of(symbol)
        self.table = table
        x = np.geomspace(1e3, high, points)
        mm = np.asarray(table.maintenance_margin(x), dtype=float)
        tier_rate, _ = table.rate_and_amount(x)
        flat = float(Decimal(str(flat_rate)))
        flat_text = f"the guide's flat {percent(Decimal(str(flat_rate)))}"
        left, right = figure.subplots(1, 2)
        self.axes = (left, right)
        new_axes(f"{symbol} maintenance margin", "Notional (USDT, log scale)",
                 "Maintenance margin (USDT, log scale)", left)
        left.loglog(x, mm, color=COLORS["multi"], linewidth=2.5,
                    label="Binance's brackets:\nnotional x rate - cum")
        left.loglog(x, x * flat, color=COLORS["guide"], linestyle="--", label=flat_text)
        new_axes(f"{symbol} maintenance rate", "Notional (USDT, log scale)", "Rate (%)", right)
        right.set_xscale("log")
        right.step(x, np.asarray(tier_rate, dtype=float) * 100, where="post",
                   color=COLORS["single"], label="rate of the tier")
        right.plot(x, np.asarray(effective_rate(mm, x), dtype=float) * 100,
                   color=COLORS["multi"], linewidth=2.5, label="effective rate = MM / notional")
        right.axhline(flat * 100, color=COLORS["guide"], linestyle="--", label=flat_text)
        _plain_log_ticks(left.xaxis, left.yaxis, right.xaxis)
        for ax in (left, right):
            for tier, floor in _tier_edges(table, high):
                ax.axvline(floor, color="black", linestyle=":", linewidth=1, alpha=0.6)
                ax.annotate(f"tier {tier}", (floor, 0.0), xycoords=("data", "axes fraction"),
                            xytext=(3, 4), textcoords="offset points", fontsize=10)
            ax.plot([], [], color="black", linestyle=":", label="tier floors")
        (self.left_mark,) = left.plot([], [], "o", color=COLORS["maintenance"], markersize=9,
                                      zorder=5, label=" ")
        (self.right_mark,) = right.plot([], [], "o", color=COLORS["maintenance"], markersize=9,
                                        zorder=5, label=" ")
        self.legends = (legend_below(left, ncol=1, offset=0.2),
                        legend_below(right, ncol=1, offset=0.2))
        self.update(notional)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [self.left_mark, self.right_mark, *self.legends]

    def update(self, notional: Any = None) -> None:
        """Mark a position of ``notional`` USDT on both panels (None: no position)."""
        shown = notional is not None
        texts = ["no position", "no position"]
        if notional is not None:
            value = Decimal(str(notional))
            margin = self.table.maintenance_margin(value)
            rate = effective_rate(margin, value)
            self.left_mark.set_data([float(value)], [float(margin)])
            self.right_mark.set_data([float(value)], [float(rate) * 100])
            texts = [f"your position: MM {usd(margin)}", f"your position: {percent(rate, 3)}"]
        for mark, legend, text in zip((self.left_mark, self.right_mark), self.legends, texts,
                                      strict=True):
            mark.set_visible(shown)
            legend.get_texts()[-1].set_text(text)


def plot_brackets(symbol: str = "BTCUSDT", high: float = 15e6, flat_rate: Any = "0.008",
                  notional: Any = None, points: int = 600) -> Any:
    """Maintenance margin against notional for ``symbol``'s real brackets, tier floors marked.

    Left: maintenance margin (log-log), Binance's brackets (continuous, a kink at each floor)
    against the guide's flat ``flat_rate``. Right: the rate of the tier (steps) and the effective
    rate MM / notional (smooth). With ``notional`` a position is marked on both. The legends sit
    under the panels. Returns the figure.
    """
    fig = course_figure(BRACKETS_SIZE)
    BracketsPicture(fig, symbol, high, flat_rate, notional, points)
    return fig


def plot_collateral_fall(coin_account: Account, stable_account: Account, low: float,
                         high: float, fall: CollateralFall | None = None,
                         symbol: str = "BTCUSDT", coin: str = "BTC", points: int = 400) -> Any:
    """Equity (USD) against the coin's price for an account holding the coin as collateral and
    one holding USDT of the same margin value, with their maintenance margins and liquidation
    prices (the coin's index price moves with ``symbol``'s mark). With ``fall``
    (:func:`marginlib.collateral.coin_collateral_fall`) the two parts of the coin account's loss
    are drawn as arrows. Returns the figure."""
    x = np.linspace(low, high, points)
    fig, ax = new_axes(f"When {coin} falls, {coin} held as collateral falls twice",
                       f"{coin} price = {symbol} mark (USD)", "Equity, maintenance margin (USD)")
    fig.set_size_inches(9.0, 5.5)
    for account, color, name in ((coin_account, COLORS["BTC"], f"{coin} as collateral"),
                                 (stable_account, COLORS["USDT"], "USDT as collateral")):
        prices = {coin: x} if coin in account.rates else {}
        figures = evaluate(account, {symbol: x}, prices, number=float)
        ax.plot(x, figures.total_equity, color=color, linewidth=2.5, label=f"{name}: equity")
        ax.plot(x, figures.total_maintenance, color=color, linestyle="--", linewidth=1.5,
                label=f"{name}: maintenance margin")
        found = (liquidation_price_with_collateral(account, symbol, coin) if prices
                 else liquidation_price(account, symbol))
        if found is not None and low <= float(found) <= high:
            ax.axvline(float(found), color=color, linestyle=":", linewidth=1.5,
                       label=f"{name}: liquidated at {usd(found)}")
    if fall is not None:
        start, end = float(fall.price_before), float(fall.price_after)
        before = float(fall.before.equity)
        middle = before + float(fall.as_position)
        ax.annotate("", (end, middle), (end, before),
                    arrowprops={"arrowstyle": "->", "color": COLORS["maintenance"], "lw": 2})
        ax.annotate("", (end, middle + float(fall.as_collateral)), (end, middle),
                    arrowprops={"arrowstyle": "->", "color": COLORS["BTC"], "lw": 2})
        ax.plot([start, end], [before, before], color="black", linewidth=0.8)
        ax.plot([], [], color=COLORS["maintenance"],
                label=f"as position: {usd(fall.as_position)}")
        ax.plot([], [], color=COLORS["BTC"], label=f"as collateral: {usd(fall.as_collateral)}")
    ax.axhline(0.0, color="black", linewidth=0.8)
    legend_below(ax, ncol=2, offset=0.14)
    return fig


__all__ = ["BRACKETS_SIZE", "BracketsPicture", "plot_brackets", "plot_collateral_fall",
           "plot_worlds"]
