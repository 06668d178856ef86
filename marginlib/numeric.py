"""Numbers: exact decimals for the ledger, numpy float arrays for exploration.

The formulas in marginlib are written once, with ``+ - * /`` and the three helpers below, so
the same function computes an exact :class:`~decimal.Decimal` for one account and a float array
for a grid of prices. Rounding happens only for display (:func:`round_half_up`): the guide's
figures are half-up roundings of exact values (76.525 -> 76.53), which binary floats miss.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from .errors import InvalidInput

FloatArray: TypeAlias = npt.NDArray[np.float64]
#: A number the formulas accept: an exact decimal or a float array (or a plain float).
Num: TypeAlias = Any
N = TypeVar("N", Decimal, float, FloatArray)

ZERO = Decimal(0)
ONE = Decimal(1)
INFINITY = Decimal("Infinity")
CENT = Decimal("0.01")
#: Inputs are refused beyond 10^±MAX_EXPONENT (see :func:`to_decimal`).
MAX_EXPONENT = 99


def to_decimal(value: object, field: str) -> Decimal:
    """Read ``value`` (a string, int, float or Decimal) as a finite Decimal, or raise.

    Floats go through ``repr`` so that ``0.1`` becomes ``Decimal('0.1')``, not the binary
    expansion; booleans are refused (``True`` is an int in Python, never a price).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise InvalidInput(field, f"must be a number, got {type(value).__name__}")
    try:
        # float(): numpy's float64 is a float whose repr is "np.float64(0.1)", not a number.
        result = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InvalidInput(field, f"must be a number, got {value!r}") from None
    if not result.is_finite():
        raise InvalidInput(field, f"must be finite, got {result}")
    # No exchange figure comes near these bounds; beyond them a product or a quotient of a few
    # inputs could overflow the decimal context (a traceback) instead of naming the field.
    if result and not -MAX_EXPONENT <= result.adjusted() < MAX_EXPONENT:
        limits = f"1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT}"
        raise InvalidInput(field, f"must be 0 or between {limits} in size, got {result}")
    return result


def positive(value: object, field: str) -> Decimal:
    """A finite Decimal that must be > 0."""
    result = to_decimal(value, field)
    if result <= 0:
        raise InvalidInput(field, f"must be positive, got {result}")
    return result


def non_negative(value: object, field: str) -> Decimal:
    """A finite Decimal that must be >= 0."""
    result = to_decimal(value, field)
    if result < 0:
        raise InvalidInput(field, f"must not be negative, got {result}")
    return result


def where(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``if_true`` where ``condition`` holds, else ``if_false``, for scalars and arrays alike."""
    if isinstance(condition, np.ndarray) or isinstance(if_true, np.ndarray) or isinstance(
        if_false, np.ndarray
    ):
        return np.where(condition, if_true, if_false)
    return if_true if condition else if_false


def minimum(a: Any, b: Any) -> Any:
    """Element-wise minimum for arrays, plain ``min`` for scalars."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return min(a, b)


def maximum(a: Any, b: Any) -> Any:
    """Element-wise maximum for arrays, plain ``max`` for scalars."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return max(a, b)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round for display the way the guide does (0.5 goes up): 76.525 -> 76.53."""
    if not value.is_finite():
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def floor_to(value: Decimal, places: int = 8) -> Decimal:
    """Round down to ``places`` decimals: used where rounding up could overdraw an account."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)


def usd(value: Decimal) -> str:
    """``416.02`` style text for an amount of USD (half-up to the cent)."""
    if not value.is_finite():
        return "inf" if value > 0 else "-inf"
    return f"{round_half_up(value, 2):,.2f}"


def plain(value: Decimal) -> str:
    """An exact amount for reading: at most 8 decimals (half-up), no trailing zeros and no
    exponent (472.777500 -> 472.7775, 1E+3 -> 1000, 0.994950 -> 0.99495)."""
    return format(round_half_up(value, 8).normalize(), "f")


def percent(ratio: Decimal, places: int = 2) -> str:
    """``47.98%`` style text for a ratio given as a fraction (half-up)."""
    if not ratio.is_finite():
        return "inf"
    return f"{round_half_up(ratio * 100, places)}%"


def as_float(value: Decimal) -> float:
    """A Decimal as a float for the exploration grids (infinity stays infinite)."""
    return math.inf if value == INFINITY else float(value)
