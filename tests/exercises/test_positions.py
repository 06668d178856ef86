"""marginlib.exercises.positions: notebook 3.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from decimal import Decimal

from marginlib import opened_account, summarize
from marginlib.exercises.positions import (
    check_available,
    check_maintenance_margin,
)


# notebook 03: 0.2 BTCUSDT at 20,000 (20x), 5 ETHBUSD at 600 (25x), wallet 200 / 220
# BTC notional 4,000: IM 200 USDT -> 198.99 USD; MM 32 USDT -> 31.8384 USD
# ETH notional 3,000: IM 120 BUSD; MM 30 BUSD
# MM 61.8384 -> 61.84; IM 318.99; available 416.02 - 318.99 = 97.03
def test_opened_account_is_the_one_in_the_notebook() -> None:
    summary = summarize(opened_account())
    assert summary.maintenance_margin == Decimal("61.8384")
    assert summary.initial_margin == Decimal("318.99")
    assert summary.equity == Decimal("416.02")
    assert summary.available == Decimal("97.03")


def test_check_maintenance_margin_right() -> None:
    verdict = check_maintenance_margin(61.84)
    assert verdict and str(verdict) == "✔ Maintenance margin (USD) = 61.84: right."
    assert check_maintenance_margin("61.8384")
    # The guide's Scenario 2: 199.596 -> 199.60
    assert check_maintenance_margin(199.60, btc_size="0.5", btc_leverage=100, eth_size=20,
                                    eth_leverage=50)


def test_check_maintenance_margin_wrong() -> None:
    no_rate = check_maintenance_margin(62)  # 32 + 30: USDT left in USDT
    assert not no_rate and "expected 61.84" in no_rate.message
    assert "sell rate 0.99495" in no_rate.message
    buy = check_maintenance_margin(61.36)  # 32 x 0.9801 + 30 = 61.3632
    assert not buy and "buy rate" in buy.message
    initial = check_maintenance_margin(318.99)
    assert not initial and "That is the initial margin" in initial.message
    assert not check_maintenance_margin(None)


def test_check_available_right() -> None:
    verdict = check_available(97.03)
    assert verdict and str(verdict) == "✔ Available for new orders (USD) = 97.03: right."
    # The guide's Scenario 2: 416.02 - 339.495 = 76.525 -> 76.53 (half-up, exact decimals)
    assert check_available(76.53, btc_size="0.5", btc_leverage=100, eth_size=20,
                           eth_leverage=50)


def test_check_available_wrong() -> None:
    maintenance = check_available(354.18)  # 416.02 - 61.8384 = 354.1816
    assert not maintenance and "subtracted the maintenance margin" in maintenance.message
    assert "expected 97.03" in maintenance.message and "416.02 - 318.99" in maintenance.message
    no_rate = check_available(96.02)  # 416.02 - (200 + 120)
    assert not no_rate and "left the USDT initial margin in USDT" in no_rate.message
    buy = check_available(100)  # 416.02 - (196.02 + 120) = 100
    assert not buy and "buy rate" in buy.message
    # Binary floats: round(416.02 - 339.495, 2) = 76.52 is wrong for Scenario 2.
    floats = check_available(round(416.02 - 339.495, 2), btc_size="0.5", btc_leverage=100,
                             eth_size=20, eth_leverage=50)
    assert not floats and "expected 76.53" in floats.message
    empty = check_available(None)
    assert not empty and "97" not in empty.message
