"""Every widget of the course: an update against a bare redraw of the same figure.

Measured, for each widget: one update (set its main control's value, which recomputes every
figure exactly and redraws the picture in place into its ``Output``). Floor: redrawing the same
figure from precomputed data (the drawing's ``update`` with the data that update computed, then
the render). A ratio near 1 means the computing is negligible next to the drawing; the goal is
at most 1.3 for each widget. One row per widget. A widget without a figure (notebook 12's
reconciliation table) is measured the same way against showing its precomputed result (its
``show``).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from typing import Any

from . import Result, interleaved, ms

GOAL = 1.3


def cases() -> list[tuple[str, Callable[[], Any], str, Sequence[Any]]]:
    """(widget, factory, control, values it steps through): the control each notebook's
    browser test moves, over nearby values."""
    from marginlib.widgets.account import live_account_widget
    from marginlib.widgets.conversion import conversion_widget
    from marginlib.widgets.dashboard import dashboard_widget
    from marginlib.widgets.liquidation import liquidation_widget
    from marginlib.widgets.modes import modes_widget
    from marginlib.widgets.pnl import pnl_widget
    from marginlib.widgets.pool import pool_widget
    from marginlib.widgets.positions import positions_widget
    from marginlib.widgets.reconcile import reconcile_widget
    from marginlib.widgets.replay import replay_widget
    from marginlib.widgets.risk import risk_widget
    from marginlib.widgets.today import tier_widget
    from marginlib.widgets.withdraw import withdraw_widget

    marks = [20000.0 - 50.0 * i for i in range(8)]
    return [
        ("account (01)", lambda: live_account_widget(btc_size=0.5, eth_size=20), "btc_mark",
         marks),
        ("pool (02)", pool_widget, "usdt_price", [0.99 + 0.001 * i for i in range(8)]),
        ("positions (03)", positions_widget, "btc_mark", marks),
        ("pnl (04)", pnl_widget, "btc_mark", [19000.0 + 50.0 * i for i in range(8)]),
        ("conversion (05)", conversion_widget, "shock", [15.0 + i for i in range(8)]),
        ("withdraw (06)", withdraw_widget, "borrowed", [10.0 * i for i in range(8)]),
        ("modes (07)", modes_widget, "btc_mark", [19000.0 + 50.0 * i for i in range(8)]),
        ("risk (08)", risk_widget, "price", [0.99 + 0.005 * i for i in range(-4, 4)]),
        ("tiers (09)", tier_widget, "size", [5.0 + 0.5 * i for i in range(8)]),
        ("replay (10)", replay_widget, "step", list(range(8))),
        ("liquidation (11)", liquidation_widget, "fee", [1.0 + 0.05 * i for i in range(8)]),
        ("reconcile (12)", reconcile_widget, "example", ["faq-2022", "funding-paid"] * 4),
        ("dashboard", dashboard_widget, "btc_mark", marks),
    ]


def measure(name: str, factory: Callable[[], Any], control: str, values: Sequence[Any],
            repeats: int) -> Result:
    """Median update and median redraw of one widget, in turn."""
    widget = factory()
    # What shows the data an update computed: the widget's figure, else the widget itself.
    view = widget.picture if widget.picture is not None else widget
    slider = getattr(widget, control)
    shown: list[tuple[Any, ...]] = []
    show = view.show

    def recording(*data: Any) -> None:
        shown.append(data)
        show(*data)

    view.show = recording
    data = []
    slider.value = values[1]  # so that the first value below is a change
    for value in values:  # the data each update computes, kept for the floor
        slider.value = value
        data.append(shown[-1])
    view.show = show
    position = {"i": 0}

    def update() -> None:
        i = position["i"] = (position["i"] + 1) % len(values)
        slider.value = values[i]  # observe -> update(): compute exactly, then redraw

    def redraw() -> None:
        view.show(*data[position["i"]])  # the figure the update just drew

    renders = getattr(view, "renders", 0)
    t_update, t_redraw = interleaved([update, redraw], repeats, warmup=2)
    assert widget.picture is None or view.renders > renders
    shown = "redraw" if widget.picture is not None else "table"
    return Result(f"widget_update {name}", t_update / t_redraw, GOAL,
                  f"{control} -> exact figures -> {shown} {ms(t_update)} vs {shown} "
                  f"from precomputed data {ms(t_redraw)}; median of {repeats}",
                  ms(t_update), ms(t_redraw))


def run(repeats: int = 15) -> list[Result]:
    """One row per widget of the course."""
    import matplotlib

    matplotlib.use("Agg")
    # Outside a kernel, the Output widget does not capture and display() prints a repr.
    with contextlib.redirect_stdout(io.StringIO()):
        return [measure(*case, repeats=repeats) for case in cases()]
