"""The liquidation map: :func:`marginlib.ratio_grid` on a 1000 x 1000 grid of two mark prices,
against one hand-written numpy expression for the same ratios (the floor).

The account is the guide's (Scenario 2: 0.5 BTCUSDT and 20 ETHBUSD, USDT at the guide's rates).
The detail adds the speed-up over the exact scalar API in a Python loop (100 x 100 grid, each
cell ``ml.summarize(account.with_marks(...)).margin_ratio``), and the peak memory of the grid run
(tracemalloc).
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import marginlib as ml

from . import Result, interleaved, ms

BTC, ETH = "BTCUSDT", "ETHBUSD"
GOAL = 1.5


def hand_written(account: ml.Account) -> Callable[[Any, Any], Any]:
    """The floor: the guide's account's margin ratio as one numpy expression.

    Valid for this account only (multi-assets mode, a flat maintenance rate per position, a
    long BTCUSDT margined in USDT and a long ETHBUSD margined in BUSD).
    """
    usdt, busd = account.rates["USDT"], account.rates["BUSD"]
    btc, eth = (next(p for p in account.positions if p.symbol == s) for s in (BTC, ETH))
    assert account.mode == ml.MULTI_ASSETS and btc.maint_margin_rate and eth.maint_margin_rate
    bu, su = float(usdt.buy_rate), float(usdt.sell_rate)
    bb, sb = float(busd.buy_rate), float(busd.sell_rate)
    wu, wb = float(account.wallet["USDT"]), float(account.wallet["BUSD"])
    qb, eb, rb = float(btc.size), float(btc.entry_price), float(btc.maint_margin_rate)
    qe, ee, re = float(eth.size), float(eth.entry_price), float(eth.maint_margin_rate)

    def ratio(x: Any, y: Any) -> Any:
        u = wu + qb * (x - eb)  # USDT equity, BUSD equity: small (1, n) and (n, 1) arrays
        b = wb + qe * (y - ee)
        equity = np.where(u >= 0, u * bu, u * su) + np.where(b >= 0, b * bb, b * sb)
        maintenance = (abs(qb) * rb * su) * x + (abs(qe) * re * sb) * y
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(equity > 0, maintenance / equity, np.inf)

    return ratio


def peak_memory(action: Callable[[], object]) -> int:
    """Peak bytes allocated (tracemalloc, which numpy reports to) while ``action`` runs."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(size: int = 1000, loop_size: int = 100, repeats: int = 9) -> Result:
    """Time the grid and its floor (median of ``repeats``), the scalar loop once."""
    account = ml.scenario(2)
    xs = np.linspace(10000.0, 30000.0, size)
    ys = np.linspace(300.0, 900.0, size)
    floor = hand_written(account)

    def grid() -> Any:
        return ml.ratio_grid(account, BTC, xs, ETH, ys)

    def by_hand() -> Any:
        return floor(xs[np.newaxis, :], ys[:, np.newaxis])

    result, expected = grid(), by_hand()
    assert result.shape == (size, size)
    # Floats round differently near the equity-zero line (cancellation): 1e-9 relative.
    assert np.allclose(result, expected, rtol=1e-9, atol=0.0), "the floor computes other ratios"
    assert np.isinf(result).any() and (result < 1).any(), "the map should hold both regions"
    t_grid, t_floor = interleaved([grid, by_hand], repeats)

    # The exact scalar API, cell by cell, on a smaller grid (the same range).
    lx = np.linspace(10000.0, 30000.0, loop_size)
    ly = np.linspace(300.0, 900.0, loop_size)
    start = time.perf_counter()
    exact = [[ml.summarize(account.with_marks({BTC: float(x), ETH: float(y)})).margin_ratio
              for x in lx] for y in ly]
    t_loop = time.perf_counter() - start
    exact_float = np.array([[float(v) for v in row] for row in exact])
    assert np.allclose(ml.ratio_grid(account, BTC, lx, ETH, ly), exact_float, rtol=1e-9)
    speedup = (t_loop / loop_size**2) / (t_grid / size**2)

    peak, peak_floor = peak_memory(grid), peak_memory(by_hand)
    mb = 1024 * 1024
    detail = (
        f"{size}x{size} grid {ms(t_grid)} vs hand-written numpy {ms(t_floor)} "
        f"(same ratios, np.allclose); per cell {speedup:,.0f}x faster than the exact scalar API "
        f"in a Python loop ({loop_size}x{loop_size}: {t_loop:.2f} s, "
        f"{t_loop / loop_size**2 * 1e6:.0f} us a cell); peak memory {peak / mb:.1f} MB "
        f"(hand-written {peak_floor / mb:.1f} MB; one grid of floats is "
        f"{size * size * 8 / mb:.1f} MB); median of {repeats}"
    )
    return Result("grid", t_grid / t_floor, GOAL, detail, ms(t_grid), ms(t_floor))
