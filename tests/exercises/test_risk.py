"""marginlib.exercises.risk: notebook 8.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.risk import check_depeg_effect, check_liquidation_price


# notebook 08: USDT at 0.97
# sell rate 0.97 x 1.005 = 0.97485; b* = 9,800 / 0.496 - 1,000 / 0.97485
#   = 19,758.0645 - 1,025.7988 = 18,732.27
# at the guide's 0.99: 18,752.99; at 0.95 (notebook 8's table): 18,710.67;
# at the index price, no premium: 19,758.0645 - 1,000 / 0.97 = 18,727.14
# ratio: (76 x 0.97485 + 124) / (-300 x 0.97485 + 620) = 198.0886 / 327.545 = 60.48% < 62.09%
def test_check_liquidation_price_right() -> None:
    verdict = check_liquidation_price(18732.27)
    assert verdict.correct and str(verdict) == "✔ BTCUSDT liquidation price = 18732.27: right."
    assert check_liquidation_price("18,732.27")
    # At 0.99 the guide's account is liquidated at 18,752.99 (notebook 4); at 0.95, 18,710.67.
    assert check_liquidation_price(18752.99, usdt_price="0.99")
    assert check_liquidation_price(18710.67, usdt_price="0.95")


def test_check_liquidation_price_wrong_with_reasons() -> None:
    stale = check_liquidation_price(18752.99)
    assert not stale and "the depeg changes the sell rate" in stale.message
    assert "expected 18732.27" in stale.message and "0.97485" in stale.message
    bare = check_liquidation_price(18727.14)
    assert not bare and "You valued USDT at its index price" in bare.message
    other = check_liquidation_price(18700)
    assert not other and "index price" not in other.message
    assert not check_liquidation_price("abc")
    empty = check_liquidation_price(None)
    assert not empty and "187" not in empty.message


def test_check_depeg_effect() -> None:
    right = check_depeg_effect("safer")
    assert right and "62.09%" in right.message and "60.48%" in right.message
    wrong = check_depeg_effect("riskier")
    assert not wrong and "expected safer" in wrong.message
    # USDT at 1.02: (76 x 1.0251 + 124) / (-300 x 1.0251 + 620) = 201.9076 / 312.47 = 64.62%.
    assert check_depeg_effect("riskier", usdt_price="1.02")
    assert not check_depeg_effect("sideways")
    assert not check_depeg_effect(None)
