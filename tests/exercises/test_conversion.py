"""marginlib.exercises.conversion: notebook 5.

Each checker marks a right answer right and a wrong one wrong, and says why. Expected values
are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495; today's BTC: 95% as margin,
97.5% in auto-exchange)."""

from __future__ import annotations

import marginlib as ml
from marginlib.exercises.conversion import check_donor_usd, check_threshold_value


# Question 1: -10,040 USDT x 0.99495 = -9,989.298 USD -> -9,989.30: not below -10,000.
def test_check_threshold_value_right() -> None:
    assert not check_threshold_value(None)
    right = check_threshold_value(-9989.30)
    assert right and "Not below the threshold" in right.message
    assert check_threshold_value("-9,989.30")  # as ml.usd prints it
    # -10,100 USDT = -10,048.995 USD: below, the engine converts.
    below = check_threshold_value("-10,049.00", usdt_balance=-10100)
    assert below and "Below the threshold -10000 USD: the engine converts." in below.message


def test_check_threshold_value_names_the_slip() -> None:
    no_rate = check_threshold_value(-10040)
    assert not no_rate and "left out the rate" in no_rate.message
    buy_rate = check_threshold_value(-9840.20)  # -10,040 x 0.9801 = -9,840.204
    assert not buy_rate and "not the buy rate" in buy_rate.message
    assert not check_threshold_value("ten thousand")


# Question 2: USDT -16,000 at par; donors at their auto-exchange rates: 8,000 USDC (8,000 USD)
# and 0.4 BTC x 25,000 x 97.5% = 9,750 USD; pool 17,750. BTC pays 16,000 x 9,750 / 17,750 =
# 8,788.7323... -> 8,788.73; USDC pays 16,000 x 8,000 / 17,750 = 7,211.27.
def test_check_donor_usd_right() -> None:
    assert not check_donor_usd(None)
    assert check_donor_usd(8788.73)
    assert check_donor_usd(ml.usd(ml.round_half_up(ml.numeric.to_decimal("8788.7323", "x"))))
    assert check_donor_usd("7,211.27", donor="USDC")


def test_check_donor_usd_names_the_slip() -> None:
    # BTC at its margin rate 95% (9,500; pool 17,500): 16,000 x 9,500 / 17,500 = 8,685.71.
    margin = check_donor_usd(8685.71)
    assert not margin and "margin rate (95%)" in margin.message
    # BTC at its full price (10,000; pool 18,000): 8,888.89.
    full = check_donor_usd(8888.89)
    assert not full and "full price" in full.message
    halves = check_donor_usd(8000)
    assert not halves and "in proportion to its value" in halves.message
    assert "16000 x 9750 / 17750 = 8788.73" in halves.message
