"""Notebook 12: choosing the funding example in the dropdown reconciles it instead.

The control is a closed ``<select>``: in headless Chromium on Linux, ArrowDown opens its list
rather than choosing the next option, so the move is the keyboard user's other way: typing the
first letter of an option ("f" for "Funding paid ...") selects it.
"""

from __future__ import annotations

from marginlib.binance import EXAMPLES
from marginlib.reconcile import reconcile
from marginlib.widgets.reconcile import TITLES
from tests.e2e.spec import Spec


def expected() -> str:
    """The dropdown starts at the first example; "f" selects the funding example."""
    assert TITLES[EXAMPLES[1]].lower().startswith("f")
    return reconcile(EXAMPLES[1]).verdict


SPEC = Spec(
    notebook="12_your_own_account.ipynb",
    control="ml-example",
    output="ml-reconcile-verdict",
    expected=expected,
    key="f",
    redraw=False,
)
