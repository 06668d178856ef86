"""The guide's worked example: its rates table and its three scenarios, and what it prints.

:data:`GUIDE_FIGURES` holds every figure exactly as the guide prints it, so the course and the
tests can set it beside what marginlib computes. Two of them differ from ours (Scenario 3's
maintenance margin and ratio): see :data:`GUIDE_NOTES`.
"""

from __future__ import annotations

from decimal import Decimal

from .account import Account
from .errors import InvalidInput
from .positions import Position
from .rates import AssetRate


def guide_rates() -> dict[str, AssetRate]:
    """USDT at 0.99 with bid premium +0.01 and ask premium -0.005; BUSD at 1 with none."""
    return {
        "USDT": AssetRate("USDT", Decimal("0.99"), Decimal("0.01"), Decimal("-0.005")),
        "BUSD": AssetRate("BUSD", Decimal("1")),
    }


def guide_positions(btc_mark: Decimal = Decimal(20000), eth_mark: Decimal = Decimal(600)) -> tuple[
    Position, ...
]:
    """0.5 BTCUSDT at 20,000 (100x, 0.8%) and 20 ETHBUSD at 600 (50x, 1%), at the given marks."""
    return (
        Position("BTCUSDT", Decimal("0.5"), Decimal(20000), btc_mark, Decimal(100),
                 Decimal("0.008")),
        Position("ETHBUSD", Decimal(20), Decimal(600), eth_mark, Decimal(50), Decimal("0.01")),
    )


def scenario(number: int) -> Account:
    """Scenario 1 (no positions), 2 (positions at entry) or 3 (BTC 19,000, ETH 620)."""
    wallet = {"USDT": Decimal(200), "BUSD": Decimal(220)}
    if number == 1:
        return Account(guide_rates(), wallet)
    if number == 2:
        return Account(guide_rates(), wallet, guide_positions())
    if number == 3:
        return Account(guide_rates(), wallet, guide_positions(Decimal(19000), Decimal(620)))
    raise InvalidInput("scenario", f"must be 1, 2 or 3, got {number!r}")


#: The figures the guide prints, as printed (strings, to keep their digits).
GUIDE_FIGURES: dict[int, dict[str, str]] = {
    1: {"equity": "416.02", "margin_ratio": "0%", "available": "416.02",
        "usable_USDT": "418.13", "usable_BUSD": "416.02"},
    2: {"maintenance_margin": "199.60", "equity": "416.02", "margin_ratio": "47.98%",
        "available": "76.53"},
    3: {"equity": "321.52", "maintenance_margin": "199.61", "margin_ratio": "62.08%",
        "available": "negative", "equity_USDT": "-300", "equity_BUSD": "620"},
}

#: Where the guide and the exact computation part, and why.
GUIDE_NOTES: dict[str, str] = {
    "scenario3_maintenance": (
        "The guide keeps Scenario 2's 199.60 ('≈ 199.61'), but maintenance margin follows the "
        "mark price: 0.5 x 19,000 x 0.8% x 0.99495 + 20 x 620 x 1% = 75.6162 + 124 = 199.6162, "
        "which rounds to 199.62."
    ),
    "scenario3_ratio": (
        "199.61 / 321.52 = 62.08%; the exact 199.6162 / 321.515 = 62.086% rounds to 62.09%."
    ),
    "scenario2_available": (
        "416.02 - 339.495 = 76.525 exactly, which rounds half-up to 76.53; binary floats store "
        "76.525 as 76.52499999... and print 76.52."
    ),
    "ask_premium_sign": (
        "The guide writes the ask premium as -0.005 and subtracts it; Binance writes +0.005 "
        "and adds it: the same 0.99495."
    ),
    "isolated_wording": (
        "'cross-margin mode only works with isolated margin settings' means the opposite: "
        "every contract must be in cross margin; isolated positions block the mode."
    ),
}
