"""Exercise of notebook 12: the liquidation price Binance will show after more funding.

The ``funding-paid`` example: ``account.json`` holds 194 USDT; every funding payment of the
BTCUSDT position (0.01% of its 10,000 USDT notional) takes 1 USDT more from the wallet, and
Binance's liquidation price moves with it.
"""

from __future__ import annotations

from decimal import Decimal

from ..account import Account
from ..binance import read_example
from ..errors import InvalidInput
from ..numeric import plain, usd
from ..whatif import liquidation_price
from . import Verdict, check_number, no_answer

#: One funding payment of the example's position: 0.01% of 0.5 x 20,000 USDT.
FUNDING = Decimal("0.0001") * Decimal("0.5") * 20000


def after_funding(payments: int) -> Account:
    """The ``funding-paid`` account after ``payments`` more funding payments (from 194 USDT)."""
    if isinstance(payments, bool) or not isinstance(payments, int) or payments < 0:
        raise InvalidInput("payments", f"must be a whole number >= 0, got {payments!r}")
    account = read_example("funding-paid").account
    return account.with_wallet({"USDT": account.wallet["USDT"] - payments * FUNDING})


def _price(payments: int) -> Decimal:
    found = liquidation_price(after_funding(payments), "BTCUSDT")
    if found is None:
        raise InvalidInput("payments", "no mark price liquidates the account")
    return found


def check_liquidation_after_funding(answer: object, payments: int = 2) -> Verdict:
    """The BTCUSDT liquidation price (to the cent) after ``payments`` funding payments."""
    if (empty := no_answer(answer, "answer")) is not None:
        return empty
    expected = _price(payments)
    account = after_funding(payments)
    wallet = account.wallet["USDT"]
    sell = account.rates["USDT"].sell_rate
    why = (f"Each payment takes {plain(FUNDING)} USDT from the wallet: {plain(wallet)} USDT "
           "after them. USDT's equity is negative at liquidation, so it counts at the sell rate "
           f"{plain(sell)}: ((10,000 - {plain(wallet)}) x {plain(sell)} - 220) / (0.5 x "
           f"{plain(sell)} x (1 - 0.008)) = {plain(expected)}.")
    start = account.wallet["USDT"] + payments * FUNDING
    slips = [(_price(n), f"{usd(_price(n))} is the price after {n} payment(s), with "
              f"{plain(start - n * FUNDING)} USDT.") for n in range(payments)]
    return check_number(answer, expected, 2, "BTCUSDT liquidation price", why, slips)


__all__ = ["FUNDING", "after_funding", "check_liquidation_after_funding"]
