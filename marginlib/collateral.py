"""Coin collateral: a coin counts as margin at one haircut, and auto-exchange sells it at another.

Multi-assets mode today accepts coins such as BTC, ETH and BNB as margin. Binance's asset index
publishes two haircuts per asset, in force together (:mod:`marginlib.registry`): BTC counts at its
collateral rate c = 95% as margin ("a 5% value haircut", Multi-Assets FAQ) and auto-exchange sells
it at its auto-exchange rate a = 97.5% ("the 2.5% haircut for BTC", FAQ on the Multi-Assets
Mode). In marginlib the haircuts are the coin's bid premium and auto-exchange bid premium:

    margin value of a coin = amount x price x c                  (the buy rate)
    what auto-exchange pays = amount x price x a                  (the auto-exchange buy rate)

When auto-exchange covers a debt of D USD from the coin, the coin is sold at its auto-exchange
buy rate, so the market value of what is sold is

    market value sold = amount sold x price = D / a     (Binance: 20,000 / 97.5% = 20,512.82)

That haircut is the exchange loss Binance's FAQ warns about. The margin equity, which counted the
coin at c < a, rises by D x (1 - c / a) (the coin sold was worth D x c / a as margin). A coin held
as collateral for a position in the same coin is hit twice when the coin falls: once as position
(its unrealized PnL), once as collateral (its margin value); :func:`coin_collateral_fall` splits
the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .account import Account
from .conversion import ConversionEvent, auto_exchange_step
from .errors import InvalidInput, shown_name
from .numeric import Num, positive, to_decimal
from .positions import Position
from .rates import AssetRate
from .registry import AUTO_EXCHANGE_FAQ, TODAY
from .summary import AccountSummary, summarize
from .whatif import liquidation_price


def market_value(amount: Num, price: Num) -> Num:
    """Market value of a coin amount = amount x index price (no haircut)."""
    return amount * price


def market_value_sold(account: Account, events: tuple[ConversionEvent, ...],
                      asset: str) -> Decimal:
    """Market value (USD, at index price) of ``asset`` sold by ``events`` in ``account``."""
    price = account.rates[asset].price
    return sum((market_value(e.sold, price) for e in events if e.from_asset == asset),
               start=Decimal(0))


@dataclass(frozen=True)
class AutoExchangeExample:
    """Binance's Auto-Exchange example run through the engine: before, after and the events."""

    before: Account
    after: Account
    events: tuple[ConversionEvent, ...]
    debt_asset: str
    coin: str

    @property
    def covered(self) -> Decimal:
        """USD value of the debt bought back (the debt x its sell rate)."""
        return sum((e.usd for e in self.events), start=Decimal(0))

    @property
    def coin_sold(self) -> Decimal:
        """Amount of the coin sold."""
        return sum((e.sold for e in self.events if e.from_asset == self.coin), start=Decimal(0))

    @property
    def market_value_sold(self) -> Decimal:
        """Market value of the coin sold: covered / auto-exchange rate (20,512.82 in the FAQ)."""
        return market_value_sold(self.before, self.events, self.coin)

    @property
    def collateral_rate(self) -> Decimal:
        """The share of the coin's price that counts as margin in the example's registry
        (95%)."""
        return self.before.registry.check_asset(self.coin).collateral_rate

    @property
    def auto_exchange_rate(self) -> Decimal:
        """The share of the coin's price auto-exchange pays when it sells it (97.5%)."""
        return self.before.registry.check_asset(self.coin).auto_exchange_rate


def auto_exchange_example(debt: Any = 20000, coin_amount: Any = 2,
                          coin_price: Any = 20000) -> AutoExchangeExample:
    """Binance's example ("FAQ on Multi-Assets Mode", 2022-07-06): a BUSD balance of -``debt``
    covered from BTC sold at 97.5% (BTC counting at 95% as margin), through
    :func:`marginlib.auto_exchange_step`.

    The account holds ``coin_amount`` BTC at ``coin_price`` (BTC traded near 20,000 that day);
    with no other donor, all of the debt is bought back with BTC, and the market value of the
    BTC sold is debt / 97.5%: 20,000 / 0.975 = 20,512.82 (Binance rounds to 20,513).
    """
    owed = positive(debt, "debt")
    registry = AUTO_EXCHANGE_FAQ
    before = Account(
        {"BUSD": registry.rate("BUSD", Decimal(1)),
         "BTC": registry.rate("BTC", positive(coin_price, "coin_price"))},
        {"BUSD": -owed, "BTC": positive(coin_amount, "coin_amount")},
        registry=registry,
    )
    after, events = auto_exchange_step(before)
    return AutoExchangeExample(before, after, events, "BUSD", "BTC")


@dataclass(frozen=True)
class CollateralFall:
    """How much equity (USD) a move of one coin's price takes away, and where from.

    ``as_position``: the change in value of the equity of the contract's margin asset (its
    unrealized PnL); ``as_collateral``: the change in value of the coin held; ``total`` both.
    """

    coin: str
    symbol: str
    price_before: Decimal
    price_after: Decimal
    before: AccountSummary
    after: AccountSummary
    as_position: Decimal
    as_collateral: Decimal

    @property
    def total(self) -> Decimal:
        """Change in account equity (USD)."""
        return self.after.equity - self.before.equity


def _asset_value(account: Account, summary: AccountSummary, asset: str) -> Decimal:
    """USD value of one asset's equity (buy rate if positive, sell rate if negative)."""
    return account.rates[asset].value(summary.asset(asset).margin_balance)


def coin_collateral_fall(account: Account, coin: str, symbol: str,
                         price: Any) -> CollateralFall:
    """Move ``coin``'s index price and ``symbol``'s mark together to ``price`` and split the change
    in equity: as position (``symbol``'s margin asset) and as collateral (``coin``).

    Equity is a sum over assets, each valued in USD on its own, so the two parts add up to the
    whole change when the account holds nothing else that moves.
    """
    new_price = positive(price, "price")
    account.position(symbol)  # refused when there is none
    _check_coin(account, coin)
    moved = account.with_marks({symbol: new_price}).with_prices({coin: new_price})
    before, after = summarize(account), summarize(moved)
    quote = account.margin_asset(symbol)
    return CollateralFall(
        coin=coin, symbol=symbol, price_before=account.rates[coin].price, price_after=new_price,
        before=before, after=after,
        as_position=_asset_value(moved, after, quote) - _asset_value(account, before, quote),
        as_collateral=_asset_value(moved, after, coin) - _asset_value(account, before, coin),
    )


def _check_coin(account: Account, coin: str) -> None:
    """``coin`` must be coin collateral the account holds a rate for (not a stablecoin that
    margins contracts: USDT's price is not a coin's)."""
    if coin not in account.rates:
        raise InvalidInput("coin", f"no rate for {shown_name(coin)}")
    if coin in account.registry.contract_assets:
        raise InvalidInput("coin", f"{coin} margins contracts; coin collateral is a coin such "
                                   "as BTC")


def liquidation_price_with_collateral(account: Account, symbol: str,
                                      coin: str) -> Decimal | None:
    """The price at which the margin ratio reaches 100% when ``coin``'s index price and
    ``symbol``'s mark move together (everything else fixed), or None if no price does it.

    :func:`marginlib.liquidation_price` moves the mark alone; a coin held as collateral moves with
    it. The same solver, told that ``coin`` moves with the mark.
    """
    return liquidation_price(account, symbol, index=coin)


#: The course's coin-collateral account: BTC's price in it (a round October 2024 figure).
COIN_PRICE = Decimal(60000)


def coin_collateral_account(coin_amount: Any = 1, usdt: Any = 2000, size: Any = 2,
                            price: Any = COIN_PRICE, leverage: Any = 20) -> Account:
    """Today's registry: ``usdt`` USDT and ``coin_amount`` BTC (at 95%) as margin, long ``size``
    BTCUSDT from ``price`` (maintenance from Binance's brackets). USDT at 1, no buffer: a
    stated simplification that keeps the figures round (today's registry, like Binance's asset
    index, would count it at 99.99%: buffers of 0.0001)."""
    btc = to_decimal(price, "price")
    # Zero premiums given explicitly: a premium left out would be the registry's 0.0001.
    at_par = AssetRate("USDT", Decimal(1), Decimal(0), Decimal(0))
    return Account(
        {"USDT": at_par, "BTC": TODAY.rate("BTC", btc)},
        {"USDT": to_decimal(usdt, "usdt"), "BTC": to_decimal(coin_amount, "coin_amount")},
        (Position("BTCUSDT", to_decimal(size, "size"), btc, btc,
                  to_decimal(leverage, "leverage")),),
        registry=TODAY,
    )


def stable_collateral_account(account: Account, coin: str = "BTC") -> Account:
    """The same account with its coin replaced by USDT of the same margin value (the coin's
    amount x buy rate): equal equity today, but only one fall when the coin falls."""
    _check_coin(account, coin)
    if "USDT" not in account.rates:
        raise InvalidInput("rates.USDT", "missing: the coin is replaced by USDT")
    value = account.rates[coin].value(account.wallet[coin])
    wallet = {a: w for a, w in account.wallet.items() if a != coin}
    wallet["USDT"] = wallet.get("USDT", Decimal(0)) + value / account.rates["USDT"].buy_rate
    rates = {a: r for a, r in account.rates.items() if a != coin}
    return Account(rates, wallet, account.positions, account.mode, registry=account.registry)


__all__ = [
    "COIN_PRICE", "AutoExchangeExample", "CollateralFall", "auto_exchange_example",
    "coin_collateral_account", "coin_collateral_fall", "liquidation_price_with_collateral",
    "market_value",
    "market_value_sold", "stable_collateral_account",
]
