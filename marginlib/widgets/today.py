"""Try it: grow a BTCUSDT position through Binance's brackets and watch its maintenance margin,
its tier and the maximum leverage that tier allows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..errors import MarginError
from ..numeric import percent, usd
from ..plots.today import BRACKETS_SIZE, BracketsPicture
from ..positions import Position
from ..today import TierView, tier_view
from . import CourseWidget, FigureView, int_slider, slider_decimal, tag

#: BTC's mark price in the widget (a round October 2024 figure): tier floors fall on round sizes
#: (50,000 USDT = 0.8333 BTC, 600,000 = 10 BTC, 3,000,000 = 50 BTC, 12,000,000 = 200 BTC).
MARK = Decimal(60000)

#: The size slider's stops, in BTC: by 0.5 up to 10, by 1 up to 50, by 5 up to 250, so that
#: every tier (floors at 0.83, 10, 50 and 200 BTC) gets its share of the slider.
SIZES = (tuple(i / 2 for i in range(1, 21)) + tuple(float(i) for i in range(11, 51))
         + tuple(float(i) for i in range(55, 251, 5)))
SIZE_RANGE, SIZE_STEP = (SIZES[0], SIZES[-1]), 0.5


class TierWidget(CourseWidget):
    """A long position in ``symbol`` at ``mark``: its size and leverage, and what its tier asks.

    Controls: ``size`` (BTC, ml-tier-size), ``leverage`` (ml-tier-leverage). Labels:
    ``notional_label`` (ml-tier-notional), ``tier_label`` (ml-tier-tier: the bracket, its rate and
    cum), ``maintenance_label`` (ml-tier-maintenance), ``max_leverage_label``
    (ml-tier-max-leverage), ``initial_label`` (ml-tier-initial: initial margin, or why the
    leverage is refused), ``error_label`` (ml-error); the picture is in ``output``
    (ml-tier-plot). ``view`` is the current :class:`marginlib.today.TierView` and ``position``
    the position (None when refused).
    """

    def __init__(self, symbol: str = "BTCUSDT", mark: Any = MARK, size: float = 5.0,
                 leverage: int = 20, plot: bool = True) -> None:
        self.symbol = symbol
        self.mark = Decimal(str(mark))
        self.plot = plot
        self.view: TierView | None = None
        self.position: Position | None = None
        self.size = widgets.SelectionSlider(
            options=[(f"{v:g}", v) for v in SIZES], value=float(size),
            description=f"{symbol} size (BTC)", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        self.leverage = int_slider("Leverage (x)", leverage, 1, 125)
        self.notional_label = widgets.Label()
        self.tier_label = widgets.Label()
        self.maintenance_label = widgets.Label()
        self.max_leverage_label = widgets.Label()
        self.initial_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, BRACKETS_SIZE, self._first_picture, "<brackets>")
                     if plot else None)
        tag((
            (self.size, "ml-tier-size"), (self.leverage, "ml-tier-leverage"),
            (self.notional_label, "ml-tier-notional"), (self.tier_label, "ml-tier-tier"),
            (self.maintenance_label, "ml-tier-maintenance"),
            (self.max_leverage_label, "ml-tier-max-leverage"),
            (self.initial_label, "ml-tier-initial"),
            (self.error_label, "ml-error"), (self.output, "ml-tier-plot"),
        ))
        results = widgets.VBox([*self.result_labels, self.error_label])
        self.assemble([widgets.HBox([widgets.VBox([self.size, self.leverage]), results]),
                          self.output], "ml-tier-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.size, self.leverage)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.notional_label, self.tier_label, self.maintenance_label,
                self.max_leverage_label, self.initial_label)

    def update(self) -> None:
        """Recompute the labels (and the picture) for the sliders' size and leverage."""
        size = slider_decimal(self.size.value)
        try:
            view = tier_view(self.symbol, size * self.mark)
        except MarginError as error:
            self.view = self.position = None
            self.refuse("compute", error)
            return
        self.view = view
        self.notional_label.value = (f"Notional: {size.normalize():f} BTC x {usd(self.mark)} = "
                               f"{usd(view.notional)} USDT")
        self.tier_label.value = (f"Tier {view.tier}: [{usd(view.floor)}, {usd(view.cap)}), rate "
                           f"{percent(view.rate)}, cum {usd(view.cum)}")
        self.maintenance_label.value = (f"Maintenance margin: {usd(view.maintenance_margin)} USDT "
                                  f"(effective rate {percent(view.effective_rate, 3)})")
        self.max_leverage_label.value = f"Maximum leverage in this tier: {view.max_leverage}x"
        try:
            self.position = Position(self.symbol, size, self.mark, self.mark,
                                     Decimal(self.leverage.value))
        except MarginError as error:
            self.position = None
            self.initial_label.value = f"{self.leverage.value}x refused"
            self.error_label.value = f"Refused: {error}"
        else:
            self.initial_label.value = (f"Initial margin at {self.leverage.value}x: "
                                  f"{usd(self.position.initial_margin)} USDT")
            self.error_label.value = ""
        if self.picture is not None:
            self.picture.show(view.notional)

    def _first_picture(self, figure: Any, notional: Decimal) -> BracketsPicture:
        """The brackets, drawn once (300 points a curve); the position's markers move."""
        return BracketsPicture(figure, self.symbol, notional=notional, points=300)


def tier_widget(symbol: str = "BTCUSDT", plot: bool = True) -> TierWidget:
    """Grow a position in ``symbol`` (BTCUSDT by default) through its brackets."""
    return TierWidget(symbol, plot=plot)


__all__ = ["MARK", "SIZES", "SIZE_STEP", "TierWidget", "tier_widget"]
