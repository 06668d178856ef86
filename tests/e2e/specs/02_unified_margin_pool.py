"""Notebook 2: one step of USDT's index price (0.990 -> 0.991) moves the pooled equity."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from tests.e2e.spec import Spec


def expected() -> str:
    """The pool starts at the guide's table (USDT 0.99, bid premium 0.01, ask premium -0.005)
    with 200 USDT and 220 BUSD; the price slider's step is 0.001.

    By hand: buy rate 0.991 x (1 - 0.01) = 0.98109; 200 x 0.98109 = 196.218, + 220 = 416.218
    -> 416.22.
    """
    rates = ml.guide_rates()
    rates["USDT"] = ml.AssetRate("USDT", Decimal("0.991"), Decimal("0.01"), Decimal("-0.005"))
    account = ml.Account(rates, {"USDT": Decimal(200), "BUSD": Decimal(220)})
    return f"Account equity: {ml.usd(ml.summarize(account).equity)} USD"


SPEC = Spec(
    notebook="02_unified_margin_pool.ipynb",
    control="ml-usdt-price",
    output="ml-equity",
    expected=expected,
)
