"""Try it: a live account. Wallet balances and optional positions in; equity, margin ratio and
available out, recomputed exactly on every change, with the equity bar redrawn."""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets

from ..account import Account
from ..errors import MarginError
from ..numeric import usd
from ..positions import Position
from ..scenarios import guide_positions, guide_rates
from ..summary import AccountSummary, summarize
from . import (
    CourseWidget,
    asset_equity_line,
    available_line,
    clear,
    equity_bar_view,
    number_slider,
    ratio_line,
    slider_decimal,
    tag,
)

BTC, ETH = "BTCUSDT", "ETHBUSD"



class LiveAccountWidget(CourseWidget):
    """The guide's account, live: wallet balances and the two positions' sizes and marks.

    The positions are the guide's (entered at 20,000 and 600, 100x and 50x, maintenance rates
    0.8% and 1%); a size of 0 means no position, and moving a mark away from the entry price
    creates unrealized PnL.

    Controls: ``usdt_balance`` (ml-usdt-balance), ``busd_balance`` (ml-busd-balance),
    ``btc_size`` (ml-btc-size), ``btc_mark`` (ml-btc-mark), ``eth_size`` (ml-eth-size),
    ``eth_mark`` (ml-eth-mark).
    Labels: ``equity_label`` (ml-equity), ``unrealized_label`` (ml-unrealized),
    ``maintenance_label`` (ml-maintenance), ``ratio_label`` (ml-ratio), ``available_label``
    (ml-available), ``usdt_label`` (ml-equity-usdt), ``busd_label`` (ml-equity-busd),
    ``error_label`` (ml-error); the equity bar is in ``output`` (ml-account-plot); the
    container has ml-live-account. ``account`` / ``summary`` hold the last result (None after
    an error).
    """

    def __init__(self, usdt: float = 200.0, busd: float = 220.0, btc_size: float = 0.0,
                 eth_size: float = 0.0, btc_mark: float = 20000.0, eth_mark: float = 600.0,
                 plot: bool = True) -> None:
        self.plot = plot
        self.account: Account | None = None
        self.summary: AccountSummary | None = None
        self.templates = {p.symbol: p for p in guide_positions()}
        self.usdt_balance = number_slider("USDT wallet balance", usdt, 0.0, 1000.0, 1.0)
        self.busd_balance = number_slider("BUSD wallet balance", busd, 0.0, 1000.0, 1.0)
        self.btc_size = number_slider(f"{BTC} size (BTC)", btc_size, -2.0, 2.0, 0.01)
        self.btc_mark = number_slider(f"{BTC} mark (USDT)", btc_mark, 10000.0, 30000.0, 50.0,
                                      ",.0f")
        self.eth_size = number_slider(f"{ETH} size (ETH)", eth_size, -50.0, 50.0, 1.0, ".0f")
        self.eth_mark = number_slider(f"{ETH} mark (BUSD)", eth_mark, 300.0, 900.0, 5.0, ",.0f")
        self.equity_label = widgets.Label()
        self.unrealized_label = widgets.Label()
        self.maintenance_label = widgets.Label()
        self.ratio_label = widgets.Label()
        self.available_label = widgets.Label()
        self.usdt_label = widgets.Label()
        self.busd_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = equity_bar_view(self.output) if plot else None
        tag((
            (self.usdt_balance, "ml-usdt-balance"), (self.busd_balance, "ml-busd-balance"),
            (self.btc_size, "ml-btc-size"), (self.btc_mark, "ml-btc-mark"),
            (self.eth_size, "ml-eth-size"), (self.eth_mark, "ml-eth-mark"),
            (self.equity_label, "ml-equity"), (self.unrealized_label, "ml-unrealized"),
            (self.maintenance_label, "ml-maintenance"), (self.ratio_label, "ml-ratio"),
            (self.available_label, "ml-available"), (self.usdt_label, "ml-equity-usdt"),
            (self.busd_label, "ml-equity-busd"), (self.error_label, "ml-error"),
            (self.output, "ml-account-plot"),
        ))
        controls = widgets.VBox([
            widgets.HTML("<b>Wallet</b>"), self.usdt_balance, self.busd_balance,
            widgets.HTML("<b>Positions</b> (size 0: none)"), self.btc_size, self.btc_mark,
            self.eth_size, self.eth_mark,
        ])
        results = widgets.VBox([
            widgets.HTML("<b>Account</b>"), self.equity_label, self.unrealized_label,
            self.maintenance_label, self.ratio_label, self.available_label, self.usdt_label,
            self.busd_label, self.error_label,
        ])
        self.assemble([widgets.HBox([controls, results]), self.output], "ml-live-account")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.usdt_balance, self.busd_balance, self.btc_size, self.btc_mark,
                self.eth_size, self.eth_mark)

    @property
    def result_labels(self) -> tuple[widgets.Label, ...]:
        """Every result label (not the error label), in display order."""
        return (self.equity_label, self.unrealized_label, self.maintenance_label,
                self.ratio_label, self.available_label, self.usdt_label, self.busd_label)

    def build(self) -> Account:
        """The account the controls describe (raises MarginError on invalid settings)."""
        positions: list[Position] = []
        for symbol, size, mark in ((BTC, self.btc_size, self.btc_mark),
                                   (ETH, self.eth_size, self.eth_mark)):
            amount = slider_decimal(size.value)
            if amount != 0:
                positions.append(replace(self.templates[symbol], size=amount,
                                         mark_price=slider_decimal(mark.value)))
        wallet = {"USDT": slider_decimal(self.usdt_balance.value),
                  "BUSD": slider_decimal(self.busd_balance.value)}
        return Account(guide_rates(), wallet, tuple(positions))

    def update(self) -> None:
        """Recompute every label exactly (and redraw the equity bar) for the controls' values."""
        try:
            account = self.build()
            summary = summarize(account)
        except MarginError as error:
            self.account = self.summary = None
            self.refuse("compute", error)
            if self.plot:
                clear(self.output)
            return
        self.account, self.summary = account, summary
        self.error_label.value = ""
        self.equity_label.value = f"Account equity: {usd(summary.equity)} USD"
        self.unrealized_label.value = "Unrealized P&L: " + ", ".join(
            f"{usd(row.unrealized_pnl)} {row.asset}" for row in summary.assets
        )
        self.maintenance_label.value = (
            f"Maintenance margin: {usd(summary.maintenance_margin)} USD"
        )
        self.ratio_label.value = ratio_line(summary)
        self.available_label.value = available_line(summary)
        self.usdt_label.value = asset_equity_line(account, summary, "USDT")
        self.busd_label.value = asset_equity_line(account, summary, "BUSD")
        if self.picture is not None:
            self.picture.show(summary)



def live_account_widget(usdt: float = 200.0, busd: float = 220.0, btc_size: float = 0.0,
                        eth_size: float = 0.0, btc_mark: float = 20000.0,
                        eth_mark: float = 600.0, plot: bool = True) -> LiveAccountWidget:
    """A live account, by default the guide's Scenario 1 (200 USDT, 220 BUSD, no positions).

    Set ``btc_size=0.5, eth_size=20`` for Scenario 2, and marks 19,000 / 620 for Scenario 3.
    """
    return LiveAccountWidget(usdt, busd, btc_size, eth_size, btc_mark, eth_mark, plot)


__all__ = ["LiveAccountWidget", "live_account_widget"]
