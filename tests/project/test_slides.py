"""Slide metadata: every notebook carries exactly what ``tests/tools/slides.py`` writes.

After anyone edits a notebook, ``make slides`` (``python -m tests.tools.slides notebooks``)
brings its metadata back in line; this test says when that is needed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.tools.slides import RISE, slide_types, with_slides

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _notebook(path: Path) -> dict[str, Any]:
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_carries_the_slide_metadata(path: Path) -> None:
    notebook = _notebook(path)
    stored = [cell["metadata"].get("slideshow", {}).get("slide_type")
              for cell in notebook["cells"]]
    assert stored == slide_types(notebook["cells"]), f"run make slides ({path.name})"
    assert notebook["metadata"].get("rise") == RISE, f"run make slides ({path.name})"
    assert not with_slides(copy.deepcopy(notebook)), "the tool would change nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_opens_on_a_title_slide_and_hides_its_solutions(path: Path) -> None:
    cells = _notebook(path)["cells"]
    kinds = slide_types(cells)
    assert kinds[0] == "slide" and "".join(cells[0]["source"]).startswith("# ")
    if path.name[:2].isdigit():
        assert kinds.count("slide") >= 3, "one slide per idea: a lesson has several"
    for cell, kind in zip(cells, kinds, strict=True):
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden")
        if "solution" in cell["metadata"].get("tags", []) or hidden:
            assert kind == "skip"


def _cell(kind: str, text: str, outputs: list[dict[str, Any]] | None = None,
          **metadata: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "metadata": dict(metadata), "source": text}
    if kind == "code":
        cell["outputs"] = outputs or []
    return cell


PICTURE = [{"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "F"}}]
WIDGET = [{"output_type": "display_data",
           "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}]
TEXT = [{"output_type": "stream", "name": "stdout", "text": "416.02\n"}]


def test_the_rules() -> None:
    cells = [
        _cell("markdown", "# 9. A title\n\nLearning goals"),          # slide (title)
        _cell("code", "import marginlib as ml"),                       # - (same slide)
        _cell("markdown", "## 1. An idea"),                            # slide
        _cell("markdown", "More words on it."),                        # - (no code before)
        _cell("code", "print(416.02)", TEXT),                          # -
        _cell("markdown", "The picture of it:"),                       # subslide (after code)
        _cell("code", "plot()", PICTURE),                              # fragment (a figure)
        _cell("code", "widget()", WIDGET),                             # fragment (a widget)
        _cell("markdown", "## 2. Exercise"),                           # slide
        _cell("code", "my = None\nprint(check(my))", TEXT, tags=["exercise"]),  # -
        _cell("code", "# Solution\nprint(check(1))", TEXT, tags=["solution"],
              jupyter={"source_hidden": True, "outputs_hidden": True}),  # skip
        _cell("markdown", "Solution (click to expand): 1."),           # skip
        _cell("code", "answer = 1", jupyter={"source_hidden": True}),  # skip
        _cell("markdown", "## Summary"),                               # slide
    ]
    assert slide_types(cells) == [
        "slide", "-", "slide", "-", "-", "subslide", "fragment", "fragment", "slide", "-",
        "skip", "skip", "skip", "slide",
    ]


def test_the_tool_is_idempotent_and_keeps_other_metadata() -> None:
    notebook = {"metadata": {"kernelspec": {"name": "python3"}},
                "cells": [_cell("markdown", "# Title"),
                          _cell("code", "x = 1", tags=["keep"])]}
    assert with_slides(notebook)
    first = copy.deepcopy(notebook)
    assert not with_slides(notebook) and notebook == first
    assert notebook["metadata"]["kernelspec"] == {"name": "python3"}
    assert notebook["metadata"]["rise"] == RISE
    assert notebook["cells"][1]["metadata"] == {"tags": ["keep"],
                                                "slideshow": {"slide_type": "-"}}
    # Stale metadata is replaced.
    notebook["cells"][1]["metadata"]["slideshow"] = {"slide_type": "slide"}
    assert with_slides(notebook) and notebook == first
