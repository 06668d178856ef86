"""Notebook 11: one step of the clearance-fee slider (1.25% -> 1.30%) changes what the exchange
takes at the liquidation price."""

from __future__ import annotations

from decimal import Decimal

from marginlib.liquidation import LiquidationRules, liquidation_levels
from marginlib.scenarios import liquidation_account
from marginlib.widgets.liquidation import FEE_STEP, FUND, outcome_text
from tests.e2e.spec import Spec


def expected() -> str:
    """The widget starts at 1 BTC, 20x, a 1.25% fee; one ArrowRight on the fee slider adds one
    step: the fee due at the first tick past the liquidation price grows (the fund still gets
    only the 236.10 left)."""
    rate = (Decimal("1.25") + Decimal(str(FEE_STEP))) / 100
    levels = liquidation_levels(liquidation_account(1, 20), "BTCUSDT",
                                LiquidationRules(clearance_fee_rate=rate), fund=FUND)
    return outcome_text(levels)


SPEC = Spec(
    notebook="11_inside_a_liquidation.ipynb",
    control="ml-liq-fee",
    output="ml-liq-outcome",
    expected=expected,
)
