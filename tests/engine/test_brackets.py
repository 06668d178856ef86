"""Real leverage brackets (Binance, October 2024): every tier edge of every shipped symbol.

The expected tiers are read straight from the data file with ``json``, not through marginlib,
so a mistake in the loader or in the tier lookup shows up here. A few BTCUSDT values are also
worked by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import marginlib as ml
from marginlib.brackets import BRACKETS_FILE, Bracket, BracketTable, bracket_symbols

D = Decimal
DATA = Path(__file__).resolve().parents[2] / "marginlib" / "data" / BRACKETS_FILE
RAW: dict[str, list[dict[str, Any]]] = json.loads(DATA.read_text("utf-8"))["symbols"]
SYMBOLS = ("BTCUSDT", "ETHUSDT", "BTCUSDC", "ETHUSDC")
#: Just below a floor: far below any price tick, far above Decimal's rounding.
EPS = D("0.00000001")


def tiers(symbol: str) -> list[tuple[int, dict[str, Any]]]:
    return list(enumerate(RAW[symbol]))


EDGES = [(s, k) for s in SYMBOLS for k, _ in tiers(s)]


def test_shipped_symbols_and_source() -> None:
    assert set(bracket_symbols()) == set(SYMBOLS) == set(RAW)
    source = ml.brackets_source()
    assert "October 2024" in source and "leverageBracket" in source
    assert ml.real_brackets("ETHBUSD") is None


@pytest.mark.parametrize(("symbol", "k"), EDGES)
def test_at_the_floor_the_new_tier_applies(symbol: str, k: int) -> None:
    row = RAW[symbol][k]
    table = ml.real_brackets(symbol)
    assert table is not None
    floor = D(row["notionalFloor"])
    tier = table.tier(floor)
    assert table.index(floor) == k
    assert tier.rate == D(row["maintMarginRatio"])
    assert tier.cum == D(row["cum"])
    assert tier.max_leverage == int(row["initialLeverage"])
    assert (tier.floor, tier.cap) == (floor, D(row["notionalCap"]))
    assert table.maintenance_margin(floor) == floor * D(row["maintMarginRatio"]) - D(row["cum"])


@pytest.mark.parametrize(("symbol", "k"), [(s, k) for s, k in EDGES if k > 0])
def test_just_below_the_floor_the_previous_tier_applies(symbol: str, k: int) -> None:
    below = RAW[symbol][k - 1]
    table = ml.real_brackets(symbol)
    assert table is not None
    notional = D(RAW[symbol][k]["notionalFloor"]) - EPS
    assert table.index(notional) == k - 1
    tier = table.tier(notional)
    assert tier.rate == D(below["maintMarginRatio"]) and tier.cum == D(below["cum"])
    assert tier.max_leverage == int(below["initialLeverage"])


@pytest.mark.parametrize(("symbol", "k"), [(s, k) for s, k in EDGES if k > 0])
def test_maintenance_margin_continuous_at_every_floor(symbol: str, k: int) -> None:
    # At floor_k the previous tier's formula and the new one give the same margin:
    # floor x r_{k-1} - cum_{k-1} == floor x r_k - cum_k (Binance's cum makes it so).
    prev, row = RAW[symbol][k - 1], RAW[symbol][k]
    floor = D(row["notionalFloor"])
    left = floor * D(prev["maintMarginRatio"]) - D(prev["cum"])
    right = floor * D(row["maintMarginRatio"]) - D(row["cum"])
    assert left == right
    table = ml.real_brackets(symbol)
    assert table is not None
    assert table.maintenance_margin(floor) == right
    # and the margin just below the floor is within EPS x rate of it
    assert 0 < right - table.maintenance_margin(floor - EPS) <= EPS * D(prev["maintMarginRatio"])


def test_btcusdt_hand_checked_boundaries() -> None:
    table = ml.real_brackets("BTCUSDT")
    assert table is not None
    # 50,000: tier 1 gives 50,000 x 0.4% - 0 = 200; tier 2 gives 50,000 x 0.5% - 50 = 200
    assert table.maintenance_margin(D(50000)) == D(200)
    # 600,000: tier 2 gives 3,000 - 50 = 2,950; tier 3 gives 600,000 x 0.65% - 950 = 2,950
    assert table.maintenance_margin(D(600000)) == D(2950)
    # 3,000,000: tier 3 gives 19,500 - 950 = 18,550; tier 4 gives 30,000 - 11,450 = 18,550
    assert table.maintenance_margin(D(3000000)) == D(18550)
    # inside tier 2: 100,000 x 0.5% - 50 = 450 (not 100,000 x 0.5% = 500: the cum matters)
    assert table.maintenance_margin(D(100000)) == D(450)


@pytest.mark.parametrize(("symbol", "k"), EDGES)
def test_leverage_above_the_brackets_maximum_is_refused(symbol: str, k: int) -> None:
    row = RAW[symbol][k]
    limit = int(row["initialLeverage"])
    # a position whose notional is the floor (tier 1: 1,000), mark 1,000 so size = notional / 1000
    notional = max(D(row["notionalFloor"]), D(1000))
    size = notional / 1000
    pos = ml.Position(symbol, size, D(1000), D(1000), D(limit))
    assert pos.maintenance_margin == notional * D(row["maintMarginRatio"]) - D(row["cum"])
    with pytest.raises(ml.LeverageTooHigh) as err:
        ml.Position(symbol, size, D(1000), D(1000), D(limit + 1))
    assert err.value.field == f"position {symbol}.leverage"
    # tier 1 allows 125x, the most any leverage may be: 126x breaks that rule first
    assert f"{limit}x maximum" in err.value.rule or "from 1 to 125" in err.value.rule
    # a short of the same notional: the same tier, the same limit
    with pytest.raises(ml.LeverageTooHigh):
        ml.Position(symbol, -size, D(1000), D(1000), D(limit + 1))


def test_position_without_rate_takes_its_bracket() -> None:
    # 1 BTC at 60,000: notional 60,000 is BTCUSDT tier 2 (0.5%, cum 50): 300 - 50 = 250
    pos = ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20))
    assert pos.maint_margin_rate is None
    assert pos.maintenance_margin == D(250)
    # the same position with the guide's flat 0.8%: 480, no tiers
    flat = ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20), D("0.008"))
    assert flat.maintenance_margin == D(480)
    # ETHUSDC tier 3 (500,000 to 1,000,000: 0.65%, cum 800): 200 ETH x 3,000 = 600,000
    # -> 3,900 - 800 = 3,100
    eth = ml.Position("ETHUSDC", D(200), D(3000), D(3000), D(10))
    assert eth.maintenance_margin == D(3100)


def test_bracket_follows_the_mark() -> None:
    # 0.8 BTC: at 60,000 notional 48,000 (tier 1: 192); at 65,000 notional 52,000
    # (tier 2: 260 - 50 = 210)
    pos = ml.Position("BTCUSDT", D("0.8"), D(60000), D(60000), D(50))
    assert pos.maintenance_margin == D(192)
    assert pos.with_mark(D(65000)).maintenance_margin == D(210)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_float_arrays_agree_with_decimals(symbol: str) -> None:
    table = ml.real_brackets(symbol)
    assert table is not None
    points = [D(1000)]
    for row in RAW[symbol][1:]:
        floor = D(row["notionalFloor"])
        points += [floor - D("0.01"), floor, floor + D("0.01")]
    points.append(D(RAW[symbol][-1]["notionalCap"]) - 1)
    exact = [table.maintenance_margin(p) for p in points]
    grid = table.maintenance_margin(np.array([float(p) for p in points]))
    np.testing.assert_allclose(grid, [float(e) for e in exact], rtol=1e-12)
    # and one float at a time (what a float scalar evaluation uses)
    for p, e in zip(points, exact, strict=True):
        assert table.maintenance_margin(float(p)) == pytest.approx(float(e), rel=1e-12)
    # numpy scalars too (np.float64 is a float whose repr is not a plain number)
    assert table.maintenance_margin(np.float64(points[1])) == pytest.approx(float(exact[1]))


def test_flat_table_is_the_one_tier_case() -> None:
    flat = BracketTable.flat(D("0.008"))
    assert len(flat.tiers) == 1 and flat.max_leverage(D(10**9)) is None
    assert flat.maintenance_margin(D(10000)) == D(80)
    np.testing.assert_allclose(flat.maintenance_margin(np.array([10000.0, 0.0])), [80.0, 0.0])
    assert BracketTable.flat("0.01", "5").maintenance_margin(D(1000)) == D(5)


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        ((), "brackets"),
        ((Bracket(D(0), D(10), D(1)),), "brackets[0].rate"),
        ((Bracket(D(0), D(10), D("-0.1")),), "brackets[0].rate"),
        ((Bracket(D(0), D(10), D("0.01")), Bracket(D(20), D(30), D("0.02"))), "brackets[1].floor"),
    ],
)
def test_bracket_table_refusals(tiers: tuple[Bracket, ...], field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        BracketTable(tiers)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("rate", "amount", "field"),
    [(D(1), 0, "maint_margin_rate"), (D(-1), 0, "maint_margin_rate"),
     ("x", 0, "maint_margin_rate"), (D("0.01"), D(-1), "maint_amount")],
)
def test_flat_refusals(rate: object, amount: object, field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        BracketTable.flat(rate, amount)
    assert err.value.field == field
