"""Inside a liquidation: one position's price axis, from healthy to ADL.

Equity and maintenance margin as the mark moves, with the levels of
:func:`marginlib.liquidation.liquidation_levels`: the entry, the liquidation price (equity =
maintenance margin), the bankruptcy price (equity = 0) and the price beyond which the insurance
fund cannot cover the deficit (ADL). :class:`LevelsPicture` draws its artists once and moves
them with ``set_data`` / ``set_xdata`` / ``set_text``, so a widget keeps one figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from ..account import MULTI_ASSETS, Account, evaluate
from ..liquidation import LiquidationLevels
from ..numeric import FloatArray, usd
from . import COLORS

#: Wide pictures fill a 934 px notebook column at 100 dpi.
FIGSIZE = (9.5, 4.5)
#: Colours of the zones beyond the liquidation price.
ZONES = {"liquidation": "#ff7f0e", "fund": COLORS["liquidation"], "adl": "#9467bd"}
POINTS = 200


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


class LevelsPicture:
    """The price axis of one position, drawn once on ``ax`` and updated in place."""

    def __init__(self, ax: Any) -> None:
        import matplotlib.patches as patches

        self.ax = ax
        self.equity, = ax.plot([], [], color=COLORS["multi"], lw=2.2, label="equity")
        self.margin, = ax.plot([], [], color=COLORS["maintenance"], lw=1.6, ls="--",
                               label="maintenance margin")
        self.floor, = ax.plot([], [], color=ZONES["adl"], lw=1.4, ls=":",
                              label="insurance fund used up")
        ax.axhline(0.0, color="#444444", lw=0.8)
        transform = ax.get_xaxis_transform()
        self.zones = {
            name: ax.add_patch(patches.Rectangle((0, 0), 0, 1, transform=transform,
                                                 color=color, alpha=0.13, lw=0))
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
        self.outcome = ax.text(0.99, 0.03, "", transform=ax.transAxes, fontsize=10,
                               ha="right", va="bottom",
                               bbox={"boxstyle": "round", "fc": "white", "ec": "#bbbbbb",
                                     "alpha": 0.9})
        self.legend = ax.legend(loc="upper left", fontsize=10)
        from matplotlib.ticker import StrMethodFormatter

        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))

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

    def update(self, account: Account, levels: LiquidationLevels) -> None:
        """Move every artist to ``levels`` (of ``account``'s ``levels.symbol`` position)."""
        low, high = _range(levels)
        prices = np.linspace(low, high, POINTS)
        equity, margin = _curves(account, levels.symbol, prices)
        self.equity.set_data(prices, equity)
        self.margin.set_data(prices, margin)
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
        self.outcome.set_text(_outcome_text(levels))
        # A long loses to the left: the legend goes where the price is safe, the outcome below.
        self.legend.set_loc("upper right" if not long else "upper left")
        self.outcome.set_x(0.01 if not long else 0.99)
        self.outcome.set_horizontalalignment("left" if not long else "right")
        self.ax.set_xlim(low, high)
        top = float(max(np.max(equity), np.max(margin)))
        bottom = float(min(np.min(equity), fund if -fund <= 2 * top else -0.5 * top))
        pad = 0.08 * (top - bottom or 1.0)
        self.ax.set_ylim(bottom - pad, top + 3 * pad)
        side = "long" if long else "short"
        self.ax.set_title(f"Inside a liquidation: {levels.symbol} {side} "
                          f"{abs(levels.size).normalize():f} from {usd(levels.entry)}")
        unit = "USD" if account.mode == MULTI_ASSETS else levels.unit
        self.ax.set_xlabel(f"{levels.symbol} mark price ({levels.unit})")
        self.ax.set_ylabel(f"Equity, maintenance margin ({unit})")


def _outcome_text(levels: LiquidationLevels) -> str:
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


def new_levels_figure() -> tuple[Any, LevelsPicture]:
    """A figure sized for the notebook column, with an empty :class:`LevelsPicture`."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE, dpi=100, layout="constrained")
    ax = fig.add_subplot()
    return fig, LevelsPicture(ax)


def plot_liquidation_levels(account: Account, levels: LiquidationLevels) -> Any:
    """Equity and maintenance margin over ``levels.symbol``'s mark price, with the entry, the
    liquidation and bankruptcy prices, the insurance fund's floor and where ADL strikes.

    Zones: orange between the liquidation and the bankruptcy price (the exchange liquidates;
    the fee and what is left go to the fund), red beyond (the fund pays the deficit), purple
    past the ADL price (counterparties are deleveraged). Returns the figure.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    LevelsPicture(ax).update(account, levels)
    return fig


__all__ = ["FIGSIZE", "LevelsPicture", "new_levels_figure", "plot_liquidation_levels"]
