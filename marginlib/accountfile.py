"""Accounts from JSON files, and summaries as JSON with Binance's field names.

Input (numbers may be JSON numbers or strings; a missing premium is 0)::

    {"mode": "multi-assets",                      # or "single-asset"; default multi-assets
     "registry": "guide",                         # or "today" or "faq-2022"; default guide
     "rates": {"USDT": {"price": "0.99", "bid_premium": "0.01", "ask_premium": "-0.005"},
               "BUSD": {"price": "1"}},
     "wallet": {"USDT": "200", "BUSD": "220"},
     "positions": [{"symbol": "BTCUSDT", "size": "0.5", "entry_price": "20000",
                    "mark_price": "19000", "leverage": 100, "maint_margin_rate": "0.008",
                    "maint_amount": "0", "isolated": false}],
     "open_orders": [{"symbol": "ETHBUSD", "size": "1", "price": "600", "leverage": 50}],
     "borrowed": {}, "interest": {}, "bonus": {}, "realized_pnl": {},
     "grid_bots": 0, "isolated_symbols": []}

``maint_margin_rate`` may be left out for symbols with shipped brackets (BTCUSDT, ETHUSDT,
BTCUSDC, ETHUSDC): rate and amount then come from the notional's tier.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .account import Account
from .errors import InvalidInput
from .positions import OpenOrder, Position
from .rates import AssetRate
from .registry import REGISTRIES
from .summary import AccountSummary

_TOP = {"mode", "registry", "rates", "wallet", "positions", "open_orders", "borrowed",
        "interest", "bonus", "realized_pnl", "grid_bots", "isolated_symbols"}
_POSITION = {"symbol", "size", "entry_price", "mark_price", "leverage", "maint_margin_rate",
             "maint_amount", "isolated"}
_ORDER = {"symbol", "size", "price", "leverage"}
_RATE = {"price", "bid_premium", "ask_premium"}


def account_from_json(text: str) -> Account:
    """An account from JSON text (the file format above).

    ``NaN`` and ``Infinity`` (which Python's json accepts) are read as non-finite Decimals, so
    that the error names the field they stand in ("wallet.USDT: must be finite").
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as err:
        raise InvalidInput("file", f"must be valid JSON ({err.msg} at line {err.lineno})") from None
    except ValueError as err:  # an integer beyond Python's digit limit
        raise InvalidInput("file", f"must be valid JSON ({err})") from None
    except RecursionError:
        raise InvalidInput("file", "must be valid JSON (nested too deeply)") from None
    return account_from_dict(data)


def load_account(path: str | Path) -> Account:
    """An account from a JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput("file", f"cannot be read ({err.__class__.__name__}: {path})") from None
    return account_from_json(text)


def _object(value: Any, field: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, f"must be an object, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InvalidInput(f"{field}.{unknown[0]}", "is not a known field")
    missing = sorted(required - set(value))
    if missing:
        raise InvalidInput(f"{field}.{missing[0]}", "is required")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(field, f"must be a list, got {type(value).__name__}")
    return value


def _amounts(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        raise InvalidInput(field, f"must be an object of asset to amount, got {kind}")
    return dict(value)


def account_from_dict(data: Any) -> Account:
    """An :class:`Account` from parsed JSON, every error naming its field and rule."""
    data = _object(data, "account", _TOP, {"rates", "wallet"})
    registry_name = data.get("registry", "guide")
    if not isinstance(registry_name, str) or registry_name not in REGISTRIES:
        raise InvalidInput("registry", f"must be one of {', '.join(REGISTRIES)}")
    registry = REGISTRIES[registry_name]
    rates_in = data["rates"]
    if not isinstance(rates_in, Mapping) or not rates_in:
        raise InvalidInput("rates", "must be a non-empty object of asset to rate")
    rates = {}
    for asset, spec in rates_in.items():
        registry.check_asset(asset, f"rates.{asset}")
        spec = _object(spec, f"rates.{asset}", _RATE, {"price"})
        rates[asset] = AssetRate(
            asset, spec["price"], spec.get("bid_premium", Decimal(0)),
            spec.get("ask_premium", Decimal(0)),
        )
    positions = []
    for i, item in enumerate(_list(data.get("positions", []), "positions")):
        item = _object(item, f"positions[{i}]", _POSITION,
                       {"symbol", "size", "entry_price", "mark_price", "leverage"})
        if not isinstance(item["symbol"], str):
            raise InvalidInput(f"positions[{i}].symbol", "must be a string")
        registry.margin_asset_of(item["symbol"], f"positions[{i}].symbol")
        positions.append(Position(
            item["symbol"], item["size"], item["entry_price"], item["mark_price"],
            item["leverage"], item.get("maint_margin_rate"), item.get("maint_amount", Decimal(0)),
            item.get("isolated", False),
        ))
    orders = []
    for i, item in enumerate(_list(data.get("open_orders", []), "open_orders")):
        item = _object(item, f"open_orders[{i}]", _ORDER, _ORDER)
        if not isinstance(item["symbol"], str):
            raise InvalidInput(f"open_orders[{i}].symbol", "must be a string")
        registry.margin_asset_of(item["symbol"], f"open_orders[{i}].symbol")
        orders.append(OpenOrder(item["symbol"], item["size"], item["price"], item["leverage"]))
    isolated = _list(data.get("isolated_symbols", []), "isolated_symbols")
    if not all(isinstance(s, str) for s in isolated):
        raise InvalidInput("isolated_symbols", "must be a list of symbols")
    mode = data.get("mode", "multi-assets")
    if not isinstance(mode, str):
        raise InvalidInput("mode", "must be a string")
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
        grid_bots=data.get("grid_bots", 0),
        isolated_symbols=tuple(isolated),
        registry=registry,
    )


def _text(value: Decimal) -> str:
    # Full precision, no exponent (Binance's API sends numbers as plain decimal strings).
    return "Infinity" if value.is_infinite() else f"{value.normalize():f}"


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
