"""Exercise checkers: each marks an answer right or wrong and says why.

A checker returns a :class:`Verdict`; in a notebook it displays as one line (✔ or ✘ and the
reason). Answers are compared to marginlib's exact result at the precision the question asks.

Every checker reads the student's answer with the same functions, kept here beside
:class:`Verdict`: :func:`parse_answer` (one parser, which reads what ``ml.usd`` and
``ml.percent`` print: thousands commas, a trailing "%", spaces), :func:`no_answer` (the "No
answer yet" verdict for ``None``, which shows nothing of the solution), :func:`rounds_to` (does
an answer match a value at the question's precision: used to name the student's slip) and
:func:`check_number` (the verdict). Explanations print exact numbers with
:func:`marginlib.numeric.plain`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..numeric import round_half_up

#: A verdict's printed lines are at most this long (a 934 px notebook column).
WIDTH = 88


@dataclass(frozen=True)
class Verdict:
    """Right or wrong, and why."""

    correct: bool
    message: str

    def __str__(self) -> str:
        """``✔ message`` or ``✘ message``, wrapped at 88 characters (a printed page), never
        inside a word."""
        return textwrap.fill(("✔ " if self.correct else "✘ ") + self.message, WIDTH,
                             break_long_words=False, break_on_hyphens=False)

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(str(self))  # type: ignore[attr-defined]

    def __bool__(self) -> bool:
        return self.correct


def parse_answer(answer: object) -> Decimal | None:
    """The answer as a Decimal, or None when it is not a number.

    Numbers are read through their text (``76.53`` -> ``Decimal("76.53")``); text may be written
    as ``ml.usd`` and ``ml.percent`` print it: ``"12,050.00"``, ``"47.98%"``, ``" 76.53 "``.
    ``"inf"`` and ``"NaN"`` come back as the non-finite Decimals they are (:func:`check_number`
    refuses them); ``True`` and ``False`` are not numbers.
    """
    if isinstance(answer, bool):
        return None
    text = str(answer)
    if isinstance(answer, str):
        text = "".join(text.split()).replace(",", "").rstrip("%")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def rounds_to(answer: object, value: Decimal, places: int) -> bool:
    """True when ``answer`` and ``value`` agree once both are rounded half-up to ``places``."""
    number = parse_answer(answer)
    return (number is not None and number.is_finite()
            and round_half_up(number, places) == round_half_up(value, places))


def no_answer(answer: object, name: str) -> Verdict | None:
    """A "No answer yet" verdict when ``answer`` is None (it gives nothing away), else None."""
    if answer is None:
        return Verdict(False, f"No answer yet: set {name} and run the cell again.")
    return None


def check_number(answer: object, expected: Decimal, places: int, what: str, why: str,
                 slips: Sequence[tuple[Decimal, str]] = ()) -> Verdict:
    """Compare ``answer`` with ``expected`` rounded half-up to ``places`` decimals.

    ``why`` explains how the expected value is computed; it is shown when the answer is wrong.
    ``slips`` are (value, hint) pairs of the usual mistakes: a wrong answer that matches one has
    that hint named first.
    """
    target = round_half_up(expected, places)
    given = parse_answer(answer)
    if given is None:
        return Verdict(False, f"{what}: {answer!r} is not a number. {why}")
    if not given.is_finite():
        return Verdict(False, f"{what}: {answer!r} is not a finite number. {why}")
    if round_half_up(given, places) == target:
        return Verdict(True, f"{what} = {target}: right.")
    hint = next((hint for value, hint in slips if rounds_to(given, value, places)), None)
    if hint is not None:
        why = f"{hint} {why}"
    return Verdict(False, f"{what}: you gave {given}, expected {target}. {why}")


__all__ = ["Verdict", "check_number", "no_answer", "parse_answer", "rounds_to"]
