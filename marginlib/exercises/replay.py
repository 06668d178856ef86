"""Exercises of the crash replay: the margin ratio at one step, by hand, in each mode."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

from ..account import MULTI_ASSETS, SINGLE_ASSET, Account
from ..errors import InvalidInput
from ..modes import in_mode
from ..numeric import percent, plain
from ..positions import Position
from ..replay import Replay, replay
from ..summary import summarize
from . import Verdict, check_number, no_answer, rounds_to


@cache
def course_replay() -> Replay:
    """The course's replay (computed once: it is deterministic)."""
    return replay()


def _mode(name: str) -> str:
    text = name.strip().lower()
    if text in ("single", "single-asset", SINGLE_ASSET):
        return SINGLE_ASSET
    if text in ("multi", "multi-assets", MULTI_ASSETS):
        return MULTI_ASSETS
    raise InvalidInput("mode", f"must be {SINGLE_ASSET} or {MULTI_ASSETS}, got {name!r}")


def _without_cum(account: Account) -> Account:
    """The slip: every position at its tier's rate with no maintenance amount."""
    flat = tuple(Position(p.symbol, p.size, p.entry_price, p.mark_price, p.leverage,
                          p.brackets.tier(p.notional).rate) for p in account.positions)
    return replace(account, positions=flat)


def _without_haircut(account: Account) -> Account:
    """The slip: coins valued at their full price (no bid premium)."""
    return replace(account, rates={a: replace(r, bid_premium=Decimal(0), ask_premium=min(
        r.ask_premium, Decimal(0))) for a, r in account.rates.items()})


def _rate(account: Account, asset: str) -> Decimal:
    """The rate an asset's equity counts at: its buy rate, or its sell rate if negative."""
    return account.rates[asset].rate_for(summarize(account).asset(asset).margin_balance)


def check_replay_ratio(answer: object, step: int = 45, mode: str = SINGLE_ASSET) -> Verdict:
    """The margin ratio (percent, 2 decimals) that ``mode`` watches at ``step`` of the course's
    replay: the positions held entering the step, at its prices."""
    if (empty := no_answer(answer, "your margin ratio")) is not None:
        return empty
    which = _mode(mode)
    run = course_replay()
    account = run.watched_account(which, step)
    summary = summarize(account)
    expected = summary.margin_ratio * 100
    margins = "; ".join(
        f"{p.symbol}: notional {plain(p.notional)}, tier "
        f"{p.brackets.index(p.notional) + 1} (rate {plain(p.brackets.tier(p.notional).rate)}, "
        f"cum {plain(p.brackets.tier(p.notional).cum)}), MM {plain(p.maintenance_margin)}"
        for p in account.positions)
    if which == SINGLE_ASSET:
        usdt = summary.asset("USDT")
        why = (f"USDT alone: equity {plain(usdt.margin_balance)}; {margins}; ratio = "
               f"{plain(usdt.maintenance_margin)} / {plain(usdt.margin_balance)}")
    else:
        parts = "; ".join(
            f"{row.asset} {plain(row.margin_balance)} x {plain(_rate(account, row.asset))}"
            for row in summary.assets)
        sell = account.rates["USDT"].sell_rate
        why = (f"The pool, each equity at its buy rate (sell rate if negative): {parts}; "
               f"{plain(summary.equity)} USD; {margins}; in USD at USDT's sell rate "
               f"{plain(sell)}: {plain(summary.maintenance_margin)}; ratio = "
               f"{plain(summary.maintenance_margin)} / {plain(summary.equity)}")
    slip = summarize(_without_cum(account)).margin_ratio * 100
    if rounds_to(answer, slip, 2) and not rounds_to(answer, expected, 2):
        why = "You left out the maintenance amount (cum) of the BTCUSDT tier. " + why
    if which == MULTI_ASSETS:
        full = summarize(_without_haircut(account)).margin_ratio * 100
        if rounds_to(answer, full, 2) and not rounds_to(answer, expected, 2):
            why = "BTC counts at 95% of its price (a 5% haircut) as margin. " + why
        alone = summarize(in_mode(account, SINGLE_ASSET)).margin_ratio * 100
        if rounds_to(answer, alone, 2) and not rounds_to(answer, expected, 2):
            why = "That is the single-asset ratio; multi-assets mode pools every asset. " + why
    return check_number(answer, expected, 2, f"{which} margin ratio at step {step} (%)",
                        why + f" = {percent(summary.margin_ratio)}.")


__all__ = ["check_replay_ratio", "course_replay"]
