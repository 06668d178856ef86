"""Exercises on the maximum withdrawable amount: with a bonus, which term binds and how much."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..account import Account
from ..numeric import plain, to_decimal
from ..scenarios import scenario
from ..withdraw import TERM_NAMES, WithdrawBreakdown, withdraw_breakdown
from . import Verdict, check_number, no_answer, parse_answer, rounds_to


def _account(bonus: Any, bonus_asset: str) -> Account:
    """The guide's Scenario 2 with a bonus (gift funds) credited in ``bonus_asset``."""
    return replace(scenario(2), bonus={bonus_asset: to_decimal(bonus, "bonus")})


def _terms_text(result: WithdrawBreakdown) -> str:
    """The breakdown's own lines (exact), up to the USD maximum, on one line."""
    return "; ".join((*result.term_lines(), result.binding_line(), result.maximum_line()))


def check_max_withdraw(answer: object, asset: str = "BUSD", bonus: Any = 150,
                       bonus_asset: str = "BUSD") -> Verdict:
    """Maximum withdrawable ``asset`` (to the cent) in Scenario 2 with a bonus."""
    if (empty := no_answer(answer, f"your maximum of {asset}")) is not None:
        return empty
    account = _account(bonus, bonus_asset)
    result = withdraw_breakdown(account)
    amount = result.per_asset[asset]
    rate = account.rates[asset]
    why = (
        _terms_text(result)
        + f"; in {asset}: {plain(result.maximum)} / sell rate {plain(rate.sell_rate)}, capped by "
        f"the wallet {plain(account.wallet[asset])}, floored to 8 decimals = {plain(amount)}."
    )
    without = withdraw_breakdown(scenario(2)).per_asset[asset]
    if without != amount and rounds_to(answer, without, 2):
        why = "You left out the bonus: term 3 keeps gift funds in the account. " + why
    elif amount != account.wallet[asset] and rounds_to(answer, account.wallet[asset], 2):
        why = "The wallet is only a cap; the margin terms bind first. " + why
    return check_number(answer, amount, 2, f"Max withdrawable {asset}", why)


def check_binding_term(answer: object, bonus: Any = 150, bonus_asset: str = "BUSD") -> Verdict:
    """Which term (1, 2 or 3) binds in Scenario 2 with a bonus? Ties: any tied term is right."""
    if (empty := no_answer(answer, "your term (1, 2 or 3)")) is not None:
        return empty
    result = withdraw_breakdown(_account(bonus, bonus_asset))
    why = _terms_text(result) + "."
    number = parse_answer(answer)
    given = int(number) if number is not None and number in (1, 2, 3) else 0
    if given not in (1, 2, 3):
        return Verdict(False, f"Answer 1, 2 or 3, not {answer!r}. {why}")
    if given - 1 in result.binding:
        return Verdict(True, f"Term {given} ({TERM_NAMES[given - 1]}): right. {why}")
    return Verdict(False, f"Not term {given}. {why}")


__all__ = ["check_binding_term", "check_max_withdraw"]
