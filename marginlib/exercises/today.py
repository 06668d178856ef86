"""Exercises of "the mode today" (notebook 09): a tiered maintenance margin, its maximum leverage,
and Binance's Auto-Exchange example with another debt."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..collateral import auto_exchange_example
from ..numeric import plain
from ..today import brackets_of, tier_view
from . import Verdict, check_number, no_answer, rounds_to


def check_tier_maintenance(answer: object, notional: Any = 1250000,
                           symbol: str = "BTCUSDT") -> Verdict:
    """Maintenance margin (USDT, to the cent) of a ``symbol`` position of this notional."""
    if (empty := no_answer(answer, "your maintenance margin")) is not None:
        return empty
    view = tier_view(symbol, notional)
    why = (f"{plain(view.notional)} lies in tier {view.tier} [{plain(view.floor)}, "
           f"{plain(view.cap)}): rate {plain(view.rate)}, cum {plain(view.cum)}; "
           f"maintenance margin = {plain(view.notional)} x {plain(view.rate)} - "
           f"{plain(view.cum)} = {plain(view.maintenance_margin)}.")
    first = brackets_of(symbol).tiers[0]
    if view.cum and rounds_to(answer, view.notional * view.rate, 2):
        why = "You left out the tier's maintenance amount (cum). " + why
    elif view.tier > 1 and rounds_to(answer, view.notional * first.rate, 2):
        why = "That is the first tier's rate; the notional decides the tier. " + why
    return check_number(answer, view.maintenance_margin, 2, f"{symbol} maintenance margin", why)


def check_max_leverage(answer: object, notional: Any = 1250000,
                       symbol: str = "BTCUSDT") -> Verdict:
    """The highest leverage (a whole number) a ``symbol`` position of this notional may use."""
    if (empty := no_answer(answer, "your maximum leverage")) is not None:
        return empty
    view = tier_view(symbol, notional)
    why = (f"{plain(view.notional)} lies in tier {view.tier}, whose maximum leverage is "
           f"{view.max_leverage}x; a larger position gets less leverage.")
    # "75x", as the exchange writes it, is the number before the x.
    given = answer.strip().lower().rstrip("x") if isinstance(answer, str) else answer
    return check_number(given, Decimal(view.max_leverage or 0), 0, "Maximum leverage", why)


def check_auto_exchange_value(answer: object, debt: Any = 12000) -> Verdict:
    """Market value (USD, to the cent) of the BTC sold to cover a BUSD balance of -``debt`` in
    the setup of Binance's example (BTC sold at 97.5%; run through the engine)."""
    if (empty := no_answer(answer, "your market value")) is not None:
        return empty
    example = auto_exchange_example(debt=debt, coin_amount=10)
    covered, rate = example.covered, example.auto_exchange_rate
    expected = example.market_value_sold
    why = (f"The engine buys back {plain(covered)} BUSD with BTC sold at its auto-exchange rate "
           f"{plain(rate)} of the price, so the BTC sold is worth {plain(covered)} / "
           f"{plain(rate)} = {plain(expected)} USD at market (Binance: 20,000 / 97.5% = "
           "20,513).")
    if rounds_to(answer, covered * rate, 2):
        why = "The haircut makes the coin count for less, so more of it is sold: divide. " + why
    elif rounds_to(answer, covered / example.collateral_rate, 2):
        why = (f"You used the margin rate {plain(example.collateral_rate)}; auto-exchange sells "
               f"at its own rate, {plain(rate)}. " + why)
    elif rounds_to(answer, covered, 2):
        why = "That is the debt; the BTC sold is worth more, because of the haircut. " + why
    return check_number(answer, expected, 2, "Market value of the BTC sold", why)


__all__ = ["check_auto_exchange_value", "check_max_leverage", "check_tier_maintenance"]
