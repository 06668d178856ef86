"""Notebook 10: one step of the replay's step slider (0 -> 1) moves the prices and both ratios."""

from __future__ import annotations

from marginlib.replay import replay
from tests.e2e.spec import Spec


def expected() -> str:
    """The replay widget starts at step 0 of the course's replay (a 30% fall); one ArrowRight on
    the step slider shows step 1: its BTC and ETH prices and the ratio each mode watches there
    (single-asset about 15%, multi-assets about 1.1%: nothing has happened yet)."""
    return replay().step_line(1)


SPEC = Spec(
    notebook="10_crash_replay.ipynb",
    control="ml-replay-step",
    output="ml-replay-status",
    expected=expected,
)
