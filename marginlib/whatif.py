"""What-if: the account's figures over arrays of prices, and the liquidation price.

Grids go through the same :func:`marginlib.account.evaluate` as the exact ledger, with floats:
a 1000 x 1000 grid of two mark prices is one vectorised pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, localcontext
from typing import Any

import numpy as np

from .account import Account, evaluate
from .errors import InvalidInput
from .numeric import FloatArray, to_decimal


def _arrays(values: Mapping[str, Any]) -> dict[str, FloatArray]:
    return {k: np.asarray(v, dtype=float) for k, v in values.items()}


def _check_symbols(
    account: Account, symbols: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> None:
    held = {p.symbol for p in account.positions}
    for symbol in symbols:
        if symbol not in held:
            raise InvalidInput("symbol", f"no position in {symbol}")
    # A misspelt asset would otherwise be ignored and the grid silently computed at today's rate.
    for asset in prices or {}:
        if asset not in account.rates:
            raise InvalidInput("prices", f"no rate for {asset}")


def margin_ratio_at(
    account: Account, marks: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> FloatArray:
    """Margin ratio (fraction; inf when equity <= 0) at mark / index prices given as arrays."""
    _check_symbols(account, marks, prices)
    result: FloatArray = np.asarray(
        evaluate(account, _arrays(marks), _arrays(prices or {}), number=float).ratio, dtype=float
    )
    return result


def equity_at(
    account: Account, marks: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> FloatArray:
    """Account equity in USD at mark / index prices given as arrays."""
    _check_symbols(account, marks, prices)
    result: FloatArray = np.asarray(
        evaluate(account, _arrays(marks), _arrays(prices or {}), number=float).total_equity,
        dtype=float,
    )
    return result


def ratio_grid(
    account: Account, x_symbol: str, x_prices: Any, y_symbol: str, y_prices: Any
) -> FloatArray:
    """Margin ratio over a grid: rows follow ``y_prices``, columns ``x_prices``.

    The liquidation map: cells >= 1 are liquidated.
    """
    if x_symbol == y_symbol:
        raise InvalidInput("y_symbol", f"must differ from x_symbol ({x_symbol})")
    x = np.asarray(x_prices, dtype=float)[np.newaxis, :]
    y = np.asarray(y_prices, dtype=float)[:, np.newaxis]
    return margin_ratio_at(account, {x_symbol: x, y_symbol: y})


def liquidation_price(account: Account, symbol: str, *, index: str | None = None) -> Decimal | None:
    """Mark price of ``symbol`` at which the margin ratio reaches 100%, everything else fixed.

    With ``index`` (a margin asset, e.g. ``"BTC"`` held as collateral beside a BTCUSDT position)
    that asset's index price moves with the mark: both are set to the same price.

    A long is liquidated below its mark, a short above. Returns None when no price does it
    (a long whose loss is covered even at 0; a short covered up to 10^12 x its mark), and the
    current mark if the ratio is already >= 100%. Exact to about 20 significant digits: the
    root of equity - maintenance margin (:func:`_margin_gap`) found by :func:`solve_price`.
    """
    position = next((p for p in account.positions if p.symbol == symbol), None)
    if position is None:
        raise InvalidInput("symbol", f"no position in {symbol}")
    if index is not None and index not in account.rates:
        raise InvalidInput("index", f"no rate for {index}")
    # With a coin moving with the mark, the search starts from the coin's price (both move to
    # the same value from there on).
    mark = position.mark_price if index is None else account.rates[index].price
    return solve_price(_margin_gap(account, symbol, index), mark, long=position.size > 0)


def solve_price(gap: Callable[[Decimal], Decimal], mark: Decimal, *,
                long: bool) -> Decimal | None:
    """The price nearest ``mark``, against the position, where ``gap`` (positive where the
    account is safe) reaches 0, in three steps: a bracket around the price
    (:func:`_bracket_root`), bisection (:func:`_bisect`), then the straight line through the last
    bracket (:func:`_straight_line_root`: margin figures are linear between tier edges).

    ``mark`` when ``gap(mark) <= 0`` already; None when no price gets there. The liquidation
    price solves equity - maintenance margin; the bankruptcy price
    (:func:`marginlib.liquidation.bankruptcy_price`) solves equity alone.
    """
    with localcontext() as ctx:
        ctx.prec = 40
        if gap(mark) <= 0:
            return mark
        bracket = _bracket_root(gap, mark, long=long)
        if bracket is None:
            return None
        root = root_between(gap, *bracket, tolerance=abs(mark) * Decimal("1e-30"))
    return +to_decimal(root, "liquidation price")


def root_between(gap: Callable[[Decimal], Decimal], safe: Decimal, bad: Decimal,
                 tolerance: Decimal) -> Decimal:
    """A root of ``gap`` between ``safe`` (gap > 0) and ``bad`` (gap <= 0): :func:`_bisect` to
    ``tolerance``, then :func:`_straight_line_root`. The caller sets the decimal precision."""
    return _straight_line_root(gap, *_bisect(gap, safe, bad, tolerance))


def _margin_gap(account: Account, symbol: str,
                index: str | None) -> Callable[[Decimal], Decimal]:
    """equity - maintenance margin as a function of ``symbol``'s mark (and ``index``'s price):
    it crosses zero where the ratio reaches 100%.

    Single-asset mode: the same per asset, the worst of the assets with margin to keep and of
    the symbol's own asset, whose margin vanishes at a price of 0.
    """
    own = account.margin_asset(symbol)

    def gap(price: Decimal) -> Decimal:
        figures = evaluate(account, {symbol: price}, {index: price} if index else None)
        if account.mode == "multi-assets":
            result: Decimal = figures.total_equity - figures.total_maintenance
            return result
        worst: Decimal = min(figures.equity[a] - figures.maintenance[a] for a in figures.wallet
                             if a == own or figures.maintenance[a] > 0)
        return worst

    return gap


def _bracket_root(gap: Callable[[Decimal], Decimal], mark: Decimal,
                  long: bool) -> tuple[Decimal, Decimal] | None:
    """Two prices around the root: ``mark`` (gap > 0) and one where the gap is <= 0; None when
    there is none (a long covered even at 0, a short covered up to 10^12 x its mark)."""
    if long:
        return None if gap(Decimal(0)) > 0 else (mark, Decimal(0))
    bad = mark * 2
    while gap(bad) > 0:
        bad *= 2
        if bad > mark * Decimal(10) ** 12:
            return None
    return mark, bad


def _bisect(gap: Callable[[Decimal], Decimal], safe: Decimal, bad: Decimal,
            tolerance: Decimal) -> tuple[Decimal, Decimal]:
    """Halve the bracket (gap(safe) > 0 >= gap(bad)) until it is ``tolerance`` wide (at most
    200 halvings)."""
    for _ in range(200):
        middle = (safe + bad) / 2
        if gap(middle) > 0:
            safe = middle
        else:
            bad = middle
        if abs(safe - bad) <= tolerance:
            break
    return safe, bad


def _straight_line_root(gap: Callable[[Decimal], Decimal], safe: Decimal,
                        bad: Decimal) -> Decimal:
    """Where the straight line through (safe, gap(safe)) and (bad, gap(bad)) crosses zero: exact
    when no tier edge lies between them (the gap is linear there)."""
    g_safe, g_bad = gap(safe), gap(bad)
    return safe + (bad - safe) * g_safe / (g_safe - g_bad) if g_safe != g_bad else bad
