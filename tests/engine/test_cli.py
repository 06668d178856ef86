"""The command line, ``python -m marginlib``, run as a user runs it (a subprocess), and the
README's documentation of it checked against the code.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from marginlib import accountfile, scenario, summarize, summary_to_json

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")
FILES = Path()  # the account files: a temporary folder, set by the files fixture

TOP_FIELDS = ["mode", "totalWalletBalance", "totalUnrealizedProfit", "totalMarginBalance",
              "totalMaintMargin", "totalInitialMargin", "marginRatio", "availableBalance",
              "maxWithdrawAmount", "assets"]
#: The per-asset fields the issue requires; the output adds Binance's maintMargin, initialMargin.
ASSET_FIELDS = ["asset", "walletBalance", "unrealizedProfit", "marginBalance", "availableBalance",
                "maxWithdrawAmount"]


@cache
def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marginlib", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def table(text: str) -> dict[str, str]:
    """The totals table as {label: value}."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^(\S.*?)\s{2,}(\S+)$", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def asset_rows(text: str) -> dict[str, list[str]]:
    """The Assets view as {asset: [wallet, equity, available, max withdraw, utilisation]}."""
    lines = text.split("\n\n", 1)[1].splitlines()
    assert lines[0].split() == ["Asset", "Wallet", "Equity", "Usable", "Max", "withdraw",
                                "Utilisation"]
    return {line.split()[0]: line.split()[1:] for line in lines[1:]}


def readme_example() -> dict[str, Any]:
    block = README.split("The account file:", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    data: dict[str, Any] = json.loads(block)
    return data


# A scenario-2 account in a file (both positions at entry), today's registry with brackets.
SCENARIO_2 = {
    "rates": {"USDT": {"price": "0.99", "bid_premium": "0.01", "ask_premium": "-0.005"},
              "BUSD": {"price": 1}},
    "wallet": {"USDT": 200, "BUSD": "220"},
    "positions": [
        {"symbol": "BTCUSDT", "size": "0.5", "entry_price": 20000, "mark_price": "20000",
         "leverage": 100, "maint_margin_rate": "0.008"},
        {"symbol": "ETHBUSD", "size": 20, "entry_price": 600, "mark_price": 600.0,
         "leverage": 50, "maint_margin_rate": 0.01},
    ],
}
# USDT and USDC at 1 with no buffer: a stated simplification that keeps the hand-checked
# figures round (today's registry, like Binance's asset index, would value both at 99.99%:
# buffers of 0.0001).
TODAY = {
    "registry": "today",
    "rates": {"USDT": {"price": "1", "bid_premium": "0", "ask_premium": "0"},
              "USDC": {"price": "1", "bid_premium": "0", "ask_premium": "0"},
              "BTC": {"price": "62000", "bid_premium": "0.05"}},
    "wallet": {"USDT": "1000", "USDC": "2000", "BTC": "0.1"},
    "positions": [
        {"symbol": "BTCUSDT", "size": "0.5", "entry_price": "60000", "mark_price": "62000",
         "leverage": 20},
        {"symbol": "BTCUSDC", "size": "-1", "entry_price": "60000", "mark_price": "62000",
         "leverage": 10},
    ],
}
RICH = {"rates": {"USDT": {"price": "1"}}, "wallet": {"USDT": "1000000"},
        "positions": [{"symbol": "BTCUSDT", "size": "0.5", "entry_price": "20000",
                       "mark_price": "20000", "leverage": 10, "maint_margin_rate": "0.008"}]}


@pytest.fixture(scope="module", autouse=True)
def files(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Write the account files, then run every command the tests use, a few at a time."""
    global FILES
    FILES = tmp_path_factory.mktemp("cli")
    for name, data in (("readme", readme_example()), ("scenario2", SCENARIO_2),
                       ("today", TODAY), ("rich", RICH),
                       ("single", {**SCENARIO_2, "mode": "single-asset"})):
        (FILES / f"{name}.json").write_text(json.dumps(data), "utf-8")
    commands = [(*a, *j) for a in (("scenario", "1"), ("scenario", "2"), ("scenario", "3"))
                for j in ((), ("--json",))]
    for name in ("readme", "scenario2", "today", "single"):
        commands += [("account", str(FILES / f"{name}.json"), *j) for j in ((), ("--json",))]
    for name, symbol in (("scenario2", "BTCUSDT"), ("scenario2", "ETHBUSD"), ("rich", "BTCUSDT"),
                         ("readme", "BTCUSDT")):
        commands += [("liquidation-price", str(FILES / f"{name}.json"), symbol, *j)
                     for j in ((), ("--json",))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda c: cli(*c), commands))


def path(name: str) -> str:
    return str(FILES / f"{name}.json")


def as_json(*args: str) -> dict[str, Any]:
    out = ok(*args, "--json")
    assert len(out.strip().splitlines()) == 1  # one JSON object, on one line
    data: dict[str, Any] = json.loads(out)
    return data


# --- scenario N ---------------------------------------------------------------------------------


def test_scenario_1_table() -> None:
    out = ok("scenario", "1")
    rows = table(out)
    # the guide: equity 416.02, ratio 0%, available 416.02; usable 418.13 USDT and 416.02 BUSD
    assert rows["Account equity (USD)"] == "416.02"
    assert rows["Margin ratio"] == "0.00%"
    assert rows["Available for new orders (USD)"] == "416.02"
    assets = asset_rows(out)
    assert assets["USDT"][2] == "418.13" and assets["BUSD"][2] == "416.02"


def test_scenario_2_table() -> None:
    rows = table(ok("scenario", "2"))
    # the guide: 199.60, 47.98%, 76.53 (76.525 half-up)
    assert rows["Maintenance margin (USD)"] == "199.60"
    assert rows["Margin ratio"] == "47.98%"
    assert rows["Available for new orders (USD)"] == "76.53"
    assert rows["Account equity (USD)"] == "416.02"


def test_scenario_3_table() -> None:
    out = ok("scenario", "3")
    rows = table(out)
    # the guide: equity 321.52, available negative. Ours: 199.6162 -> 199.62 and 62.09% where
    # the guide prints 199.61 and 62.08% (see test_guide_figures).
    assert rows["Account equity (USD)"] == "321.52"
    assert rows["Maintenance margin (USD)"] == "199.62"
    assert rows["Margin ratio"] == "62.09%"
    assert rows["Available for new orders (USD)"] == "-21.01"  # 321.515 - 342.52025
    assets = asset_rows(out)
    assert assets["USDT"][1] == "-300.00" and assets["BUSD"][1] == "620.00"


@pytest.mark.parametrize("number", ["1", "2", "3"])
def test_scenario_json_fields(number: str) -> None:
    data = as_json("scenario", number)
    assert list(data) == TOP_FIELDS
    assert data["mode"] == "multi-assets"
    for row in data["assets"]:
        assert set(ASSET_FIELDS) <= set(row)
        assert set(row) - set(ASSET_FIELDS) <= {"maintMargin", "initialMargin"}
        for key in row:
            if key != "asset":
                D(row[key])  # every number is a decimal string
    assert [row["asset"] for row in data["assets"]] == ["USDT", "BUSD"]
    # the same object as the library's
    assert data == json.loads(json.dumps(summary_to_json(summarize(scenario(int(number))))))


def test_scenario_json_full_precision() -> None:
    two = as_json("scenario", "2")
    assert two["totalMaintMargin"] == "199.596"
    assert two["totalInitialMargin"] == "339.495"
    assert two["availableBalance"] == "76.525"
    assert two["totalMarginBalance"] == "416.02"
    # marginRatio is a fraction, not a percentage: 199.596 / 416.02 = 0.479775...
    assert D(two["marginRatio"]) == D("199.596") / D("416.02")
    assert 0 < D(two["marginRatio"]) < 1
    busd = two["assets"][1]
    assert busd["availableBalance"] == "76.525" and busd["maxWithdrawAmount"] == "76.525"
    three = as_json("scenario", "3")
    assert three["totalMarginBalance"] == "321.515"
    assert three["totalMaintMargin"] == "199.6162"
    assert three["availableBalance"] == "-21.00525"
    # the unrealized P&L summed in USD, a loss at its sell rate: -500 x 0.99495 + 400 = -97.475
    assert three["totalUnrealizedProfit"] == "-97.475"
    assert as_json("scenario", "1")["marginRatio"] == "0"


# --- account FILE -------------------------------------------------------------------------------


def test_account_readme_example() -> None:
    # 200 USDT, 220 BUSD, long 0.5 BTCUSDT from 20,000 to 19,000 (no ETH position): USDT equity
    # 200 - 500 = -300 -> -298.485 USD; + 220 = -78.485: equity is negative while 76 USDT
    # (75.6162 USD) of maintenance margin is kept, so the ratio is infinite: liquidation.
    rows = table(ok("account", path("readme")))
    assert rows["Account equity (USD)"] == "-78.49"  # -78.485 half-up (away from zero)
    assert rows["Maintenance margin (USD)"] == "75.62"
    assert rows["Margin ratio"] == "inf"
    data = as_json("account", path("readme"))
    assert data["totalMarginBalance"] == "-78.485"
    assert data["marginRatio"] == "Infinity"
    # available = -78.485 - 95 x 0.99495 = -78.485 - 94.52025 = -173.00525
    assert data["availableBalance"] == "-173.00525"


def test_account_file_matches_scenario_2() -> None:
    # numbers as JSON numbers or strings, a missing premium 0: the same as the built-in Scenario 2
    assert as_json("account", path("scenario2")) == as_json("scenario", "2")
    assert table(ok("account", path("scenario2"))) == table(ok("scenario", "2"))


def test_account_single_asset_mode() -> None:
    data = as_json("account", path("single"))
    assert data["mode"] == "single-asset"
    # the worst asset's own ratio: BUSD 120 / 220 = 0.5454...
    assert D(data["marginRatio"]) == D(120) / D(220)
    # available: USDT 200 - 100 = 100 (x 0.9801 = 98.01 USD), BUSD 220 - 240 < 0
    assert data["availableBalance"] == "98.01"
    assert data["assets"][1]["availableBalance"] == "-20"


def test_account_with_brackets_today() -> None:
    # Today's registry, no maint_margin_rate: each position takes its bracket by notional.
    # BTCUSDT 0.5 x 62,000 = 31,000: tier 1 (0.4%): MM 124, IM 31,000 / 20 = 1,550, PnL +1,000.
    # BTCUSDC short 1 x 62,000 = 62,000: tier 2 (0.5%, cum 50): MM 260, IM 6,200, PnL -2,000.
    # Equity: USDT 2,000 + USDC 0 + BTC 0.1 x 62,000 x 0.95 = 5,890 -> 7,890 USD.
    data = as_json("account", path("today"))
    assert data["totalMaintMargin"] == "384"
    assert data["totalInitialMargin"] == "7750"
    assert data["totalMarginBalance"] == "7890"
    assert data["totalWalletBalance"] == "8890"  # 1,000 + 2,000 + 5,890
    assert data["availableBalance"] == "140"  # 7,890 - 7,750
    assert D(data["marginRatio"]) == D(384) / D(7890)
    rows = {row["asset"]: row for row in data["assets"]}
    assert rows["USDT"]["maintMargin"] == "124" and rows["USDC"]["maintMargin"] == "260"
    assert list(rows) == ["USDT", "USDC", "BTC"]
    assert "Maintenance margin (USD)" in ok("account", path("today"))


# --- liquidation-price FILE SYMBOL --------------------------------------------------------------


def test_liquidation_price_text_and_json() -> None:
    # Scenario 2, BTC: p = 9,650.51 / (0.99495 x 0.496) = 19,555.43 (see test_whatif)
    assert ok("liquidation-price", path("scenario2"), "BTCUSDT").strip() == (
        "BTCUSDT liquidation price: 19,555.43")
    data = as_json("liquidation-price", path("scenario2"), "BTCUSDT")
    assert list(data) == ["symbol", "liquidationPrice", "alreadyLiquidated"]
    assert data["alreadyLiquidated"] is False
    assert data["symbol"] == "BTCUSDT"
    expected = D("9650.51") / (D("0.99495") * D("0.496"))
    assert abs(D(data["liquidationPrice"]) - expected) < D("1e-15")
    # ETH: 11,663.576 / 19.8 = 589.0694949...
    eth = as_json("liquidation-price", path("scenario2"), "ETHBUSD")
    assert abs(D(eth["liquidationPrice"]) - D("11663.576") / D("19.8")) < D("1e-15")


def test_liquidation_price_none_and_already() -> None:
    assert as_json("liquidation-price", path("rich"), "BTCUSDT") == {
        "symbol": "BTCUSDT", "liquidationPrice": None, "alreadyLiquidated": False}
    assert "no mark price takes the margin ratio to 100%" in ok(
        "liquidation-price", path("rich"), "BTCUSDT")
    # The README example is already liquidated at 19,000: the price where the ratio crosses
    # 100%, 0.99495 (0.5 p - 9,800) + 220 = 0.99495 x 0.004 p (USDT equity still negative
    # there) -> p = 9,530.51 / (0.99495 x 0.496) = 19,312.26..., and it says so.
    data = as_json("liquidation-price", path("readme"), "BTCUSDT")
    assert data["alreadyLiquidated"] is True
    assert abs(D(data["liquidationPrice"]) - D("9530.51") / (D("0.99495") * D("0.496"))) < D(
        "1e-15")
    assert ok("liquidation-price", path("readme"), "BTCUSDT").strip() == (
        "BTCUSDT liquidation price: 19,312.26 (already past: the margin ratio is at or above "
        "100% at 19,000.00)")


# --- the README documents what the code does ----------------------------------------------------


def readme_commands() -> list[list[str]]:
    section = README.split("### Command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = []
    for line in section.strip().splitlines():
        words = line.split("#", 1)[0].split()
        assert words[:3] == ["python", "-m", "marginlib"], line
        commands.append(words[3:])
    return commands


def test_readme_commands_run() -> None:
    commands = readme_commands()
    assert {c[0] for c in commands} == {"scenario", "account", "liquidation-price"}
    for words in commands:
        args = [path("readme") if w == "my.json" else w for w in words]
        result = cli(*args)
        assert result.returncode == 0, (words, result.stderr)
        if "--json" in args:
            json.loads(result.stdout)


def test_readme_python_example() -> None:
    code = README.split("```python", 1)[1].split("```", 1)[0]
    printed = code.strip().splitlines()[-1].lstrip("# ").strip()
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed == "199.60 47.98% 76.53"


def _keys_table() -> list[str]:
    section = README.split("Optional keys:", 1)[1].split("\n\n", 2)[1]
    return [line for line in section.splitlines() if line.startswith("| ") and "`" in line]


def test_readme_file_format_matches_the_code() -> None:
    example = readme_example()
    top, position = set(example), set(example["positions"][0])
    for row in _keys_table():
        first_cell = row.split("|")[1]
        names = re.findall(r"`([a-z_]+)`", first_cell)
        if first_cell.strip().startswith("positions'"):
            position.update(names)
        else:
            top.update(names)
    assert top == accountfile._TOP
    assert position == accountfile._POSITION
    assert set(example["rates"]["USDT"]) == accountfile._RATE
    orders = next(r for r in _keys_table() if "`open_orders`" in r)
    assert set(re.findall(r'"([a-z_]+)"', orders)) == accountfile._ORDER


def test_readme_json_fields_match_the_code() -> None:
    paragraph = README.split("`--json` prints", 1)[1].split("Bad input", 1)[0]
    produced = summary_to_json(summarize(scenario(2)))
    totals_part, asset_part = paragraph.split("`assets`", 1)
    documented_totals = [*re.findall(r"`([a-zA-Z]+)`", totals_part), "assets"]
    assert documented_totals == list(produced) == TOP_FIELDS
    documented_assets = re.findall(r"`([a-zA-Z]+)`", asset_part.split(";", 1)[0])
    assert documented_assets == list(produced["assets"][0])
    assert "liquidationPrice" in paragraph and '"Infinity"' in paragraph


def test_a_reader_that_closes_the_pipe_early_gets_no_traceback() -> None:
    # ``python -m marginlib scenario 3 --json | head -c 10``: the reader takes 10 bytes and
    # closes the pipe; the command must end quietly (no BrokenPipeError traceback on stderr).
    process = subprocess.Popen([sys.executable, "-m", "marginlib", "scenario", "3", "--json"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the command has written anything
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_account_from_json_reads_the_file_format() -> None:
    # The README's example: 200 USDT at 0.99 (buy 0.9801) + 220 BUSD = 416.02 USD of wallet, and
    # the BTCUSDT position at 19,000 from 20,000 loses 500 USDT.
    text = json.dumps(readme_example())
    account = accountfile.account_from_json(text)
    assert account == accountfile.account_from_dict(json.loads(text))
    assert summarize(account).total_wallet_balance == Decimal("416.02")
    assert account.positions[0].unrealized_pnl == Decimal(-500)


def test_readme_states_the_accepted_ranges() -> None:
    # the README's table of what a file may hold says what the code enforces
    from marginlib.numeric import MAX_DIGITS, RANGE_TEXT
    from marginlib.positions import MAX_LEVERAGE

    table_text = README.split("#### What an account file may hold", 1)[1].split("\n\n", 2)[1]
    assert f"at most {accountfile.MAX_FILE_BYTES:,} bytes" in table_text
    assert RANGE_TEXT.removeprefix("0 or ") in table_text  # between 1e-99 and 1e15 in size
    assert f"at most {MAX_DIGITS} significant digits" in table_text
    assert f"a whole number from 1 to {MAX_LEVERAGE}" in table_text
    for key in ("bid_premium", "ask_premium", "maint_amount", "isolated_symbols", "null"):
        assert key in table_text
    # and the sentence the old format had is gone: a premium left out is the registry's
    assert "a missing premium is 0" not in README
    assert "premium left out is the\nregistry's default" in README


def test_version() -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.returncode == 0 and result.stdout == f"marginlib {version('marginlib')}\n"
