"""marginlib.exercises.pnl: notebook 4.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.pnl import check_equity, check_margin_ratio


# notebook 04: BTC 18,500, ETH 640
# USDT equity 200 + 0.5 x (18,500 - 20,000) = -550 -> x 0.99495 = -547.2225
# BUSD equity 220 + 20 x (640 - 600) = 1,020; account equity 472.7775 -> 472.78
# MM 0.5 x 18,500 x 0.008 x 0.99495 + 20 x 640 x 0.01 = 73.6263 + 128 = 201.6263
# ratio 201.6263 / 472.7775 = 42.647% -> 42.65
def test_check_equity_right() -> None:
    verdict = check_equity(472.78)
    assert verdict.correct and str(verdict) == "✔ Account equity (USD) = 472.78: right."
    assert check_equity("472.7775")


def test_check_equity_wrong_names_the_buy_rate_slip() -> None:
    # -550 x 0.9801 + 1,020 = 480.945 -> 480.95: the negative equity at the buy rate.
    verdict = check_equity(480.95)
    assert not verdict.correct
    assert "expected 472.78" in verdict.message
    assert "You valued the negative equity at the buy rate" in verdict.message
    assert "-547.2225" in verdict.message
    other = check_equity(470)
    assert not other and "You valued" not in other.message
    assert not check_equity("abc") and "not a number" in check_equity("abc").message
    # No answer yet: wrong, and the solution is not given away.
    empty = check_equity(None)
    assert not empty and "No answer yet" in empty.message and "472" not in empty.message


def test_check_equity_other_marks() -> None:
    assert check_equity(321.52, btc_mark=19000, eth_mark=620)  # the guide's Scenario 3
    assert not check_equity(321.51, btc_mark=19000, eth_mark=620)


def test_check_margin_ratio() -> None:
    assert check_margin_ratio(42.65) and check_margin_ratio("42.65%")
    assert not check_margin_ratio(None)
    wrong = check_margin_ratio(0.4265)
    assert not wrong and "percent" in wrong.message
    assert not check_margin_ratio(42.64)


def test_check_margin_ratio_guide_slip_in_scenario_3() -> None:
    # 199.596 / 321.515 = 62.0798% -> 62.08, the guide's figure; the right one is 62.09.
    assert check_margin_ratio(62.09, btc_mark=19000, eth_mark=620)
    verdict = check_margin_ratio(62.08, btc_mark=19000, eth_mark=620)
    assert not verdict and "follows the mark price" in verdict.message
