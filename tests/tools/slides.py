"""Slide metadata for the projector (RISE), written from the notebooks' own structure.

Usage: python -m tests.tools.slides [FOLDER_OR_NOTEBOOK ...]   (default: notebooks)

Every cell gets ``metadata.slideshow.slide_type`` by these rules, the first that applies:

1. a solution: a cell tagged ``solution``, a code cell whose input is collapsed
   (``jupyter.source_hidden``) or a markdown cell that begins with "Solution" -> ``skip``
   (answers never reach the projector);
2. the notebook's first cell (its title), and every markdown cell that begins with ``# `` or
   ``## `` (one section, one idea) -> ``slide``;
3. a markdown cell that follows a code cell within a section -> ``subslide`` (the next step of
   the same idea, below it);
4. a code cell whose stored output is a figure or a widget -> ``fragment`` (it appears on the
   next click, after the words that introduce it);
5. anything else -> ``-`` (on the slide of the cell before it).

The notebook's ``metadata.rise`` gets :data:`RISE`: slides that scroll (a section can be longer
than a projector's 768 px), start at the beginning, carry their number, change without an
animation and keep their content at the top.

The rules read only the cells, so the tool is idempotent and a test can check that every
notebook carries exactly what it would write: after editing a notebook, run ``make slides``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import nbformat

#: RISE settings every notebook carries (jupyterlab-rise reads them from the notebook).
RISE: dict[str, Any] = {
    "autolaunch": False,
    "center": False,
    "scroll": True,
    "slideNumber": "c/t",
    "start_slideshow_at": "beginning",
    "transition": "none",
}

#: Output types that show a picture or a widget.
VISUAL = ("image/png", "image/jpeg", "image/svg+xml",
          "application/vnd.jupyter.widget-view+json")


def source(cell: Any) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def is_solution(cell: Any) -> bool:
    """A worked solution: tagged, collapsed, or a markdown "Solution …" paragraph."""
    metadata = cell.get("metadata", {})
    if "solution" in metadata.get("tags", []):
        return True
    if cell["cell_type"] == "code" and metadata.get("jupyter", {}).get("source_hidden"):
        return True
    return cell["cell_type"] == "markdown" and source(cell).lstrip().startswith("Solution")


def is_visual(cell: Any) -> bool:
    """A code cell whose stored outputs show a figure or a widget."""
    return cell["cell_type"] == "code" and any(
        kind in output.get("data", {}) for output in cell.get("outputs", []) for kind in VISUAL
    )


def slide_types(cells: list[Any]) -> list[str]:
    """The slide type of each cell, by the rules of this module's docstring."""
    types = []
    after_code = False
    for index, cell in enumerate(cells):
        text = source(cell).lstrip()
        if is_solution(cell):
            kind = "skip"
        elif index == 0 or (cell["cell_type"] == "markdown" and text.startswith(("# ", "## "))):
            kind = "slide"
            after_code = False
        elif cell["cell_type"] == "markdown":
            kind = "subslide" if after_code else "-"
            after_code = False
        else:
            kind = "fragment" if is_visual(cell) else "-"
        if cell["cell_type"] == "code" and kind != "skip":
            after_code = True
        types.append(kind)
    return types


def with_slides(notebook: Any) -> bool:
    """Set the slide metadata of ``notebook`` in place; whether anything changed."""
    changed = False
    for cell, kind in zip(notebook["cells"], slide_types(notebook["cells"]), strict=True):
        if cell["metadata"].get("slideshow") != {"slide_type": kind}:
            cell["metadata"]["slideshow"] = {"slide_type": kind}
            changed = True
    if notebook["metadata"].get("rise") != RISE:
        notebook["metadata"]["rise"] = dict(RISE)
        changed = True
    return changed


def notebooks_in(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths or ["notebooks"]:
        path = Path(name)
        found.extend(sorted(path.glob("*.ipynb")) if path.is_dir() else [path])
    return found


def main(argv: list[str]) -> int:
    for path in notebooks_in(argv):
        notebook = nbformat.read(path, as_version=4)
        if with_slides(notebook):
            nbformat.write(notebook, path)
            print(f"{path}: slide metadata written")
        else:
            print(f"{path}: unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
