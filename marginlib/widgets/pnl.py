"""Try it: move the BTC and ETH mark prices, watch the margin ratio, available and equities."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from ..account import Account
from ..errors import MarginError
from ..numeric import usd
from ..plots.pnl import SIZE, RatioCurvePicture, ratio_curve
from ..scenarios import scenario
from ..summary import summarize
from ..whatif import liquidation_price
from . import (
    BTC_MARKS,
    CourseWidget,
    FigureView,
    asset_equity_line,
    available_line,
    mark_sliders,
    ratio_line,
    tag,
)

#: The prices the ratio curve is drawn over (the BTC slider's range).
BTC_LOW, BTC_HIGH, _ = BTC_MARKS
PRICES = np.linspace(BTC_LOW, BTC_HIGH, 401)


def _first_curve(figure: Any, curve: Any) -> RatioCurvePicture:
    return RatioCurvePicture(figure.add_subplot(), curve)


class PnlWidget(CourseWidget):
    """BTC and ETH mark sliders over the guide's account; result labels update on every move.

    Controls: ``btc_mark`` (ml-btc-mark), ``eth_mark`` (ml-eth-mark).
    Labels: ``ratio_label`` (ml-ratio), ``equity_label`` (ml-equity), ``maintenance_label``
    (ml-maintenance), ``available_label`` (ml-available), ``asset_equity_labels[asset]``
    (ml-equity-usdt, ml-equity-busd, ...), ``liquidation_label`` (ml-liquidation),
    ``error_label`` (ml-error); the picture is in ``output``.
    ``account`` is the account at the current marks (None after an error).
    """

    def __init__(self, account: Account | None = None, btc_symbol: str = "BTCUSDT",
                 eth_symbol: str = "ETHBUSD", plot: bool = True) -> None:
        self.base = scenario(3) if account is None else account
        self.btc_symbol = btc_symbol
        self.eth_symbol = eth_symbol
        self.plot = plot
        self.account: Account | None = None
        self.btc_mark, self.eth_mark = mark_sliders(self.base, btc_symbol, eth_symbol)
        self.ratio_label = widgets.Label()
        self.equity_label = widgets.Label()
        self.maintenance_label = widgets.Label()
        self.available_label = widgets.Label()
        self.asset_equity_labels = {a: widgets.Label() for a in self.base.assets}
        self.liquidation_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, SIZE, _first_curve, "<margin ratio picture>")
                     if plot else None)
        tag((
            (self.btc_mark, "ml-btc-mark"), (self.eth_mark, "ml-eth-mark"),
            (self.ratio_label, "ml-ratio"), (self.equity_label, "ml-equity"),
            (self.maintenance_label, "ml-maintenance"), (self.available_label, "ml-available"),
            (self.liquidation_label, "ml-liquidation"), (self.error_label, "ml-error"),
            (self.output, "ml-pnl-plot"),
        ))
        for asset, label in self.asset_equity_labels.items():
            label.add_class(f"ml-equity-{asset.lower()}")
        results = widgets.VBox([*self.result_labels, self.error_label])
        self.assemble([widgets.HBox([widgets.VBox([self.btc_mark, self.eth_mark]), results]),
                          self.output], "ml-pnl-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.btc_mark, self.eth_mark)

    @property
    def usdt_equity_label(self) -> widgets.Label:
        """The USDT equity label."""
        return self.asset_equity_labels["USDT"]

    @property
    def busd_equity_label(self) -> widgets.Label:
        """The BUSD equity label."""
        return self.asset_equity_labels["BUSD"]

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.ratio_label, self.equity_label, self.maintenance_label,
                self.available_label, *self.asset_equity_labels.values(), self.liquidation_label)

    def update(self) -> None:
        """Recompute every label (and the picture) for the sliders' marks."""
        try:
            account = self.base.with_marks(
                {self.btc_symbol: str(self.btc_mark.value), self.eth_symbol:
                 str(self.eth_mark.value)}
            )
            summary = summarize(account)
            liquidation = liquidation_price(account, self.btc_symbol)
        except MarginError as error:
            self.account = None
            self.refuse("compute", error)
            return
        self.account = account
        self.error_label.value = ""
        self.ratio_label.value = ratio_line(summary)
        self.equity_label.value = f"Account equity: {usd(summary.equity)} USD"
        self.maintenance_label.value = f"Maintenance margin: {usd(summary.maintenance_margin)} USD"
        self.available_label.value = available_line(summary)
        for asset, label in self.asset_equity_labels.items():
            label.value = asset_equity_line(account, summary, asset)
        self.liquidation_label.value = (
            f"{self.btc_symbol} liquidation price: "
            + ("none" if liquidation is None else usd(liquidation))
        )
        if self.picture is not None:
            self.picture.show(ratio_curve(account, self.btc_symbol, PRICES))


def pnl_widget(account: Account | None = None, plot: bool = True) -> PnlWidget:
    """The unrealized-PnL explorer, on the guide's Scenario 3 unless ``account`` is given."""
    return PnlWidget(account, plot=plot)


__all__ = ["PnlWidget", "pnl_widget"]
