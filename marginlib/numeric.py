"""Numbers: exact decimals for the ledger, numpy float arrays for exploration.

The formulas in marginlib are written once, with ``+ - * /`` and the three helpers below, so
the same function computes an exact :class:`~decimal.Decimal` for one account and a float array
for a grid of prices. Rounding happens only for display (:func:`round_half_up`): the guide's
figures are half-up roundings of exact values (76.525 -> 76.53), which binary floats miss.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from .errors import InvalidInput, json_type, shown

FloatArray: TypeAlias = npt.NDArray[np.float64]
#: A number the formulas accept: an exact decimal or a float array (or a plain float).
Num: TypeAlias = Any
N = TypeVar("N", Decimal, float, FloatArray)

ZERO = Decimal(0)
ONE = Decimal(1)
INFINITY = Decimal("Infinity")
CENT = Decimal("0.01")

#: The accepted range of every number (:func:`to_decimal`): 0, or a magnitude from SMALLEST to
#: LARGEST, with at most MAX_DIGITS significant digits. LARGEST is a thousand times any real
#: account or price, and keeps sums exact: 15 digits before the point and 12 after fit in the
#: 28 digits of decimal arithmetic. SMALLEST is only a floor against numbers that would print
#: as thousands of zeros; the remainders a conversion leaves (1E-25) stay above it.
LARGEST = Decimal("1e15")
SMALLEST = Decimal("1e-99")
#: Decimal arithmetic keeps 28 significant digits: a longer input would be rounded silently.
MAX_DIGITS = 28
#: Kept for callers of the old name: inputs are refused below 10^-MAX_EXPONENT.
MAX_EXPONENT = 99
#: What a number in a string may look like: JSON's number syntax, ASCII only (no "1_000", no
#: Arabic-Indic or full-width digits, no spaces, no "+", no "NaN").
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
#: The accepted range, in words, for messages and the README.
RANGE_TEXT = "0 or between 1e-99 and 1e15 in size"


def _read(value: object, field: str) -> Decimal:
    """``value`` as a Decimal, exactly as written (no range check yet)."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise InvalidInput(field, f"must be a number, got {json_type(value)}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        if not _JSON_NUMBER.match(value):
            raise InvalidInput(field, "must be a number in JSON syntax (ASCII digits, -, ., e), "
                                      f"got {shown(value)}")
        return Decimal(value)
    if isinstance(value, (int, np.integer)):
        return Decimal(int(value))
    if isinstance(value, float):
        # repr(): 0.1 becomes Decimal('0.1'), not the binary expansion (np.float64 is a float
        # whose repr is "np.float64(0.1)", hence float() first).
        return Decimal(repr(float(value)))
    if isinstance(value, np.floating):
        # np.float32(0.1) prints "0.1": its shortest text at its own precision (np.arange's
        # float32 grids), not float(0.1f) = 0.10000000149011612.
        return Decimal(str(value))
    raise InvalidInput(field, f"must be a number, got {json_type(value)}")


def significant_digits(value: Decimal) -> int:
    """Significant digits of a finite Decimal, trailing zeros left out (1.500 -> 2)."""
    digits = value.as_tuple().digits
    end = len(digits)
    while end > 1 and digits[end - 1] == 0:
        end -= 1
    return end


def to_decimal(value: object, field: str) -> Decimal:
    """Read ``value`` as a finite Decimal in the accepted range, or raise naming ``field``.

    Accepted: Decimal, int, float (through ``repr``, so ``0.1`` is ``Decimal('0.1')``), numpy
    integers and floats, and strings in JSON's number syntax (ASCII). Refused: booleans (``True``
    is an int in Python, never a price), ``None``, NaN and infinities, magnitudes outside
    :data:`RANGE_TEXT`, and more than :data:`MAX_DIGITS` significant digits. ``-0`` reads as 0.
    """
    result = _read(value, field)
    if not result.is_finite():
        raise InvalidInput(field, f"must be finite, got {result}")
    if not result:
        return abs(result)  # -0 and 0E+5 are 0
    if abs(result) > LARGEST or result.adjusted() < -MAX_EXPONENT:
        raise InvalidInput(field, f"must be {RANGE_TEXT}, got {shown(result)}")
    if significant_digits(result) > MAX_DIGITS:
        raise InvalidInput(
            field,
            f"must have at most {MAX_DIGITS} significant digits (the precision of marginlib's "
            f"decimal arithmetic), got {significant_digits(result)}",
        )
    return result


def whole_number(value: object, field: str, low: int, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high`` (no upper bound when None): an int, a numpy
    integer, or any number that is whole (``20.0``, ``"20"``)."""
    number = to_decimal(value, field)
    limits = f"from {low} to {high}" if high is not None else f">= {low}"
    if number != number.to_integral_value() or number < low or (
        high is not None and number > high
    ):
        raise InvalidInput(field, f"must be a whole number {limits}, got {shown(number)}")
    return int(number)


def count(value: object, field: str, low: int = 0) -> int:
    """A count (steps, an interval, grid bots): an int or numpy integer, or a whole float or
    Decimal, at least ``low``; not a string, not a boolean."""
    if isinstance(value, str):
        raise InvalidInput(field, f"must be a whole number >= {low}, got string")
    return whole_number(value, field, low)


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


def fraction(value: object, field: str, *, below_one: bool = True) -> Decimal:
    """A rate given as a fraction (0.0125 is 1.25%): in [0, 1), or in [0, 1] when
    ``below_one`` is False."""
    result = non_negative(value, field)
    if result > 1 or (below_one and result == 1):
        raise InvalidInput(field, f"must be a fraction {'below' if below_one else 'up to'} 1, "
                                  f"got {result}")
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


def _quantized(value: Decimal, places: int, rounding: str) -> Decimal:
    """``value`` to ``places`` decimals, however large: the precision is raised for the call, so
    that 1e26 to the cent (29 digits) prints instead of raising InvalidOperation. No -0."""
    if not value.is_finite():
        return value
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + places + 2)
        result = value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return result if result else abs(result)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round for display the way the guide does (0.5 goes up): 76.525 -> 76.53."""
    return _quantized(value, places, ROUND_HALF_UP)


def floor_to(value: Decimal, places: int = 8) -> Decimal:
    """Round down to ``places`` decimals: used where rounding up could overdraw an account."""
    return _quantized(value, places, ROUND_FLOOR)


def shown_number(value: object, field: str) -> Decimal:
    """A number to display: a Decimal, int or float (numpy's too), infinities allowed (an
    infinite margin ratio prints as ``inf``); NaN is refused, naming ``field``."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise InvalidInput(field, f"must be a number, got {json_type(value)}")
    elif isinstance(value, (int, np.integer)):
        result = Decimal(int(value))
    elif math.isinf(value):
        result = INFINITY if value > 0 else -INFINITY
    else:
        result = _read(value, field)
    if result.is_nan():
        raise InvalidInput(field, "must be a number, got NaN")
    return result


def usd(value: Decimal) -> str:
    """``416.02`` style text for an amount of USD (half-up to the cent); NaN is refused."""
    amount = shown_number(value, "amount")
    if not amount.is_finite():
        return "inf" if amount > 0 else "-inf"
    return f"{round_half_up(amount, 2):,.2f}"


def plain(value: Decimal) -> str:
    """An exact amount for reading: at most 8 decimals (half-up), no trailing zeros and no
    exponent (472.777500 -> 472.7775, 1E+3 -> 1000, 0.994950 -> 0.99495)."""
    amount = shown_number(value, "amount")
    if not amount.is_finite():
        return "inf" if amount > 0 else "-inf"
    rounded = round_half_up(amount, 8)
    with localcontext() as ctx:  # normalize() rounds to the context: keep every digit
        ctx.prec = max(ctx.prec, len(rounded.as_tuple().digits))
        return format(rounded.normalize(), "f")


def plain_exact(value: Decimal) -> str:
    """Every digit of a finite Decimal, without exponent or trailing zeros, and never ``-0``
    (1E+3 -> 1000, 0.994950 -> 0.99495, -0 -> 0): the JSON form of an amount."""
    if not value:
        return "0"
    with localcontext() as ctx:  # normalize() rounds to the context: keep every digit
        ctx.prec = max(ctx.prec, len(value.as_tuple().digits))
        return format(value.normalize(), "f")


def percent(ratio: Decimal, places: int = 2) -> str:
    """``47.98%`` style text for a ratio given as a fraction (half-up); NaN is refused."""
    value = shown_number(ratio, "ratio")
    if not value.is_finite():
        return "inf" if value > 0 else "-inf"
    with localcontext() as ctx:  # x 100 exactly, however many digits the ratio has
        ctx.prec = max(ctx.prec, len(value.as_tuple().digits) + 3)
        hundredfold = value * 100
    return f"{round_half_up(hundredfold, places)}%"


def is_nan(value: Any) -> bool:
    """True for a NaN Decimal or float (comparisons with a Decimal NaN raise; this does not)."""
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def as_float(value: Decimal) -> float:
    """A Decimal as a float for the exploration grids (infinity stays infinite)."""
    return math.inf if value == INFINITY else float(value)
