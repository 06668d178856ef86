"""The classroom dashboard (JupyterLab and Voila): two steps down of the BTCUSDT mark (20,000
-> 19,900) show the loss in the equity card."""

from __future__ import annotations

import marginlib as ml
from tests.e2e.spec import Spec


def expected() -> str:
    """The dashboard starts at Scenario 2; the BTC mark slider's step is 50.

    By hand: USDT 200 + 0.5 x (19,900 - 20,000) = 150 USDT x buy rate 0.9801 = 147.015 USD,
    + 220 BUSD = 367.015 -> 367.02 (round half-up; 416.02 before).
    """
    account = ml.scenario(2).with_marks({"BTCUSDT": 19900})
    return f"Equity: {ml.usd(ml.summarize(account).equity)} USD"


SPEC = Spec(
    notebook="dashboard.ipynb",
    control="ml-btc-mark",
    output="ml-equity",
    expected=expected,
    key="ArrowLeft",
    presses=2,
)
