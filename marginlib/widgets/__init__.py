"""Widget factories of the course (ipywidgets). Imported only when a widget is built.

Each factory returns a container whose controls are reachable as attributes, so a test (or a
student) can set ``.value`` and read the result. A figure is rendered to PNG and replaces the
``Output``'s content in one assignment (:func:`show_png`), so a moving slider never flickers.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets


def show_png(output: widgets.Output, png: bytes, text: str = "<figure>") -> None:
    """Make ``output`` show the PNG image ``png`` (and nothing else), in one step.

    The outputs are set directly, not captured with ``with output: display(...)``: a capture
    while a cell runs makes a headless executor (Voila, nbclient) send a message on the
    kernel's shell socket while it waits on that socket for the cell's reply, and the reply is
    then sometimes never seen: the page, or the notebook run, hangs. One assignment also
    replaces the old picture atomically, which is what ``clear_output(wait=True)`` is for.
    """
    output.outputs = ({
        "output_type": "display_data", "metadata": {},
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text},
    },)


def clear(output: widgets.Output) -> None:
    """Empty ``output`` (same reason as :func:`show_png` for not using ``clear_output``)."""
    output.outputs = ()


def redraw(output: widgets.Output, draw: Callable[[], Any]) -> None:
    """Replace ``output``'s figure with ``draw()``'s, without flicker, and free the figure."""
    import matplotlib.pyplot as plt

    fig = draw()
    try:
        buffer = io.BytesIO()
        # As the inline backend shows a figure in a notebook: tight box, the figure's dpi.
        fig.savefig(buffer, format="png", bbox_inches="tight")
        show_png(output, buffer.getvalue(), repr(fig))
    finally:
        plt.close(fig)


def number_slider(description: str, value: float, low: float, high: float, step: float,
                  fmt: str = ".2f") -> widgets.FloatSlider:
    """A float slider that updates while dragged, wide enough to read its label."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=fmt, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
    )
