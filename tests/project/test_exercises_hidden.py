"""Exercises that teach: the answer is never on screen before the student answers.

Every notebook follows the exercise layout: a question in markdown, an answer cell tagged
``exercise`` (``None`` answers, a checker that says "No answer yet"), then one solution cell
tagged ``solution`` whose source and outputs are collapsed and whose first line is
``# Solution``. The expected answers are read from what each checker printed in the solution
("✔ … = VALUE: right.", the value as the checker formats it); none of them may appear, in any
form a notebook writes a number (11939.40, 11,939.40, 11{,}939.40), in a markdown cell or an
output above the solution. No markdown "Solution (click to expand)" gives it away either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tools.student_edition import (
    EXERCISE,
    NO_ANSWER,
    SOLUTION,
    expected_answers,
    leaks,
    output_texts,
    read,
    tags,
    text,
)

ROOT = Path(__file__).resolve().parents[2]
COURSE = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HIDDEN = {"source_hidden": True, "outputs_hidden": True}


def _above(notebook: dict[str, Any], index: int) -> dict[str, Any]:
    """The notebook's cells above ``index``, code sources left out: what a student sees of the
    markdown and the outputs before opening the solution."""
    cells = []
    for cell in notebook["cells"][:index]:
        shown = dict(cell)
        if cell["cell_type"] == "code":
            shown["source"] = ""
        cells.append(shown)
    return {"metadata": {}, "cells": cells}


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_the_exercise_layout(path: Path) -> None:
    cells = read(path)["cells"]
    exercises = [i for i, c in enumerate(cells) if EXERCISE in tags(c)]
    solutions = [i for i, c in enumerate(cells) if SOLUTION in tags(c)]
    assert exercises and len(solutions) == 1, (exercises, solutions)
    (solution,) = solutions
    assert exercises[-1] < solution, "the solution comes after the answer cell"
    cell = cells[solution]
    assert cell["metadata"].get("jupyter") == HIDDEN
    assert text(cell["source"]).startswith("# Solution")
    for i in exercises:
        source = text(cells[i]["source"])
        assert "= None" in source and "check_" in source, source
        printed = "".join(output_texts(cells[i])).strip().splitlines()
        assert printed and all(NO_ANSWER in line for line in printed), printed
    for cell in cells:
        if cell["cell_type"] == "markdown":
            assert not text(cell["source"]).lstrip().startswith("Solution"), \
                "a visible solution paragraph gives the answer away"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_no_answer_appears_above_its_solution(path: Path) -> None:
    notebook = read(path)
    answers = expected_answers(notebook)
    assert answers, "the solution prints no checker's '✔ … = VALUE: right.'"
    solution = next(i for i, c in enumerate(notebook["cells"]) if SOLUTION in tags(c))
    found = leaks(_above(notebook, solution), answers, path.name)
    assert not found, "\n".join(map(str, found))


def test_a_leak_above_the_solution_is_caught() -> None:
    # The check must be able to fail: an answer printed in an output above the solution.
    fixture = read(ROOT / "tests" / "project" / "fixtures" / "leaky_exercise.ipynb")
    answers = expected_answers(fixture)
    solution = next(i for i, c in enumerate(fixture["cells"]) if SOLUTION in tags(c))
    assert answers == {"394.03"}
    assert leaks(_above(fixture, solution), answers, "leaky")
