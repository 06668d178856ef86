"""Accounts from JSON files, and summaries as JSON with Binance's field names.

Input::

    {"mode": "multi-assets",                      # or "single-asset"; default multi-assets
     "registry": "guide",                         # or "today" or "faq-2022"; default guide
     "rates": {"USDT": {"price": "0.99", "bid_premium": "0.01", "ask_premium": "-0.005"},
               "BUSD": {"price": "1"}},
     "wallet": {"USDT": "200", "BUSD": "220"},
     "positions": [{"symbol": "BTCUSDT", "size": "0.5", "entry_price": "20000",
                    "mark_price": "19000", "leverage": 100, "maint_margin_rate": "0.008",
                    "maint_amount": "0", "isolated": false, "position_side": "BOTH"}],
     "open_orders": [{"symbol": "ETHBUSD", "size": "1", "price": "600", "leverage": 50}],
     "borrowed": {}, "interest": {}, "bonus": {}, "realized_pnl": {},
     "grid_bots": 0, "isolated_symbols": []}

Numbers are JSON numbers, or strings in JSON's number syntax (ASCII digits: no ``"1_000"``, no
Arabic-Indic or full-width digits); ``null`` is refused for every value. A premium left out is
the registry's default for that asset (``registry.assets[asset]``: BTC's 5% haircut in today's
registry, 2.5% in faq-2022's; 0 for the stablecoins), never 0 silently. ``maint_margin_rate``
may be left out for symbols with shipped brackets (BTCUSDT, ETHUSDT, BTCUSDC, ETHUSDC): rate and
amount then come from the notional's tier.

Refused, each with one line naming the field: a key twice in one object (JSON would keep the
last silently), a symbol twice in ``positions`` (one-way mode: one position per symbol), a
``position_side`` other than ``"BOTH"`` (hedge mode is not modelled), ``isolated: true`` (isolated
margin is not modelled; multi-assets mode refuses it anyway), an amount borrowed, owed or given
in an asset without a rate, and every range of :mod:`marginlib.numeric`, :mod:`marginlib.rates`
and :mod:`marginlib.positions`. :func:`load_account` reads regular files of at most
:data:`MAX_FILE_BYTES`, in UTF-8 (a UTF-8 byte-order mark is skipped).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .account import MODES, SINGLE_ASSET, Account
from .errors import InvalidInput, json_type, shown
from .numeric import plain_exact
from .positions import OpenOrder, Position
from .rates import REGISTRY_DEFAULT, AssetRate
from .registry import REGISTRIES
from .summary import AccountSummary

_TOP = {"mode", "registry", "rates", "wallet", "positions", "open_orders", "borrowed",
        "interest", "bonus", "realized_pnl", "grid_bots", "isolated_symbols"}
_POSITION = {"symbol", "size", "entry_price", "mark_price", "leverage", "maint_margin_rate",
             "maint_amount", "isolated", "position_side"}
_ORDER = {"symbol", "size", "price", "leverage"}
_RATE = {"price", "bid_premium", "ask_premium"}

#: The largest account file read (bytes): thousands of positions. A larger file (or a device
#: such as /dev/zero) is refused before it is read.
MAX_FILE_BYTES = 1024 * 1024


class _Object(dict[str, Any]):
    """A JSON object as parsed, remembering a key it held twice (JSON's last-wins would drop
    the first silently: a second ``"positions": []`` empties the positions)."""

    duplicate: str | None = None


def _object_hook(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    for key, value in pairs:
        if key in result and result.duplicate is None:
            result.duplicate = key
        result[key] = value
    return result


def _find_duplicate(data: Any) -> str | None:
    """The path of the first key held twice (``rates.USDT.price``), walking without recursion."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _Object):
            if value.duplicate is not None:
                return f"{where}.{value.duplicate}" if where else value.duplicate
            stack.extend((f"{where}.{k}" if where else k, v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None


def account_from_json(text: str) -> Account:
    """An account from JSON text (the file format above).

    ``NaN`` and ``Infinity`` (which Python's json accepts) are read as non-finite Decimals, so
    that the error names the field they stand in ("wallet.USDT: must be finite").
    """
    if not isinstance(text, str):
        raise InvalidInput("file", f"must be JSON text, got {json_type(text)}")
    duplicates = False

    def hook(pairs: list[tuple[str, Any]]) -> _Object:
        nonlocal duplicates
        result = _object_hook(pairs)
        duplicates = duplicates or result.duplicate is not None
        return result

    try:
        data = json.loads(text.removeprefix("\ufeff"), parse_float=Decimal,
                          parse_constant=Decimal, object_pairs_hook=hook)
    except json.JSONDecodeError as err:
        raise InvalidInput("file", f"must be valid JSON ({err.msg} at line {err.lineno})") from None
    except ValueError as err:  # an integer beyond Python's digit limit
        raise InvalidInput("file", f"must be valid JSON ({err})") from None
    except RecursionError:
        raise InvalidInput("file", "must be valid JSON (nested too deeply)") from None
    if duplicates:
        key = _find_duplicate(data)
        raise InvalidInput(str(key), "appears twice in one JSON object (each key once: JSON "
                                     "readers would keep the last silently)")
    return account_from_dict(data)


def load_account(path: str | Path) -> Account:
    """An account from a JSON file: a regular file of at most :data:`MAX_FILE_BYTES`, UTF-8."""
    return account_from_json(_read_text(path))


def _read_text(path: str | Path) -> str:
    """The file's text. Opened without blocking (a FIFO nobody writes does not hang), checked to
    be a regular file of at most MAX_FILE_BYTES before a byte is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as err:
        raise InvalidInput("file", f"cannot be read ({err.__class__.__name__}: "
                                   f"{shown(str(path), 80)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput("file", f"must be a regular file, not a device, FIFO or folder: "
                                       f"{shown(str(path), 80)}")
        if info.st_size > MAX_FILE_BYTES:
            raise InvalidInput("file", f"is {info.st_size:,} bytes; account files are limited "
                                       f"to {MAX_FILE_BYTES:,} bytes")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise InvalidInput("file", f"cannot be read ({err.__class__.__name__}: "
                                   f"{shown(str(path), 80)})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise InvalidInput("file", f"account files are limited to {MAX_FILE_BYTES:,} bytes")
    return _decoded(data)


def _decoded(data: bytes) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is skipped); UTF-16 and UTF-32 get a plain sentence."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
        raise InvalidInput("file", "must be UTF-8 text; this file looks like UTF-16 or UTF-32 "
                                   "(save it as UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput("file", f"must be UTF-8 text (byte {data[err.start]:#04x} at offset "
                                   f"{err.start} is not UTF-8)") from None


def _object(value: Any, field: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, f"must be an object, got {json_type(value)}")
    unknown = sorted(str(k) for k in set(value) - allowed)
    if unknown:
        raise InvalidInput(f"{field}.{unknown[0]}", "is not a known field")
    missing = sorted(required - set(value))
    if missing:
        raise InvalidInput(f"{field}.{missing[0]}", "is required")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(field, f"must be an array, got {json_type(value)}")
    return value


def _amounts(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, f"must be an object of asset to amount, got {json_type(value)}")
    return dict(value)


def _symbol(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, f"must be a string, got {json_type(value)}")
    return value


def _choice(data: Mapping[str, Any], key: str, choices: Any, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or value not in choices:
        got = shown(value) if isinstance(value, str) else json_type(value)
        raise InvalidInput(key, f"must be one of {', '.join(choices)}, got {got}")
    return value


def _position(item: Any, field: str, mode: str) -> Position:
    """One entry of ``positions``: every value checked, ``null`` refused."""
    item = _object(item, field, _POSITION, {"symbol", "size", "entry_price", "mark_price",
                                            "leverage"})
    symbol = _symbol(item["symbol"], f"{field}.symbol")
    for key, value in item.items():
        if value is None:  # null never means "leave it out" (it would switch to the brackets)
            raise InvalidInput(f"{field}.{key}", "must not be null (leave the key out instead)")
    side = item.get("position_side", "BOTH")
    if side != "BOTH":
        raise InvalidInput(f"{field}.position_side",
                           f"must be \"BOTH\" (one-way mode), got {shown(side)}: hedge mode "
                           "(LONG and SHORT of one symbol) is not modelled")
    if item.get("isolated") is True and mode == SINGLE_ASSET:
        raise InvalidInput(f"{field}.isolated", f"{symbol}: isolated margin is not modelled; "
                                                "marginlib computes cross margin only")
    return Position(symbol, item["size"], item["entry_price"], item["mark_price"],
                    item["leverage"], item.get("maint_margin_rate"),
                    item.get("maint_amount", Decimal(0)), item.get("isolated", False))


def account_from_dict(data: Any) -> Account:
    """An :class:`Account` from parsed JSON, every error naming its field and rule."""
    data = _object(data, "account", _TOP, {"rates", "wallet"})
    registry = REGISTRIES[_choice(data, "registry", REGISTRIES, "guide")]
    mode = _choice(data, "mode", MODES, "multi-assets")
    rates_in = data["rates"]
    if not isinstance(rates_in, Mapping) or not rates_in:
        raise InvalidInput("rates", "must be a non-empty object of asset to rate, got "
                                    f"{json_type(rates_in)}")
    rates = {}
    for asset, spec in rates_in.items():
        registry.check_asset(asset, f"rates.{asset}")
        spec = _object(spec, f"rates.{asset}", _RATE, {"price"})
        # A premium left out is the registry's default for the asset (Account fills it in).
        rates[asset] = AssetRate(asset, spec["price"],
                                 spec.get("bid_premium", REGISTRY_DEFAULT),
                                 spec.get("ask_premium", REGISTRY_DEFAULT))
    positions = []
    for i, item in enumerate(_list(data.get("positions", []), "positions")):
        field = f"positions[{i}]"
        if isinstance(item, Mapping) and isinstance(item.get("symbol"), str):
            registry.margin_asset_of(item["symbol"], f"{field}.symbol")
        positions.append(_position(item, field, mode))
    orders = []
    for i, item in enumerate(_list(data.get("open_orders", []), "open_orders")):
        item = _object(item, f"open_orders[{i}]", _ORDER, _ORDER)
        symbol = _symbol(item["symbol"], f"open_orders[{i}].symbol")
        registry.margin_asset_of(symbol, f"open_orders[{i}].symbol")
        orders.append(OpenOrder(symbol, item["size"], item["price"], item["leverage"]))
    isolated = _list(data.get("isolated_symbols", []), "isolated_symbols")
    for i, symbol in enumerate(isolated):
        registry.margin_asset_of(_symbol(symbol, f"isolated_symbols[{i}]"),
                                 f"isolated_symbols[{i}]")
    grid_bots = data.get("grid_bots", 0)
    if isinstance(grid_bots, Decimal) and grid_bots == grid_bots.to_integral_value() and (
        grid_bots.is_finite()
    ):
        grid_bots = int(grid_bots)  # 2.0 is a whole number
    return Account(
        rates=rates,
        wallet=_amounts(data["wallet"], "wallet"),
        positions=tuple(positions),
        mode=mode,
        open_orders=tuple(orders),
        borrowed=_amounts(data.get("borrowed", {}), "borrowed"),
        interest=_amounts(data.get("interest", {}), "interest"),
        bonus=_amounts(data.get("bonus", {}), "bonus"),
        realized_pnl=_amounts(data.get("realized_pnl", {}), "realized_pnl"),
        grid_bots=grid_bots,
        isolated_symbols=tuple(isolated),
        registry=registry,
    )


def _text(value: Decimal) -> str:
    """Full precision, no exponent (Binance's API sends numbers as plain decimal strings), no
    ``-0``; every accepted account's figures print (the ranges of :mod:`marginlib.numeric`)."""
    if value.is_infinite():
        return "Infinity" if value > 0 else "-Infinity"
    if not value:
        return "0"
    return plain_exact(value)


def summary_to_json(summary: AccountSummary) -> dict[str, Any]:
    """The summary with Binance's field names (GET /fapi/v2/account), numbers as strings."""
    return {
        "mode": summary.mode,
        "totalWalletBalance": _text(summary.total_wallet_balance),
        "totalUnrealizedProfit": _text(summary.total_unrealized_profit),
        "totalMarginBalance": _text(summary.equity),
        "totalMaintMargin": _text(summary.maintenance_margin),
        "totalInitialMargin": _text(summary.initial_margin),
        "marginRatio": _text(summary.margin_ratio),
        "availableBalance": _text(summary.available),
        "maxWithdrawAmount": _text(summary.max_withdraw),
        "assets": [
            {
                "asset": row.asset,
                "walletBalance": _text(row.wallet_balance),
                "unrealizedProfit": _text(row.unrealized_pnl),
                "marginBalance": _text(row.margin_balance),
                "maintMargin": _text(row.maintenance_margin),
                "initialMargin": _text(row.initial_margin),
                "availableBalance": _text(row.available),
                "maxWithdrawAmount": _text(row.max_withdraw),
            }
            for row in summary.assets
        ],
    }
