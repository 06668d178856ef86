"""Exceptions raised by marginlib, and how a value is shown inside their one-line messages.

Every refusal names the field it is about and the rule that was broken, so a student (or the
command line) can print one line that says what to fix. All of them derive from
:class:`MarginError`, itself a :class:`ValueError`.

A message is always one printable line: a value echoed in it goes through :func:`shown`
(escaped, shortened), and the field and rule themselves are escaped and shortened once more when
the error is made, so that no input (a key holding a newline or a terminal escape sequence, a
number a megabyte long) can break the line or flood the screen.
"""

from __future__ import annotations

from decimal import Decimal

#: Longest echo of a value in a message (characters), and longest field and rule.
SHOWN_LIMIT = 40
FIELD_LIMIT = 120
RULE_LIMIT = 400


def _escaped(text: str) -> str:
    """``text`` with every character that is not printable (newlines, tabs, ESC, bidi controls,
    lone surrogates, ...) written as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut in the middle to about ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    keep = max(limit // 2, 8)
    return f"{text[:keep]}…{text[-(keep // 2):]} ({len(text)} characters)"


def one_line(text: str, limit: int = RULE_LIMIT) -> str:
    """``text`` as one printable line of at most about ``limit`` characters."""
    return _escaped(_shortened(text, limit))


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A value as a message echoes it: strings quoted, everything escaped and at most about
    ``limit`` characters (``'1_000'``, ``'\\x1b[2J'``, ``'99999…999' (1000000 characters)``)."""
    text = value if isinstance(value, str) else str(value)
    note = ""
    if len(text) > limit:
        keep = max(limit // 2, 8)
        text, note = f"{text[:keep]}…{text[-(keep // 2):]}", f" ({len(text)} characters)"
    body = _escaped(text)
    return (f"'{body}'" if isinstance(value, str) else body) + note


def shown_name(value: object) -> str:
    """A name (an asset, a symbol) as a message echoes it: as is when it is a short word of ASCII
    letters and digits (``DOGE``), else through :func:`shown` (quoted, escaped, shortened)."""
    if isinstance(value, str) and 0 < len(value) <= SHOWN_LIMIT and value.isascii() and (
        value.replace("_", "").isalnum()
    ):
        return value
    return shown(value)


def json_type(value: object) -> str:
    """The JSON name of a value's type, as a file's author knows it: null, true/false (boolean),
    number, string, array, object; other Python types by their own name."""
    from collections.abc import Mapping

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (int, float, Decimal)):  # Decimal: numbers read exactly
        return "number"
    return type(value).__name__


class MarginError(ValueError):
    """Base class: ``field`` is what was wrong, ``rule`` what it must satisfy.

    Both are made one printable line here (escaped, shortened): ``str(error)`` is always a
    single line, whatever the input held.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = _escaped(_shortened(str(field), FIELD_LIMIT))
        self.rule = _escaped(_shortened(str(rule), RULE_LIMIT))
        super().__init__(f"{self.field}: {self.rule}")


class InvalidInput(MarginError):
    """A value that is missing, of the wrong type, not finite or out of range."""


class IneligibleAsset(MarginError):
    """An asset that is not a margin asset in the registry in use."""


class IneligibleContract(MarginError):
    """A contract that cannot be margined in this mode (e.g. coin-margined ``BTCUSD_PERP``)."""


class LeverageTooHigh(MarginError):
    """Leverage above the maximum of the bracket that holds the position's entry notional."""


class WithdrawalRefused(MarginError):
    """A withdrawal larger than the maximum withdrawable amount."""


class SwitchRefused(MarginError):
    """A margin-mode switch refused; ``reasons`` lists every rule that blocks it, at once."""

    def __init__(self, target: str, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons
        super().__init__("mode", f"cannot switch to {target}: " + "; ".join(reasons))
