"""Notebook 7: one step of the BTC mark (50 USDT) moves the pooled ratio of the modes widget."""

from __future__ import annotations

import marginlib as ml
from marginlib.modes import compare_modes, ratio_text
from marginlib.widgets import BTC_MARKS
from tests.e2e.spec import Spec


def expected() -> str:
    """The widget starts at Scenario 3 (BTC 19,000); one ArrowRight: BTC 19,050, ETH 620."""
    account = ml.scenario(3).with_marks({"BTCUSDT": 19000 + BTC_MARKS[2]})
    return f"Multi-assets (pooled): {ratio_text(compare_modes(account).pooled_ratio)}"


SPEC = Spec(
    notebook="07_switching_modes.ipynb",
    control="ml-btc-mark",
    output="ml-ratio-multi",
    expected=expected,
)
