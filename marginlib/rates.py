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

from dataclasses import dataclass, field
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


#: A premium left out of :class:`AssetRate`: the account takes its registry's default for the
#: asset (a coin's haircut), 0 outside an account. Compared by identity, never by value.
REGISTRY_DEFAULT = Decimal(0)


@dataclass(frozen=True)
class AssetRate:
    """Index price and premiums of one margin asset against USD.

    ``bid_premium`` doubles as a collateral haircut: BTC valued at 95% of its price is
    ``AssetRate("BTC", price, bid_premium=Decimal("0.05"))``. ``auto_bid_premium`` and
    ``auto_ask_premium`` (the guide's signs) give the auto-exchange rates, which can differ
    from the margin ones: BTC counts at 95% as margin but is sold at 97.5% by auto-exchange
    (``auto_bid_premium=Decimal("0.025")``).

    Left out, a margin premium is 0 on its own and, inside an :class:`~marginlib.Account`, the
    registry's default for the asset (``AssetRate("BTC", price)`` in today's registry counts
    BTC at 95%, never 100% silently); an auto-exchange premium left out (None) is, inside an
    account, the registry's auto-exchange premium, and the margin premium where the registry
    gives none (and on its own).

    Accepted: price > 0; 0 <= bid premium < 1 and -1 < ask premium <= 0, so that
    0 < buy rate <= price <= sell rate (the guide's signs: USDT +0.01 and -0.005); the same for
    the auto-exchange premiums.
    """

    asset: str
    price: Decimal
    bid_premium: Decimal = REGISTRY_DEFAULT
    ask_premium: Decimal = REGISTRY_DEFAULT
    auto_bid_premium: Decimal | None = None
    auto_ask_premium: Decimal | None = None
    #: The premiums left out (``"bid_premium"``, ``"ask_premium"``): an account fills them in.
    defaulted: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = f"rates.{self.asset}"
        object.__setattr__(self, "defaulted", tuple(
            name for name in ("bid_premium", "ask_premium")
            if getattr(self, name) is REGISTRY_DEFAULT
        ))
        object.__setattr__(self, "price", positive(self.price, f"{where}.price"))
        for name in ("bid_premium", "ask_premium", "auto_bid_premium", "auto_ask_premium"):
            value = getattr(self, name)
            # Only an auto-exchange premium may be None ("the margin premium"); a margin
            # premium of None (JSON null) is refused by _premium like any other non-number.
            if value is not None or not name.startswith("auto_"):
                object.__setattr__(self, name, _premium(value, f"{where}.{name}",
                                                        bid=name.endswith("bid_premium")))

    def with_defaults(self, bid_premium: Decimal, ask_premium: Decimal,
                      auto_bid_premium: Decimal | None = None,
                      auto_ask_premium: Decimal | None = None) -> AssetRate:
        """The premiums left out filled in with these (an account's registry defaults)."""
        bid = bid_premium if "bid_premium" in self.defaulted else self.bid_premium
        ask = ask_premium if "ask_premium" in self.defaulted else self.ask_premium
        auto_bid = auto_bid_premium if self.auto_bid_premium is None else self.auto_bid_premium
        auto_ask = auto_ask_premium if self.auto_ask_premium is None else self.auto_ask_premium
        if (bid, ask, auto_bid, auto_ask) == (self.bid_premium, self.ask_premium,
                                              self.auto_bid_premium, self.auto_ask_premium):
            return self
        return AssetRate(self.asset, self.price, bid, ask, auto_bid, auto_ask)

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

    def rate_for(self, amount: Decimal) -> Decimal:
        """The rate :meth:`value` applies to ``amount``: the buy rate from 0 up, else the sell
        rate."""
        return self.buy_rate if amount >= 0 else self.sell_rate

    @staticmethod
    def rate_name(amount: Decimal) -> str:
        """"buy" or "sell": the name of the rate :meth:`value` applies to ``amount``."""
        return "buy" if amount >= 0 else "sell"

    def with_price(self, price: Any) -> AssetRate:
        """The same premiums (margin and auto-exchange) at another index price (a depeg, a
        crash); a premium left out stays left out (an account still fills it in)."""
        bid, ask = (REGISTRY_DEFAULT if name in self.defaulted else getattr(self, name)
                    for name in ("bid_premium", "ask_premium"))
        return AssetRate(self.asset, price, bid, ask, self.auto_bid_premium,
                         self.auto_ask_premium)


def _premium(value: object, field_name: str, *, bid: bool) -> Decimal:
    """A premium in the guide's signs: a bid premium in [0, 1), an ask premium in (-1, 0], so
    that 0 < buy rate <= price <= sell rate: a balance is never worth more than its index, a
    debt never costs less, and a rate of 0 (a premium of 1) values nothing."""
    premium = to_decimal(value, field_name)
    if bid and not 0 <= premium < 1:
        raise InvalidInput(field_name,
                           f"must be in [0, 1) so that 0 < buy rate <= price, got {premium}")
    if not bid and not -1 < premium <= 0:
        raise InvalidInput(
            field_name,
            f"must be in (-1, 0] so that sell rate >= price (the guide's sign: -0.005 raises the "
            f"rate), got {premium}",
        )
    return premium
