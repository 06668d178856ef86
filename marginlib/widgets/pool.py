"""Try it: the unified pool. USDT's price and premiums and the two wallet balances in; buy and
sell rates, the account equity and the usable amounts out, with the stacked bars redrawn."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..errors import MarginError
from ..numeric import plain, usd
from ..plots.pool import SIZE, PoolPicture
from ..rates import AssetRate
from ..scenarios import guide_rates
from ..summary import AccountSummary, summarize
from . import CourseWidget, FigureView, clear, number_slider, slider_decimal, tag


def _first_pool(figure: Any, account: Account) -> PoolPicture:
    return PoolPicture(figure.add_subplot(), account)


class PoolWidget(CourseWidget):
    """USDT's index price, bid and ask premiums (the guide's signs: ask -0.005 raises the rate)
    and the USDT / BUSD wallet balances; BUSD stays at 1 with no premiums.

    Controls: ``usdt_price`` (ml-usdt-price), ``bid_premium`` (ml-bid-premium),
    ``ask_premium`` (ml-ask-premium), ``usdt_balance`` (ml-usdt-balance), ``busd_balance``
    (ml-busd-balance).
    Labels: ``buy_rate_label`` (ml-buy-rate), ``sell_rate_label`` (ml-sell-rate),
    ``usdt_value_label`` (ml-usdt-value), ``busd_value_label`` (ml-busd-value),
    ``equity_label`` (ml-equity), ``usable_usdt_label`` (ml-usable-usdt),
    ``usable_busd_label`` (ml-usable-busd), ``error_label`` (ml-error); the stacked bars are
    in ``output`` (ml-pool-plot); the container has ml-pool-widget. ``account`` / ``summary``
    hold the last result (None after an error).
    """

    def __init__(self, price: float = 0.99, bid_premium: float = 0.01,
                 ask_premium: float = -0.005, usdt: float = 200.0, busd: float = 220.0,
                 plot: bool = True) -> None:
        self.plot = plot
        self.account: Account | None = None
        self.summary: AccountSummary | None = None
        self.usdt_price = number_slider("USDT index price (USD)", price, 0.9, 1.1, 0.001, ".3f")
        self.bid_premium = number_slider("USDT bid premium", bid_premium, -0.05, 0.05, 0.0005,
                                         ".4f")
        self.ask_premium = number_slider("USDT ask premium (guide's sign)", ask_premium, -0.05,
                                         0.05, 0.0005, ".4f")
        self.usdt_balance = number_slider("USDT wallet balance", usdt, 0.0, 1000.0, 1.0)
        self.busd_balance = number_slider("BUSD wallet balance", busd, 0.0, 1000.0, 1.0)
        self.buy_rate_label = widgets.Label()
        self.sell_rate_label = widgets.Label()
        self.usdt_value_label = widgets.Label()
        self.busd_value_label = widgets.Label()
        self.equity_label = widgets.Label()
        self.usable_usdt_label = widgets.Label()
        self.usable_busd_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = FigureView(self.output, SIZE, _first_pool, "<pool>") if plot else None
        tag((
            (self.usdt_price, "ml-usdt-price"), (self.bid_premium, "ml-bid-premium"),
            (self.ask_premium, "ml-ask-premium"), (self.usdt_balance, "ml-usdt-balance"),
            (self.busd_balance, "ml-busd-balance"), (self.buy_rate_label, "ml-buy-rate"),
            (self.sell_rate_label, "ml-sell-rate"), (self.usdt_value_label, "ml-usdt-value"),
            (self.busd_value_label, "ml-busd-value"), (self.equity_label, "ml-equity"),
            (self.usable_usdt_label, "ml-usable-usdt"),
            (self.usable_busd_label, "ml-usable-busd"), (self.error_label, "ml-error"),
            (self.output, "ml-pool-plot"),
        ))
        controls = widgets.VBox([
            widgets.HTML("<b>USDT rate</b>"), self.usdt_price, self.bid_premium,
            self.ask_premium, widgets.HTML("<b>Wallet</b>"), self.usdt_balance,
            self.busd_balance,
        ])
        results = widgets.VBox([
            widgets.HTML("<b>Pool</b>"), *self.result_labels, self.error_label,
        ])
        self.assemble([widgets.HBox([controls, results]), self.output], "ml-pool-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.usdt_price, self.bid_premium, self.ask_premium, self.usdt_balance,
                self.busd_balance)

    @property
    def result_labels(self) -> tuple[widgets.Label, ...]:
        """Every result label (not the error label), in display order."""
        return (self.buy_rate_label, self.sell_rate_label, self.usdt_value_label,
                self.busd_value_label, self.equity_label, self.usable_usdt_label,
                self.usable_busd_label)

    def build(self) -> Account:
        """The account the controls describe (raises MarginError on invalid settings)."""
        usdt = AssetRate("USDT", slider_decimal(self.usdt_price.value),
                         slider_decimal(self.bid_premium.value),
                         slider_decimal(self.ask_premium.value))
        rates = {"USDT": usdt, "BUSD": guide_rates()["BUSD"]}
        wallet = {"USDT": slider_decimal(self.usdt_balance.value),
                  "BUSD": slider_decimal(self.busd_balance.value)}
        return Account(rates, wallet)

    def update(self) -> None:
        """Recompute every label exactly (and redraw the bars) for the controls' values."""
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
        usdt = account.rates["USDT"]
        self.error_label.value = ""
        self.buy_rate_label.value = (
            f"Buy rate: {plain(usdt.price)} × (1 − {plain(usdt.bid_premium)}) = "
            f"{plain(usdt.buy_rate)}"
        )
        self.sell_rate_label.value = (
            f"Sell rate: {plain(usdt.price)} × (1 − ({plain(usdt.ask_premium)})) = "
            f"{plain(usdt.sell_rate)}"
        )
        for label, row in ((self.usdt_value_label, summary.asset("USDT")),
                           (self.busd_value_label, summary.asset("BUSD"))):
            rate = account.rates[row.asset]
            label.value = (
                f"{row.asset}: {usd(row.margin_balance)} × {plain(rate.buy_rate)} = "
                f"{usd(rate.value(row.margin_balance))} USD"
            )
        self.equity_label.value = f"Account equity: {usd(summary.equity)} USD"
        for label, row in ((self.usable_usdt_label, summary.asset("USDT")),
                           (self.usable_busd_label, summary.asset("BUSD"))):
            label.value = f"Usable {row.asset}: {usd(row.available)} {row.asset}"
        if self.picture is not None:
            self.picture.show(account)


def pool_widget(price: float = 0.99, bid_premium: float = 0.01, ask_premium: float = -0.005,
                usdt: float = 200.0, busd: float = 220.0, plot: bool = True) -> PoolWidget:
    """The pool explorer, by default at the guide's table and Scenario 1 (equity 416.02)."""
    return PoolWidget(price, bid_premium, ask_premium, usdt, busd, plot)


__all__ = ["PoolWidget", "pool_widget"]
