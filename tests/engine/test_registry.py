"""marginlib.registry: which assets margin which contracts, dated.

Eligibility as data: the guide's registry (USDT and BUSD only) and today's (BUSD retired).

Every expected figure is worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.registry import AUTO_EXCHANGE_FAQ, GUIDE, REGISTRIES, TODAY

D = Decimal


def test_guide_registry_has_only_usdt_and_busd() -> None:
    assert tuple(ml.GUIDE.assets) == ("USDT", "BUSD")
    assert ml.GUIDE.contract_assets == ("USDT", "BUSD")
    assert ml.GUIDE.as_of and ml.GUIDE.source
    # No default premium in the guide's world: its USDT premiums (+0.01 / -0.005) belong to
    # its example's moment (guide_rates()), not to USDT. Both assets count at 100% of their
    # index, one set of rates (no separate auto-exchange premium).
    for asset in ("USDT", "BUSD"):
        info = ml.GUIDE.check_asset(asset)
        assert info.collateral_rate == info.auto_exchange_rate == 1
    assert ml.GUIDE.rate("USDT", D("0.99")) == ml.AssetRate("USDT", D("0.99"), D(0), D(0))
    # The guide's example states its premiums: buy 0.99 x (1 - 0.01) = 0.9801, sell
    # 0.99 x (1 + 0.005) = 0.99495; an account keeps them (a premium given is never replaced).
    guide = ml.Account(ml.guide_rates(), {"USDT": D(1)})
    assert (guide.rates["USDT"].buy_rate, guide.rates["USDT"].sell_rate) == (D("0.9801"),
                                                                          D("0.99495"))
    # A guide-world USDT rate with its premiums left out: 0, so buy = sell = 0.99.
    bare = ml.Account({"USDT": ml.AssetRate("USDT", D("0.99"))}, {"USDT": D(1)})
    assert (bare.rates["USDT"].buy_rate, bare.rates["USDT"].sell_rate) == (D("0.99"), D("0.99"))


@pytest.mark.parametrize("asset", ["USDC", "BTC", "ETH", "BNB", "FDUSD", "usdt", ""])
def test_guide_refuses_other_assets(asset: str) -> None:
    with pytest.raises(ml.IneligibleAsset) as err:
        ml.GUIDE.check_asset(asset, "wallet." + asset)
    assert err.value.field == "wallet." + asset
    assert "not a margin asset in the guide registry" in err.value.rule


def test_guide_refuses_other_assets_in_an_account() -> None:
    rates = {**ml.guide_rates(), "USDC": ml.AssetRate("USDC", D(1))}
    with pytest.raises(ml.IneligibleAsset) as err:
        ml.Account(rates, {"USDT": D(1)})
    assert err.value.field == "rates.USDC"
    with pytest.raises(ml.IneligibleAsset) as err:
        ml.Account(ml.guide_rates(), {"USDT": D(1), "BTC": D(1)})
    assert err.value.field == "wallet.BTC"


@pytest.mark.parametrize(
    ("symbol", "asset"),
    [("BTCUSDT", "USDT"), ("ETHBUSD", "BUSD"), ("1000PEPEUSDT", "USDT"), ("BNBBUSD", "BUSD")],
)
def test_margin_asset_of(symbol: str, asset: str) -> None:
    assert ml.GUIDE.margin_asset_of(symbol) == asset


@pytest.mark.parametrize("symbol", ["BTCUSD_PERP", "ETHUSD_PERP", "BTCUSD_241227", "BTCUSD"])
def test_coin_margined_contracts_refused(symbol: str) -> None:
    with pytest.raises(ml.IneligibleContract) as err:
        ml.GUIDE.margin_asset_of(symbol, "positions[0].symbol")
    assert err.value.field == "positions[0].symbol"
    assert "coin-margined" in err.value.rule


def test_coin_margined_position_refused_in_an_account() -> None:
    perp = ml.Position("BTCUSD_PERP", D(1), D(20000), D(20000), D(10), D("0.005"))
    with pytest.raises(ml.IneligibleContract) as err:
        ml.Account(ml.guide_rates(), {"USDT": D(100)}, (perp,))
    assert err.value.field == "positions.symbol"


@pytest.mark.parametrize("symbol", ["BTCUSDC", "USDT", "", "BTCEUR"])
def test_other_contracts_refused_in_the_guide(symbol: str) -> None:
    with pytest.raises(ml.IneligibleContract):
        ml.GUIDE.margin_asset_of(symbol)


def test_today_registry() -> None:
    today = ml.TODAY
    assert tuple(today.assets) == ("USDT", "USDC", "BTC", "ETH", "BNB")
    assert today.contract_assets == ("USDT", "USDC")
    assert today.as_of == "2024-10" and "5% haircut" in today.source
    # partial and dated: the label says so
    assert today.partial
    assert today.label.startswith("today: partial, as of 2024-10, from Binance FAQ")
    # coins at a 5% haircut: valued at 95% of market value
    for coin in ("BTC", "ETH", "BNB"):
        assert today.check_asset(coin).collateral_rate == D("0.95")
    # the 2021 table: USDT and USDC at 99.99%
    assert today.check_asset("USDC").collateral_rate == D("0.9999")
    assert today.margin_asset_of("BTCUSDC") == "USDC"
    assert today.margin_asset_of("ETHUSDT") == "USDT"


def test_today_busd_is_retired() -> None:
    with pytest.raises(ml.IneligibleAsset) as err:
        ml.TODAY.check_asset("BUSD", "rates.BUSD")
    assert err.value.field == "rates.BUSD" and "retired" in err.value.rule
    assert "2023-12-15" in err.value.rule
    # a BUSD-margined contract is refused because BUSD is retired (not "coin-margined",
    # although ETHBUSD ends in "USD")
    with pytest.raises(ml.IneligibleContract) as cerr:
        ml.TODAY.margin_asset_of("ETHBUSD")
    assert "retired" in cerr.value.rule and "coin-margined" not in cerr.value.rule
    with pytest.raises(ml.IneligibleContract) as cerr:
        ml.TODAY.margin_asset_of("BTCUSD_PERP")
    assert "coin-margined" in cerr.value.rule


def test_registry_rate_uses_its_premiums() -> None:
    btc = ml.TODAY.rate("BTC", D(60000))
    assert btc.buy_rate == D(57000)  # 60,000 x 0.95
    assert btc.sell_rate == D(60000)  # no ask premium: a debt costs the full price
    with pytest.raises(ml.IneligibleAsset):
        ml.GUIDE.rate("BTC", D(60000))


def test_coin_collateral_account_today() -> None:
    # 1 BTC + 1,000 USDT, long 0.5 BTCUSDT from 60,000; BTC is now 57,000 (index and mark).
    # BTC collateral at 95%: 57,000 x 0.95 = 54,150. USDT equity 1,000 + 0.5 x (57,000 -
    # 60,000) = -500, at its sell rate 1 x (1 + 0.0001) = 1.0001: -500.05. Equity 54,150 -
    # 500.05 = 53,649.95: the fall hits twice, as position and as collateral. MM from the
    # bracket: notional 28,500 is in tier 1 (0.4%, cum 0): 114 USDT x 1.0001 = 114.0114.
    rates = {"USDT": ml.TODAY.rate("USDT", D(1)), "BTC": ml.TODAY.rate("BTC", D(57000))}
    pos = ml.Position("BTCUSDT", D("0.5"), D(60000), D(57000), D(20))
    acct = ml.Account(rates, {"USDT": D(1000), "BTC": D(1)}, (pos,), registry=ml.TODAY)
    s = ml.summarize(acct)
    assert s.equity == D("53649.95")
    assert s.maintenance_margin == D("114.0114")
    # the guide's registry refuses the same account
    with pytest.raises(ml.IneligibleAsset):
        ml.Account(rates, {"USDT": D(1000), "BTC": D(1)}, (pos,))


def test_every_registry_carries_its_date_and_source() -> None:
    assert list(REGISTRIES) == ["guide", "faq-2022", "today"]
    for registry in REGISTRIES.values():
        assert registry.as_of[:4].isdigit() and registry.source
    assert AUTO_EXCHANGE_FAQ.as_of == "2022-07-06"
    assert "FAQ on Multi-Assets Mode" in AUTO_EXCHANGE_FAQ.source
    assert TODAY.as_of == "2024-10" and GUIDE.as_of == "2021-05"


def test_collateral_rates() -> None:
    # Two haircuts in force together: BTC counts at 95% as margin (the FAQ's "5% value
    # haircut") and auto-exchange sells it at 97.5% (its Auto-Exchange example), in the FAQ's
    # 2022 world and today; ETH and BNB get BTC's auto-exchange rate (no source gives theirs).
    for registry in (AUTO_EXCHANGE_FAQ, TODAY):
        info = registry.check_asset("BTC")
        assert (info.collateral_rate, info.auto_exchange_rate) == (Decimal("0.95"),
                                                                    Decimal("0.975"))
    for coin in ("ETH", "BNB"):
        assert TODAY.check_asset(coin).collateral_rate == Decimal("0.95")
        assert TODAY.check_asset(coin).auto_exchange_rate == Decimal("0.975")
    # USDT and USDC at 99.99% (the 2021 table; buffers of 0.0001 in the asset index example),
    # one rate for both uses
    for stable in ("USDT", "USDC"):
        info = TODAY.check_asset(stable)
        assert info.collateral_rate == info.auto_exchange_rate == Decimal("0.9999")
        rate = TODAY.rate(stable, Decimal(1))
        assert (rate.buy_rate, rate.sell_rate) == (Decimal("0.9999"), Decimal("1.0001"))
    # A haircut is a bid premium: BTC at 20,000 counts 19,000 as margin, sells for 19,500.
    btc = AUTO_EXCHANGE_FAQ.rate("BTC", Decimal(20000))
    assert btc.buy_rate == 19000 and btc.sell_rate == 20000
    assert btc.auto_buy_rate == 19500 and btc.auto_sell_rate == 20000
    # The guide's registry gives one set of rates: auto-exchange uses the margin rates.
    usdt = ml.guide_rates()["USDT"]
    assert (usdt.auto_buy_rate, usdt.auto_sell_rate) == (usdt.buy_rate, usdt.sell_rate)


def test_what_each_world_refuses() -> None:
    with pytest.raises(ml.IneligibleAsset, match="BUSD is retired"):
        TODAY.check_asset("BUSD")
    with pytest.raises(ml.IneligibleContract, match="retired"):
        TODAY.margin_asset_of("ETHBUSD")
    with pytest.raises(ml.IneligibleAsset, match="not a margin asset in the faq-2022"):
        AUTO_EXCHANGE_FAQ.check_asset("ETH")
    with pytest.raises(ml.IneligibleAsset, match="not a margin asset in the guide"):
        GUIDE.check_asset("BTC")
    assert AUTO_EXCHANGE_FAQ.margin_asset_of("ETHBUSD") == "BUSD"


def test_auto_exchange_premiums_are_checked_and_kept() -> None:
    # BTC at 60,000: 95% as margin (57,000), 97.5% in auto-exchange (58,500); a new price keeps
    # both haircuts (60,000 -> 40,000: 38,000 and 39,000).
    btc = TODAY.rate("BTC", Decimal(60000))
    assert (btc.buy_rate, btc.auto_buy_rate) == (57000, 58500)
    moved = btc.with_price(Decimal(40000))
    assert (moved.buy_rate, moved.auto_buy_rate, moved.auto_sell_rate) == (38000, 39000, 40000)
    assert btc.auto_value(Decimal(-1)) == -60000 and btc.auto_value(Decimal(2)) == 117000
    with pytest.raises(ml.InvalidInput) as err:
        ml.AssetRate("BTC", Decimal(1), auto_bid_premium=Decimal(1))
    assert err.value.field == "rates.BTC.auto_bid_premium"
    # The merged sign rules hold for the auto-exchange premiums as for the margin ones (the
    # guide's signs): auto bid premium in [0, 1), auto ask premium in (-1, 0], so that
    # 0 < auto buy rate <= price <= auto sell rate.
    with pytest.raises(ml.InvalidInput, match=r"must be in \[0, 1\) so that 0 < buy rate") as err:
        ml.AssetRate("BTC", Decimal(1), auto_bid_premium=Decimal("-0.01"))
    assert err.value.field == "rates.BTC.auto_bid_premium"
    with pytest.raises(ml.InvalidInput, match=r"must be in \(-1, 0\] so that sell rate") as err:
        ml.AssetRate("BTC", Decimal(1), auto_ask_premium=Decimal("0.01"))
    assert err.value.field == "rates.BTC.auto_ask_premium"
    # Bounds accepted: auto bid 0 and auto ask just above -1.
    edge = ml.AssetRate("BTC", Decimal(1), auto_bid_premium=Decimal(0),
                        auto_ask_premium=Decimal("-0.99"))
    assert (edge.auto_buy_rate, edge.auto_sell_rate) == (1, Decimal("1.99"))
    with pytest.raises(ml.InvalidInput) as err:
        ml.AssetRate("BTC", Decimal(1), auto_ask_premium="x")  # type: ignore[arg-type]
    assert err.value.field == "rates.BTC.auto_ask_premium"
