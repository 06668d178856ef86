"""What a browser test does to one notebook: move one control, expect one output to change.

Each notebook with widgets has a module ``tests/e2e/specs/<notebook stem>.py`` that defines
``SPEC = Spec(...)``. The browser test opens the notebook, runs every cell, focuses the
element with CSS class ``control`` (a slider's handle, or the ``<input>``/``<select>`` inside
it), presses ``key`` ``presses`` times, and waits until the element with CSS class ``output``
shows ``expected()``, a text computed with ``marginlib`` for the new setting (never copied from
the page), and (unless ``redraw=False``) until the widget's figure has been redrawn.

Every notebook under ``notebooks/`` whose code uses widgets must have a spec: a notebook with
widgets and no spec fails the browser tests (see :func:`widget_notebooks`, :func:`load_spec`).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SPECS = Path(__file__).resolve().parent / "specs"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Code that builds widgets: ipywidgets itself, the course's factories, or interact().
USES_WIDGETS = re.compile(r"\bipywidgets\b|\bmarginlib\.widgets\b|\binteract(ive)?\(")


@dataclass(frozen=True)
class Spec:
    """One keyboard move and the text it must produce."""

    #: File name under ``notebooks/``, e.g. ``"04_unrealized_pnl.ipynb"``.
    notebook: str
    #: CSS class (without the dot) of the control to move, e.g. ``"ml-btc-mark"``.
    control: str
    #: CSS class (without the dot) of the widget whose text must change, e.g. ``"ml-ratio"``.
    output: str
    #: The text the output must contain after the move, computed with marginlib.
    expected: Callable[[], str]
    #: Key pressed on the focused control (ArrowRight moves a slider one step up).
    key: str = "ArrowRight"
    presses: int = 1
    #: If several elements carry ``control``/``output``, the index of the one to use.
    index: int = 0
    #: Whether the move must also redraw the widget's figure (a new image in an Output widget).
    redraw: bool = True


def _cells(notebook: Path) -> list[dict[str, Any]]:
    cells: list[dict[str, Any]] = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"]


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def widget_outputs(notebook: Path) -> int:
    """How many code cells of the stored (executed) notebook display a widget."""
    return sum(
        any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
        for cell in _cells(notebook)
    )


def uses_widgets(notebook: Path) -> bool:
    """Whether the notebook's code builds widgets (or its stored outputs show one)."""
    return widget_outputs(notebook) > 0 or any(
        USES_WIDGETS.search(_source(cell)) for cell in _cells(notebook)
    )


def widget_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every notebook of the course that has widgets, in file-name order."""
    return [path for path in sorted(folder.glob("*.ipynb")) if uses_widgets(path)]


def spec_path(notebook: Path) -> Path:
    """Where the spec of ``notebook`` lives: ``tests/e2e/specs/<stem>.py``."""
    return SPECS / f"{notebook.stem}.py"


def load_spec(notebook: Path) -> Spec:
    """The ``SPEC`` of a notebook; AssertionError (a test failure) naming the missing file or
    the mistake if there is none or it is wrong."""
    path = spec_path(notebook)
    where = path.relative_to(SPECS.parents[2])
    if not path.exists():
        raise AssertionError(
            f"notebooks/{notebook.name} has widgets but no browser spec: write {where} "
            "defining SPEC = Spec(...) (see tests/e2e/spec.py)"
        )
    module_spec = importlib.util.spec_from_file_location(f"e2e_spec_{notebook.stem}", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    spec = getattr(module, "SPEC", None)
    if not isinstance(spec, Spec):
        raise AssertionError(f"{where} defines no SPEC = Spec(...)")
    if spec.notebook != notebook.name:
        raise AssertionError(f"{where} is for {spec.notebook!r}, not {notebook.name!r}")
    return spec
