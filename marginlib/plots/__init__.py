"""Pictures of the course (matplotlib). Imported only when a picture is drawn.

Every figure has a title, axis labels with units, and a legend when it shows more than one
series; legends sit outside the data. Sizes and fonts are chosen for a projector at 1366 x 768:
JupyterLab's notebook column is then 934 px wide (file browser open), so a figure is at most
:data:`COLUMN_WIDTH` inches at the course's :data:`DPI` and is never shrunk, and no text is
smaller than :data:`MIN_FONT` points. Plot functions take an ``ax`` (or create a figure) and
return the figure; a widget keeps the drawing object (a ``...Picture``) and updates its artists
in place.
"""

from __future__ import annotations

import sys
from typing import Any

import matplotlib
from matplotlib.figure import Figure

#: 96 dots per inch is the browser's CSS inch: a figure shows at its drawn size, and a font of
#: 10 pt reads as 10 pt.
DPI = 96

#: JupyterLab's output column at 1366 x 768 with the file browser open, in pixels.
COLUMN_PX = 934

#: The widest figure (inches at :data:`DPI`): 9.5 in = 912 px, inside the column.
COLUMN_WIDTH = 9.5

#: The smallest text on a picture, in points.
MIN_FONT = 10.0

#: Figure sizes (inches): one panel, and a picture as wide as the column.
SINGLE = (9.0, 4.6)
WIDE = (COLUMN_WIDTH, 4.8)

matplotlib.rcParams.update(
    {
        "figure.figsize": SINGLE,
        "figure.dpi": DPI,
        "savefig.dpi": "figure",
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
        "legend.title_fontsize": 11,
        "figure.titlesize": 14,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

#: One colour per idea, the same in every notebook.
COLORS = {
    "USDT": "#26a17b",
    "BUSD": "#f0b90b",
    "USDC": "#2775ca",
    "BTC": "#f7931a",
    "ETH": "#627eea",
    "BNB": "#c99400",
    "maintenance": "#d62728",
    "initial": "#ff7f0e",
    "free": "#2ca02c",
    "liquidation": "#d62728",
    "multi": "#1f77b4",
    "single": "#9467bd",
    "guide": "#7f7f7f",
}


class CourseFigure(Figure):
    """A figure of the course: laid out by constrained layout to its own size, so that a
    notebook shows it as drawn (see :func:`course_figure`)."""

    def draw(self, renderer: Any) -> None:
        """Lay out twice, then draw: a legend anchored below an axes moves as constrained
        layout shrinks the axes, and is inside the picture only after a second pass."""
        from matplotlib.layout_engine import ConstrainedLayoutEngine

        engine = self.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.execute(self)
        super().draw(renderer)


def course_figure(size: tuple[float, float] = SINGLE) -> Any:
    """A new pyplot figure of the course: ``size`` inches, constrained layout.

    In a notebook it is shown as drawn, in one render. The inline backend's default crops a
    figure to its tight bounding box, which draws it twice (once to measure, once to render);
    course figures are laid out to their size, legends included, and need no crop. A student's
    own figures keep the backend's behaviour."""
    import matplotlib.pyplot as plt

    _show_course_figures_as_drawn()
    return plt.figure(figsize=size, layout="constrained", FigureClass=CourseFigure)


def _show_course_figures_as_drawn() -> None:
    """Give :class:`CourseFigure` its own PNG formatter in IPython (once), without the crop."""
    if _SHOWN_AS_DRAWN:
        return
    _SHOWN_AS_DRAWN.append(True)
    ipython = sys.modules.get("IPython")  # loaded in a notebook's kernel; else nothing to do
    if ipython is None:
        return
    shell = ipython.get_ipython()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", {})
    if "image/png" not in formatters:
        return
    from IPython.core.pylabtools import print_figure

    formatters["image/png"].for_type(
        CourseFigure, lambda fig: print_figure(fig, "png", bbox_inches=None, base64=True))


_SHOWN_AS_DRAWN: list[bool] = []


def new_axes(title: str, xlabel: str, ylabel: str, ax: Any = None,
             size: tuple[float, float] | None = None) -> tuple[Any, Any]:
    """A (figure, axes) pair with title and axis labels set; reuses ``ax`` when given, else a
    new pyplot figure of ``size`` inches (default :data:`SINGLE`) with constrained layout."""
    if ax is None:
        fig = course_figure(size or SINGLE)
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def legend_below(ax: Any, handles: Any = None, labels: Any = None, ncol: int = 2,
                 offset: float = 0.2, **kwargs: Any) -> Any:
    """A legend under ``ax`` (below its tick labels and axis label), so it hides no data.

    ``offset`` is how far below the axes' bottom edge it starts, as a fraction of the axes'
    height. Returns the legend."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -offset),
                     ncol=ncol, frameon=False, **kwargs)


def legend_right(ax: Any, handles: Any = None, labels: Any = None, **kwargs: Any) -> Any:
    """A legend to the right of ``ax``, outside its data. Returns the legend."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                     frameon=False, **kwargs)


def set_legend_texts(legend: Any, texts: list[str]) -> None:
    """Rewrite a legend's entries in place (same handles, new words)."""
    for item, text in zip(legend.get_texts(), texts, strict=True):
        item.set_text(text)


#: A space as wide as a digit: pads tick labels without showing.
FIGURE_SPACE = "\u2007"


def pad_ticks(axis: Any, width: int = 7) -> None:
    """Pad ``axis``'s tick labels to ``width`` characters (on the left, with figure spaces).

    A widget's layout is solved once; when a later move widens the tick labels (from "0" to
    "-1,000") they would run into the axis label or off the picture. Padded labels keep the
    room the widest label needs from the first drawing on.
    """
    from matplotlib import ticker

    inner = axis.get_major_formatter()

    class Padded(ticker.Formatter):
        def set_axis(self, target: Any) -> None:
            super().set_axis(target)
            inner.set_axis(target)

        def set_locs(self, locs: Any) -> None:
            super().set_locs(locs)
            inner.set_locs(locs)

        def get_offset(self) -> str:
            return str(inner.get_offset())

        def __call__(self, x: float, pos: int | None = None) -> str:
            return str(inner(x, pos)).rjust(width, FIGURE_SPACE)

    axis.set_major_formatter(Padded())


def nice_limit(value: float, down: bool = False) -> float:
    """``value`` rounded away from zero (towards minus infinity with ``down``) to a multiple of
    half its power of ten (416 -> 450, -82 -> -85): an axis limit that a small move keeps, so
    that a widget redraws its frame (ticks, labels) only when the data outgrow it."""
    import math

    if value == 0:
        return 0.0
    step = 10 ** math.floor(math.log10(abs(value))) / 2
    rounded = (math.floor if down else math.ceil)(value / step) * step
    return float(rounded)


def steady_limits(current: tuple[float, float] | None, low: float,
                  high: float) -> tuple[float, float]:
    """Axis limits for data spanning [``low``, ``high``]: the ``current`` ones while the data
    fit inside and fill at least a third of them, else new ones rounded outwards
    (:func:`nice_limit`). A widget's frame (ticks, labels) then stays put while a slider moves
    a little, and is redrawn only when the data outgrow it or shrink far inside it."""
    if current is not None:
        bottom, top = current
        if bottom <= low and high <= top and (high - low) * 3 >= top - bottom:
            return current
    return nice_limit(low, down=True), nice_limit(high) if high > low else nice_limit(low) + 1.0
