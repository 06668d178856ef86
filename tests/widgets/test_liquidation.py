"""marginlib.widgets.liquidation: one BTCUSDT long from 60,000, its wallet its initial margin.

Hand work, for a long of Q BTC at leverage L (wallet W = 60,000 Q / L) in tier k (rate r, cum c):
liquidation price (60,000 Q - W - c) / (Q (1 - r)), bankruptcy price 60,000 - W / Q, and with an
insurance fund F, ADL beyond the bankruptcy price minus F / Q.
"""

from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
from PIL import Image

import marginlib as ml
from marginlib.liquidation import bankruptcy_price, liquidation_levels
from marginlib.plots.liquidation import SIZE
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
    # The picture is the shared FigureView's (tests/widgets/test_init.py checks for every widget
    # that a move updates one figure in place and equals a fresh drawing); here, that a move of
    # the size slider takes this picture's own artists to the new levels. By hand, 2 BTC at 20x:
    # W = 6,000, tier 2 (0.5%, 50): LP = (120,000 - 6,000 - 50) / (2 x 0.995) = 57,261.31;
    # BP = 60,000 - 6,000 / 2 = 57,000; ADL beyond 57,000 - 20,000 / 2 = 47,000, out of view
    # (the prices shown end 0.6 x 3,000 below the bankruptcy price, at 55,200).
    widget = liquidation_widget()
    view = widget.picture
    assert view is not None
    figure, drawing, equity = view.figure, view.drawing, view.drawing.equity
    first = view.png
    widget.size.value = 2.0
    assert view.figure is figure and view.drawing is drawing and drawing.equity is equity
    assert len(widget.output.outputs) == 1 and view.png != first
    assert base64.b64encode(view.png).decode() in widget.output.outputs[0]["data"]["text/html"]
    lines = drawing.lines
    assert lines["liquidation"].get_xdata()[0] == pytest.approx(57261.31, abs=0.005)
    assert lines["bankruptcy"].get_xdata()[0] == pytest.approx(57000.0)
    assert not lines["adl"].get_visible()
    assert drawing.ax.get_xlim() == pytest.approx((55200.0, 60300.0))
    assert drawing.ax.get_title().endswith("ADL beyond 47,000.00")
    assert drawing.title.get_text() == "Inside a liquidation: BTCUSDT long 2 from 60,000.00"
    # Sized for the column: 9.5 in at 96 dpi = 912 px.
    assert figure.dpi == 96 and tuple(figure.get_size_inches()) == pytest.approx(SIZE)
    assert Image.open(io.BytesIO(view.png)).size[0] == 912


def test_a_refused_leverage_empties_the_picture_until_the_next_good_one() -> None:
    widget = liquidation_widget()
    view = widget.picture
    assert view is not None
    figure = view.figure
    widget.size.value = 300.0
    widget.leverage.value = 50  # refused: tier 5 allows 25x
    assert widget.output.outputs == ()
    widget.leverage.value = 20
    assert view.figure is figure and len(widget.output.outputs) == 1


def test_css_classes(widget: LiquidationWidget) -> None:
    assert "ml-liq-fee" in classes(widget.fee)
    assert "ml-liq-outcome" in classes(widget.outcome_label)
    assert "ml-liq-plot" in classes(widget.output)
