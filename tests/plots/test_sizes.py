"""Every picture of the course reads at 1366 x 768 on a projector.

JupyterLab's notebook column is then 934 px wide (file browser open). A figure drawn wider is
shrunk, and its text with it: the 2024 maps were 1308 px, shown at 71% (legends of 8 px). So
every course figure, drawn as the notebook shows it (the inline backend: tight box at the
figure's dpi) and as each widget renders it, must be at most 934 px wide; every text on it at
least 10 pt as displayed (its size times the shrinking, which is then none); every legend
outside the data area of every panel and inside the picture; and no tick label running into
another panel's.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

import marginlib as ml
from marginlib.collateral import (
    coin_collateral_account,
    coin_collateral_fall,
    stable_collateral_account,
)
from marginlib.conversion import shock_path
from marginlib.plots import COLUMN_PX, DPI, MIN_FONT, CourseFigure
from marginlib.plots.conversion import plot_balances
from marginlib.plots.modes import plot_mode_ratios
from marginlib.plots.risk import plot_liquidation_maps
from marginlib.plots.today import plot_brackets, plot_collateral_fall
from tests.plots.test_init import PICTURES
from tests.widgets.test_init import FACTORIES


def _as_in_the_notebooks() -> dict[str, Callable[[], Any]]:
    """The figures as the notebooks draw them (their arguments), beside :data:`PICTURES`."""
    from decimal import Decimal

    def balances() -> Any:
        path = shock_path("BTCUSDT", 20000, Decimal("0.40"))
        return plot_balances(ml.simulate(ml.shock_account(), path, interval=4), interval=4,
                             path=path, symbol="BTCUSDT")

    def maps() -> Any:
        return plot_liquidation_maps(ml.scenario(3), np.linspace(15000, 25000, 120),
                                     np.linspace(400, 800, 120), prices={"USDT": 0.90},
                                     reference_prices={"USDT": 0.99}, label="Scenario 3")

    def collateral() -> Any:
        coin = coin_collateral_account()
        stable = stable_collateral_account(coin)
        fall = coin_collateral_fall(coin, "BTC", "BTCUSDT", 54000)
        return plot_collateral_fall(coin, stable, 20000, 70000, fall)

    return {
        "balances with the mark": balances,
        "maps with a depeg": maps,
        "mode ratios titled": lambda: plot_mode_ratios(ml.scenario(3),
                                                       title="Scenario 3 in each mode"),
        "brackets with a position": lambda: plot_brackets("BTCUSDT", notional=300000),
        "collateral fall with arrows": collateral,
    }


COURSE = {**PICTURES, **_as_in_the_notebooks()}


def _inline_png(fig: Any) -> tuple[int, int]:
    """The picture's size in pixels as the inline backend shows it: a course figure as drawn,
    any other cropped to its tight box."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png",
                bbox_inches=None if isinstance(fig, CourseFigure) else "tight")
    return Image.open(io.BytesIO(buffer.getvalue())).size


def _texts(fig: Any) -> Iterator[Text]:
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.figure is not None:
            yield text


def _drawn_tick_labels(ax: Any) -> list[Text]:
    """The tick labels an axes draws (its locator also names ticks outside the view)."""
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    xs = [t for t in ax.get_xticklabels() if x0 <= t.get_position()[0] <= x1]
    ys = [t for t in ax.get_yticklabels() if y0 <= t.get_position()[1] <= y1]
    return [t for t in (*xs, *ys) if t.get_visible() and t.get_text()]


def _check(fig: Any, width: int, name: str) -> None:
    assert fig.dpi == DPI, f"{name}: drawn at {fig.dpi} dpi, the course's is {DPI}"
    assert width <= COLUMN_PX, f"{name}: {width} px wide, the column is {COLUMN_PX} px"
    scale = min(1.0, COLUMN_PX / width)
    small = sorted({(round(t.get_fontsize() * scale, 1), t.get_text()[:30])
                    for t in _texts(fig) if t.get_fontsize() * scale < MIN_FONT})
    assert not small, f"{name}: text below {MIN_FONT} pt as displayed: {small}"
    renderer = fig.canvas.get_renderer()
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>" and ax.get_visible()]
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    for legend in legends:
        if not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer)
        whole = fig.bbox
        assert (box.x0 >= whole.x0 - 1 and box.y0 >= whole.y0 - 1 and box.x1 <= whole.x1 + 1
                and box.y1 <= whole.y1 + 1), f"{name}: a legend is cut off by the picture's edge"
        for ax in panels:
            inside = ax.get_window_extent(renderer)
            overlap = box.intersection(box, inside)
            assert overlap is None or overlap.width < 1 or overlap.height < 1, (
                f"{name}: a legend lies over the data of {ax.get_title()!r}")
    labels = [(ax, label.get_window_extent(renderer)) for ax in panels
              for label in _drawn_tick_labels(ax)]
    for i, (ax, box) in enumerate(labels):
        for other, other_box in labels[i + 1:]:
            if other is not ax and other not in ax.get_shared_x_axes().get_siblings(ax):
                assert not box.overlaps(other_box), (
                    f"{name}: tick labels of two panels run together")


@pytest.mark.parametrize("name", list(COURSE))
def test_course_figure_fits_the_column(name: str) -> None:
    fig = COURSE[name]()
    try:
        assert isinstance(fig, CourseFigure), f"{name}: not made by course_figure()"
        width, _height = _inline_png(fig)
        _check(fig, width, name)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("factory", [f for _, f, _ in FACTORIES],
                         ids=[name for name, _, _ in FACTORIES])
def test_widget_figure_fits_the_column(factory: Callable[[], Any]) -> None:
    widget = factory()
    view = widget.picture
    width, _height = Image.open(io.BytesIO(view.png)).size
    _check(view.figure, width, type(widget).__name__)


def test_a_notebook_shows_course_figures_as_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    # In IPython a course figure has its own PNG formatter: one render at its own size (2 x 1
    # inches at 96 dpi = 192 x 96 px), not the inline backend's tight crop of other figures.
    import base64

    from IPython.core.interactiveshell import InteractiveShell

    from marginlib import plots

    shell = InteractiveShell.instance()
    try:
        monkeypatch.setattr(plots, "_SHOWN_AS_DRAWN", [])
        fig = plots.course_figure((2.0, 1.0))
        fig.add_subplot().plot([0, 1])
        png = shell.display_formatter.formatters["image/png"](fig)
        assert Image.open(io.BytesIO(base64.b64decode(png))).size == (192, 96)
        plt.close(fig)
    finally:
        InteractiveShell.clear_instance()
