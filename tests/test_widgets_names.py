"""One naming rule for every widget: text outputs end in _label (dicts of them in _labels), and
result_labels lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pytest

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

FACTORIES: dict[str, Callable[..., Any]] = {
    "account": live_account_widget, "conversion": conversion_widget,
    "dashboard": dashboard_widget, "modes": modes_widget, "pnl": pnl_widget,
    "pool": pool_widget, "positions": positions_widget, "replay": replay_widget,
    "risk": risk_widget, "today": tier_widget, "withdraw": withdraw_widget,
}
TEXT = (widgets.Label, widgets.HTML)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_text_outputs_end_in_label(name: str) -> None:
    widget = FACTORIES[name](plot=False)
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
