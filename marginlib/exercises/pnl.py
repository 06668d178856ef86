"""Exercises on unrealized PnL: the account's equity and margin ratio at new mark prices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..numeric import plain, round_half_up, usd
from ..rates import value_in_usd
from ..scenarios import guide_account, scenario
from ..summary import summarize
from . import Verdict, check_number, no_answer, rounds_to


def _equity_steps(account: Account) -> str:
    """How the account equity is built, asset by asset, from the engine's figures."""
    summary = summarize(account)
    parts = []
    for row in summary.assets:
        rate = account.rates[row.asset]
        which = rate.rate_name(row.margin_balance)
        worth = plain(rate.value(row.margin_balance))
        parts.append(
            f"{row.asset} equity = {usd(row.wallet_balance)} + ({usd(row.unrealized_pnl)}) = "
            f"{usd(row.margin_balance)} {row.asset}, worth {worth} USD at the {which} rate"
        )
    return "; ".join(parts) + f"; account equity = {plain(summary.equity)} USD."


def check_equity(answer: object, btc_mark: Any = 18500, eth_mark: Any = 640) -> Verdict:
    """Account equity (USD, to the cent) of the guide's account at the given marks."""
    if (empty := no_answer(answer, "your equity")) is not None:
        return empty
    account = guide_account(btc_mark, eth_mark)
    summary = summarize(account)
    why = _equity_steps(account)
    # The usual slip: a negative equity valued at the buy rate, like a positive one.
    kind = sum(
        (value_in_usd(r.margin_balance, account.rates[r.asset].buy_rate,
                      account.rates[r.asset].buy_rate) for r in summary.assets),
        start=Decimal(0),
    )
    if kind != summary.equity and rounds_to(answer, kind, 2):
        why = ("You valued the negative equity at the buy rate; a debt counts at the sell "
               "(ask) rate, which is higher. " + why)
    return check_number(answer, summary.equity, 2, "Account equity (USD)", why)


def check_margin_ratio(answer: object, btc_mark: Any = 18500, eth_mark: Any = 640) -> Verdict:
    """Margin ratio in percent (2 decimals; "42.65" or "42.65%") at the given marks."""
    if (empty := no_answer(answer, "your margin ratio")) is not None:
        return empty
    account = guide_account(btc_mark, eth_mark)
    summary = summarize(account)
    why = (
        f"Maintenance margin at the new marks = {plain(summary.maintenance_margin)} USD; "
        f"equity = {plain(summary.equity)} USD; ratio = MM / equity = "
        f"{round_half_up(summary.margin_ratio * 100, 4)}%."
    )
    old = summarize(scenario(2)).maintenance_margin
    if rounds_to(answer, old / summary.equity * 100, 2) and old != summary.maintenance_margin:
        why = ("You kept Scenario 2's maintenance margin (199.596), as the guide may have "
               "done in Scenario 3; maintenance margin follows the mark price. " + why)
    elif rounds_to(answer, summary.margin_ratio, 2):
        why = "Give the ratio in percent (x 100). " + why
    return check_number(answer, summary.margin_ratio * 100, 2, "Margin ratio (%)", why)


__all__ = ["check_equity", "check_margin_ratio"]
