"""marginlib.widgets.pnl: the unrealized-PnL explorer.

Hand work: the guide's Scenario 3 and the shock account in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.widgets.pnl import PnlWidget, pnl_widget
from tests.widgets import classes

SELL = Decimal("0.99495")


@pytest.fixture(scope="module")
def pnl() -> PnlWidget:
    return pnl_widget(plot=False)


def test_pnl_widget_starts_at_scenario_3(pnl: PnlWidget) -> None:
    assert pnl.btc_mark.value == 19000 and pnl.eth_mark.value == 620
    assert pnl.ratio_label.value == "Margin ratio: 62.09%"
    assert pnl.equity_label.value == "Account equity: 321.52 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 199.62 USD"
    assert pnl.available_label.value == (
        "Available for new orders: -21.01 USD (negative: no new orders)")
    assert pnl.usdt_equity_label.value == "USDT equity: -300.00 USDT = -298.49 USD (sell rate)"
    assert pnl.busd_equity_label.value == "BUSD equity: 620.00 BUSD = 620.00 USD (buy rate)"
    # 0.99495 (0.5p - 9,800) + 496 = 0.0039798 p  ->  p = 9,254.51 / 0.4934952 = 18,752.99
    liquidation = (Decimal("9800") * SELL - 496) / (Decimal("0.5") * SELL - Decimal("0.004") * SELL)
    assert pnl.liquidation_label.value == f"BTCUSDT liquidation price: {liquidation:,.2f}"
    assert pnl.liquidation_label.value == "BTCUSDT liquidation price: 18,752.99"
    assert pnl.error_label.value == ""


def test_pnl_widget_back_at_entry_is_scenario_2(pnl: PnlWidget) -> None:
    pnl.btc_mark.value = 20000
    pnl.eth_mark.value = 600
    assert pnl.ratio_label.value == "Margin ratio: 47.98%"
    assert pnl.equity_label.value == "Account equity: 416.02 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 199.60 USD"
    assert pnl.available_label.value == "Available for new orders: 76.53 USD"
    # 200 x 0.9801 = 196.02
    assert pnl.usdt_equity_label.value == "USDT equity: 200.00 USDT = 196.02 USD (buy rate)"


def test_pnl_widget_other_marks(pnl: PnlWidget) -> None:
    # USDT 200 - 750 = -550 -> -547.2225; BUSD 220 + 800 = 1,020; equity 472.7775.
    # MM 0.5 x 18,500 x 0.008 x 0.99495 + 20 x 640 x 0.01 = 73.6263 + 128 = 201.6263 -> 42.647%
    pnl.btc_mark.value = 18500
    pnl.eth_mark.value = 640
    assert pnl.equity_label.value == "Account equity: 472.78 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 201.63 USD"
    assert pnl.ratio_label.value == "Margin ratio: 42.65%"
    assert pnl.usdt_equity_label.value == "USDT equity: -550.00 USDT = -547.22 USD (sell rate)"
    assert pnl.busd_equity_label.value == "BUSD equity: 1,020.00 BUSD = 1,020.00 USD (buy rate)"


def test_pnl_widget_shows_liquidation(pnl: PnlWidget) -> None:
    # BTC 18,000, ETH 620: equity (200 - 1,000) x 0.99495 + 620 = -175.96 < 0 -> liquidation.
    pnl.eth_mark.value = 620
    pnl.btc_mark.value = 18000
    assert pnl.ratio_label.value == "Margin ratio: inf (liquidation)"
    assert pnl.equity_label.value == "Account equity: -175.96 USD"


def test_pnl_widget_error_in_a_label_not_a_crash() -> None:
    w = pnl_widget(ml.scenario(1), plot=False)  # no positions to move
    assert w.error_label.value.startswith("Cannot compute: marks: no position in BTCUSDT")
    assert w.ratio_label.value == "" and w.account is None


def test_pnl_widget_css_classes_and_picture() -> None:
    w = pnl_widget()
    assert "ml-btc-mark" in classes(w.btc_mark) and "ml-eth-mark" in classes(w.eth_mark)
    for name in ("ratio", "equity", "maintenance", "available", "liquidation", "error"):
        assert f"ml-{name}" in classes(getattr(w, f"{name}_label"))
    assert "ml-equity-usdt" in classes(w.usdt_equity_label)
    assert "ml-equity-busd" in classes(w.busd_equity_label)
    w.btc_mark.value = 21000  # redraws without error
    assert w.error_label.value == ""
