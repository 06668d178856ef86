"""Exercises of the risk lab: a liquidation price after a stablecoin depeg, and its direction."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..account import Account
from ..errors import InvalidInput
from ..numeric import percent, plain, usd
from ..rates import AssetRate
from ..scenarios import scenario
from ..summary import summarize
from ..whatif import liquidation_price
from . import Verdict, check_number, no_answer, rounds_to

#: What a student may write for :func:`check_depeg_effect`.
EFFECTS = {"safer": ("safer", "safe", "less risky", "down", "lower"),
           "riskier": ("riskier", "risky", "more risky", "up", "higher")}


def _account(usdt_price: Any, account: Account | None = None) -> Account:
    """The guide's Scenario 3 (unless ``account``) with USDT's index price at ``usdt_price``."""
    return (scenario(3) if account is None else account).with_prices({"USDT": usdt_price})


def _solve(account: Account, symbol: str) -> Decimal:
    found = liquidation_price(account, symbol)
    if found is None:
        raise InvalidInput("symbol", f"{symbol}: no mark price liquidates this account")
    return found


def check_liquidation_price(answer: object, usdt_price: Any = "0.97",
                            symbol: str = "BTCUSDT") -> Verdict:
    """``symbol``'s liquidation price (to the cent) in Scenario 3 with USDT at ``usdt_price``."""
    if (empty := no_answer(answer, "your liquidation price")) is not None:
        return empty
    account = _account(usdt_price)
    expected = _solve(account, symbol)
    rate = account.rates["USDT"]
    why = (f"USDT at {plain(rate.price)}: sell rate = {plain(rate.price)} x "
           f"(1 - ({plain(rate.ask_premium)})) = "
           f"{plain(rate.sell_rate)}. Solve equity = maintenance margin for the {symbol} mark, "
           f"the other mark fixed: {plain(expected)}.")
    before = _solve(scenario(3), symbol)
    # The usual slip: the debt and the margin valued at the index price, premiums forgotten.
    bare = replace(account, rates={**account.rates, "USDT": AssetRate("USDT", rate.price)})
    at_index = _solve(bare, symbol)
    if rounds_to(answer, before, 2) and before != expected:
        why = (f"{usd(before)} is the liquidation price at the guide's USDT price "
               f"{plain(scenario(3).rates['USDT'].price)}; the depeg changes the sell rate. "
               + why)
    elif rounds_to(answer, at_index, 2) and at_index != expected:
        why = ("You valued USDT at its index price; the debt and the maintenance margin count "
               "at the sell rate. " + why)
    return check_number(answer, expected, 2, f"{symbol} liquidation price", why)


def check_depeg_effect(answer: object, usdt_price: Any = "0.97") -> Verdict:
    """Does USDT at ``usdt_price`` make Scenario 3 "safer" or "riskier" (multi-assets ratio)?"""
    if (empty := no_answer(answer, "safer or riskier")) is not None:
        return empty
    before = summarize(scenario(3))
    after = summarize(_account(usdt_price))
    expected = "safer" if after.margin_ratio < before.margin_ratio else "riskier"
    text = str(answer).strip().lower()
    given = next((name for name, words in EFFECTS.items() if text in words), None)
    why = (f"Margin ratio {percent(before.margin_ratio)} at the guide's price, "
           f"{percent(after.margin_ratio)} with USDT at {usdt_price}. Scenario 3 owes USDT "
           f"(equity {usd(after.asset('USDT').margin_balance)} USDT): a cheaper USDT makes that "
           "debt, and the BTCUSDT maintenance margin, worth fewer USD; a dearer one, more.")
    if given is None:
        return Verdict(False, f"Answer 'safer' or 'riskier'; you gave {answer!r}.")
    if given == expected:
        return Verdict(True, f"{expected}: right. {why}")
    return Verdict(False, f"You said {given}, expected {expected}. {why}")


__all__ = ["check_depeg_effect", "check_liquidation_price"]
