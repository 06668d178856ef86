"""The benchmarks run and end with their JSON line (tiny sizes: a few seconds)."""

from __future__ import annotations

import json

import pytest

from benchmarks import ROOT
from benchmarks.__main__ import main


def test_grid_and_import_print_a_table_then_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick", "--only", "grid", "import"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:5] == ["benchmark", "measured", "floor", "ratio", "goal"]
    data = json.loads(lines[-1])
    assert list(data) == ["benchmarks"]
    rows = data["benchmarks"]
    assert [r["name"] for r in rows] == ["grid", "import"]
    for row in rows:
        assert set(row) == {"name", "ratio", "goal", "detail"}
        assert isinstance(row["ratio"], float) and row["ratio"] > 0
        assert row["detail"]
    assert {r["name"]: r["goal"] for r in rows} == {"grid": 1.5, "import": 1.3}
    assert "np.allclose" in rows[0]["detail"] and "peak memory" in rows[0]["detail"]
    assert "matplotlib and ipywidgets not imported" in rows[1]["detail"]


def test_widget_update_has_one_row_per_widget(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick", "--only", "widget_update", "--repeats", "1"]) == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["benchmarks"]
    names = [r["name"] for r in rows]
    # Every widget module of the course has its row (the dashboard's has no notebook number):
    # a new widget module needs a case in benchmarks/widget_update.py.
    modules = [p for p in (ROOT / "marginlib" / "widgets").glob("*.py") if p.stem != "__init__"]
    assert len(names) == len(modules) and all(n.startswith("widget_update ") for n in names)
    assert "widget_update dashboard" in names and "widget_update replay (10)" in names
    assert all(r["goal"] == 1.3 and r["ratio"] > 0 for r in rows)
