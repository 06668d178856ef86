"""marginlib.replay: the crash replayed in both modes.

The crash replay: a deterministic path, the liquidation step where the watched ratio crosses
100%, and the conversion events, with the key figures worked by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml
from marginlib.conversion import simulate
from marginlib.modes import in_mode
from marginlib.replay import (
    CrashShape,
    Replay,
    crash_path,
    holdings,
    replay,
    replay_account,
    trader_closes,
    trend,
)


def test_same_seed_same_path() -> None:
    assert crash_path() == crash_path()
    assert crash_path(seed=8) != crash_path()
    assert crash_path(seed=8) == crash_path(CrashShape(seed=8))
    # The seed moves the noise, not the shape.
    assert np.array_equal(trend(CrashShape(seed=8)), trend(CrashShape()))


def test_path_shape() -> None:
    path = crash_path()
    shape = path.shape
    assert len(path) == shape.steps == 360
    assert path.btc[0] == 60000 and path.eth[0] == 2400  # no noise at step 0
    assert all(b == b.quantize(Decimal("0.1")) for b in path.btc)
    assert all(e == e.quantize(Decimal("0.01")) for e in path.eth)
    t = trend(shape)
    # Slide: -4% at step 120; bottom: -30% at step 220; half the fall won back, most of it by
    # the end (1 - e^-3 = 95% of the way).
    assert t[0] == 0
    assert math.isclose(t[120], math.log(0.96))
    assert math.isclose(t[shape.bottom], math.log(0.70)) and shape.bottom == 220
    assert math.isclose(t[-1], math.log(0.70) * (1 - 0.5 * (1 - math.exp(-3 * 139 / 140))))
    btc, eth = path.arrays()
    assert btc.argmin() in range(210, 231)  # the bottom, give or take the noise
    assert 0.68 < btc.min() / 60000 < 0.72
    # ETH falls 1.3 times as far, in log terms: 0.7^1.3 = 0.629.
    assert 0.61 < eth.min() / 2400 < 0.65


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ml.InvalidInput, match="fall"):
        CrashShape(fall=1.2)
    with pytest.raises(ml.InvalidInput, match="fall"):
        CrashShape(slide=0.5, fall=0.3)
    with pytest.raises(ml.InvalidInput, match="steps"):
        CrashShape(steps=100)
    with pytest.raises(ml.InvalidInput, match="rebound"):
        CrashShape(rebound=2)
    with pytest.raises(ml.InvalidInput, match="steps"):
        CrashShape(steps=True)  # type: ignore[arg-type]
    with pytest.raises(ml.InvalidInput, match="close"):
        crash_path().points({400: ("ETHUSDT",)})


def test_points_move_marks_and_collateral_together() -> None:
    points = crash_path().points(trader_closes())
    assert points[5]["BTCUSDT"] == points[5]["BTC"] and points[5]["ETHUSDT"] == points[5]["ETH"]
    assert points[220]["close"] == ["ETHUSDT"] and "close" not in points[219]


def test_liquidation_step_is_where_the_ratio_crosses_100(course: Replay) -> None:
    for run in course.runs:
        first = next((i for i, r in enumerate(run.ratios) if r >= 1), None)
        assert run.liquidated_at == first, run.mode
    assert course.single.liquidated_at == 63
    assert course.multi.liquidated_at is None
    assert all(r < 1 for r in course.single.ratios[:63])
    # After the liquidation nothing is held: no margin, ratio 0.
    assert course.single.simulation.steps[63].account.positions == ()
    assert all(r == 0 for r in course.single.ratios[64:])


def test_the_watched_ratios_by_hand(course: Replay) -> None:
    # Step 60: BTC 58,846.80, ETH 2,340.58. USDT equity 3,000 - 1,153.20 + 20 x (-59.42)
    # = 658.40. MM: BTCUSDT 58,846.8 in tier 2: x 0.5% - 50 = 244.234; ETHUSDT 46,811.6 in
    # tier 1: x 0.4% = 187.2464; 431.4804. Single-asset: 431.4804 / 658.4 = 65.53% (its own
    # units, no rate). Multi-assets, today's registry: USDT and USDC at 99.99% (buy 0.9999,
    # sell 1.0001), BTC at 95%: (658.40 + 26,000) x 0.9999 = 26,655.73416, + 0.2 x 58,846.8 x
    # 0.95 = 11,180.892 -> 37,836.62616; MM 431.4804 x 1.0001 = 431.52354804; 1.14%.
    assert (course.path.btc[60], course.path.eth[60]) == (Decimal("58846.8"), Decimal("2340.58"))
    assert course.single.ratios[60] == Decimal("431.4804") / Decimal("658.4")
    assert course.multi.ratios[60] == Decimal("431.52354804") / Decimal("37836.62616")
    # Step 63: BTC 58,693.10, ETH 2,333.30. Equity 3,000 - 1,306.90 - 1,334 = 359.10; MM
    # 243.4655 + 186.664 = 430.1295; 119.78%: liquidated; the positions close with 359.10 USDT
    # left, and single-asset mode converts nothing.
    assert course.single.ratios[63] == Decimal("430.1295") / Decimal("359.10")
    after = course.single.simulation.steps[63]
    assert after.liquidated and after.events == ()
    assert after.account.wallet == {"USDT": Decimal("359.10"), "USDC": 26000, "BTC": Decimal("0.2")}


def test_the_float_grid_agrees_with_the_exact_ratios(course: Replay) -> None:
    # Until the first liquidation or close nothing but prices changes: the vectorised float
    # evaluation of the starting account over the whole path gives the same ratios.
    btc, eth = course.path.arrays()
    for run in course.runs:
        start = in_mode(course.account, run.mode)
        grid = ml.margin_ratio_at(start, {"BTCUSDT": btc[:63], "ETHUSDT": eth[:63]},
                                  {"BTC": btc[:63]})
        exact = np.array([float(r) for r in run.ratios[:63]])
        assert np.allclose(grid, exact, rtol=1e-12), run.mode


def test_conversion_events_at_the_close(course: Replay) -> None:
    # Step 220 (BTC 41,914.40, ETH 1,506.40): the trader closes ETHUSDT, realizing
    # 20 x (1,506.40 - 2,400) = -17,872: USDT wallet 3,000 - 17,872 = -14,872 < -10,000 USD.
    # At the auto-exchange rates (today's registry): the debt costs 14,872 x 1.0001 =
    # 14,873.4872 USD; donors 26,000 USDC x 0.9999 = 25,997.4 and 0.2 BTC x 41,914.4 x 0.975
    # = 8,173.308 USD (BTC sold at 97.5%, though it counts 95% as margin); pool 34,170.708.
    assert (course.path.btc[220], course.path.eth[220]) == (Decimal("41914.4"),
                                                            Decimal("1506.40"))
    events = course.multi.events
    assert [(e.step, e.trigger, e.from_asset, e.to_asset) for e in events] == [
        (220, "threshold", "USDC", "USDT"), (220, "threshold", "BTC", "USDT")]
    need, pool = Decimal("14873.4872"), Decimal("25997.4") + Decimal("8173.308")
    usdc, btc = events
    assert usdc.usd == need * Decimal("25997.4") / pool
    assert btc.usd == need * Decimal("8173.308") / pool
    assert usdc.sold == usdc.usd / Decimal("0.9999")
    assert btc.sold == btc.usd / (Decimal("41914.4") * Decimal("0.975"))
    assert (ml.usd(usdc.usd), ml.usd(btc.usd)) == ("11,315.89", "3,557.60")
    wallet = course.multi.simulation.steps[220].account.wallet
    assert wallet["USDT"] == 0
    assert course.single.events == ()


def test_key_figures(course: Replay) -> None:
    lines = course.key_figures().splitlines()
    assert lines[0] == ("single-asset: liquidated at step 63, BTC 58,693.10, ETH 2,333.30 "
                        "(ratio 119.78% (liquidation))")
    assert lines[1].startswith("multi-assets: not liquidated (highest ratio ")
    assert lines[2] == "auto-exchange events (multi-assets): 2"
    # Notebook 10 prints these figures. Single-asset, at the last step (BTC 49,745.40), USDT and
    # USDC at 99.99%, BTC at 95%: (359.10 + 26,000) x 0.9999 + 0.2 x 49,745.40 x 0.95
    # = 26,356.46 + 9,451.63 = 35,808.09.
    assert lines[-2:] == [course.final_line(ml.SINGLE_ASSET), course.final_line(ml.MULTI_ASSETS)]
    assert course.final_line(ml.SINGLE_ASSET) == (
        "final (single-asset): USDT 359.10, USDC 26,000.00, BTC 0.2; equity 35,808.09 USD")
    assert course.step_line(60) == ("Step 60: BTC 58,846.80, ETH 2,340.58; ratio single-asset "
                                    "65.53%, multi-assets 1.14%")
    assert holdings(replay_account()) == "USDT 3,000.00, USDC 26,000.00, BTC 0.2"
    with pytest.raises(ml.InvalidInput, match="step"):
        course.step_line(360)
    with pytest.raises(ml.InvalidInput, match="mode"):
        course.run("both")


def test_a_deeper_crash_liquidates_the_pool_too() -> None:
    deep = replay(path=crash_path(fall=0.40))
    at = deep.multi.liquidated_at
    assert at is not None and 63 < at < 220
    assert deep.multi.ratios[at] >= 1 and all(r < 1 for r in deep.multi.ratios[:at])
    # The liquidation converts at once (trigger b), from every other asset in proportion.
    assert {(e.step, e.trigger) for e in deep.multi.events} == {(at, "liquidation")}
    assert {e.from_asset for e in deep.multi.events} == {"USDC", "BTC"}
    after = deep.multi.simulation.steps[at].account
    assert after.wallet["USDC"] == 0 and after.wallet["BTC"] == 0  # the pool is spent


def test_progress_is_reported_step_by_step() -> None:
    # A depth no other test replays: the course's replays are kept once computed.
    seen: list[tuple[int, int]] = []
    path = crash_path(fall=0.27)
    first = replay(path=path, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) == 720 and seen[-1] == (720, 720)
    assert [d for d, _ in seen] == list(range(1, 721))
    # The same replay again: computed once per process, progress reported as done at once.
    seen.clear()
    assert replay(path=crash_path(fall=0.27), progress=lambda d, t: seen.append((d, t))) is first
    assert seen == [(720, 720)]
    # Another account (or another plan of closes) is replayed afresh.
    assert replay(first.account, path) is not first
    assert replay(path=path, close={}) is not first


def test_single_asset_mode_has_no_auto_exchange() -> None:
    # The shock account of notebook 5 at a 15% fall converts at step 11 in multi-assets mode.
    # Single-asset mode has no auto-exchange, and 2,000 USDT alone cannot carry 5 BTCUSDT: at
    # step 1 (mark 20,000 x (1 - 0.15 / 10) = 19,700) the USDT equity is 2,000 - 5 x 300 = 500
    # against a maintenance margin of 5 x 19,700 x 0.8% = 788, so the position is liquidated
    # and the 500 USDT left stays on the wallet; the 30,000 BUSD are never touched.
    from marginlib.conversion import shock_path

    path = shock_path("BTCUSDT", 20000, Decimal("0.15"))
    assert simulate(ml.shock_account(), path).events
    single = simulate(in_mode(ml.shock_account(), ml.SINGLE_ASSET), path)
    assert single.events == () and single.liquidated_at == 1
    assert dict(single.steps[-1].account.wallet) == {"USDT": 500, "BUSD": 30000}


def test_single_asset_liquidation_closes_only_the_broken_asset() -> None:
    # Scenario 3 in single-asset mode: USDT equity is -300 against BTCUSDT's margin (ratio
    # infinite), BUSD's own ratio is 124 / 620 = 20%. Only BTCUSDT is closed; ETHBUSD stays.

    account = in_mode(ml.scenario(3), ml.SINGLE_ASSET)
    run = simulate(account, [{"BTCUSDT": 19000}])
    step = run.steps[0]
    assert step.liquidated and step.events == ()
    assert [p.symbol for p in step.account.positions] == ["ETHBUSD"]
    # BTCUSDT's loss, 0.5 x (19,000 - 20,000) = -500 USDT, is realized: 200 - 500 = -300.
    assert step.account.wallet["USDT"] == -300 and step.account.wallet["BUSD"] == 220
