"""Maximum withdrawable amount, and withdrawals that respect it.

The guide prints (garbled)::

    max( min( WalletBalance - MaintenanceMargin - sum(borrowed + interest) x askRate,
              uniAvailableForOrder - sum(borrowed + interest) x askRate,
              WalletBalance - MaintenanceMargin - [gift funds + min(0, realized P&L)
                                                   + borrowed + interest] x askRate ) )

``max`` has a single argument there; we read it as ``max(0, ...)``: a withdrawable amount is never
negative. Term by term, with D = sum over assets of (borrowed + interest) x the asset's ask rate:

1. ``WB - MM - D``: the wallet (USD) must keep the maintenance margin and repay what is owed;
2. ``available - D``: and must keep the initial margin of open positions and orders
   (``available`` = equity - initial margin, so unrealized losses count here);
3. ``WB - MM - L`` with L = sum of (bonus + borrowed + interest) x ask rate + sum of
   min(0, realized PnL) x bid rate: gift funds ("bonus") cannot be withdrawn.

Realized P&L is already in the wallet balance (Binance: wallet balance = total net transfer +
total realized profit + total net funding fee - total commission), so ``WB`` carries it; book a
realized result with :meth:`marginlib.Account.with_realized`. Read with that in mind, term 3
does two things: a realized **profit** raises ``WB`` and with it term 3 (profits can leave, the
gift funds stay); a realized **loss** lowers ``WB``, and ``min(0, realized PnL)`` takes the same
amount off L, so term 3 does not move: the loss is charged to the gift funds first. Terms 1 and 2
fall with the loss, so a larger realized loss never raises the maximum. That needs one reading
the guide leaves open: its bracket is multiplied by askRate as a whole, but ``min(0, realized
PnL)`` gives back a loss the wallet holds at the **bid** (buy) rate; at the ask rate a loss
would *raise* term 3 by loss x (ask - bid). We value that part at the bid rate (our modelling
choice), the rate at which the loss left ``WB`` while the wallet stays positive.

The USD maximum becomes an amount of each asset in two ways (multi-assets mode):

- the **exchange's figure** (:func:`max_withdrawable`, the Assets view's "Max withdraw", and the
  limit :func:`withdraw` enforces): USD maximum / the asset's **sell** (ask) rate, capped by its
  wallet balance. Binance's FAQ divides by askRate for the per-asset "Available for Order"
  (uniAvailableForOrder / askRate: 76.525 / 0.99495 = 76.91 USDT); that its per-asset
  maxWithdrawAmount does the same is our modelling choice (Binance does not say). It is cautious:
  a balance you hold counts at its **buy** rate, so withdrawing it takes less USD than it
  divides by, and some USD stays available (Scenario 2: 76.91341273 USDT leave 1.14 USD);
- the **true maximum** (:func:`true_max_withdrawable`): the most that can leave with every
  term still >= 0, each unit valued as it is held: at the buy rate while the asset's balance
  (wallet for terms 1 and 3, equity for term 2) stays positive, at the sell rate for any part
  that would take its equity below zero; capped by the wallet (Scenario 2: 76.525 / 0.9801 =
  78.07876747 USDT).

Both are rounded down to 8 decimals, so that withdrawing either can never overdraw the account.
In single-asset mode the formula applies to each asset alone, in its own units, and the two agree.

Names: functions of numbers compute the formula (:func:`withdraw_terms`, :func:`max_withdraw`),
for Decimals and float arrays alike; functions of an ``Account`` answer for that account, one
name per question: how much of an asset can leave (:func:`max_withdrawable`, the exchange's
figure; :func:`true_max_withdrawable`), the formula term by term and which term binds
(:func:`withdraw_breakdown`), the account after a withdrawal (:func:`withdraw`), and every
asset's maximum at once from figures already evaluated, for the Assets view
(:func:`withdraw_limits`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext
from types import MappingProxyType
from typing import Any

from .account import MULTI_ASSETS, Account, Figures, available_for_orders, evaluate
from .errors import InvalidInput, WithdrawalRefused
from .numeric import ZERO, Num, floor_to, maximum, minimum, plain, positive


def withdraw_terms(
    wallet_balance: Num, maintenance: Num, available: Num, debt: Num, locked: Num
) -> tuple[Num, Num, Num]:
    """The three terms of the guide's formula: (WB - MM - D, available - D, WB - MM - L).

    ``debt`` is D = sum (borrowed + interest) x ask rate; ``locked`` is
    L = sum (bonus + borrowed + interest) x ask rate + sum min(0, realized PnL) x bid rate.
    """
    return (
        wallet_balance - maintenance - debt,
        available - debt,
        wallet_balance - maintenance - locked,
    )


def max_withdraw(
    wallet_balance: Num, maintenance: Num, available: Num, debt: Num, locked: Num
) -> Num:
    """max(0, min(WB - MM - D, available - D, WB - MM - L)), all in one unit (USD or an asset).

    The three terms are :func:`withdraw_terms`'s.
    """
    first, second, third = withdraw_terms(wallet_balance, maintenance, available, debt, locked)
    zero = abs(first * 0)  # 0 of the terms' type (Decimal, float or array); abs() drops a -0
    return maximum(minimum(minimum(first, second), third), zero)


def _owed_and_locked(account: Account, asset: str) -> tuple[Decimal, Decimal]:
    """Per asset, in its own units: borrowed + interest, and the locked sum of term 3
    (bonus + min(0, realized PnL) + borrowed + interest)."""
    owed = account.borrowed.get(asset, ZERO) + account.interest.get(asset, ZERO)
    realized = account.realized_pnl.get(asset, ZERO)
    locked = account.bonus.get(asset, ZERO) + min(ZERO, realized) + owed
    return owed, locked


def _debt_and_locked_usd(account: Account, figures: Figures) -> tuple[Decimal, Decimal]:
    """D and L of the whole account in USD: each asset's amounts x its ask (sell) rate, except
    the realized loss that L gives back, at the bid (buy) rate at which the wallet lost it."""
    debt = ZERO
    locked = ZERO
    for asset in account.assets:
        owed, held = _owed_and_locked(account, asset)
        loss = min(ZERO, account.realized_pnl.get(asset, ZERO))
        debt += owed * figures.sell[asset]
        locked += (held - loss) * figures.sell[asset] + loss * figures.buy[asset]
    return debt, locked


def _pooled_inputs(account: Account, figures: Figures) -> tuple[Decimal, ...]:
    """(WB, MM, available, D, L) of a multi-assets account, all in USD."""
    debt, locked = _debt_and_locked_usd(account, figures)
    return figures.total_wallet, figures.total_maintenance, figures.available, debt, locked


def _asset_maximum(account: Account, asset: str, figures: Figures, pooled: Decimal) -> Decimal:
    """How much of ``asset`` can be withdrawn: multi-assets mode: the pooled USD maximum / sell
    rate; single-asset mode: the formula on the asset alone. Capped by the wallet balance, >= 0."""
    # Rounded down throughout: a quotient rounded to nearest in its 28th digit can land on the
    # next 8-decimal step (600.0000059999999999999999999 USD / 600 -> 1.00000001), and then
    # the amount would be worth more than the USD maximum.
    with localcontext() as ctx:
        ctx.rounding = ROUND_FLOOR
        if account.mode == MULTI_ASSETS:
            amount = pooled / figures.sell[asset]
        else:
            owed, held = _owed_and_locked(account, asset)
            available = available_for_orders(figures.equity[asset], figures.initial[asset])
            amount = max_withdraw(
                figures.wallet[asset], figures.maintenance[asset], available, owed, held
            )
    return floor_to(max(ZERO, min(amount, figures.wallet[asset])), 8)


def units_for(usd: Decimal, held: Decimal, buy: Decimal, sell: Decimal) -> Decimal:
    """How many units of an asset whose balance is ``held`` are worth ``usd`` of its USD value:
    the x with value(held) - value(held - x) = usd. Units above zero go at the buy rate, any
    below zero at the sell rate (0 for usd <= 0)."""
    if usd <= 0:
        return ZERO
    above = max(held, ZERO) * buy  # what the units down to zero are worth
    if usd <= above:
        return usd / buy
    return max(held, ZERO) + (usd - above) / sell


def _true_asset_maximum(account: Account, asset: str, figures: Figures,
                        exchange: Decimal) -> Decimal:
    """The true maximum of ``asset`` (see the module docstring); in single-asset mode the
    exchange's figure ``exchange``, which already is the formula in the asset's own units."""
    if account.mode != MULTI_ASSETS:
        return exchange
    terms = withdraw_terms(*_pooled_inputs(account, figures))
    wallet = figures.wallet[asset]
    if min(terms) <= 0 or wallet <= 0:
        return floor_to(ZERO, 8)
    buy, sell = figures.buy[asset], figures.sell[asset]
    with localcontext() as ctx:
        ctx.rounding = ROUND_FLOOR  # as in _asset_maximum: never a unit worth more than allowed
        by_wallet = min(terms[0], terms[2]) / buy  # the wallet stays >= 0: all at the buy rate
        by_equity = units_for(terms[1], figures.equity[asset], buy, sell)
    return floor_to(max(ZERO, min(by_wallet, by_equity, wallet)), 8)


def true_withdraw_limits(account: Account, figures: Figures) -> dict[str, Decimal]:
    """Every asset's true maximum (module docstring) from ``figures``, floored to 8 decimals."""
    exchange = withdraw_limits(account, figures)[1]
    return {a: _true_asset_maximum(account, a, figures, exchange[a]) for a in account.assets}


def true_max_withdrawable(account: Account, asset: str) -> Decimal:
    """The true maximum of ``asset`` (its own units): the most that can leave with every term of
    the formula still >= 0, each unit valued as the account holds it (buy rate while the balance
    stays positive). At least the exchange's figure (:func:`max_withdrawable`), which divides by
    the sell rate; Scenario 2: 78.07876747 USDT against 76.91341273."""
    if asset not in account.wallet:
        raise InvalidInput("asset", f"{asset} is not in this account")
    return true_withdraw_limits(account, evaluate(account))[asset]


def withdraw_limits(account: Account, figures: Figures) -> tuple[Decimal, dict[str, Decimal]]:
    """Every maximum of ``account`` at once, from its ``figures`` (:func:`evaluate`'s): the total
    in USD and each asset's amount in its own units, as the Assets view shows them.

    Multi-assets mode: the total is :func:`max_withdraw` of the pooled USD figures; an asset's
    amount is that / its sell rate, capped by its wallet balance. Single-asset mode: each asset's
    amount is :func:`max_withdraw` of its own figures; the total is their USD value. Amounts and
    total are rounded down to 8 decimals. :func:`marginlib.summarize` calls this with the figures
    it has already evaluated; :func:`max_withdrawable` and :func:`withdraw_breakdown` read their
    amounts from here, so every view agrees.
    """
    pooled = ZERO
    if account.mode == MULTI_ASSETS:
        pooled = max_withdraw(*_pooled_inputs(account, figures))
    amounts = {a: _asset_maximum(account, a, figures, pooled) for a in account.assets}
    if account.mode == MULTI_ASSETS:
        total = pooled
    else:
        total = sum((account.rates[a].value(v) for a, v in amounts.items()), start=ZERO)
    return floor_to(total, 8), amounts


def max_withdrawable(account: Account, asset: str) -> Decimal:
    """Maximum withdrawable amount of ``asset`` (its own units) from ``account``: the exchange's
    figure (USD maximum / sell rate, capped by the wallet), the limit :func:`withdraw` enforces."""
    if asset not in account.wallet:
        raise InvalidInput("asset", f"{asset} is not in this account")
    return withdraw_limits(account, evaluate(account))[1][asset]


#: Names of the three terms, in the formula's order.
TERM_NAMES = ("WB - MM - D", "available - D", "WB - MM - L")


@dataclass(frozen=True)
class WithdrawBreakdown:
    """The maximum withdrawable amount of a multi-assets account, term by term (all USD).

    ``terms`` are :func:`withdraw_terms`' three values; ``binding`` the indexes (0, 1, 2) of the
    smallest ones (several when they tie); ``maximum`` = max(0, min(terms)); ``per_asset`` the
    exchange's figure for each asset (maximum / sell rate, capped by ``wallet``, floored to 8
    decimals), as in the Assets view; ``true_per_asset`` the true maximum of each asset (each
    unit at the rate it is held at: :func:`true_max_withdrawable`).

    Its text form, line by line (:meth:`lines`, ``str()``), is the one the notebook, the widget
    and the checker show; numbers are exact (:func:`marginlib.numeric.plain`) unless another
    ``number`` format is given (the widget rounds to the cent with ``usd``)::

        1. WB - MM - D: 416.02 - 199.596 - 0 = 216.424 USD
        2. available - D: 76.525 - 0 = 76.525 USD
        3. WB - MM - L: 416.02 - 199.596 - 0 = 216.424 USD
        Binding: term 2 (available - D)
        Max withdrawable: 76.525 USD
        Max USDT: 76.91341273 (wallet 200)
        Max BUSD: 76.52500000 (wallet 220)
        True max USDT: 78.07876747 (buy rate 0.9801)
        True max BUSD: 76.52500000 (buy rate 1)
    """

    wallet_balance: Decimal
    maintenance: Decimal
    available: Decimal
    debt: Decimal
    locked: Decimal
    terms: tuple[Decimal, Decimal, Decimal]
    binding: tuple[int, ...]
    maximum: Decimal
    per_asset: Mapping[str, Decimal]
    wallet: Mapping[str, Decimal]
    true_per_asset: Mapping[str, Decimal]
    buy: Mapping[str, Decimal]

    @property
    def binding_names(self) -> tuple[str, ...]:
        """Names of the binding terms, e.g. ``("available - D",)``."""
        return tuple(TERM_NAMES[i] for i in self.binding)

    def term_lines(self, number: Callable[[Decimal], str] = plain) -> tuple[str, str, str]:
        """Each term with what it is made of: ``1. WB - MM - D: 416.02 - 199.596 - 0 = 216.424
        USD``, ``2. available - D: ...``, ``3. WB - MM - L: ...``."""
        parts = ((self.wallet_balance, self.maintenance, self.debt), (self.available, self.debt),
                 (self.wallet_balance, self.maintenance, self.locked))
        first, second, third = (
            f"{i + 1}. {name}: {' - '.join(number(v) for v in values)} = {number(term)} USD"
            for i, (name, values, term) in enumerate(zip(TERM_NAMES, parts, self.terms,
                                                         strict=True))
        )
        return first, second, third

    def binding_line(self) -> str:
        """Which term binds (``Binding: term 2 (available - D)``; ties listed), and when it is
        negative, that nothing can be withdrawn."""
        numbers = ", ".join(str(i + 1) for i in self.binding)
        names = ", ".join(self.binding_names)
        if len(self.binding) > 1:
            text = f"Binding: terms {numbers} ({names}; equal)"
        else:
            text = f"Binding: term {numbers} ({names})"
        if min(self.terms) < 0:
            text += ", negative: nothing can be withdrawn"
        return text

    def maximum_line(self, number: Callable[[Decimal], str] = plain) -> str:
        """``Max withdrawable: 76.525 USD``."""
        return f"Max withdrawable: {number(self.maximum)} USD"

    def asset_line(self, asset: str, number: Callable[[Decimal], str] = plain) -> str:
        """``Max USDT: 76.91341273 (wallet 200)``: the amount, as withdrawn (8 decimals)."""
        return f"Max {asset}: {self.per_asset[asset]:f} (wallet {number(self.wallet[asset])})"

    def true_line(self, asset: str) -> str:
        """``True max USDT: 78.07876747 (buy rate 0.9801)``: the true maximum (8 decimals)."""
        return (f"True max {asset}: {self.true_per_asset[asset]:f} "
                f"(buy rate {plain(self.buy[asset])})")

    def lines(self, number: Callable[[Decimal], str] = plain) -> tuple[str, ...]:
        """Every line: the three terms, the binding one, the maximum, each asset's exchange
        figure and each asset's true maximum."""
        return (*self.term_lines(number), self.binding_line(), self.maximum_line(number),
                *(self.asset_line(a, number) for a in self.per_asset),
                *(self.true_line(a) for a in self.true_per_asset))

    def __str__(self) -> str:
        return "\n".join(self.lines())


def withdraw_breakdown(account: Account) -> WithdrawBreakdown:
    """The three terms of the maximum withdrawable amount, which one binds, and the result.

    Multi-assets mode only (single-asset mode applies the formula to each asset alone).
    Uses the same figures as :func:`max_withdrawable`, so ``per_asset`` always agrees with it.
    """
    if account.mode != MULTI_ASSETS:
        raise InvalidInput("mode", "the breakdown is for the multi-assets mode's pooled formula")
    figures = evaluate(account)
    inputs = _pooled_inputs(account, figures)
    terms: tuple[Decimal, Decimal, Decimal] = withdraw_terms(*inputs)
    smallest = min(terms)
    wallet_balance, maintenance, available, debt, locked = inputs
    return WithdrawBreakdown(
        wallet_balance=wallet_balance, maintenance=maintenance, available=available, debt=debt,
        locked=locked, terms=terms,
        binding=tuple(i for i, t in enumerate(terms) if t == smallest),
        maximum=max_withdraw(*inputs),
        per_asset=MappingProxyType(withdraw_limits(account, figures)[1]),
        wallet=account.wallet,
        true_per_asset=MappingProxyType(true_withdraw_limits(account, figures)),
        buy=MappingProxyType(dict(figures.buy)),
    )


def withdraw(account: Account, asset: str, amount: Any) -> Account:
    """The account after withdrawing ``amount`` of ``asset``; refused above the maximum (the
    exchange's figure, :func:`max_withdrawable`).

    A refusal raises :class:`WithdrawalRefused` and, the account being frozen, changes nothing.
    """
    if asset not in account.wallet:
        account.registry.check_asset(asset, "asset")
        raise InvalidInput("asset", f"the account holds no {asset}")
    value = positive(amount, "amount")
    limit = max_withdrawable(account, asset)
    if value > limit:
        raise WithdrawalRefused(
            "amount",
            f"{value} {asset} exceeds the maximum withdrawable {limit} {asset}",
        )
    return account.with_credit(asset, -value)
