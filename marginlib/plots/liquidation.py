"""Inside a liquidation: one position's price axis, from healthy to ADL.

Equity and maintenance margin as the mark moves, with the levels of
:func:`marginlib.liquidation.liquidation_levels`: the entry, the liquidation price (equity =
maintenance margin), the bankruptcy price (equity = 0) and the price beyond which the insurance
fund cannot cover the deficit (ADL). :func:`levels_curves` computes what the picture shows;
:class:`LevelsPicture` draws it once and moves its artists for new curves, so a widget keeps one
figure (:class:`marginlib.widgets.FigureView`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ..account import MULTI_ASSETS, Account, evaluate
from ..liquidation import LiquidationLevels
from ..numeric import FloatArray, usd
from . import COLORS, COLUMN_WIDTH, course_figure, legend_below, new_axes, pad_ticks

#: The picture's size (inches): as wide as the column, with room for the outcome over the axes
#: and the legend under them.
SIZE = (COLUMN_WIDTH, 5.6)
#: Colours of the zones beyond the liquidation price.
ZONES = {"liquidation": "#ff7f0e", "fund": COLORS["liquidation"], "adl": "#9467bd"}
#: What each zone means, in the legend.
ZONE_NAMES = {"liquidation": "liquidated: fee and rest to the fund",
              "fund": "the fund pays the deficit", "adl": "ADL: counterparties deleveraged"}
ZONE_ALPHA = 0.13
POINTS = 200
#: Characters of room for the equity axis's tick labels (-12,000,000 for 400 BTC at 1x): a
#: widget's layout is solved once, for its first picture.
TICK_WIDTH = 11


def _range(levels: LiquidationLevels) -> tuple[float, float]:
    """Prices shown: from the entry (and mark) to a little beyond the bankruptcy price, and to
    the ADL price when it is not far beyond."""
    long = levels.size > 0
    near = float(max(levels.entry, levels.mark) if long else min(levels.entry, levels.mark))
    far = float(levels.bankruptcy if levels.bankruptcy is not None else
                levels.liquidation if levels.liquidation is not None else near * 0.5)
    span = abs(near - far) or near * 0.1
    beyond = far - 0.6 * span if long else far + 0.6 * span
    if levels.adl is not None and abs(float(levels.adl) - far) <= 1.5 * span:
        beyond = float(levels.adl) - 0.15 * span if long else float(levels.adl) + 0.15 * span
    low, high = sorted((max(beyond, 0.0), near + (0.1 if long else -0.1) * span))
    return low, high


def _curves(account: Account, symbol: str, prices: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Equity and maintenance margin of the pool (multi-assets: USD; single-asset: the
    symbol's asset) at each price of ``symbol``'s mark."""
    figures = evaluate(account, {symbol: prices}, number=float)
    if account.mode == MULTI_ASSETS:
        equity, margin = figures.total_equity, figures.total_maintenance
    else:
        asset = account.margin_asset(symbol)
        equity, margin = figures.equity[asset], figures.maintenance[asset]
    shape = np.shape(prices)
    return (np.broadcast_to(np.asarray(equity, dtype=float), shape),
            np.broadcast_to(np.asarray(margin, dtype=float), shape))


def _outcome_text(levels: LiquidationLevels) -> str:
    """Two lines: what the exchange does at the trigger, and where ADL strikes."""
    if levels.trigger is None or levels.outcome is None:
        what = "No mark price liquidates this position"
    elif levels.partial_quantity:
        what = (f"At {usd(levels.trigger)}: partial close of "
                f"{levels.partial_quantity.normalize():f}, fee {usd(levels.fee)} {levels.unit}")
    else:
        what = (f"At {usd(levels.trigger)}: full close, {usd(levels.to_fund)} {levels.unit} "
                f"to the insurance fund (fee {usd(levels.fee)} of {usd(levels.fee_due)} due)")
    adl = "never" if levels.adl is None else f"beyond {usd(levels.adl)}"
    return f"{what}\nInsurance fund {usd(levels.fund)} {levels.unit}: ADL {adl}"


@dataclass(frozen=True)
class LevelsCurves:
    """What the levels picture shows, computed: everything drawing needs, nothing to compute.

    ``prices`` run from ``low`` to ``high`` (:func:`_range`: the entry to a little beyond the
    bankruptcy price, or to the ADL price when it is near); ``equity`` and ``maintenance`` are
    the pool's (multi-assets: USD; single-asset: the position's margin asset, ``unit``) at each
    price; ``ylim`` keeps both curves and the insurance fund's floor (at -fund) in view, the
    floor only when it is within twice the top. ``outcome`` is two lines: what the exchange
    does at the trigger and where ADL strikes.
    """

    levels: LiquidationLevels
    prices: FloatArray
    equity: FloatArray
    maintenance: FloatArray
    low: float
    high: float
    ylim: tuple[float, float]
    title: str
    xlabel: str
    ylabel: str
    outcome: str


def levels_curves(account: Account, levels: LiquidationLevels) -> LevelsCurves:
    """The levels picture's data for ``account``'s ``levels.symbol`` position."""
    low, high = _range(levels)
    prices = np.linspace(low, high, POINTS)
    equity, margin = _curves(account, levels.symbol, prices)
    fund = -float(levels.fund)
    top = float(max(np.max(equity), np.max(margin)))
    bottom = float(min(np.min(equity), fund if -fund <= 2 * top else -0.5 * top))
    pad = 0.08 * (top - bottom or 1.0)
    side = "long" if levels.size > 0 else "short"
    unit = "USD" if account.mode == MULTI_ASSETS else levels.unit
    return LevelsCurves(
        levels=levels, prices=prices, equity=equity, maintenance=margin, low=low, high=high,
        ylim=(bottom - pad, top + 3 * pad),
        title=(f"Inside a liquidation: {levels.symbol} {side} "
               f"{abs(levels.size).normalize():f} from {usd(levels.entry)}"),
        xlabel=f"{levels.symbol} mark price ({levels.unit})",
        ylabel=f"Equity, maintenance margin ({unit})",
        outcome=_outcome_text(levels),
    )


class LevelsPicture:
    """The price axis of one position (:func:`plot_liquidation_levels`), drawn once on ``ax``
    and moved in place by :meth:`update`: the position in the figure's title, the outcome at
    the trigger and where ADL strikes over the axes, the legend under them."""

    def __init__(self, ax: Any, curves: LevelsCurves) -> None:
        import matplotlib.patches as patches
        from matplotlib.colors import to_rgb
        from matplotlib.ticker import StrMethodFormatter

        self.ax = ax
        new_axes("", "", "", ax)
        self.equity, = ax.plot([], [], color=COLORS["multi"], lw=2.2)
        self.margin, = ax.plot([], [], color=COLORS["maintenance"], lw=1.6, ls="--")
        self.floor, = ax.plot([], [], color=ZONES["adl"], lw=1.4, ls=":")
        ax.axhline(0.0, color="#444444", lw=0.8)
        transform = ax.get_xaxis_transform()
        self.zones = {
            name: ax.add_patch(patches.Rectangle((0, 0), 0, 1, transform=transform,
                                                 color=color, alpha=ZONE_ALPHA, lw=0))
            for name, color in ZONES.items()
        }
        self.lines: dict[str, Any] = {}
        self.labels: dict[str, Any] = {}
        box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}
        for name, color in (("entry", "#7f7f7f"), ("liquidation", COLORS["liquidation"]),
                            ("bankruptcy", "#7f0000"), ("adl", ZONES["adl"])):
            self.lines[name] = ax.axvline(0.0, color=color, lw=1.3)
            # Along its line, half-way up: labels of close levels do not run into each other.
            self.labels[name] = ax.text(0.0, 0.5, "", transform=transform, color=color,
                                        fontsize=10, rotation=90, ha="center", va="center",
                                        bbox=box)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        pad_ticks(ax.yaxis, TICK_WIDTH)
        # The zones' entries are patches of their own: a zone that is hidden now (no ADL in
        # view) keeps its entry. Edged in their colour: a swatch as pale as its zone is hard
        # to see on a projector.
        handles = [self.equity, self.margin, self.floor,
                   *(patches.Patch(facecolor=(*to_rgb(color), ZONE_ALPHA), edgecolor=color)
                     for color in ZONES.values())]
        names = ["equity", "maintenance margin", "insurance fund used up", *ZONE_NAMES.values()]
        # Under the axes, hiding no data; it never changes (a widget draws it once).
        self.legend = legend_below(ax, handles, names, ncol=2, offset=0.14)
        # The position in the figure's title; the outcome, always two lines, over the axes.
        self.title = ax.figure.suptitle("")
        self.update(curves)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [self.equity, self.margin, self.floor, *self.zones.values(),
                *self.lines.values(), *self.labels.values(), self.ax.title, self.title]

    def _vertical(self, name: str, price: Decimal | None, text: str, low: float,
                  high: float) -> None:
        line, label = self.lines[name], self.labels[name]
        shown = price is not None and low <= float(price) <= high
        line.set_visible(shown)
        label.set_visible(shown)
        if shown and price is not None:
            line.set_xdata([float(price), float(price)])
            label.set_x(float(price))
            label.set_text(f"{text} {usd(price)}")

    def _zone(self, name: str, start: float | None, end: float | None) -> None:
        zone = self.zones[name]
        zone.set_visible(start is not None and end is not None)
        if start is not None and end is not None:
            zone.set_x(min(start, end))
            zone.set_width(abs(end - start))

    def update(self, curves: LevelsCurves) -> None:
        """Move every artist to ``curves``."""
        levels, low, high = curves.levels, curves.low, curves.high
        self.equity.set_data(curves.prices, curves.equity)
        self.margin.set_data(curves.prices, curves.maintenance)
        fund = -float(levels.fund)
        self.floor.set_data([low, high], [fund, fund])
        long = levels.size > 0
        edge = low if long else high
        lp = None if levels.liquidation is None else float(levels.liquidation)
        bp = None if levels.bankruptcy is None else float(levels.bankruptcy)
        adl = None if levels.adl is None else float(levels.adl)
        self._zone("liquidation", lp, bp)
        self._zone("fund", bp, edge if adl is None else adl)
        self._zone("adl", adl, None if adl is None else edge)
        self._vertical("entry", levels.entry, "entry", low, high)
        self._vertical("liquidation", levels.liquidation, "liquidation", low, high)
        self._vertical("bankruptcy", levels.bankruptcy, "bankruptcy", low, high)
        self._vertical("adl", levels.adl, "ADL beyond", low, high)
        # The ADL and bankruptcy lines can be close: their labels go on their outer sides.
        self.labels["adl"].set_horizontalalignment("right" if long else "left")
        self.labels["bankruptcy"].set_horizontalalignment("left" if long else "right")
        self.ax.set_xlim(low, high)
        self.ax.set_ylim(*curves.ylim)
        self.title.set_text(curves.title)
        self.ax.set_title(curves.outcome, fontsize=11)
        self.ax.set_xlabel(curves.xlabel)
        self.ax.set_ylabel(curves.ylabel)


def plot_liquidation_levels(account: Account, levels: LiquidationLevels) -> Any:
    """Equity and maintenance margin over ``levels.symbol``'s mark price, with the entry, the
    liquidation and bankruptcy prices, the insurance fund's floor and where ADL strikes.

    Zones: orange between the liquidation and the bankruptcy price (the exchange liquidates;
    the fee and what is left go to the fund), red beyond (the fund pays the deficit), purple
    past the ADL price (counterparties are deleveraged). Over the axes: what the exchange does
    at the first tick past the liquidation price, and where ADL strikes; the legend sits under
    the axes. As wide as the column (:data:`SIZE`). Returns the figure.
    """
    fig = course_figure(SIZE)
    LevelsPicture(fig.add_subplot(), levels_curves(account, levels))
    return fig


__all__ = ["SIZE", "ZONES", "LevelsCurves", "LevelsPicture", "levels_curves",
           "plot_liquidation_levels"]
