"""Every widget's picture: one PNG in its Output, replaced (not appended) when a control moves.

Pictures are set as the Output's outputs in one assignment (:func:`marginlib.widgets.show_png`),
never captured with ``with output: display(...)``, which can hang a headless executor.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pytest

matplotlib.use("Agg")

from marginlib.widgets import clear, show_png
from marginlib.widgets.account import live_account_widget
from marginlib.widgets.conversion import conversion_widget
from marginlib.widgets.dashboard import dashboard_widget
from marginlib.widgets.modes import modes_widget
from marginlib.widgets.pnl import pnl_widget
from marginlib.widgets.pool import pool_widget
from marginlib.widgets.positions import positions_widget
from marginlib.widgets.replay import replay_widget
from marginlib.widgets.risk import risk_widget
from marginlib.widgets.today import tier_widget
from marginlib.widgets.withdraw import withdraw_widget

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(output: Any) -> bytes:
    assert len(output.outputs) == 1, output.outputs
    data = output.outputs[0]["data"]
    png = base64.b64decode(data["image/png"])
    assert png.startswith(PNG_MAGIC)
    return png


def _nudge(control: Any) -> None:
    """Move a slider one step (down if it sits at its maximum)."""
    step = control.step or 1
    top = getattr(control, "max", None)
    control.value = control.value - step if top is not None and control.value + step > top else (
        control.value + step)


FACTORIES: list[tuple[str, Callable[[], Any], str]] = [
    ("live account", lambda: live_account_widget(btc_size=0.5), "btc_mark"),
    ("pool", pool_widget, "usdt_balance"),
    ("positions", positions_widget, "btc_mark"),
    ("pnl", pnl_widget, "btc_mark"),
    ("conversion", conversion_widget, "interval"),
    ("withdraw", withdraw_widget, "borrowed"),
    ("modes", modes_widget, "btc_mark"),
    ("risk", lambda: risk_widget(points=40), "price"),
    ("tiers", tier_widget, "size"),
    ("replay", replay_widget, "step"),
    ("dashboard", dashboard_widget, "btc_mark"),
]


@pytest.mark.parametrize(("factory", "control"), [(f, c) for _, f, c in FACTORIES],
                         ids=[name for name, _, _ in FACTORIES])
def test_one_picture_replaced_when_a_control_moves(factory: Callable[[], Any],
                                                   control: str) -> None:
    widget = factory()
    output = widget.output if hasattr(widget, "output") else widget.picture.output
    before = _png(output)
    _nudge(getattr(widget, control))
    after = _png(output)  # still exactly one output: replaced, not appended
    assert after != before, "the picture did not change when the control moved"
    assert not plt.get_fignums() or len(plt.get_fignums()) <= 1, "figures are not closed"


def test_show_png_and_clear() -> None:
    import ipywidgets as widgets

    output = widgets.Output()
    show_png(output, PNG_MAGIC + b"x", "<a picture>")
    show_png(output, PNG_MAGIC + b"y", "<another>")
    assert _png(output) == PNG_MAGIC + b"y"
    assert output.outputs[0]["data"]["text/plain"] == "<another>"
    clear(output)
    assert output.outputs == ()
