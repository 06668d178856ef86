"""marginlib.widgets.account: the live account.

Hand work: the guide's Scenarios 1-3 in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marginlib.widgets.account import LiveAccountWidget, live_account_widget
from tests.widgets import classes


@pytest.fixture()
def live() -> LiveAccountWidget:
    return live_account_widget(plot=False)


def test_live_account_starts_at_scenario_1(live: LiveAccountWidget) -> None:
    assert live.usdt_balance.value == 200 and live.busd_balance.value == 220
    assert live.btc_size.value == 0 and live.eth_size.value == 0
    assert live.equity_label.value == "Account equity: 416.02 USD"
    assert live.maintenance_label.value == "Maintenance margin: 0.00 USD"
    assert live.ratio_label.value == "Margin ratio: 0.00%"
    assert live.available_label.value == "Available for new orders: 416.02 USD"
    assert live.usdt_label.value == "USDT equity: 200.00 USDT = 196.02 USD (buy rate)"
    assert live.busd_label.value == "BUSD equity: 220.00 BUSD = 220.00 USD (buy rate)"
    assert live.error_label.value == ""


def test_live_account_scenario_2_and_3(live: LiveAccountWidget) -> None:
    live.btc_size.value = 0.5
    live.eth_size.value = 20
    assert live.equity_label.value == "Account equity: 416.02 USD"
    assert live.maintenance_label.value == "Maintenance margin: 199.60 USD"
    assert live.ratio_label.value == "Margin ratio: 47.98%"
    assert live.available_label.value == "Available for new orders: 76.53 USD"
    live.btc_mark.value = 19000
    live.eth_mark.value = 620
    assert live.unrealized_label.value == "Unrealized P&L: -500.00 USDT, 400.00 BUSD"
    assert live.equity_label.value == "Account equity: 321.52 USD"
    assert live.maintenance_label.value == "Maintenance margin: 199.62 USD"
    assert live.ratio_label.value == "Margin ratio: 62.09%"
    assert live.available_label.value == (
        "Available for new orders: -21.01 USD (negative: no new orders)"
    )
    assert live.usdt_label.value == "USDT equity: -300.00 USDT = -298.49 USD (sell rate)"
    assert live.summary is not None and live.summary.equity == Decimal("321.515")


def test_live_account_balances(live: LiveAccountWidget) -> None:
    # 300 x 0.9801 + 100 = 294.03 + 100 = 394.03 (notebook 01's exercise)
    live.usdt_balance.value = 300
    live.busd_balance.value = 100
    assert live.equity_label.value == "Account equity: 394.03 USD"
    assert live.available_label.value == "Available for new orders: 394.03 USD"


def test_live_account_liquidation_flag(live: LiveAccountWidget) -> None:
    # 0 USDT, 0 BUSD, long 0.5 BTC at entry 20,000 marked 19,000: USDT equity -500, equity
    # -497.475 <= 0 with MM > 0: the ratio is infinite, the account is liquidated.
    live.usdt_balance.value = 0
    live.busd_balance.value = 0
    live.btc_size.value = 0.5
    live.btc_mark.value = 19000
    assert live.ratio_label.value == "Margin ratio: inf (liquidation)"
    assert live.equity_label.value == "Account equity: -497.48 USD"


def test_live_account_css_classes(live: LiveAccountWidget) -> None:
    assert "ml-live-account" in classes(live)
    for widget, name in ((live.usdt_balance, "ml-usdt-balance"),
                         (live.busd_balance, "ml-busd-balance"), (live.btc_size, "ml-btc-size"),
                         (live.btc_mark, "ml-btc-mark"), (live.eth_size, "ml-eth-size"),
                         (live.eth_mark, "ml-eth-mark"), (live.equity_label, "ml-equity"),
                         (live.ratio_label, "ml-ratio"), (live.available_label, "ml-available"),
                         (live.error_label, "ml-error")):
        assert name in classes(widget)
