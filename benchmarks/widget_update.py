"""A dashboard update against a bare redraw.

Measured: one update of the classroom dashboard (:func:`marginlib.widgets.dashboard.
dashboard_widget`): set the BTCUSDT mark slider's value, which recomputes every figure exactly
(the summary, the Assets view, the ratio curve, the liquidation price) and redraws the picture
into its ``Output``. Floor: redrawing the same figure from precomputed data
(:meth:`RatioPicture.draw` with the update's :class:`PictureData`). A ratio near 1 means the
computing is negligible next to the drawing.
"""

from __future__ import annotations

import contextlib
import io
import statistics
from typing import Any

from . import Result, interleaved, ms, seconds

GOAL = 1.3


def run(repeats: int = 15, steps: int = 20) -> Result:
    """Median of ``repeats`` updates and as many redraws, over ``steps`` slider positions."""
    import matplotlib

    matplotlib.use("Agg")
    from marginlib import summarize
    from marginlib.widgets.dashboard import dashboard_widget, picture_data

    # Outside a kernel, the Output widget does not capture and display() prints a repr.
    with contextlib.redirect_stdout(io.StringIO()):
        board = dashboard_widget()
        step = board.btc_mark.step
        # Healthy positions (ratio < 100%), where the liquidation price is solved for.
        marks = [20000.0 + step * i for i in range(steps)]
        data = []
        for mark in marks:  # the same positions the timed updates go through
            board.btc_mark.value = mark
            assert board.account is not None and board.summary is not None
            assert not board.summary.liquidating
            data.append(picture_data(board.account, board.summary))
        position = {"i": 0}

        def update() -> None:
            i = position["i"] = (position["i"] + 1) % steps
            board.btc_mark.value = marks[i]  # observe -> update(): compute, then draw

        def redraw() -> None:
            board.picture.draw(data[position["i"]])  # the figure the update just drew

        def compute() -> Any:
            account = board.build()
            summary = summarize(account)
            return picture_data(account, summary)

        t_update, t_redraw = interleaved([update, redraw], repeats, warmup=2)
        t_compute = statistics.median(seconds(compute) for _ in range(repeats))
    detail = (
        f"update {ms(t_update)} (set the {board.btc_mark.description} slider -> exact summary, "
        f"Assets view, ratio curve, liquidation price -> redraw) vs redraw from precomputed "
        f"data {ms(t_redraw)}; computing alone {ms(t_compute)}; one figure reused, artists "
        f"updated in place, rendered to PNG; median of {repeats}"
    )
    return Result("widget_update", t_update / t_redraw, GOAL, detail, ms(t_update),
                  ms(t_redraw))
