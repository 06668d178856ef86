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
3. ``WB - MM - L`` with L = sum of (bonus + min(0, realized PnL) + borrowed + interest) x ask
   rate: gift funds ("bonus") cannot be withdrawn, except the part realized losses have already
   consumed (that is what ``min(0, realized PnL)``, never positive, takes off).

The USD amount becomes an amount of each asset at its sell rate, capped by its wallet balance,
and rounded down to 8 decimals so that withdrawing it can never overdraw the account.
In single-asset mode the same formula applies to each asset alone, in its own units.

Names: functions of numbers compute the formula (:func:`withdraw_terms`, :func:`max_withdraw`),
for Decimals and float arrays alike; functions of an ``Account`` answer for that account, one
name per question: how much of an asset can leave (:func:`max_withdrawable`), the formula term
by term and which term binds (:func:`withdraw_breakdown`), the account after a withdrawal
(:func:`withdraw`), and every asset's maximum at once from figures already evaluated, for the
Assets view (:func:`withdraw_limits`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
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
    L = sum (bonus + min(0, realized PnL) + borrowed + interest) x ask rate.
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
    """Per asset, in its own units: borrowed + interest, and the locked sum of term 3."""
    owed = account.borrowed.get(asset, ZERO) + account.interest.get(asset, ZERO)
    realized = account.realized_pnl.get(asset, ZERO)
    locked = account.bonus.get(asset, ZERO) + min(ZERO, realized) + owed
    return owed, locked


def _debt_and_locked_usd(account: Account, figures: Figures) -> tuple[Decimal, Decimal]:
    """D and L of the whole account in USD: each asset's amounts x its ask (sell) rate."""
    debt = ZERO
    locked = ZERO
    for asset in account.assets:
        owed, held = _owed_and_locked(account, asset)
        debt += owed * figures.sell[asset]
        locked += held * figures.sell[asset]
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
    """Maximum withdrawable amount of ``asset`` (its own units) from ``account``."""
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
    amount of each asset that can be withdrawn (maximum / sell rate, capped by ``wallet``,
    floored to 8 decimals), as in the Assets view.

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

    def lines(self, number: Callable[[Decimal], str] = plain) -> tuple[str, ...]:
        """Every line: the three terms, the binding one, the maximum and each asset's."""
        return (*self.term_lines(number), self.binding_line(), self.maximum_line(number),
                *(self.asset_line(a, number) for a in self.per_asset))

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
    )


def withdraw(account: Account, asset: str, amount: Any) -> Account:
    """The account after withdrawing ``amount`` of ``asset``; refused above the maximum.

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
    return replace(account, wallet={**account.wallet, asset: account.wallet[asset] - value})
