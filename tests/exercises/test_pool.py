"""marginlib.exercises.pool: notebooks 1 and 2.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.pool import check_pool_equity, check_sell_rate, check_usable_usdt


# notebook 01: 300 USDT + 100 BUSD, no positions
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


# notebook 02: USDT at 1.002, bid premium +0.01, ask premium -0.005 (guide's signs)
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
