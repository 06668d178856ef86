"""A catalogue of bad inputs, through the API and through the command line.

API: each case names the exception class and the field the error must name; operations on an
existing account leave it comparing equal to what it was. Command line: each bad file exits with
status 2 and prints exactly one line on stderr, ``marginlib: error: <field>: <rule>``, never a
traceback.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import marginlib as ml
from marginlib.conversion import auto_exchange_step

D = Decimal
ROOT = Path(__file__).resolve().parents[2]


def btc(**changes: Any) -> ml.Position:
    args: dict[str, Any] = {"symbol": "BTCUSDT", "size": D("0.5"), "entry_price": D(20000),
                            "mark_price": D(19000), "leverage": D(100),
                            "maint_margin_rate": D("0.008")}
    args.update(changes)
    return ml.Position(**args)


def account(**changes: Any) -> ml.Account:
    args: dict[str, Any] = {"rates": ml.guide_rates(),
                            "wallet": {"USDT": D(200), "BUSD": D(220)}}
    args.update(changes)
    return ml.Account(**args)


# --- API: constructing things -------------------------------------------------------------------

CONSTRUCTION: list[tuple[str, Callable[[], object], type[ml.MarginError], str]] = [
    ("price zero", lambda: ml.AssetRate("USDT", D(0)), ml.InvalidInput, "rates.USDT.price"),
    ("price NaN", lambda: ml.AssetRate("USDT", D("NaN")), ml.InvalidInput, "rates.USDT.price"),
    ("price infinite", lambda: ml.AssetRate("USDT", float("inf")),  # type: ignore[arg-type]
     ml.InvalidInput, "rates.USDT.price"),
    ("price a word", lambda: ml.AssetRate("USDT", "one"),  # type: ignore[arg-type]
     ml.InvalidInput, "rates.USDT.price"),
    ("price absurd", lambda: ml.AssetRate("USDT", D("1e999999")), ml.InvalidInput,
     "rates.USDT.price"),
    ("bid premium 1", lambda: ml.AssetRate("USDT", D(1), D(1)), ml.InvalidInput,
     "rates.USDT.bid_premium"),
    ("buy above sell", lambda: ml.AssetRate("USDT", D(1), D(0), D("0.01")), ml.InvalidInput,
     "rates.USDT"),
    ("size zero", lambda: btc(size=D(0)), ml.InvalidInput, "position BTCUSDT.size"),
    ("size a bool", lambda: btc(size=True), ml.InvalidInput, "position BTCUSDT.size"),
    ("size a list", lambda: btc(size=[1]), ml.InvalidInput, "position BTCUSDT.size"),
    ("entry negative", lambda: btc(entry_price=D(-1)), ml.InvalidInput,
     "position BTCUSDT.entry_price"),
    ("mark NaN", lambda: btc(mark_price="NaN"), ml.InvalidInput, "position BTCUSDT.mark_price"),
    ("leverage zero", lambda: btc(leverage=0), ml.InvalidInput, "position BTCUSDT.leverage"),
    ("leverage negative", lambda: btc(leverage=-5), ml.InvalidInput,
     "position BTCUSDT.leverage"),
    ("maint rate 1", lambda: btc(maint_margin_rate=D(1)), ml.InvalidInput,
     "position BTCUSDT.maint_margin_rate"),
    ("maint rate negative", lambda: btc(maint_margin_rate=D("-0.01")), ml.InvalidInput,
     "position BTCUSDT.maint_margin_rate"),
    ("maint amount negative", lambda: btc(maint_amount=D(-1)), ml.InvalidInput,
     "position BTCUSDT.maint_amount"),
    ("maint amount with brackets", lambda: btc(maint_margin_rate=None, maint_amount=D(5)),
     ml.InvalidInput, "position BTCUSDT.maint_amount"),
    ("no rate, no brackets", lambda: ml.Position("ETHBUSD", D(1), D(600), D(600), D(10)),
     ml.InvalidInput, "position ETHBUSD.maint_margin_rate"),
    ("leverage above the bracket", lambda: btc(maint_margin_rate=None, leverage=D(126)),
     ml.LeverageTooHigh, "position BTCUSDT.leverage"),
    ("initial margin below maintenance", lambda: btc(leverage=D(125)), ml.LeverageTooHigh,
     "position BTCUSDT.leverage"),
    ("isolated not a bool", lambda: btc(isolated="yes"), ml.InvalidInput,
     "position BTCUSDT.isolated"),
    ("order price zero", lambda: ml.OpenOrder("ETHBUSD", D(1), D(0), D(10)), ml.InvalidInput,
     "open order ETHBUSD.price"),
    ("unknown mode", lambda: account(mode="cross"), ml.InvalidInput, "mode"),
    ("ineligible asset", lambda: account(wallet={"USDT": D(1), "DOGE": D(1)}),
     ml.IneligibleAsset, "wallet.DOGE"),
    ("retired asset (today's registry)", lambda: account(registry=ml.TODAY),
     ml.IneligibleAsset, "rates.BUSD"),
    ("coin-margined contract", lambda: account(positions=(btc(symbol="BTCUSD_PERP"),)),
     ml.IneligibleContract, "positions.symbol"),
    ("isolated in multi-assets", lambda: account(positions=(btc(isolated=True),)),
     ml.IneligibleContract, "positions[0].isolated"),
    ("rate missing", lambda: account(rates={"USDT": ml.guide_rates()["USDT"]}),
     ml.InvalidInput, "rates.BUSD"),
    ("rate for another asset", lambda: account(rates={**ml.guide_rates(),
                                                      "BUSD": ml.guide_rates()["USDT"]}),
     ml.InvalidInput, "rates.BUSD"),
    ("wallet not a mapping", lambda: account(wallet=[200, 220]), ml.InvalidInput, "wallet"),
    ("wallet amount a word", lambda: account(wallet={"USDT": "lots"}), ml.InvalidInput,
     "wallet.USDT"),
    ("borrowed negative", lambda: account(borrowed={"USDT": D(-1)}), ml.InvalidInput,
     "borrowed.USDT"),
    ("grid bots negative", lambda: account(grid_bots=-1), ml.InvalidInput, "grid_bots"),
    ("grid bots a bool", lambda: account(grid_bots=True), ml.InvalidInput, "grid_bots"),
    ("scenario 4", lambda: ml.scenario(4), ml.InvalidInput, "scenario"),
    ("unknown file", lambda: ml.load_account(ROOT / "no-such-file.json"), ml.InvalidInput,
     "file"),
]


@pytest.mark.parametrize(("error", "field", "make"),
                         [(e, f, m) for _, m, e, f in CONSTRUCTION],
                         ids=[c[0] for c in CONSTRUCTION])
def test_construction_refused(make: Callable[[], object], error: type[ml.MarginError],
                              field: str) -> None:
    with pytest.raises(error) as err:
        make()
    assert type(err.value) is error
    assert err.value.field == field
    assert err.value.rule and str(err.value) == f"{field}: {err.value.rule}"


# --- API: operations on an account leave it unchanged -------------------------------------------

OPERATIONS: list[tuple[str, Callable[[ml.Account], object], type[ml.MarginError], str]] = [
    ("withdraw above the maximum", lambda a: ml.withdraw(a, "BUSD", D("76.54")),
     ml.WithdrawalRefused, "amount"),
    ("withdraw zero", lambda a: ml.withdraw(a, "USDT", 0), ml.InvalidInput, "amount"),
    ("withdraw NaN", lambda a: ml.withdraw(a, "USDT", "NaN"), ml.InvalidInput, "amount"),
    ("withdraw an ineligible asset", lambda a: ml.withdraw(a, "USDC", 1), ml.IneligibleAsset,
     "asset"),
    ("switch with positions", lambda a: ml.switch_mode(a, ml.SINGLE_ASSET), ml.SwitchRefused,
     "mode"),
    ("switch to an unknown mode", lambda a: ml.switch_mode(a, "portfolio"), ml.InvalidInput,
     "target"),
    ("mark for no position", lambda a: a.with_marks({"XRPUSDT": 1}), ml.InvalidInput, "marks"),
    ("mark not positive", lambda a: a.with_marks({"BTCUSDT": -1}), ml.InvalidInput,
     "position BTCUSDT.mark_price"),
    ("price for no asset", lambda a: a.with_prices({"USDC": 1}), ml.InvalidInput, "prices"),
    ("price not positive", lambda a: a.with_prices({"USDT": 0}), ml.InvalidInput,
     "rates.USDT.price"),
    ("wallet of an ineligible asset", lambda a: a.with_wallet({"BTC": 1}), ml.IneligibleAsset,
     "wallet.BTC"),
    ("wallet amount infinite", lambda a: a.with_wallet({"USDT": "Infinity"}), ml.InvalidInput,
     "wallet.USDT"),
    ("convert an asset not held", lambda a: ml.convert_to_cover(a, "USDC"), ml.InvalidInput,
     "asset"),
    ("positive threshold", lambda a: auto_exchange_step(a, threshold=10), ml.InvalidInput,
     "threshold"),
    ("simulate, interval 0", lambda a: ml.simulate(a, [{}], interval=0), ml.InvalidInput,
     "interval"),
    ("simulate, path point not a mapping", lambda a: ml.simulate(a, [5]),  # type: ignore[list-item]
     ml.InvalidInput, "path[0]"),
    ("liquidation price of no position", lambda a: ml.liquidation_price(a, "XRPUSDT"),
     ml.InvalidInput, "symbol"),
    ("grid on one symbol twice", lambda a: ml.ratio_grid(a, "BTCUSDT", [1.0], "BTCUSDT", [1.0]),
     ml.InvalidInput, "y_symbol"),
    ("grid price for no asset", lambda a: ml.margin_ratio_at(a, {}, {"USDC": [1.0]}),
     ml.InvalidInput, "prices"),
    ("summary row of no asset", lambda a: ml.summarize(a).asset("USDC"), ml.InvalidInput, "asset"),
]


@pytest.mark.parametrize(("error", "field", "operate"),
                         [(e, f, o) for _, o, e, f in OPERATIONS],
                         ids=[c[0] for c in OPERATIONS])
def test_refused_operation_changes_nothing(operate: Callable[[ml.Account], object],
                                           error: type[ml.MarginError], field: str) -> None:
    acct = ml.scenario(2)
    before = replace(acct)  # an equal, separate copy
    with pytest.raises(error) as err:
        operate(acct)
    assert err.value.field == field
    assert acct == before == ml.scenario(2)


def test_catalogue_size() -> None:
    assert len(CONSTRUCTION) + len(OPERATIONS) + len(CLI_CASES) >= 30
    assert len(CLI_CASES) >= 30


# --- the command line ---------------------------------------------------------------------------

GOOD: dict[str, Any] = {
    "mode": "multi-assets",
    "rates": {"USDT": {"price": "0.99", "bid_premium": "0.01", "ask_premium": "-0.005"},
              "BUSD": {"price": "1"}},
    "wallet": {"USDT": "200", "BUSD": "220"},
    "positions": [{"symbol": "BTCUSDT", "size": "0.5", "entry_price": "20000",
                   "mark_price": "19000", "leverage": 100, "maint_margin_rate": "0.008"}],
}


def changed(path: tuple[Any, ...], value: Any = None, delete: bool = False) -> str:
    """GOOD with one value replaced (or deleted), as JSON text."""
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return json.dumps(data)


def raw(path: tuple[Any, ...], token: str) -> str:
    """GOOD with one value replaced by a raw JSON token (NaN, Infinity: not valid JSON values,
    but Python's json reads them)."""
    return changed(path, "@@TOKEN@@").replace('"@@TOKEN@@"', token)


def pos(key: str) -> tuple[Any, ...]:
    """The path of a field of the file's first position."""
    return ("positions", 0, key)


#: (id, file text or None for no file, extra arguments, field the error line must name)
CLI_CASES: list[tuple[str, str | None, tuple[str, ...], str]] = [
    ("malformed JSON", '{"rates": {', (), "file"),
    ("empty file", "", (), "file"),
    ("not UTF-8", "\udcff", (), "file"),
    ("missing file", None, (), "file"),
    ("top level a list", "[1, 2]", (), "account"),
    ("unknown top-level field", changed(("colour",), "red"), (), "account.colour"),
    ("rates missing", changed(("rates",), delete=True), (), "account.rates"),
    ("wallet missing", changed(("wallet",), delete=True), (), "account.wallet"),
    ("position field missing", changed(pos("entry_price"), delete=True), (),
     "positions[0].entry_price"),
    ("rate price missing", changed(("rates", "BUSD", "price"), delete=True), (),
     "rates.BUSD.price"),
    ("unknown asset in the wallet", changed(("wallet", "DOGE"), "1"), (), "wallet.DOGE"),
    ("unknown asset in the rates", changed(("rates", "USDC"), {"price": "1"}), (),
     "rates.USDC"),
    ("BUSD in today's registry", changed(("registry",), "today"), (), "rates.BUSD"),
    ("unknown registry", changed(("registry",), "tomorrow"), (), "registry"),
    ("registry not a string", changed(("registry",), ["guide"]), (), "registry"),
    ("coin-margined symbol", changed(pos("symbol"), "BTCUSD_PERP"), (),
     "positions[0].symbol"),
    ("symbol not a string", changed(pos("symbol"), 5), (), "positions[0].symbol"),
    ("price zero", changed(("rates", "USDT", "price"), "0"), (), "rates.USDT.price"),
    ("mark price negative", changed(pos("mark_price"), -19000), (),
     "position BTCUSDT.mark_price"),
    ("leverage zero", changed(pos("leverage"), 0), (), "position BTCUSDT.leverage"),
    ("leverage negative", changed(pos("leverage"), "-5"), (), "position BTCUSDT.leverage"),
    ("leverage true", changed(pos("leverage"), True), (), "position BTCUSDT.leverage"),
    ("leverage above the bracket", changed(pos("maint_margin_rate"), delete=True).replace(
        '"leverage": 100', '"leverage": 150'), (), "position BTCUSDT.leverage"),
    ("NaN", raw(("wallet", "USDT"), "NaN"), (), "wallet.USDT"),
    ("Infinity", raw(pos("mark_price"), "Infinity"), (), "position BTCUSDT.mark_price"),
    ("-Infinity", raw(("rates", "USDT", "bid_premium"), "-Infinity"), (),
     "rates.USDT.bid_premium"),
    ("NaN as a string", changed(pos("size"), "NaN"), (), "position BTCUSDT.size"),
    ("number too large", changed(("rates", "USDT", "price"), "1e999999"), (),
     "rates.USDT.price"),
    ("integer too long", raw(("wallet", "BUSD"), "9" * 5000), (), "file"),
    ("nested too deeply", "[" * 100000 + "]" * 100000, (), "file"),
    ("maint rate 1", changed(pos("maint_margin_rate"), "1"), (),
     "position BTCUSDT.maint_margin_rate"),
    ("maint rate negative", changed(pos("maint_margin_rate"), -0.1), (),
     "position BTCUSDT.maint_margin_rate"),
    ("no rate and no brackets", changed(pos("symbol"), "ETHBUSD").replace(
        ', "maint_margin_rate": "0.008"', ""), (), "position ETHBUSD.maint_margin_rate"),
    ("size a list", changed(pos("size"), [0.5]), (), "position BTCUSDT.size"),
    ("size zero", changed(pos("size"), "0"), (), "position BTCUSDT.size"),
    ("wallet a list", changed(("wallet",), [200, 220]), (), "wallet"),
    ("positions an object", changed(("positions",), {}), (), "positions"),
    ("mode unknown", changed(("mode",), "cross"), (), "mode"),
    ("isolated in multi-assets", changed(pos("isolated"), True), (),
     "positions[0].isolated"),
    ("grid bots fractional", changed(("grid_bots",), 1.5), (), "grid_bots"),
    ("borrowed negative", changed(("borrowed",), {"USDT": "-1"}), (), "borrowed.USDT"),
    ("open order price zero", changed(("open_orders",), [
        {"symbol": "ETHBUSD", "size": "1", "price": "0", "leverage": 50}]), (),
     "open order ETHBUSD.price"),
    ("liquidation price of no position", json.dumps(GOOD), ("liquidation-price", "XRPUSDT"),
     "symbol"),
]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marginlib", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every CLI case, run a few at a time (each is a fresh interpreter)."""
    folder = tmp_path_factory.mktemp("bad")
    commands: dict[str, list[str]] = {}
    for k, (name, text, extra, _) in enumerate(CLI_CASES):
        path = folder / f"case{k}.json"
        if text is not None:
            path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        if extra and extra[0] == "liquidation-price":
            commands[name] = ["liquidation-price", str(path), *extra[1:]]
        else:
            commands[name] = ["account", str(path), *extra]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_cli, *cmd) for name, cmd in commands.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize(("name", "field"), [(c[0], c[3]) for c in CLI_CASES],
                         ids=[c[0] for c in CLI_CASES])
def test_cli_bad_input(cli_results: dict[str, subprocess.CompletedProcess[str]],
                       name: str, field: str) -> None:
    result = cli_results[name]
    assert result.returncode == 2, (name, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"marginlib: error: {field}: "), lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("scenario", "4"), "invalid choice"),
        (("scenario", "two"), "invalid int value"),
        ((), "required"),
        (("account",), "required"),
        (("liquidation-price", "x.json"), "required"),
        (("account", "x.json", "--yaml"), "unrecognized arguments"),
    ],
)
def test_cli_usage_errors(args: tuple[str, ...], words: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("marginlib: error: ") and words in lines[0]
