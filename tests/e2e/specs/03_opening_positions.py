"""Notebook 3: one step down of BTCUSDT's leverage (100x -> 99x) raises the initial margin and
lowers what is available for new orders."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import marginlib as ml
from tests.e2e.spec import Spec


def expected() -> str:
    """The explorer starts at Scenario 2 (0.5 BTCUSDT at 20,000 100x, 20 ETHBUSD at 600 50x).

    By hand: BTCUSDT's IM is 10,000 / 99 USDT, valued at USDT's sell rate 0.99495 (= 99 x
    0.01005): exactly 100.50 USD; ETHBUSD's IM 12,000 / 50 = 240 BUSD = 240 USD. Equity 416.02
    (no PnL), so available = 416.02 - 340.50 = 75.52 (76.53 at 100x).
    """
    base = ml.scenario(2)
    positions = tuple(replace(p, leverage=Decimal(99)) if p.symbol == "BTCUSDT" else p
                      for p in base.positions)
    summary = ml.summarize(replace(base, positions=positions))
    return f"Available for new orders: {ml.usd(summary.available)} USD"


SPEC = Spec(
    notebook="03_opening_positions.ipynb",
    control="ml-btc-leverage",
    output="ml-available",
    expected=expected,
    key="ArrowLeft",
)
