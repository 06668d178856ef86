"""Reconciling: both shipped examples figure by figure, tolerances, explanations, and the
command line's exit codes (0 agree, 1 differ, 2 bad input).

Expected values are Binance's FAQ figures or hand arithmetic from its rules (written beside
each), never marginlib's own output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from marginlib import binance
from marginlib.reconcile import (
    AGREES,
    DIFFERS,
    NOT_COMPARED,
    Reconciliation,
    printed_places,
    reconcile,
    unit,
)

from .test_binance import Edit, folder, set_in

D = Decimal
ROOT = Path(__file__).resolve().parents[2]


@cache
def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marginlib", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def reconciled(tmp_path: Path, edit: Edit) -> Reconciliation:
    return reconcile(folder(tmp_path, edit))


# --- the FAQ example: every figure agrees ------------------------------------------------------

# Binance's FAQ prints these (or their factors); see marginlib/data/accounts/faq-2022/_source.md.
FAQ = {
    "totalWalletBalance": "416.02", "totalMarginBalance": "416.02",
    "totalMaintMargin": "199.596", "totalInitialMargin": "339.495",
    "availableBalance": "76.525", "maxWithdrawAmount": "76.525",
    "USDT.marginBalance": "200", "BUSD.marginBalance": "220",
    "BUSD.availableBalance": "76.525",
    "BTCUSDT.maintMargin": "80", "BTCUSDT.initialMargin": "100",
    "ETHBUSD.maintMargin": "120", "ETHBUSD.initialMargin": "240",
}


def test_faq_example_agrees_figure_by_figure() -> None:
    result = reconcile("faq-2022")
    assert result.agrees and result.exit_code == 0 and len(result.lines) == 18
    assert all(line.status == AGREES for line in result.lines)
    for figure, printed in FAQ.items():
        line = result.line(figure)
        assert line.binance == D(printed) and line.marginlib == D(printed), figure
    # 76.525 / 0.99495 = 76.913412734...: the FAQ prints 76.91, two decimals, so it agrees by
    # rounding, and the reconciliation says so.
    usdt = result.line("USDT.availableBalance")
    assert usdt.binance == D("76.91") and str(usdt.marginlib).startswith("76.9134127343")
    assert usdt.explanation == "rounding: Binance's figure has 2 decimals"
    assert usdt.tolerance == D("0.02")
    # By hand: (9,800 x 0.99495 - 220 + 120) / (0.5 x 0.99495 x 0.992) = 19,555.428300011...
    btc = result.line("BTCUSDT.liquidationPrice")
    assert str(btc.marginlib).startswith("19555.4283000118339")
    assert btc.explanation == "rounding to 8 places"
    # (11,780 - 200 x 0.9801 + 79.596) / 19.8 = 589.0694949494...
    assert str(result.line("ETHBUSD.liquidationPrice").marginlib).startswith("589.069494949494")


def test_faq_example_text() -> None:
    text = reconcile("faq-2022").text()
    lines = text.splitlines()
    assert lines[0] == ("Reconciliation of faq-2022: Binance's figures beside marginlib's "
                        "(multi-assets mode)")
    assert lines[2].split() == ["figure", "Binance", "marginlib", "difference", "result"]
    assert ("USDT.availableBalance                 76.91      76.91341273  -0.00341273  agrees"
            in lines)
    assert "All 18 compared figures agree within their tolerance." in lines
    assert max(len(line) for line in lines) <= 100  # a projector's notebook column


# --- the funding example: one figure differs, and why ------------------------------------------


def test_funding_example_names_the_funding() -> None:
    result = reconcile("funding-paid")
    assert not result.agrees and result.exit_code == 1
    (line,) = result.differing
    assert line.figure == "BTCUSDT.liquidationPrice"
    # By hand, with account.json's 194 USDT: (9,806 x 0.99495 - 220) / 0.4934952 = 19,324.3616...
    assert str(line.marginlib).startswith("19324.361614864")
    assert line.binance == D("19326.37774389")
    # 1 USDT of funding at 0.99495 (USDT's equity is negative there) = 0.99495 USD of equity,
    # over the gap's slope 0.4934952 USD per USD of price: 2.016129...; Binance's price is cut.
    assert line.difference is not None
    assert abs(line.difference - D("0.99495") / D("0.4934952")) < D("1e-8")
    assert line.explanation.startswith(
        "Binance's price fits a USDT wallet 1.00 lower than account.json's: funding, fees or "
        "realized PnL booked between the two calls would do that")
    # Every account.json figure agrees: the wallet already holds the commission and the first
    # funding payment. 194 x 0.9801 + 220 = 410.1394; 410.1394 - 99.495 = 310.6444.
    assert result.line("totalMarginBalance").marginlib == D("410.1394")
    assert result.line("availableBalance").marginlib == D("310.6444")
    assert result.line("USDT.maxWithdrawAmount").marginlib == D(194)  # capped by the wallet
    assert "1 of 15 compared figures differ: BTCUSDT.liquidationPrice." in result.text()


# --- tolerances --------------------------------------------------------------------------------


def test_units_and_places() -> None:
    assert unit(D("76.91")) == D("0.01") and printed_places(D("76.91")) == 2
    assert unit(D("76.52500000")) == D("1e-8") and printed_places(D("0.00000000")) == 8
    assert unit(D("200")) == 1 and printed_places(D("200")) == 0


def test_a_rate_with_more_than_8_decimals_widens_the_tolerance(tmp_path: Path) -> None:
    # USDT at 0.99987691 with buffers 0.0001 (the asset-index stream's example): the exact bid
    # rate 0.999776922309 has 12 decimals, so Binance's printed 0.99977692 is cut.
    def edit(bodies: dict[str, Any]) -> None:
        bodies["assetIndex.json"][0].update(
            index="0.99987691", bidBuffer="0.0001", askBuffer="0.0001",
            bidRate="0.99977692", askRate="0.99997689", autoExchangeBidBuffer="0.0001",
            autoExchangeAskBuffer="0.0001", autoExchangeBidRate="0.99977692",
            autoExchangeAskRate="0.99997689")
    result = reconciled(tmp_path, edit)
    line = result.line("totalWalletBalance")
    # 2 units of 1e-8, plus 1e-8 x 200 USDT converted at the cut bid rate.
    assert line.tolerance == D("2e-8") + 200 * D("1e-8")
    assert line.status == DIFFERS  # the body still says 416.02 at the old rate
    assert result.line("BUSD.marginBalance").tolerance == D("2e-8")


# --- explanations ------------------------------------------------------------------------------


def test_an_unexplained_difference(tmp_path: Path) -> None:
    result = reconciled(tmp_path, set_in(("account.json", "totalMaintMargin"), "200.00000000"))
    line = result.line("totalMaintMargin")
    assert line.status == DIFFERS and line.difference == D("0.404")
    assert line.explanation == "not explained by rounding, rates or marks"
    assert result.exit_code == 1


def test_per_asset_available_in_usd(tmp_path: Path) -> None:
    # Binance's documented V2/V3 examples put the account's USD available in every asset row.
    result = reconciled(tmp_path, set_in(("account.json", "assets", 0, "availableBalance"),
                                         "76.52500000"))
    line = result.line("USDT.availableBalance")
    assert line.status == AGREES and line.explanation.startswith("Binance's USD reading")
    assert result.agrees


def test_binance_prints_no_liquidation_price(tmp_path: Path) -> None:
    result = reconciled(tmp_path, set_in(("positionRisk.json", 1, "liquidationPrice"), "0"))
    line = result.line("ETHBUSD.liquidationPrice")
    assert line.status == DIFFERS and line.explanation == "Binance prints 0 (no liquidation price)"


def test_no_liquidation_price_on_either_side(tmp_path: Path) -> None:
    # 100,000 BUSD more: ETH cannot fall far enough, and Binance prints 0.
    def edit(bodies: dict[str, Any]) -> None:
        for row in bodies["account.json"]["assets"][1:]:
            row.update(walletBalance="100220", marginBalance="100220")
        bodies["positionRisk.json"][1]["liquidationPrice"] = "0"
    line = reconciled(tmp_path, edit).line("ETHBUSD.liquidationPrice")
    assert line.status == AGREES and line.marginlib is None
    assert line.explanation == "no mark price liquidates (Binance prints 0)"


def test_marks_from_two_moments_each_at_its_own_mark(tmp_path: Path) -> None:
    # positionRisk.json read after BTC's mark moved to 20,100. Binance's ETH liquidation price
    # at that moment, by hand: USDT equity 200 + 0.5 x 100 = 250, worth 245.025; BTC's
    # maintenance 0.5 x 20,100 x 0.008 x 0.99495 = 79.99398; (11,780 - 245.025 + 79.99398) /
    # 19.8 = 586.6145949494... BTC's own liquidation price does not move with its mark.
    def edit(bodies: dict[str, Any]) -> None:
        bodies["positionRisk.json"][0].update(markPrice="20100.00000000",
                                              unRealizedProfit="50.00000000",
                                              notional="10050.00000000")
        bodies["positionRisk.json"][1]["liquidationPrice"] = "586.61459494"
    result = reconciled(tmp_path, edit)
    assert result.agrees, result.text()
    assert any(note.startswith("the mark moved between the two calls: BTCUSDT at 20100 in "
                               "positionRisk.json ([0].markPrice) and 20000 in account.json "
                               "(positions[0].unrealizedProfit)") for note in result.notes)
    # account.json's figures are recomputed at its own mark: 199.596, not 199.99398 at 20,100.
    assert result.line("totalMaintMargin").marginlib == D("199.596")


def test_not_compared_is_named(tmp_path: Path) -> None:
    # account.json V3 with open orders on BUSD: its initialMargin mixes them in.
    def edit(bodies: dict[str, Any]) -> None:
        bodies["account.json"]["assets"][1]["openOrderInitialMargin"] = "12.5"
        bodies["account.json"]["positions"][1]["initialMargin"] = "252.5"
    result = reconciled(tmp_path, edit)
    line = result.line("ETHBUSD.initialMargin")
    assert line.status == NOT_COMPARED and line.difference is None
    assert line.explanation == "V3's initialMargin includes open orders, and BUSD has some"
    assert "not compared" in result.text()


# --- the command line --------------------------------------------------------------------------


def test_cli_exit_codes() -> None:
    agree = cli("reconcile", "faq-2022")
    assert agree.returncode == 0 and agree.stderr == ""
    assert agree.stdout.strip() == reconcile("faq-2022").text()
    differ = cli("reconcile", "funding-paid")
    assert differ.returncode == 1 and differ.stderr == ""
    assert "BTCUSDT.liquidationPrice" in differ.stdout and "differs" in differ.stdout


def test_cli_json() -> None:
    result = cli("reconcile", "funding-paid", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["agrees"] is False and data["name"] == "funding-paid"
    line = next(f for f in data["figures"] if f["figure"] == "BTCUSDT.liquidationPrice")
    assert line["binance"] == "19326.37774389" and line["status"] == "differs"
    assert line["source"] == "positionRisk.json [0].liquidationPrice"
    assert set(data["figures"][0]) == {"figure", "source", "binance", "marginlib", "difference",
                                       "tolerance", "status", "explanation"}


def test_cli_bad_input_one_line(tmp_path: Path) -> None:
    missing = cli("reconcile", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1
    assert missing.stderr.startswith("marginlib: error: account.json: cannot be read from ")
    hedge = folder(tmp_path, set_in(("positionRisk.json", 0, "positionSide"), "SHORT"))
    result = subprocess.run([sys.executable, "-m", "marginlib", "reconcile", str(hedge)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("marginlib: error: positionRisk.json: [0].positionSide: SHORT "
                             "(BTCUSDT) is hedge mode, which marginlib does not model: one-way "
                             "positions (BOTH) only\n")


@pytest.mark.parametrize("name", binance.EXAMPLES)
def test_examples_reconcile_from_a_plain_folder(tmp_path: Path, name: str) -> None:
    # A copy of the example in an ordinary folder gives the same reconciliation.
    copy = folder(tmp_path, example=name)
    assert reconcile(str(copy)).to_json()["figures"] == reconcile(name).to_json()["figures"]


# --- the README documents what the code does ---------------------------------------------------

README = (ROOT / "README.md").read_text("utf-8")
SECTION = README.split("### Your own account: `reconcile` and `fetch`", 1)[1].split("\n## ", 1)[0]


def test_readme_reconcile_commands() -> None:
    block = SECTION.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].split() for line in block.strip().splitlines()]
    assert all(words[:3] == ["python", "-m", "marginlib"] for words in commands)
    assert {words[3] for words in commands} == {"reconcile", "fetch"}
    for words in commands:
        if words[3] == "reconcile" and words[4] in binance.EXAMPLES:
            status = 0 if "status 0" in block.split(words[4], 1)[1].split("\n", 1)[0] else 1
            assert cli(*words[3:]).returncode == status, words


def test_readme_lists_the_file_contract() -> None:
    for name, request in zip(binance.FILES, ("/fapi/v3/account", "/fapi/v2/positionRisk",
                                             "/fapi/v1/leverageBracket", "/fapi/v1/assetIndex",
                                             "/fapi/v1/multiAssetsMargin"), strict=True):
        assert f"| `{name}` | `GET {request}`" in SECTION, name
    assert "BINANCE_API_KEY" in SECTION and "BINANCE_API_SECRET" in SECTION
    assert "`live` extra" in SECTION
