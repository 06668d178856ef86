"""Liquidation as Binance documents it: bankruptcy price, partial and full liquidation, the
clearance fee, the insurance fund and auto-deleveraging (ADL).

Sources (copies of Binance's pages; the date is the one each copy shows):

- "Liquidation Protocols" (FAQ 360033525271, "Last updated: 29 May 2024"; its fuller earlier
  text, 2021 or later, and the original 2019 text): liquidation starts when the **mark price**
  reaches the liquidation price, i.e. the margin ratio hits 100%; "all open orders are
  immediately canceled"; Binance then tries "to reduce the user's margin usage with one single
  large Immediate or Cancel order without fully liquidating the user. If the user is margin
  compliant after accounting for realized losses and liquidation fee deductions, the liquidation
  is over." Otherwise "the user's position will be closed at the bankruptcy price, and the
  Insurance Fund will take over the position"; "A portion of the remaining collateral (if any)
  will go to the Insurance Fund"; a liquidation fee "will be charged on the amount liquidated
  only (not the notional value of the position)" and "contributed to Insurance Fund reserves".
  Why the mark price: "Binance uses Mark Price to avoid unnecessary liquidations and to combat
  market manipulation"; the last price only realizes PnL.
- "Introduction to Futures Insurance Funds" (FAQ 360033525371, "Last updated: 29 May 2024"):
  "Losses arising from Bankrupt Positions will be funded by the Futures Insurance Funds while
  profits (if any) ... will be retained by the Futures Insurance Fund".
- "What Is Auto-Deleveraging (ADL)" (FAQ 360033525471, 2019-09-09, revised later): ADL "is the
  final step taken only when the Insurance Fund cannot accept the bankrupt client's positions";
  counterparties are "closed out at the bankruptcy price of the initial liquidated order, no
  trading fee will be charged". Ranking, newer text: PNL% = unrealized profit / |notional|,
  effective leverage = |notional| / (wallet balance + unrealized profit), score = PNL% x
  leverage if PNL% >= 0, else PNL% / leverage; older text: max(0, unrealized profit) /
  max(1, wallet balance) x margin ratio.
- "How a Liquidation Order Is Executed: Liquidation Price vs. Bankruptcy Price" (Binance Square,
  undated): "The bankruptcy price is the point at which a trader's losses equal the collateral
  value"; "the liquidation price corresponds to the stop price, while the bankruptcy price is
  the limit price at which the order will be executed."

Where Binance is silent or its pages disagree, :class:`LiquidationRules` makes the choice a
named parameter; each field's comment says which source supports the default and what the
alternative is. Binance publishes no closed form for the bankruptcy price and no worked example
of a clearance fee or of a partial liquidation.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from types import MappingProxyType
from typing import Any

from .account import MULTI_ASSETS, Account, evaluate, margin_ratio
from .conversion import ConversionEvent, auto_exchange_step
from .errors import InvalidInput
from .fees import close_position, trading_fee
from .numeric import INFINITY, ZERO, fraction, non_negative, positive, usd
from .positions import Position
from .whatif import liquidation_price, price_where, root_between
from .withdraw import units_for

#: Liquidation watches the mark price, never the last price (Liquidation Protocols, 2024-05-29).
TRIGGER_PRICE = "mark"

# Partial-liquidation rules.
SINGLE_ORDER = "single_order"
TIER_LADDER = "tier_ladder"
NO_PARTIAL = "none"
PARTIAL_RULES = (SINGLE_ORDER, TIER_LADDER, NO_PARTIAL)
# Which positions a full liquidation closes.
WHOLE_POOL = "account"
ONE_BY_ONE = "one_by_one"
FULL_SCOPES = (WHOLE_POOL, ONE_BY_ONE)
# The price the clearance fee is computed on.
FILL = "fill"
MARK = "mark"
BANKRUPTCY = "bankruptcy"
FEE_PRICES = (FILL, MARK, BANKRUPTCY)
# ADL rankings.
PNL_X_LEVERAGE = "pnl_x_effective_leverage"
PNL_X_MARGIN_RATIO = "pnl_x_margin_ratio"
ADL_RANKINGS = (PNL_X_LEVERAGE, PNL_X_MARGIN_RATIO)

# Kinds of LiquidationEvent, in the order they happen.
CANCEL = "orders cancelled"
PARTIAL = "partial close"
CLOSE = "close"
FEE = "clearance fee"
TRADING_FEE = "trading fee"
SURPLUS = "remaining collateral to the fund"
FUND = "insurance fund covers"
ADL = "auto-deleveraging"
UNCOVERED = "deficit not covered"


def _choice(value: object, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise InvalidInput(name, f"must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(name, "must be true or false")
    return value


#: Where each rule's default comes from: ("Binance", what its pages say, with the date of the
#: copy) or ("choice", why, when Binance is silent or its pages disagree).
RULE_SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "clearance_fee_rate": ("choice", "per symbol on Binance (liquidationFee); 1.25% is "
                           "BTCUSDT's in API replies 2024-2026; 0.3% in 2019-2020"),
    "fee_price": ("choice", "Binance: 'the amount liquidated' (Liquidation Protocols); "
                  "which price values it is not said"),
    "fee_capped": ("choice", "implied by 'a portion of the remaining collateral (if any)'"),
    "surplus_to_fund": ("choice", "'closed at the bankruptcy price' read literally; Binance "
                        "also says 'a portion'"),
    "partial_rule": ("Binance", "'one single large Immediate or Cancel order', then full "
                     "liquidation (Liquidation Protocols, 2024-05-29); tier ladder: Bybit"),
    "partial_target": ("choice", "the size of the single order is not published"),
    "quantity_step": ("choice", "BTCUSDT's and ETHUSDT's lot step, 0.001"),
    "full_scope": ("choice", "which positions go, and in which order, is not published"),
    "trigger_inclusive": ("Binance", "'Margin Balance <= Maintenance Margin' (2021-01-13); an "
                          "earlier text says '<'"),
    "cancel_orders_first": ("Binance", "'all open orders are immediately canceled'"),
    "insurance_fund": ("choice", "large, so that ADL strikes only when a scenario says so"),
    "adl_ranking": ("Binance", "PNL% x effective leverage (newer ADL FAQ text); the 2019 text "
                    "ranks PnL% x margin ratio"),
    "liquidation_trading_fee_rate": ("choice", "not said; ADL fills are fee-free by Binance's "
                                     "text"),
})


@dataclass(frozen=True)
class LiquidationRules:
    """How the exchange liquidates; the default is Binance as documented, each choice sourced.

    - ``clearance_fee_rate`` (0.0125 = 1.25%): the fee on the liquidated amount, paid into the
      insurance fund. Binance sets it per symbol (``liquidationFee`` in ``GET
      /fapi/v1/exchangeInfo``); 1.25% is BTCUSDT's value in API replies quoted in 2024-2026
      (secondary copies). The 2019-2020 page gave 0.3% (BTCUSDT) and 0.5% or 0.75% (others).
      ``symbol_fee_rates`` overrides it per symbol.
    - ``fee_price`` (``"fill"``): the price that values the liquidated quantity. Binance says
      only "the amount liquidated"; fill price (default), ``"mark"`` or ``"bankruptcy"`` are
      the readings (a modelling choice).
    - ``fee_capped`` (True): the fee never takes more than the collateral left (implied by
      "A portion of the remaining collateral (if any)" and by small accounts being "already
      bankrupt when first entering liquidation", never stated). False charges it in full, and
      the insurance fund then pays the extra back as part of the deficit.
    - ``surplus_to_fund`` (1): the share of the collateral left after a full liquidation (and
      the fee) that goes to the fund. 1 reads "closed at the bankruptcy price" literally (the
      trader keeps nothing); Binance's "a portion" allows less; 0 lets the trader keep it.
    - ``partial_rule`` (``"single_order"``): Binance's shape, one IOC order sized to make the
      account compliant after the realized loss and the fee, then full liquidation if that
      cannot be done. The size is a modelling choice (Binance is silent): the smallest
      multiple of ``quantity_step`` of the position with the largest maintenance margin.
      ``"tier_ladder"`` steps that position down one bracket at a time until the ratio is
      back under 100%: this is Bybit's documented process ("reducing risk limit levels",
      Bybit Help Center, 2024-01-24), not Binance's. ``"none"``: straight to full liquidation.
    - ``partial_target`` (1): the margin ratio the single order brings the account under.
      1 is the smallest order that makes it compliant; Binance calls the order "large" without
      a size, so e.g. 0.8 (the ratio Binance recommends staying below) is another reading.
    - ``quantity_step`` (0.001): the order size increment (BTCUSDT's and ETHUSDT's lot step).
    - ``full_scope`` (``"account"``): a full liquidation closes every position of the pool
      (multi-assets: the account; single-asset: the asset's contracts), as the fund page's
      "after all his positions are liquidated" suggests. ``"one_by_one"`` closes them largest
      maintenance margin first and stops when the ratio is back under 100%. Binance does not
      say which (a modelling choice).
    - ``trigger_inclusive`` (True): liquidation at a ratio of exactly 100% ("Margin Balance <=
      Maintenance Margin", wallet-balance FAQ 2021-01-13; "hits 100%", 2024). The fuller
      earlier text writes "<" (strict): False.
    - ``cancel_orders_first`` (True): "all open orders are immediately canceled" (Binance).
    - ``insurance_fund`` (10^12): the fund's balance in each contract's margin asset, large so
      that ADL does not strike unless a scenario says so (a modelling choice; Binance keeps
      several funds and publishes their balances).
    - ``adl_ranking`` (``"pnl_x_effective_leverage"``): the newer ADL text; the older one is
      ``"pnl_x_margin_ratio"``.
    - ``liquidation_trading_fee_rate`` (0): a normal commission on liquidation fills besides
      the clearance fee. Binance is silent (a secondary post says none is charged; ADL fills
      are fee-free by Binance's text); set 0.0005 for the taker rate.
    """

    clearance_fee_rate: Decimal = Decimal("0.0125")
    symbol_fee_rates: Mapping[str, Decimal] = field(default_factory=dict)
    fee_price: str = FILL
    fee_capped: bool = True
    surplus_to_fund: Decimal = Decimal(1)
    partial_rule: str = SINGLE_ORDER
    partial_target: Decimal = Decimal(1)
    quantity_step: Decimal = Decimal("0.001")
    full_scope: str = WHOLE_POOL
    trigger_inclusive: bool = True
    cancel_orders_first: bool = True
    insurance_fund: Decimal = Decimal(10) ** 12
    adl_ranking: str = PNL_X_LEVERAGE
    liquidation_trading_fee_rate: Decimal = ZERO

    def __post_init__(self) -> None:
        setter = object.__setattr__
        setter(self, "clearance_fee_rate",
               fraction(self.clearance_fee_rate, "rules.clearance_fee_rate"))
        if not isinstance(self.symbol_fee_rates, Mapping):
            raise InvalidInput("rules.symbol_fee_rates", "must be a mapping of symbol to rate")
        setter(self, "symbol_fee_rates", MappingProxyType({
            s: fraction(r, f"rules.symbol_fee_rates.{s}") for s, r in self.symbol_fee_rates.items()
        }))
        setter(self, "fee_price", _choice(self.fee_price, FEE_PRICES, "rules.fee_price"))
        setter(self, "fee_capped", _flag(self.fee_capped, "rules.fee_capped"))
        setter(self, "surplus_to_fund",
               fraction(self.surplus_to_fund, "rules.surplus_to_fund", below_one=False))
        setter(self, "partial_rule",
               _choice(self.partial_rule, PARTIAL_RULES, "rules.partial_rule"))
        target = positive(self.partial_target, "rules.partial_target")
        if target > 1:
            raise InvalidInput("rules.partial_target", f"must be a ratio up to 1, got {target}")
        setter(self, "partial_target", target)
        setter(self, "quantity_step", positive(self.quantity_step, "rules.quantity_step"))
        setter(self, "full_scope", _choice(self.full_scope, FULL_SCOPES, "rules.full_scope"))
        setter(self, "trigger_inclusive", _flag(self.trigger_inclusive, "rules.trigger_inclusive"))
        setter(self, "cancel_orders_first",
               _flag(self.cancel_orders_first, "rules.cancel_orders_first"))
        setter(self, "insurance_fund", non_negative(self.insurance_fund, "rules.insurance_fund"))
        setter(self, "adl_ranking", _choice(self.adl_ranking, ADL_RANKINGS, "rules.adl_ranking"))
        setter(self, "liquidation_trading_fee_rate",
               fraction(self.liquidation_trading_fee_rate, "rules.liquidation_trading_fee_rate"))

    def fee_rate(self, symbol: str) -> Decimal:
        """The clearance fee rate of ``symbol``."""
        return self.symbol_fee_rates.get(symbol, self.clearance_fee_rate)

    def breached(self, ratio: Decimal) -> bool:
        """Is a margin ratio (a fraction) one the exchange liquidates?"""
        return ratio >= 1 if self.trigger_inclusive else ratio > 1

    def apply(self, account: Account, *, step: int = 0,
              fund: Mapping[str, Decimal] | None = None) -> LiquidationResult:
        """:func:`liquidate` ``account`` under these rules (what :func:`marginlib.simulate` calls
        at each step)."""
        return liquidate(account, self, fund=fund, step=step)

    def __str__(self) -> str:
        """Each rule, its value, and whether Binance documents it or the model chooses it."""
        lines = []
        for name, (kind, note) in RULE_SOURCES.items():
            value = getattr(self, name)
            shown = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
            where = "Binance" if kind == "Binance" else "modelling choice"
            lines.append(f"{name} = {shown} ({where})")
            # The note wrapped to fit a 934 px column (88 characters).
            lines += textwrap.wrap(note, 88, initial_indent="    ", subsequent_indent="    ")
        return "\n".join(lines)


#: Binance as documented, with the defaults above.
BINANCE = LiquidationRules()
#: The course before this notebook: every position closed at the mark, no fee, nothing to the
#: fund, no fund and no ADL (a deficit stays on the wallet), open orders left alone.
CLOSE_AT_MARK = LiquidationRules(
    clearance_fee_rate=ZERO, surplus_to_fund=ZERO, partial_rule=NO_PARTIAL,
    insurance_fund=ZERO, cancel_orders_first=False,
)


# --------------------------------------------------------------------------------------------
# Bankruptcy price and the buffer
# --------------------------------------------------------------------------------------------


def bankruptcy_price(account: Account, symbol: str, *, index: str | None = None) -> Decimal | None:
    """Mark price of ``symbol`` at which the margin is exhausted, everything else fixed.

    Multi-assets mode: the pooled USD equity reaches 0; single-asset mode: the equity of the
    symbol's margin asset reaches 0. With ``index`` that asset's index price moves with the
    mark, as in :func:`marginlib.liquidation_price`, and with the same conventions: from the
    mark, a long's equity reaches 0 on a fall and a short's on a rise; None when no price gets
    there; when the equity is already at or below 0 at the mark (a price that gapped past it),
    the price the other way at which it comes back to 0, not the mark.

    Binance defines it ("the point at which a trader's losses equal the collateral value",
    Binance Square, undated) but publishes no formula; with one position in one asset it is
    the liquidation-price formula with the maintenance terms set to 0 (our derivation):
    ``BP = EP - side x (WB + UPNL_others) / Q``.
    """
    position = account.position(symbol)
    if index is not None and index not in account.rates:
        raise InvalidInput("index", f"no rate for {index}")
    start = position.mark_price if index is None else account.rates[index].price
    own = account.margin_asset(symbol)
    long = position.size > 0

    def equity(price: Decimal) -> Decimal:
        figures = evaluate(account, {symbol: price}, {index: price} if index else None)
        result: Decimal = (figures.total_equity if account.mode == MULTI_ASSETS
                           else figures.equity[own])
        return result

    with localcontext() as ctx:
        ctx.prec = 40
        at_start = equity(start)
        if at_start == 0:
            return start
        if at_start > 0:
            root = price_where(equity, start, falling=long)
        else:
            root = price_where(lambda p: -equity(p), start, falling=not long)
    return None if root is None else +root


def _price(value: Decimal | None) -> str:
    """A level as the texts print it: to the cent, or "none" where there is no such price."""
    return "none" if value is None else usd(value)


@dataclass(frozen=True)
class LiquidationBuffer:
    """The liquidation price, the bankruptcy price beyond it, and the gap between them.

    ``money`` is the equity left when the mark reaches the liquidation price (USD in
    multi-assets mode, the margin asset in single-asset mode): it equals the maintenance margin
    there, and is what pays the clearance fee and any slippage. ``fee`` is the clearance fee a
    full liquidation at the liquidation price would charge; when it exceeds ``money`` the
    position is "already bankrupt when first entering liquidation" (Binance's words for small
    accounts).
    """

    symbol: str
    liquidation_price: Decimal | None
    bankruptcy_price: Decimal | None
    money: Decimal | None
    unit: str
    fee: Decimal | None

    @property
    def price_gap(self) -> Decimal | None:
        """|liquidation price - bankruptcy price|."""
        if self.liquidation_price is None or self.bankruptcy_price is None:
            return None
        return abs(self.liquidation_price - self.bankruptcy_price)

    @property
    def fee_covered(self) -> bool | None:
        """Does the buffer pay the whole clearance fee?"""
        if self.money is None or self.fee is None:
            return None
        return self.money >= self.fee

    def __str__(self) -> str:
        lines = [f"{self.symbol}: liquidation price {_price(self.liquidation_price)}, "
                 f"bankruptcy price {_price(self.bankruptcy_price)}, "
                 f"gap {_price(self.price_gap)}"]
        if self.money is not None and self.fee is not None:
            lines.append(f"buffer at the liquidation price {usd(self.money)} {self.unit}; "
                         f"clearance fee {usd(self.fee)} "
                         f"({'covered' if self.fee_covered else 'more than the buffer'})")
        return "\n".join(lines)


def liquidation_buffer(
    account: Account, symbol: str, rules: LiquidationRules = BINANCE, *, index: str | None = None
) -> LiquidationBuffer:
    """Liquidation and bankruptcy price of ``symbol`` and the buffer between them (in price and
    in money), with the clearance fee of ``rules`` at the liquidation price."""
    position = account.position(symbol)
    liquidation = liquidation_price(account, symbol, index=index)
    bankruptcy = bankruptcy_price(account, symbol, index=index)
    multi = account.mode == MULTI_ASSETS
    unit = "USD" if multi else account.margin_asset(symbol)
    money = fee = None
    if liquidation is not None:
        figures = evaluate(account, {symbol: liquidation}, {index: liquidation} if index else None)
        money = figures.total_equity if multi else figures.equity[unit]
        fee = trading_fee(position.size, liquidation, rules.fee_rate(symbol))
    return LiquidationBuffer(symbol, liquidation, bankruptcy, money, unit, fee)


@dataclass(frozen=True)
class LiquidationLevels:
    """One position's levels on its price axis, from healthy to ADL (everything else fixed).

    ``trigger`` is the first price tick at or beyond the liquidation price, where the engine
    acts; ``outcome`` is :func:`liquidate` there (fill at that price); ``after_partial`` the
    liquidation price of what a partial close leaves. ``adl`` is the price beyond which a
    full close leaves a deficit larger than ``fund`` (the insurance fund's balance in the
    margin asset): past the bankruptcy price the deficit grows by |size| per unit of price,
    so ADL strikes at BP - side x fund / |size| (our derivation; None for a long if that is
    below 0).
    """

    symbol: str
    size: Decimal
    entry: Decimal
    mark: Decimal
    liquidation: Decimal | None
    bankruptcy: Decimal | None
    trigger: Decimal | None
    outcome: LiquidationResult | None
    after_partial: Decimal | None
    fund: Decimal
    adl: Decimal | None
    unit: str

    @property
    def partial_quantity(self) -> Decimal:
        """What the partial close at the trigger takes (0: none, the position goes whole)."""
        if self.outcome is None:
            return ZERO
        return sum((e.quantity for e in self.outcome.events
                    if isinstance(e, LiquidationEvent) and e.kind == PARTIAL), start=ZERO)

    @property
    def fee(self) -> Decimal:
        """The clearance fee charged at the trigger (capped at what was left)."""
        return ZERO if self.outcome is None else self.outcome.total(FEE)

    @property
    def fee_due(self) -> Decimal:
        """The clearance fee the rules ask at the trigger, before the cap."""
        if self.outcome is None:
            return ZERO
        return sum((e.requested for e in self.outcome.events
                    if isinstance(e, LiquidationEvent) and e.kind == FEE), start=ZERO)

    @property
    def to_fund(self) -> Decimal:
        """What the insurance fund gains at the trigger (fee and remaining collateral)."""
        if self.outcome is None:
            return ZERO
        return self.outcome.total(FEE) + self.outcome.total(SURPLUS)

    def __str__(self) -> str:
        side = "long" if self.size > 0 else "short"
        lines = [
            f"{self.symbol} {side} {abs(self.size).normalize():f} from {usd(self.entry)}, "
            f"mark {usd(self.mark)}",
            f"liquidation price {_price(self.liquidation)}; bankruptcy price "
            f"{_price(self.bankruptcy)}",
        ]
        if self.outcome is not None and self.trigger is not None:
            if self.partial_quantity:
                lines.append(f"at {usd(self.trigger)}: partial close of "
                             f"{self.partial_quantity.normalize():f}, fee {usd(self.fee)} "
                             f"{self.unit}; new liquidation price {_price(self.after_partial)}")
            else:
                lines.append(f"at {usd(self.trigger)}: full close, fee {usd(self.fee)} "
                             f"{self.unit}, {usd(self.to_fund)} {self.unit} to the fund in all")
        lines.append(f"insurance fund {usd(self.fund)} {self.unit}: ADL beyond "
                     f"{_price(self.adl)}")
        return "\n".join(lines)


def liquidation_levels(
    account: Account,
    symbol: str,
    rules: LiquidationRules = BINANCE,
    *,
    fund: Any = None,
    tick: Any = Decimal("0.1"),
) -> LiquidationLevels:
    """Entry, mark, liquidation and bankruptcy price of ``symbol``, what a liquidation at the
    first ``tick`` beyond the liquidation price does, and where ADL would strike with an
    insurance fund of ``fund`` (default ``rules.insurance_fund``) in the margin asset."""
    position = account.position(symbol)
    step = positive(tick, "tick")
    balance = rules.insurance_fund if fund is None else non_negative(fund, "fund")
    asset = account.margin_asset(symbol)
    liquidation = liquidation_price(account, symbol)
    bankruptcy = bankruptcy_price(account, symbol)
    long = position.size > 0
    trigger = outcome = after = None
    if liquidation is not None:
        rounding = ROUND_FLOOR if long else ROUND_CEILING
        trigger = (liquidation / step).to_integral_value(rounding=rounding) * step
        if trigger > 0:
            outcome = liquidate(account.with_marks({symbol: trigger}), rules,
                                fund={asset: balance})
            if outcome.partial and any(p.symbol == symbol for p in outcome.account.positions):
                after = liquidation_price(outcome.account, symbol)
        else:
            trigger = None
    adl = None
    if bankruptcy is not None:
        adl = bankruptcy - (1 if long else -1) * balance / abs(position.size)
        if adl <= 0:
            adl = None
    return LiquidationLevels(
        symbol, position.size, position.entry_price, position.mark_price, liquidation,
        bankruptcy, trigger, outcome, after, balance, adl,
        asset,
    )


# --------------------------------------------------------------------------------------------
# ADL ranking
# --------------------------------------------------------------------------------------------


def adl_score(account: Account, symbol: str, ranking: str = PNL_X_LEVERAGE) -> Decimal:
    """The ADL ranking score of ``account``'s ``symbol`` position (higher: deleveraged first).

    ``"pnl_x_effective_leverage"`` (Binance's newer ADL text, a copy of FAQ 360033525471):
    PNL% = unrealized PnL / |notional| (symbol level), effective leverage = |notional| /
    (wallet balance + unrealized PnL) (account level: the pooled USD equity in multi-assets
    mode); score = PNL% x leverage if PNL% >= 0, else PNL% / leverage.
    ``"pnl_x_margin_ratio"`` (the 2019 text): max(0, unrealized PnL) / max(1, wallet balance) x
    margin ratio. The 2019 text does not say whether the PnL is the position's or the
    account's: we take the position's (a modelling choice).
    """
    _choice(ranking, ADL_RANKINGS, "ranking")
    position = account.position(symbol)
    figures = evaluate(account)
    asset = account.margin_asset(symbol)
    multi = account.mode == MULTI_ASSETS
    sell = figures.sell[asset] if multi else Decimal(1)
    equity: Decimal = figures.total_equity if multi else figures.equity[asset]
    upnl = position.unrealized_pnl * sell
    if ranking == PNL_X_LEVERAGE:
        pnl = position.unrealized_pnl / position.notional
        leverage = position.notional * sell / equity if equity > 0 else INFINITY
        if pnl >= 0:
            return ZERO if pnl == 0 else pnl * leverage
        return pnl / leverage
    wallet: Decimal = figures.total_wallet if multi else figures.wallet[asset]
    ratio: Decimal = figures.ratio if multi else margin_ratio(figures.maintenance[asset],
                                                             figures.equity[asset])
    if equity <= 0:
        ratio = ZERO
    return max(ZERO, upnl) / max(Decimal(1), wallet) * ratio


def adl_queue(
    counterparties: Mapping[str, Account], symbol: str, side: int,
    ranking: str = PNL_X_LEVERAGE,
) -> tuple[tuple[str, Decimal], ...]:
    """Counterparties holding ``symbol`` on the side opposite ``side`` (+1: the bankrupt
    position is long), highest score first (ties by name).

    Binance ranks per symbol and deleverages "profitable and higher leveraged traders" first;
    that only the opposite side is hit is the standard reading, not stated verbatim.
    """
    queue = []
    for name, party in counterparties.items():
        held = next((p for p in party.positions if p.symbol == symbol), None)
        if held is not None and (held.size > 0) != (side > 0):
            queue.append((name, adl_score(party, symbol, ranking)))
    return tuple(sorted(queue, key=lambda item: (-item[1], item[0])))


# --------------------------------------------------------------------------------------------
# The liquidation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiquidationEvent:
    """One step of a liquidation, with its amount (a change in ``asset``, in its units).

    ``quantity``/``price``: the contracts closed and the price (orders cancelled: their number);
    ``party``: the ADL counterparty; ``requested``: the clearance fee before the cap.
    """

    step: int
    kind: str
    symbol: str = ""
    asset: str = ""
    amount: Decimal = ZERO
    quantity: Decimal = ZERO
    price: Decimal = ZERO
    party: str = ""
    requested: Decimal = ZERO

    def __str__(self) -> str:
        head = f"step {self.step} {self.kind}"
        qty = f"{self.quantity.normalize():f}"
        money = f"{usd(self.amount)} {self.asset}"
        if self.kind == CANCEL:
            return f"{head}: {qty} open order(s), {usd(self.amount)} USD of initial margin freed"
        if self.kind in (PARTIAL, CLOSE):
            return f"{head} {self.symbol}: {qty} at {usd(self.price)}, realized PnL {money}"
        if self.kind == FEE:
            capped = (f" (capped: {usd(self.requested)} due)"
                      if self.requested > self.amount else "")
            return f"{head} {self.symbol}: {money} to the insurance fund{capped}"
        if self.kind == TRADING_FEE:
            return f"{head} {self.symbol}: {money} to the exchange"
        if self.kind == ADL:  # "ADL" for short: the line fits a 934 px column
            return (f"step {self.step} ADL {self.symbol}: {self.party} closes {qty} at the "
                    f"bankruptcy price {usd(self.price)}, covering {money}")
        return f"{head}: {money}"


Event = LiquidationEvent | ConversionEvent


def _holdings(account: Account) -> dict[str, Decimal]:
    """Per asset: wallet + unrealized PnL at the positions' marks (the margin balances)."""
    totals = dict(account.wallet)
    for position in account.positions:
        asset = account.margin_asset(position.symbol)
        totals[asset] = totals.get(asset, ZERO) + position.unrealized_pnl
    return totals


def _add(total: dict[str, Decimal], extra: Mapping[str, Decimal], sign: int = 1) -> None:
    for asset, amount in extra.items():
        total[asset] = total.get(asset, ZERO) + sign * amount


@dataclass(frozen=True)
class LiquidationResult:
    """What a liquidation did: the events in order and every party before and after.

    ``before`` and ``counterparties_before`` are marked at the fill prices: money is counted at
    the prices the positions were closed at. ``fund_change`` is what the insurance fund gained
    per asset (negative: paid out); ``exchange_fees`` the trading fees charged on liquidation
    fills.
    """

    before: Account
    account: Account
    rules: LiquidationRules
    events: tuple[Event, ...]
    fund_before: Mapping[str, Decimal]
    fund_change: Mapping[str, Decimal]
    counterparties_before: Mapping[str, Account]
    counterparties: Mapping[str, Account]
    exchange_fees: Mapping[str, Decimal]
    fill_prices: Mapping[str, Decimal]
    triggered: bool
    full: bool

    @property
    def partial(self) -> bool:
        """Liquidated, and the partial close was enough."""
        return self.triggered and not self.full

    @property
    def fund_after(self) -> dict[str, Decimal]:
        """The insurance fund per asset after the liquidation."""
        after = dict(self.fund_before)
        _add(after, self.fund_change)
        return after

    @property
    def conversions(self) -> tuple[ConversionEvent, ...]:
        """Auto-exchange (trigger b) during the liquidation."""
        return tuple(e for e in self.events if isinstance(e, ConversionEvent))

    def total(self, kind: str) -> Decimal:
        """The sum of the amounts of every event of ``kind`` (one asset assumed)."""
        return sum((e.amount for e in self.events
                    if isinstance(e, LiquidationEvent) and e.kind == kind), start=ZERO)

    def holdings(self, after: bool = True) -> dict[str, Decimal]:
        """Per asset: trader + counterparties (margin balances) + insurance fund, before or
        after (the fund before counts as 0: only its change is added)."""
        trader = self.before
        if after:
            held = {p.symbol for p in self.account.positions}
            trader = self.account.with_marks(
                {s: f for s, f in self.fill_prices.items() if s in held})
        parties = self.counterparties if after else self.counterparties_before
        total = _holdings(trader)
        for party in parties.values():
            _add(total, _holdings(party))
        if after:
            _add(total, self.fund_change)
            _add(total, self.exchange_fees)
        return total

    def imbalance(self) -> dict[str, Decimal]:
        """Per asset: after - before - what auto-exchange converted in (0 when money is
        conserved; the exchange's trading fees count as kept)."""
        gap = self.holdings(after=True)
        _add(gap, self.holdings(after=False), -1)
        for event in self.conversions:
            _add(gap, {event.to_asset: event.bought, event.from_asset: -event.sold}, -1)
        return gap

    def conserved(self, tolerance: Decimal = Decimal("1e-18")) -> bool:
        """Money is neither created nor lost across trader, fund and counterparties."""
        return all(abs(v) <= tolerance for v in self.imbalance().values())

    def __str__(self) -> str:
        if not self.triggered:
            return "not liquidated"
        return "\n".join(str(e) for e in self.events)


class _Run:
    """The mutable state of one liquidation (kept inside :func:`liquidate`)."""

    def __init__(self, account: Account, rules: LiquidationRules, fills: Mapping[str, Decimal],
                 fund: Mapping[str, Decimal], parties: dict[str, Account], step: int) -> None:
        self.account = account
        self.rules = rules
        self.fills = fills
        self.fund_before = fund
        self.fund_change: dict[str, Decimal] = {}
        self.parties = parties
        self.exchange: dict[str, Decimal] = {}
        self.events: list[Event] = []
        self.step = step
        self.bankruptcy: dict[str, Decimal | None] = {}
        self.marks = {p.symbol: p.mark_price for p in account.positions}

    # --- the pool ------------------------------------------------------------------------------

    def positions(self, pool: str | None) -> list[Position]:
        """The pool's positions, largest maintenance margin (in USD) first."""
        held = [p for p in self.account.positions
                if pool is None or self.account.margin_asset(p.symbol) == pool]
        rates = self.account.rates
        return sorted(held, key=lambda p: -p.maintenance_margin
                      * rates[self.account.margin_asset(p.symbol)].sell_rate)

    def slack(self, account: Account, pool: str | None, target: Decimal = Decimal(1)) -> Decimal:
        """target x equity - maintenance margin of the pool (> 0: the ratio is below target)."""
        figures = evaluate(account)
        if pool is None:
            gap: Decimal = target * figures.total_equity - figures.total_maintenance
            return gap
        pool_gap: Decimal = target * figures.equity[pool] - figures.maintenance[pool]
        return pool_gap

    def ratio(self, account: Account, pool: str | None) -> Decimal:
        figures = evaluate(account)
        ratio: Decimal = (figures.ratio if pool is None
                          else margin_ratio(figures.maintenance[pool], figures.equity[pool]))
        return ratio

    def compliant(self, account: Account, pool: str | None, target: Decimal = Decimal(1)) -> bool:
        """Is the pool's ratio below ``target`` (at ``target`` too, with a strict trigger)?"""
        ratio = self.ratio(account, pool)
        return ratio < target if self.rules.trigger_inclusive else ratio <= target

    def chargeable(self, account: Account, asset: str, pool: str | None) -> Decimal:
        """Most of ``asset`` that can be taken while the pool's equity stays >= 0, with the
        positions still open valued at their fill prices (where they will be closed): a fee
        never turns into a deficit the fund has to pay."""
        figures = evaluate(account, dict(self.fills))
        own: Decimal = figures.equity[asset]
        if pool is not None:
            return max(own, ZERO)
        rate = account.rates[asset]
        return units_for(figures.total_equity, own, rate.buy_rate, rate.sell_rate)

    def fee_base(self, symbol: str) -> Decimal:
        if self.rules.fee_price == MARK:
            return self.marks[symbol]
        if self.rules.fee_price == BANKRUPTCY:
            if symbol not in self.bankruptcy:
                self.bankruptcy[symbol] = bankruptcy_price(self.account, symbol)
            found = self.bankruptcy[symbol]
            return self.fills[symbol] if found is None else found
        return self.fills[symbol]

    # --- a close with its fees -----------------------------------------------------------------

    def closed(self, account: Account, symbol: str, quantity: Decimal,
               pool: str | None) -> tuple[Account, Decimal, Decimal, Decimal, Decimal]:
        """``account`` after closing ``quantity`` of ``symbol`` at its fill price and paying
        the clearance fee (and the trading fee, if any): (account, realized, fee, fee due,
        trading fee)."""
        asset = account.margin_asset(symbol)
        account, done = close_position(account, symbol, quantity=quantity,
                                       price=self.fills[symbol])
        realized = done[0].amount
        due: Decimal = trading_fee(quantity, self.fee_base(symbol), self.rules.fee_rate(symbol))
        fee = min(due, self.chargeable(account, asset, pool)) if self.rules.fee_capped else due
        account = account.with_credit(asset, -fee)
        commission = ZERO
        if self.rules.liquidation_trading_fee_rate:
            commission = trading_fee(quantity, self.fills[symbol],
                                     self.rules.liquidation_trading_fee_rate)
            if self.rules.fee_capped:
                commission = min(commission, self.chargeable(account, asset, pool))
            account = account.with_credit(asset, -commission)
        return account, realized, fee, due, commission

    def close(self, symbol: str, quantity: Decimal, pool: str | None, kind: str) -> None:
        asset = self.account.margin_asset(symbol)
        self.account, realized, fee, due, commission = self.closed(
            self.account, symbol, quantity, pool)
        self.record(kind, symbol, asset, realized, quantity, self.fills[symbol])
        if due:
            self.to_fund(asset, fee)
            self.record(FEE, symbol, asset, fee, quantity, self.fee_base(symbol), requested=due)
        if commission:
            self.exchange[asset] = self.exchange.get(asset, ZERO) + commission
            self.record(TRADING_FEE, symbol, asset, commission, quantity, self.fills[symbol])

    def record(self, kind: str, symbol: str = "", asset: str = "", amount: Decimal = ZERO,
               quantity: Decimal = ZERO, price: Decimal = ZERO, party: str = "",
               requested: Decimal = ZERO) -> None:
        self.events.append(LiquidationEvent(self.step, kind, symbol, asset, amount, quantity,
                                            price, party, requested))

    def fund_of(self, asset: str) -> Decimal:
        """The insurance fund's balance in ``asset`` now: before the liquidation, plus what it
        gained since."""
        return self.fund_before.get(asset, ZERO) + self.fund_change.get(asset, ZERO)

    def to_fund(self, asset: str, amount: Decimal) -> None:
        self.fund_change[asset] = self.fund_change.get(asset, ZERO) + amount

    def auto_exchange(self) -> None:
        if self.account.mode == MULTI_ASSETS:
            self.account, done = auto_exchange_step(self.account, liquidating=True,
                                                    step=self.step)
            self.events.extend(done)

    # --- the steps -----------------------------------------------------------------------------

    def cancel_orders(self) -> None:
        orders = self.account.open_orders
        if self.rules.cancel_orders_first and orders:
            freed = sum((o.initial_margin * self.account.rates[self.account.margin_asset(
                o.symbol)].sell_rate for o in orders), start=ZERO)
            self.account = replace(self.account, open_orders=())
            self.record(CANCEL, amount=freed, quantity=Decimal(len(orders)))

    def single_order(self, pool: str | None) -> bool:
        """One reduce order on the position with the largest maintenance margin, the smallest
        that makes the pool compliant (True), or nothing if none does (False)."""
        position = self.positions(pool)[0]
        size, step = abs(position.size), self.rules.quantity_step
        target = self.rules.partial_target

        def slack(quantity: Decimal) -> Decimal:
            after = (self.account if quantity <= 0
                     else self.closed(self.account, position.symbol, quantity, pool)[0])
            return self.slack(after, pool, target)

        def enough(quantity: Decimal) -> bool:
            return self.compliant(self.closed(self.account, position.symbol, quantity, pool)[0],
                                  pool, target)

        # Maintenance margin is convex in the notional (rates rise by tier) and the fee linear,
        # so the slack is concave in the quantity closed: it peaks where the notional left sits
        # at a tier floor, or at the largest partial close.
        candidates = [size - tier.floor / position.mark_price for tier in position.brackets.tiers]
        candidates = [q for q in candidates if 0 < q < size]
        if size - step > 0:
            candidates.append(size - step)
        if not candidates:
            return False
        best = max(candidates, key=slack)
        if slack(best) <= 0 and not enough(best):
            return False
        if slack(ZERO) > 0:  # only with a strict trigger at exactly 100%: nothing to close
            return True
        # The ledger's 28 digits (a trial quantity is booked like any other), to a thousandth
        # of a lot: the quantity is rounded up to whole lots below.
        root = root_between(slack, best, ZERO, step / 1000)
        # Whole lots, rounded up; one more lot if rounding landed exactly on the boundary.
        quantity = max(step, (root / step).to_integral_value(rounding=ROUND_CEILING) * step)
        while quantity < size:
            if enough(quantity):
                self.close(position.symbol, quantity, pool, PARTIAL)
                return True
            if quantity >= best:
                return False
            quantity += step
        return False

    def tier_ladder(self, pool: str | None) -> bool:
        """Step the largest position down one bracket at a time until the pool is compliant."""
        step = self.rules.quantity_step
        while not self.compliant(self.account, pool):
            position = self.positions(pool)[0]
            k = position.brackets.index(position.notional)
            if k == 0:
                return False
            floor = position.brackets.tiers[k].floor
            left = (floor / position.mark_price / step).to_integral_value(
                rounding=ROUND_FLOOR) * step
            if left * position.mark_price >= floor:
                left -= step
            if left <= 0:
                return False
            self.close(position.symbol, abs(position.size) - left, pool, PARTIAL)
        return True

    def full(self, pool: str | None) -> None:
        """Close the pool's positions at their fill prices, charge the fees, hand what is left
        to the fund, then cover a deficit from the fund and, past it, by ADL."""
        positions = self.positions(pool)
        if self.rules.full_scope == ONE_BY_ONE:
            for position in positions[:-1]:
                self.close(position.symbol, abs(position.size), pool, CLOSE)
                if self.compliant(self.account, pool):
                    self.auto_exchange()
                    return
            positions = positions[-1:]
        for position in positions:
            self.close(position.symbol, abs(position.size), pool, CLOSE)
        self.auto_exchange()
        assets = list(self.account.wallet) if pool is None else [pool]
        share = self.rules.surplus_to_fund
        for asset in assets:
            left = self.account.wallet[asset]
            if left > 0 and share > 0:
                taken = left * share
                self.account = self.account.with_credit(asset, -taken)
                self.to_fund(asset, taken)
                self.record(SURPLUS, asset=asset, amount=taken)
        for asset in assets:
            deficit = -self.account.wallet[asset]
            if deficit <= 0:
                continue
            paid = min(deficit, max(self.fund_of(asset), ZERO))
            if paid > 0:
                self.account = self.account.with_credit(asset, paid)
                self.to_fund(asset, -paid)
                self.record(FUND, asset=asset, amount=paid)
            if deficit > paid:
                closed = [p for p in positions if self.account.margin_asset(p.symbol) == asset]
                self.deleverage(asset, closed, deficit, deficit - paid)

    def deleverage(self, asset: str, closed: list[Position], deficit: Decimal,
                   left: Decimal) -> None:
        """Counterparties take what the fund could not, at the bankruptcy price, in ADL order.

        The deficit is shared among the closed positions in proportion to their notional;
        a position's bankruptcy price is where closing it would have left that share at 0:
        BP = fill + share / size (our reading for several positions; exact for one). A short
        whose share exceeds size x fill (a deficit left mostly by earlier partial closes) has
        no positive bankruptcy price: no counterparty can take it at one, and its share stays
        uncovered (a modelling choice; Binance's pages do not cover the case).
        """
        notional = {p.symbol: abs(p.size) * self.fills[p.symbol] for p in closed}
        total = sum(notional.values(), start=ZERO)
        for position in closed:
            fill = self.fills[position.symbol]
            share = deficit * notional[position.symbol] / total if total else deficit
            price = fill + share / position.size
            wanted = abs(position.size) * (left / deficit)
            per_unit = abs(price - fill)
            if price <= 0:
                self.record(UNCOVERED, position.symbol, asset, wanted * per_unit, wanted)
                continue
            side = 1 if position.size > 0 else -1
            for name, _score in adl_queue(self.parties, position.symbol, side,
                                          self.rules.adl_ranking):
                if wanted <= 0:
                    break
                party = self.parties[name]
                held = party.position(position.symbol)
                take = min(abs(held.size), wanted)
                party, _ = close_position(party, position.symbol, quantity=take, price=price)
                self.parties[name] = party
                covered = take * per_unit
                self.account = self.account.with_credit(asset, covered)
                self.record(ADL, position.symbol, asset, covered, take, price, party=name)
                wanted -= take
            if wanted > 0:
                self.record(UNCOVERED, position.symbol, asset, wanted * per_unit, wanted, price)


def _pools(account: Account, rules: LiquidationRules) -> list[str | None]:
    """What is liquidated: the account (multi-assets) or each asset whose own ratio breaches
    (single-asset mode), if it holds positions."""
    figures = evaluate(account)
    if account.mode == MULTI_ASSETS:
        return [None] if account.positions and rules.breached(figures.ratio) else []
    held = {account.margin_asset(p.symbol) for p in account.positions}
    return [a for a in account.wallet if a in held
            and rules.breached(margin_ratio(figures.maintenance[a], figures.equity[a]))]


def _fill_prices(account: Account, fill_prices: Mapping[str, Any] | None) -> dict[str, Decimal]:
    fills = {p.symbol: p.mark_price for p in account.positions}
    for symbol, price in (fill_prices or {}).items():
        if symbol not in fills:
            raise InvalidInput("fill_prices", f"no position in {symbol}")
        fills[symbol] = positive(price, f"fill_prices.{symbol}")
    return fills


def liquidate(
    account: Account,
    rules: LiquidationRules = BINANCE,
    *,
    counterparties: Mapping[str, Account] | None = None,
    fill_prices: Mapping[str, Any] | None = None,
    fund: Mapping[str, Any] | None = None,
    step: int = 0,
) -> LiquidationResult:
    """Liquidate ``account`` if its margin ratio (at the marks) breaches 100%, as ``rules`` say.

    The sequence (events in this order): open orders cancelled; a partial close (``rules.
    partial_rule``) and, if the account is compliant after the realized loss and the fee, the
    end; otherwise every position of the pool closed, the clearance fee to the insurance fund
    (capped at the collateral left), auto-exchange of the other assets (multi-assets mode,
    trigger b), the remaining collateral to the fund, a deficit covered by the fund and, beyond
    the fund, by ADL of ``counterparties`` (name -> account holding the other side).

    Orders fill at ``fill_prices`` (default: the marks; on the exchange the IOC order meets the
    order book, whose price is the last price, so a price beyond the mark is slippage).
    ``fund`` is the insurance fund per asset (default ``rules.insurance_fund`` in each
    contract's margin asset). Counterparties are valued at the same fill prices.
    """
    if not isinstance(account, Account):
        raise InvalidInput("account", "must be an Account")
    if not isinstance(rules, LiquidationRules):
        raise InvalidInput("rules", "must be LiquidationRules")
    fills = _fill_prices(account, fill_prices)
    if fund is None:
        fund_before = {account.margin_asset(p.symbol): rules.insurance_fund
                       for p in account.positions}
    else:
        if not isinstance(fund, Mapping):
            raise InvalidInput("fund", "must be a mapping of asset to balance")
        fund_before = {a: non_negative(v, f"fund.{a}") for a, v in fund.items()}
    parties: dict[str, Account] = {}
    for name, party in (counterparties or {}).items():
        if not isinstance(party, Account):
            raise InvalidInput(f"counterparties.{name}", "must be an Account")
        held = {p.symbol for p in party.positions}
        parties[name] = party.with_marks({s: f for s, f in fills.items() if s in held})
    before = account.with_marks(fills)
    run = _Run(account, rules, fills, fund_before, dict(parties), step)
    pools = _pools(account, rules)
    full = False
    if pools:
        run.cancel_orders()
    for pool in pools:
        if run.compliant(run.account, pool):
            continue
        done = False
        if rules.partial_rule == SINGLE_ORDER:
            done = run.single_order(pool)
        elif rules.partial_rule == TIER_LADDER:
            done = run.tier_ladder(pool)
        if done:
            run.auto_exchange()
        else:
            full = True
            run.full(pool)
    return LiquidationResult(
        before=before, account=run.account, rules=rules, events=tuple(run.events),
        fund_before=MappingProxyType(fund_before),
        fund_change=MappingProxyType(run.fund_change),
        counterparties_before=MappingProxyType(parties),
        counterparties=MappingProxyType(run.parties),
        exchange_fees=MappingProxyType(run.exchange), fill_prices=MappingProxyType(fills),
        triggered=bool(pools), full=full,
    )


__all__ = [
    "ADL", "ADL_RANKINGS", "BANKRUPTCY", "BINANCE", "CANCEL", "CLOSE", "CLOSE_AT_MARK", "FEE",
    "FEE_PRICES", "FILL", "FULL_SCOPES", "FUND", "MARK", "NO_PARTIAL", "ONE_BY_ONE", "PARTIAL",
    "PARTIAL_RULES", "PNL_X_LEVERAGE", "PNL_X_MARGIN_RATIO", "SINGLE_ORDER", "SURPLUS",
    "TIER_LADDER", "TRADING_FEE", "TRIGGER_PRICE", "UNCOVERED", "WHOLE_POOL",
    "LiquidationBuffer", "LiquidationEvent", "LiquidationLevels", "LiquidationResult",
    "LiquidationRules", "adl_queue", "adl_score", "bankruptcy_price", "liquidate",
    "liquidation_buffer", "liquidation_levels",
]
