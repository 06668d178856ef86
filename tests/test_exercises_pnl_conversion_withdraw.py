"""Exercise checkers of notebooks 04-06: each marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495).
"""

from __future__ import annotations

from marginlib.exercises.conversion import check_busd_sold, check_triggered
from marginlib.exercises.pnl import check_equity, check_margin_ratio
from marginlib.exercises.withdraw import check_binding_term, check_max_withdraw

# --- notebook 04: BTC 18,500, ETH 640 ----------------------------------------------------------
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


# --- notebook 05 ---------------------------------------------------------------------------------
# USDT -12,000 x 0.99495 = -11,939.40 USD < -10,000: BUSD (rate 1) sells 11,939.40.


def test_check_busd_sold_right() -> None:
    assert not check_busd_sold(None)
    assert check_busd_sold(11939.40)
    assert check_busd_sold("11939.4")


def test_check_busd_sold_wrong_with_reasons() -> None:
    no_rate = check_busd_sold(12000)
    assert not no_rate and "left out the rate" in no_rate.message
    buy_rate = check_busd_sold(11761.20)  # 12,000 x 0.9801
    assert not buy_rate and "not the buy rate" in buy_rate.message


def test_check_busd_sold_below_the_threshold_sells_nothing() -> None:
    # -9,000 x 0.99495 = -8,954.55 USD: above -10,000.
    assert check_busd_sold(0, usdt_balance=-9000)
    verdict = check_busd_sold(8954.55, usdt_balance=-9000)
    assert not verdict and "not below it" in verdict.message


def test_check_busd_sold_not_enough_busd() -> None:
    # Only 5,000 BUSD: all of it goes, USDT stays negative.
    assert check_busd_sold(5000, usdt_balance=-12000, busd_balance=5000)
    verdict = check_busd_sold(11939.40, usdt_balance=-12000, busd_balance=5000)
    assert not verdict and "USDT stays negative" in verdict.message


def test_check_triggered() -> None:
    # -9,500 USDT (-9,452.025 USD) and -9,500 BUSD: each above -10,000 on its own.
    assert check_triggered(False) and check_triggered("no")
    wrong = check_triggered(True)
    assert not wrong and "the sum does not count" in wrong.message
    # -10,100 USDT = -10,048.995 USD: below.
    assert check_triggered("yes", usdt_balance=-10100, busd_balance=500)
    # -10,000 USDT = -9,949.50 USD: not below (the debt is valued at 0.99495).
    assert not check_triggered(True, usdt_balance=-10000, busd_balance=500)
    assert not check_triggered(1)
    assert not check_triggered(None) and "No answer yet" in check_triggered(None).message


# --- notebook 06: Scenario 2 with a 150 BUSD bonus ----------------------------------------------
# Terms: 216.424, 76.525, 216.424 - 150 = 66.424 -> term 3 binds.
# BUSD 66.424 -> 66.42; USDT 66.424 / 0.99495 = 66.76114... -> 66.76.


def test_check_max_withdraw() -> None:
    assert check_max_withdraw(66.42)
    assert check_max_withdraw(66.76, asset="USDT")
    forgot = check_max_withdraw(76.53)
    assert not forgot and "left out the bonus" in forgot.message
    wallet = check_max_withdraw(220)
    assert not wallet and "only a cap" in wallet.message
    assert not check_max_withdraw(66.43)
    empty = check_max_withdraw(None)
    assert not empty and "66.42" not in empty.message


def test_check_max_withdraw_without_bonus_is_scenario_2() -> None:
    assert check_max_withdraw(76.53, bonus=0)  # 76.525 -> 76.53 half-up
    assert check_max_withdraw(76.91, asset="USDT", bonus=0)  # 76.91341273


def test_check_binding_term() -> None:
    assert check_binding_term(3) and check_binding_term("3")
    wrong = check_binding_term(2)
    assert not wrong and "Binding: term 3 (WB - MM - L)" in wrong.message
    assert check_binding_term(2, bonus=0)
    assert not check_binding_term(None) and "No answer yet" in check_binding_term(None).message
    assert not check_binding_term("x") and "Answer 1, 2 or 3" in check_binding_term(4).message
