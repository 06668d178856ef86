"""The account: balances, positions and the figures the guide computes from them.

Multi-assets (cross-margin) mode pools every margin asset into one USD margin:

- asset margin balance (equity) = wallet balance + unrealized PnL of the asset's contracts
- account equity = sum of asset equities in USD (buy rate if positive, sell rate if negative)
- account maintenance margin = sum of maintenance margins x sell rate
- account initial margin = sum of initial margins (positions and open orders) x sell rate
- margin ratio = maintenance margin / equity; liquidation at 100%
- available for new orders = equity - initial margin ("uniAvailableForOrder")
- usable amount of an asset = available / its sell rate

Single-asset mode keeps each asset apart: its own equity, margin, ratio and available, no offset.

The figures are computed by one function, :func:`evaluate`, for exact decimals (the ledger) and
for float arrays (what-if grids) alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from .errors import IneligibleContract, InvalidInput, shown_name
from .numeric import INFINITY, ZERO, Num, is_nan, maximum, to_decimal
from .positions import OpenOrder, Position, initial_margin, notional, unrealized_pnl
from .rates import AssetRate, buy_rate, sell_rate, value_in_usd
from .registry import GUIDE, Registry

MULTI_ASSETS = "multi-assets"
SINGLE_ASSET = "single-asset"
MODES = (MULTI_ASSETS, SINGLE_ASSET)


def margin_balance(wallet_balance: Num, unrealized: Num) -> Num:
    """Asset margin balance (equity) = wallet balance + unrealized PnL."""
    return wallet_balance + unrealized


def margin_ratio(maintenance: Num, equity: Num) -> Num:
    """Margin ratio = maintenance margin / equity.

    Defined everywhere: 0 when there is no maintenance margin; infinite (liquidation) when there
    is maintenance margin and equity is zero or negative. Liquidation happens at >= 1 (100%).
    NaN and a negative maintenance margin are refused (:class:`marginlib.InvalidInput`).
    """
    if isinstance(maintenance, np.ndarray) or isinstance(equity, np.ndarray):
        # Arrays (what-if grids): one division, then the two special cases patched in place,
        # so a 1000 x 1000 grid costs few full-size temporaries.
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.asarray(np.divide(maintenance, equity), dtype=float)
        np.copyto(ratio, np.inf, where=np.asarray(equity) <= 0)
        no_margin = np.asarray(maintenance) <= 0
        if no_margin.any():
            if (np.asarray(maintenance) < 0).any():
                raise InvalidInput("maintenance", "must not be negative")
            np.copyto(ratio, 0.0, where=no_margin)
        if np.isnan(ratio).any():
            raise InvalidInput("maintenance", "maintenance margin and equity must not be NaN")
        return ratio
    for name, value in (("maintenance", maintenance), ("equity", equity)):
        if is_nan(value):
            raise InvalidInput(name, "must be a number, got NaN")
    if maintenance < 0:
        raise InvalidInput("maintenance", f"must not be negative, got {maintenance}")
    if maintenance == 0:
        return abs(maintenance * 0)  # 0 of the argument's type, never -0
    if equity <= 0:
        return INFINITY if isinstance(maintenance, Decimal) else float("inf")
    return maintenance / equity


def liquidating(ratio: Decimal) -> bool:
    """A margin ratio of 100% or more (or infinite: equity <= 0 with margin to keep) liquidates."""
    return ratio >= 1


def available_for_orders(equity: Num, initial: Num) -> Num:
    """Available for new orders = equity - initial margin (negative: no new orders)."""
    return equity - initial


def usable_amount(available_usd: Num, sell: Num) -> Num:
    """An asset's usable amount = USD available / the asset's sell rate (416.02/0.99495=418.13)."""
    return available_usd / sell


def margin_utilisation(initial: Num, equity: Num) -> Num:
    """Margin utilisation = initial margin / equity (same conventions as the margin ratio)."""
    return margin_ratio(initial, equity)


def _decimal_map(values: Mapping[str, Any] | None, name: str) -> Mapping[str, Decimal]:
    if values is None:
        return MappingProxyType({})
    if not isinstance(values, Mapping):
        raise InvalidInput(name, "must be a mapping of asset to amount")
    return MappingProxyType({a: to_decimal(v, f"{name}.{a}") for a, v in values.items()})


@dataclass(frozen=True)
class Account:
    """Balances, rates and positions of one futures account (frozen: operations return a new one).

    ``wallet`` is each asset's wallet balance as Binance defines it: net transfers + realized
    profit + net funding fee - commission, so it already *includes* realized P&L.
    ``realized_pnl`` says how much of that wallet is realized P&L (it is not added again);
    :meth:`with_realized` books a realized result into both. ``borrowed``, ``interest``,
    ``bonus`` and ``realized_pnl`` (per asset) only enter the maximum withdrawable amount;
    ``grid_bots`` and ``isolated_symbols`` only the mode switch.
    """

    rates: Mapping[str, AssetRate]
    wallet: Mapping[str, Decimal]
    positions: tuple[Position, ...] = ()
    mode: str = MULTI_ASSETS
    open_orders: tuple[OpenOrder, ...] = ()
    borrowed: Mapping[str, Decimal] = field(default_factory=dict)
    interest: Mapping[str, Decimal] = field(default_factory=dict)
    bonus: Mapping[str, Decimal] = field(default_factory=dict)
    realized_pnl: Mapping[str, Decimal] = field(default_factory=dict)
    grid_bots: int = 0
    isolated_symbols: tuple[str, ...] = ()
    registry: Registry = GUIDE

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InvalidInput("mode", f"must be one of {', '.join(MODES)}, got {self.mode!r}")
        if not isinstance(self.rates, Mapping):
            raise InvalidInput("rates", "must be a mapping of asset to rate")
        rates = {}
        for asset, rate in self.rates.items():
            self.registry.check_asset(asset, f"rates.{asset}")
            if not isinstance(rate, AssetRate) or rate.asset != asset:
                raise InvalidInput(f"rates.{asset}", "must be an AssetRate for that asset")
            # A premium left out is the registry's (a coin's haircut), never 0 silently.
            info = self.registry.assets[asset]
            rates[asset] = rate.with_defaults(info.bid_premium, info.ask_premium,
                                             info.auto_bid_premium, info.auto_ask_premium)
        object.__setattr__(self, "rates", MappingProxyType(rates))
        wallet = _decimal_map(self.wallet, "wallet")
        for name in ("borrowed", "interest", "bonus", "realized_pnl"):
            values = _decimal_map(getattr(self, name), name)
            for asset, amount in values.items():
                self.registry.check_asset(asset, f"{name}.{asset}")
                if name != "realized_pnl" and amount < 0:
                    raise InvalidInput(f"{name}.{asset}", f"must not be negative, got {amount}")
            object.__setattr__(self, name, values)
        for asset in wallet:
            self.registry.check_asset(asset, f"wallet.{asset}")
        object.__setattr__(self, "positions", tuple(self.positions))
        object.__setattr__(self, "open_orders", tuple(self.open_orders))
        assets = set(wallet)
        for i, item in enumerate((*self.positions, *self.open_orders)):
            kind = "positions" if i < len(self.positions) else "open_orders"
            if not isinstance(item, (Position, OpenOrder)):
                raise InvalidInput(kind, "must hold Position / OpenOrder objects")
            assets.add(self.registry.margin_asset_of(item.symbol, f"{kind}.symbol"))
        for i, pos in enumerate(self.positions):
            if pos.isolated and self.mode == MULTI_ASSETS:
                raise IneligibleContract(
                    f"positions[{i}].isolated",
                    f"{pos.symbol}: multi-assets mode supports cross margin only",
                )
        for asset in sorted(assets):
            if asset not in self.rates:
                raise InvalidInput(f"rates.{asset}", "missing: every margin asset needs a rate")
        for name in ("borrowed", "interest", "bonus", "realized_pnl"):
            for asset in getattr(self, name):
                if asset not in self.rates:
                    raise InvalidInput(
                        f"{name}.{asset}",
                        f"no rate for {asset}: the amount cannot be valued (add rates.{asset})",
                    )
        _check_one_position_per_symbol(self.positions)
        # Every asset in play gets a wallet entry (0 if not given), so views list it.
        full = {a: wallet.get(a, ZERO) for a in (*self.rates, *sorted(assets - set(self.rates)))}
        object.__setattr__(self, "wallet", MappingProxyType(full))
        if isinstance(self.grid_bots, (bool, np.bool_)) or not isinstance(
            self.grid_bots, (int, np.integer)
        ) or self.grid_bots < 0:
            raise InvalidInput("grid_bots", "must be a whole number >= 0")
        object.__setattr__(self, "grid_bots", int(self.grid_bots))
        if isinstance(self.isolated_symbols, str) or not isinstance(
            self.isolated_symbols, (tuple, list)
        ):
            raise InvalidInput("isolated_symbols", "must be a list of contract symbols")
        for i, symbol in enumerate(self.isolated_symbols):
            self.registry.margin_asset_of(symbol, f"isolated_symbols[{i}]")
        object.__setattr__(self, "isolated_symbols", tuple(self.isolated_symbols))

    # Equality on plain dicts: MappingProxyType does not compare by content.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Account):
            return NotImplemented
        return _state(self) == _state(other)

    __hash__ = None  # type: ignore[assignment]

    @property
    def assets(self) -> tuple[str, ...]:
        """Margin assets in the account, in the order of its rates."""
        return tuple(self.wallet)

    def margin_asset(self, symbol: str) -> str:
        """The margin asset of a contract (BTCUSDT -> USDT)."""
        return self.registry.margin_asset_of(symbol)

    def position(self, symbol: str) -> Position:
        """The position in ``symbol`` (one per symbol: one-way mode); refused if none."""
        found = next((p for p in self.positions if p.symbol == symbol), None)
        if found is None:
            raise InvalidInput("symbol", f"no position in {shown_name(symbol)}")
        return found

    def with_marks(self, marks: Mapping[str, Any]) -> Account:
        """The account with some positions at new mark prices (``{"BTCUSDT": 19000}``)."""
        unknown = set(marks) - {p.symbol for p in self.positions}
        if unknown:
            raise InvalidInput("marks", f"no position in {', '.join(sorted(unknown))}")
        return replace(
            self,
            positions=tuple(
                p.with_mark(marks[p.symbol]) if p.symbol in marks else p for p in self.positions
            ),
        )

    def with_prices(self, prices: Mapping[str, Any]) -> Account:
        """The account with some assets at new index prices (``{"USDT": 0.95}``: a depeg)."""
        unknown = set(prices) - set(self.rates)
        if unknown:
            raise InvalidInput("prices", f"no rate for {', '.join(sorted(unknown))}")
        return replace(
            self,
            rates={a: r.with_price(prices[a]) if a in prices else r for a, r in self.rates.items()},
        )

    def with_wallet(self, wallet: Mapping[str, Any]) -> Account:
        """The account with new wallet balances for the assets given."""
        return replace(self, wallet={**self.wallet, **wallet})

    def with_credit(self, asset: str, amount: Decimal) -> Account:
        """The account with ``amount`` added to ``asset``'s wallet (negative: taken from it):
        a fee, a funding payment, a realized result, a withdrawal."""
        return self.with_wallet({asset: self.wallet[asset] + amount})

    def with_realized(self, pnl: Mapping[str, Any]) -> Account:
        """The account after booking a realized result per asset (``{"BUSD": -30}``: a realized
        loss of 30 BUSD): it lands in the wallet, as on the exchange, and in ``realized_pnl``,
        which records how much of the wallet is realized P&L."""
        amounts = _decimal_map(pnl, "realized_pnl")
        unknown = set(amounts) - set(self.wallet)
        if unknown:
            raise InvalidInput("realized_pnl", f"the account holds no {', '.join(sorted(unknown))}")
        return replace(
            self,
            wallet={a: w + amounts.get(a, ZERO) for a, w in self.wallet.items()},
            realized_pnl={**self.realized_pnl,
                          **{a: self.realized_pnl.get(a, ZERO) + v for a, v in amounts.items()}},
        )


def _check_one_position_per_symbol(positions: tuple[Position, ...]) -> None:
    """One-way mode: one position per symbol (hedge mode, a LONG and a SHORT of one symbol, is
    not modelled). A second entry would double the margin and confuse the solver."""
    first: dict[str, int] = {}
    for i, pos in enumerate(positions):
        if pos.symbol in first:
            raise InvalidInput(
                f"positions[{i}].symbol",
                f"{pos.symbol} is already positions[{first[pos.symbol]}]: one position per "
                "symbol (one-way mode; hedge mode is not modelled)",
            )
        first[pos.symbol] = i


def _check_modelled(account: Account) -> None:
    """Refuse what the model does not compute: isolated positions (isolated margin, a wallet of
    each position's own, is not modelled; multi-assets mode refuses them when made)."""
    for i, pos in enumerate(account.positions):
        if pos.isolated:
            raise InvalidInput(
                f"positions[{i}].isolated",
                f"{pos.symbol}: isolated margin is not modelled; marginlib computes cross "
                "margin only",
            )


def _state(account: Account) -> tuple[Any, ...]:
    return (
        dict(account.rates), dict(account.wallet), account.positions, account.mode,
        account.open_orders, dict(account.borrowed), dict(account.interest), dict(account.bonus),
        dict(account.realized_pnl), account.grid_bots, account.isolated_symbols,
        account.registry.name,
    )


# --------------------------------------------------------------------------------------------
# One evaluation for decimals and arrays
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Raw figures of :func:`evaluate`: Decimals, or float arrays for a grid.

    Per asset (in the asset's units): wallet, unrealized, equity, maintenance, initial, buy, sell.
    Totals (USD): total_wallet, equity, maintenance, initial, ratio, available, utilisation.
    In single-asset mode ``ratio`` is the worst asset's ratio and ``available`` the USD value of
    what each asset has available, summed over the assets that have some.

    The totals after ``total_equity`` are computed when first read (and then kept): a what-if
    grid that only needs the ratio does not pay for the available amount or the utilisation.
    """

    mode: str
    wallet: dict[str, Num]
    unrealized: dict[str, Num]
    equity: dict[str, Num]
    maintenance: dict[str, Num]
    initial: dict[str, Num]
    buy: dict[str, Num]
    sell: dict[str, Num]
    total_wallet: Num
    total_equity: Num
    zero: Num = field(default=ZERO, repr=False)

    @cached_property
    def total_maintenance(self) -> Num:
        """Sum of maintenance margins x sell rate (USD)."""
        return _total(self.maintenance[a] * self.sell[a] for a in self.wallet)

    @cached_property
    def total_initial(self) -> Num:
        """Sum of initial margins x sell rate (USD)."""
        return _total(self.initial[a] * self.sell[a] for a in self.wallet)

    @cached_property
    def ratio(self) -> Num:
        """Margin ratio: pooled (multi-assets), or the worst asset's (single-asset)."""
        if self.mode == MULTI_ASSETS:
            return margin_ratio(self.total_maintenance, self.total_equity)
        return _worst(margin_ratio(self.maintenance[a], self.equity[a]) for a in self.wallet)

    @cached_property
    def available(self) -> Num:
        """Available for new orders (USD); single-asset: the sum of each asset's positive part."""
        if self.mode == MULTI_ASSETS:
            return available_for_orders(self.total_equity, self.total_initial)
        return _total(
            value_in_usd(maximum(available_for_orders(self.equity[a], self.initial[a]),
                                 self.zero), self.buy[a], self.sell[a])
            for a in self.wallet
        )

    @cached_property
    def utilisation(self) -> Num:
        """Margin utilisation = total initial margin / total equity."""
        return margin_utilisation(self.total_initial, self.total_equity)


def evaluate(
    account: Account,
    marks: Mapping[str, Num] | None = None,
    prices: Mapping[str, Num] | None = None,
    number: Callable[[Decimal], Num] = lambda d: d,
) -> Figures:
    """Compute the account's figures; ``marks`` / ``prices`` override mark and index prices.

    With ``number=float`` and arrays in ``marks`` or ``prices``, every figure is a float array
    (what-if grids); by default every figure is an exact Decimal.
    """
    _check_modelled(account)
    marks = marks or {}
    prices = prices or {}
    buy: dict[str, Num] = {}
    sell: dict[str, Num] = {}
    for asset, rate in account.rates.items():
        price = prices.get(asset, number(rate.price))
        buy[asset] = buy_rate(price, number(rate.bid_premium))
        sell[asset] = sell_rate(price, number(rate.ask_premium))
    zero = number(ZERO)
    wallet = {a: number(w) for a, w in account.wallet.items()}
    unrealized: dict[str, Num] = {a: zero for a in wallet}
    maintenance: dict[str, Num] = {a: zero for a in wallet}
    initial: dict[str, Num] = {a: zero for a in wallet}
    for pos in account.positions:
        asset = account.margin_asset(pos.symbol)
        mark = marks.get(pos.symbol, number(pos.mark_price))
        size = number(pos.size)
        value = notional(size, mark)
        unrealized[asset] = unrealized[asset] + unrealized_pnl(size, number(pos.entry_price), mark)
        maintenance[asset] = maintenance[asset] + pos.brackets.maintenance_margin(value)
        initial[asset] = initial[asset] + initial_margin(value, number(pos.leverage))
    for order in account.open_orders:
        asset = account.margin_asset(order.symbol)
        initial[asset] = initial[asset] + number(order.initial_margin)
    equity = {a: margin_balance(wallet[a], unrealized[a]) for a in wallet}
    total_wallet = _total(value_in_usd(wallet[a], buy[a], sell[a]) for a in wallet)
    total_equity = _total(value_in_usd(equity[a], buy[a], sell[a]) for a in wallet)
    return Figures(
        mode=account.mode, wallet=wallet, unrealized=unrealized, equity=equity,
        maintenance=maintenance, initial=initial, buy=buy, sell=sell,
        total_wallet=total_wallet, total_equity=total_equity, zero=zero,
    )


def _total(values: Iterable[Num]) -> Num:
    total: Num = None
    for v in values:
        total = v if total is None else total + v
    return ZERO if total is None else total


def _worst(values: Iterable[Num]) -> Num:
    worst: Num = None
    for v in values:
        worst = v if worst is None else maximum(worst, v)
    return ZERO if worst is None else worst


__all__ = [
    "MODES", "MULTI_ASSETS", "SINGLE_ASSET", "Account", "Figures", "available_for_orders",
    "evaluate", "liquidating", "margin_balance", "margin_ratio", "margin_utilisation",
    "usable_amount",
]
