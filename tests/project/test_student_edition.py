"""The student edition (``make student``): no solution, no answer, every checker still works.

The tool is shown to work on two fixture notebooks in the course's exercise layout
(``fixtures/exercise.ipynb``; ``fixtures/leaky_exercise.ipynb`` prints the answer above the
solution, which must be caught), then applied to the whole course.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.tools.student_edition import (
    EXERCISE,
    MARKER,
    NO_ANSWER,
    SOLUTION,
    answer_forms,
    build,
    expected_answers,
    leaks,
    read,
    tags,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COURSE = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def course_of(tmp_path: Path, *fixtures: str) -> Path:
    """A course folder holding only the given fixture notebooks."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    for name in fixtures:
        shutil.copy(FIXTURES / name, root / "notebooks" / name)
    return root


def execute(path: Path) -> dict[str, Any]:
    """Run a notebook top to bottom in a fresh kernel (as a student would); a cell that raises
    fails the test (nbclient's CellExecutionError), as under nbval's lax mode."""
    notebook = nbformat.read(path, as_version=4)
    env = dict(os.environ, PYTHONHASHSEED="0",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(
                       env=env, stderr=subprocess.DEVNULL)
    executed: dict[str, Any] = json.loads(nbformat.writes(notebook))
    return executed


def exercise_output_lines(notebook: dict[str, Any]) -> list[list[str]]:
    """The lines each exercise cell printed, per exercise cell."""
    found = []
    for cell in notebook["cells"]:
        if EXERCISE in tags(cell):
            lines: list[str] = []
            for output in cell["outputs"]:
                shown = output.get("text") or output.get("data", {}).get("text/plain", "")
                lines += "".join(shown).splitlines()
            found.append([line for line in lines if line.strip()])
    return found


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------
# The tool, on the fixtures
# ------------------------------------------------------------------------------------------


def test_answers_are_read_from_the_solution_cells() -> None:
    # By hand: 300 USDT x buy rate 0.9801 + 100 BUSD x 1 = 294.03 + 100 = 394.03 USD.
    assert expected_answers(read(FIXTURES / "exercise.ipynb")) == {"394.03"}


def test_fixture_edition_has_no_solution_and_no_answer(tmp_path: Path) -> None:
    dest = tmp_path / "student"
    assert build(course_of(tmp_path, "exercise.ipynb"), dest) == []
    teacher = read(FIXTURES / "exercise.ipynb")
    student = read(dest / "notebooks" / "exercise.ipynb")
    assert not [cell for cell in student["cells"] if SOLUTION in tags(cell)]
    kept = [cell for cell in teacher["cells"] if SOLUTION not in tags(cell)]
    assert len(student["cells"]) == len(kept) == len(teacher["cells"]) - 1
    for before, after in zip(kept, student["cells"], strict=True):
        if EXERCISE in tags(before):
            assert before["outputs"], "the fixture stores the checker's 'No answer yet'"
            assert after["outputs"] == [] and after["execution_count"] is None
        else:
            assert after == before, "cells other than exercises and solutions stay as they were"
    # Independent of leaks(): the answer is nowhere in the file.
    assert "394.03" not in (dest / "notebooks" / "exercise.ipynb").read_text(encoding="utf-8")
    assert (dest / MARKER).exists() and (dest / "README.md").exists()


def test_fixture_edition_runs_and_its_checker_says_no_answer_yet(tmp_path: Path) -> None:
    dest = tmp_path / "student"
    build(course_of(tmp_path, "exercise.ipynb"), dest)
    executed = execute(dest / "notebooks" / "exercise.ipynb")
    assert exercise_output_lines(executed) == [
        ["✘ No answer yet: set your equity and run the cell again."]
    ]


def test_an_answer_printed_above_the_solution_is_caught(tmp_path: Path) -> None:
    src = course_of(tmp_path, "leaky_exercise.ipynb")
    found = build(src, tmp_path / "student")
    assert [(leak.notebook, leak.cell, leak.where, leak.text) for leak in found] == [
        ("leaky_exercise.ipynb", 3, "output", "394.03")
    ]
    # The command line (make student) fails on it, one line per leak.
    result = subprocess.run(
        [sys.executable, "-m", "tests.tools.student_edition", str(src), str(tmp_path / "again")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "student edition gives an answer away: leaky_exercise.ipynb: cell 3 (output) shows "
        "the answer '394.03'"
    ]


def test_every_form_of_an_answer_is_caught_and_no_other_number() -> None:
    assert {"11939.40", "11939.4", "11,939.40", "11{,}939.40"} <= answer_forms("11939.40")
    assert answer_forms("75") == set(), "short integers are too common to search for"
    assert "12,050" in answer_forms("12050.00")

    def notebook(source: str) -> dict[str, Any]:
        return {"metadata": {}, "cells": [{"cell_type": "markdown", "metadata": {},
                                           "source": source}]}

    for shown in ("$11{,}939.40$ USD", "sold 11,939.40 BUSD", "= 11939.4.", "11939.4000"):
        assert leaks(notebook(shown), {"11939.40"}, "nb"), shown
    for shown in ("111939.40", "11939.401", "11939.41", "1,011,939.40", "11939.40.5"):
        assert not leaks(notebook(shown), {"11939.40"}, "nb"), shown


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("mine")
    result = subprocess.run(
        [sys.executable, "-m", "tests.tools.student_edition",
         str(course_of(tmp_path, "exercise.ipynb")), str(precious)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and "is not a student edition" in result.stderr
    assert (precious / "thesis.txt").read_text() == "mine"


# ------------------------------------------------------------------------------------------
# The whole course
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student edition of this course, as `make student` writes it."""
    dest = tmp_path_factory.mktemp("edition") / "student"
    library = tree_digest(ROOT / "marginlib")
    found = build(ROOT, dest)
    assert not found, "\n".join(map(str, found))
    assert tree_digest(ROOT / "marginlib") == library, "the library is left untouched"
    return dest


def test_course_edition_is_complete(course_edition: Path) -> None:
    teachers = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (course_edition / "notebooks").glob("*.ipynb")) == teachers
    comparison = filecmp.dircmp(ROOT / "marginlib", course_edition / "marginlib",
                                ignore=["__pycache__"])
    assert not (comparison.left_only or comparison.right_only or comparison.diff_files)
    for name in ("pyproject.toml", "environment.yml", "requirements/lock-py311.txt"):
        assert filecmp.cmp(ROOT / name, course_edition / name, shallow=False), name
    for name in teachers:
        student = read(course_edition / "notebooks" / name)
        assert not [cell for cell in student["cells"] if SOLUTION in tags(cell)], name
        for cell in student["cells"]:
            if EXERCISE in tags(cell):
                assert cell["outputs"] == [], f"{name}: an exercise cell keeps its output"
    # A notebook without exercises (the dashboard) is copied as it is.
    assert read(course_edition / "notebooks" / "dashboard.ipynb") == read(
        ROOT / "notebooks" / "dashboard.ipynb")


@pytest.mark.parametrize("name", [p.name for p in COURSE])
def test_course_student_edition(name: str, course_edition: Path) -> None:
    """Each notebook: the teacher's edition follows the convention; the student's edition
    keeps no solution and shows no answer; run in a fresh kernel, every checker of every
    exercise cell says "No answer yet"."""
    teacher = read(ROOT / "notebooks" / name)
    exercises = [c for c in teacher["cells"] if EXERCISE in tags(c)]
    solutions = [c for c in teacher["cells"] if SOLUTION in tags(c)]
    assert exercises, f"{name}: no cell tagged 'exercise'"
    assert solutions, f"{name}: no cell tagged 'solution'"
    for cell in solutions:
        assert cell["metadata"].get("jupyter") == {"source_hidden": True,
                                                   "outputs_hidden": True}, name
        assert "".join(cell["source"]).startswith("# Solution"), name
    answers = expected_answers(teacher)
    assert answers, f"{name}: no solution prints a checker's '✔ … = VALUE: right.'"

    student = read(course_edition / "notebooks" / name)
    assert not [c for c in student["cells"] if SOLUTION in tags(c)]
    found = leaks(student, answers, name)
    assert not found, "\n".join(map(str, found))

    executed = execute(course_edition / "notebooks" / name)
    for lines in exercise_output_lines(executed):
        assert lines, f"{name}: an exercise cell printed nothing"
        assert all(NO_ANSWER in line for line in lines), f"{name}: {lines}"
