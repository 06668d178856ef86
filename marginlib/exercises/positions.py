"""Exercises on opening positions (notebook 03): maintenance margin and available for orders.

The exercise: the guide's wallet (200 USDT, 220 BUSD) opens 0.2 BTCUSDT at 20,000 with 20x and
5 ETHBUSD at 600 with 25x (the guide's maintenance rates, 0.8% and 1%).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..numeric import plain
from ..scenarios import opened_account
from ..summary import summarize
from . import Verdict, check_number, no_answer


def _usd_sum(account: Account, per_position: str, rate: str = "sell_rate") -> Decimal:
    """Sum over positions of a per-position margin ("initial_margin" / "maintenance_margin"),
    converted to USD at the margin asset's ``rate`` ("sell_rate", "buy_rate" or "one")."""
    total = Decimal(0)
    for position in account.positions:
        amount: Decimal = getattr(position, per_position)
        asset_rate = account.rates[account.margin_asset(position.symbol)]
        total += amount if rate == "one" else amount * getattr(asset_rate, rate)
    return total


def _terms(account: Account, per_position: str) -> str:
    """"BTCUSDT: 32 USDT x 0.99495 = 31.8384 USD; ..." for each position."""
    parts = []
    for position in account.positions:
        asset = account.margin_asset(position.symbol)
        amount: Decimal = getattr(position, per_position)
        sell = account.rates[asset].sell_rate
        parts.append(f"{position.symbol}: {plain(amount)} {asset} x {plain(sell)} = "
                     f"{plain(amount * sell)} USD")
    return "; ".join(parts)


def check_maintenance_margin(answer: object, **positions: Any) -> Verdict:
    """Account maintenance margin (USD, to the cent) of :func:`marginlib.opened_account` (keyword
    arguments as there). Default: 0.2 x 20,000 x 0.8% x 0.99495 + 5 x 600 x 1% = 61.8384."""
    if (empty := no_answer(answer, "your maintenance margin")) is not None:
        return empty
    account = opened_account(**positions)
    summary = summarize(account)
    sell = plain(account.rates["USDT"].sell_rate)
    why = (
        "MM = notional x maintenance rate, in the margin asset, then x its sell rate: "
        f"{_terms(account, 'maintenance_margin')}; total {plain(summary.maintenance_margin)} USD."
    )
    slips = [
        (_usd_sum(account, "maintenance_margin", "one"),
         f"You left the USDT margin in USDT; convert it to USD at the sell rate {sell}."),
        (_usd_sum(account, "maintenance_margin", "buy_rate"),
         "You converted at the buy rate; margin is owed, so it counts at the sell rate."),
        (summary.initial_margin,
         "That is the initial margin (notional / leverage); maintenance uses the rate."),
    ]
    return check_number(answer, summary.maintenance_margin, 2, "Maintenance margin (USD)", why,
                        slips)


def check_available(answer: object, **positions: Any) -> Verdict:
    """Available for new orders (USD, to the cent) of :func:`marginlib.opened_account`: equity -
    initial margin. Default: 416.02 - (200 x 0.99495 + 120) = 416.02 - 318.99 = 97.03."""
    if (empty := no_answer(answer, "your available amount")) is not None:
        return empty
    account = opened_account(**positions)
    summary = summarize(account)
    sell = plain(account.rates["USDT"].sell_rate)
    why = (
        f"Available = equity - initial margin; IM = notional / leverage x sell rate: "
        f"{_terms(account, 'initial_margin')}; {plain(summary.equity)} - "
        f"{plain(summary.initial_margin)} = {plain(summary.available)} USD."
    )
    slips = [
        (summary.equity - summary.maintenance_margin,
         "You subtracted the maintenance margin; new orders need the initial margin."),
        (summary.equity - _usd_sum(account, "initial_margin", "one"),
         f"You left the USDT initial margin in USDT; convert it at the sell rate {sell}."),
        (summary.equity - _usd_sum(account, "initial_margin", "buy_rate"),
         "You converted the margin at the buy rate; margin counts at the sell rate."),
    ]
    return check_number(answer, summary.available, 2, "Available for new orders (USD)", why, slips)


__all__ = ["check_available", "check_maintenance_margin"]
