"""Conversion rates: how one unit of a margin asset is valued in USD.

The guide's table (Binance calls the columns Index, Bid Buffer, Ask Buffer, Bid Rate, Ask Rate)::

    | Pair    | Price | Bid premium | Ask premium | Buy rate | Sell rate |
    | USDTUSD | 0.99  | +0.01       | -0.005      | 0.9801   | 0.99495   |

Buy rate = price x (1 - bid premium); sell rate = price x (1 - ask premium). The guide writes the
ask premium as -0.005 and subtracts it; Binance writes the same buffer as +0.005 and adds it. Same
rate, opposite sign convention. A positive balance is worth its buy (bid) rate, a debt, the
maintenance margin and the initial margin cost their sell (ask) rate: the exchange always values
what you own low and what you owe high.

Binance's asset index (``GET /fapi/v1/assetIndex``, API docs "Multi-Assets Mode Asset Index")
publishes, for every asset, two sets of buffers in force together: ``bidBuffer``/``askBuffer``
(the margin valuation above) and ``autoExchangeBidBuffer``/``autoExchangeAskBuffer``, the rates
at which auto-exchange actually converts (its ADAUSD example: margin buffers 0.10, auto-exchange
buffers 0.05). :class:`AssetRate` carries both: ``auto_bid_premium`` and ``auto_ask_premium``
(None: the same as the margin premiums, for a world whose source gives no separate figures).
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
    ``AssetRate("BTC", price, bid_premium=Decimal("0.05"))``. ``auto_bid_premium`` and
    ``auto_ask_premium`` (the guide's signs) give the auto-exchange rates, which can differ
    from the margin ones: BTC counts at 95% as margin but is sold at 97.5% by auto-exchange
    (``auto_bid_premium=Decimal("0.025")``). None means "the margin premium".
    """

    asset: str
    price: Decimal
    bid_premium: Decimal = Decimal(0)
    ask_premium: Decimal = Decimal(0)
    auto_bid_premium: Decimal | None = None
    auto_ask_premium: Decimal | None = None

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
        self._check_auto_premiums()

    def _check_auto_premiums(self) -> None:
        """The auto-exchange premiums obey the margin premiums' rules (below 1, buy <= sell)."""
        auto = {}
        for name in ("auto_bid_premium", "auto_ask_premium"):
            value = getattr(self, name)
            if value is None:
                continue
            premium = to_decimal(value, f"rates.{self.asset}.{name}")
            if premium >= 1:
                raise InvalidInput(f"rates.{self.asset}.{name}", f"must be below 1, got {premium}")
            auto[name] = premium
            object.__setattr__(self, name, premium)
        bid = auto.get("auto_bid_premium", self.bid_premium)
        ask = auto.get("auto_ask_premium", self.ask_premium)
        if auto and bid < ask:
            raise InvalidInput(
                f"rates.{self.asset}",
                "auto-exchange buy rate must not exceed its sell rate "
                "(auto bid premium >= auto ask premium)",
            )

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

    @property
    def auto_buy_rate(self) -> Decimal:
        """Auto-exchange buy (bid) rate = price x (1 - auto bid premium): what auto-exchange
        pays for one unit it sells (the margin buy rate when no auto premium is given)."""
        premium = self.bid_premium if self.auto_bid_premium is None else self.auto_bid_premium
        result: Decimal = buy_rate(self.price, premium)
        return result

    @property
    def auto_sell_rate(self) -> Decimal:
        """Auto-exchange sell (ask) rate = price x (1 - auto ask premium): what auto-exchange
        charges for one unit it buys back (the margin sell rate when none is given)."""
        premium = self.ask_premium if self.auto_ask_premium is None else self.auto_ask_premium
        result: Decimal = sell_rate(self.price, premium)
        return result

    def auto_value(self, amount: Decimal) -> Decimal:
        """USD value of ``amount`` at the auto-exchange rates (buy if positive, sell if not)."""
        result: Decimal = value_in_usd(amount, self.auto_buy_rate, self.auto_sell_rate)
        return result

    def value(self, amount: Decimal) -> Decimal:
        """USD value of ``amount`` of this asset (buy rate if positive, sell rate if negative)."""
        result: Decimal = value_in_usd(amount, self.buy_rate, self.sell_rate)
        return result

    def with_price(self, price: Any) -> AssetRate:
        """The same premiums (margin and auto-exchange) at another index price (a depeg, a
        crash)."""
        return AssetRate(self.asset, price, self.bid_premium, self.ask_premium,
                         self.auto_bid_premium, self.auto_ask_premium)
