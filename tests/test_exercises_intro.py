"""Exercise checkers of notebooks 01-03: each marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495).
"""

from __future__ import annotations

from decimal import Decimal

from marginlib import opened_account, summarize
from marginlib.exercises.pool import check_pool_equity, check_sell_rate, check_usable_usdt
from marginlib.exercises.positions import (
    check_available,
    check_maintenance_margin,
)

# --- notebook 01: 300 USDT + 100 BUSD, no positions --------------------------------------------
# 300 x 0.9801 + 100 = 294.03 + 100 = 394.03


def test_check_pool_equity_right() -> None:
    verdict = check_pool_equity(394.03)
    assert verdict.correct and str(verdict) == "✔ Account equity (USD) = 394.03: right."
    assert check_pool_equity("394.03")


def test_check_pool_equity_wrong() -> None:
    face = check_pool_equity(400)  # 300 + 100: balances counted one for one
    assert not face and "expected 394.03" in face.message
    assert "one for one" in face.message and "300 x 0.9801" in face.message
    sell = check_pool_equity(398.49)  # 300 x 0.99495 + 100 = 398.485 -> 398.49
    assert not sell and "You used the sell rate" in sell.message
    other = check_pool_equity(394.0)
    assert not other and "one for one" not in other.message
    assert str(other).startswith("✘ ")
    assert not check_pool_equity("abc") and "not a number" in check_pool_equity("abc").message
    empty = check_pool_equity(None)
    assert not empty and "No answer yet" in empty.message and "394" not in empty.message


def test_check_pool_equity_other_balances() -> None:
    assert check_pool_equity(416.02, usdt=200, busd=220)  # the guide's Scenario 1
    assert not check_pool_equity(420, usdt=200, busd=220)


# --- notebook 02: USDT at 1.002, bid premium +0.01, ask premium -0.005 (guide's signs) ---------
# buy 1.002 x 0.99 = 0.99198; sell 1.002 x 1.005 = 1.00701
# 100 USDT + 400 BUSD: equity 99.198 + 400 = 499.198; usable USDT 499.198 / 1.00701 = 495.7229..


def test_check_sell_rate_right() -> None:
    assert check_sell_rate(1.00701)
    assert check_sell_rate("1.00701").message == "Sell rate = 1.00701: right."
    assert check_sell_rate("0.99495", price="0.99")  # the guide's table


def test_check_sell_rate_wrong() -> None:
    flipped = check_sell_rate(0.99699)  # 1.002 x (1 - 0.005): the sign flipped
    assert not flipped and "expected 1.00701" in flipped.message
    assert "flipped the sign" in flipped.message
    close = check_sell_rate(1.007)  # 5 decimals asked: 1.00700 is not 1.00701
    assert not close and "flipped" not in close.message
    assert not check_sell_rate(None)


def test_check_usable_usdt_right() -> None:
    assert check_usable_usdt(495.72)
    assert check_usable_usdt("495.72").message == "Usable USDT = 495.72: right."
    assert check_usable_usdt(418.13, usdt=200, busd=220, price="0.99")  # Scenario 1


def test_check_usable_usdt_wrong() -> None:
    buy = check_usable_usdt(503.23)  # 499.198 / 0.99198 = 503.234...
    assert not buy and "divided by the buy rate" in buy.message
    assert "expected 495.72" in buy.message and "499.198 / 1.00701" in buy.message
    in_usd = check_usable_usdt(499.20)  # the USD amount
    assert not in_usd and "That is the USD amount" in in_usd.message
    guide = check_usable_usdt(500.54)  # (98.01 + 400) / 0.99495 = 500.537...: guide's price
    assert not guide and "guide's USDT price" in guide.message
    # Scenario 1 divided by the buy rate: 416.02 / 0.9801 = 424.467... -> 424.47
    scenario_buy = check_usable_usdt(424.47, usdt=200, busd=220, price="0.99")
    assert not scenario_buy and "expected 418.13" in scenario_buy.message


# --- notebook 03: 0.2 BTCUSDT at 20,000 (20x), 5 ETHBUSD at 600 (25x), wallet 200 / 220 --------
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
