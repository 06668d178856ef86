"""Maintenance margin by notional tier ("leverage brackets").

Binance sets a position's maintenance rate by its notional: tier k covers
``floor_k <= notional < cap_k`` with rate ``r_k`` and maintenance amount ``cum_k``, and

    maintenance margin = notional x r_k - cum_k.

``cum_k = cum_{k-1} + floor_k x (r_k - r_{k-1})`` makes the margin continuous at every floor.
The guide's flat rate (0.8% for BTCUSDT) is the one-tier case: ``BracketTable.flat(0.008)``.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np

from .errors import InvalidInput
from .numeric import INFINITY, Num, to_decimal


def maintenance_margin(notional: Num, rate: Num, amount: Num = 0) -> Num:
    """Maintenance margin = notional x maintenance rate - maintenance amount ("cum")."""
    return notional * rate - amount


@dataclass(frozen=True)
class Bracket:
    """One tier: ``floor <= notional < cap``, its rate, its amount and its maximum leverage."""

    floor: Decimal
    cap: Decimal
    rate: Decimal
    cum: Decimal = Decimal(0)
    max_leverage: int | None = None


@dataclass(frozen=True)
class BracketTable:
    """The tiers of one symbol, in order of notional."""

    tiers: tuple[Bracket, ...]
    symbol: str = ""
    _clamped: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A table whose margin is negative somewhere (a flat rate with an amount: below
        # amount / rate of notional) is clamped at 0 there; Binance's tables never need it.
        object.__setattr__(self, "_clamped", any(t.floor * t.rate < t.cum for t in self.tiers))
        if not self.tiers:
            raise InvalidInput("brackets", "need at least one tier")
        for i, tier in enumerate(self.tiers):
            if not 0 <= tier.rate < 1:
                raise InvalidInput(f"brackets[{i}].rate", "must be in [0, 1)")
            if tier.cap <= tier.floor:
                raise InvalidInput(
                    f"brackets[{i}].cap", "must be above its floor (tiers in rising notional)"
                )
            if i and tier.floor != self.tiers[i - 1].cap:
                raise InvalidInput(f"brackets[{i}].floor", "must equal the previous tier's cap")
            # Rates rise with notional in every published table; partial liquidation relies on
            # it (maintenance margin convex in notional), so an unsorted table is refused.
            if i and tier.rate < self.tiers[i - 1].rate:
                raise InvalidInput(
                    f"brackets[{i}].rate", "must not be below the previous tier's rate"
                )

    @classmethod
    def flat(cls, rate: Any, amount: Any = 0, symbol: str = "") -> BracketTable:
        """The guide's case: one rate for every notional."""
        value = to_decimal(rate, "maint_margin_rate")
        if not 0 <= value < 1:
            raise InvalidInput("maint_margin_rate", f"must be in [0, 1), got {value}")
        cum = to_decimal(amount, "maint_amount")
        if cum < 0:
            raise InvalidInput("maint_amount", f"must not be negative, got {cum}")
        return cls((Bracket(Decimal(0), INFINITY, value, cum),), symbol)

    def index(self, notional: Decimal) -> int:
        """Index of the tier that holds ``notional`` (a notional at a floor is in the new tier)."""
        floors = [tier.floor for tier in self.tiers]
        return max(0, bisect.bisect_right(floors, notional) - 1)

    def tier(self, notional: Decimal) -> Bracket:
        """The tier that holds ``notional``."""
        return self.tiers[self.index(notional)]

    def rate_and_amount(self, notional: Num) -> tuple[Num, Num]:
        """Maintenance rate and amount for a Decimal notional or, element-wise, a float array."""
        if isinstance(notional, np.ndarray):
            if len(self.tiers) == 1:
                return float(self.tiers[0].rate), float(self.tiers[0].cum)
            floors, rates, cums = self._float_columns()
            idx = np.clip(np.searchsorted(floors, notional, side="right") - 1, 0, None)
            return rates[idx], cums[idx]
        if isinstance(notional, float):
            tier = self.tier(Decimal(repr(float(notional))))  # np.float64's repr is not a number
            return float(tier.rate), float(tier.cum)
        tier = self.tier(notional)
        return tier.rate, tier.cum

    def maintenance_margin(self, notional: Num) -> Num:
        """Maintenance margin of a position of this notional: notional x rate - cum of its tier,
        never below 0 (a flat amount larger than notional x rate leaves nothing to keep)."""
        rate, amount = self.rate_and_amount(notional)
        margin = maintenance_margin(notional, rate, amount)
        if not self._clamped:
            return margin
        if isinstance(margin, Decimal):
            return max(margin, Decimal(0))
        return np.maximum(margin, 0.0)

    def max_leverage(self, notional: Decimal) -> int | None:
        """Highest leverage the tier of ``notional`` allows (None: no limit given)."""
        return self.tier(notional).max_leverage

    @cache  # noqa: B019 - tables are few, immutable and live as long as the program
    def _float_columns(self) -> tuple[Any, Any, Any]:
        floors = np.array([float(t.floor) for t in self.tiers])
        rates = np.array([float(t.rate) for t in self.tiers])
        cums = np.array([float(t.cum) for t in self.tiers])
        return floors, rates, cums


#: Where the shipped brackets come from.
BRACKETS_FILE = "binance-leverage-brackets-2024-10.json"


@cache
def _load() -> tuple[str, dict[str, BracketTable]]:
    # Imported here: importlib.resources pulls in tempfile, shutil and random (~9 ms), and
    # ``import marginlib`` should cost little more than ``import numpy``.
    from importlib import resources

    text = resources.files("marginlib").joinpath("data", BRACKETS_FILE).read_text("utf-8")
    data = json.loads(text)
    tables = {}
    for symbol, rows in data["symbols"].items():
        tiers = tuple(
            Bracket(
                floor=Decimal(row["notionalFloor"]),
                cap=Decimal(row["notionalCap"]),
                rate=Decimal(row["maintMarginRatio"]),
                cum=Decimal(row["cum"]),
                max_leverage=int(row["initialLeverage"]),
            )
            for row in rows
        )
        tables[symbol] = BracketTable(tiers, symbol)
    return str(data["source"]), tables


def brackets_source() -> str:
    """Date and source of the shipped brackets (Binance, October 2024)."""
    return _load()[0]


def real_brackets(symbol: str) -> BracketTable | None:
    """Binance's published brackets for ``symbol`` (October 2024), or None if not shipped."""
    return _load()[1].get(symbol)


def bracket_symbols() -> tuple[str, ...]:
    """Symbols whose real brackets ship with marginlib."""
    return tuple(_load()[1])
