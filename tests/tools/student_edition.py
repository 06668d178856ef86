"""The student edition of the course: the notebooks without their solutions (``make student``).

Usage: python -m tests.tools.student_edition SRC DEST

SRC is the course (a folder holding ``notebooks/``; ``.`` for this repository). DEST (for
``make student``: ``dist/student``, git-ignored) is written anew:

- ``notebooks/*.ipynb``: every notebook with the cells tagged ``solution`` removed and the
  outputs and execution counts of the cells tagged ``exercise`` cleared; every other cell, and
  the notebook's metadata, exactly as in SRC;
- ``marginlib/``, ``pyproject.toml``, ``requirements/``, ``environment.yml``: copied unchanged,
  so the edition installs like the course and ``import marginlib`` works in its notebooks;
- ``README.md``: how a student installs and opens it.

The exercise convention (one per notebook, at least): a markdown question; an answer cell tagged
``exercise`` whose checker prints "No answer yet" for ``answer = None``; one solution cell
tagged ``solution`` (source and outputs collapsed) whose checker prints "✔ … = VALUE: right.".

Before it finishes, the tool checks its own output: no ``solution`` cell is left and no answer
that a solution prints appears anywhere in the edition (sources, outputs, markdown, metadata),
in any of the forms a notebook writes numbers (``11939.40``, ``11,939.40``, ``11{,}939.40``).
Any leak is reported, one line each, and the exit status is 1.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

SOLUTION = "solution"
EXERCISE = "exercise"

#: What a checker prints for ``None``.
NO_ANSWER = "No answer yet"

#: A checker's verdict on a right numeric answer: "✔ Account equity (USD) = 394.03: right."
RIGHT = re.compile(r"✔ (?P<what>.+?) = (?P<value>-?[\d,]*\d(?:\.\d+)?)%?: right\.")

#: Copied unchanged into the edition (those that exist in SRC).
PROJECT_FILES = ("marginlib", "pyproject.toml", "requirements", "environment.yml")

#: Left in DEST so that a later run knows the folder is an edition it may replace.
MARKER = ".student-edition"

#: Output data that can show text (pictures are left out: base64 is no place for an answer).
TEXT_TYPES = ("text/plain", "text/markdown", "text/html", "text/latex", "application/json")

README = """\
# Cross-margin, exactly: the course (student edition)

A runnable course on Binance's multi-assets ("cross-margin") futures account: ten notebooks in
`notebooks/`, and `marginlib`, the library they use. Each notebook ends with an exercise: put
your answer in the exercise cell and run it; the checker tells you whether it is right.

## Install and open

You need Python 3.11 to 3.14 with `pip` and `venv`. In this folder (`python3.12` etc. for your
Python; the lock's name carries the version: 3.12 -> `lock-py312.txt`):

```bash
python3 -m venv .venv
.venv/bin/python -m pip install --require-hashes --no-deps -r requirements/lock-py311.txt
.venv/bin/python -m pip install --no-deps --no-build-isolation -e .
.venv/bin/jupyter lab notebooks/01_start_here.ipynb
```

(On Windows: `.venv\\Scripts\\python` and `.venv\\Scripts\\jupyter`.) With conda instead:
`conda env create -f environment.yml`, `conda activate marginlib-course`, then
`jupyter lab notebooks/01_start_here.ipynb`.

Run each notebook from the top (Run → Run All Cells): the pictures and widgets need the cells
above them.
"""


@dataclass(frozen=True)
class Leak:
    """An expected answer found in the student edition."""

    notebook: str
    cell: int
    where: str
    text: str

    def __str__(self) -> str:
        return (f"{self.notebook}: cell {self.cell} ({self.where}) shows the answer "
                f"{self.text!r}")


def tags(cell: dict[str, Any]) -> set[str]:
    """The cell's tags."""
    return set(cell.get("metadata", {}).get("tags", []))


def text(value: Any) -> str:
    """A notebook string field (a string or a list of lines) as one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def student_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The student version of a notebook (a new dict; ``notebook`` is left as it was)."""
    student = copy.deepcopy(notebook)
    student["cells"] = [cell for cell in student["cells"] if SOLUTION not in tags(cell)]
    for cell in student["cells"]:
        if EXERCISE in tags(cell) and cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return student


def output_texts(cell: dict[str, Any]) -> list[str]:
    """Every text a code cell's stored outputs show."""
    found = []
    for output in cell.get("outputs", []):
        if "text" in output:
            found.append(text(output["text"]))
        for kind, value in output.get("data", {}).items():
            if kind == "application/json":
                found.append(json.dumps(value, ensure_ascii=False))
            elif kind in TEXT_TYPES:
                found.append(text(value))
        if "traceback" in output:
            found.append("\n".join(output["traceback"]))
    return found


def expected_answers(notebook: dict[str, Any]) -> set[str]:
    """The answers the notebook's solution cells print ("394.03", "11939.40"), read from the
    checkers' "✔ … = VALUE: right." lines in their stored outputs."""
    answers = set()
    for cell in notebook["cells"]:
        if SOLUTION in tags(cell):
            for shown in output_texts(cell):
                answers.update(match["value"] for match in RIGHT.finditer(shown))
    return answers


def answer_forms(value: str) -> set[str]:
    """The ways a notebook may write ``value``: as the checker prints it, with thousands
    commas, with LaTeX's ``{,}``, and without trailing zeros. Integers of fewer than four
    digits ("75", "3") are left out: too common to tell an answer from any other number."""
    plain = value.replace(",", "")
    number = Decimal(plain)
    candidates = {plain, format(number.normalize(), "f")}
    forms = set()
    for candidate in candidates:
        whole, dot, decimals = candidate.partition(".")
        if not dot and len(whole.lstrip("-")) < 4:
            continue
        forms.add(candidate)
        grouped = f"{int(whole):,}"
        if whole.startswith("-0"):
            grouped = "-" + grouped
        forms.add(grouped + dot + decimals)
        forms.add(grouped.replace(",", "{,}") + dot + decimals)
    return forms


def _pattern(form: str) -> re.Pattern[str]:
    # Not inside a longer number: no digit, point, comma or "}" before; after it, no further
    # digit (a decimal may run on in zeros: 394.0300 is 394.03) and no point, comma or "{,}"
    # that continues the number.
    zeros = "0*" if "." in form else ""
    return re.compile(r"(?<![\d.,}])" + re.escape(form) + zeros + r"(?!\d|[.,]\d|\{,\}\d)")


def leaks(notebook: dict[str, Any], answers: set[str], name: str) -> list[Leak]:
    """Every place of ``notebook`` that shows one of ``answers`` (in any of its forms)."""
    patterns = {form: _pattern(form) for value in answers for form in answer_forms(value)}
    found = []

    def look(cell: int, where: str, shown: str) -> None:
        for form, pattern in patterns.items():
            if pattern.search(shown):
                found.append(Leak(name, cell, where, form))

    for index, cell in enumerate(notebook["cells"]):
        look(index, f"{cell['cell_type']} source", text(cell.get("source", "")))
        for shown in output_texts(cell):
            look(index, "output", shown)
    look(-1, "notebook metadata", json.dumps(notebook.get("metadata", {}), ensure_ascii=False))
    return found


def read(path: Path) -> dict[str, Any]:
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return notebook


def write(notebook: dict[str, Any], path: Path) -> None:
    """Write as nbformat does (one-space indent, sorted keys, UTF-8, final newline)."""
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


class EditionError(RuntimeError):
    """The edition cannot be written, or would give answers away."""


def prepare(dest: Path) -> None:
    """Empty ``dest`` if it is an earlier edition; refuse any other non-empty folder."""
    if dest.exists() and any(dest.iterdir()):
        if not (dest / MARKER).exists():
            raise EditionError(f"{dest} exists and is not a student edition (no {MARKER}): "
                               "choose an empty or new folder")
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / MARKER).write_text("Written by python -m tests.tools.student_edition; "
                               "the next run replaces this folder.\n", encoding="utf-8")


def build(src: Path, dest: Path) -> list[Leak]:
    """Write the student edition of the course in ``src`` to ``dest``; the leaks found in it
    (empty when the edition gives nothing away)."""
    notebooks = sorted((src / "notebooks").glob("*.ipynb"))
    if not notebooks:
        raise EditionError(f"no notebooks in {src / 'notebooks'}")
    prepare(dest)
    (dest / "notebooks").mkdir()
    found: list[Leak] = []
    for path in notebooks:
        teacher = read(path)
        student = student_notebook(teacher)
        write(student, dest / "notebooks" / path.name)
        left = [i for i, cell in enumerate(student["cells"]) if SOLUTION in tags(cell)]
        found += [Leak(path.name, i, "solution cell", "(the whole solution)") for i in left]
        found += leaks(student, expected_answers(teacher), path.name)
    for other in sorted((src / "notebooks").iterdir()):  # data files a notebook may read
        if other.is_file() and other.suffix != ".ipynb":
            shutil.copy2(other, dest / "notebooks" / other.name)
    for name in PROJECT_FILES:
        source = src / name
        if source.is_dir():
            shutil.copytree(source, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, dest / name)
    (dest / "README.md").write_text(README, encoding="utf-8")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, dest = Path(argv[0]), Path(argv[1])
    try:
        found = build(src, dest)
    except EditionError as error:
        print(f"student edition: {error}", file=sys.stderr)
        return 1
    if found:
        for leak in found:
            print(f"student edition gives an answer away: {leak}", file=sys.stderr)
        return 1
    count = len(list((dest / "notebooks").glob("*.ipynb")))
    print(f"{dest}: student edition of {count} notebooks (solutions removed, exercise outputs "
          "cleared)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
