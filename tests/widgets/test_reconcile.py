"""marginlib.widgets.reconcile: the example explorer of notebook 12, driven by ``.value``.

Expected texts are the reconciliations' verdicts, whose figures tests/engine/test_reconcile.py
checks by hand (18 figures of the FAQ example agree; in the funding example the liquidation
price alone differs, by a funding payment)."""

from __future__ import annotations

import html

from marginlib.reconcile import reconcile
from marginlib.widgets.reconcile import TITLES, reconcile_widget
from tests.widgets import classes


def test_starts_on_binances_faq_account() -> None:
    widget = reconcile_widget()
    assert widget.example.value == "faq-2022"
    assert widget.verdict_label.value == "All 18 compared figures agree within their tolerance."
    assert html.unescape(widget.table.value).count("agrees") >= 18
    assert "Reconciliation of faq-2022" in widget.table.value
    assert "ml-example" in classes(widget.example)
    assert "ml-reconcile-verdict" in classes(widget.verdict_label)
    assert "ml-reconcile-table" in classes(widget.table)


def test_choosing_the_funding_example() -> None:
    widget = reconcile_widget()
    widget.example.value = "funding-paid"
    assert widget.verdict_label.value == (
        "1 of 15 compared figures differ: BTCUSDT.liquidationPrice.")
    assert widget.result is not None and not widget.result.agrees
    assert html.unescape(widget.table.value).endswith(reconcile("funding-paid").text() + "</pre>")
    widget.example.value = "faq-2022"
    assert widget.result.agrees


def test_every_example_has_a_title() -> None:
    widget = reconcile_widget("funding-paid")
    assert [value for _, value in widget.example.options] == ["faq-2022", "funding-paid"]
    assert set(TITLES) == {"faq-2022", "funding-paid"}


def test_an_unrun_notebook_shows_one_line_in_its_place() -> None:
    # It draws no figure: its display carries a one-line text (what an untrusted notebook
    # shows), not the widget's long repr, and no picture.
    data = reconcile_widget()._repr_mimebundle_()
    assert data["text/plain"] == "ReconcileWidget: run the notebook to use its controls"
    assert "image/png" not in data
