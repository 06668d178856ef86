"""marginlib.today: the guide's world beside today's, tiers.

Every expected figure is worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.registry import AUTO_EXCHANGE_FAQ, GUIDE, TODAY, WHERE_TO_LOOK
from marginlib.today import (
    brackets_table,
    compare_worlds,
    effective_rate,
    in_registry,
    registry_table,
    tier_view,
)


def test_where_to_look_and_the_registry_table() -> None:
    text = " ".join(WHERE_TO_LOOK)
    for place in ("Multi-Assets Mode", "GET /fapi/v1/assetIndex", "GET /fapi/v1/leverageBracket"):
        assert place in text
    table = registry_table(GUIDE, AUTO_EXCHANGE_FAQ, TODAY)
    assert "faq-2022 (partial, as of 2022-07-06)" in table
    assert "BTC 95.00% (auto-exchange 97.5%)" in table
    assert "today (partial, as of 2024-10)" in table and "USDT 99.99%, USDC 99.99%" in table
    # The guide's registry has no default premium (its +0.01 / -0.005 belong to its example,
    # guide_rates()): both assets at 100% of their index.
    assert "guide (as of 2021-05)" in table and "USDT 100.00%, BUSD 100.00%" in table
    assert "retired:        BUSD" in table
    assert max(len(line) for line in table.splitlines()) <= 88


def test_tier_view_edges_and_continuity() -> None:
    # BTCUSDT: tier 1 [0, 50,000) 0.4%; tier 2 [50,000, 600,000) 0.5% cum 50.
    below, at = tier_view("BTCUSDT", Decimal("49999.99")), tier_view("BTCUSDT", 50000)
    assert (below.tier, at.tier) == (1, 2)
    assert below.maintenance_margin == Decimal("199.99996")  # 49,999.99 x 0.004
    assert at.maintenance_margin == 200  # 50,000 x 0.005 - 50 = 50,000 x 0.004
    assert (below.max_leverage, at.max_leverage) == (125, 100)
    # 2,000,000: tier 3, 2,000,000 x 0.0065 - 950 = 12,050, 75x.
    big = tier_view("BTCUSDT", 2000000)
    assert (big.tier, big.maintenance_margin, big.max_leverage) == (3, 12050, 75)
    assert big.effective_rate == Decimal(12050) / 2000000
    assert big.line() == "2,000,000.00: tier 3, 0.65% - 950.00 -> MM 12,050.00 (0.603%), max 75x"
    assert effective_rate(Decimal(0), Decimal(0)) == 0
    with pytest.raises(ml.InvalidInput, match="no brackets ship for XRPUSDT"):
        tier_view("XRPUSDT", 1000)
    with pytest.raises(ml.InvalidInput, match="notional"):
        tier_view("BTCUSDT", 0)


def test_brackets_table() -> None:
    lines = brackets_table("BTCUSDT", 3).splitlines()
    assert len(lines) == 4
    assert lines[2].split() == ["2", "50,000", "600,000", "0.50%", "50", "100x"]


def test_scenario_3_then_and_now() -> None:
    # Guide: MM 0.5 x 19,000 x 0.8% x 0.99495 + 20 x 620 x 1% = 199.6162; ratio 62.09%.
    # Today: BUSD -> USDC, ETHBUSD -> ETHUSDC, brackets: BTCUSDT 9,500 and ETHUSDC 12,400 both
    # in tier 1 (0.4%): 38 x 0.99495 + 49.6 = 87.4081; ratio 87.4081 / 321.515 = 27.19%.
    comparison = compare_worlds()
    today = comparison.today_account
    assert today.registry is TODAY and today.assets == ("USDT", "USDC")
    assert [p.symbol for p in today.positions] == ["BTCUSDT", "ETHUSDC"]
    assert comparison.guide.maintenance_margin == Decimal("199.6162")
    assert comparison.today.maintenance_margin == Decimal("87.4081")
    assert comparison.guide.equity == comparison.today.equity == Decimal("321.515")
    assert ml.percent(comparison.today.margin_ratio) == "27.19%"
    assert comparison.guide.initial_margin == comparison.today.initial_margin
    table = comparison.table()
    for text in ("guide (2021-05)", "today (2024-10)", "199.62", "87.41", "62.09%", "27.19%",
                 "ETHBUSD / ETHUSDC maint. rate", "USDT, USDC, BTC, ETH, BNB"):
        assert text in table


def test_in_registry_refuses_what_today_refuses() -> None:
    # 40 BTC at 50,000 = 2,000,000 notional at 100x: fine with the guide's flat 0.8%
    # (0.008 x 100 < 1), refused today (tier 3 allows 75x).
    big = ml.Account(ml.guide_rates(), {"USDT": 100000},
                     (ml.Position("BTCUSDT", 40, 50000, 50000, 100, "0.008"),))
    with pytest.raises(ml.LeverageTooHigh, match="75x maximum"):
        in_registry(big)
    # A symbol without shipped brackets keeps its flat rate.
    other = ml.Account(ml.guide_rates(), {"BUSD": 1000},
                       (ml.Position("XRPBUSD", 100, 1, 1, 10, "0.01"),))
    moved = in_registry(other)
    assert moved.positions[0].symbol == "XRPUSDC"
    assert moved.positions[0].maint_margin_rate == Decimal("0.01")
