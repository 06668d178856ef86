"""Speed benchmarks of the course, each a ratio against the floor of its job (``make bench``).

Five benchmarks, one module each: ``notebooks`` (every notebook against empty ones),
``widget_update`` (each widget's update against a bare redraw of its figure, one row per
widget), ``widget_latency`` (in Chromium, each notebook's key press to the new picture against
the key press to the new label, one row per notebook), ``grid`` (the liquidation map against
one hand-written numpy expression) and ``imports`` (``import marginlib`` against ``import
numpy``). Timings use the standard library's clock (:func:`time.perf_counter`); each is
repeated and the median is kept. A benchmark reports its ratio and goal; it never fails on one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    """One benchmark's outcome: ``ratio`` = measured / floor (lower is better), ``goal`` its
    ceiling; ``measured`` and ``floor`` are readable times for the table."""

    name: str
    ratio: float
    goal: float
    detail: str
    measured: str = ""
    floor: str = ""

    @property
    def met(self) -> bool:
        """True when the ratio is within its goal."""
        return self.ratio <= self.goal

    def as_json(self) -> dict[str, object]:
        """The JSON object of the last line: name, ratio, goal, detail."""
        return {"name": self.name, "ratio": round(self.ratio, 3), "goal": self.goal,
                "detail": self.detail}


def seconds(action: Callable[[], object]) -> float:
    """Wall time of one call of ``action``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(actions: Sequence[Callable[[], object]], repeats: int,
                warmup: int = 1) -> list[float]:
    """Median time of each action, timed in turn (a, b, a, b, ...) so that a change of load on
    the machine hits every action alike. ``warmup`` rounds run first and are not timed."""
    for _ in range(warmup):
        for action in actions:
            action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for i, action in enumerate(actions):
            times[i].append(seconds(action))
    return [statistics.median(t) for t in times]


def ms(value: float) -> str:
    """``12.3 ms``."""
    return f"{value * 1000:.1f} ms"


def s(value: float) -> str:
    """``12.3 s``."""
    return f"{value:.1f} s"


__all__ = ["ROOT", "Result", "interleaved", "ms", "s", "seconds"]
