"""marginlib.summary: the Assets view and the totals, and their text.

Guide rates throughout: USDT buy 0.9801, sell 0.99495; BUSD 1. Hand computations in comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml

D = Decimal


def test_assets_view_scenario_2() -> None:
    s = ml.summarize(ml.scenario(2))
    usdt, busd = s.assets
    assert (usdt.asset, busd.asset) == ("USDT", "BUSD")
    assert usdt.wallet_balance == D(200) and busd.wallet_balance == D(220)
    assert usdt.margin_balance == D(200) and busd.margin_balance == D(220)
    assert usdt.initial_margin == D(100) and busd.initial_margin == D(240)
    # available per asset = 76.525 USD / sell rate
    assert usdt.available == D("76.525") / D("0.99495")
    assert busd.available == D("76.525")
    # utilisation per asset: USDT 100 x 0.99495 / 416.02 = 0.23916 -> 23.92%;
    # BUSD 240 / 416.02 = 0.57689 -> 57.69%
    assert ml.percent(usdt.utilisation) == "23.92%"
    assert ml.percent(busd.utilisation) == "57.69%"
    # every row carries the pooled ratio in multi-assets mode
    assert usdt.margin_ratio == busd.margin_ratio == s.margin_ratio


def test_summary_table_text() -> None:
    text = str(ml.summarize(ml.scenario(2)))
    for figure in ("199.60", "47.98%", "76.53", "416.02", "76.91"):
        assert figure in text
    assert text.splitlines()[0].split() == ["Mode", "multi-assets"]


def test_summary_unknown_asset() -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.summarize(ml.scenario(1)).asset("USDC")
    assert err.value.field == "asset"
