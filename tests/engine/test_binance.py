"""Reading Binance's API bodies: the documented examples, the field lists, the shipped examples,
and every bad body giving one line that names the file and the field.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import marginlib as ml
from marginlib import binance
from marginlib.binance import ApiBodyError
from marginlib.summary import summarize

from . import binance_documented as doc

D = Decimal


# --- the documented examples parse, and their fields are the documented lists ------------------


def test_repair_changes_syntax_only() -> None:
    # The repaired text has the same string and number tokens as the page's example.
    def tokens(text: str) -> list[str]:
        import re

        without_comments = re.sub(r"//[^\n]*", "", text)
        return re.findall(r'"[^"]*"|-?\d+(?:\.\d+)?|true|false', without_comments)

    for name in ("ACCOUNT_V2_MULTI", "ACCOUNT_V3_SINGLE", "POSITION_RISK_V2_ONE_WAY",
                 "LEVERAGE_BRACKET_LIST"):
        text = getattr(doc, name)
        assert tokens(doc.repair(text)) == tokens(text), name


def test_account_v2_multi_assets_example() -> None:
    info = binance.read_account(doc.body(doc.ACCOUNT_V2_MULTI))
    assert info.version == "v2" and info.multi_assets_margin is True
    assert info.totals["totalWalletBalance"] == D("126.72469206")
    assert info.totals["maxWithdrawAmount"] == D("126.72469206")
    usdt, busd = info.assets
    assert (usdt.asset, usdt.wallet_balance, usdt.available_balance) == (
        "USDT", D("23.72469206"), D("126.72469206"))
    assert busd.max_withdraw_amount == D("103.12345678") and busd.margin_available is True
    (btc,) = info.positions
    assert btc.isolated is True and btc.leverage == D(100) and btc.position_amt == 0
    assert btc.entry_price == D("0.00000") and btc.notional is None


def test_account_v2_single_asset_example() -> None:
    info = binance.read_account(doc.body(doc.ACCOUNT_V2_SINGLE))
    assert info.version == "v2" and info.multi_assets_margin is False
    assert [a.asset for a in info.assets] == ["USDT", "BUSD"]


def test_account_v3_examples() -> None:
    single = binance.read_account(doc.body(doc.ACCOUNT_V3_SINGLE))
    multi = binance.read_account(doc.body(doc.ACCOUNT_V3_MULTI))
    assert single.version == multi.version == "v3"
    assert single.multi_assets_margin is None
    assert [a.asset for a in single.assets] == ["USDT", "USDC"]
    (btc,) = multi.positions
    assert btc.position_amt == D("1.000") and btc.notional == 0 and btc.leverage is None
    assert btc.isolated is False and multi.assets[1].margin_available is None


def test_position_risk_examples() -> None:
    (v2,) = binance.read_position_risk(doc.body(doc.POSITION_RISK_V2_ONE_WAY))
    assert v2.version == "v2" and v2.isolated and v2.leverage == D(10)
    assert v2.mark_price == D("6679.50671178") and v2.liquidation_price == 0
    long, short = binance.read_position_risk(doc.body(doc.POSITION_RISK_V2_HEDGE))
    assert (long.position_side, short.position_side) == ("LONG", "SHORT")
    assert long.liquidation_price == D("19731.45529116") and not long.isolated
    (v3,) = binance.read_position_risk(doc.body(doc.POSITION_RISK_V3_ONE_WAY))
    assert v3.version == "v3" and v3.margin_asset == "USDT" and v3.leverage is None
    assert v3.maint_margin == D("0.08004280") and v3.position_initial_margin == D("0.61571385")
    ada, comp = binance.read_position_risk(doc.body(doc.POSITION_RISK_V3_HEDGE))
    assert comp.position_amt == D("-1.000") and comp.notional == D("-49.72023376")
    # The page's own numbers, checked by hand: notional = amount x mark; uPnL = amount x
    # (mark - entry); initial margin = notional / 20, cut (not rounded) to 8 decimals.
    assert ada.position_amt * ada.mark_price == ada.notional
    assert comp.position_amt * (comp.mark_price - comp.entry_price) == comp.unrealized_profit
    assert abs(comp.notional) / 20 == D("2.486011688")  # printed 2.48601168
    assert comp.position_initial_margin == D("2.48601168")


def test_leverage_bracket_examples() -> None:
    listed = binance.read_leverage_brackets(doc.body(doc.LEVERAGE_BRACKET_LIST))
    one = binance.read_leverage_brackets(doc.body(doc.LEVERAGE_BRACKET_ONE))
    for tables in (listed, one):
        eth = tables["ETHUSDT"]
        (tier,) = eth.table.tiers
        assert tier.rate == D("0.0065") and str(tier.rate) == "0.0065"  # exact, not a float
        assert tier.max_leverage == 75 and tier.cap == 10000 and eth.notional_coef == D("1.50")


def test_asset_index_examples() -> None:
    for text in (doc.ASSET_INDEX_ONE, doc.ASSET_INDEX_LIST):
        ada = binance.read_asset_index(doc.body(text))["ADA"]
        # 1.9295737 x 0.9 = 1.73661633 and x 1.1 = 2.12253107 exactly; the auto-exchange rates
        # are cut: 1.9295737 x 0.95 = 1.833095015 printed 1.83309501 (within 1e-8).
        assert ada.mismatches() == ()
        rate = ada.margin_rate()
        assert rate.buy_rate == D("1.73661633") and rate.sell_rate == D("2.12253107")
        assert rate.ask_premium == D("-0.10000000")  # Binance's +buffer is the guide's -premium
        # Both sets of buffers are kept: auto-exchange at 0.05 each way, 1.9295737 x 0.95 =
        # 1.833095015 and x 1.05 = 2.026052385 (exact; Binance prints them cut to 8 places).
        assert (rate.auto_bid_premium, rate.auto_ask_premium) == (D("0.05"), D("-0.05"))
        assert rate.auto_buy_rate == D("1.833095015")
        assert rate.auto_sell_rate == D("2.026052385")


def test_multi_assets_margin_and_error_examples() -> None:
    assert binance.read_multi_assets_margin(doc.body(doc.MULTI_ASSETS_MARGIN)) is True
    with pytest.raises(ApiBodyError, match=r"^account\.json: code: is an API error body "
                       r"\(-1121: Invalid symbol\.\)"):
        binance.parse(json.dumps(doc.body(doc.ERROR)), "account.json")


DOCUMENTED_FIELDS = [
    (doc.ACCOUNT_V2_MULTI, None, (*binance.ACCOUNT_V2_ONLY, *binance.TOTALS, "assets",
                                  "positions")),
    (doc.ACCOUNT_V3_MULTI, None, (*binance.TOTALS, "assets", "positions")),
    (doc.ACCOUNT_V2_MULTI, "assets", binance.ACCOUNT_ASSET_V2),
    (doc.ACCOUNT_V3_MULTI, "assets", binance.ACCOUNT_ASSET_V3),
    (doc.ACCOUNT_V2_MULTI, "positions", binance.ACCOUNT_POSITION_V2),
    (doc.ACCOUNT_V3_MULTI, "positions", binance.ACCOUNT_POSITION_V3),
    (doc.POSITION_RISK_V2_HEDGE, "", binance.POSITION_RISK_V2),
    (doc.POSITION_RISK_V3_HEDGE, "", binance.POSITION_RISK_V3),
    (doc.ASSET_INDEX_LIST, "", binance.ASSET_INDEX_FIELDS),
    (doc.LEVERAGE_BRACKET_ONE, None, binance.BRACKET_SYMBOL),
    (doc.LEVERAGE_BRACKET_ONE, "brackets", binance.BRACKET_TIER),
    (doc.MULTI_ASSETS_MARGIN, None, binance.MULTI_ASSETS_FIELDS),
]


@pytest.mark.parametrize(("text", "part", "fields"), DOCUMENTED_FIELDS)
def test_field_lists_are_the_documented_ones(text: str, part: str | None,
                                             fields: tuple[str, ...]) -> None:
    data = doc.body(text)
    objects = [data] if part is None else (data if part == "" else data[part])
    for item in objects:
        assert sorted(item) == sorted(fields)


# --- the shipped examples ----------------------------------------------------------------------


def test_faq_example_is_the_guides_scenario_2() -> None:
    # Read from API bodies, the FAQ account is the course's Scenario 2 (built by other code).
    snapshot = binance.read_example("faq-2022")
    ours, guide = summarize(snapshot.account), summarize(ml.scenario(2))
    for name in ("equity", "maintenance_margin", "initial_margin", "available", "max_withdraw"):
        assert getattr(ours, name) == getattr(guide, name), name
    assert ours.maintenance_margin == D("199.596") and ours.available == D("76.525")
    assert snapshot.versions == "account.json V3, positionRisk.json V2"
    assert snapshot.account.registry.name == "asset-index"
    assert snapshot.account.registry.as_of == "2022-07-06 07:02 UTC"
    assert snapshot.notes == ()


def test_examples_ship_their_sources() -> None:
    for name in binance.EXAMPLES:
        source = binance.example_source(name)
        assert "running marginlib" in source and "| value |" in source
    with pytest.raises(ml.InvalidInput, match="example: must be one of faq-2022, funding-paid"):
        binance.example_directory("mine")


# --- bad bodies: one line, naming the file and the field --------------------------------------

Edit = Callable[[dict[str, Any]], None]


def folder(tmp_path: Path, edit: Edit | None = None, example: str = "faq-2022") -> Path:
    """A copy of a shipped example's five bodies, with ``edit`` applied to the parsed files."""
    target = tmp_path / "bodies"
    source = binance.example_directory(example)
    target.mkdir()
    bodies = {name: json.loads(source.joinpath(name).read_text("utf-8"), parse_float=D)
              for name in binance.FILES}
    if edit:
        edit(bodies)
    for name, data in bodies.items():
        text = data if isinstance(data, str) else json.dumps(data, cls=_Numbers)
        (target / name).write_text(text)
    return target


class _Numbers(json.JSONEncoder):
    """Decimals back as JSON numbers (the brackets' 0.008 stays 0.008)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral() else float(o)
        return super().default(o)


def error_of(tmp_path: Path, edit: Edit, example: str = "faq-2022") -> str:
    with pytest.raises(ml.MarginError) as info:
        binance.read_snapshot(folder(tmp_path, edit, example))
    message = str(info.value)
    assert "\n" not in message
    return message


def set_in(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(bodies: dict[str, Any]) -> None:
        if len(path) == 1:  # the whole file
            bodies[path[0]] = value
            return
        target = bodies[path[0]]
        for key in path[1:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def delete(path: tuple[Any, ...]) -> Edit:
    def edit(bodies: dict[str, Any]) -> None:
        target = bodies[path[0]]
        for key in path[1:-1]:
            target = target[key]
        del target[path[-1]]
    return edit


BAD: list[tuple[str, Edit, str]] = [
    ("missing field", delete(("account.json", "assets", 0, "walletBalance")),
     "account.json: assets[0].walletBalance: is missing"),
    ("number for a string", set_in(("account.json", "assets", 0, "walletBalance"), 200),
     "account.json: assets[0].walletBalance: must be a decimal string, got number 200"),
    ("word for a number", set_in(("account.json", "totalMaintMargin"), "lots"),
     "account.json: totalMaintMargin: must be a decimal string, got 'lots'"),
    ("null", set_in(("positionRisk.json", 1, "markPrice"), None),
     "positionRisk.json: [1].markPrice: must be a decimal string, got null None"),
    ("NaN", set_in(("positionRisk.json", 0, "markPrice"), "NaN"),
     "positionRisk.json: [0].markPrice: must be a finite number, got 'NaN'"),
    ("assets not a list", set_in(("account.json", "assets"), {}),
     "account.json: assets: must be a list, got object"),
    ("error body saved", set_in(("account.json",),
                                {"code": -2015, "msg": "Invalid API-key, IP, or permissions "
                                 "for action."}),
     "account.json: code: is an API error body (-2015: Invalid API-key, IP, or permissions for "
     "action.), not a response: fetch again"),
    ("not JSON", set_in(("assetIndex.json",), "<html>502 Bad Gateway</html>"),
     "assetIndex.json: is not valid JSON (Expecting value at line 1)"),
    ("hedge mode", set_in(("positionRisk.json", 0, "positionSide"), "LONG"),
     "positionRisk.json: [0].positionSide: LONG (BTCUSDT) is hedge mode, which marginlib does "
     "not model: one-way positions (BOTH) only"),
    ("isolated", set_in(("positionRisk.json", 1, "marginType"), "isolated"),
     "positionRisk.json: [1].marginType: ETHBUSD is isolated, which marginlib does not model in "
     "multi-assets mode (cross margin only)"),
    ("isolated in account.json", set_in(("account.json", "positions", 0, "isolatedWallet"), "50"),
     "account.json: positions[0].isolatedWallet: BTCUSDT is isolated"),
    ("side unknown", set_in(("positionRisk.json", 0, "positionSide"), "UP"),
     "positionRisk.json: [0].positionSide: must be BOTH, LONG or SHORT, got 'UP'"),
    ("single-asset mode", set_in(("multiAssetsMargin.json", "multiAssetsMargin"), False),
     "multiAssetsMargin.json: multiAssetsMargin: false: the account is in single-asset mode"),
    ("mode mistyped", set_in(("multiAssetsMargin.json", "multiAssetsMargin"), "true"),
     "multiAssetsMargin.json: multiAssetsMargin: must be true or false, got string 'true'"),
    ("amount moved", set_in(("positionRisk.json", 0, "positionAmt"), "0.600"),
     "positionRisk.json: [0].positionAmt: BTCUSDT holds 0.600 here but 0.500 in account.json "
     "(positions[0]): the files are from two moments (fetch again)"),
    ("position missing", lambda b: b["positionRisk.json"].pop(1),
     "account.json: positions[1].positionAmt: ETHBUSD holds 20.000 but positionRisk.json has no "
     "such position: the files are from two moments (fetch again)"),
    ("no brackets", lambda b: b["leverageBracket.json"].pop(0),
     "leverageBracket.json: symbol: no brackets for BTCUSDT, which the account holds"),
    ("bracket as a string", set_in(("leverageBracket.json", 0, "brackets", 0,
                                    "maintMarginRatio"), "0.008"),
     "leverageBracket.json: [0].brackets[0].maintMarginRatio: must be a JSON number, got string"),
    ("brackets with a gap", lambda b: b["leverageBracket.json"][0]["brackets"].append(
        {"bracket": 2, "initialLeverage": 50, "notionalCap": 5000000,
         "notionalFloor": 2000000, "maintMarginRatio": D("0.01"), "cum": 2000}),
     "leverageBracket.json: [0].brackets[1].floor: must equal the previous tier's cap"),
    ("leverage above the bracket", set_in(("positionRisk.json", 0, "leverage"), "125"),
     "positionRisk.json: [0]: position BTCUSDT.leverage: 125x exceeds the 100x maximum"),
    ("unknown asset", lambda b: b["account.json"]["assets"].append(
        {**b["account.json"]["assets"][0], "asset": "XYZ", "walletBalance": "5"}),
     "account.json: assets[2].asset: XYZ holds 5 but assetIndex.json has no XYZUSD rate to "
     "value it"),
    ("asset twice", lambda b: b["account.json"]["assets"].append(
        b["account.json"]["assets"][0]),
     "account.json: assets[2].asset: USDT appears twice"),
    ("index not USD", set_in(("assetIndex.json", 0, "symbol"), "USDTEUR"),
     "assetIndex.json: [0].symbol: must be an asset priced in USD (USDTUSD), got 'USDTEUR'"),
    ("no rate for the contract", lambda b: b["assetIndex.json"].pop(0),
     "positionRisk.json: [0].symbol: BTCUSDT: no asset of assetIndex.json ends the symbol"),
    ("delivery contract", set_in(("positionRisk.json", 1, "symbol"), "ETHBUSD_210326"),
     "positionRisk.json: [1].symbol: ETHBUSD_210326 is a delivery contract"),
    ("v2 and v3 mixed", lambda b: b["positionRisk.json"][1].pop("leverage") and
     b["positionRisk.json"][1].pop("marginType"),
     "positionRisk.json: [1].leverage: V2 and V3 entries are mixed in one body"),
    ("positionRisk not a list", set_in(("positionRisk.json",), {"symbol": "BTCUSDT"}),
     "positionRisk.json: body: must be a list of positions, got object"),
]


@pytest.mark.parametrize(("edit", "expected"), [case[1:] for case in BAD],
                         ids=[case[0] for case in BAD])
def test_bad_bodies_name_file_and_field(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert error_of(tmp_path, edit).startswith(expected)


def test_missing_file(tmp_path: Path) -> None:
    target = folder(tmp_path)
    (target / "leverageBracket.json").unlink()
    with pytest.raises(ApiBodyError, match=r"^leverageBracket\.json: cannot be read from .* "
                       r"\(missing\)$"):
        binance.read_snapshot(target)


def test_the_example_folder_is_left_unchanged(tmp_path: Path) -> None:
    # Reading never writes: a copy read and refused is byte-identical afterwards.
    target = folder(tmp_path, set_in(("positionRisk.json", 0, "positionSide"), "LONG"))
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    with pytest.raises(ApiBodyError):
        binance.read_snapshot(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    shutil.rmtree(target)


# --- what is inferred or taken on trust is said -----------------------------------------------


def test_hedge_mode_without_open_legs_is_read(tmp_path: Path) -> None:
    # Hedge mode lists LONG and SHORT entries for every symbol; empty legs are not positions.
    def edit(bodies: dict[str, Any]) -> None:
        empty = copy.deepcopy(bodies["positionRisk.json"][0])
        empty.update(positionSide="SHORT", positionAmt="0.000", liquidationPrice="0")
        bodies["positionRisk.json"].append(empty)
    assert binance.read_snapshot(folder(tmp_path, edit)).account.positions[0].symbol == "BTCUSDT"


def test_rates_that_buffers_do_not_reproduce_are_used_as_printed(tmp_path: Path) -> None:
    snapshot = binance.read_snapshot(folder(
        tmp_path, set_in(("assetIndex.json", 0, "bidRate"), "0.98")))
    (note,) = snapshot.notes
    assert note.startswith("assetIndex.json: USDT's bidRate differ from index x (1 -/+ buffer)")
    assert snapshot.account.rates["USDT"].buy_rate == D("0.98")
    assert snapshot.account.rates["USDT"].sell_rate == D("0.99495")


def test_v3_bodies_infer_the_leverage(tmp_path: Path) -> None:
    # Position Information V3 has no leverage: it is notional / positionInitialMargin.
    def edit(bodies: dict[str, Any]) -> None:
        for entry, im, mm in zip(bodies["positionRisk.json"], ("100", "240"), ("80", "120"),
                                 strict=True):
            del entry["leverage"], entry["marginType"], entry["maxNotionalValue"]
            entry.update(marginAsset=entry["symbol"][3:], initialMargin=im, maintMargin=mm,
                         positionInitialMargin=im, openOrderInitialMargin="0", adl=1,
                         bidNotional="0", askNotional="0")
    snapshot = binance.read_snapshot(folder(tmp_path, edit))
    assert [p.leverage for p in snapshot.account.positions] == [D(100), D(50)]
    assert snapshot.inferred_leverage == ("BTCUSDT", "ETHBUSD")
    assert "BTCUSDT: the V3 bodies carry no leverage; 100x is inferred" in snapshot.notes[0]


def test_open_orders_reserve_the_margin_binance_reports(tmp_path: Path) -> None:
    def edit(bodies: dict[str, Any]) -> None:
        bodies["account.json"]["assets"][1]["openOrderInitialMargin"] = "12.5"
    snapshot = binance.read_snapshot(folder(tmp_path, edit))
    (order,) = snapshot.account.open_orders
    assert (order.symbol, order.initial_margin) == ("ETHBUSD", D("12.5"))
    # 339.495 + 12.5 x 1 (BUSD's ask rate): the orders' margin counts in the account's.
    assert summarize(snapshot.account).initial_margin == D("351.995")
    assert any(n.startswith("open orders reserve initial margin (ETHBUSD 12.5)")
               for n in snapshot.notes)


def test_marks_from_two_moments(tmp_path: Path) -> None:
    # positionRisk.json read after BTC's mark moved to 20,100: its unrealized profit 0.5 x 100.
    def edit(bodies: dict[str, Any]) -> None:
        bodies["positionRisk.json"][0].update(markPrice="20100.00000000",
                                              unRealizedProfit="50.00000000")
    snapshot = binance.read_snapshot(folder(tmp_path, edit))
    note = next(n for n in snapshot.notes if n.startswith("the mark moved"))
    assert ("BTCUSDT at 20100 in positionRisk.json ([0].markPrice) and 20000 in account.json "
            "(positions[0].unrealizedProfit)") in note
    assert snapshot.account.positions[0].mark_price == D(20100)
    assert snapshot.account_at_account_marks.positions[0].mark_price == D(20000)


def test_a_position_takes_the_reported_brackets() -> None:
    # Two tiers as leverageBracket reports them: 0.4% to 50,000, then 0.5% with cum 50 (=
    # 50,000 x (0.5% - 0.4%)). By hand: 1 BTC at 60,000 -> 60,000 x 0.005 - 50 = 250.
    tiers = binance.read_leverage_brackets([{"symbol": "BTCUSDT", "brackets": [
        {"bracket": 2, "initialLeverage": 100, "notionalCap": 250000, "notionalFloor": 50000,
         "maintMarginRatio": D("0.005"), "cum": 50},
        {"bracket": 1, "initialLeverage": 125, "notionalCap": 50000, "notionalFloor": 0,
         "maintMarginRatio": D("0.004"), "cum": 0},
    ]}])["BTCUSDT"].table
    position = ml.Position("BTCUSDT", D(1), D(40000), D(40000), D(20), bracket_table=tiers)
    assert position.maintenance_margin == D(160)  # 40,000 x 0.004
    assert position.with_mark(D(60000)).maintenance_margin == D(250)
    with pytest.raises(ml.InvalidInput, match="give a rate or a bracket table, not both"):
        ml.Position("BTCUSDT", D(1), D(1), D(1), D(2), D("0.01"), bracket_table=tiers)
    with pytest.raises(ml.InvalidInput, match="maint_amount: only with maint_margin_rate"):
        ml.Position("BTCUSDT", D(1), D(1), D(1), D(2), maint_amount=D(5), bracket_table=tiers)
