"""Auto-exchange: the guide's "automatic conversion", as Binance documents it.

An asset whose wallet balance is negative is brought back to zero by selling the other assets,
each in proportion to its share of their USD value, when one of three triggers holds:

(a) ``threshold``: the asset's balance, in USD, is below the autoExchangeThreshold
    (-10,000 USD); each asset is tested on its own (-9,000 USDT and -9,000 BUSD: no exchange).
    Binance states the threshold in USD but names no rate for the test; we value the balance at
    the asset's margin sell rate, as every debt is valued (a modelling choice);
(b) ``liquidation``: the account is being liquidated and the asset cannot cover its deficit;
(c) ``ltv``: no positions and no open orders, and loan-to-value >= 1.

A conversion uses the **auto-exchange** rates (:attr:`AssetRate.auto_buy_rate`,
:attr:`AssetRate.auto_sell_rate`; Binance's asset index publishes them beside the margin rates):
the debt is bought back at its auto-exchange sell rate, the donors are sold at their auto-exchange
buy rates, in proportion to their value at those rates. What a conversion conserves is value at
the auto-exchange rates: donor units sold x their auto buy rate = debt units bought x the debt's
auto sell rate. What it does to the account's margin equity (valued at the *margin* rates)
follows: where the two sets of rates are the same (the guide's world, which gives one set), the
equity is unchanged; where they differ, it moves by the difference: BTC counted at 95% as margin
but sold at 97.5% raises the equity by 2.5/97.5 of the USD it covers, while at market prices the
account gave up 1/97.5% of the debt's value in BTC. That difference is the exchange's spread
between its two valuations, not money created. The engine runs at fixed intervals (``interval``
steps of a price path), not continuously.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Protocol

from .account import MULTI_ASSETS, Account
from .errors import InvalidInput, json_type, shown_name
from .fees import CostEvent, FeeSchedule, FundingSchedule, close_position, settle_funding
from .numeric import INFINITY, ZERO, count, to_decimal
from .summary import AccountSummary, summarize

#: Binance's autoExchangeThreshold (FAQ on Multi-Assets Mode, 2022-07-06), in USD.
AUTO_EXCHANGE_THRESHOLD = Decimal(-10000)

THRESHOLD = "threshold"
LIQUIDATION = "liquidation"
LTV = "ltv"


@dataclass(frozen=True)
class ConversionEvent:
    """``sold`` of ``from_asset`` became ``bought`` of ``to_asset``, worth ``usd`` USD at the
    auto-exchange rates (``sold`` x the donor's auto buy rate = ``bought`` x the debt's auto
    sell rate = ``usd``)."""

    step: int
    trigger: str
    from_asset: str
    to_asset: str
    sold: Decimal
    bought: Decimal
    usd: Decimal

    def __str__(self) -> str:
        """Its one line (:func:`describe_event`)."""
        return describe_event(self)


def loan_to_value(account: Account) -> Decimal:
    """LTV = |sum of negative balances in USD| / sum of positive ones, at the auto-exchange rates
    (debts at their auto sell rate, assets at their auto buy rate).

    One white-label copy of Binance's page writes it with the auto-exchange haircut, (1 + h) on
    the debts and (1 - h) on the assets; with the guide's single set of rates these are the
    margin rates. 0 with no debt; infinite with debt and nothing to cover it.
    """
    debt = sum((-account.rates[a].auto_value(w) for a, w in account.wallet.items() if w < 0),
               start=ZERO)
    assets = sum((account.rates[a].auto_value(w) for a, w in account.wallet.items() if w > 0),
                 start=ZERO)
    if debt == 0:
        return ZERO
    return INFINITY if assets == 0 else debt / assets


def triggers(
    account: Account,
    *,
    threshold: Decimal = AUTO_EXCHANGE_THRESHOLD,
    liquidating: bool = False,
) -> dict[str, str]:
    """Which negative assets would be exchanged now, and why (asset -> trigger)."""
    found: dict[str, str] = {}
    idle = not account.positions and not account.open_orders
    ltv_hit = idle and loan_to_value(account) >= 1
    for asset, balance in account.wallet.items():
        if balance >= 0:
            continue
        if liquidating:
            found[asset] = LIQUIDATION
        elif account.rates[asset].value(balance) < threshold:
            found[asset] = THRESHOLD
        elif ltv_hit:
            found[asset] = LTV
    return found


def convert_to_cover(
    account: Account, asset: str, *, trigger: str = THRESHOLD, step: int = 0
) -> tuple[Account, tuple[ConversionEvent, ...]]:
    """Bring ``asset``'s negative balance back to zero (or as close as the donors allow).

    At the auto-exchange rates: need (USD) = deficit x auto sell rate of ``asset``, at most the
    donors' value v_i = balance_i x auto buy rate_i; donor i gives USD_i = need x v_i / sum(v)
    (in proportion to its value), that is USD_i / auto buy rate_i units, and the debt receives
    USD_i / its auto sell rate. Value at the auto-exchange rates is conserved; margin equity
    moves by the difference between the auto-exchange and the margin rates (module docstring).
    """
    balance = account.wallet.get(asset)
    if balance is None:
        raise InvalidInput("asset", f"the account holds no {asset}")
    if balance >= 0:
        return account, ()
    rate = account.rates[asset]
    donors = {a: account.rates[a].auto_value(w) for a, w in account.wallet.items()
              if a != asset and w > 0}
    pool = sum(donors.values(), start=ZERO)
    if pool == 0:
        return account, ()
    debt_usd = -balance * rate.auto_sell_rate
    need = min(debt_usd, pool)
    wallet = dict(account.wallet)
    events = []
    for donor, value in donors.items():
        usd = need * value / pool
        sold = min(usd / account.rates[donor].auto_buy_rate, wallet[donor])
        bought = usd / rate.auto_sell_rate
        wallet[donor] -= sold
        wallet[asset] += bought
        events.append(ConversionEvent(step, trigger, donor, asset, sold, bought, usd))
    # Division rounds in the 28th digit; a debt fully covered is exactly zero, not -1E-25.
    if need == debt_usd:
        wallet[asset] = ZERO
    return replace(account, wallet=wallet), tuple(events)


def auto_exchange_step(
    account: Account,
    *,
    threshold: Any = AUTO_EXCHANGE_THRESHOLD,
    liquidating: bool = False,
    step: int = 0,
) -> tuple[Account, tuple[ConversionEvent, ...]]:
    """One run of the auto-exchange engine: convert every asset a trigger names."""
    limit = to_decimal(threshold, "threshold")
    if limit > 0:
        raise InvalidInput("threshold", f"must be zero or negative (USD), got {limit}")
    events: list[ConversionEvent] = []
    for asset, why in triggers(account, threshold=limit, liquidating=liquidating).items():
        account, done = convert_to_cover(account, asset, trigger=why, step=step)
        events.extend(done)
    return account, tuple(events)


def close_positions(account: Account, symbols: Sequence[str] | None = None) -> Account:
    """Close positions at their mark price: unrealized PnL moves into the wallet (realized)."""
    closing = [p for p in account.positions if symbols is None or p.symbol in symbols]
    wallet = dict(account.wallet)
    for pos in closing:
        asset = account.margin_asset(pos.symbol)
        wallet[asset] += pos.unrealized_pnl
    kept = tuple(p for p in account.positions if p not in closing)
    return replace(account, wallet=wallet, positions=kept)


class LiquidationOutcome(Protocol):
    """What :func:`simulate` reads of a liquidation (a
    :class:`marginlib.liquidation.LiquidationResult`)."""

    @property
    def account(self) -> Account: ...

    @property
    def triggered(self) -> bool: ...

    @property
    def conversions(self) -> tuple[ConversionEvent, ...]: ...

    @property
    def fund_after(self) -> dict[str, Decimal]: ...


class Liquidator(Protocol):
    """Liquidation rules :func:`simulate` can apply (a
    :class:`marginlib.liquidation.LiquidationRules`; this module does not import that one,
    which builds on auto-exchange)."""

    def apply(self, account: Account, *, step: int,
              fund: Mapping[str, Decimal] | None) -> LiquidationOutcome: ...


@dataclass(frozen=True)
class SimulationStep:
    """The account after step ``step`` of the path, its summary and what happened: conversion
    ``events``, and with fees or funding the wallet's ``costs`` (realized PnL, commission,
    funding), with liquidation rules the ``liquidation`` itself."""

    step: int
    account: Account
    summary: AccountSummary
    events: tuple[ConversionEvent, ...]
    liquidated: bool
    costs: tuple[CostEvent, ...] = ()
    liquidation: LiquidationOutcome | None = None


@dataclass(frozen=True)
class Simulation:
    """Every step of a replay and every conversion event."""

    steps: tuple[SimulationStep, ...]

    @property
    def events(self) -> tuple[ConversionEvent, ...]:
        """All conversion events, in order."""
        return tuple(e for s in self.steps for e in s.events)

    @property
    def costs(self) -> tuple[CostEvent, ...]:
        """Every realized PnL, commission and funding event, in order."""
        return tuple(e for s in self.steps for e in s.costs)

    @property
    def liquidated_at(self) -> int | None:
        """The step at which the account was liquidated, if it was."""
        return next((s.step for s in self.steps if s.liquidated), None)


def at_point(account: Account, point: Mapping[str, Any]) -> Account:
    """``account`` at a path point's prices (the marks of the positions it still holds, the
    index prices of its assets), before anything else happens at that step: the account whose
    margin ratio the exchange watches there."""
    held = {p.symbol for p in account.positions}
    return account.with_marks({k: v for k, v in point.items() if k in held}).with_prices(
        {k: v for k, v in point.items() if k in account.rates})


def simulate(
    account: Account,
    path: Sequence[Mapping[str, Any]],
    *,
    interval: int = 1,
    threshold: Any = AUTO_EXCHANGE_THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
    fees: FeeSchedule | None = None,
    funding: FundingSchedule | None = None,
    liquidation: Liquidator | None = None,
) -> Simulation:
    """Step the account along a price path, running the auto-exchange engine every ``interval``.

    Each path point maps contract symbols to mark prices and assets to index prices, and may
    list under ``"close"`` the symbols closed at that step (their PnL is realized into the
    wallet). In multi-assets mode, when the pooled margin ratio reaches 100% every position is
    closed at mark (liquidation) and trigger (b) converts at once; triggers (a) and (c) wait for
    the next engine run. Single-asset mode has no auto-exchange: each asset stands alone, so
    only the contracts of an asset whose own ratio reaches 100% are closed, and nothing is
    converted (a deficit left by a price that gapped through the liquidation price stays on
    that asset's wallet; on the exchange the insurance fund absorbs it).
    ``progress(done, total)``, if given, is called after each step (a progress bar for long
    paths).

    Costs, all off by default (``None``: the results above, unchanged): with ``funding``, open
    positions pay or receive funding at the steps it is due, before anything else happens at
    that step; with ``fees``, a close the path asks for pays the taker commission; with
    ``liquidation`` (:class:`marginlib.liquidation.LiquidationRules`), a liquidation follows
    those rules (partial close, clearance fee, insurance fund, ADL) instead of closing at the
    mark, and the insurance fund carries over from step to step.
    """
    interval = count(interval, "interval", 1)
    _check_path(account, path)
    steps: list[SimulationStep] = []
    fund: Mapping[str, Decimal] | None = None  # the liquidation rules' own, until one runs
    for i, point in enumerate(path):
        account = at_point(account, point)
        costs: list[CostEvent] = []
        if funding is not None and funding.due(i):
            account, paid = settle_funding(account, funding, step=i)
            costs.extend(paid)
        if point.get("close"):
            if fees is None:
                account = close_positions(account, list(point["close"]))
            else:
                for symbol in [p.symbol for p in account.positions if p.symbol in point["close"]]:
                    account, done_costs = close_position(account, symbol, fees=fees, step=i)
                    costs.extend(done_costs)
        events: list[ConversionEvent] = []
        liquidated = False
        outcome: LiquidationOutcome | None = None
        pooled = account.mode == MULTI_ASSETS
        if liquidation is not None:
            if account.positions:
                outcome = liquidation.apply(account, step=i, fund=fund)
                liquidated = outcome.triggered
                account, fund = outcome.account, outcome.fund_after
                events.extend(outcome.conversions)
        elif account.positions and summarize(account).liquidating:
            liquidated = True
            account = close_positions(account, None if pooled else _liquidating_symbols(account))
            if pooled:
                account, done = auto_exchange_step(
                    account, threshold=threshold, liquidating=True, step=i
                )
                events.extend(done)
        if pooled and i % interval == 0:
            account, done = auto_exchange_step(account, threshold=threshold, step=i)
            events.extend(done)
        steps.append(SimulationStep(i, account, summarize(account), tuple(events), liquidated,
                                    tuple(costs), outcome if liquidated else None))
        if progress is not None:
            progress(i + 1, len(path))
    return Simulation(tuple(steps))


def _check_path(account: Account, path: Any) -> None:
    """Every point of ``path``, before any step: a mapping whose keys are the symbols of
    positions held at the start (their marks), assets (their index prices) and ``"close"`` (a
    list of such symbols). A name that would move nothing is refused: a misspelt symbol, a
    contract the account holds no position in, an asset that is not a margin asset of the
    account's registry. A margin asset the account does not hold is allowed (one path can
    serve several accounts: its price moves nothing here). Prices are checked as each step
    applies them."""
    if isinstance(path, (str, bytes, Mapping)) or not isinstance(path, Sequence):
        raise InvalidInput("path", "must be a list of points (mappings of symbol or asset to "
                                   "price)")
    held = {p.symbol for p in account.positions}
    for i, point in enumerate(path):
        if not isinstance(point, Mapping):
            raise InvalidInput(f"path[{i}]", "must be a mapping of symbol or asset to price")
        for key, value in point.items():
            if key == "close":
                if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                    raise InvalidInput(f"path[{i}].close", "must be a list of symbols, got "
                                                           f"{json_type(value)}")
                for symbol in value:
                    if symbol not in held:
                        raise InvalidInput(f"path[{i}].close",
                                           f"no position in {shown_name(symbol)}")
            elif key not in held and key not in account.rates and not (
                isinstance(key, str) and key in account.registry.assets
            ):
                raise InvalidInput(
                    f"path[{i}]", f"{shown_name(key)} is neither the symbol of a position held "
                                  "nor a margin asset",
                )


def _liquidating_symbols(account: Account) -> list[str]:
    """Single-asset mode: the contracts of every asset whose own margin ratio is >= 100%."""
    broke = {row.asset for row in summarize(account).assets if row.margin_ratio >= 1}
    return [p.symbol for p in account.positions if account.margin_asset(p.symbol) in broke]


def shock_path(
    symbol: str,
    start: Any,
    shock: Any,
    *,
    fall_steps: int = 10,
    steps: int = 16,
    close: bool = True,
) -> list[dict[str, Any]]:
    """A deterministic price path for :func:`simulate`: a straight fall, then flat.

    ``symbol``'s mark starts at ``start`` and falls by the fraction ``shock`` (0.15 = 15%) in
    ``fall_steps`` equal steps: mark_i = start x (1 - shock x min(i, fall_steps) / fall_steps),
    for i = 0 .. ``steps`` - 1. With ``close`` the position is closed one step after the bottom
    (step ``fall_steps`` + 1, at the bottom price, if the path is that long), realizing its loss
    into the wallet, unless a liquidation came first (the bottom is checked before the close).
    """
    first = to_decimal(start, "start")
    fall = to_decimal(shock, "shock")
    if first <= 0:
        raise InvalidInput("start", f"must be positive, got {first}")
    if not 0 <= fall < 1:
        raise InvalidInput("shock", f"must be a fraction in [0, 1), got {fall}")
    fall_steps, steps = count(fall_steps, "fall_steps", 1), count(steps, "steps", 1)
    path: list[dict[str, Any]] = []
    for i in range(steps):
        point: dict[str, Any] = {symbol: first * (1 - fall * min(i, fall_steps) / fall_steps)}
        if close and i == fall_steps + 1:
            point["close"] = [symbol]
        path.append(point)
    return path


def _amount(value: Decimal) -> str:
    """An amount for reading: to the cent from 10 up (12,934.35), else 2 to 8 decimals
    (0.6779661, 2.54372019), thousands separated; a line of events then fits a printed line."""
    if abs(value) >= 10:
        return format(value.quantize(Decimal("0.01")), ",f")
    short = value.quantize(Decimal("1E-8")).normalize()
    if short.as_tuple().exponent > -2:  # type: ignore[operator]
        short = short.quantize(Decimal("0.01"))
    return format(short, ",f")


def describe_event(event: ConversionEvent) -> str:
    """One line for a conversion event, e.g.
    ``step 10 (threshold): sold 12,934.35 BUSD → bought 13,000.00 USDT (12,934.35 USD)``."""
    return (
        f"step {event.step} ({event.trigger}): sold {_amount(event.sold)} {event.from_asset} "
        f"→ bought {_amount(event.bought)} {event.to_asset} ({_amount(event.usd)} USD)"
    )
