"""Notebook 8: one step of USDT's index price (0.99 -> 0.995) moves the multi-assets ratio."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from marginlib.modes import ratio_text
from marginlib.widgets.risk import PRICE_STEP
from tests.e2e.spec import Spec


def expected() -> str:
    """The widget starts at the guide's USDT price 0.99; one ArrowRight adds one step."""
    price = Decimal("0.99") + Decimal(str(PRICE_STEP))
    account = ml.scenario(3).with_prices({"USDT": price})
    return f"Multi-assets ratio: {ratio_text(ml.summarize(account).margin_ratio)}"


SPEC = Spec(
    notebook="08_risk_lab.ipynb",
    control="ml-usdt-price",
    output="ml-ratio-multi",
    expected=expected,
)
