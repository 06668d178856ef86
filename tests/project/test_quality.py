"""Lint and type-check as tests: ruff on code and notebooks, mypy (strict) on marginlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_code_and_notebooks() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_notebooks() -> None:
    # If notebooks fell out of ruff's file set, the check above would pass vacuously.
    result = _run(str(BIN / "ruff"), "check", "--show-files", ".")
    assert ".ipynb" in result.stdout, "ruff does not check the notebooks"


def test_mypy_marginlib() -> None:
    result = _run(sys.executable, "-m", "mypy", "marginlib")
    assert result.returncode == 0, result.stdout + result.stderr
