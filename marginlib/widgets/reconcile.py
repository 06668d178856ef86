"""Try it: a shipped example's API bodies, reconciled figure by figure."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..binance import EXAMPLES
from ..reconcile import Reconciliation, reconcile
from . import CourseWidget, FigureView, tag

#: What the dropdown says for each shipped example.
TITLES = {
    "faq-2022": "Binance's FAQ account (every figure agrees)",
    "funding-paid": "Funding paid between the two calls (one figure differs)",
}


class ReconcileWidget(CourseWidget):
    """A dropdown of the shipped examples and the reconciliation of the one chosen.

    Control: ``example`` (ml-example: the example's name). Results: ``verdict_label``
    (ml-reconcile-verdict: how many figures differ), ``table`` (ml-reconcile-table: the
    reconciliation's text, as ``python -m marginlib reconcile`` prints it). ``result`` is the
    :class:`~marginlib.reconcile.Reconciliation` shown. It draws no figure (``picture`` is
    None): a notebook opened before it runs shows a one-line text in its place.
    """

    picture: FigureView | None = None

    def __init__(self, example: str = EXAMPLES[0]) -> None:
        self.example = widgets.Dropdown(
            options=[(TITLES.get(name, name), name) for name in EXAMPLES], value=example,
            description="Example", style={"description_width": "initial"},
            layout=widgets.Layout(width="560px"),
        )
        self.verdict_label = widgets.Label()
        self.table = widgets.HTML()
        self.result: Reconciliation | None = None
        # A shipped example's files never change: each is reconciled once, then shown again.
        self._reconciled: dict[str, Reconciliation] = {}
        tag(((self.example, "ml-example"), (self.verdict_label, "ml-reconcile-verdict"),
             (self.table, "ml-reconcile-table")))
        self.assemble([self.example, self.verdict_label, self.table], "ml-reconcile-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.example,)

    def update(self) -> None:
        """Reconcile the chosen example (once) and show it."""
        name = self.example.value
        if name not in self._reconciled:
            self._reconciled[name] = reconcile(name)
        self.show(self._reconciled[name])

    def show(self, result: Reconciliation) -> None:
        """Show ``result``: its verdict and its table."""
        self.result = result
        self.verdict_label.value = result.verdict
        # Monospace, small enough that a 100-character line fits a 934 px notebook column.
        self.table.value = ('<pre style="font-size: 12px; line-height: 1.3; margin: 0">'
                            f"{html.escape(result.text())}</pre>")


def reconcile_widget(example: str = EXAMPLES[0]) -> ReconcileWidget:
    """The reconciliation explorer of notebook 12, starting at ``example``."""
    return ReconcileWidget(example)


__all__ = ["ReconcileWidget", "reconcile_widget"]
