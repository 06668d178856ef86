"""What-if: the account's figures over arrays of prices, and the liquidation price.

Grids go through the same :func:`marginlib.account.evaluate` as the exact ledger, with floats:
a 1000 x 1000 grid of two mark prices is one vectorised pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

import numpy as np

from .account import MULTI_ASSETS, Account, evaluate
from .errors import InvalidInput, shown_name
from .numeric import FloatArray, plain, usd
from .positions import Position


def _arrays(values: Mapping[str, Any], kind: str = "prices") -> dict[str, FloatArray]:
    """Prices as float arrays; NaN, infinite, zero or negative prices are refused (a NaN would
    spread through the grid, a price <= 0 has no meaning)."""
    arrays = {}
    for key, value in values.items():
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InvalidInput(f"{kind}.{key}", "must be numbers (an array of prices)") from None
        with np.errstate(invalid="ignore"):
            if not (array > 0).all() or not np.isfinite(array).all():
                raise InvalidInput(f"{kind}.{key}",
                                   "prices must be finite and positive (no NaN, no 0)")
        arrays[key] = array
    return arrays


def _check_symbols(
    account: Account, symbols: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> None:
    held = {p.symbol for p in account.positions}
    for symbol in symbols:
        if symbol not in held:
            raise InvalidInput("symbol", f"no position in {shown_name(symbol)}")
    # A misspelt asset would otherwise be ignored and the grid silently computed at today's rate.
    for asset in prices or {}:
        if asset not in account.rates:
            raise InvalidInput("prices", f"no rate for {shown_name(asset)}")


def margin_ratio_at(
    account: Account, marks: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> FloatArray:
    """Margin ratio (fraction; inf when equity <= 0) at mark / index prices given as arrays."""
    _check_symbols(account, marks, prices)
    figures = evaluate(account, _arrays(marks, "marks"), _arrays(prices or {}), number=float)
    result: FloatArray = np.asarray(figures.ratio, dtype=float)
    return result


def equity_at(
    account: Account, marks: Mapping[str, Any], prices: Mapping[str, Any] | None = None
) -> FloatArray:
    """Account equity in USD at mark / index prices given as arrays."""
    _check_symbols(account, marks, prices)
    figures = evaluate(account, _arrays(marks, "marks"), _arrays(prices or {}), number=float)
    result: FloatArray = np.asarray(figures.total_equity, dtype=float)
    return result


def ratio_grid(
    account: Account, x_symbol: str, x_prices: Any, y_symbol: str, y_prices: Any
) -> FloatArray:
    """Margin ratio over a grid: rows follow ``y_prices``, columns ``x_prices``.

    The liquidation map: cells >= 1 are liquidated.
    """
    if x_symbol == y_symbol:
        raise InvalidInput("y_symbol", f"must differ from x_symbol ({x_symbol})")
    x = _arrays({x_symbol: x_prices}, "marks")[x_symbol][np.newaxis, :]
    y = _arrays({y_symbol: y_prices}, "marks")[y_symbol][:, np.newaxis]
    return margin_ratio_at(account, {x_symbol: x, y_symbol: y})


@dataclass(frozen=True)
class LiquidationPrice:
    """The answer of :func:`solve_liquidation_price`: where the margin ratio that liquidates
    ``symbol`` crosses 100% as its mark moves, everything else fixed.

    ``price`` is None when no mark price makes the ratio reach 100% (from the side the mark
    moves away from). ``already_past`` is True when the ratio is at or above 100% at ``start``
    (the mark, or the coin's index price): ``price`` is then the price where the ratio comes
    back below 100% (None if none does), not the mark. Its text form is :meth:`line`.
    """

    symbol: str
    price: Decimal | None
    already_past: bool
    start: Decimal

    def line(self) -> str:
        """One line: ``BTCUSDT liquidation price: 19,555.43``, with ``(already past: ...)``
        when the ratio is at or above 100% at the mark, or that no price reaches 100%."""
        if self.price is None:
            if self.already_past:
                return (f"{self.symbol}: already past liquidation: the margin ratio is at or "
                        f"above 100% at {_price_text(self.start)}, and no mark price brings it "
                        "below 100%")
            return f"{self.symbol}: no mark price takes the margin ratio to 100%"
        text = f"{self.symbol} liquidation price: {_price_text(self.price)}"
        if self.already_past:
            text += (f" (already past: the margin ratio is at or above 100% at "
                     f"{_price_text(self.start)})")
        return text

    def __str__(self) -> str:
        return self.line()


def _price_text(price: Decimal) -> str:
    """A price to the cent (``19,555.43``); below 1 to 8 decimals (a 0.00001234 coin); below
    0.0001 in 9 significant digits (``1.43678161E-12``), so that a small price never reads 0."""
    if price >= 1:
        return usd(price)
    if price >= Decimal("0.0001") or not price:
        return plain(price)
    return f"{price:.8E}"


def liquidation_price(account: Account, symbol: str, *, index: str | None = None) -> Decimal | None:
    """Mark price of ``symbol`` at which its margin ratio reaches 100%, everything else fixed,
    or None when no price does: :func:`solve_liquidation_price`'s ``price`` (which also says
    whether the account is already past it).
    """
    return solve_liquidation_price(account, symbol, index=index).price


def solve_liquidation_price(account: Account, symbol: str, *,
                            index: str | None = None) -> LiquidationPrice:
    """Where the margin ratio that liquidates ``symbol`` crosses 100% as its mark moves.

    The ratio that liquidates ``symbol`` is the pooled ratio in multi-assets mode and, in
    single-asset mode, the ratio of the symbol's own margin asset (the other assets' pools do
    not liquidate it). It reaches 100% where equity = maintenance margin > 0; where there is no
    maintenance margin to keep the ratio is 0, whatever the equity (so a maintenance rate of 0
    gives None).

    The rule: from the mark, a long is liquidated on a fall and a short on a rise; the answer is
    the first price that way at which the ratio reaches 100% (None: a long covered even at 0, a
    short covered up to 10^12 x its mark). When the ratio is already at or above 100% at the
    mark, the answer is the price the other way at which it comes back to 100% (the account is
    ``already_past`` it), not the mark. Where the ratio jumps instead of crossing (a flat
    amount keeps the margin at 0 while equity is already gone: 0, then infinite), the answer is
    the price where margin starts.

    With ``index`` (the coin held as collateral whose contract ``symbol`` is, e.g. ``"BTC"``
    beside BTCUSDT) that coin's index price moves with the mark: both are set to the same price,
    starting from the coin's index price.

    Exact to about 20 significant digits, through :func:`price_where` (a bracket, bisection,
    then the straight line through the last bracket), in a decimal context of 40 digits and
    more when the account's numbers span many orders of magnitude.
    """
    position = account.position(symbol)
    if index is not None:
        _check_coin(account, symbol, index)
    # With a coin moving with the mark, the search starts from the coin's price (both move to
    # the same value from there on).
    start = position.mark_price if index is None else account.rates[index].price
    pool = _pool(account, symbol, index)
    long = position.size > 0
    equity, maintenance = pool(start)  # at 28 digits, as summarize() computes it
    past = maintenance > 0 and equity <= maintenance
    with localcontext() as ctx:
        ctx.prec = _working_digits(account, start)
        if past:
            if equity == maintenance:
                return LiquidationPrice(symbol, start, True, start)
            # Back to 100% the other way: where -(equity - maintenance) reaches 0.
            root = price_where(lambda p: -_gap(pool, p), start, falling=not long)
        elif maintenance == 0 and equity <= 0:
            # No margin kept yet, no equity either: the ratio jumps from 0 to infinity where
            # margin starts (a short rising), or never (a long falling keeps no margin).
            root = None if long else _margin_starts(position, start)
        else:
            root = price_where(lambda p: _gap(pool, p), start, falling=long)
        if root is not None and pool(root)[1] <= 0:
            # Equity meets maintenance margin where both are 0: no margin to keep there, a
            # ratio of 0. Beyond, a long keeps none; a short's margin starts further up.
            root = None if long and not past else _margin_starts(position, root)
    return LiquidationPrice(symbol, _rounded(root), past, start)


def _working_digits(account: Account, start: Decimal) -> int:
    """Digits for the search: 40, plus the orders of magnitude between the account's numbers
    (sizes, prices, balances, rates) and the search's start, so that a price probed far below
    the entry (mark 1e-13, entry 1,000) still subtracts exactly instead of cancelling to 0."""
    values = [start, *(r.price for r in account.rates.values()),
              *(w for w in account.wallet.values() if w)]
    for pos in account.positions:
        values += [abs(pos.size), pos.entry_price, pos.mark_price]
    exponents = [v.adjusted() for v in values if v]
    return 40 + min(max(exponents) - min(exponents), 300) if exponents else 40


def _rounded(price: Decimal | None) -> Decimal | None:
    """A price found at 40 digits or more, to the 28 of the ledger (``+`` rounds to the
    context: call it outside the search's context)."""
    return None if price is None else +price


def _check_coin(account: Account, symbol: str, index: str) -> None:
    """``index`` must be coin collateral (not a stablecoin that margins contracts), held in the
    account, and the coin ``symbol`` trades (BTC for BTCUSDT)."""
    if index not in account.rates:
        raise InvalidInput("index", f"no rate for {shown_name(index)}")
    quote = account.margin_asset(symbol)
    if index in account.registry.contract_assets or symbol[: -len(quote)] != index:
        raise InvalidInput(
            "index",
            f"must be the coin held as collateral that {symbol} trades "
            f"({symbol[: -len(quote)]}), got {shown_name(index)}",
        )


Pool = Callable[[Decimal], tuple[Decimal, Decimal]]


def _pool(account: Account, symbol: str, index: str | None) -> Pool:
    """(equity, maintenance margin) of the pool that liquidates ``symbol``, as a function of its
    mark (and ``index``'s price): the account's USD totals in multi-assets mode, the symbol's
    own margin asset in single-asset mode."""
    own = account.margin_asset(symbol)
    pooled = account.mode == MULTI_ASSETS

    def pool(price: Decimal) -> tuple[Decimal, Decimal]:
        figures = evaluate(account, {symbol: price}, {index: price} if index else None)
        if pooled:
            return figures.total_equity, figures.total_maintenance
        return figures.equity[own], figures.maintenance[own]

    return pool


def _gap(pool: Pool, price: Decimal) -> Decimal:
    """equity - maintenance margin of the pool at ``price``: <= 0 where the ratio is >= 100%
    (when there is margin to keep)."""
    equity, maintenance = pool(price)
    return equity - maintenance


def _margin_starts(position: Position, price: Decimal) -> Decimal | None:
    """The lowest price from ``price`` up at which ``position`` keeps maintenance margin: where
    notional x rate reaches a flat amount (None with a rate of 0)."""
    tier = position.brackets.tiers[0]
    if len(position.brackets.tiers) > 1 or tier.cum == 0:
        return price if tier.rate > 0 else None
    if tier.rate == 0:
        return None
    return max(price, tier.cum / (tier.rate * abs(position.size)))


def price_where(gap: Callable[[Decimal], Decimal], start: Decimal, *, falling: bool,
                limit: Decimal = Decimal(10) ** 12) -> Decimal | None:
    """The price nearest ``start`` at which ``gap`` reaches 0, moving down (``falling``) or up;
    ``gap(start)`` must be > 0. None when gap stays > 0 above a price of 0, or up to
    ``limit`` x ``start``.

    The root-finding step of the liquidation price, for any gap function (equity - maintenance
    margin; equity alone gives the bankruptcy price), in three named steps: a bracket around
    the price (:func:`_bracket_root`), bisection (:func:`_bisect`), then the straight line
    through the last bracket (:func:`_straight_line_root`: exact where the gap is linear).
    Call it inside a 40-digit decimal context for about 20 exact significant digits.
    """
    bracket = _bracket_root(gap, start, long=falling, limit=limit)
    if bracket is None:
        return None
    safe, bad = _bisect(gap, *bracket, tolerance=abs(start) * Decimal("1e-30"))
    if bad == 0:
        # Bisection never left 0: the gap reaches 0 only at a price of 0 (or closer to it than
        # 10^-30 x start), which is no price.
        return None
    return _straight_line_root(gap, safe, bad)


def root_between(gap: Callable[[Decimal], Decimal], safe: Decimal, bad: Decimal,
                 tolerance: Decimal) -> Decimal:
    """A root of ``gap`` between ``safe`` (gap > 0) and ``bad`` (gap <= 0), already bracketed:
    :func:`_bisect` to ``tolerance``, then :func:`_straight_line_root`. The second half of
    :func:`price_where`, for a caller that knows its bracket (the size of a partial
    liquidation); the caller sets the decimal precision."""
    return _straight_line_root(gap, *_bisect(gap, safe, bad, tolerance))


def _bracket_root(gap: Callable[[Decimal], Decimal], mark: Decimal, long: bool,
                  limit: Decimal = Decimal(10) ** 12) -> tuple[Decimal, Decimal] | None:
    """Two prices around the root: ``mark`` (gap > 0) and one where the gap is <= 0, below it
    (``long``: down to 0) or above it (up to ``limit`` x ``mark``); None when there is none."""
    if long:
        return None if gap(Decimal(0)) > 0 else (mark, Decimal(0))
    bad, top = mark * 2, mark * limit
    while gap(bad) > 0:
        if bad >= top:
            return None
        bad = min(bad * 2, top)  # doubling, and the limit itself last
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
