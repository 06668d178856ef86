"""Fees, funding and liquidation rules in the simulator and the replay: off by default (the
results the course had), and with them, the figures worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marginlib as ml
from marginlib.conversion import Simulation, shock_path, simulate
from marginlib.fees import COMMISSION, FUNDING, NO_FEES, VIP0, FundingSchedule, charge_opening
from marginlib.liquidation import BINANCE, CLOSE, CLOSE_AT_MARK, FEE
from marginlib.replay import Replay, replay, replay_account
from marginlib.scenarios import shock_account

D = Decimal
#: Every cost set to zero, and liquidation closing at the mark without a fee.
ZERO_COSTS: dict[str, Any] = {"fees": NO_FEES, "funding": FundingSchedule(rate=D(0)),
                              "liquidation": CLOSE_AT_MARK}


def same_run(a: Simulation, b: Simulation) -> bool:
    """Step by step: the same accounts, summaries, conversions and liquidation steps."""
    return len(a.steps) == len(b.steps) and all(
        (x.account, x.summary, x.events, x.liquidated) == (y.account, y.summary, y.events,
                                                           y.liquidated)
        for x, y in zip(a.steps, b.steps, strict=True))


@pytest.mark.parametrize("shock", ["0.10", "0.15", "0.40"])
@pytest.mark.parametrize("mode", [ml.MULTI_ASSETS, ml.SINGLE_ASSET])
def test_zero_costs_give_the_course_s_results(shock: str, mode: str) -> None:
    account = ml.in_mode(shock_account(), mode)
    path = shock_path("BTCUSDT", 20000, D(shock))
    today = simulate(account, path, interval=4)
    assert same_run(today, simulate(account, path, interval=4, **ZERO_COSTS))
    assert same_run(today, simulate(account, path, interval=4, fees=None, funding=None,
                                    liquidation=None))


@settings(deadline=None, max_examples=25)
@given(st.decimals(min_value=D("0.01"), max_value=D("0.6"), places=3), st.integers(1, 6),
       st.sampled_from([ml.MULTI_ASSETS, ml.SINGLE_ASSET]))
def test_zero_costs_give_the_course_s_results_on_any_shock(shock: Decimal, interval: int,
                                                             mode: str) -> None:
    account = ml.in_mode(shock_account(), mode)
    path = shock_path("BTCUSDT", 20000, shock)
    assert same_run(simulate(account, path, interval=interval),
                    simulate(account, path, interval=interval, **ZERO_COSTS))


def test_zero_costs_give_the_course_s_replay(course: Replay) -> None:
    zero = replay(**ZERO_COSTS)
    for old, new in zip(course.runs, zero.runs, strict=True):
        assert same_run(old.simulation, new.simulation) and old.ratios == new.ratios
    assert zero.key_figures() == course.key_figures()
    assert zero.opening and all(e.amount == 0 for e in zero.opening)


def test_funding_is_paid_at_its_interval() -> None:
    # long 5 BTCUSDT at a flat 20,000 for 20 one-hour steps, 8-hour funding at 0.01%: paid at
    # steps 8 and 16, 5 x 20,000 x 0.0001 = 10 USDT each.
    path = [{"BTCUSDT": 20000}] * 20
    run = simulate(shock_account(), path, funding=FundingSchedule(rate=D("0.0001")))
    paid = [(e.step, e.amount) for e in run.costs if e.kind == FUNDING]
    assert paid == [(8, D(-10)), (16, D(-10))]
    assert run.steps[-1].account.wallet["USDT"] == D(1980)


def test_a_close_pays_the_taker_fee_and_moves_trigger_a() -> None:
    # 15% fall, closed at step 11 at 17,000: realized -15,000 and a taker fee of
    # 5 x 17,000 x 0.05% = 42.50: USDT -13,042.50, bought back at step 12 (engine every 4
    # steps) with 13,042.50 x 0.99495 = 12,976.63 BUSD (the course without fees: 12,934.35).
    path = shock_path("BTCUSDT", 20000, D("0.15"))
    run = simulate(shock_account(), path, interval=4, fees=VIP0)
    fee = next(e for e in run.costs if e.kind == COMMISSION)
    assert (fee.step, fee.amount) == (11, D("-42.5"))
    assert run.steps[11].account.wallet["USDT"] == D("-13042.5")
    event = run.events[0]
    assert event.step == 12 and event.sold == D("13042.5") * D("0.99495")


def test_the_course_crash_with_binance_s_liquidation() -> None:
    # Notebook 5's 40% fall, liquidated at step 8 (BTC 13,600): closing at the mark leaves
    # 151.50 BUSD (the course's figure); Binance's clearance fee takes those 151.50 USD
    # (152.27 USDT at the sell rate 0.99495) and the trader ends with nothing.
    account, path = shock_account(), shock_path("BTCUSDT", 20000, D("0.4"))
    old = simulate(account, path, interval=4)
    new = simulate(account, path, interval=4, liquidation=BINANCE)
    assert old.liquidated_at == new.liquidated_at == 8
    assert old.steps[-1].account.wallet["BUSD"] == D("151.5")
    assert all(abs(w) < D("1e-18") for w in new.steps[-1].account.wallet.values())
    outcome = new.steps[8].liquidation
    assert outcome is not None and outcome.conserved()
    assert [getattr(e, "kind", "conversion") for e in outcome.events] == [CLOSE, FEE,
                                                                          "conversion"]
    assert abs(outcome.total(FEE) - D("151.5") / D("0.99495")) < D("1e-20")
    # the fund carries over: nothing more happens after step 8
    assert all(s.liquidation is None for s in new.steps[9:])


def test_the_crash_replay_with_fees_funding_and_liquidation(course: Replay) -> None:
    # Single-asset mode, the course: liquidated at step 63 with 359.10 USDT left. The replay is
    # today's world: USDT and USDC count at 99.99% (buy rate 0.9999), BTC at 95%. At the end
    # (BTC 49,745.40): (359.10 + 26,000) x 0.9999 = 26,356.46409, + 0.2 x 49,745.40 x 0.95 =
    # 9,451.626 -> 35,808.09009 = 35,808.09. With the opening taker fee (0.05% of 60,000 +
    # 48,000 = 54 USDT), 8-hourly funding at 0.01% (a step is an hour) and Binance's
    # liquidation, the USDT side is liquidated two steps earlier (the single-asset ratio is in
    # USDT, no rate: the step does not depend on the buffers) and the fee takes what is left:
    # 26,000 x 0.9999 = 25,997.40, + 9,451.626 = 35,449.026 = 35,449.03.
    real = replay(fees=VIP0, funding=FundingSchedule(), liquidation=BINANCE)
    assert [e.amount for e in real.opening] == [D(-30), D(-24)]
    last = len(real.path) - 1
    assert real.path.btc[last] == D("49745.4")
    assert course.single.equity(last) == D("26359.10") * D("0.9999") + D("9451.626")
    assert ml.usd(course.single.equity(last)) == "35,808.09"
    assert real.single.liquidated_at == 61
    assert real.single.simulation.steps[last].account.wallet["USDT"] == 0
    assert real.single.equity(last) == D("25997.4") + D("9451.626")
    assert ml.usd(real.single.equity(last)) == "35,449.03"
    # Multi-assets mode: never liquidated in either; the costs only make it poorer.
    assert real.multi.liquidated_at is None and course.multi.liquidated_at is None
    assert real.multi.equity(last) < course.multi.equity(last)


def test_opening_fees_are_charged_once_per_position() -> None:
    # 1 BTC at 60,000 and 20 ETH at 2,400, taker 0.05%: 30 + 24 USDT from 3,000
    opened, events = charge_opening(replay_account(), VIP0)
    assert [e.amount for e in events] == [D(-30), D(-24)]
    assert opened.wallet["USDT"] == D(2946)
