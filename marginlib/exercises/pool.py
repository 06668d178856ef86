"""Exercises on the unified pool (notebooks 01 and 02): equity, rates and usable amounts.

Each checker takes the student's answer and the exercise's data (defaults: the exercise in the
notebook), computes the exact answer with marginlib, and names the usual slip when the answer
matches it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..numeric import plain, to_decimal
from ..rates import sell_rate
from ..scenarios import pool_account
from ..summary import summarize
from . import Verdict, check_number, no_answer


def check_pool_equity(answer: object, usdt: Any = 300, busd: Any = 100) -> Verdict:
    """Account equity (USD, to the cent) of ``usdt`` USDT and ``busd`` BUSD at the guide's rates
    (notebook 01: 300 USDT and 100 BUSD -> 300 x 0.9801 + 100 = 394.03)."""
    if (empty := no_answer(answer, "your equity")) is not None:
        return empty
    account = pool_account(usdt, busd)
    equity = summarize(account).equity
    usdt_amount, busd_amount = account.wallet["USDT"], account.wallet["BUSD"]
    rate = account.rates["USDT"]
    why = (
        f"A positive balance counts at its buy rate: {plain(usdt_amount)} x "
        f"{plain(rate.buy_rate)} + {plain(busd_amount)} x 1 = {plain(equity)} USD."
    )
    slips = [
        (usdt_amount + busd_amount,
         "You added the balances one for one; USDT is worth its buy rate, not 1 USD."),
        (usdt_amount * rate.sell_rate + busd_amount,
         "You used the sell rate; what you own counts at the lower buy rate."),
    ]
    return check_number(answer, equity, 2, "Account equity (USD)", why, slips)


def check_sell_rate(answer: object, price: Any = "1.002", ask_premium: Any = "-0.005") -> Verdict:
    """USDT's sell rate (5 decimals) at ``price`` with the guide's-sign ``ask_premium``
    (notebook 02: 1.002 x (1 - (-0.005)) = 1.00701)."""
    if (empty := no_answer(answer, "your sell rate")) is not None:
        return empty
    index = to_decimal(price, "price")
    premium = to_decimal(ask_premium, "ask_premium")
    rate: Decimal = sell_rate(index, premium)
    why = (
        f"Sell rate = price x (1 - ask premium) = {plain(index)} x (1 - ({plain(premium)})) = "
        f"{plain(rate)}."
    )
    slips = [
        (sell_rate(index, -premium),
         "You flipped the sign: the guide's ask premium is negative and is subtracted, so it "
         "raises the rate (Binance writes the same buffer as positive and adds it)."),
    ]
    return check_number(answer, rate, 5, "Sell rate", why, slips)


def check_usable_usdt(answer: object, usdt: Any = 100, busd: Any = 400, price: Any = "1.002",
                      bid_premium: Any = "0.01", ask_premium: Any = "-0.005") -> Verdict:
    """Usable USDT (to the cent) for new orders of an account without positions: equity / USDT
    sell rate (notebook 02: (100 x 0.99198 + 400) / 1.00701 = 495.72)."""
    if (empty := no_answer(answer, "your usable USDT")) is not None:
        return empty
    account = pool_account(usdt, busd, price, bid_premium, ask_premium)
    summary = summarize(account)
    rate = account.rates["USDT"]
    usable = summary.asset("USDT").available
    why = (
        f"Equity = {plain(account.wallet['USDT'])} x {plain(rate.buy_rate)} + "
        f"{plain(account.wallet['BUSD'])} = {plain(summary.equity)} USD; usable USDT = "
        f"available / sell rate = {plain(summary.available)} / {plain(rate.sell_rate)} = "
        f"{plain(usable)}."
    )
    guide = summarize(pool_account(usdt, busd)).asset("USDT").available
    slips = [
        (summary.available / rate.buy_rate,
         "You divided by the buy rate; spending USDT on margin costs its sell rate."),
        (summary.available,
         "That is the USD amount; divide by the USDT sell rate to get USDT."),
        (guide, "You used the guide's USDT price 0.99; this exercise's price is different."),
    ]
    return check_number(answer, usable, 2, "Usable USDT", why, slips)


__all__ = ["check_pool_equity", "check_sell_rate", "check_usable_usdt"]
