"""Exercises inside a liquidation: a bankruptcy price by hand, and what the insurance fund gets."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from ..account import Account
from ..liquidation import BINANCE, FEE, SURPLUS, bankruptcy_price, liquidate
from ..numeric import plain, usd
from ..positions import Position
from ..rates import AssetRate
from ..registry import TODAY
from ..whatif import liquidation_price
from . import Verdict, check_number, no_answer

SYMBOL = "BTCUSDT"


def exercise_account() -> Account:
    """3,000 USDT and a long of 2 BTCUSDT from 60,000 at 50x, in multi-assets mode with USDT
    at 1, no buffer (Binance's brackets: 120,000 notional is tier 2, 0.5% - 50). No buffer is a
    stated simplification: today's registry, like Binance's asset index, would count USDT at
    99.99% (buffers of 0.0001)."""
    # Zero premiums given explicitly: a premium left out would be the registry's 0.0001.
    usdt = AssetRate("USDT", Decimal(1), Decimal(0), Decimal(0))
    return Account({"USDT": usdt}, {"USDT": Decimal(3000)},
                   (Position(SYMBOL, Decimal(2), Decimal(60000), Decimal(60000), Decimal(50)),),
                   registry=TODAY)


def check_bankruptcy_price(answer: object) -> Verdict:
    """The bankruptcy price of the exercise's position (USDT, to the cent)."""
    if (empty := no_answer(answer, "your bankruptcy price")) is not None:
        return empty
    account = exercise_account()
    position = account.positions[0]
    expected = bankruptcy_price(account, SYMBOL)
    liquidation = liquidation_price(account, SYMBOL)
    assert expected is not None and liquidation is not None
    wallet = account.wallet["USDT"]
    why = (f"Equity = {plain(wallet)} + {plain(position.size)} x (p - "
           f"{plain(position.entry_price)}) reaches 0 at p = {plain(position.entry_price)} - "
           f"{plain(wallet)} / {plain(position.size)}.")
    slips = (
        (liquidation, "That is the liquidation price, where equity meets the maintenance "
                      "margin; the bankruptcy price is further, where equity reaches 0."),
        (position.entry_price - wallet, "The wallet is shared by the position's size: divide "
                                        f"it by {plain(position.size)} BTC."),
        (position.entry_price - position.initial_margin / position.size,
         "The whole wallet backs the position, not only its initial margin "
         f"({plain(position.initial_margin)})."),
    )
    return check_number(answer, expected, 2, "Bankruptcy price (USDT)", why, slips)


def fund_gain(account: Account | None = None) -> Decimal:
    """What the insurance fund receives when the position is closed exactly at its liquidation
    price, under Binance's rules (fee capped at what is left, the rest to the fund)."""
    base = exercise_account() if account is None else account
    price = liquidation_price(base, SYMBOL)
    assert price is not None
    # The engine acts once the mark is at the liquidation price (rounded a cent further),
    # and the order fills exactly at the liquidation price.
    mark = price.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    result = liquidate(base.with_marks({SYMBOL: mark}), BINANCE, fill_prices={SYMBOL: price})
    return result.total(FEE) + result.total(SURPLUS)


def check_fund_gain(answer: object) -> Verdict:
    """USDT the insurance fund receives when the exercise's position is liquidated at its
    liquidation price (to the cent)."""
    if (empty := no_answer(answer, "what the fund receives")) is not None:
        return empty
    account = exercise_account()
    position = account.positions[0]
    price = liquidation_price(account, SYMBOL)
    assert price is not None
    expected = fund_gain(account)
    due = BINANCE.fee_rate(SYMBOL) * abs(position.size) * price
    why = (f"At the liquidation price {usd(price)} equity = maintenance margin = "
           f"{plain(expected)} USDT. The clearance fee due is "
           f"{plain(BINANCE.fee_rate(SYMBOL) * 100)}% x {plain(position.size)} x {usd(price)} = "
           f"{usd(due)}, more than is left: the fund takes all of the {usd(expected)}.")
    slips = (
        (due, "The fee is capped at what is left; the fund cannot take more."),
        (Decimal(0), "The account is not bankrupt at the liquidation price: something is left."),
    )
    return check_number(answer, expected, 2, "Paid into the insurance fund (USDT)", why, slips)


__all__ = ["check_bankruptcy_price", "check_fund_gain", "exercise_account", "fund_gain"]
