"""Exercises on auto-exchange (notebook 05): the threshold test, and a proportional split.

1. :func:`check_threshold_value`: what a USDT balance is worth in USD for the threshold test
   (at its sell rate), and so whether it triggers a conversion;
2. :func:`check_donor_usd`: how much of a debt one donor pays when two donors share it, in
   proportion to their value at the auto-exchange rates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..conversion import AUTO_EXCHANGE_THRESHOLD, convert_to_cover
from ..numeric import plain, to_decimal
from ..rates import AssetRate
from ..registry import TODAY
from ..scenarios import guide_rates
from . import Verdict, check_number, no_answer


def check_threshold_value(answer: object, usdt_balance: Any = -10040) -> Verdict:
    """The USD value (to the cent) of a USDT wallet balance of ``usdt_balance`` at the guide's
    rates, as the threshold test values it: at the sell rate 0.99495."""
    if (empty := no_answer(answer, "your USD value")) is not None:
        return empty
    balance = to_decimal(usdt_balance, "usdt_balance")
    account = Account(guide_rates(), {"USDT": balance, "BUSD": Decimal(0)})
    rate = account.rates["USDT"]
    value = rate.value(balance)
    fired = value < AUTO_EXCHANGE_THRESHOLD  # trigger (a), as marginlib.conversion tests it
    why = (f"A negative balance is valued at the sell rate: {plain(balance)} x "
           f"{plain(rate.sell_rate)} = {plain(value)} USD, "
           + ("below" if fired else "not below")
           + f" the threshold {plain(AUTO_EXCHANGE_THRESHOLD)} USD"
           + (": the engine converts." if fired else ": nothing is converted."))
    slips = [
        (balance, "You left out the rate: a USDT is not worth 1 USD here."),
        (balance * rate.buy_rate, "A debt is valued at the sell rate, not the buy rate."),
    ]
    verdict = check_number(answer, value, 2, "USD value of the USDT balance", why, slips)
    if verdict:  # right: say what it means for the threshold
        verdict = Verdict(True, verdict.message + (" Below" if fired else " Not below")
                          + f" the threshold {plain(AUTO_EXCHANGE_THRESHOLD)} USD: "
                          + ("the engine converts." if fired else "nothing is converted."))
    return verdict


def donor_account(usdt: Any = -16000, usdc: Any = 8000, btc: Any = "0.4",
                  btc_price: Any = 25000) -> Account:
    """Today's registry, no positions: ``usdt`` USDT (a debt) and two donors, ``usdc`` USDC and
    ``btc`` BTC at ``btc_price`` (95% as margin, 97.5% in auto-exchange). USDT and USDC at 1,
    no buffer: a stated simplification for round figures (today's registry, like Binance's
    asset index, would count them at 99.99%: buffers of 0.0001)."""
    zero = Decimal(0)  # explicit: a premium left out would be the registry's 0.0001
    return Account(
        {"USDT": AssetRate("USDT", Decimal(1), zero, zero),
         "USDC": AssetRate("USDC", Decimal(1), zero, zero),
         "BTC": TODAY.rate("BTC", to_decimal(btc_price, "btc_price"))},
        {"USDT": to_decimal(usdt, "usdt"), "USDC": to_decimal(usdc, "usdc"),
         "BTC": to_decimal(btc, "btc")},
        registry=TODAY,
    )


def check_donor_usd(answer: object, donor: str = "BTC", **balances: Any) -> Verdict:
    """How many USD of the USDT debt ``donor`` pays (to the cent) when auto-exchange covers it
    from the two donors of :func:`donor_account` (keyword arguments as there)."""
    if (empty := no_answer(answer, f"the USD paid by {donor}")) is not None:
        return empty
    account = donor_account(**balances)
    _, events = convert_to_cover(account, "USDT")
    paid = next((e.usd for e in events if e.from_asset == donor), Decimal(0))
    debt = -account.wallet["USDT"] * account.rates["USDT"].auto_sell_rate
    values = {a: account.rates[a].auto_value(w) for a, w in account.wallet.items() if w > 0}
    pool = sum(values.values(), start=Decimal(0))
    parts = ", ".join(f"{a} {plain(w)} x {plain(account.rates[a].auto_buy_rate)} = "
                      f"{plain(values[a])}" for a, w in account.wallet.items() if w > 0)
    why = (f"Donors at their auto-exchange rates: {parts}; together {plain(pool)} USD. The "
           f"debt costs {plain(debt)} USD; {donor} pays its share: {plain(min(debt, pool))} x "
           f"{plain(values.get(donor, Decimal(0)))} / {plain(pool)} = {plain(paid)} USD.")

    def share(rate_of: Any) -> Decimal:
        """The slip: the donors valued at another rate."""
        worth = {a: w * rate_of(account.rates[a]) for a, w in account.wallet.items() if w > 0}
        total = sum(worth.values(), start=Decimal(0))
        return min(debt, total) * worth.get(donor, Decimal(0)) / total if total else Decimal(0)

    slips = [
        (share(lambda r: r.buy_rate),
         "You valued BTC at its margin rate (95%); auto-exchange sells it at 97.5%."),
        (share(lambda r: r.price),
         "You valued BTC at its full price; auto-exchange sells it at 97.5%."),
        (debt / len(values) if values else Decimal(0),
         "The donors do not pay equal halves: each pays in proportion to its value."),
    ]
    return check_number(answer, paid, 2, f"USD paid by {donor}", why, slips)


__all__ = ["check_donor_usd", "check_threshold_value", "donor_account"]
