"""Binance's USDⓈ-M futures API bodies, read exactly, and the :class:`Account` they describe.

Five bodies describe an account, one file each in a folder (the names are a contract:
``python -m marginlib fetch`` writes them, ``python -m marginlib reconcile`` reads them):

========================  ======================================  ==============================
file                      endpoint                                Binance's documentation page
========================  ======================================  ==============================
``account.json``          ``GET /fapi/v3/account`` (or v2)        "Account Information V3" (V2)
``positionRisk.json``     ``GET /fapi/v2/positionRisk`` (or v3)   "Position Information V2" (V3)
``leverageBracket.json``  ``GET /fapi/v1/leverageBracket``        "Notional and Leverage Brackets"
``assetIndex.json``       ``GET /fapi/v1/assetIndex``             "Multi-Assets Mode Asset Index"
``multiAssetsMargin.json`` ``GET /fapi/v1/multiAssetsMargin``     "Get Current Multi-Assets Mode"
========================  ======================================  ==============================

Each reader says which version it follows; the field lists were checked on 2026-11-29 against
Binance's USDⓈ-M futures API pages as published on 2026-05-28 (and agree with the response models
of Binance's official SDK, ``binance-sdk-derivatives-trading-usds-futures`` 18.1.0). Numbers arrive
as strings (brackets: JSON numbers) and are kept exact (:class:`~decimal.Decimal`, never float). A
reader requires the documented fields it uses, each of its documented type, and tolerates fields it
does not know (Binance adds fields over time). A missing or mistyped field, an API error body saved
in place of a response (``{"code": -2015, "msg": ...}``), or bodies that contradict one another
raise :class:`ApiBodyError`: one line naming the file and the field.

What the model does not cover is refused by name rather than skipped: hedge-mode positions
(``positionSide`` LONG/SHORT), isolated positions, single-asset mode, delivery contracts.

**Rates.** The account is valued with the asset index it came with, not with a course registry:
a real account holds today's assets (USDC, BTC, FDUSD, ...) at today's buffers, and the asset
index is Binance's own list of them, dated by its ``time``. :func:`index_registry` builds a
:class:`~marginlib.registry.Registry` from it. An asset that holds something but has no entry in
the index is refused, naming it: without a rate it cannot be valued. Binance's buffers use the
opposite sign to the guide's ask premium: ``askRate = index x (1 + askBuffer)``, the guide's
sell rate with ask premium ``-askBuffer``. The index prints rates cut to 8 decimals; a rate that
index and buffers do not reproduce within 1e-8 is used as Binance prints it, and said so.

**Marks.** ``account.json`` and ``positionRisk.json`` come from two calls. Their marks agree when
the unrealized profits of a position agree; when they do not (the mark moved between the two
calls), :attr:`ApiSnapshot.account_marks` holds the marks implied by ``account.json``
(``notional / positionAmt`` in V3, ``entryPrice + unrealizedProfit / positionAmt`` in V2), so
that each file's figures can be recomputed at its own moment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .account import MULTI_ASSETS, Account
from .brackets import Bracket, BracketTable
from .errors import InvalidInput, MarginError, json_type
from .numeric import plain
from .positions import OpenOrder, Position
from .rates import AssetRate
from .registry import AssetInfo, Registry

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

ACCOUNT = "account.json"
POSITION_RISK = "positionRisk.json"
LEVERAGE_BRACKET = "leverageBracket.json"
ASSET_INDEX = "assetIndex.json"
MULTI_ASSETS_MARGIN = "multiAssetsMargin.json"
#: The file names ``fetch`` writes and ``reconcile`` reads, one per endpoint.
FILES = (ACCOUNT, POSITION_RISK, LEVERAGE_BRACKET, ASSET_INDEX, MULTI_ASSETS_MARGIN)

#: The date the field lists below were checked, and the date of the pages they were checked on.
CHECKED = "2026-11-29 (Binance USDⓈ-M futures API pages as published on 2026-05-28)"

# --------------------------------------------------------------------------------------------
# Documented field lists (Binance's pages; the tests hold the documented examples against them)
# --------------------------------------------------------------------------------------------

#: The eleven totals, common to Account Information V2 and V3.
TOTALS = (
    "totalInitialMargin", "totalMaintMargin", "totalWalletBalance", "totalUnrealizedProfit",
    "totalMarginBalance", "totalPositionInitialMargin", "totalOpenOrderInitialMargin",
    "totalCrossWalletBalance", "totalCrossUnPnl", "availableBalance", "maxWithdrawAmount",
)
#: Account Information V2: top-level fields besides the totals, ``assets`` and ``positions``.
ACCOUNT_V2_ONLY = ("feeTier", "feeBurn", "canTrade", "canDeposit", "canWithdraw", "updateTime",
                   "multiAssetsMargin", "tradeGroupId")
#: ``assets[]`` of Account Information V3 (V2 adds ``marginAvailable``).
ACCOUNT_ASSET_V3 = (
    "asset", "walletBalance", "unrealizedProfit", "marginBalance", "maintMargin",
    "initialMargin", "positionInitialMargin", "openOrderInitialMargin", "crossWalletBalance",
    "crossUnPnl", "availableBalance", "maxWithdrawAmount", "updateTime",
)
ACCOUNT_ASSET_V2 = (*ACCOUNT_ASSET_V3[:-1], "marginAvailable", "updateTime")
#: ``positions[]`` of Account Information V2.
ACCOUNT_POSITION_V2 = (
    "symbol", "initialMargin", "maintMargin", "unrealizedProfit", "positionInitialMargin",
    "openOrderInitialMargin", "leverage", "isolated", "entryPrice", "maxNotional", "bidNotional",
    "askNotional", "positionSide", "positionAmt", "updateTime",
)
#: ``positions[]`` of Account Information V3.
ACCOUNT_POSITION_V3 = (
    "symbol", "positionSide", "positionAmt", "unrealizedProfit", "isolatedMargin", "notional",
    "isolatedWallet", "initialMargin", "maintMargin", "updateTime",
)
#: Position Information V2 (``GET /fapi/v2/positionRisk``), one object per symbol and side.
POSITION_RISK_V2 = (
    "entryPrice", "breakEvenPrice", "marginType", "isAutoAddMargin", "isolatedMargin",
    "leverage", "liquidationPrice", "markPrice", "maxNotionalValue", "positionAmt", "notional",
    "isolatedWallet", "symbol", "unRealizedProfit", "positionSide", "updateTime",
)
#: Position Information V3 (``GET /fapi/v3/positionRisk``).
POSITION_RISK_V3 = (
    "symbol", "positionSide", "positionAmt", "entryPrice", "breakEvenPrice", "markPrice",
    "unRealizedProfit", "liquidationPrice", "isolatedMargin", "notional", "marginAsset",
    "isolatedWallet", "initialMargin", "maintMargin", "positionInitialMargin",
    "openOrderInitialMargin", "adl", "bidNotional", "askNotional", "updateTime",
)
#: Notional and Leverage Brackets: per symbol (``notionalCoef`` only when adjusted) and per tier.
BRACKET_SYMBOL = ("symbol", "notionalCoef", "brackets")
BRACKET_TIER = ("bracket", "initialLeverage", "notionalCap", "notionalFloor", "maintMarginRatio",
                "cum")
#: Multi-Assets Mode Asset Index, one object per asset pair.
ASSET_INDEX_FIELDS = (
    "symbol", "time", "index", "bidBuffer", "askBuffer", "bidRate", "askRate",
    "autoExchangeBidBuffer", "autoExchangeAskBuffer", "autoExchangeBidRate",
    "autoExchangeAskRate",
)
#: Get Current Multi-Assets Mode.
MULTI_ASSETS_FIELDS = ("multiAssetsMargin",)

#: Binance prints rates cut to 8 decimals: index x (1 - buffer) must match within this.
RATE_TOLERANCE = Decimal("1e-8")


class ApiBodyError(InvalidInput):
    """A body that cannot be read: ``file`` names the file, ``field`` the place in it."""

    def __init__(self, file: str, field: str, rule: str) -> None:
        self.file = file
        super().__init__(f"{file}: {field}" if field else file, rule)


# --------------------------------------------------------------------------------------------
# Typed access to one JSON object, every error naming the file and the path
# --------------------------------------------------------------------------------------------


class _Object:
    def __init__(self, value: Any, file: str, path: str) -> None:
        if not isinstance(value, dict):
            raise ApiBodyError(file, path or "body", f"must be an object, got {json_type(value)}")
        self.value = value
        self.file = file
        self.path = path

    def where(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def has(self, name: str) -> bool:
        return name in self.value

    def raw(self, name: str) -> Any:
        if name not in self.value:
            raise ApiBodyError(self.file, self.where(name), "is missing")
        return self.value[name]

    def fail(self, name: str, rule: str) -> ApiBodyError:
        return ApiBodyError(self.file, self.where(name), rule)

    def decimal(self, name: str) -> Decimal:
        """A decimal string ("0.99495"), as Binance sends account and position numbers."""
        value = self.raw(name)
        if not isinstance(value, str):
            raise self.fail(name, f"must be a decimal string, got {json_type(value)} {value!r}")
        try:
            number = Decimal(value)
        except ArithmeticError:
            raise self.fail(name, f"must be a decimal string, got {value!r}") from None
        if not number.is_finite():
            raise self.fail(name, f"must be a finite number, got {value!r}")
        return number

    def number(self, name: str) -> Decimal:
        """A JSON number (the brackets' numbers), read exactly."""
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise self.fail(name, f"must be a JSON number, got {json_type(value)} {value!r}")
        if isinstance(value, Decimal) and not value.is_finite():
            raise self.fail(name, f"must be a finite number, got {value}")
        return Decimal(value)

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"must be a whole JSON number, got {json_type(value)} {value!r}")
        return value

    def boolean(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, got {json_type(value)} {value!r}")
        return value

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value:
            raise self.fail(name, f"must be a non-empty string, got {json_type(value)} {value!r}")
        return value

    def items(self, name: str) -> list[Any]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise self.fail(name, f"must be a list, got {json_type(value)}")
        return value


def parse(text: str | bytes, file: str) -> Any:
    """JSON text of one body, numbers kept exact; an API error body is refused by name."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as err:
        where = f"{err.msg} at line {err.lineno}"
        raise ApiBodyError(file, "", f"is not valid JSON ({where})") from None
    except (ValueError, RecursionError) as err:
        raise ApiBodyError(file, "", f"is not valid JSON ({err.__class__.__name__})") from None
    if isinstance(data, dict) and "code" in data and "msg" in data and len(data) <= 3:
        raise ApiBodyError(
            file, "code",
            f"is an API error body ({data['code']}: {data['msg']}), not a response: fetch again",
        )
    return data


# --------------------------------------------------------------------------------------------
# The readers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountAsset:
    """One entry of ``assets[]`` (in the asset's units; ``margin_available`` V2 only)."""

    asset: str
    wallet_balance: Decimal
    unrealized_profit: Decimal
    margin_balance: Decimal
    maint_margin: Decimal
    initial_margin: Decimal
    position_initial_margin: Decimal
    open_order_initial_margin: Decimal
    available_balance: Decimal
    max_withdraw_amount: Decimal
    update_time: int
    margin_available: bool | None = None

    @property
    def holds_something(self) -> bool:
        """Anything in the asset: a balance, margin or profit."""
        return any((self.wallet_balance, self.margin_balance, self.unrealized_profit,
                    self.initial_margin, self.maint_margin, self.open_order_initial_margin))


@dataclass(frozen=True)
class AccountPosition:
    """One entry of ``positions[]`` of the account body (in the contract's margin asset).

    V2 gives ``leverage``, ``isolated``, ``entry_price`` and the split of the initial margin;
    V3 gives ``notional`` and the isolated margin and wallet instead.
    """

    symbol: str
    position_side: str
    position_amt: Decimal
    unrealized_profit: Decimal
    initial_margin: Decimal
    maint_margin: Decimal
    update_time: int
    isolated: bool
    leverage: Decimal | None = None
    entry_price: Decimal | None = None
    position_initial_margin: Decimal | None = None
    open_order_initial_margin: Decimal | None = None
    notional: Decimal | None = None

    def implied_mark(self) -> Decimal | None:
        """The mark the body was computed at: notional / amount (V3), entry + uPnL / amount (V2)."""
        if not self.position_amt:
            return None
        if self.notional is not None:
            return self.notional / self.position_amt
        if self.entry_price is not None:
            return self.entry_price + self.unrealized_profit / self.position_amt
        return None


@dataclass(frozen=True)
class AccountInfo:
    """``GET /fapi/v2/account`` or ``/fapi/v3/account``: the totals (USD in multi-assets
    mode), the assets and the positions. ``multi_assets_margin`` is V2 only."""

    version: str
    totals: Mapping[str, Decimal]
    assets: tuple[AccountAsset, ...]
    positions: tuple[AccountPosition, ...]
    multi_assets_margin: bool | None = None


def read_account(data: Any, file: str = ACCOUNT) -> AccountInfo:
    """Account Information V3 (``GET /fapi/v3/account``) or V2 (``GET /fapi/v2/account``).

    Follows Binance's pages "Account Information V3(USER_DATA)" and "Account Information
    V2(USER_DATA)", field lists checked 2026-11-29 against the pages published 2026-05-28. The
    version is told by V2's own top-level fields (``multiAssetsMargin``, ``feeTier``).
    """
    body = _Object(data, file, "")
    version = "v2" if body.has("multiAssetsMargin") or body.has("feeTier") else "v3"
    totals = MappingProxyType({name: body.decimal(name) for name in TOTALS})
    assets = []
    for i, item in enumerate(body.items("assets")):
        row = _Object(item, file, f"assets[{i}]")
        assets.append(AccountAsset(
            asset=row.text("asset"),
            wallet_balance=row.decimal("walletBalance"),
            unrealized_profit=row.decimal("unrealizedProfit"),
            margin_balance=row.decimal("marginBalance"),
            maint_margin=row.decimal("maintMargin"),
            initial_margin=row.decimal("initialMargin"),
            position_initial_margin=row.decimal("positionInitialMargin"),
            open_order_initial_margin=row.decimal("openOrderInitialMargin"),
            available_balance=row.decimal("availableBalance"),
            max_withdraw_amount=row.decimal("maxWithdrawAmount"),
            update_time=row.integer("updateTime"),
            margin_available=row.boolean("marginAvailable") if version == "v2" else None,
        ))
    _unique((a.asset for a in assets), file, "assets", "asset")
    positions = []
    for i, item in enumerate(body.items("positions")):
        row = _Object(item, file, f"positions[{i}]")
        common: dict[str, Any] = dict(
            symbol=row.text("symbol"),
            position_side=_side(row),
            position_amt=row.decimal("positionAmt"),
            unrealized_profit=row.decimal("unrealizedProfit"),
            initial_margin=row.decimal("initialMargin"),
            maint_margin=row.decimal("maintMargin"),
            update_time=row.integer("updateTime"),
        )
        if version == "v2":
            positions.append(AccountPosition(
                **common, isolated=row.boolean("isolated"), leverage=row.decimal("leverage"),
                entry_price=row.decimal("entryPrice"),
                position_initial_margin=row.decimal("positionInitialMargin"),
                open_order_initial_margin=row.decimal("openOrderInitialMargin"),
            ))
        else:
            # V3 has no "isolated" flag: an isolated position is one with an isolated wallet.
            isolated = bool(row.decimal("isolatedWallet") or row.decimal("isolatedMargin"))
            positions.append(AccountPosition(
                **common, isolated=isolated, notional=row.decimal("notional"),
            ))
    return AccountInfo(
        version=version, totals=totals, assets=tuple(assets), positions=tuple(positions),
        multi_assets_margin=body.boolean("multiAssetsMargin") if version == "v2" else None,
    )


@dataclass(frozen=True)
class PositionRisk:
    """One entry of ``GET /fapi/v2/positionRisk`` or ``/fapi/v3/positionRisk``.

    ``leverage`` is V2 only; ``margin_asset`` and the margins are V3 only. ``isolated`` comes
    from V2's ``marginType`` or, in V3 (which has none), from a non-zero isolated wallet.
    ``liquidation_price`` is 0 when Binance shows none.
    """

    version: str
    symbol: str
    position_side: str
    position_amt: Decimal
    entry_price: Decimal
    mark_price: Decimal
    unrealized_profit: Decimal
    liquidation_price: Decimal
    notional: Decimal
    isolated: bool
    update_time: int
    leverage: Decimal | None = None
    margin_asset: str | None = None
    initial_margin: Decimal | None = None
    maint_margin: Decimal | None = None
    position_initial_margin: Decimal | None = None
    open_order_initial_margin: Decimal | None = None


def read_position_risk(data: Any, file: str = POSITION_RISK) -> tuple[PositionRisk, ...]:
    """Position Information V2 (``GET /fapi/v2/positionRisk``) or V3 (``/fapi/v3/positionRisk``).

    Follows Binance's pages "Position Information V2 (USER_DATA)" and "Position Information V3
    (USER_DATA)", field lists checked 2026-11-29 against the pages published 2026-05-28. V2
    carries ``leverage`` and ``marginType``; V3 carries ``marginAsset`` and the margins instead.
    """
    if not isinstance(data, list):
        raise ApiBodyError(file, "body", f"must be a list of positions, got {json_type(data)}")
    entries = []
    versions = set()
    for i, item in enumerate(data):
        row = _Object(item, file, f"[{i}]")
        version = "v2" if row.has("leverage") or row.has("marginType") else "v3"
        versions.add(version)
        if len(versions) > 1:
            raise row.fail("leverage", "V2 and V3 entries are mixed in one body")
        common: dict[str, Any] = dict(
            version=version,
            symbol=row.text("symbol"),
            position_side=_side(row),
            position_amt=row.decimal("positionAmt"),
            entry_price=row.decimal("entryPrice"),
            mark_price=row.decimal("markPrice"),
            unrealized_profit=row.decimal("unRealizedProfit"),
            liquidation_price=row.decimal("liquidationPrice"),
            notional=row.decimal("notional"),
            update_time=row.integer("updateTime"),
        )
        if version == "v2":
            margin_type = row.text("marginType").lower()
            if margin_type not in ("cross", "isolated"):
                raise row.fail("marginType", f"must be cross or isolated, got {margin_type!r}")
            entries.append(PositionRisk(
                **common, isolated=margin_type == "isolated", leverage=row.decimal("leverage"),
            ))
        else:
            isolated = bool(row.decimal("isolatedWallet") or row.decimal("isolatedMargin"))
            entries.append(PositionRisk(
                **common, isolated=isolated, margin_asset=row.text("marginAsset"),
                initial_margin=row.decimal("initialMargin"),
                maint_margin=row.decimal("maintMargin"),
                position_initial_margin=row.decimal("positionInitialMargin"),
                open_order_initial_margin=row.decimal("openOrderInitialMargin"),
            ))
    _unique(((e.symbol, e.position_side) for e in entries), file, "", "symbol")
    return tuple(entries)


def _side(row: _Object) -> str:
    side = row.text("positionSide")
    if side not in ("BOTH", "LONG", "SHORT"):
        raise row.fail("positionSide", f"must be BOTH, LONG or SHORT, got {side!r}")
    return side


@dataclass(frozen=True)
class SymbolBrackets:
    """One symbol's notional tiers; ``notional_coef`` only when Binance adjusted them."""

    symbol: str
    table: BracketTable
    notional_coef: Decimal | None = None


def read_leverage_brackets(data: Any, file: str = LEVERAGE_BRACKET) -> Mapping[str, SymbolBrackets]:
    """Notional and Leverage Brackets (``GET /fapi/v1/leverageBracket``), by symbol.

    Follows Binance's page "Notional and Leverage Brackets (USER_DATA)", field list checked
    2026-11-29 against the page published 2026-05-28: a list of symbols (or one object when a
    symbol was asked for), each tier with JSON numbers, read exactly.
    """
    items = data if isinstance(data, list) else [data]
    tables: dict[str, SymbolBrackets] = {}
    for i, item in enumerate(items):
        row = _Object(item, file, f"[{i}]" if isinstance(data, list) else "")
        symbol = row.text("symbol")
        tiers = []
        rows = row.items("brackets")
        if not rows:
            raise row.fail("brackets", "must hold at least one tier")
        for j, tier_item in enumerate(rows):
            tier = _Object(tier_item, file, row.where(f"brackets[{j}]"))
            leverage = tier.integer("initialLeverage")
            tiers.append((tier.integer("bracket"), Bracket(
                floor=tier.number("notionalFloor"), cap=tier.number("notionalCap"),
                rate=tier.number("maintMarginRatio"), cum=tier.number("cum"),
                max_leverage=leverage,
            )))
        tiers.sort(key=lambda t: t[0])
        try:
            table = BracketTable(tuple(t for _, t in tiers), symbol)
        except MarginError as err:
            raise ApiBodyError(file, row.where(err.field), err.rule) from None
        if symbol in tables:
            raise row.fail("symbol", f"{symbol} appears twice")
        coef = row.number("notionalCoef") if row.has("notionalCoef") else None
        tables[symbol] = SymbolBrackets(symbol, table, coef)
    return MappingProxyType(tables)


@dataclass(frozen=True)
class IndexEntry:
    """One asset pair of the asset index (``USDTUSD``), its margin and auto-exchange rates."""

    symbol: str
    time: int
    index: Decimal
    bid_buffer: Decimal
    ask_buffer: Decimal
    bid_rate: Decimal
    ask_rate: Decimal
    auto_exchange_bid_buffer: Decimal
    auto_exchange_ask_buffer: Decimal
    auto_exchange_bid_rate: Decimal
    auto_exchange_ask_rate: Decimal

    @property
    def asset(self) -> str:
        """The asset priced in USD: ``USDTUSD`` -> ``USDT``."""
        return self.symbol[:-3]

    def mismatches(self) -> tuple[str, ...]:
        """Rates that index x (1 -/+ buffer) does not reproduce within 1e-8, by field name."""
        checks = (
            ("bidRate", self.bid_rate, self.index * (1 - self.bid_buffer)),
            ("askRate", self.ask_rate, self.index * (1 + self.ask_buffer)),
            ("autoExchangeBidRate", self.auto_exchange_bid_rate,
             self.index * (1 - self.auto_exchange_bid_buffer)),
            ("autoExchangeAskRate", self.auto_exchange_ask_rate,
             self.index * (1 + self.auto_exchange_ask_buffer)),
        )
        return tuple(name for name, printed, exact in checks
                     if abs(printed - exact) >= RATE_TOLERANCE)

    def margin_rate(self) -> AssetRate:
        """The asset's rates as an :class:`AssetRate`: price = index, bid premium = bid buffer,
        ask premium = -ask buffer (the guide subtracts its ask premium, Binance adds its buffer),
        and the auto-exchange premiums from the auto-exchange buffers the same way (the rates a
        conversion uses; they value no margin).

        When index and buffers do not reproduce Binance's printed rates (within 1e-8), the
        premiums are taken from the printed rates instead: 1 - bidRate / index, 1 - askRate / index.
        """
        bad = self.mismatches()

        def premium(field: str, printed: Decimal, buffer: Decimal) -> Decimal:
            return 1 - printed / self.index if field in bad else buffer

        return AssetRate(
            self.asset, self.index,
            premium("bidRate", self.bid_rate, self.bid_buffer),
            premium("askRate", self.ask_rate, -self.ask_buffer),
            premium("autoExchangeBidRate", self.auto_exchange_bid_rate,
                    self.auto_exchange_bid_buffer),
            premium("autoExchangeAskRate", self.auto_exchange_ask_rate,
                    -self.auto_exchange_ask_buffer),
        )


def read_asset_index(data: Any, file: str = ASSET_INDEX) -> Mapping[str, IndexEntry]:
    """Multi-Assets Mode Asset Index (``GET /fapi/v1/assetIndex``), by asset (``USDT``).

    Follows Binance's page "Multi-Assets Mode Asset Index", field list checked 2026-11-29 against
    the page published 2026-05-28: a list (or one object when a symbol was asked for) of asset
    pairs ending in ``USD``, numbers as decimal strings, ``time`` in milliseconds.
    """
    items = data if isinstance(data, list) else [data]
    entries: dict[str, IndexEntry] = {}
    for i, item in enumerate(items):
        row = _Object(item, file, f"[{i}]" if isinstance(data, list) else "")
        symbol = row.text("symbol")
        if not symbol.endswith("USD") or len(symbol) <= 3:
            raise row.fail("symbol", f"must be an asset priced in USD (USDTUSD), got {symbol!r}")
        entry = IndexEntry(
            symbol=symbol, time=row.integer("time"), index=row.decimal("index"),
            bid_buffer=row.decimal("bidBuffer"), ask_buffer=row.decimal("askBuffer"),
            bid_rate=row.decimal("bidRate"), ask_rate=row.decimal("askRate"),
            auto_exchange_bid_buffer=row.decimal("autoExchangeBidBuffer"),
            auto_exchange_ask_buffer=row.decimal("autoExchangeAskBuffer"),
            auto_exchange_bid_rate=row.decimal("autoExchangeBidRate"),
            auto_exchange_ask_rate=row.decimal("autoExchangeAskRate"),
        )
        if entry.index <= 0:
            raise row.fail("index", f"must be positive, got {entry.index}")
        if entry.asset in entries:
            raise row.fail("symbol", f"{symbol} appears twice")
        try:
            entry.margin_rate()
        except MarginError as err:
            raise row.fail("bidBuffer", err.rule) from None
        entries[entry.asset] = entry
    return MappingProxyType(entries)


def read_multi_assets_margin(data: Any, file: str = MULTI_ASSETS_MARGIN) -> bool:
    """Get Current Multi-Assets Mode (``GET /fapi/v1/multiAssetsMargin``): true in multi-assets
    mode. Follows Binance's page "Get Current Multi-Assets Mode (USER_DATA)", checked 2026-11-29
    against the page published 2026-05-28."""
    return _Object(data, file, "").boolean("multiAssetsMargin")


def _unique(keys: Iterable[Any], file: str, path: str, name: str) -> None:
    seen = set()
    for i, key in enumerate(keys):
        if key in seen:
            where = f"{path}[{i}].{name}" if path else f"[{i}].{name}"
            shown = " ".join(key) if isinstance(key, tuple) else key
            raise ApiBodyError(file, where, f"{shown} appears twice")
        seen.add(key)


# --------------------------------------------------------------------------------------------
# Five bodies -> one account
# --------------------------------------------------------------------------------------------


def _info(rate: AssetRate) -> AssetInfo:
    """An asset index entry's premiums (margin and auto-exchange) as a registry's defaults."""
    return AssetInfo(rate.asset, rate.bid_premium, rate.ask_premium,
                     auto_bid_premium=rate.auto_bid_premium,
                     auto_ask_premium=rate.auto_ask_premium)


def index_registry(index: Mapping[str, IndexEntry], contract_assets: Iterable[str]) -> Registry:
    """A registry of the asset index's assets, dated by its newest ``time``.

    ``contract_assets`` are the margin assets of the contracts in the account (the quote assets
    that end their symbols: ``BTCUSDT`` -> ``USDT``).
    """
    newest = max((e.time for e in index.values()), default=0)
    as_of = datetime.fromtimestamp(newest / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Registry(
        name="asset-index",
        as_of=as_of,
        source=f"GET /fapi/v1/assetIndex ({ASSET_INDEX}), time {newest}",
        assets=MappingProxyType({a: _info(e.margin_rate()) for a, e in index.items()}),
        contract_assets=tuple(sorted(set(contract_assets))),
    )


@dataclass(frozen=True)
class ApiSnapshot:
    """The five bodies of one account, read, and the :class:`Account` they describe.

    ``account`` is at ``positionRisk.json``'s marks; ``account_marks`` are the marks
    ``account.json`` was computed at (the same unless the mark moved between the two calls).
    ``notes`` say what was inferred, taken on trust or left out, one sentence each.
    """

    directory: str
    info: AccountInfo
    risk: tuple[PositionRisk, ...]
    brackets: Mapping[str, SymbolBrackets]
    index: Mapping[str, IndexEntry]
    account: Account
    account_marks: Mapping[str, Decimal]
    notes: tuple[str, ...] = ()
    inferred_leverage: tuple[str, ...] = field(default=())

    @property
    def account_at_account_marks(self) -> Account:
        """The account at the marks ``account.json`` was computed at."""
        moved = {s: m for s, m in self.account_marks.items()
                 if m != next(p.mark_price for p in self.account.positions if p.symbol == s)}
        return self.account.with_marks(moved) if moved else self.account

    @property
    def versions(self) -> str:
        """Which endpoint versions the two versioned files follow."""
        risk = self.risk[0].version.upper() if self.risk else "(empty)"
        return f"{ACCOUNT} {self.info.version.upper()}, {POSITION_RISK} {risk}"


def read_snapshot(directory: str | Path | Traversable) -> ApiSnapshot:
    """Read the five files of ``directory`` and build the account (see the module docstring)."""
    folder = Path(directory) if isinstance(directory, str) else directory
    data = {}
    for name in FILES:
        try:
            text = folder.joinpath(name).read_bytes()
        except OSError as err:
            reason = "missing" if isinstance(err, FileNotFoundError) else err.__class__.__name__
            raise ApiBodyError(name, "", f"cannot be read from {directory} ({reason})") from None
        data[name] = parse(text, name)
    info = read_account(data[ACCOUNT])
    risk = read_position_risk(data[POSITION_RISK])
    brackets = read_leverage_brackets(data[LEVERAGE_BRACKET])
    index = read_asset_index(data[ASSET_INDEX])
    multi = read_multi_assets_margin(data[MULTI_ASSETS_MARGIN])
    return _snapshot(str(directory), info, risk, brackets, index, multi)


def read_account_bodies(directory: str | Path | Traversable) -> Account:
    """The :class:`Account` that the five bodies in ``directory`` describe."""
    return read_snapshot(directory).account


#: The example accounts shipped with the course (``marginlib/data/accounts/NAME``).
EXAMPLES = ("faq-2022", "funding-paid")


def example_directory(name: str) -> Traversable:
    """The folder of a shipped example's bodies (``faq-2022``, ``funding-paid``)."""
    if name not in EXAMPLES:
        raise InvalidInput("example", f"must be one of {', '.join(EXAMPLES)}, got {name!r}")
    # Imported here: importlib.resources costs a few milliseconds that most imports never need.
    from importlib import resources

    return resources.files("marginlib").joinpath("data", "accounts", name)


def example_source(name: str) -> str:
    """Where every number of a shipped example comes from (its ``_source.md``)."""
    return example_directory(name).joinpath("_source.md").read_text("utf-8")


def read_example(name: str) -> ApiSnapshot:
    """A shipped example, read like any folder of bodies."""
    return read_snapshot(example_directory(name))


def _snapshot(directory: str, info: AccountInfo, risk: tuple[PositionRisk, ...],
              brackets: Mapping[str, SymbolBrackets], index: Mapping[str, IndexEntry],
              multi: bool) -> ApiSnapshot:
    """The account the bodies describe, in named steps: what the model covers, which assets are
    margin, their rates, the positions and their marks, the open orders."""
    notes: list[str] = []
    open_risk = _modelled_positions(info, risk, multi)
    held = {(p.symbol, p.position_side): (j, p) for j, p in enumerate(info.positions)
            if p.position_amt}
    contract_assets = _contract_assets(info, open_risk, index)
    wallet = _wallet(info, index, contract_assets, notes)
    registry = index_registry({a: e for a, e in index.items() if a in wallet}, contract_assets)
    rates = {a: index[a].margin_rate() for a in wallet}
    for asset in wallet:
        bad = index[asset].mismatches()
        if {"bidRate", "askRate"} & set(bad):
            notes.append(f"{ASSET_INDEX}: {asset}'s {' and '.join(bad)} differ from index x (1 -/+ "
                         "buffer) by 1e-8 or more: Binance's printed rates are used")
    positions = []
    account_marks: dict[str, Decimal] = {}
    inferred = []
    for i, entry in open_risk:
        j, mirror = held[(entry.symbol, entry.position_side)]
        position, leverage_inferred = _position(i, entry, j, mirror, brackets, notes)
        positions.append(position)
        if leverage_inferred:
            inferred.append(entry.symbol)
        account_marks[entry.symbol] = _account_mark(i, entry, j, mirror, notes)
    orders = _open_orders(info, registry, notes)
    try:
        account = Account(rates=rates, wallet=wallet, positions=tuple(positions),
                          mode=MULTI_ASSETS, open_orders=orders, registry=registry)
    except MarginError as err:
        raise ApiBodyError(ACCOUNT, "", str(err)) from None
    return ApiSnapshot(
        directory=directory, info=info, risk=risk, brackets=brackets, index=index,
        account=account, account_marks=MappingProxyType(account_marks), notes=tuple(notes),
        inferred_leverage=tuple(inferred),
    )


def _modelled_positions(info: AccountInfo, risk: tuple[PositionRisk, ...],
                        multi: bool) -> list[tuple[int, PositionRisk]]:
    """The open positions of ``positionRisk.json`` (with their index), once everything the model
    does not cover has been refused by name: single-asset mode, hedge mode, isolated margin,
    delivery contracts, and positions the two files disagree on (two moments)."""
    if not multi:
        raise ApiBodyError(
            MULTI_ASSETS_MARGIN, "multiAssetsMargin",
            "false: the account is in single-asset mode; reconciling covers multi-assets mode, "
            "the mode this course teaches",
        )
    if info.multi_assets_margin is False:
        raise ApiBodyError(
            ACCOUNT, "multiAssetsMargin",
            f"false, but {MULTI_ASSETS_MARGIN} says true: the files are from two moments",
        )
    open_risk = [(i, e) for i, e in enumerate(risk) if e.position_amt]
    for i, entry in open_risk:
        if entry.position_side != "BOTH":
            raise ApiBodyError(
                POSITION_RISK, f"[{i}].positionSide",
                f"{entry.position_side} ({entry.symbol}) is hedge mode, which marginlib does not "
                "model: one-way positions (BOTH) only",
            )
        if entry.isolated:
            field_name = "marginType" if entry.version == "v2" else "isolatedWallet"
            raise ApiBodyError(POSITION_RISK, f"[{i}].{field_name}", _isolated(entry.symbol))
        if "_" in entry.symbol:
            raise ApiBodyError(
                POSITION_RISK, f"[{i}].symbol",
                f"{entry.symbol} is a delivery contract, which marginlib does not model",
            )
    risk_keys = {(e.symbol, e.position_side) for _, e in open_risk}
    for j, row in enumerate(info.positions):
        if not row.position_amt:
            continue
        if row.isolated:
            field_name = "isolated" if info.version == "v2" else "isolatedWallet"
            raise ApiBodyError(ACCOUNT, f"positions[{j}].{field_name}", _isolated(row.symbol))
        if (row.symbol, row.position_side) not in risk_keys:
            raise ApiBodyError(
                ACCOUNT, f"positions[{j}].positionAmt",
                f"{row.symbol} holds {row.position_amt} but {POSITION_RISK} has no "
                "such position: the files are from two moments (fetch again)",
            )
    return open_risk


def _isolated(symbol: str) -> str:
    return (f"{symbol} is isolated, which marginlib does not model in multi-assets mode (cross "
            "margin only)")


def _contract_assets(info: AccountInfo, open_risk: list[tuple[int, PositionRisk]],
                     index: Mapping[str, IndexEntry]) -> set[str]:
    """The margin assets of the contracts held or with orders (``BTCUSDT`` -> ``USDT``)."""
    found = {_quote_asset(entry.symbol, index, entry.margin_asset, f"[{i}].symbol")
             for i, entry in open_risk}
    for row in info.positions:
        # V2 lists every symbol of the market: only those holding or reserving margin count.
        if (row.position_amt or row.initial_margin) and "_" not in row.symbol:
            asset = _suffix(row.symbol, index)
            if asset:
                found.add(asset)
    return found


def _wallet(info: AccountInfo, index: Mapping[str, IndexEntry], contract_assets: set[str],
            notes: list[str]) -> dict[str, Decimal]:
    """Every margin asset in play and its wallet balance: each needs a rate from the index."""
    wallet: dict[str, Decimal] = {}
    skipped = []
    for i, row in enumerate(info.assets):
        in_play = row.holds_something or row.asset in contract_assets
        if row.margin_available is False:
            if row.holds_something:
                notes.append(f"{row.asset} is not usable as margin (marginAvailable false): "
                             "left out")
        elif row.asset not in index and in_play:
            raise ApiBodyError(
                ACCOUNT, f"assets[{i}].asset",
                f"{row.asset} holds {row.wallet_balance} but {ASSET_INDEX} has no "
                f"{row.asset}USD rate to value it",
            )
        elif in_play:
            wallet[row.asset] = row.wallet_balance
        else:
            skipped.append(row.asset)
    if skipped:
        notes.append(f"assets holding nothing are left out: {', '.join(skipped)}")
    for asset in sorted(contract_assets - set(wallet)):
        if asset not in index:
            raise ApiBodyError(ASSET_INDEX, "symbol",
                               f"no {asset}USD rate for {asset}-margined contracts")
        wallet[asset] = Decimal(0)
    return wallet


def _position(i: int, entry: PositionRisk, j: int, mirror: AccountPosition,
              brackets: Mapping[str, SymbolBrackets], notes: list[str]) -> tuple[Position, bool]:
    """The position of ``positionRisk.json``'s entry ``i`` at its mark, and whether its leverage
    had to be inferred (V3 bodies carry none)."""
    if mirror.position_amt != entry.position_amt:
        raise ApiBodyError(
            POSITION_RISK, f"[{i}].positionAmt",
            f"{entry.symbol} holds {entry.position_amt} here but {mirror.position_amt} in "
            f"{ACCOUNT} (positions[{j}]): the files are from two moments (fetch again)",
        )
    leverage = entry.leverage if entry.leverage is not None else mirror.leverage
    inferred = leverage is None
    if leverage is None:
        leverage = _inferred_leverage(entry, i)
        notes.append(f"{entry.symbol}: the V3 bodies carry no leverage; {leverage}x is "
                     f"inferred from {POSITION_RISK} positionInitialMargin")
    if entry.symbol not in brackets:
        raise ApiBodyError(LEVERAGE_BRACKET, "symbol",
                           f"no brackets for {entry.symbol}, which the account holds")
    tiers = brackets[entry.symbol]
    if tiers.notional_coef is not None and tiers.notional_coef != 1:
        notes.append(f"{entry.symbol}: notionalCoef {tiers.notional_coef}: the brackets are used "
                     "as given (a modelling choice: the documentation does not say whether they "
                     "are already scaled)")
    try:
        # Opened at its entry price (where the leverage was accepted), then marked: a mark that
        # has carried the notional into a lower-leverage tier re-prices, never refuses.
        position = Position(
            entry.symbol, entry.position_amt, entry.entry_price, entry.entry_price, leverage,
            bracket_table=tiers.table,
        ).with_mark(entry.mark_price)
    except MarginError as err:
        raise ApiBodyError(POSITION_RISK, f"[{i}]", str(err)) from None
    return position, inferred


def _account_mark(i: int, entry: PositionRisk, j: int, mirror: AccountPosition,
                  notes: list[str]) -> Decimal:
    """The mark ``account.json`` was computed at: ``positionRisk.json``'s when their unrealized
    profits agree (within the two 8-decimal cuts), else the one ``account.json`` implies."""
    if abs(mirror.unrealized_profit - entry.unrealized_profit) <= 2 * RATE_TOLERANCE:
        return entry.mark_price
    implied = mirror.implied_mark()
    if implied is None or implied <= 0:
        raise ApiBodyError(ACCOUNT, f"positions[{j}].unrealizedProfit",
                           f"implies no positive mark for {entry.symbol}")
    notes.append(
        f"the mark moved between the two calls: {entry.symbol} at {plain(entry.mark_price)} in "
        f"{POSITION_RISK} ([{i}].markPrice) and {plain(implied)} in {ACCOUNT} "
        f"(positions[{j}].unrealizedProfit): each figure is computed at the mark of its own file"
    )
    return implied


def _suffix(symbol: str, index: Mapping[str, IndexEntry]) -> str | None:
    """The longest index asset that ends ``symbol`` (``BTCUSDT`` -> ``USDT``), if any."""
    found = [a for a in index if symbol.endswith(a) and len(symbol) > len(a)]
    return max(found, key=len) if found else None


def _quote_asset(symbol: str, index: Mapping[str, IndexEntry], margin_asset: str | None,
                 where: str) -> str:
    found = _suffix(symbol, index)
    if found is None:
        raise ApiBodyError(POSITION_RISK, where,
                           f"{symbol}: no asset of {ASSET_INDEX} ends the symbol (its margin asset "
                           "has no rate)")
    if margin_asset is not None and margin_asset != found:
        raise ApiBodyError(POSITION_RISK, where.replace(".symbol", ".marginAsset"),
                           f"{margin_asset} is not the asset that ends {symbol} ({found})")
    return found


def _inferred_leverage(entry: PositionRisk, i: int) -> Decimal:
    """Leverage = notional / position initial margin, rounded to a whole number (Binance's
    leverages are whole): the V3 bodies state no leverage."""
    margin = entry.position_initial_margin
    if not margin:
        raise ApiBodyError(POSITION_RISK, f"[{i}].positionInitialMargin",
                           f"{entry.symbol}: no leverage in the V3 bodies and no initial margin "
                           "to infer it from")
    return Decimal(round(abs(entry.notional) / margin))


def _open_orders(info: AccountInfo, registry: Registry, notes: list[str]) -> tuple[OpenOrder, ...]:
    """Open orders as the initial margin they reserve, taken from Binance (the orders themselves
    are not in these bodies): one order of size 1, price = margin, leverage 1, per symbol (V2)
    or per asset on a symbol of that asset (V3)."""
    orders = []
    if info.version == "v2":
        for p in info.positions:
            if p.open_order_initial_margin:
                orders.append(OpenOrder(p.symbol, Decimal(1), p.open_order_initial_margin,
                                        Decimal(1)))
    else:
        for i, a in enumerate(info.assets):
            if not a.open_order_initial_margin:
                continue
            symbol = next((p.symbol for p in info.positions
                           if "_" not in p.symbol and _margin_asset(registry, p.symbol) == a.asset),
                          None)
            if symbol is None:
                raise ApiBodyError(ACCOUNT, f"assets[{i}].openOrderInitialMargin",
                                   f"{a.asset} reserves margin for orders on no listed symbol")
            orders.append(OpenOrder(symbol, Decimal(1), a.open_order_initial_margin, Decimal(1)))
    if orders:
        total = ", ".join(f"{o.symbol} {plain(o.initial_margin)}" for o in orders)
        notes.append(f"open orders reserve initial margin ({total}): taken from Binance's "
                     "openOrderInitialMargin, as the orders are not in these bodies")
    return tuple(orders)


def _margin_asset(registry: Registry, symbol: str) -> str | None:
    try:
        return registry.margin_asset_of(symbol)
    except MarginError:
        return None


__all__ = [
    "ACCOUNT", "ASSET_INDEX", "EXAMPLES", "FILES", "LEVERAGE_BRACKET", "MULTI_ASSETS_MARGIN",
    "POSITION_RISK", "AccountAsset", "AccountInfo", "AccountPosition", "ApiBodyError",
    "ApiSnapshot", "IndexEntry", "PositionRisk", "SymbolBrackets", "example_directory",
    "example_source", "index_registry", "parse", "read_account", "read_account_bodies",
    "read_asset_index", "read_example", "read_leverage_brackets", "read_multi_assets_margin",
    "read_position_risk", "read_snapshot",
]
