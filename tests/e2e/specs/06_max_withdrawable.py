"""Notebook 6: one step of the BTCUSDT size (0.50 -> 0.55) lowers the maximum withdrawable."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import marginlib as ml
from marginlib.withdraw import withdraw_breakdown
from tests.e2e.spec import Spec


def expected() -> str:
    """The explorer starts at Scenario 2 (0.5 BTCUSDT at 20,000 100x); the size step is 0.05.

    By hand: at 0.55 BTC, IM = 110 USDT x 0.99495 = 109.4445 USD, + 240 (ETHBUSD) = 349.4445;
    available = 416.02 - 349.4445 = 66.5755, below term 1 (416.02 - MM 207.5556 = 208.46), so
    term 2 binds: 66.58 (76.53 at 0.5).
    """
    base = ml.scenario(2)
    positions = tuple(replace(p, size=Decimal("0.55")) if p.symbol == "BTCUSDT" else p
                      for p in base.positions)
    result = withdraw_breakdown(replace(base, positions=positions))
    return f"Max withdrawable: {ml.usd(result.maximum)} USD"


SPEC = Spec(
    notebook="06_max_withdrawable.ipynb",
    control="ml-size",
    output="ml-max-withdraw",
    expected=expected,
)
