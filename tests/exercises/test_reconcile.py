"""The exercise of notebook 12: Binance's liquidation price after two more funding payments.

By hand: the funding-paid account holds 194 USDT and 220 BUSD, long 0.5 BTCUSDT from 20,000
(100x, 0.8%); USDT bid 0.9801, ask 0.99495. Each payment is 0.01% x 10,000 = 1 USDT. With a
wallet W, USDT's equity W + 0.5 (b - 20,000) is negative at liquidation (ask rate):
(0.5 b - 10,000 + W) x 0.99495 + 220 = 0.5 b x 0.008 x 0.99495
-> b = ((10,000 - W) x 0.99495 - 220) / 0.4934952:
W = 192: 9,538.4696 / 0.4934952 = 19,328.3938...; W = 193: 19,326.3777...; W = 194: 19,324.3616...
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.exercises.reconcile import FUNDING, after_funding, check_liquidation_after_funding


def test_right() -> None:
    assert FUNDING == 1
    verdict = check_liquidation_after_funding("19,328.39")
    assert verdict and str(verdict) == "✔ BTCUSDT liquidation price = 19328.39: right."
    assert check_liquidation_after_funding(19328.39)
    assert check_liquidation_after_funding(19326.38, payments=1)  # Binance's price in the example


def test_no_answer_gives_nothing_away() -> None:
    empty = check_liquidation_after_funding(None)
    assert not empty and empty.message.startswith("No answer yet")
    assert "19" not in empty.message


def test_the_usual_slips_are_named() -> None:
    one = check_liquidation_after_funding(19326.38)
    assert not one and "19,326.38 is the price after 1 payment(s), with 193 USDT." in one.message
    none = check_liquidation_after_funding("19,324.36")
    assert not none and "after 0 payment(s), with 194 USDT" in none.message
    other = check_liquidation_after_funding(19300)
    assert not other and "payment(s)" not in other.message.split(".")[0]
    assert "((10,000 - 192) x 0.99495 - 220)" in other.message
    assert not check_liquidation_after_funding("lots")


def test_after_funding() -> None:
    assert after_funding(2).wallet["USDT"] == Decimal(192)
    assert after_funding(0) == ml.binance.read_example("funding-paid").account
    for bad in (-1, 1.5, True):
        with pytest.raises(ml.InvalidInput, match="payments"):
            after_funding(bad)  # type: ignore[arg-type]
