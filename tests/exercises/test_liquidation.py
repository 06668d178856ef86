"""marginlib.exercises.liquidation: notebook 11.

Worked by hand: 3,000 USDT, long 2 BTCUSDT from 60,000 (tier 2: 0.5%, cum 50), fee 1.25%.
Bankruptcy price 60,000 - 3,000 / 2 = 58,500. Liquidation price: 3,000 + 2 (p - 60,000) =
0.01 p - 50 -> p = 116,950 / 1.99 = 58,768.84; the equity there, 0.01 p - 50 = 537.69, is less
than the fee due (1.25% x 2 x 58,768.84 = 1,469.22): the fund takes all 537.69."""

from __future__ import annotations

from decimal import Decimal

from marginlib.exercises.liquidation import check_bankruptcy_price, check_fund_gain, fund_gain


def test_bankruptcy_price_right() -> None:
    verdict = check_bankruptcy_price(58500)
    assert verdict and str(verdict) == "✔ Bankruptcy price (USDT) = 58500.00: right."
    assert check_bankruptcy_price("58,500.00")


def test_bankruptcy_price_wrong_with_reasons() -> None:
    liquidation = check_bankruptcy_price("58,768.84")
    assert not liquidation and "That is the liquidation price" in liquidation.message
    whole = check_bankruptcy_price(57000)
    assert not whole and "divide it by 2 BTC" in whole.message
    initial = check_bankruptcy_price(58800)
    assert not initial and "not only its initial margin (2400)" in initial.message
    assert not check_bankruptcy_price("abc")
    empty = check_bankruptcy_price(None)
    assert not empty and empty.message.startswith("No answer yet") and "585" not in str(empty)


def test_fund_gain_right() -> None:
    assert abs(fund_gain() - (Decimal(116950) / Decimal("1.99") * Decimal("0.01") - 50)) < (
        Decimal("1e-20"))
    verdict = check_fund_gain("537.69")
    assert verdict and str(verdict) == "✔ Paid into the insurance fund (USDT) = 537.69: right."


def test_fund_gain_wrong_with_reasons() -> None:
    uncapped = check_fund_gain("1,469.22")
    assert not uncapped and "The fee is capped at what is left" in uncapped.message
    nothing = check_fund_gain(0)
    assert not nothing and "not bankrupt at the liquidation price" in nothing.message
    other = check_fund_gain(500)
    assert not other and "capped" not in other.message.split(".")[0]
    empty = check_fund_gain(None)
    assert not empty and "537" not in str(empty)
