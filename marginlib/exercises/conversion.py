"""Exercises on auto-exchange: does it trigger, and how much of the donor is sold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..conversion import AUTO_EXCHANGE_THRESHOLD, auto_exchange_step, triggers
from ..numeric import plain, to_decimal
from ..scenarios import guide_positions, guide_rates
from . import Verdict, check_number, no_answer, rounds_to

#: ETH's mark in these exercises: the ETHBUSD position is 20,000 BUSD in profit, so the
#: account stays solvent with negative wallet balances.
ETH_MARK = Decimal(1600)


def _account(usdt_balance: Any, busd_balance: Any) -> Account:
    """The guide's rates and positions (BTC at 20,000, ETH at 1,600) with these wallet balances.

    Positions are open, so only the threshold trigger (a) can fire.
    """
    return Account(
        guide_rates(),
        {"USDT": to_decimal(usdt_balance, "usdt_balance"),
         "BUSD": to_decimal(busd_balance, "busd_balance")},
        guide_positions(eth_mark=ETH_MARK),
    )


def check_busd_sold(answer: object, usdt_balance: Any = -12000,
                    busd_balance: Any = 20000) -> Verdict:
    """How much BUSD (to the cent) the auto-exchange engine sells for this USDT balance."""
    if (empty := no_answer(answer, "your amount of BUSD")) is not None:
        return empty
    account = _account(usdt_balance, busd_balance)
    after, events = auto_exchange_step(account)
    sold = sum((e.sold for e in events if e.from_asset == "BUSD"), start=Decimal(0))
    bought = sum((e.bought for e in events if e.to_asset == "USDT"), start=Decimal(0))
    rate = account.rates["USDT"]
    debt = account.wallet["USDT"]
    why = (
        f"The USDT balance {plain(debt)} is worth {plain(rate.value(debt))} USD at the sell "
        f"rate {plain(rate.sell_rate)}; the threshold is {plain(AUTO_EXCHANGE_THRESHOLD)} USD"
    )
    if "USDT" not in triggers(account):
        why += ": not below it, so nothing is sold."
    elif not events:
        why += ": below it, but there is no positive balance to sell."
    else:
        why += (
            f": below it. BUSD, valued at its buy rate {plain(account.rates['BUSD'].buy_rate)}, "
            f"buys back the debt: {plain(sold)} BUSD -> {plain(bought)} USDT"
        )
        why += "." if after.wallet["USDT"] >= 0 else (
            " (all the BUSD there was; USDT stays negative)."
        )
        if rounds_to(answer, -debt, 2):
            why = "You left out the rate: the debt is valued at USDT's sell rate. " + why
        elif rounds_to(answer, -debt * rate.buy_rate, 2):
            why = "A debt is valued at the sell rate, not the buy rate. " + why
    return check_number(answer, sold, 2, "BUSD sold", why)


def _yes_no(answer: object) -> bool | None:
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str) and answer.strip().lower() in {"yes", "y", "true"}:
        return True
    if isinstance(answer, str) and answer.strip().lower() in {"no", "n", "false"}:
        return False
    return None


def check_triggered(answer: object, usdt_balance: Any = -9500,
                    busd_balance: Any = -9500) -> Verdict:
    """Does the threshold trigger fire (True / False, or "yes" / "no") for these balances?"""
    if (empty := no_answer(answer, "your answer (True or False)")) is not None:
        return empty
    account = _account(usdt_balance, busd_balance)
    fired = triggers(account)
    values = ", ".join(
        f"{a} {plain(w)} = {plain(account.rates[a].value(w))} USD"
        for a, w in account.wallet.items()
    )
    verdict = f"{', '.join(fired)} below it." if fired else (
        "none is below it; the sum does not count."
    )
    why = (
        f"Each asset is tested on its own against {plain(AUTO_EXCHANGE_THRESHOLD)} USD "
        f"({values}): {verdict}"
    )
    given = _yes_no(answer)
    if given is None:
        return Verdict(False, f"Answer True or False (yes / no), not {answer!r}. {why}")
    expected = bool(fired)
    if given == expected:
        return Verdict(True, f"{'Yes' if expected else 'No'}: right. {why}")
    return Verdict(False, f"{'Yes' if expected else 'No'}, not {'yes' if given else 'no'}. {why}")


__all__ = ["check_busd_sold", "check_triggered"]
