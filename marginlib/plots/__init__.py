"""Pictures of the course (matplotlib). Imported only when a picture is drawn.

Every figure has a title, axis labels with units, and a legend when it shows more than one
series. Sizes and fonts are chosen to read on a projector. Plot functions take an ``ax`` (or
create a figure) and return the figure, so widgets can redraw into an ``Output``.
"""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.rcParams.update(
    {
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "font.size": 12,
        "axes.titlesize": 14,
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


def new_axes(title: str, xlabel: str, ylabel: str, ax: Any = None) -> tuple[Any, Any]:
    """A (figure, axes) pair with title and axis labels set; reuses ``ax`` when given."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(layout="constrained")
    else:
        fig = ax.figure
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax
