"""Exercise checkers: each marks an answer right or wrong and says why.

A checker returns a :class:`Verdict`; in a notebook it displays as one line (✔ or ✘ and the
reason). Answers are compared to marginlib's exact result at the precision the question asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Verdict:
    """Right or wrong, and why."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✔ " if self.correct else "✘ ") + self.message

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(str(self))  # type: ignore[attr-defined]

    def __bool__(self) -> bool:
        return self.correct


def check_number(answer: object, expected: Decimal, places: int, what: str, why: str) -> Verdict:
    """Compare ``answer`` with ``expected`` rounded half-up to ``places`` decimals.

    ``why`` explains how the expected value is computed; it is shown when the answer is wrong.
    """
    from ..numeric import round_half_up

    target = round_half_up(expected, places)
    try:
        given = Decimal(str(answer))
    except (InvalidOperation, ValueError):
        return Verdict(False, f"{what}: {answer!r} is not a number. {why}")
    if not given.is_finite():
        return Verdict(False, f"{what}: {answer!r} is not a finite number. {why}")
    if round_half_up(given, places) == target:
        return Verdict(True, f"{what} = {target}: right.")
    return Verdict(False, f"{what}: you gave {given}, expected {target}. {why}")
