"""Try it: opening positions. Size, leverage and price of BTCUSDT and ETHBUSD in; maintenance and
initial margin, margin ratio and available out, with the equity bar redrawn."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..errors import MarginError
from ..numeric import usd
from ..positions import Position
from ..scenarios import guide_positions, guide_rates
from ..summary import AccountSummary, summarize
from . import (
    CourseWidget,
    available_line,
    clear,
    equity_bar_view,
    int_slider,
    number_slider,
    ratio_line,
    slider_decimal,
    tag,
)

BTC, ETH = "BTCUSDT", "ETHBUSD"


def position_text(position: Position | None, symbol: str, asset: str) -> str:
    """"BTCUSDT: notional 10,000.00 USDT, IM 100.00 USDT, MM 80.00 USDT" (or "no position")."""
    if position is None:
        return f"{symbol}: no position"
    return (
        f"{symbol}: notional {usd(position.notional)} {asset}, "
        f"IM {usd(position.initial_margin)} {asset}, "
        f"MM {usd(position.maintenance_margin)} {asset}"
    )


class PositionsWidget(CourseWidget):
    """Open the guide's two positions on the guide's wallet (200 USDT, 220 BUSD) and change
    them: size (0: none), leverage and mark price of each. A position is opened at its mark
    (entry = mark), so there is no unrealized PnL and the equity stays 416.02; the maintenance
    rates are the guide's (0.8% and 1%).

    Controls: ``btc_size`` (ml-btc-size), ``btc_leverage`` (ml-btc-leverage), ``btc_mark``
    (ml-btc-mark), ``eth_size`` (ml-eth-size), ``eth_leverage`` (ml-eth-leverage),
    ``eth_mark`` (ml-eth-mark).
    Labels: ``btc_label`` (ml-btc-position), ``eth_label`` (ml-eth-position),
    ``maintenance_label`` (ml-maintenance), ``initial_label`` (ml-initial), ``equity_label``
    (ml-equity), ``ratio_label`` (ml-ratio), ``available_label`` (ml-available),
    ``error_label`` (ml-error, e.g. a leverage that makes IM <= MM); the equity bar is in
    ``output`` (ml-positions-plot); the container has ml-positions-widget. ``account`` /
    ``summary`` hold the last result (None after an error).
    """

    def __init__(self, btc_size: float = 0.5, btc_leverage: int = 100,
                 btc_mark: float = 20000.0, eth_size: float = 20.0, eth_leverage: int = 50,
                 eth_mark: float = 600.0, usdt: float = 200.0, busd: float = 220.0,
                 plot: bool = True) -> None:
        self.plot = plot
        self.wallet = {"USDT": slider_decimal(usdt), "BUSD": slider_decimal(busd)}
        self.templates = {p.symbol: p for p in guide_positions()}
        self.account: Account | None = None
        self.summary: AccountSummary | None = None
        self.btc_size = number_slider(f"{BTC} size (BTC)", btc_size, 0.0, 2.0, 0.01)
        self.btc_leverage = int_slider(f"{BTC} leverage (x)", btc_leverage, 1, 125)
        self.btc_mark = number_slider(f"{BTC} price (USDT)", btc_mark, 10000.0, 30000.0, 50.0,
                                      ",.0f")
        self.eth_size = number_slider(f"{ETH} size (ETH)", eth_size, 0.0, 50.0, 1.0, ".0f")
        self.eth_leverage = int_slider(f"{ETH} leverage (x)", eth_leverage, 1, 125)
        self.eth_mark = number_slider(f"{ETH} price (BUSD)", eth_mark, 300.0, 900.0, 5.0, ",.0f")
        self.btc_label = widgets.Label()
        self.eth_label = widgets.Label()
        self.maintenance_label = widgets.Label()
        self.initial_label = widgets.Label()
        self.equity_label = widgets.Label()
        self.ratio_label = widgets.Label()
        self.available_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = equity_bar_view(self.output) if plot else None
        tag((
            (self.btc_size, "ml-btc-size"), (self.btc_leverage, "ml-btc-leverage"),
            (self.btc_mark, "ml-btc-mark"), (self.eth_size, "ml-eth-size"),
            (self.eth_leverage, "ml-eth-leverage"), (self.eth_mark, "ml-eth-mark"),
            (self.btc_label, "ml-btc-position"), (self.eth_label, "ml-eth-position"),
            (self.maintenance_label, "ml-maintenance"), (self.initial_label, "ml-initial"),
            (self.equity_label, "ml-equity"), (self.ratio_label, "ml-ratio"),
            (self.available_label, "ml-available"), (self.error_label, "ml-error"),
            (self.output, "ml-positions-plot"),
        ))
        controls = widgets.VBox([
            widgets.HTML("<b>BTCUSDT</b> (margin in USDT)"), self.btc_size, self.btc_leverage,
            self.btc_mark, widgets.HTML("<b>ETHBUSD</b> (margin in BUSD)"), self.eth_size,
            self.eth_leverage, self.eth_mark,
        ])
        results = widgets.VBox([
            widgets.HTML("<b>Margin</b>"), *self.result_labels, self.error_label,
        ])
        self.assemble([widgets.HBox([controls, results]), self.output], "ml-positions-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.btc_size, self.btc_leverage, self.btc_mark, self.eth_size,
                self.eth_leverage, self.eth_mark)

    @property
    def result_labels(self) -> tuple[widgets.Label, ...]:
        """Every result label (not the error label), in display order."""
        return (self.btc_label, self.eth_label, self.maintenance_label, self.initial_label,
                self.equity_label, self.ratio_label, self.available_label)

    def _position(self, symbol: str, size: Any, leverage: Any, mark: Any) -> Position | None:
        amount = slider_decimal(size.value)
        if amount == 0:
            return None
        price = slider_decimal(mark.value)
        template = self.templates[symbol]
        return Position(symbol, amount, price, price, Decimal(int(leverage.value)),
                        template.maint_margin_rate)

    def build(self) -> tuple[Account, Position | None, Position | None]:
        """The account the controls describe and its two positions (None: size 0).

        Raises MarginError on invalid settings (e.g. LeverageTooHigh)."""
        btc = self._position(BTC, self.btc_size, self.btc_leverage, self.btc_mark)
        eth = self._position(ETH, self.eth_size, self.eth_leverage, self.eth_mark)
        positions = tuple(p for p in (btc, eth) if p is not None)
        return Account(guide_rates(), self.wallet, positions), btc, eth

    def update(self) -> None:
        """Recompute every label exactly (and redraw the equity bar) for the controls' values."""
        try:
            account, btc, eth = self.build()
            summary = summarize(account)
        except MarginError as error:
            self.account = self.summary = None
            self.refuse("compute", error)
            if self.plot:
                clear(self.output)
            return
        self.account, self.summary = account, summary
        self.error_label.value = ""
        self.btc_label.value = position_text(btc, BTC, account.margin_asset(BTC))
        self.eth_label.value = position_text(eth, ETH, account.margin_asset(ETH))
        self.maintenance_label.value = (
            f"Maintenance margin: {usd(summary.maintenance_margin)} USD"
        )
        self.initial_label.value = f"Initial margin: {usd(summary.initial_margin)} USD"
        self.equity_label.value = f"Account equity: {usd(summary.equity)} USD"
        self.ratio_label.value = ratio_line(summary)
        self.available_label.value = available_line(summary)
        if self.picture is not None:
            self.picture.show(summary)



def positions_widget(btc_size: float = 0.5, btc_leverage: int = 100, btc_mark: float = 20000.0,
                     eth_size: float = 20.0, eth_leverage: int = 50, eth_mark: float = 600.0,
                     plot: bool = True) -> PositionsWidget:
    """The positions explorer, by default at the guide's Scenario 2 (ratio 47.98%, available
    76.53)."""
    return PositionsWidget(btc_size, btc_leverage, btc_mark, eth_size, eth_leverage, eth_mark,
                           plot=plot)


__all__ = ["PositionsWidget", "position_text", "positions_widget"]
