"""marginlib.conversion: auto-exchange and the simulator.

Auto-exchange (the guide's "automatic conversion"): its three triggers, the proportional split
across donors, and the simulator over a price path. Today's registry is used where a third asset
is needed: BTC counts at 95% as margin (at 60,000: 57,000) and auto-exchange sells it at 97.5%
(at 60,000: 58,500). USDT and USDC are at par with no buffer here (today's registry counts them
at 99.99%: tests/engine/test_registry.py), so that the hand figures stay round.

Hand work: the guide's Scenario 3 and the shock account in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.conversion import describe_event, shock_path, triggers

D = Decimal
INF = D("Infinity")


def today(wallet: dict[str, str], positions: tuple[ml.Position, ...] = (),
          btc: str = "60000") -> ml.Account:
    # USDT and USDC at 1 with no buffer, given explicitly (a stated simplification: left out,
    # the premiums would be the registry's 0.0001 each way, Binance's asset-index buffers).
    rates = {"USDT": ml.AssetRate("USDT", D(1), D(0), D(0)),
             "USDC": ml.AssetRate("USDC", D(1), D(0), D(0)),
             "BTC": ml.TODAY.rate("BTC", D(btc))}
    return ml.Account(rates, {a: D(v) for a, v in wallet.items()}, positions,
                      registry=ml.TODAY)


def btc_long(size: str = "0.1") -> ml.Position:
    return ml.Position("BTCUSDT", D(size), D(60000), D(60000), D(20))


def short_account() -> ml.Account:
    # short 5 BTCUSDT at 60,000 (notional 300,000: tier 2, 100x max) at 10x; 1,000 USDT and
    # 50,000 USDC. Closed at 63,000 it loses 5 x 3,000 = 15,000: USDT wallet -14,000.
    short = ml.Position("BTCUSDT", D(-5), D(60000), D(60000), D(10))
    return today({"USDT": "1000", "USDC": "50000"}, (short,))


PATH = [
    {"BTCUSDT": 60000},
    {"BTCUSDT": 61000},
    {"BTCUSDT": 62000},
    {"BTCUSDT": 63000, "close": ["BTCUSDT"]},
    {"BTCUSDT": 63000},  # the position is gone: its symbol is ignored
    {"USDC": "1"},
]


# the threshold trigger (a)
def test_threshold_is_minus_10000_usd() -> None:
    assert ml.AUTO_EXCHANGE_THRESHOLD == -10000


def test_each_asset_is_tested_on_its_own() -> None:
    # -9,000 USDT and -9,000 USDC: -18,000 in all, but neither is below -10,000: nothing.
    acct = today({"USDT": "-9000", "USDC": "-9000", "BTC": "1"}, (btc_long(),))
    assert triggers(acct) == {}
    after, events = ml.auto_exchange_step(acct)
    assert events == () and after == acct


def test_guide_assets_minus_9000_each_do_not_trigger() -> None:
    # the guide's pair: -9,000 USDT is -8,954.55 USD, -9,000 BUSD is -9,000 USD: no trigger
    rates = ml.guide_rates()
    pos = ml.Position("ETHBUSD", D(1), D(600), D(600), D(10), D("0.01"))
    acct = ml.Account(rates, {"USDT": D(-9000), "BUSD": D(-9000)}, (pos,))
    assert triggers(acct) == {}


def test_below_the_threshold_converts() -> None:
    # -10,001 USDT is below -10,000 USD; exactly -10,000 is not ("falls below").
    at = today({"USDT": "-10000", "BTC": "1"}, (btc_long(),))
    assert triggers(at) == {}
    acct = today({"USDT": "-10001", "BTC": "1"}, (btc_long(),))
    assert triggers(acct) == {"USDT": "threshold"}
    after, events = ml.auto_exchange_step(acct)
    # 10,001 USD of BTC at its auto-exchange buy rate 60,000 x 97.5% = 58,500 (not its margin
    # rate 57,000): 10,001 / 58,500 = 0.17095726... BTC
    (event,) = events
    assert (event.from_asset, event.to_asset, event.trigger) == ("BTC", "USDT", "threshold")
    assert event.usd == D(10001) and event.bought == D(10001)
    assert event.sold == D(10001) / D(58500)
    assert after.wallet["USDT"] == 0
    assert after.wallet["BTC"] == 1 - D(10001) / D(58500)


def test_custom_threshold() -> None:
    acct = today({"USDT": "-600", "BTC": "1"}, (btc_long(),))
    assert triggers(acct) == {}
    assert triggers(acct, threshold=D(-500)) == {"USDT": "threshold"}
    _, events = ml.auto_exchange_step(acct, threshold="-500")
    assert len(events) == 1
    with pytest.raises(ml.InvalidInput) as err:
        ml.auto_exchange_step(acct, threshold=1)
    assert err.value.field == "threshold"


# liquidation (b) and loan-to-value (c)
def test_liquidation_converts_any_deficit() -> None:
    acct = today({"USDT": "-5", "BTC": "1"}, (btc_long(),))
    assert triggers(acct) == {}
    assert triggers(acct, liquidating=True) == {"USDT": "liquidation"}
    after, events = ml.auto_exchange_step(acct, liquidating=True)
    assert events[0].trigger == "liquidation" and after.wallet["USDT"] == 0


def test_loan_to_value() -> None:
    # LTV = |negative balances in USD| / positive ones, at the auto-exchange rates:
    # 1,000 / (0.01 x 58,500 = 585)
    acct = today({"USDT": "-1000", "BTC": "0.01"})
    assert ml.loan_to_value(acct) == D(1000) / D(585)
    assert ml.loan_to_value(today({"USDT": "10"})) == 0
    assert ml.loan_to_value(today({"USDT": "-10"})) == INF


def test_ltv_trigger_needs_no_positions_and_no_orders() -> None:
    idle = today({"USDT": "-1000", "BTC": "0.01"})  # LTV 1.71 >= 1, nothing open
    assert triggers(idle) == {"USDT": "ltv"}
    after, events = ml.auto_exchange_step(idle)
    # all of the BTC (585 USD at 97.5%) goes, covering 585 of the 1,000 USDT debt
    assert events[0].trigger == "ltv" and after.wallet["BTC"] == 0
    assert after.wallet["USDT"] == D(-415)
    # the same balances with a position open: no LTV trigger
    busy = today({"USDT": "-1000", "BTC": "0.01"}, (btc_long("0.01"),))
    assert triggers(busy) == {}
    # LTV below 1: nothing
    assert triggers(today({"USDT": "-500", "BTC": "0.01"})) == {}


# the proportional split
def test_donors_give_in_proportion_to_their_value() -> None:
    # USDT -13,000; donors at their auto-exchange rates: USDC 20,000 (20,000 USD) and 1 BTC
    # (60,000 x 97.5% = 58,500 USD): pool 78,500. USDC gives 13,000 x 20/78.5 = 3,312.10...
    # USD, BTC 13,000 x 58.5/78.5 = 9,687.89... USD.
    acct = today({"USDT": "-13000", "USDC": "20000", "BTC": "1"}, (btc_long(),))
    after, events = ml.convert_to_cover(acct, "USDT")
    by_donor = {e.from_asset: e for e in events}
    assert set(by_donor) == {"USDC", "BTC"}
    assert by_donor["USDC"].usd == D(13000) * D(20000) / D(78500)
    assert by_donor["BTC"].usd == D(13000) * D(58500) / D(78500)
    assert sum(e.usd for e in events) == pytest.approx(D(13000), abs=D("1e-20"))
    # each donor sells the same share of its holding: 13/78.5
    share = D(13) / D("78.5")
    assert by_donor["USDC"].sold / D(20000) == pytest.approx(share, abs=D("1e-25"))
    assert by_donor["BTC"].sold / D(1) == pytest.approx(share, abs=D("1e-25"))
    assert after.wallet["USDT"] == 0
    # Margin equity before: -13,000 + 20,000 + 57,000 (BTC at 95%) = 64,000. The BTC sold,
    # 9,687.89 USD at 97.5%, counted only 95/97.5 of that as margin, so the equity rises by
    # 9,687.89 x 2.5/97.5 = 13,000 x 1,500 / 78,500 = 248.41: the gap between the two rates.
    assert ml.summarize(acct).equity == D(64000)
    assert ml.summarize(after).equity == pytest.approx(
        D(64000) + D(13000) * D(1500) / D(78500), abs=D("1e-20"))


def test_conversion_with_a_premium_costs_nothing_in_usd() -> None:
    # Guide rates, no positions: -100 USDT is a debt of 99.495 USD (sell rate); BUSD pays
    # 99.495 BUSD. Equity before: 500 - 99.495 = 400.505; after the same.
    acct = ml.Account(ml.guide_rates(), {"USDT": D(-100), "BUSD": D(500)})
    after, (event,) = ml.convert_to_cover(acct, "USDT", trigger="ltv")
    assert event.sold == D("99.495") and event.bought == D(100)
    assert after.wallet == {"USDT": D(0), "BUSD": D("400.505")}
    assert ml.summarize(after).equity == ml.summarize(acct).equity == D("400.505")


def test_not_enough_donors_covers_what_it_can() -> None:
    acct = ml.Account(ml.guide_rates(), {"USDT": D(-100), "BUSD": D(50)})
    after, (event,) = ml.convert_to_cover(acct, "USDT")
    # all 50 BUSD go, buying 50 / 0.99495 = 50.2537... USDT
    assert after.wallet["BUSD"] == 0
    assert after.wallet["USDT"] == D(-100) + D(50) / D("0.99495")
    assert event.usd == D(50)


def test_nothing_to_convert() -> None:
    acct = ml.scenario(2)
    assert ml.convert_to_cover(acct, "USDT") == (acct, ())
    empty = ml.Account(ml.guide_rates(), {"USDT": D(-100), "BUSD": D(0)})
    assert ml.convert_to_cover(empty, "USDT") == (empty, ())
    with pytest.raises(ml.InvalidInput) as err:
        ml.convert_to_cover(acct, "USDC")
    assert err.value.field == "asset"


def test_describe_event() -> None:
    event = ml.ConversionEvent(10, "threshold", "BUSD", "USDT", D("12934.35"), D(13000),
                               D("12934.35"))
    assert describe_event(event) == (
        "step 10 (threshold): sold 12,934.35 BUSD → bought 13,000.00 USDT (12,934.35 USD)"
    )


# closing positions and the simulator
def test_close_positions_realizes_pnl() -> None:
    closed = ml.close_positions(ml.scenario(3))
    # USDT 200 - 500 = -300; BUSD 220 + 400 = 620
    assert closed.positions == ()
    assert closed.wallet == {"USDT": D(-300), "BUSD": D(620)}
    only_eth = ml.close_positions(ml.scenario(3), ["ETHBUSD"])
    assert [p.symbol for p in only_eth.positions] == ["BTCUSDT"]
    assert only_eth.wallet["BUSD"] == D(620)


def test_simulate_runs_the_engine_at_its_interval() -> None:
    sim = ml.simulate(short_account(), PATH, interval=2)
    assert [s.step for s in sim.steps] == [0, 1, 2, 3, 4, 5]
    # closed at step 3, but the engine runs at steps 0, 2, 4: the conversion waits for step 4
    assert sim.steps[3].account.wallet["USDT"] == D(-14000)
    (event,) = sim.events
    assert (event.step, event.trigger, event.from_asset, event.to_asset) == (
        4, "threshold", "USDC", "USDT")
    assert event.sold == event.bought == D(14000)
    final = sim.steps[-1].account
    assert final.wallet["USDT"] == 0 and final.wallet["USDC"] == D(36000)
    assert sim.liquidated_at is None
    # every step, the engine's summary
    assert sim.steps[2].summary == ml.summarize(sim.steps[2].account)


def test_simulate_every_step() -> None:
    sim = ml.simulate(short_account(), PATH, interval=1)
    assert [e.step for e in sim.events] == [3]


def test_simulate_liquidation() -> None:
    # long 1 BTCUSDT at 60,000 with 100 USDT + 1,000 USDC. Equity = p - 58,900; MM (tier 2) =
    # 0.005 p - 50; ratio >= 100% when 0.995 p <= 58,850, p <= 59,145.73. At 59,000 the
    # position is closed at mark: USDT 100 - 1,000 = -900, converted from USDC at once.
    long = ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20))
    acct = today({"USDT": "100", "USDC": "1000"}, (long,))
    path = [{"BTCUSDT": 60000}, {"BTCUSDT": 59500}, {"BTCUSDT": 59000}, {"BTCUSDT": 58000}]
    sim = ml.simulate(acct, path, interval=5)
    assert [s.liquidated for s in sim.steps] == [False, False, True, False]
    assert sim.liquidated_at == 2
    (event,) = sim.events
    assert (event.step, event.trigger, event.usd) == (2, "liquidation", D(900))
    assert sim.steps[-1].account.wallet == {"USDT": D(0), "USDC": D(100), "BTC": D(0)}
    assert sim.steps[-1].account.positions == ()


@pytest.mark.parametrize("interval", [0, -1, True, 1.5])
def test_simulate_bad_interval(interval: object) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.simulate(short_account(), PATH, interval=interval)  # type: ignore[arg-type]
    assert err.value.field == "interval"


def test_simulate_bad_path_point() -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.simulate(short_account(), [{"BTCUSDT": 60000}, 61000])  # type: ignore[list-item]
    assert err.value.field == "path[1]"


def test_shock_path_and_event_text() -> None:
    path = shock_path("BTCUSDT", 20000, Decimal("0.15"), fall_steps=10, steps=13)
    assert len(path) == 13
    assert path[0]["BTCUSDT"] == 20000 and path[5]["BTCUSDT"] == Decimal("18500")
    assert path[10] == {"BTCUSDT": Decimal("17000")}
    assert path[11] == {"BTCUSDT": Decimal("17000"), "close": ["BTCUSDT"]}
    assert path[12] == {"BTCUSDT": Decimal("17000")}
    with pytest.raises(ml.InvalidInput):
        shock_path("BTCUSDT", 20000, 1)
    with pytest.raises(ml.InvalidInput):
        shock_path("BTCUSDT", 20000, 0.1, steps=0)
    event = ml.ConversionEvent(3, "threshold", "BTC", "USDT", Decimal("0.678"),
                               Decimal("13220.3389830508"), Decimal("13220.3389830508"))
    assert describe_event(event) == (
        "step 3 (threshold): sold 0.678 BTC → bought 13,220.34 USDT (13,220.34 USD)"
    )
