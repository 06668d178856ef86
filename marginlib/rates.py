"""Conversion rates: how one unit of a margin asset is valued in USD.

The guide's table (Binance calls the columns Index, Bid Buffer, Ask Buffer, Bid Rate, Ask Rate)::

    | Pair    | Price | Bid premium | Ask premium | Buy rate | Sell rate |
    | USDTUSD | 0.99  | +0.01       | -0.005      | 0.9801   | 0.99495   |

Buy rate = price x (1 - bid premium); sell rate = price x (1 - ask premium). The guide writes the
ask premium as -0.005 and subtracts it; Binance writes the same buffer as +0.005 and adds it. Same
rate, opposite sign convention. A positive balance is worth its buy (bid) rate, a debt, the
maintenance margin and the initial margin cost their sell (ask) rate: the exchange always values
what you own low and what you owe high.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import InvalidInput
from .numeric import Num, positive, to_decimal, where


def buy_rate(price: Num, bid_premium: Num) -> Num:
    """Buy (bid) rate = price x (1 - bid premium). Guide: 0.99 x (1 - 0.01) = 0.9801."""
    return price * (1 - bid_premium)


def sell_rate(price: Num, ask_premium: Num) -> Num:
    """Sell (ask) rate = price x (1 - ask premium). Guide: 0.99 x (1 + 0.005) = 0.99495."""
    return price * (1 - ask_premium)


def value_in_usd(amount: Num, buy: Num, sell: Num) -> Num:
    """USD value of an asset amount: amount x buy rate if amount >= 0, else amount x sell rate.

    Binance writes it min(amount x bidRate, amount x askRate), which is the same when
    bid <= ask. Works element-wise on arrays.
    """
    return where(amount >= 0, amount * buy, amount * sell)


@dataclass(frozen=True)
class AssetRate:
    """Index price and premiums of one margin asset against USD.

    ``bid_premium`` doubles as a collateral haircut: BTC valued at 95% of its price is
    ``AssetRate("BTC", price, bid_premium=Decimal("0.05"))``.
    """

    asset: str
    price: Decimal
    bid_premium: Decimal = Decimal(0)
    ask_premium: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", positive(self.price, f"rates.{self.asset}.price"))
        bid = to_decimal(self.bid_premium, f"rates.{self.asset}.bid_premium")
        ask = to_decimal(self.ask_premium, f"rates.{self.asset}.ask_premium")
        # A premium of 1 or more would make a rate zero or negative: no meaningful valuation.
        for name, premium in (("bid_premium", bid), ("ask_premium", ask)):
            if premium >= 1:
                raise InvalidInput(f"rates.{self.asset}.{name}", f"must be below 1, got {premium}")
        if bid < ask:
            raise InvalidInput(
                f"rates.{self.asset}",
                "buy rate must not exceed sell rate (bid premium >= ask premium)",
            )
        object.__setattr__(self, "bid_premium", bid)
        object.__setattr__(self, "ask_premium", ask)

    @property
    def buy_rate(self) -> Decimal:
        """price x (1 - bid premium)."""
        result: Decimal = buy_rate(self.price, self.bid_premium)
        return result

    @property
    def sell_rate(self) -> Decimal:
        """price x (1 - ask premium)."""
        result: Decimal = sell_rate(self.price, self.ask_premium)
        return result

    def value(self, amount: Decimal) -> Decimal:
        """USD value of ``amount`` of this asset (buy rate if positive, sell rate if negative)."""
        result: Decimal = value_in_usd(amount, self.buy_rate, self.sell_rate)
        return result

    def with_price(self, price: Any) -> AssetRate:
        """The same premiums at another index price (a depeg, a crash)."""
        return AssetRate(self.asset, price, self.bid_premium, self.ask_premium)
