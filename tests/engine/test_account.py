"""marginlib.account: the account's figures, in both modes.

The account: totals in USD, the margin ratio and its edge cases, available, utilisation, the
Assets view and the usable amounts, in multi-assets and in single-asset mode.

Guide rates throughout: USDT buy 0.9801, sell 0.99495; BUSD 1. Hand computations in comments."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml
from marginlib.numeric import INFINITY

D = Decimal


# the ratio and its edge cases
def test_margin_ratio_formula() -> None:
    assert ml.margin_ratio(D("199.596"), D("416.02")) == D("199.596") / D("416.02")


def test_margin_ratio_no_maintenance_is_zero() -> None:
    # No maintenance margin: nothing can be liquidated, whatever the equity (even <= 0).
    assert ml.margin_ratio(D(0), D(100)) == 0
    assert ml.margin_ratio(D(0), D(0)) == 0
    assert ml.margin_ratio(D(0), D(-5)) == 0
    assert ml.margin_ratio(0.0, -5.0) == 0.0


def test_margin_ratio_no_equity_is_infinite() -> None:
    # Maintenance margin to keep and equity <= 0: the documented answer is +infinity
    # (liquidation), never a division by zero or a negative ratio.
    assert ml.margin_ratio(D(5), D(0)) == INFINITY
    assert ml.margin_ratio(D(5), D(-1)) == INFINITY
    assert ml.margin_ratio(5.0, 0.0) == float("inf")
    assert ml.percent(INFINITY) == "inf" and ml.usd(INFINITY) == "inf"


def test_margin_ratio_on_arrays() -> None:
    ratio = ml.margin_ratio(np.array([0.0, 5.0, 5.0, 5.0, 0.0]),
                            np.array([1.0, 0.0, -1.0, 10.0, -3.0]))
    np.testing.assert_array_equal(ratio, [0.0, np.inf, np.inf, 0.5, 0.0])


def test_account_with_negative_equity_is_liquidating() -> None:
    # 10 USDT, long 1 BTCUSDT from 20,000 to 19,000: USDT equity 10 - 1,000 = -990, valued at
    # the sell rate: -990 x 0.99495 = -985.0005; MM 19,000 x 0.008 x 0.99495 > 0 -> infinite.
    acct = ml.Account(
        ml.guide_rates(), {"USDT": D(10)},
        (ml.Position("BTCUSDT", D(1), D(20000), D(19000), D(10), D("0.008")),),
    )
    s = ml.summarize(acct)
    assert s.equity == D("-985.0005")
    assert s.margin_ratio == INFINITY and s.liquidating
    assert ml.summary_to_json(s)["marginRatio"] == "Infinity"


def test_usable_and_utilisation_formulas() -> None:
    assert ml.usable_amount(D("416.02"), D("0.99495")) == D("416.02") / D("0.99495")
    # utilisation = initial margin / equity, with the ratio's conventions
    assert ml.margin_utilisation(D("339.495"), D("416.02")) == D("339.495") / D("416.02")
    assert ml.margin_utilisation(D(1), D(0)) == INFINITY
    assert ml.margin_utilisation(D(0), D(0)) == 0
    assert ml.available_for_orders(D("416.02"), D("339.495")) == D("76.525")
    assert ml.margin_balance(D(200), D(-500)) == D(-300)


# multi-assets mode
def test_totals_identities() -> None:
    for n in (1, 2, 3):
        s = ml.summarize(ml.scenario(n))
        assert s.available == s.equity - s.initial_margin
        assert s.mode == ml.MULTI_ASSETS
    # Equity = wallet + unrealized P&L (both in USD) while no asset's equity crosses zero: in
    # Scenarios 1 and 2 (no P&L) ...
    for n in (1, 2):
        s = ml.summarize(ml.scenario(n))
        assert s.equity == s.total_wallet_balance + s.total_unrealized_profit
    # ... but not in Scenario 3, where the USDT loss (-500) turns its equity negative: the 200
    # USDT of the wallet count at the buy rate in the wallet total and at the sell rate inside
    # the equity: 416.02 + (-497.475 + 400) = 318.545, and the equity is 2.97 higher (200 x
    # (0.99495 - 0.9801) = 2.97): 321.515.
    s = ml.summarize(ml.scenario(3))
    assert s.total_unrealized_profit == D("-97.475")
    assert s.equity - (s.total_wallet_balance + s.total_unrealized_profit) == D("2.97")


def test_open_orders_reserve_initial_margin() -> None:
    acct = ml.scenario(2)
    with_order = ml.Account(acct.rates, acct.wallet, acct.positions,
                            open_orders=(ml.OpenOrder("ETHBUSD", D(1), D(650), D(50)),))
    # the order reserves 1 x 650 / 50 = 13 BUSD: available 76.525 - 13 = 63.525
    s = ml.summarize(with_order)
    assert s.initial_margin == D("352.495")
    assert s.available == D("63.525")
    assert s.maintenance_margin == D("199.596")  # orders keep no maintenance margin


def test_gain_in_one_asset_offsets_loss_in_another() -> None:
    # Scenario 3 in multi-assets mode: USDT equity is -300 but the BUSD gain keeps the pooled
    # ratio at 62.09%, no liquidation.
    s = ml.summarize(ml.scenario(3))
    assert s.asset("USDT").margin_balance < 0
    assert not s.liquidating


# single-asset mode
def test_single_asset_mode_scenario_2() -> None:
    s = ml.summarize(ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET))
    usdt, busd = s.assets
    # each asset alone, in its own units: USDT MM 80 / equity 200 = 40%;
    # BUSD MM 120 / equity 220 = 54.5454...%
    assert usdt.margin_ratio == D("0.4")
    assert busd.margin_ratio == D(120) / D(220)
    assert s.margin_ratio == busd.margin_ratio  # the worst asset's
    # available per asset: USDT 200 - 100 = 100; BUSD 220 - 240 = -20 (no BUSD orders)
    assert usdt.available == D(100) and busd.available == D(-20)
    # the account's available: positive parts in USD: 100 x 0.9801 = 98.01
    assert s.available == D("98.01")
    # max withdrawable per asset: USDT min(200 - 80, 100, 120) = 100; BUSD max(0, -20) = 0
    assert usdt.max_withdraw == D(100) and busd.max_withdraw == 0
    assert s.max_withdraw == D("98.01")
    assert s.mode == ml.SINGLE_ASSET


def test_single_asset_mode_has_no_offset() -> None:
    # Scenario 3: USDT equity -300 with 76 USDT of maintenance margin -> infinite ratio, the
    # BTCUSDT position is liquidated; the BUSD gain does not help. BUSD: 124 / 620 = 20%.
    s = ml.summarize(ml.in_mode(ml.scenario(3), ml.SINGLE_ASSET))
    assert s.asset("USDT").margin_ratio == INFINITY
    assert s.asset("BUSD").margin_ratio == D("0.2")
    assert s.liquidating
    # BUSD can still be withdrawn: min(220 - 124, 620 - 248, 96) = 96
    assert s.asset("BUSD").max_withdraw == D(96)
    assert s.asset("USDT").max_withdraw == 0
    comparison = ml.compare_modes(ml.scenario(3))
    assert comparison.single_liquidating == ("USDT",)
    assert not comparison.multi_liquidating
    assert comparison.liquidating_modes == (ml.SINGLE_ASSET,)


def test_single_asset_totals_still_in_usd() -> None:
    single = ml.summarize(ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET))
    multi = ml.summarize(ml.scenario(2))
    # same balances, same USD totals; only the ratio, available and withdrawable differ
    assert single.equity == multi.equity == D("416.02")
    assert single.maintenance_margin == multi.maintenance_margin
    assert single.margin_ratio != multi.margin_ratio


# the account object
def test_account_is_frozen_and_compares_by_content() -> None:
    a, b = ml.scenario(2), ml.scenario(2)
    assert a == b and a is not b
    assert a != ml.scenario(3)
    with pytest.raises(AttributeError):
        a.mode = ml.SINGLE_ASSET  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.wallet["USDT"] = D(0)  # type: ignore[index]


def test_with_marks_prices_wallet() -> None:
    a = ml.scenario(2)
    assert a.with_marks({"BTCUSDT": D(19000), "ETHBUSD": D(620)}) == ml.scenario(3)
    # a USDT depeg to 0.95: 200 x 0.95 x 0.99 = 188.1, + 220 = 408.1
    assert ml.summarize(a.with_prices({"USDT": D("0.95")})).equity == D("408.1")
    assert a.with_wallet({"BUSD": D(0)}).wallet["BUSD"] == 0
    assert a == ml.scenario(2)  # nothing changed in place
    with pytest.raises(ml.InvalidInput) as err:
        a.with_marks({"XRPUSDT": 1})
    assert err.value.field == "marks"
    with pytest.raises(ml.InvalidInput) as err:
        a.with_prices({"USDC": 1})
    assert err.value.field == "prices"


def test_margin_asset_of_contracts() -> None:
    a = ml.scenario(2)
    assert a.margin_asset("BTCUSDT") == "USDT"
    assert a.margin_asset("ETHBUSD") == "BUSD"


def test_an_asset_in_play_gets_a_wallet_row() -> None:
    # BUSD has a rate and a position but no wallet entry: it is listed with 0
    acct = ml.Account(ml.guide_rates(), {"USDT": D(500)},
                      (ml.Position("ETHBUSD", D(1), D(600), D(600), D(10), D("0.01")),))
    assert acct.assets == ("USDT", "BUSD")
    assert acct.wallet["BUSD"] == 0


def test_evaluate_float_agrees_with_decimal() -> None:
    for n in (1, 2, 3):
        exact = ml.evaluate(ml.scenario(n))
        approx = ml.evaluate(ml.scenario(n), number=float)
        for name in ("total_equity", "total_maintenance", "total_initial", "ratio",
                     "available", "utilisation"):
            assert getattr(approx, name) == pytest.approx(float(getattr(exact, name)),
                                                          rel=1e-12, abs=1e-12)


def test_position_by_symbol() -> None:
    s2 = ml.scenario(2)
    assert s2.position("ETHBUSD").size == 20
    with pytest.raises(ml.InvalidInput) as err:
        s2.position("SOLUSDT")
    assert str(err.value) == "symbol: no position in SOLUSDT"
    with pytest.raises(ml.InvalidInput) as err:
        s2.position("BTC\nUSDT")  # echoed on one line, escaped
    assert str(err.value) == "symbol: no position in 'BTC\\nUSDT'"
