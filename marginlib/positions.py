"""Positions and open orders of U-margined contracts.

For a position of signed ``size`` (short < 0) in the contract's base asset:

- notional = |size| x mark price
- unrealized PnL = size x (mark price - entry price)
- initial margin = notional / leverage
- maintenance margin = notional x rate - amount (rate and amount from the notional's bracket)

All in the contract's margin asset (BTCUSDT: USDT). The account converts them to USD.

What a position may be (checked when it is made):

- leverage is a whole number from 1 to 125: Binance's ``POST /fapi/v1/leverage`` takes "target
  initial leverage: int from 1 to 125" (API documentation, "Change Initial Leverage", undated);
- for a symbol with shipped brackets, leverage must not exceed the maximum leverage of the tier
  that holds the *entry* notional (|size| x entry price): the exchange checks it when the order is
  placed, and a later mark move never re-checks it (the maintenance margin follows the tier of
  the mark, the leverage stays);
- a flat ``maint_amount`` must not exceed notional x rate at the mark: maintenance margin is
  never negative (at other marks it is ``max(0, notional x rate - amount)``).
"""

from __future__ import annotations

import copy
from dataclasses import InitVar, dataclass, field
from decimal import Decimal
from typing import Any

from .brackets import BracketTable, real_brackets
from .errors import InvalidInput, LeverageTooHigh
from .numeric import Num, plain, positive, to_decimal, whole_number

#: Leverage is a whole number from 1 to MAX_LEVERAGE (Binance's POST /fapi/v1/leverage: "target
#: initial leverage: int from 1 to 125").
MAX_LEVERAGE = 125


def leverage_of(value: object, field: str) -> Decimal:
    """A leverage: a whole number from 1 to :data:`MAX_LEVERAGE` (``20``, ``20.0``, ``"20"``);
    above it, :class:`~marginlib.LeverageTooHigh`."""
    number = to_decimal(value, field)
    if number.is_finite() and number == number.to_integral_value() and number > MAX_LEVERAGE:
        raise LeverageTooHigh(field, f"must be a whole number from 1 to {MAX_LEVERAGE}, got "
                                     f"{number}")
    return Decimal(whole_number(number, field, 1, MAX_LEVERAGE))


def notional(size: Num, mark_price: Num) -> Num:
    """Notional = |size| x mark price."""
    return abs(size) * mark_price


def unrealized_pnl(size: Num, entry_price: Num, mark_price: Num) -> Num:
    """Unrealized PnL = size x (mark price - entry price); a short (size < 0) gains on a fall."""
    return size * (mark_price - entry_price)


def initial_margin(notional_value: Num, leverage: Num) -> Num:
    """Initial margin = notional / leverage."""
    return notional_value / leverage


@dataclass(frozen=True)
class Position:
    """An open position. Give ``maint_margin_rate`` (the guide's flat rate, with an optional
    ``maint_amount``), or leave it out for a symbol with real brackets (BTCUSDT, ETHUSDT, ...),
    or pass ``bracket_table`` (the symbol's tiers as an exchange reports them, e.g. from
    ``GET /fapi/v1/leverageBracket``). ``isolated`` marks a position in isolated margin: an
    account may hold one (the switch rules name it), but isolated margin is not modelled, so
    computing such an account's figures is refused (:func:`marginlib.evaluate`); multi-assets
    mode refuses it outright.
    """

    symbol: str
    size: Decimal
    entry_price: Decimal
    mark_price: Decimal
    leverage: Decimal
    maint_margin_rate: Decimal | None = None
    maint_amount: Decimal = Decimal(0)
    isolated: bool = False
    brackets: BracketTable = field(init=False, repr=False, compare=False)
    bracket_table: InitVar[BracketTable | None] = None

    def __post_init__(self, bracket_table: BracketTable | None) -> None:
        if not isinstance(self.symbol, str) or not self.symbol:
            raise InvalidInput("symbol", "must be a contract symbol such as BTCUSDT")
        where = f"position {self.symbol}"
        size = to_decimal(self.size, f"{where}.size")
        if size == 0:
            raise InvalidInput(f"{where}.size", "must not be zero (short positions are negative)")
        object.__setattr__(self, "size", size)
        for name in ("entry_price", "mark_price"):
            object.__setattr__(self, name, positive(getattr(self, name), f"{where}.{name}"))
        object.__setattr__(self, "leverage", leverage_of(self.leverage, f"{where}.leverage"))
        if not isinstance(self.isolated, bool):
            raise InvalidInput(f"{where}.isolated", "must be true or false")
        if bracket_table is not None:
            if self.maint_margin_rate is not None:
                raise InvalidInput(
                    f"{where}.maint_margin_rate", "give a rate or a bracket table, not both"
                )
            if not isinstance(bracket_table, BracketTable):
                raise InvalidInput(f"{where}.bracket_table", "must be a BracketTable")
            table = bracket_table
        elif self.maint_margin_rate is None:
            shipped = real_brackets(self.symbol)
            if shipped is None:
                raise InvalidInput(
                    f"{where}.maint_margin_rate",
                    "required: the symbol has no shipped brackets",
                )
            table = shipped
        if self.maint_margin_rate is None:
            # The bracket brings its own amount; a second one given here would be ignored.
            if to_decimal(self.maint_amount, f"{where}.maint_amount") != 0:
                raise InvalidInput(
                    f"{where}.maint_amount", "only with maint_margin_rate (brackets set it)"
                )
        else:
            # Checked here too, so that the error names the position, not just the field.
            rate = to_decimal(self.maint_margin_rate, f"{where}.maint_margin_rate")
            if not 0 <= rate < 1:
                raise InvalidInput(f"{where}.maint_margin_rate", f"must be in [0, 1), got {rate}")
            amount = to_decimal(self.maint_amount, f"{where}.maint_amount")
            if amount < 0:
                raise InvalidInput(f"{where}.maint_amount", f"must not be negative, got {amount}")
            at_mark = notional(size, self.mark_price) * rate
            if amount > at_mark:
                raise InvalidInput(
                    f"{where}.maint_amount",
                    f"{plain(amount)} is above notional x rate at the mark ({plain(at_mark)}): "
                    "maintenance margin = notional x rate - amount would be negative",
                )
            table = BracketTable.flat(rate, amount, self.symbol)
            object.__setattr__(self, "maint_margin_rate", table.tiers[0].rate)
            object.__setattr__(self, "maint_amount", table.tiers[0].cum)
        object.__setattr__(self, "brackets", table)
        self._check_leverage()

    @property
    def entry_notional(self) -> Decimal:
        """|size| x entry price: the notional when the position was opened."""
        result: Decimal = notional(self.size, self.entry_price)
        return result

    def _check_leverage(self) -> None:
        """The tier that holds the entry notional caps the leverage (a flat rate has no cap
        beyond 125x); checked at the entry, as the exchange checks an order, never at the mark."""
        limit = self.brackets.max_leverage(self.entry_notional)
        if limit is not None and self.leverage > limit:
            raise LeverageTooHigh(
                f"position {self.symbol}.leverage",
                f"{self.leverage}x exceeds the {limit}x maximum of the {self.symbol} tier that "
                f"holds the entry notional {self.entry_notional} (|size| x entry price, in "
                "Binance's brackets that marginlib ships)",
            )

    @property
    def notional(self) -> Decimal:
        """|size| x mark price."""
        result: Decimal = notional(self.size, self.mark_price)
        return result

    @property
    def unrealized_pnl(self) -> Decimal:
        """size x (mark - entry)."""
        result: Decimal = unrealized_pnl(self.size, self.entry_price, self.mark_price)
        return result

    @property
    def initial_margin(self) -> Decimal:
        """notional / leverage."""
        result: Decimal = initial_margin(self.notional, self.leverage)
        return result

    @property
    def maintenance_margin(self) -> Decimal:
        """notional x rate - amount of the notional's bracket."""
        result: Decimal = self.brackets.maintenance_margin(self.notional)
        return result

    def with_mark(self, mark_price: Any) -> Position:
        """The same position at another mark price; its tier follows the new notional.

        Leverage is checked when a position is opened, not when the price moves: a rise that
        carries the notional into a tier with a lower maximum leverage raises the maintenance
        margin, it does not undo the position (the exchange re-prices, it does not refuse).
        """
        mark = positive(mark_price, f"position {self.symbol}.mark_price")
        moved = copy.copy(self)
        object.__setattr__(moved, "mark_price", mark)
        return moved


@dataclass(frozen=True)
class OpenOrder:
    """A resting order: it reserves initial margin = |size| x price / leverage."""

    symbol: str
    size: Decimal
    price: Decimal
    leverage: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.symbol, str) or not self.symbol:
            raise InvalidInput("symbol", "must be a contract symbol such as BTCUSDT")
        where = f"open order {self.symbol}"
        size = to_decimal(self.size, f"{where}.size")
        if size == 0:
            raise InvalidInput(f"{where}.size", "must not be zero")
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "price", positive(self.price, f"{where}.price"))
        object.__setattr__(self, "leverage", leverage_of(self.leverage, f"{where}.leverage"))

    @property
    def initial_margin(self) -> Decimal:
        """|size| x price / leverage."""
        result: Decimal = initial_margin(notional(self.size, self.price), self.leverage)
        return result
