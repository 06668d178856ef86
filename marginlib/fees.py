"""Trading fees and funding: the two costs that move a wallet balance while a position is open.

Binance defines an asset's wallet balance as (FAQ "How to Check Futures Wallet Balance",
2021-01-13)::

    wallet balance = total net transfer + total realized profit + total net funding fee
                     - total commission

so a fee or a funding payment changes the wallet, hence the margin balance, the margin ratio, the
liquidation price and auto-exchange trigger (a). (The "FAQ on Multi-Assets Mode", 2022-07-06,
calls the same per-asset sum a "margin balance": the name differs, the content is the same.)

- **Commission** = notional x fee rate, notional = |size| x trade price, charged on every fill,
  opening and closing, each at its own price ("Binance Futures Fee Structure & Fee
  Calculations", FAQ 360033544231; the copy dated 2020-06-11 and the current undated copies
  give the same formula and the same example: 10,104 x 0.05% = 5.052 USDT to open,
  11,104 x 0.02% = 2.2208 USDT to close).
- **Funding payment** = size x mark price x funding rate ("Introduction to Binance Futures
  Funding Rates", FAQ 360033525031, copy updated 2025-08-18: "Funding Amount = Nominal Value of
  Positions * Funding Rate", nominal value = mark price x size). A positive rate: longs pay
  shorts; a negative one: shorts pay longs. Binance takes no cut ("Binance does not charge any
  service fees"), and only positions open at the funding time pay or receive.

Both are paid in the contract's margin asset (BTCUSDT: USDT). Binance says so for USDT ("the
system will automatically deduct USDT as Futures trading fees") and says that profits and losses
are "trading pair-denominated" (FAQ "What Is Multi-Assets Mode", 2021-04-19); that funding is
paid in the same asset is our reading (a modelling choice). Paying fees in BNB at a 10% discount
is not modelled.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .account import Account
from .errors import InvalidInput
from .numeric import ZERO, Num, fraction, non_negative, positive, to_decimal, usd
from .positions import Position, unrealized_pnl

#: VIP 0 maker and taker rates in the fee FAQ's example (0.02% / 0.05%); current since a change
#: between 2022-01 and 2024-04 whose date we could not find.
MAKER_RATE = Decimal("0.0002")
TAKER_RATE = Decimal("0.0005")

MAKER = "maker"
TAKER = "taker"
LIQUIDITY = (MAKER, TAKER)

#: Kinds of :class:`CostEvent`: the three terms of the wallet-balance identity that trading moves.
REALIZED = "realized PnL"
COMMISSION = "commission"
FUNDING = "funding"


def trading_fee(size: Num, price: Num, rate: Num) -> Num:
    """Commission = notional x fee rate = |size| x trade price x rate.

    Binance's example: ``trading_fee(1, 10104, 0.0005)`` = 5.052 USDT (taker, to open).
    """
    return abs(size) * price * rate


def funding_payment(size: Num, mark_price: Num, rate: Num) -> Num:
    """Funding the position pays = size x mark price x funding rate (negative: it receives).

    Signed ``size`` (short < 0): with a positive rate a long pays and a short receives.
    """
    return size * mark_price * rate


@dataclass(frozen=True)
class FeeSchedule:
    """Maker and taker commission rates (fractions: 0.0005 is 0.05%), dated and sourced.

    Negative rates (maker rebates exist for high VIP levels) are refused: the course models the
    regular user.
    """

    maker: Decimal = MAKER_RATE
    taker: Decimal = TAKER_RATE
    as_of: str = "2024-04"
    source: str = (
        "Binance 'Fee Structure & Fee Calculations' (FAQ 360033544231): regular user, maker "
        "0.02%, taker 0.05%"
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "maker", fraction(self.maker, "fees.maker"))
        object.__setattr__(self, "taker", fraction(self.taker, "fees.taker"))

    def rate(self, liquidity: str) -> Decimal:
        """The rate of a ``"maker"`` or ``"taker"`` fill."""
        if liquidity == MAKER:
            return self.maker
        if liquidity == TAKER:
            return self.taker
        raise InvalidInput("liquidity", f"must be {MAKER!r} or {TAKER!r}, got {liquidity!r}")


#: Regular user (VIP 0) today: 0.02% maker, 0.05% taker.
VIP0 = FeeSchedule()
#: Regular user before the taker change: 0.02% / 0.04%. Secondary sources only: a user's report
#: (2021-03-24) and an API reply quoted on 2022-01-27 (``takerCommissionRate 0.000400``).
VIP0_2021 = FeeSchedule(
    MAKER_RATE, Decimal("0.0004"), as_of="2021-03",
    source="secondary: user reports and API replies of 2021-2022 (0.02% / 0.04%)",
)
#: No commission: the course's earlier results.
NO_FEES = FeeSchedule(ZERO, ZERO, as_of="", source="no commission (the course before fees)")


@dataclass(frozen=True)
class FundingSchedule:
    """Funding at fixed intervals, for a replay whose steps last ``step_hours`` each.

    ``rate`` applies to every symbol, ``rates`` overrides it per symbol. The default 0.01% is
    the interest component of Binance's formula (0.03% a day in three payments) with a zero
    premium: a calm market. ``interval_hours`` is 8 by default ("every 8 hours at 00:00 UTC,
    08:00 UTC, and 16:00 UTC", FAQ 360033525031); Binance moves a symbol to 4 h, or to 1 h when
    the previous rate hit its cap or floor (announcement effective 2025-05-02), so 4 and 1 are
    allowed. Settlements fall on steps ``every``, 2 x ``every``, ... (``every`` = interval /
    step length), not on step 0.

    ``tolerance_seconds``: Binance's pages disagree on how late a position may open and still
    pay: "up to 15 seconds" (2019-2020 text) against "a 1 minute deviation" (a later copy).
    Default 0 (only positions open at the settlement instant); set 15 or 60 for either reading.
    A stepped replay settles on whole steps, so only :meth:`liable` uses it.
    """

    rate: Decimal = Decimal("0.0001")
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    interval_hours: Decimal = Decimal(8)
    step_hours: Decimal = Decimal(1)
    tolerance_seconds: Decimal = ZERO

    def __post_init__(self) -> None:
        rate = to_decimal(self.rate, "funding.rate")
        if abs(rate) >= 1:
            raise InvalidInput("funding.rate", f"must be a fraction between -1 and 1, got {rate}")
        object.__setattr__(self, "rate", rate)
        if not isinstance(self.rates, Mapping):
            raise InvalidInput("funding.rates", "must be a mapping of symbol to rate")
        rates = {}
        for symbol, value in self.rates.items():
            one = to_decimal(value, f"funding.rates.{symbol}")
            if abs(one) >= 1:
                raise InvalidInput(f"funding.rates.{symbol}",
                                   f"must be between -1 and 1, got {one}")
            rates[symbol] = one
        object.__setattr__(self, "rates", MappingProxyType(rates))
        interval = positive(self.interval_hours, "funding.interval_hours")
        step = positive(self.step_hours, "funding.step_hours")
        if interval % step != 0:
            raise InvalidInput(
                "funding.interval_hours",
                f"must be a whole number of steps of {step} h, got {interval} h",
            )
        object.__setattr__(self, "interval_hours", interval)
        object.__setattr__(self, "step_hours", step)
        tolerance = non_negative(self.tolerance_seconds, "funding.tolerance_seconds")
        object.__setattr__(self, "tolerance_seconds", tolerance)

    @property
    def every(self) -> int:
        """Steps between two settlements."""
        return int(self.interval_hours / self.step_hours)

    def rate_for(self, symbol: str) -> Decimal:
        """The funding rate of ``symbol``."""
        return self.rates.get(symbol, self.rate)

    def due(self, step: int) -> bool:
        """True when funding is settled at ``step`` (steps every, 2 x every, ...)."""
        return step > 0 and step % self.every == 0

    def liable(self, opened_after_seconds: Any) -> bool:
        """Does a position opened ``opened_after_seconds`` after a funding time still pay it?"""
        late = to_decimal(opened_after_seconds, "opened_after_seconds")
        return late <= self.tolerance_seconds


@dataclass(frozen=True)
class CostEvent:
    """A change to one asset's wallet: realized PnL, a commission or a funding payment.

    ``amount`` is the change to the wallet (negative: paid); ``base`` what it was computed on
    (the notional for a fee or funding, the size closed for realized PnL) and ``rate`` the rate
    (the close price for realized PnL).
    """

    step: int
    kind: str
    symbol: str
    asset: str
    amount: Decimal
    base: Decimal
    rate: Decimal

    def __str__(self) -> str:
        if self.kind == REALIZED:
            what = f"closed {self.base.normalize():f} at {usd(self.rate)}"
        else:
            what = f"{(self.rate * 100).normalize():f}% of {usd(self.base)}"
        return (f"step {self.step} {self.kind} {self.symbol}: {what} -> "
                f"{'+' if self.amount >= 0 else ''}{usd(self.amount)} {self.asset}")


def charge_commission(
    account: Account,
    symbol: str,
    size: Any,
    price: Any,
    fees: FeeSchedule,
    *,
    liquidity: str = TAKER,
    step: int = 0,
) -> tuple[Account, CostEvent]:
    """Take the commission of a fill of ``size`` ``symbol`` at ``price`` from the wallet of the
    contract's margin asset."""
    amount = to_decimal(size, "size")
    fill = positive(price, "price")
    rate = fees.rate(liquidity)
    asset = account.margin_asset(symbol)
    fee: Decimal = trading_fee(amount, fill, rate)
    event = CostEvent(step, COMMISSION, symbol, asset, -fee, abs(amount) * fill, rate)
    return account.with_credit(asset, -fee), event


def open_position(
    account: Account,
    position: Position,
    fees: FeeSchedule = VIP0,
    *,
    liquidity: str = TAKER,
    step: int = 0,
) -> tuple[Account, CostEvent]:
    """Add ``position`` (filled at its entry price) and pay its opening commission.

    Adding to a position already held is not modelled (the entry price would average).
    """
    if not isinstance(position, Position):
        raise InvalidInput("position", "must be a Position")
    if any(p.symbol == position.symbol for p in account.positions):
        raise InvalidInput("position", f"a {position.symbol} position is already open")
    opened = replace(account, positions=(*account.positions, position))
    return charge_commission(opened, position.symbol, position.size, position.entry_price, fees,
                             liquidity=liquidity, step=step)


def charge_opening(
    account: Account, fees: FeeSchedule = VIP0, *, liquidity: str = TAKER, step: int = 0
) -> tuple[Account, tuple[CostEvent, ...]]:
    """Pay the commission of opening every position ``account`` holds, each at its entry price
    (for an account whose positions were just opened, as a replay's are at its first step)."""
    events = []
    for position in account.positions:
        account, fee = charge_commission(account, position.symbol, position.size,
                                         position.entry_price, fees, liquidity=liquidity,
                                         step=step)
        events.append(fee)
    return account, tuple(events)


def resized(position: Position, size: Decimal) -> Position:
    """``position`` with a smaller size, same entry and mark (a reduction is never refused for
    leverage: the limit applies when a position is opened)."""
    smaller = copy.copy(position)
    object.__setattr__(smaller, "size", size)
    return smaller


def close_position(
    account: Account,
    symbol: str,
    *,
    quantity: Any = None,
    price: Any = None,
    fees: FeeSchedule | None = None,
    liquidity: str = TAKER,
    step: int = 0,
) -> tuple[Account, tuple[CostEvent, ...]]:
    """Close ``quantity`` (default: all) of the ``symbol`` position at ``price`` (default: its
    mark): realized PnL = closed size x (price - entry) goes to the wallet, then the commission
    (if ``fees``) is paid on the closed notional at that price."""
    position = account.position(symbol)
    fill = position.mark_price if price is None else positive(price, "price")
    size = abs(position.size) if quantity is None else positive(quantity, "quantity")
    if size > abs(position.size):
        raise InvalidInput("quantity", f"must not exceed the position's {abs(position.size)}")
    closed = size if position.size > 0 else -size
    asset = account.margin_asset(symbol)
    realized: Decimal = unrealized_pnl(closed, position.entry_price, fill)
    left = position.size - closed
    positions = tuple(
        p if p is not position else resized(p, left) for p in account.positions
        if p is not position or left != 0
    )
    account = replace(account, positions=positions)
    account = account.with_credit(asset, realized)
    events = [CostEvent(step, REALIZED, symbol, asset, realized, size, fill)]
    if fees is not None:
        account, fee = charge_commission(account, symbol, size, fill, fees,
                                         liquidity=liquidity, step=step)
        events.append(fee)
    return account, tuple(events)


def settle_funding(
    account: Account, funding: FundingSchedule, *, step: int = 0
) -> tuple[Account, tuple[CostEvent, ...]]:
    """Every open position pays (or receives) size x mark x its symbol's rate, in its margin
    asset."""
    events = []
    for position in account.positions:
        rate = funding.rate_for(position.symbol)
        paid: Decimal = funding_payment(position.size, position.mark_price, rate)
        asset = account.margin_asset(position.symbol)
        account = account.with_credit(asset, -paid)
        events.append(CostEvent(step, FUNDING, position.symbol, asset, -paid,
                                position.notional, rate))
    return account, tuple(events)


def ledger(events: Iterable[CostEvent]) -> dict[str, dict[str, Decimal]]:
    """Per asset, the sums of realized PnL, commission and funding: with net transfers, the terms
    of Binance's wallet balance (realized + funding + commission = the wallet's change)."""
    totals: dict[str, dict[str, Decimal]] = {}
    for event in events:
        row = totals.setdefault(event.asset, {REALIZED: ZERO, FUNDING: ZERO, COMMISSION: ZERO})
        row[event.kind] += event.amount
    return totals


__all__ = [
    "COMMISSION", "FUNDING", "MAKER", "MAKER_RATE", "NO_FEES", "REALIZED", "TAKER", "TAKER_RATE",
    "VIP0", "VIP0_2021", "CostEvent", "FeeSchedule", "FundingSchedule", "charge_commission",
    "charge_opening", "close_position", "funding_payment", "ledger", "open_position", "resized",
    "settle_funding", "trading_fee",
]
