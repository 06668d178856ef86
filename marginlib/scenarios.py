"""The guide's worked example: its rates table and its three scenarios, and what it prints;
and the course's other example accounts, built on them.

:data:`GUIDE_FIGURES` holds every figure exactly as the guide prints it, so the course and the
tests can set it beside what marginlib computes. Two of them differ from ours (Scenario 3's
maintenance margin and ratio): see :data:`GUIDE_NOTES`, which gives the two explanations that fit
them (truncation, or Scenario 2's maintenance margin kept) as hypotheses.

The example accounts of the notebooks, their exercises and widgets live here too, so that the
engine's tests, the checkers and the widgets use the same ones: :func:`guide_account` (the
guide's positions at other marks), :func:`pool_account` (balances only, USDT at another rate),
:func:`opened_account` (the guide's wallet opening other positions), :func:`shock_account`
(a long that a BTC fall turns into a USDT debt) and :func:`liquidation_account` (one BTCUSDT long
backed by its initial margin alone, walked to liquidation in notebook 11).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .account import Account
from .errors import InvalidInput
from .numeric import to_decimal
from .positions import Position
from .rates import AssetRate
from .registry import TODAY


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


def guide_account(btc_mark: Any = 20000, eth_mark: Any = 600) -> Account:
    """The guide's account (200 USDT, 220 BUSD and its two positions) at the given marks:
    Scenario 2 at 20,000 and 600, Scenario 3 at 19,000 and 620."""
    return scenario(2).with_marks({"BTCUSDT": btc_mark, "ETHBUSD": eth_mark})


def pool_account(usdt: Any, busd: Any, price: Any = "0.99", bid_premium: Any = "0.01",
                 ask_premium: Any = "-0.005") -> Account:
    """Wallet balances only: ``usdt`` USDT at ``price`` with the premiums given (the guide's
    signs; default the guide's table) and ``busd`` BUSD at 1 (notebooks 1 and 2)."""
    usdt_rate = AssetRate("USDT", to_decimal(price, "price"),
                          to_decimal(bid_premium, "bid_premium"),
                          to_decimal(ask_premium, "ask_premium"))
    return Account({"USDT": usdt_rate, "BUSD": guide_rates()["BUSD"]},
                   {"USDT": usdt, "BUSD": busd})


def opened_account(btc_size: Any = "0.2", btc_leverage: Any = 20, eth_size: Any = 5,
                   eth_leverage: Any = 25, btc_price: Any = 20000,
                   eth_price: Any = 600) -> Account:
    """The guide's wallet (200 USDT, 220 BUSD) with a BTCUSDT and an ETHBUSD position opened at
    the given prices (entry = mark, so no unrealized PnL) and the guide's maintenance rates
    (notebook 3's exercise by default: 0.2 BTCUSDT at 20x, 5 ETHBUSD at 25x)."""
    rates = {p.symbol: p.maint_margin_rate for p in guide_positions()}
    positions = []
    for symbol, size, leverage, price in (("BTCUSDT", btc_size, btc_leverage, btc_price),
                                          ("ETHBUSD", eth_size, eth_leverage, eth_price)):
        mark = to_decimal(price, f"{symbol} price")
        positions.append(Position(symbol, to_decimal(size, f"{symbol} size"), mark, mark,
                                  to_decimal(leverage, f"{symbol} leverage"), rates[symbol]))
    return Account(guide_rates(), {"USDT": Decimal(200), "BUSD": Decimal(220)}, tuple(positions))


def shock_account() -> Account:
    """The course's auto-exchange example: 2,000 USDT and 30,000 BUSD, long 5 BTCUSDT at 20,000
    (20x, 0.8%) (notebook 5).

    A fall of more than about 12% leaves the USDT wallet below -10,000 USD once the position
    is closed; a fall of about 32% or more liquidates it first.
    """
    return Account(
        guide_rates(),
        {"USDT": Decimal(2000), "BUSD": Decimal(30000)},
        (Position("BTCUSDT", Decimal(5), Decimal(20000), Decimal(20000), Decimal(20),
                  Decimal("0.008")),),
    )


def liquidation_account(size: Any = 1, leverage: Any = 20, entry: Any = 60000) -> Account:
    """A long of ``size`` BTCUSDT from ``entry`` whose wallet is exactly its initial margin
    (notional / leverage), USDT at 1 with no buffer, today's registry and brackets (notebook
    11): 1 BTC at 20x is 3,000 USDT, liquidated at 57,236.18, bankrupt at 57,000.

    No buffer is a stated simplification that keeps the figures round: today's registry, like
    Binance's asset index, would count USDT at 99.99% (buffers of 0.0001)."""
    price = to_decimal(entry, "entry")
    position = Position("BTCUSDT", to_decimal(size, "size"), price, price,
                        to_decimal(leverage, "leverage"))
    # Zero premiums given explicitly: a premium left out would be the registry's 0.0001.
    usdt = AssetRate("USDT", Decimal(1), Decimal(0), Decimal(0))
    return Account({"USDT": usdt},
                   {"USDT": position.notional / position.leverage}, (position,), registry=TODAY)


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
        "Maintenance margin follows the mark price: 0.5 x 19,000 x 0.8% x 0.99495 + 20 x 620 x "
        "1% = 75.6162 + 124 = 199.6162, which rounds to 199.62; the guide prints 199.61. Two "
        "hypotheses, neither confirmed: (a) the guide truncated 199.6162 to 199.61 (but it "
        "rounds 321.515 up to 321.52 in the same scenario); (b) it kept Scenario 2's 199.596 "
        "(but that prints 199.60, not 199.61)."
    ),
    "scenario3_ratio": (
        "199.6162 / 321.515 = 62.086%, which rounds to 62.09%; the guide prints 62.08%. Both "
        "hypotheses give it: (a) 62.086% truncated; (b) Scenario 2's 199.596 / 321.515 = "
        "62.080%. Its own 199.61 / 321.52 = 62.083% gives 62.08% either way."
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
