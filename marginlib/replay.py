"""A crash replay: a stylised sharp fall and rebound of BTC and ETH, stepped through the engine in
both modes.

The path is deterministic: the same seed gives the same prices, on every machine. In log terms,
BTC's price is a trend plus a little noise,

    ln(BTC_t / BTC_0) = T(t) + x_t,      ln(ETH_t / ETH_0) = beta x T(t) + y_t

where T is flat for ``calm`` steps, falls to ln(1 - ``fall``) along a smooth S over ``fall_steps``
steps (slow, then sharp, then slowing), then wins back ``rebound`` of the fall; x and y are AR(1)
noise (x_t = 0.8 x_{t-1} + ``noise`` z_t, z from ``numpy.random.default_rng(seed)``, ETH's shocks
80% correlated with BTC's). Prices are rounded to the contracts' ticks (0.1 BTC, 0.01 ETH).

:func:`replay` steps one account along the path with :func:`marginlib.simulate` twice: in
multi-assets mode (one pool, auto-exchange on) and in single-asset mode (each asset apart,
no auto-exchange). For every step it keeps the margin ratio the exchange watches, at that step's
prices and before the liquidation engine acts, so the liquidation step is the first step whose
ratio is 100% or more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import numpy as np

from .account import MULTI_ASSETS, SINGLE_ASSET, Account
from .conversion import (
    ConversionEvent,
    Liquidator,
    Simulation,
    at_point,
    describe_event,
    simulate,
)
from .errors import InvalidInput
from .fees import CostEvent, FeeSchedule, FundingSchedule, charge_opening
from .modes import in_mode, ratio_text
from .numeric import FloatArray, usd
from .positions import Position
from .registry import TODAY
from .summary import summarize

#: The course's seed: change it and the noise changes, not the shape.
SEED = 7
BTC_TICK = Decimal("0.1")
ETH_TICK = Decimal("0.01")


@dataclass(frozen=True)
class CrashShape:
    """The shape of the stylised crash: fractions of the price, and numbers of steps.

    ``slide`` (a gentle slide over ``slide_steps``), then the rest of ``fall`` along an S over
    ``fall_steps`` (the crash), then ``rebound`` of the fall won back by the last step.
    """

    steps: int = 360
    slide_steps: int = 120
    fall_steps: int = 100
    slide: float = 0.04
    fall: float = 0.30
    rebound: float = 0.5
    beta: float = 1.3
    noise: float = 0.0008
    seed: int = SEED
    btc_start: Decimal = Decimal(60000)
    eth_start: Decimal = Decimal(2400)

    def __post_init__(self) -> None:
        for name in ("steps", "slide_steps", "fall_steps", "seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(name, "must be a whole number >= 0")
        if self.fall_steps < 1 or self.slide_steps + self.fall_steps >= self.steps:
            raise InvalidInput("steps", "need fall_steps >= 1 and room after the slide and fall")
        if not 0 <= self.slide <= self.fall < 1:
            raise InvalidInput("fall", f"need 0 <= slide <= fall < 1, got {self.slide}, "
                                       f"{self.fall}")
        if not 0 <= self.rebound <= 1:
            raise InvalidInput("rebound", f"must be a fraction in [0, 1], got {self.rebound}")
        if self.beta <= 0 or self.noise < 0:
            raise InvalidInput("beta", "beta must be positive and noise not negative")

    @property
    def bottom(self) -> int:
        """The step at which the crash ends (the trend's lowest point)."""
        return self.slide_steps + self.fall_steps


def trend(shape: CrashShape) -> FloatArray:
    """T(t) = ln(price_t / price_0) without noise: a slide, an S-shaped crash, a rebound."""
    t = np.arange(shape.steps, dtype=float)
    low, bottom = np.log1p(-shape.slide), np.log1p(-shape.fall)
    slide = low * np.clip(t / max(shape.slide_steps, 1), 0.0, 1.0)
    u = np.clip((t - shape.slide_steps) / shape.fall_steps, 0.0, 1.0)
    crash = (bottom - low) * u * u * (3.0 - 2.0 * u)  # smoothstep: slow, sharp, slowing
    tau = (shape.steps - shape.bottom) / 3.0
    back = np.where(t > shape.bottom,
                    shape.rebound * (1.0 - np.exp(-(t - shape.bottom) / tau)), 0.0)
    result: FloatArray = (slide + crash) * (1.0 - back)
    return result


def _ar1(shocks: FloatArray, scale: float) -> FloatArray:
    out = np.zeros_like(shocks)
    for i in range(1, len(shocks)):
        out[i] = 0.8 * out[i - 1] + scale * shocks[i]
    return out


@dataclass(frozen=True)
class CrashPath:
    """BTC and ETH prices along the crash, exact Decimals on the contracts' ticks."""

    shape: CrashShape
    btc: tuple[Decimal, ...]
    eth: tuple[Decimal, ...]

    def __len__(self) -> int:
        return len(self.btc)

    def points(self, close: Mapping[int, tuple[str, ...]] | None = None) -> list[dict[str, Any]]:
        """The path for :func:`marginlib.simulate`: marks of BTCUSDT and ETHUSDT and index
        prices of BTC and ETH (collateral moves with the contracts); ``close`` maps a step to
        the symbols the trader closes there."""
        points: list[dict[str, Any]] = [
            {"BTCUSDT": b, "ETHUSDT": e, "BTC": b, "ETH": e}
            for b, e in zip(self.btc, self.eth, strict=True)
        ]
        for step, symbols in (close or {}).items():
            if not 0 <= step < len(points):
                raise InvalidInput("close", f"step {step} is not on the path")
            points[step]["close"] = list(symbols)
        return points

    def arrays(self) -> tuple[FloatArray, FloatArray]:
        """BTC and ETH prices as float arrays (for pictures)."""
        return (np.array([float(b) for b in self.btc]), np.array([float(e) for e in self.eth]))


def crash_path(shape: CrashShape | None = None, **changes: Any) -> CrashPath:
    """The stylised crash: ``crash_path()`` is the course's; ``crash_path(fall=0.4)`` changes
    one parameter of :class:`CrashShape`. The same shape always gives the same prices."""
    base = shape or CrashShape()
    if changes:
        base = CrashShape(**{**base.__dict__, **changes})
    rng = np.random.default_rng(base.seed)
    z = rng.standard_normal((2, base.steps))
    x = _ar1(z[0], base.noise)
    y = _ar1(0.8 * z[0] + 0.6 * z[1], base.noise)
    t = trend(base)
    btc = np.exp(t + x) * float(base.btc_start)
    eth = np.exp(base.beta * t + y) * float(base.eth_start)
    return CrashPath(
        base,
        tuple(Decimal(repr(float(v))).quantize(BTC_TICK) for v in btc),
        tuple(Decimal(repr(float(v))).quantize(ETH_TICK) for v in eth),
    )


def replay_account(shape: CrashShape | None = None) -> Account:
    """The course's account, in today's registry (USDT and USDC at index 1, counted at 99.99%;
    BTC at 95% as margin, sold at 97.5% by auto-exchange):
    3,000 USDT, 26,000 USDC and 0.2 BTC as margin; long 1 BTCUSDT and 20 ETHUSDT (20x),
    entered at the path's first prices; maintenance margin from Binance's brackets."""
    base = shape or CrashShape()
    btc, eth = base.btc_start, base.eth_start
    return Account(
        {"USDT": TODAY.rate("USDT", Decimal(1)), "USDC": TODAY.rate("USDC", Decimal(1)),
         "BTC": TODAY.rate("BTC", btc)},
        {"USDT": Decimal(3000), "USDC": Decimal(26000), "BTC": Decimal("0.2")},
        (Position("BTCUSDT", Decimal(1), btc, btc, Decimal(20)),
         Position("ETHUSDT", Decimal(20), eth, eth, Decimal(20))),
        registry=TODAY,
    )


def trader_closes(shape: CrashShape | None = None) -> dict[int, tuple[str, ...]]:
    """The course's plan: the trader gives up on ETH and closes it at the bottom of the crash."""
    return {(shape or CrashShape()).bottom: ("ETHUSDT",)}


def holdings(account: Account) -> str:
    """Wallet balances for reading: ``USDT 359.10, USDC 26,000.00, BTC 0.2``."""
    parts = []
    for asset, amount in account.wallet.items():
        if account.rates[asset].price > 100:  # a coin: satoshis matter
            text = format(amount.quantize(Decimal("1E-8")).normalize(), ",f")
        else:
            text = usd(amount)
        parts.append(f"{asset} {text}")
    return ", ".join(parts)


@dataclass(frozen=True)
class ModeRun:
    """One mode's replay: the simulation and, per step, the margin ratio the exchange watches."""

    mode: str
    simulation: Simulation
    ratios: tuple[Decimal, ...]

    @property
    def liquidated_at(self) -> int | None:
        """The liquidation step (the first whose watched ratio is >= 100%), or None."""
        return self.simulation.liquidated_at

    @property
    def events(self) -> tuple[ConversionEvent, ...]:
        """Auto-exchange events (none in single-asset mode)."""
        return self.simulation.events

    def equity(self, step: int) -> Decimal:
        """Account equity in USD after ``step``."""
        return self.simulation.steps[step].summary.equity


@dataclass(frozen=True)
class Replay:
    """The crash replayed in both modes (``account`` as it starts, after any opening fee in
    ``opening``)."""

    path: CrashPath
    account: Account
    single: ModeRun
    multi: ModeRun
    closes: Mapping[int, tuple[str, ...]]
    opening: tuple[CostEvent, ...] = ()

    @property
    def runs(self) -> tuple[ModeRun, ModeRun]:
        """(single-asset, multi-assets)."""
        return self.single, self.multi

    def run(self, mode: str) -> ModeRun:
        """The run of ``mode``."""
        if mode == SINGLE_ASSET:
            return self.single
        if mode == MULTI_ASSETS:
            return self.multi
        raise InvalidInput("mode", f"must be {MULTI_ASSETS} or {SINGLE_ASSET}, got {mode!r}")

    def liquidation_line(self, mode: str) -> str:
        """``single-asset: liquidated at step 24, BTC 58,123.40, ETH 2,290.12`` or ``not
        liquidated``."""
        run = self.run(mode)
        step = run.liquidated_at
        if step is None:
            return f"{mode}: not liquidated (highest ratio {ratio_text(max(run.ratios))})"
        return (f"{mode}: liquidated at step {step}, BTC {usd(self.path.btc[step])}, "
                f"ETH {usd(self.path.eth[step])} (ratio {ratio_text(run.ratios[step])})")

    def key_figures(self) -> str:
        """Liquidation step and prices per mode, the events, and each mode's final equity."""
        lines = [self.liquidation_line(SINGLE_ASSET), self.liquidation_line(MULTI_ASSETS)]
        events = self.multi.events
        lines.append(f"auto-exchange events (multi-assets): {len(events)}")
        lines += [f"  {describe_event(e)}" for e in events]
        lines += [self.final_line(run.mode) for run in self.runs]
        return "\n".join(lines)

    def final_line(self, mode: str) -> str:
        """``final (multi-assets): USDT 0.00, USDC 14,682.98, BTC 0.11294598; equity 9,763.50
        USD``: what ``mode`` holds after the last step, and its equity."""
        run, last = self.run(mode), len(self.path) - 1
        held = holdings(run.simulation.steps[last].account)
        return f"final ({mode}): {held}; equity {usd(run.equity(last))} USD"

    def watched_account(self, mode: str, step: int) -> Account:
        """The account ``mode`` holds entering ``step``, at that step's prices: the account
        whose margin ratio decides the liquidation at ``step``."""
        if not 0 <= step < len(self.path):
            raise InvalidInput("step", f"must be in 0..{len(self.path) - 1}, got {step}")
        run = self.run(mode)
        entering = (in_mode(self.account, mode) if step == 0
                    else run.simulation.steps[step - 1].account)
        return at_point(entering, self.path.points(self.closes)[step])

    def step_line(self, step: int) -> str:
        """What happens at ``step``: prices and both modes' ratios (the widget's status line)."""
        if not 0 <= step < len(self.path):
            raise InvalidInput("step", f"must be in 0..{len(self.path) - 1}, got {step}")
        return (f"Step {step}: BTC {usd(self.path.btc[step])}, ETH {usd(self.path.eth[step])}; "
                f"ratio single-asset {ratio_text(self.single.ratios[step])}, "
                f"multi-assets {ratio_text(self.multi.ratios[step])}")


def _run(account: Account, mode: str, points: list[dict[str, Any]],
         progress: Callable[[int, int], None] | None, costs: Mapping[str, Any]) -> ModeRun:
    start = in_mode(account, mode)
    simulation = simulate(start, points, progress=progress, **costs)
    ratios = []
    entering = start
    for step, point in zip(simulation.steps, points, strict=True):
        ratios.append(summarize(at_point(entering, point)).margin_ratio)
        entering = step.account
    return ModeRun(mode, simulation, tuple(ratios))


def replay(account: Account | None = None, path: CrashPath | None = None,
           close: Mapping[int, tuple[str, ...]] | None = None,
           progress: Callable[[int, int], None] | None = None, *,
           fees: FeeSchedule | None = None, funding: FundingSchedule | None = None,
           liquidation: Liquidator | None = None) -> Replay:
    """Step ``account`` (default :func:`replay_account`) along ``path`` (default
    :func:`crash_path`) in single-asset and in multi-assets mode; ``close`` (default
    :func:`trader_closes`) maps a step to the symbols closed there (their PnL is realized).

    ``progress(done, total)`` is called after each step of each mode (total = 2 x steps).
    ``fees``, ``funding`` and ``liquidation`` go to :func:`marginlib.simulate` (``None``, the
    default: no costs, liquidation closes at the mark); with ``fees`` the positions also pay
    their opening commission (taker, at the entry price) before the first step.

    The course's replays (its own account and plan, on any path, without costs) are computed
    once per path and process: a replay is a pure function of them, and notebook 10 and its
    widget ask for the same one several times (``progress`` is then called once, with the
    total).
    """
    crash = crash_path() if path is None else path
    course = (account is None and close is None
              and all(cost is None for cost in (fees, funding, liquidation)))
    if course and crash in _COURSE_REPLAYS:
        if progress is not None:
            progress(2 * len(crash), 2 * len(crash))
        return _COURSE_REPLAYS[crash]
    start = replay_account(crash.shape) if account is None else account
    opening: tuple[CostEvent, ...] = ()
    if fees is not None:
        start, opening = charge_opening(start, fees)
    costs = {"fees": fees, "funding": funding, "liquidation": liquidation}
    closes = MappingProxyType(dict(trader_closes(crash.shape) if close is None else close))
    points = crash.points(closes)
    total = 2 * len(points)

    def tick(offset: int) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, _n: progress(offset + done, total)

    single = _run(start, SINGLE_ASSET, points, tick(0), costs)
    multi = _run(start, MULTI_ASSETS, points, tick(len(points)), costs)
    result = Replay(crash, start, single, multi, closes, opening)
    if course:
        while len(_COURSE_REPLAYS) >= _KEPT:
            del _COURSE_REPLAYS[next(iter(_COURSE_REPLAYS))]
        _COURSE_REPLAYS[crash] = result
    return result


#: The course's replays by path (see :func:`replay`), at most ``_KEPT`` of them.
_COURSE_REPLAYS: dict[CrashPath, Replay] = {}
_KEPT = 8


__all__ = [
    "SEED", "CrashPath", "CrashShape", "ModeRun", "Replay", "crash_path", "holdings", "replay",
    "replay_account", "trader_closes", "trend",
]
