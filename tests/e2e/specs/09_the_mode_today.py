"""Notebook 9: one step of the position's size (5 -> 5.5 BTC) moves its maintenance margin."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from marginlib.widgets.today import MARK, SIZE_STEP
from tests.e2e.spec import Spec


def expected() -> str:
    """The tier widget starts at 5 BTC (BTC at 60,000); one ArrowRight adds one step.

    By hand: 5.5 x 60,000 = 330,000 USDT lies in tier 2 (0.5%, cum 50): 330,000 x 0.005 - 50
    = 1,600, an effective rate of 1,600 / 330,000 = 0.485%.
    """
    view = ml.tier_view("BTCUSDT", (Decimal(5) + Decimal(str(SIZE_STEP))) * MARK)
    return (f"Maintenance margin: {ml.usd(view.maintenance_margin)} USDT "
            f"(effective rate {ml.percent(view.effective_rate, 3)})")


SPEC = Spec(
    notebook="09_the_mode_today.ipynb",
    control="ml-tier-size",
    output="ml-tier-maintenance",
    expected=expected,
)
