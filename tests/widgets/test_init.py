"""marginlib.widgets: the shared building blocks, one picture per widget, one naming rule.

Every widget's picture: one PNG in its Output, replaced (not appended) when a control moves.
Pictures are set as the Output's outputs in one assignment (:func:`marginlib.widgets.show_png`),
never captured with ``with output: display(...)``, which can hang a headless executor.

One figure per widget, updated in place: a move changes artists of the same matplotlib Figure
(the same drawing object, the same artists), creates no figure (pyplot's or any other) and
renders once; what is drawn equals a fresh widget's drawing at the same settings.

One naming rule for every widget: text outputs end in _label (dicts of them in _labels), and
result_labels lists them.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from marginlib.widgets import CourseWidget, clear, show_png, slider_decimal
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

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(output: Any) -> bytes:
    """The one picture ``output`` shows: an ``<img>`` with a PNG and an alt text."""
    assert len(output.outputs) == 1, output.outputs
    data = output.outputs[0]["data"]
    found = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">',
                         data["text/html"])
    assert found, data["text/html"][:100]
    assert html.unescape(found.group(2)) == data["text/plain"]
    png = base64.b64decode(found.group(1))
    assert png.startswith(PNG_MAGIC)
    return png


def _nudge(control: Any) -> None:
    """Move a slider one step (down if it sits at its maximum); a selection slider to its next
    option."""
    if isinstance(control, widgets.SelectionSlider):
        values = [value for _, value in control.options]
        control.value = values[values.index(control.value) + 1]
        return
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


def _figures_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every matplotlib Figure created from now on."""
    from matplotlib.figure import Figure

    made: list[int] = []
    original = Figure.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counting)
    return made


@pytest.mark.parametrize(("factory", "control"), [(f, c) for _, f, c in FACTORIES],
                         ids=[name for name, _, _ in FACTORIES])
def test_one_figure_updated_in_place(factory: Callable[[], Any], control: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    widget = factory()
    view = widget.picture
    figure, drawing, renders = view.figure, view.drawing, view.renders
    moving = [id(artist) for artist in drawing.moving]
    before = _png(widget.output)
    pyplot_figures = plt.get_fignums()
    made = _figures_made(monkeypatch)
    _nudge(getattr(widget, control))
    after = _png(widget.output)  # still exactly one output: replaced, not appended
    assert after != before, "the picture did not change when the control moved"
    assert view.figure is figure and view.drawing is drawing, "a new figure or drawing"
    assert view.renders == renders + 1, "one move, one render"
    assert not made, "a move created a matplotlib figure"
    assert plt.get_fignums() == pyplot_figures, "a move touched pyplot"
    # The same artists moved (the replay's picture and the risk maps' boundary excepted:
    # a boundary contour is redrawn, the other artists are the same objects).
    kept = [id(artist) for artist in drawing.moving]
    assert len(set(moving) & set(kept)) >= len(moving) - 2


@pytest.mark.parametrize(("factory", "control"), [(f, c) for _, f, c in FACTORIES],
                         ids=[name for name, _, _ in FACTORIES])
def test_updated_picture_equals_a_fresh_one(factory: Callable[[], Any], control: str) -> None:
    # Only the moving artists are redrawn over a kept background: the result must be exactly
    # what a widget drawn from scratch at the same settings shows.
    widget = factory()
    for _ in range(3):
        _nudge(getattr(widget, control))
    fresh = factory()
    getattr(fresh, control).value = getattr(widget, control).value
    assert widget.picture.backgrounds < widget.picture.renders or control == "interval"
    assert _png(widget.output) == _png(fresh.output)


def test_the_picture_says_what_it_shows() -> None:
    # The alt text: the title, then the legend's entries (Scenario 2: 47.98%, see
    # test_dashboard.py).
    board = WIDGETS["dashboard"]()
    text = board.output.outputs[0]["data"]["text/plain"]
    assert text.startswith("Margin ratio against the BTCUSDT mark price. margin ratio. ")
    assert "now: 47.98% at 20,000.00" in text


def test_no_picture_without_plot() -> None:
    for factory in WIDGETS.values():
        widget = factory(plot=False)
        assert widget.picture is None and widget.output.outputs == ()


def test_show_png_and_clear() -> None:
    output = widgets.Output()
    show_png(output, PNG_MAGIC + b"x", "<a picture>")
    show_png(output, PNG_MAGIC + b"y", "<another>")
    assert _png(output) == PNG_MAGIC + b"y"
    assert output.outputs[0]["data"]["text/plain"] == "<another>"
    assert 'alt="&lt;another&gt;"' in output.outputs[0]["data"]["text/html"]
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


def _moved(control: Any) -> Any:
    """A value ``control`` does not hold now: the next option of a choice, one step of a
    slider or a box (down at the maximum)."""
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return next(v for v in values if v != control.value)
    step = getattr(control, "step", None) or 1
    top = getattr(control, "max", None)
    return control.value - step if top is not None and control.value + step > top else (
        control.value + step)


def _inputs(box: Any) -> list[Any]:
    """Every input a student can change inside ``box`` (sliders, choices, boxes), in order."""
    found: list[Any] = []
    for child in getattr(box, "children", ()):
        if isinstance(child, (widgets.Label, widgets.HTML, widgets.Output)):
            continue
        if isinstance(child, widgets.ValueWidget):
            found.append(child)
        found.extend(_inputs(child))
    return found


@pytest.mark.parametrize("name", [*sorted(WIDGETS), "reconcile"])
def test_every_control_recomputes_once(name: str) -> None:
    # The shape every course widget shares (CourseWidget): each control it lists recomputes
    # it, once per change; the replay's step and depth have their own handlers (tested in
    # tests/widgets/test_replay.py) and list no control here.
    factory = reconcile_widget if name == "reconcile" else WIDGETS[name]
    widget = factory() if name == "reconcile" else factory(plot=False)
    assert isinstance(widget, CourseWidget)
    calls: list[str] = []
    widget.update = lambda: calls.append("update")
    assert widget.controls or name == "replay", f"{name} lists no control"
    if name != "replay":
        shown = {id(c) for c in _inputs(widget)}
        assert shown == {id(c) for c in widget.controls}, f"{name}: an input is not a control"
    for control in widget.controls:
        before = len(calls)
        control.value = _moved(control)
        assert len(calls) == before + 1, f"{name}: {control.description!r} did not recompute"


def test_a_refusal_empties_every_result() -> None:
    widget = live_account_widget(btc_size=0.5, plot=False)
    assert all(label.value for label in widget.result_labels)
    widget.refuse("compute", ValueError("why"))
    assert widget.error_label.value == "Cannot compute: why"
    assert not any(label.value for label in widget.result_labels)
