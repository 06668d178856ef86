"""Notebook 4: one step of the ETHBUSD mark (620 -> 625) adds unrealized profit to the equity."""

from __future__ import annotations

import marginlib as ml
from tests.e2e.spec import Spec


def expected() -> str:
    """The widget starts at Scenario 3 (BTC 19,000, ETH 620); the ETH slider's step is 5.

    By hand: USDT 200 + 0.5 x (19,000 - 20,000) = -300 USDT, negative so valued at the sell
    rate 0.99495: -298.485 USD; BUSD 220 + 20 x (625 - 600) = 720 BUSD = 720 USD. Equity
    421.515 -> 421.52 (round half-up).
    """
    account = ml.scenario(3).with_marks({"ETHBUSD": 625})
    return f"Account equity: {ml.usd(ml.summarize(account).equity)} USD"


SPEC = Spec(
    notebook="04_unrealized_pnl.ipynb",
    control="ml-eth-mark",
    output="ml-equity",
    expected=expected,
)
