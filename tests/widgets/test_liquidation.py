"""marginlib.widgets.liquidation: one BTCUSDT long from 60,000, its wallet its initial margin.

Hand work, for a long of Q BTC at leverage L (wallet W = 60,000 Q / L) in tier k (rate r, cum c):
liquidation price (60,000 Q - W - c) / (Q (1 - r)), bankruptcy price 60,000 - W / Q, and with an
insurance fund F, ADL beyond the bankruptcy price minus F / Q.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.liquidation import bankruptcy_price, liquidation_levels
from marginlib.scenarios import liquidation_account
from marginlib.widgets.liquidation import FUND, LiquidationWidget, liquidation_widget
from tests.widgets import classes

D = Decimal


@pytest.fixture()
def widget() -> LiquidationWidget:
    return liquidation_widget(plot=False)


def test_starts_at_one_btc_20x(widget: LiquidationWidget) -> None:
    # 1 BTC at 20x: W = 3,000; tier 2 (0.5%, 50): LP = 56,950 / 0.995 = 57,236.18; BP 57,000;
    # at the tick 57,236.10 equity is 236.10 and the fee (1.25% x 57,236.10 = 715.45 due) takes
    # all of it;
    # ADL beyond 57,000 - 20,000 = 37,000.
    assert widget.wallet_label.value == (
        "Wallet: 3,000.00 USDT (the initial margin of 60,000.00 USDT at 20x)")
    assert widget.prices_label.value == (
        "Liquidation price 57,236.18, bankruptcy price 57,000.00 (236.18 apart)")
    assert widget.outcome_label.value == (
        "At 57,236.10: full close, fee 236.10 USDT (715.45 due); fund +236.10; trader keeps 0.00")
    assert widget.adl_label.value == "Insurance fund 20,000.00 USDT: ADL beyond 37,000.00"
    assert widget.error_label.value == ""


def test_labels_follow_marginlib(widget: LiquidationWidget) -> None:
    for size, leverage, fee in ((2.5, 10, 1.25), (300.0, 20, 1.25), (1.0, 100, 0.3)):
        widget.size.value, widget.leverage.value, widget.fee.value = size, leverage, fee
        account = liquidation_account(D(str(size)), leverage)
        lp = ml.liquidation_price(account, "BTCUSDT")
        bp = bankruptcy_price(account, "BTCUSDT")
        assert lp is not None and bp is not None
        assert widget.prices_label.value == (
            f"Liquidation price {ml.usd(lp)}, bankruptcy price {ml.usd(bp)} "
            f"({ml.usd(lp - bp)} apart)")
        adl = bp - FUND / D(str(size))
        assert widget.adl_label.value == (
            f"Insurance fund 20,000.00 USDT: ADL beyond {ml.usd(adl)}")


def test_a_large_position_is_reduced(widget: LiquidationWidget) -> None:
    # 300 BTC at 20x: tier 5 (2%, 131,450), W = 900,000: LP = 16,968,550 / 294 = 57,716.16.
    # At 57,716.10: E = 214,830, MM = 214,846.60; each BTC closed frees (2% - 1.25%) x 57,716.1
    # = 432.87: 16.6 / 432.87 = 0.0383 -> 0.039 BTC, fee 1.25% x 0.039 x 57,716.1 = 28.14.
    widget.size.value = 300.0
    assert widget.outcome_label.value == (
        "At 57,716.10: partial close of 0.039 BTC, fee 28.14 USDT; the rest stays open")


def test_a_2019_fee_reduces_a_small_position(widget: LiquidationWidget) -> None:
    # 0.3% < 0.5%: the 1-BTC position is reduced, not closed
    widget.fee.value = 0.3
    assert widget.rules().clearance_fee_rate == D("0.003")
    levels = liquidation_levels(liquidation_account(1, 20), "BTCUSDT", widget.rules(),
                                fund=FUND)
    assert levels.partial_quantity > 0
    assert widget.outcome_label.value.startswith("At 57,236.10: partial close of ")


def test_a_refused_leverage_says_why_and_clears(widget: LiquidationWidget) -> None:
    # 300 BTC is 18,000,000 of notional: tier 5 allows 25x at most
    widget.size.value = 300.0
    widget.leverage.value = 50
    assert widget.error_label.value.startswith("Cannot open this position: ")
    assert "25x" in widget.error_label.value
    assert all(label.value == "" for label in widget.result_labels)
    assert widget.levels is None
    widget.leverage.value = 20
    assert widget.error_label.value == "" and widget.levels is not None


def test_one_figure_moved_in_place() -> None:
    widget = liquidation_widget()
    figure, equity = widget.figure, widget.picture.equity
    first = widget.output.outputs[0]["data"]["image/png"]
    widget.size.value = 2.0
    assert widget.figure is figure and widget.picture.equity is equity
    assert len(widget.output.outputs) == 1
    assert widget.output.outputs[0]["data"]["image/png"] != first
    # the artists moved to the new levels
    assert widget.levels is not None and widget.levels.liquidation is not None
    assert widget.picture.lines["liquidation"].get_xdata()[0] == pytest.approx(
        float(widget.levels.liquidation))
    assert figure.get_size_inches() == pytest.approx((9.5, 4.5))


def test_css_classes(widget: LiquidationWidget) -> None:
    assert "ml-liq-fee" in classes(widget.fee)
    assert "ml-liq-outcome" in classes(widget.outcome_label)
    assert "ml-liq-plot" in classes(widget.output)
