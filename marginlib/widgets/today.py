"""Try it: grow a BTCUSDT position through Binance's brackets and watch its maintenance margin,
its tier and the maximum leverage that tier allows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..errors import MarginError
from ..numeric import percent, usd
from ..positions import Position
from ..today import TierView, tier_view
from . import int_slider, number_slider, redraw, show_error, slider_decimal, tag

#: BTC's mark price in the widget (a round October 2024 figure): tier floors fall on round sizes
#: (50,000 USDT = 0.8333 BTC, 600,000 = 10 BTC, 3,000,000 = 50 BTC, 12,000,000 = 200 BTC).
MARK = Decimal(60000)

#: The size slider, in BTC.
SIZE_RANGE, SIZE_STEP = (0.5, 250.0), 0.5


class TierWidget(widgets.VBox):  # type: ignore[misc]
    """A long position in ``symbol`` at ``mark``: its size and leverage, and what its tier asks.

    Controls: ``size`` (BTC, ml-tier-size), ``leverage`` (ml-tier-leverage). Labels: ``notional``
    (ml-tier-notional), ``tier`` (ml-tier-tier: the bracket, its rate and cum),
    ``maintenance`` (ml-tier-maintenance), ``max_leverage`` (ml-tier-max-leverage),
    ``initial`` (ml-tier-initial: initial margin, or why the leverage is refused), ``error``
    (ml-error); the picture is in ``output`` (ml-tier-plot). ``view`` is the current
    :class:`marginlib.today.TierView` and ``position`` the position (None when refused).
    """

    def __init__(self, symbol: str = "BTCUSDT", mark: Any = MARK, size: float = 5.0,
                 leverage: int = 20, plot: bool = True) -> None:
        self.symbol = symbol
        self.mark = Decimal(str(mark))
        self.plot = plot
        self.view: TierView | None = None
        self.position: Position | None = None
        self.size = number_slider(f"{symbol} size (BTC)", size, *SIZE_RANGE, SIZE_STEP, ".1f")
        self.leverage = int_slider("Leverage (x)", leverage, 1, 125)
        self.notional = widgets.Label()
        self.tier = widgets.Label()
        self.maintenance = widgets.Label()
        self.max_leverage = widgets.Label()
        self.initial = widgets.Label()
        self.error = widgets.Label()
        self.output = widgets.Output()
        tag((
            (self.size, "ml-tier-size"), (self.leverage, "ml-tier-leverage"),
            (self.notional, "ml-tier-notional"), (self.tier, "ml-tier-tier"),
            (self.maintenance, "ml-tier-maintenance"),
            (self.max_leverage, "ml-tier-max-leverage"), (self.initial, "ml-tier-initial"),
            (self.error, "ml-error"), (self.output, "ml-tier-plot"),
        ))
        results = widgets.VBox([self.notional, self.tier, self.maintenance, self.max_leverage,
                                self.initial, self.error])
        super().__init__([widgets.HBox([widgets.VBox([self.size, self.leverage]), results]),
                          self.output])
        self.add_class("ml-tier-widget")
        self.size.observe(self._changed, names="value")
        self.leverage.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: Any) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the labels (and the picture) for the sliders' size and leverage."""
        size = slider_decimal(self.size.value)
        try:
            view = tier_view(self.symbol, size * self.mark)
        except MarginError as error:
            self.view = self.position = None
            show_error(self.error, (self.notional, self.tier, self.maintenance,
                                    self.max_leverage, self.initial), f"Cannot compute: {error}")
            return
        self.view = view
        self.notional.value = (f"Notional: {size.normalize():f} BTC x {usd(self.mark)} = "
                               f"{usd(view.notional)} USDT")
        self.tier.value = (f"Tier {view.tier}: [{usd(view.floor)}, {usd(view.cap)}), rate "
                           f"{percent(view.rate)}, cum {usd(view.cum)}")
        self.maintenance.value = (f"Maintenance margin: {usd(view.maintenance_margin)} USDT "
                                  f"(effective rate {percent(view.effective_rate, 3)})")
        self.max_leverage.value = f"Maximum leverage in this tier: {view.max_leverage}x"
        try:
            self.position = Position(self.symbol, size, self.mark, self.mark,
                                     Decimal(self.leverage.value))
        except MarginError as error:
            self.position = None
            self.initial.value = f"{self.leverage.value}x refused"
            self.error.value = f"Refused: {error}"
        else:
            self.initial.value = (f"Initial margin at {self.leverage.value}x: "
                                  f"{usd(self.position.initial_margin)} USDT")
            self.error.value = ""
        if self.plot:
            redraw(self.output, self._draw)

    def _draw(self) -> Any:
        from ..plots.today import plot_brackets

        assert self.view is not None
        return plot_brackets(self.symbol, notional=self.view.notional, points=300)


def tier_widget(symbol: str = "BTCUSDT", plot: bool = True) -> TierWidget:
    """Grow a position in ``symbol`` (BTCUSDT by default) through its brackets."""
    return TierWidget(symbol, plot=plot)


__all__ = ["MARK", "SIZE_STEP", "TierWidget", "tier_widget"]
