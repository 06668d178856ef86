"""Exceptions raised by marginlib.

Every refusal names the field it is about and the rule that was broken, so a student (or the
command line) can print one line that says what to fix. All of them derive from
:class:`MarginError`, itself a :class:`ValueError`.
"""

from __future__ import annotations


class MarginError(ValueError):
    """Base class: ``field`` is what was wrong, ``rule`` what it must satisfy."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class InvalidInput(MarginError):
    """A value that is missing, of the wrong type, not finite or out of range."""


class IneligibleAsset(MarginError):
    """An asset that is not a margin asset in the registry in use."""


class IneligibleContract(MarginError):
    """A contract that cannot be margined in this mode (e.g. coin-margined ``BTCUSD_PERP``)."""


class LeverageTooHigh(MarginError):
    """Leverage above what the position's bracket (or maintenance rate) allows."""


class WithdrawalRefused(MarginError):
    """A withdrawal larger than the maximum withdrawable amount."""


class SwitchRefused(MarginError):
    """A margin-mode switch refused; ``reasons`` lists every rule that blocks it, at once."""

    def __init__(self, target: str, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons
        super().__init__("mode", f"cannot switch to {target}: " + "; ".join(reasons))
