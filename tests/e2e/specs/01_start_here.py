"""Notebook 1: one step of the USDT wallet balance (200 -> 201) moves the account equity."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from tests.e2e.spec import Spec


def expected() -> str:
    """The live account starts at Scenario 1 (200 USDT, 220 BUSD); the slider's step is 1.

    By hand: 201 USDT x buy rate 0.9801 = 197.0001 USD, + 220 BUSD x 1 = 417.0001 -> 417.00.
    """
    account = ml.Account(ml.guide_rates(), {"USDT": Decimal(201), "BUSD": Decimal(220)})
    return f"Account equity: {ml.usd(ml.summarize(account).equity)} USD"


SPEC = Spec(
    notebook="01_start_here.ipynb",
    control="ml-usdt-balance",
    output="ml-equity",
    expected=expected,
)
