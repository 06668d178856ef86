"""marginlib.widgets.account: the live account.

Hand work (the guide's rates: USDT buy 0.99 x (1 - 0.01) = 0.9801, sell 0.99 x (1 + 0.005)
= 0.99495; BUSD 1):
- Scenario 1: 200 x 0.9801 + 220 = 196.02 + 220 = 416.02; usable USDT 416.02 / 0.99495
  = 418.1315... -> 418.13; usable BUSD 416.02.
- Scenario 2: MM 0.5 x 20,000 x 0.008 x 0.99495 + 20 x 600 x 0.01 = 79.596 + 120 = 199.596
  -> 199.60; ratio 199.596 / 416.02 = 0.479775 -> 47.98%; IM 10,000 / 100 x 0.99495 + 12,000
  / 50 = 99.495 + 240 = 339.495 -> 339.50; available 416.02 - 339.495 = 76.525 -> 76.53.
- Scenario 3 (BTC 19,000, ETH 620): USDT 200 - 500 = -300 -> x 0.99495 = -298.485; BUSD
  220 + 400 = 620; equity 321.515 -> 321.52; MM 75.6162 + 124 = 199.6162 -> 199.62; ratio
  62.086% -> 62.09%; IM 94.52025 + 248 = 342.52025; available -21.00525 -> -21.01."""

from __future__ import annotations

from decimal import Decimal

import matplotlib
import pytest

from tests.widgets import classes

matplotlib.use("Agg")
from marginlib.widgets.account import LiveAccountWidget, live_account_widget


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
