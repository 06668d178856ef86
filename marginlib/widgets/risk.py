"""Try it: a stablecoin depeg. Move USDT's index price and watch the liquidation map move."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from ..account import MULTI_ASSETS, SINGLE_ASSET, Account
from ..errors import MarginError
from ..modes import in_mode, ratio_text
from ..numeric import usd
from ..plots.risk import SIZE, LiquidationMapsPicture
from ..scenarios import scenario
from ..summary import summarize
from ..whatif import liquidation_price
from . import CourseWidget, FigureView, number_slider, slider_decimal, tag

#: The grid the widget's maps are drawn over (BTC across, ETH up).
BTC_RANGE = (17000.0, 22000.0)
ETH_RANGE = (450.0, 750.0)

#: The depeg slider: USDT's index price, in USD.
PRICE_RANGE, PRICE_STEP = (0.90, 1.02), 0.005


class RiskWidget(CourseWidget):
    """A depeg slider (one asset's index price) over an account, with both modes' maps.

    Control: ``price`` (ml-usdt-price for USDT). Labels: ``rates_label`` (ml-rates: buy and sell
    rate), ``ratio_multi_label`` (ml-ratio-multi), ``ratio_single_label`` (ml-ratio-single: the
    worst asset's own ratio), ``liquidation_labels[symbol]`` (ml-liquidation-btcusdt, ...: each
    position's liquidation price in multi-assets mode, the other marks fixed), ``error_label``
    (ml-error); the maps are in ``output`` (ml-risk-map). ``account`` is the account at the
    slider's price.
    """

    def __init__(self, account: Account | None = None, asset: str = "USDT", points: int = 200,
                 plot: bool = True) -> None:
        self.base = scenario(3) if account is None else account
        self.asset = asset
        self.points = points
        self.plot = plot
        self.account: Account | None = None
        start = float(self.base.rates[asset].price) if asset in self.base.rates else 1.0
        self.price = number_slider(f"{asset} index price (USD)", start, *PRICE_RANGE,
                                   PRICE_STEP, ".3f")
        self.rates_label = widgets.Label()
        self.ratio_multi_label = widgets.Label()
        self.ratio_single_label = widgets.Label()
        self.liquidation_labels = {p.symbol: widgets.Label() for p in self.base.positions}
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, SIZE, self._first_maps, "<liquidation maps>")
                     if plot else None)
        tag((
            (self.price, f"ml-{asset.lower()}-price"), (self.rates_label, "ml-rates"),
            (self.ratio_multi_label, "ml-ratio-multi"),
            (self.ratio_single_label, "ml-ratio-single"),
            (self.error_label, "ml-error"), (self.output, "ml-risk-map"),
        ))
        for symbol, label in self.liquidation_labels.items():
            label.add_class(f"ml-liquidation-{symbol.lower()}")
        results = widgets.VBox([self.rates_label, self.ratio_multi_label, self.ratio_single_label,
                                *self.liquidation_labels.values(), self.error_label])
        self.assemble([widgets.HBox([self.price, results]), self.output], "ml-risk-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.price,)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.rates_label, self.ratio_multi_label, self.ratio_single_label,
                *self.liquidation_labels.values())

    def update(self) -> None:
        """Recompute the labels (and both maps) at the slider's index price."""
        try:
            account = self.base.with_prices({self.asset: slider_decimal(self.price.value)})
            multi = in_mode(account, MULTI_ASSETS)
            single = summarize(in_mode(account, SINGLE_ASSET))
            ratio = summarize(multi).margin_ratio
            found = {s: liquidation_price(multi, s) for s in self.liquidation_labels}
        except MarginError as error:
            self.account = None
            self.refuse("compute", error)
            return
        self.account = account
        self.error_label.value = ""
        rate = account.rates[self.asset]
        self.rates_label.value = (f"{self.asset} at {rate.price.normalize():f}: buy rate "
                            f"{rate.buy_rate.normalize():f}, sell rate "
                            f"{rate.sell_rate.normalize():f}")
        self.ratio_multi_label.value = f"Multi-assets ratio: {ratio_text(ratio)}"
        self.ratio_single_label.value = (f"Single-asset ratio (worst asset): "
                                   f"{ratio_text(single.margin_ratio)}")
        for symbol, label in self.liquidation_labels.items():
            price = found[symbol]
            label.value = (f"{symbol} liquidation price (multi-assets): "
                           + ("none" if price is None else usd(price)))
        if self.picture is not None:
            self.picture.show({self.asset: slider_decimal(self.price.value)})

    def _first_maps(self, figure: Any, prices: dict[str, Any]) -> LiquidationMapsPicture:
        """Both maps over the widget's grid, the boundary at the start price dashed (drawn
        once: the grid and the reference do not move with the slider)."""
        reference = {self.asset: self.base.rates[self.asset].price}
        return LiquidationMapsPicture(
            figure, self.base, np.linspace(*BTC_RANGE, self.points),
            np.linspace(*ETH_RANGE, self.points), prices=prices, reference_prices=reference)


def risk_widget(account: Account | None = None, points: int = 200,
                plot: bool = True) -> RiskWidget:
    """The depeg explorer, on the guide's Scenario 3 unless ``account`` is given."""
    return RiskWidget(account, points=points, plot=plot)


__all__ = ["RiskWidget", "risk_widget"]
