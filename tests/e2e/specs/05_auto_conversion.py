"""Notebook 5: one step of the BTC fall (15% -> 16%) changes the BUSD sold to repay USDT."""

from __future__ import annotations

from decimal import Decimal

import marginlib as ml
from marginlib.conversion import shock_path
from tests.e2e.spec import Spec


def expected() -> str:
    """The simulator starts on the course's account (2,000 USDT, 30,000 BUSD, long 5 BTCUSDT at
    20,000) with a 15% fall, threshold -10,000 USD, the engine every 4 steps; step 1%.

    By hand: a 16% fall loses 5 x 3,200 = 16,000 USDT, so USDT ends at -14,000 USDT, below the
    threshold; repaying it sells 14,000 x 0.99495 (USDT's sell rate) = 13,929.30 BUSD, leaving
    USDT 0.00 and BUSD 30,000 - 13,929.30 = 16,070.70.
    """
    path = shock_path("BTCUSDT", Decimal(20000), Decimal("0.16"))
    run = ml.simulate(ml.shock_account(), path, interval=4, threshold=Decimal(-10000))
    last = run.steps[-1]
    wallets = ", ".join(f"{a} {ml.usd(w)}" for a, w in last.account.wallet.items())
    return f"Final wallets: {wallets}; equity {ml.usd(last.summary.equity)} USD"


SPEC = Spec(
    notebook="05_auto_conversion.ipynb",
    control="ml-shock",
    output="ml-final-balances",
    expected=expected,
)
