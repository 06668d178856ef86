"""What a browser test does to one notebook: move one control, expect one output to change.

Each notebook with widgets has a module ``tests/e2e/specs/<notebook stem>.py`` that defines
``SPEC = Spec(...)``. The browser test opens the notebook, runs every cell, focuses the
element with CSS class ``control`` (a slider's handle, or the ``<input>``/``<select>`` inside
it), presses ``key`` ``presses`` times, and waits until the element with CSS class ``output``
shows ``expected()``, a text computed with ``marginlib`` for the new setting (never copied from
the page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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
