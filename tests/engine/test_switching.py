"""Switching margin modes: every refusal reason, all named at once, the account unchanged."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

import marginlib as ml

D = Decimal


def idle(mode: str = ml.SINGLE_ASSET, **kwargs: object) -> ml.Account:
    return ml.Account(ml.guide_rates(), {"USDT": D(200), "BUSD": D(220)}, mode=mode,
                      **kwargs)  # type: ignore[arg-type]


def refusal(account: ml.Account, target: str) -> ml.SwitchRefused:
    before = replace(account)
    with pytest.raises(ml.SwitchRefused) as err:
        ml.switch_mode(account, target)
    assert account == before  # nothing changed
    assert err.value.field == "mode"
    return err.value


def test_allowed_switches() -> None:
    multi = ml.switch_mode(idle(), ml.MULTI_ASSETS)
    assert multi.mode == ml.MULTI_ASSETS
    assert multi.wallet == idle().wallet
    back = ml.switch_mode(multi, ml.SINGLE_ASSET)
    assert back == idle()
    assert ml.switch_refusals(idle(), ml.MULTI_ASSETS) == ()
    assert "allowed" in ml.switch_report(idle(), ml.MULTI_ASSETS)


def test_already_in_that_mode() -> None:
    err = refusal(idle(ml.MULTI_ASSETS), ml.MULTI_ASSETS)
    assert err.reasons == ("already in multi-assets mode (-4171)",)


def test_open_positions_block() -> None:
    acct = replace(ml.scenario(2), mode=ml.SINGLE_ASSET)
    err = refusal(acct, ml.MULTI_ASSETS)
    assert err.reasons == ("open positions must be closed first: BTCUSDT, ETHBUSD",)


def test_open_orders_block() -> None:
    acct = idle(open_orders=(ml.OpenOrder("BTCUSDT", D(1), D(20000), D(10)),))
    err = refusal(acct, ml.MULTI_ASSETS)
    assert err.reasons == ("1 open order(s) must be cancelled first (-4170)",)


def test_isolated_margin_blocks_multi_assets_only() -> None:
    acct = idle(isolated_symbols=("ETHBUSD", "BTCUSDT"))
    err = refusal(acct, ml.MULTI_ASSETS)
    assert err.reasons == ("multi-assets mode needs cross margin; isolated: BTCUSDT, ETHBUSD "
                           "(-4167)",)
    # an isolated position in single-asset mode: both the position and the setting are named
    iso = ml.Position("BTCUSDT", D("0.1"), D(20000), D(20000), D(10), D("0.008"), isolated=True)
    with_pos = idle(positions=(iso,))
    reasons = refusal(with_pos, ml.MULTI_ASSETS).reasons
    assert any("isolated: BTCUSDT" in r for r in reasons)
    # the isolated setting does not block leaving multi-assets mode
    assert ml.switch_refusals(replace(acct, mode=ml.MULTI_ASSETS), ml.SINGLE_ASSET) == ()


def test_grid_bots_block() -> None:
    err = refusal(idle(grid_bots=2), ml.MULTI_ASSETS)
    assert err.reasons == ("2 active grid bot(s) must be stopped first",)


def test_negative_balance_blocks_leaving_multi_assets() -> None:
    acct = ml.Account(ml.guide_rates(), {"USDT": D(-5), "BUSD": D(220)})
    err = refusal(acct, ml.SINGLE_ASSET)
    assert err.reasons == ("negative balance in USDT (-4172)",)


def test_every_reason_at_once() -> None:
    acct = replace(ml.scenario(2), mode=ml.SINGLE_ASSET, grid_bots=1,
                   open_orders=(ml.OpenOrder("ETHBUSD", D(1), D(600), D(50)),),
                   isolated_symbols=("BTCUSDT",))
    err = refusal(acct, ml.MULTI_ASSETS)
    assert len(err.reasons) == 4
    text = str(err)
    for part in ("open positions", "(-4170)", "(-4167)", "grid bot"):
        assert part in text
    report = ml.switch_report(acct, ml.MULTI_ASSETS)
    assert "refused (4 reason(s))" in report
    # leaving multi-assets mode with positions, an order, a bot and a negative balance
    worst = replace(acct, mode=ml.MULTI_ASSETS, isolated_symbols=(),
                    wallet={"USDT": D(-1), "BUSD": D(220)})
    leaving = refusal(worst, ml.SINGLE_ASSET).reasons
    assert len(leaving) == 4 and leaving[-1] == "negative balance in USDT (-4172)"
    # "switching" to the mode in force: that, and the other blocks (the negative balance only
    # blocks leaving multi-assets mode)
    staying = refusal(worst, ml.MULTI_ASSETS).reasons
    assert staying[0] == "already in multi-assets mode (-4171)" and len(staying) == 4


def test_unknown_target() -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.switch_mode(idle(), "portfolio")
    assert err.value.field == "target"


def test_in_mode_is_a_what_if_not_a_switch() -> None:
    # evaluating Scenario 2 in single-asset mode is allowed (no switch rules), a real switch is not
    acct = ml.scenario(2)
    assert ml.in_mode(acct, ml.SINGLE_ASSET).mode == ml.SINGLE_ASSET
    assert ml.in_mode(acct, ml.MULTI_ASSETS) is acct
    assert ml.switch_refusals(acct, ml.SINGLE_ASSET)
