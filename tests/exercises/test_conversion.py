"""marginlib.exercises.conversion: notebook 5.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.conversion import check_busd_sold, check_triggered


# notebook 05
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
