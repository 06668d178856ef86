"""Widget factories of the course (ipywidgets). Imported only when a widget is built.

Each factory returns a container whose controls are reachable as attributes, so a test (or a
student) can set ``.value`` and read the result. Figures are redrawn into an ``Output`` with
``clear_output(wait=True)``, so a moving slider never flickers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from IPython.display import display


def redraw(output: widgets.Output, draw: Callable[[], Any]) -> None:
    """Replace ``output``'s figure with ``draw()``'s, without flicker, and free the old one."""
    import matplotlib.pyplot as plt

    with output:
        output.clear_output(wait=True)
        fig = draw()
        display(fig)
        plt.close(fig)


def number_slider(description: str, value: float, low: float, high: float, step: float,
                  fmt: str = ".2f") -> widgets.FloatSlider:
    """A float slider that updates while dragged, wide enough to read its label."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=fmt, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
    )
