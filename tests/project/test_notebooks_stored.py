"""The notebooks as committed: executed in order, complete, and checked strictly by nbval."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IGNORE = "# NBVAL_IGNORE_OUTPUT"


def _cells(path: Path) -> list[dict[str, Any]]:
    cells: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def test_the_course_has_its_notebooks() -> None:
    assert len(NOTEBOOKS) >= 8, [p.name for p in NOTEBOOKS]
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(numbers) + 1)), "notebooks are numbered 01, 02, ..."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_in_one_kernel(path: Path) -> None:
    expected = 1
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code" or not _source(cell).strip():
            continue
        assert cell.get("execution_count") == expected, (
            f"code cell {index} has execution count {cell.get('execution_count')}, "
            f"expected {expected}: run `make notebooks`"
        )
        expected += 1
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"code cell {index} stores an error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_course_structure(path: Path) -> None:
    cells = _cells(path)
    markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown").lower()
    code = "\n".join(_source(c) for c in cells if c["cell_type"] == "code")
    assert "learning goals" in markdown, "learning goals at the top"
    assert "summary" in markdown, "a summary at the end"
    assert "$" in markdown, "formulas in LaTeX"
    assert "exercise" in markdown, "an exercise"
    assert "marginlib" in code, "imports marginlib"
    assert re.search(r"widget", code), "a widget to try"
    solutions = [c for c in cells if c.get("metadata", {}).get("jupyter", {}).get("source_hidden")]
    assert solutions, "the exercise's solution sits in a collapsed cell"
    # Every output that strict nbval checks must exist: at least one plain, checked output.
    checked = [c for c in cells if c["cell_type"] == "code" and c.get("outputs")
               and not _source(c).lstrip().startswith(IGNORE)]
    assert checked, "figures must also be printed in cells that strict nbval checks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_unstable_outputs_are_marked(path: Path) -> None:
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code" or _source(cell).lstrip().startswith(IGNORE):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "application/vnd.jupyter.widget-view+json" not in data, (
                f"cell {index} shows a widget without {IGNORE}"
            )
            assert "image/png" not in data, f"cell {index} shows a figure without {IGNORE}"


def test_strict_nbval_bites(tmp_path: Path) -> None:
    """Change one stored figure in a copy of a notebook: nbval must fail on the copy."""
    source = next(p for p in NOTEBOOKS if "416.02" in p.read_text(encoding="utf-8"))
    nb = json.loads(source.read_text(encoding="utf-8"))
    changed = False
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or _source(cell).lstrip().startswith(IGNORE):
            continue
        for output in cell.get("outputs", []):
            text = output.get("text")
            if output.get("output_type") == "stream" and text and "416.02" in "".join(text):
                output["text"] = "".join(text).replace("416.02", "416.03", 1)
                changed = True
                break
        if changed:
            break
    assert changed, f"{source.name} prints no 416.02 in a checked cell"
    copy = tmp_path / source.name
    copy.write_text(json.dumps(nb), encoding="utf-8")
    for helper in (ROOT / "notebooks").iterdir():  # data files the notebook may read
        if helper.is_file() and helper.suffix != ".ipynb":
            shutil.copy(helper, tmp_path / helper.name)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "-c", "/dev/null", "--rootdir", str(tmp_path), str(copy)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "416.03" in result.stdout and "416.02" in result.stdout, result.stdout[-2000:]
