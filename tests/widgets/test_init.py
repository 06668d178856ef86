"""marginlib.widgets: the shared building blocks, one picture per widget, one naming rule.

Every widget's picture: one PNG in its Output, replaced (not appended) when a control moves.
Pictures are set as the Output's outputs in one assignment (:func:`marginlib.widgets.show_png`),
never captured with ``with output: display(...)``, which can hang a headless executor.

One naming rule for every widget: text outputs end in _label (dicts of them in _labels), and
result_labels lists them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import ipywidgets as widgets
import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from marginlib.widgets import clear, show_png, slider_decimal
from marginlib.widgets.account import live_account_widget
from marginlib.widgets.conversion import conversion_widget
from marginlib.widgets.dashboard import dashboard_widget
from marginlib.widgets.liquidation import liquidation_widget
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
    ("liquidation", liquidation_widget, "fee"),
]


#: Every widget factory, by widget module.
WIDGETS: dict[str, Callable[..., Any]] = {
    "account": live_account_widget, "conversion": conversion_widget,
    "dashboard": dashboard_widget, "liquidation": liquidation_widget, "modes": modes_widget,
    "pnl": pnl_widget,
    "pool": pool_widget, "positions": positions_widget, "replay": replay_widget,
    "risk": risk_widget, "today": tier_widget, "withdraw": withdraw_widget,
}


TEXT = (widgets.Label, widgets.HTML)


def test_slider_decimal_drops_float_noise() -> None:
    assert slider_decimal(0.1 + 0.2) == Decimal("0.3")
    assert str(slider_decimal(20000.0)) == "20000"
    assert str(slider_decimal(0.99)) == "0.99"
    assert str(slider_decimal(-0.005)) == "-0.005"


def test_widgets_draw_their_picture() -> None:
    # Outside a kernel the Output does not capture; the draw callbacks still build the figures.
    # Scenario 2's equity: 200 x 0.9801 + 220 = 416.02 USD.
    widget = positions_widget(plot=False)
    fig = widget._draw()
    assert fig.axes[0].get_title() == "Where the equity goes: 416.02 USD"
    plt.close(fig)
    fig = pool_widget(plot=False)._draw()
    assert fig.axes[0].get_ylabel() == "Amount (USD)"
    plt.close(fig)


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
    output = widgets.Output()
    show_png(output, PNG_MAGIC + b"x", "<a picture>")
    show_png(output, PNG_MAGIC + b"y", "<another>")
    assert _png(output) == PNG_MAGIC + b"y"
    assert output.outputs[0]["data"]["text/plain"] == "<another>"
    clear(output)
    assert output.outputs == ()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_text_outputs_end_in_label(name: str) -> None:
    widget = WIDGETS[name](plot=False)
    found = []
    for attribute, value in vars(widget).items():
        if attribute.startswith("_"):
            continue
        if isinstance(value, TEXT):
            assert attribute.endswith("_label"), f"{name}.{attribute}"
            found.append(value)
        elif isinstance(value, dict | tuple) and value and all(
                isinstance(v, TEXT) for v in (value.values() if isinstance(value, dict)
                                              else value)):
            assert attribute.endswith("_labels"), f"{name}.{attribute}"
            found.extend(value.values() if isinstance(value, dict) else value)
    assert hasattr(widget, "error_label")
    # result_labels: every text output but the error label, each once.
    labels = widget.result_labels
    assert len(set(map(id, labels))) == len(labels)
    assert {id(v) for v in found} == {id(v) for v in (*labels, widget.error_label)}
