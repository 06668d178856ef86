"""The course's example accounts (marginlib.scenarios), checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml

D = Decimal


def test_guide_account_is_scenario_2_and_3_at_their_marks() -> None:
    assert ml.guide_account() == ml.scenario(2)
    assert ml.guide_account(19000, 620) == ml.scenario(3)
    moved = ml.guide_account(18500, 640)
    assert {p.symbol: p.mark_price for p in moved.positions} == {"BTCUSDT": 18500,
                                                                 "ETHBUSD": 640}


def test_pool_account_holds_balances_at_the_rates_given() -> None:
    # Notebook 1's exercise: 300 USDT x 0.9801 (0.99 x (1 - 0.01)) + 100 BUSD = 394.03 USD.
    assert ml.summarize(ml.pool_account(300, 100)).equity == D("394.03")
    # USDT at 1.002: buy rate 1.002 x 0.99 = 0.99198; 100 x 0.99198 + 400 = 499.198.
    account = ml.pool_account(100, 400, price="1.002")
    assert account.rates["USDT"].buy_rate == D("0.99198")
    assert ml.summarize(account).equity == D("499.198") and not account.positions
    with pytest.raises(ml.InvalidInput, match="price"):
        ml.pool_account(100, 400, price="abc")


def test_opened_account_opens_at_the_mark() -> None:
    # 0.2 BTCUSDT at 20,000 (20x): IM 4,000 / 20 = 200 USDT; 5 ETHBUSD at 600 (25x): IM 120.
    account = ml.opened_account()
    assert [p.initial_margin for p in account.positions] == [D(200), D(120)]
    assert all(p.unrealized_pnl == 0 for p in account.positions)
    assert account.wallet == {"USDT": 200, "BUSD": 220}


def test_shock_account() -> None:
    # 2,000 USDT x 0.9801 + 30,000 BUSD = 31,960.2 USD; MM 5 x 20,000 x 0.8% = 800 USDT,
    # x 0.99495 = 795.96 USD.
    summary = ml.summarize(ml.shock_account())
    assert summary.equity == D("31960.2")
    assert summary.maintenance_margin == D("795.96")
