"""Exercises on opening positions (notebook 03): maintenance margin and available for orders.

The exercise: the guide's wallet (200 USDT, 220 BUSD) opens 0.2 BTCUSDT at 20,000 with 20x and
5 ETHBUSD at 600 with 25x (the guide's maintenance rates, 0.8% and 1%).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..account import Account
from ..numeric import plain, to_decimal
from ..positions import Position
from ..scenarios import guide_positions, guide_rates
from ..summary import summarize
from . import Verdict, check_number, no_answer


def exercise_account(btc_size: Any = "0.2", btc_leverage: Any = 20, eth_size: Any = 5,
                     eth_leverage: Any = 25, btc_price: Any = 20000,
                     eth_price: Any = 600) -> Account:
    """The guide's wallet with a BTCUSDT and an ETHBUSD position opened at the given prices
    (entry = mark, so no unrealized PnL) and the guide's maintenance rates."""
    rates = {p.symbol: p.maint_margin_rate for p in guide_positions()}
    positions = []
    for symbol, size, leverage, price in (("BTCUSDT", btc_size, btc_leverage, btc_price),
                                          ("ETHBUSD", eth_size, eth_leverage, eth_price)):
        mark = to_decimal(price, f"{symbol} price")
        positions.append(Position(symbol, to_decimal(size, f"{symbol} size"), mark, mark,
                                  to_decimal(leverage, f"{symbol} leverage"), rates[symbol]))
    return Account(guide_rates(), {"USDT": Decimal(200), "BUSD": Decimal(220)}, tuple(positions))


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
    """Account maintenance margin (USD, to the cent) of :func:`exercise_account` (keyword
    arguments as there). Default: 0.2 x 20,000 x 0.8% x 0.99495 + 5 x 600 x 1% = 61.8384."""
    if (empty := no_answer(answer, "your maintenance margin")) is not None:
        return empty
    account = exercise_account(**positions)
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
    """Available for new orders (USD, to the cent) of :func:`exercise_account`: equity - initial
    margin. Default: 416.02 - (200 x 0.99495 + 120) = 416.02 - 318.99 = 97.03."""
    if (empty := no_answer(answer, "your available amount")) is not None:
        return empty
    account = exercise_account(**positions)
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


__all__ = ["check_available", "check_maintenance_margin", "exercise_account"]
