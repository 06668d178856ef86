"""What the notebooks say: claims the course once got wrong stay fixed.

Each test reads the stored notebooks (markdown and printed outputs) and pins one point: what
the model leaves out is said, and linked; leverage is taught by the notional tier; the guide's
Scenario 3 figures are explained by hypotheses, not one stated as fact; a realized loss never
lets more be withdrawn than a realized profit; the two per-asset figures are shown; sources are
quoted in full; and no printed line, nor display equation, is too wide for a 934 px column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
COURSE = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
ANCHOR = "what-the-model-leaves-out"


def cells(name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((NOTEBOOKS / name).read_text("utf-8"))["cells"]
    return found


def source(cell: dict[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def markdown(name: str) -> str:
    return "\n".join(source(c) for c in cells(name) if c["cell_type"] == "markdown")


def printed(name: str, solutions: bool = False) -> str:
    """Every text output of the notebook's code cells (solutions left out unless asked)."""
    texts = []
    for cell in cells(name):
        if cell["cell_type"] != "code":
            continue
        if not solutions and "solution" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if "text" in output:
                texts.append("".join(output["text"]))
            elif "image/png" not in output.get("data", {}) and "text/plain" in output.get(
                    "data", {}) and "application/vnd.jupyter.widget-view+json" not in output[
                    "data"]:
                texts.append("".join(output["data"]["text/plain"]))
    return "\n".join(texts)


def test_notebook_1_opens_with_a_primer_and_leaves_tooling_to_the_readme() -> None:
    text = markdown("01_start_here.ipynb")
    primer = text.split("## 2.")[0]
    for term in ("perpetual", "Funding", "Leverage", "index price", "mark price", "last price",
                 "Two meanings of \"cross\"", "margin type"):
        assert term in primer, term
    for tool in ("ruff", "mypy", "nbval"):
        assert tool not in text, f"developer tooling ({tool}) belongs in the README"
    # Terms printed by notebook 1 are in its glossary before they are printed.
    glossary = text.split("## 5. Glossary")[1].split("## 6.")[0]
    for term in ("Margin utilisation", "Maximum withdrawable", "Usable amount",
                 "Available for new orders", "Haircut"):
        assert f"**{term}" in glossary, term


def test_what_the_model_leaves_out_is_said_in_1_and_linked_from_5_7_8_10() -> None:
    text = markdown("01_start_here.ipynb")
    assert f'<a id="{ANCHOR}"></a>' in text
    box = text.split(f'<a id="{ANCHOR}"></a>')[1].split("\n\n##")[0]
    assert "> **What this model leaves out**" in box
    for item in ("clearance fee", "partial liquidation", "insurance fund", "ADL", "fees",
                 "funding", "Mark and last price", "Hedge mode", "0.0001", "Inside a liquidation"):
        assert item in box, item
    for name in ("05_auto_conversion.ipynb", "07_switching_modes.ipynb", "08_risk_lab.ipynb",
                 "10_crash_replay.ipynb"):
        assert f"(01_start_here.ipynb#{ANCHOR})" in markdown(name), name


def test_realistic_buffers_in_7_and_8_and_fixed_marks_in_the_depeg() -> None:
    assert "98.72%" in printed("07_switching_modes.ipynb")  # 76 x 1.0001 / (77 x 0.9999)
    assert "18,748.06" in printed("08_risk_lab.ipynb")  # 19,758.06 - 1,000 / 0.990099
    assert "marks fixed" in markdown("08_risk_lab.ipynb")


def test_closes_at_the_mark_with_no_fee_are_said_where_they_happen() -> None:
    for name in ("05_auto_conversion.ipynb", "10_crash_replay.ipynb"):
        assert "at the mark" in markdown(name) and "no fee" in markdown(name), name


def test_leverage_is_capped_by_the_notional_tier() -> None:
    three = markdown("03_opening_positions.ipynb")
    assert "124x" not in three and "125x is refused" not in three
    assert "notional" in three.split("**How much leverage is allowed.**")[1][:400]
    # The bracket table printed in notebook 3: BTCUSDT's first tier allows 125x at 0.40%.
    assert re.search(r"1\s+0\s+50,000\s+0\.40%\s+0\s+125x", printed("03_opening_positions.ipynb"))
    assert "**The leverage cap.**" in markdown("09_the_mode_today.ipynb")


def test_scenario_3_is_explained_by_two_hypotheses() -> None:
    four = markdown("04_unrealized_pnl.ipynb")
    assert "kept Scenario 2's maintenance margin" not in four.replace("\n", " ")
    assert "**Truncation.**" in four and "**Scenario 2's maintenance margin kept.**" in four
    assert "neither is confirmed" in four
    out = printed("04_unrealized_pnl.ipynb")
    assert "truncated: MM 199.61, ratio 62.08%" in out
    assert "Scenario 2's MM kept: MM 199.596 -> 199.60, ratio 62.08%" in out


def test_a_realized_loss_never_allows_more_than_a_profit_in_notebook_6() -> None:
    # Scenario 2, a 200 BUSD bonus: a realized loss of 30 leaves 16.424 USD, a profit 46.424.
    out = printed("06_max_withdrawable.ipynb")
    loss, profit = out.split("3. WB - MM - L: 386.02")[1], out.split("3. WB - MM - L: 446.02")[1]
    assert "Max withdrawable: 16.424 USD" in loss.split("\n\n")[0]
    assert "Max withdrawable: 46.424 USD" in profit.split("\n\n")[0]


def test_both_per_asset_figures_and_the_usd_left_over() -> None:
    six = markdown("06_max_withdrawable.ipynb")
    assert "the one that values what the account gives away" not in six
    out = printed("06_max_withdrawable.ipynb")
    assert "Max USDT: 76.91341273 (wallet 200)" in out
    assert "True max USDT: 78.07876747 (buy rate 0.9801)" in out
    assert "exchange's figure 76.91341273 USDT: available after 1.14 USD" in out


def test_binance_documented_bounds_are_quoted_in_full() -> None:
    section = markdown("06_max_withdrawable.ipynb").split("## 9.")[1].split("## 10.")[0]
    assert section.count("Isolated Open Order IM") == 2
    assert "no gift money or has not used" in section and "cross collateral" in section


def test_sourcing_points() -> None:
    five = markdown("05_auto_conversion.ipynb")
    assert "backwards" not in five and "ambiguous" in five
    assert "modelling choice" in five.split("## 2.")[1].split("## 3.")[0]
    assert "−4169" in markdown("07_switching_modes.ipynb").split("## 2.")[0]
    nine = markdown("09_the_mode_today.ipynb")
    assert "two haircuts, two dates" not in nine and "in force together" in nine
    for fact in ("FDUSD", "BFUSD", "partial"):
        assert fact in nine, fact
    assert "today (partial, as of 2024-10)" in printed("09_the_mode_today.ipynb")


def test_names_that_mean_one_thing() -> None:
    for path in COURSE:
        text = markdown(path.name) + printed(path.name, solutions=True)
        assert "the exchange refuses" not in text, path.name
        assert "Available for orders (USD)" not in text, path.name
        assert "Unrealized PnL (USD)" not in text, path.name
    ten = markdown("10_crash_replay.ipynb")
    assert "about 0.45%" not in ten and "0.41%" in ten and "0.40%" in ten
    assert "a 30% crash" not in ten.split("## 1.")[0]


# --- widths: a 934 px column ----------------------------------------------------------------

#: Longest printed line, and longest code line (characters).
PRINTED, CODE = 90, 90


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_printed_and_code_lines_fit_the_column(path: Path) -> None:
    long = [line for line in printed(path.name, solutions=True).splitlines()
            if len(line) > PRINTED]
    assert not long, long
    for cell in cells(path.name):
        if cell["cell_type"] == "code":
            wide = [line for line in source(cell).splitlines() if len(line) > CODE]
            assert not wide, wide


#: Longest display equation, in characters as rendered (a rough count: commands and braces
#: dropped, fractions as their wider part), each line of an aligned block on its own.
EQUATION = 72


def rendered_width(tex: str) -> int:
    tex = re.sub(r"\\(?:text|texttt|mathrm)\{([^{}]*)\}", r"\1", tex)
    tex = re.sub(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}",
                 lambda m: "x" * max(len(m.group(1)), len(m.group(2))), tex)
    tex = re.sub(r"\\underbrace\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}_\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}",
                 r"\1", tex)
    tex = re.sub(r"\\(?:begin|end)\{[a-z]+\}", "", tex)
    tex = re.sub(r"\\(qquad)", "    ", tex)
    tex = re.sub(r"\\(quad)", "  ", tex)
    tex = re.sub(r"\\[A-Za-z]+", "x", tex)
    tex = re.sub(r"[{}&\s]|\\[,;! ]", "", tex)
    return len(tex)


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_display_equations_fit_the_column(path: Path) -> None:
    wide = []
    for block in re.findall(r"\$\$(.+?)\$\$", markdown(path.name), re.S):
        for line in block.split(r"\\"):
            if rendered_width(line) > EQUATION:
                wide.append(line.strip())
    assert not wide, wide


def test_the_width_check_can_fail() -> None:
    long = r"\text{a very long display equation} = " + " + ".join(["123{,}456.78"] * 8)
    assert rendered_width(long) > EQUATION
    assert rendered_width(r"\frac{9{,}800}{0.496} - \frac{1{,}000}{s}") < 20
