"""marginlib.exercises: what every checker shares.

One answer parser, the "no answer yet" verdict, matching an answer at the question's
precision, and the verdict with the student's slip named first.

Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.exercises import Verdict, check_number, no_answer, parse_answer, rounds_to

D = Decimal


@pytest.mark.parametrize(("answer", "expected"), [
    (76.53, D("76.53")),
    ("76.53", D("76.53")),
    (" 76.53 ", D("76.53")),
    ("12,050.00", D("12050.00")),   # ml.usd's thousands commas
    ("47.98%", D("47.98")),         # ml.percent's trailing %
    ("47.98 %", D("47.98")),
    ("1 234.5", D("1234.5")),
    (-5, D(-5)),
    ("-221.96", D("-221.96")),
])
def test_parse_answer_reads_numbers_and_what_usd_and_percent_print(answer: object,
                                                                   expected: Decimal) -> None:
    assert parse_answer(answer) == expected


@pytest.mark.parametrize("answer", ["abc", "", "1.2.3", True, False, None, [1]])
def test_parse_answer_refuses_what_is_not_a_number(answer: object) -> None:
    assert parse_answer(answer) is None


def test_parse_answer_reads_back_what_the_course_prints() -> None:
    # ml.usd rounds half-up to the cent with commas; ml.percent gives the ratio x 100, 2 places.
    for value in (D("12049.995"), D("-221.96"), D("416.02"), D("0.005")):
        assert parse_answer(ml.usd(value)) == ml.round_half_up(value, 2)
    assert parse_answer(ml.percent(D("0.479776"))) == D("47.98")
    assert parse_answer("inf") == D("Infinity")  # ml.percent of an infinite ratio


def test_rounds_to_compares_at_the_questions_precision() -> None:
    # 76.525 rounds half-up to 76.53 (binary floats would print 76.52).
    assert rounds_to("76.53", D("76.525"), 2) and rounds_to(76.53, D("76.525"), 2)
    assert not rounds_to("76.52", D("76.525"), 2)
    assert rounds_to("1,020", D("1020.004"), 2)
    assert not rounds_to("inf", D("Infinity"), 2) and not rounds_to("x", D(1), 2)


def test_no_answer_gives_nothing_away() -> None:
    verdict = no_answer(None, "your equity")
    assert verdict == Verdict(False, "No answer yet: set your equity and run the cell again.")
    assert no_answer(0, "your equity") is None and no_answer("", "x") is None


def test_check_number_right_wrong_and_refused() -> None:
    assert str(check_number("416.02", D("416.015"), 2, "Equity", "why.")) == (
        "✔ Equity = 416.02: right.")
    assert check_number("12,050.00", D(12050), 2, "MM", "why.")
    wrong = check_number(416.01, D("416.015"), 2, "Equity", "why.")
    assert str(wrong) == "✘ Equity: you gave 416.01, expected 416.02. why."
    assert "'abc' is not a number" in check_number("abc", D(1), 2, "Equity", "why.").message
    assert "is not a finite number" in check_number("inf", D(1), 2, "Equity", "why.").message


def test_check_number_names_the_first_matching_slip() -> None:
    slips = [(D(500), "Not this."), (D(420), "You added 1:1."), (D("420.001"), "Nor this.")]
    verdict = check_number("420", D("416.02"), 2, "Equity", "why.", slips)
    assert str(verdict) == "✘ Equity: you gave 420, expected 416.02. You added 1:1. why."
    # A right answer names no slip, even if a slip has the same rounding.
    assert str(check_number("416.02", D("416.02"), 2, "Equity", "why.", [(D("416.02"), "X.")])) \
        == "✔ Equity = 416.02: right."
