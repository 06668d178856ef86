"""marginlib.numeric: exact numbers and their text."""

from __future__ import annotations

from decimal import Decimal

from marginlib.numeric import plain

D = Decimal


def test_plain_prints_exact_amounts_without_noise() -> None:
    assert plain(D("472.777500")) == "472.7775"
    assert plain(D("1E+3")) == "1000"
    assert plain(D("0.994950")) == "0.99495"
    assert plain(D("0.123456785")) == "0.12345679"  # 8 places, half-up
    assert plain(D("-21.00525")) == "-21.00525"
