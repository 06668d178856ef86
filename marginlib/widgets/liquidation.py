"""Try it: inside a liquidation. Size, leverage and clearance fee of one BTCUSDT long, and its
levels: liquidation price, bankruptcy price, what the exchange does there, where ADL strikes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..errors import MarginError
from ..liquidation import LiquidationLevels, LiquidationRules, liquidation_levels
from ..numeric import usd
from ..plots.liquidation import SIZE, LevelsCurves, LevelsPicture, levels_curves
from ..scenarios import liquidation_account
from . import (
    CourseWidget,
    FigureView,
    clear,
    int_slider,
    number_slider,
    slider_decimal,
    tag,
)

SYMBOL = "BTCUSDT"
#: The insurance fund behind the contract in the widget (USDT): small enough to show ADL.
FUND = Decimal(20000)
#: Slider ranges: size (BTC), leverage (x), clearance fee (%).
SIZE_RANGE, SIZE_STEP = (0.5, 400.0), 0.5
LEVERAGE_RANGE = (1, 125)
FEE_RANGE, FEE_STEP = (0.0, 2.5), 0.05


def prices_text(levels: LiquidationLevels) -> str:
    """"Liquidation price 57,236.18, bankruptcy price 57,000.00 (236.18 apart)"."""
    if levels.liquidation is None or levels.bankruptcy is None:
        return "No mark price liquidates this position"
    gap = abs(levels.liquidation - levels.bankruptcy)
    return (f"Liquidation price {usd(levels.liquidation)}, bankruptcy price "
            f"{usd(levels.bankruptcy)} ({usd(gap)} apart)")


def outcome_text(levels: LiquidationLevels) -> str:
    """What the exchange does at the first tick past the liquidation price."""
    if levels.trigger is None or levels.outcome is None:
        return "Never liquidated"
    if levels.partial_quantity:
        return (f"At {usd(levels.trigger)}: partial close of "
                f"{levels.partial_quantity.normalize():f} BTC, fee {usd(levels.fee)} USDT; "
                f"the rest stays open")
    # Short enough for a 934 px column: "fund +" is what the insurance fund receives.
    return (f"At {usd(levels.trigger)}: full close, fee {usd(levels.fee)} USDT "
            f"({usd(levels.fee_due)} due); fund +{usd(levels.to_fund)}; "
            f"trader keeps {usd(levels.outcome.account.wallet['USDT'])}")


def adl_text(levels: LiquidationLevels) -> str:
    """Where the insurance fund runs out and ADL strikes."""
    where = "never" if levels.adl is None else f"beyond {usd(levels.adl)}"
    return f"Insurance fund {usd(levels.fund)} USDT: ADL {where}"


def _first_levels(figure: Any, curves: LevelsCurves) -> LevelsPicture:
    return LevelsPicture(figure.add_subplot(), curves)


class LiquidationWidget(CourseWidget):
    """One BTCUSDT long, from healthy to ADL.

    Controls: ``size`` (BTC, ml-liq-size), ``leverage`` (ml-liq-leverage), ``fee`` (clearance
    fee in %, ml-liq-fee). Labels: ``wallet_label`` (ml-liq-wallet), ``prices_label``
    (ml-liq-prices), ``outcome_label`` (ml-liq-outcome), ``adl_label`` (ml-liq-adl),
    ``error_label`` (ml-error); the picture is in ``output`` (ml-liq-plot), drawn by
    ``picture`` (a :class:`~marginlib.widgets.FigureView`: one figure, its artists moved in
    place). ``levels`` holds the current
    :class:`~marginlib.liquidation.LiquidationLevels`.
    """

    def __init__(self, size: float = 1.0, leverage: int = 20, fee: float = 1.25,
                 fund: Decimal = FUND, plot: bool = True) -> None:
        self.fund = fund
        self.plot = plot
        self.levels: LiquidationLevels | None = None
        self.size = number_slider("Size (BTC)", size, *SIZE_RANGE, SIZE_STEP, ".1f")
        self.leverage = int_slider("Leverage (x)", leverage, *LEVERAGE_RANGE)
        self.fee = number_slider("Clearance fee (%)", fee, *FEE_RANGE, FEE_STEP, ".2f")
        self.wallet_label = widgets.Label()
        self.prices_label = widgets.Label()
        self.outcome_label = widgets.Label()
        self.adl_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        tag(((self.size, "ml-liq-size"), (self.leverage, "ml-liq-leverage"),
             (self.fee, "ml-liq-fee"), (self.wallet_label, "ml-liq-wallet"),
             (self.prices_label, "ml-liq-prices"), (self.outcome_label, "ml-liq-outcome"),
             (self.adl_label, "ml-liq-adl"), (self.error_label, "ml-error"),
             (self.output, "ml-liq-plot")))
        self.picture = (FigureView(self.output, SIZE, _first_levels, "<liquidation levels>")
                        if plot else None)
        self.assemble([
            widgets.VBox([self.size, self.leverage, self.fee]),
            *self.result_labels, self.error_label, self.output,
        ], "ml-liquidation-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.size, self.leverage, self.fee)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.wallet_label, self.prices_label, self.outcome_label, self.adl_label)

    def rules(self) -> LiquidationRules:
        """Binance's rules with the slider's clearance fee."""
        return LiquidationRules(clearance_fee_rate=slider_decimal(self.fee.value) / 100)

    def update(self) -> None:
        """Recompute the levels at the sliders' values; move the picture's artists."""
        try:
            account = liquidation_account(slider_decimal(self.size.value),
                                          slider_decimal(self.leverage.value))
            levels = liquidation_levels(account, SYMBOL, self.rules(), fund=self.fund)
        except MarginError as error:
            self.levels = None
            self.refuse("open this position", error)
            clear(self.output)
            return
        self.levels = levels
        self.error_label.value = ""
        self.wallet_label.value = (f"Wallet: {usd(account.wallet['USDT'])} USDT (the initial "
                                   f"margin of {usd(account.positions[0].notional)} USDT at "
                                   f"{self.leverage.value}x)")
        self.prices_label.value = prices_text(levels)
        self.outcome_label.value = outcome_text(levels)
        self.adl_label.value = adl_text(levels)
        if self.picture is not None:
            self.picture.show(levels_curves(account, levels))


def liquidation_widget(size: float = 1.0, leverage: int = 20, fee: float = 1.25,
                       plot: bool = True) -> LiquidationWidget:
    """The liquidation explorer: a long of ``size`` BTC at ``leverage``, a clearance fee of
    ``fee`` percent, an insurance fund of 20,000 USDT."""
    return LiquidationWidget(size, leverage, fee, plot=plot)


__all__ = ["FUND", "LiquidationWidget", "adl_text", "liquidation_widget", "outcome_text",
           "prices_text"]
