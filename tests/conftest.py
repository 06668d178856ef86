"""Set-up and fixtures shared by the engine's, the widgets' and the pictures' tests."""

from __future__ import annotations

import matplotlib
import pytest

from marginlib.replay import Replay, replay

# Every test draws off screen, whichever backend the machine would pick (set before any test
# module imports pyplot).
matplotlib.use("Agg")


@pytest.fixture(scope="session")
def course() -> Replay:
    """The course's crash replay (deterministic; computed once for the whole run)."""
    return replay()
