"""marginlib.modes: the same account in both modes.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from marginlib.modes import compare_modes, in_mode, ratio_text, switch_report

SELL = Decimal("0.99495")
BUY = Decimal("0.9801")


def pct(ratio: Decimal) -> str:
    """A ratio as the widgets print it: percent, half-up to 2 decimals."""
    return ml.percent(ratio)


def test_compare_modes_scenario_3() -> None:
    comparison = compare_modes(ml.scenario(3))
    # USDT alone: equity -300 <= 0 with MM 76 -> infinite; BUSD alone: 124 / 620 = 20%.
    assert comparison.single_ratio("USDT") == Decimal("Infinity")
    assert comparison.single_ratio("BUSD") == Decimal("0.2")
    # Pooled: (76 x 0.99495 + 124) / (-300 x 0.99495 + 620) = 199.6162 / 321.515.
    assert comparison.pooled_ratio == (76 * SELL + 124) / (-300 * SELL + 620)
    assert comparison.single_liquidating == ("USDT",)
    assert not comparison.multi_liquidating
    assert comparison.liquidating_modes == (ml.SINGLE_ASSET,)
    assert comparison.verdict() == (
        "Single-asset mode liquidates (USDT); multi-assets mode does not."
    )
    table = comparison.table()
    assert "Single-asset, USDT" in table and "inf (liquidation)" in table
    assert "20.00%" in table and "62.09%" in table and "321.52" in table and "199.62" in table


def test_compare_modes_the_spread_can_liquidate_multi_first() -> None:
    # Only USDT: wallet 577, long 0.5 BTCUSDT from 20,000 at 19,000 -> equity 77, MM 76 USDT.
    # Single: 76 / 77 = 98.70%. Multi: 76 x 0.99495 / (77 x 0.9801) = 75.6162 / 75.4677 = 100.20%.
    usdt = ml.guide_rates()["USDT"]
    account = ml.Account({"USDT": usdt}, {"USDT": 577},
                         (ml.guide_positions(btc_mark=Decimal(19000))[0],))
    comparison = compare_modes(account)
    assert comparison.single_ratio("USDT") == Decimal(76) / 77
    assert comparison.pooled_ratio == 76 * SELL / (77 * BUY)
    assert pct(comparison.pooled_ratio) == "100.20%"
    assert comparison.liquidating_modes == (ml.MULTI_ASSETS,)
    assert comparison.verdict() == (
        "Multi-assets mode liquidates (everything); single-asset mode does not."
    )


def test_compare_modes_neither_and_both() -> None:
    assert compare_modes(ml.scenario(2)).verdict() == "Neither mode liquidates."
    both = compare_modes(ml.scenario(3).with_marks({"BTCUSDT": 18700}))
    assert both.liquidating_modes == (ml.SINGLE_ASSET, ml.MULTI_ASSETS)
    assert both.verdict().startswith("Both modes liquidate")


def test_in_mode_is_a_what_if_and_ratio_text() -> None:
    s3 = ml.scenario(3)
    assert in_mode(s3, ml.MULTI_ASSETS) is s3
    single = in_mode(s3, ml.SINGLE_ASSET)
    assert single.mode == ml.SINGLE_ASSET and single.positions == s3.positions
    assert s3.mode == ml.MULTI_ASSETS  # the original is untouched
    assert ratio_text(Decimal("0.5")) == "50.00%"
    assert ratio_text(Decimal(1)) == "100.00% (liquidation)"
    assert ratio_text(Decimal("Infinity")) == "inf (liquidation)"


def test_switch_report() -> None:
    fresh = ml.Account(ml.guide_rates(), {"USDT": 200, "BUSD": 220}, mode=ml.SINGLE_ASSET)
    assert switch_report(fresh, ml.MULTI_ASSETS) == (
        "single-asset -> multi-assets: allowed; the new account is in multi-assets mode"
    )
    blocked = ml.Account(ml.guide_rates(), {"USDT": 200}, mode=ml.SINGLE_ASSET, grid_bots=1,
                         isolated_symbols=("BTCUSDT",))
    report = switch_report(blocked, ml.MULTI_ASSETS).splitlines()
    assert report[0] == "single-asset -> multi-assets: refused (2 reason(s))"
    assert any("(-4167)" in line for line in report) and any("grid bot" in line for line in report)
