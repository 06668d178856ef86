"""Fixtures shared by the engine's, the widgets' and the pictures' tests."""

from __future__ import annotations

import pytest

from marginlib.replay import Replay, replay


@pytest.fixture(scope="session")
def course() -> Replay:
    """The course's crash replay (deterministic; computed once for the whole run)."""
    return replay()
