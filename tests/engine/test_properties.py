"""Property tests (hypothesis): invariants of the engine over many random accounts.

- auto-conversion never creates value and destroys at most the buy/sell spread (with no open
  positions, wallet = equity, it changes the equity in USD by nothing at all);
- withdrawing the maximum leaves the ratio below 100% and available >= 0; one cent more is refused;
- a long's equity never falls as its mark rises (a short's never rises);
- at the liquidation solver's price the margin ratio is 100%;
- the Decimal ledger and the float grids agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import marginlib as ml

D = Decimal
SETTINGS = settings(deadline=None, max_examples=60)
# Sums of a few Decimals of ~10 digits are exact; a division rounds in the 28th digit.
TINY = D("1e-18")


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=places,
                       allow_nan=False, allow_infinity=False)


@st.composite
def rates(draw: st.DrawFn) -> dict[str, ml.AssetRate]:
    return {
        "USDT": ml.AssetRate("USDT", draw(decimals("0.9", "1.1", 4)),
                             draw(decimals("0", "0.02", 4)), draw(decimals("-0.02", "0", 4))),
        "BUSD": ml.AssetRate("BUSD", draw(decimals("0.95", "1.05", 4)),
                             draw(decimals("0", "0.01", 4)), draw(decimals("-0.01", "0", 4))),
    }


@st.composite
def position(draw: st.DrawFn, symbol: str, near: bool = False) -> ml.Position:
    low, high = ("10000", "60000") if symbol == "BTCUSDT" else ("300", "3000")
    size = draw(decimals("0.001", "3", 3)) * draw(st.sampled_from([1, -1]))
    leverage = D(draw(st.integers(1, 50)))
    # BTCUSDT may take its real brackets (no rate); below 180,000 notional they allow 100x.
    tiered = symbol == "BTCUSDT" and draw(st.booleans())
    rate = None if tiered else draw(decimals("0.001", "0.019", 4))
    entry = draw(decimals(low, high, 2))
    # near: the mark within 5% of the entry (an account not yet deep in loss)
    mark = (entry * draw(decimals("0.95", "1.05", 3))).quantize(D("0.01")) if near else draw(
        decimals(low, high, 2))
    return ml.Position(symbol, size, entry, mark, leverage, rate)


@st.composite
def accounts(draw: st.DrawFn, with_positions: bool = True,
             modes: tuple[str, ...] = (ml.MULTI_ASSETS, ml.SINGLE_ASSET),
             lowest: str = "-3000", near: bool = False) -> ml.Account:
    positions: list[ml.Position] = []
    if with_positions:
        for symbol in ("BTCUSDT", "ETHBUSD"):
            if draw(st.booleans()):
                positions.append(draw(position(symbol, near)))
    wallet = {"USDT": draw(decimals(lowest, "20000", 2)),
              "BUSD": draw(decimals(lowest, "20000", 2))}
    return ml.Account(draw(rates()), wallet, tuple(positions), mode=draw(st.sampled_from(modes)))


# --- conversion ---------------------------------------------------------------------------------


def spread_bound(account: ml.Account, events: tuple[ml.ConversionEvent, ...]) -> Decimal:
    """Most a conversion can cost: each donor's USD at (sell/buy of the donor - buy/sell of the
    asset bought), the two spreads it crosses in the worst case."""
    total = D(0)
    for e in events:
        donor, bought = account.rates[e.from_asset], account.rates[e.to_asset]
        total += e.usd * (donor.sell_rate / donor.buy_rate - bought.buy_rate / bought.sell_rate)
    return total


@SETTINGS
@given(accounts(with_positions=False, modes=(ml.MULTI_ASSETS,)))
def test_conversion_keeps_equity_without_positions(account: ml.Account) -> None:
    assume(any(w < 0 for w in account.wallet.values()))
    asset = next(a for a, w in account.wallet.items() if w < 0)
    after, events = ml.convert_to_cover(account, asset)
    before_eq, after_eq = ml.summarize(account).equity, ml.summarize(after).equity
    assert abs(after_eq - before_eq) <= TINY * (1 + abs(before_eq))
    for e in events:
        # the donor sells `usd` at its buy rate, the debt buys `usd` at its sell rate
        assert abs(e.sold * account.rates[e.from_asset].buy_rate - e.usd) <= TINY
        assert abs(e.bought * account.rates[e.to_asset].sell_rate - e.usd) <= TINY
        assert e.sold >= 0 and after.wallet[e.from_asset] >= -TINY
    # sum checks: what the debt received is what the donors gave
    received = after.wallet[asset] - account.wallet[asset]
    assert abs(received - sum((e.bought for e in events), start=D(0))) <= TINY
    need = -account.wallet[asset] * account.rates[asset].sell_rate
    if events:
        assert abs(sum((e.usd for e in events), start=D(0)) - min(need, sum(
            (account.rates[a].value(w) for a, w in account.wallet.items() if w > 0),
            start=D(0)))) <= TINY
    assert after.wallet[asset] <= TINY  # never over-covered


@SETTINGS
@given(accounts(modes=(ml.MULTI_ASSETS,)))
def test_conversion_never_creates_value_and_costs_at_most_the_spread(account: ml.Account) -> None:
    assume(any(w < 0 for w in account.wallet.values()))
    asset = next(a for a, w in account.wallet.items() if w < 0)
    after, events = ml.convert_to_cover(account, asset)
    change = ml.summarize(after).equity - ml.summarize(account).equity
    # donors whose equity is negative (unrealized losses) lose at their sell rate, a debt
    # asset whose equity is positive gains at its buy rate: never more than the spread
    assert change <= TINY
    assert change >= -spread_bound(account, events) - TINY


# --- withdrawal ---------------------------------------------------------------------------------


@SETTINGS
@given(accounts(lowest="0", near=True), st.sampled_from(["USDT", "BUSD"]))
def test_withdrawing_the_maximum_is_safe_and_a_cent_more_is_refused(
    account: ml.Account, asset: str
) -> None:
    summary = ml.summarize(account)
    assume(not summary.liquidating)
    limit = summary.asset(asset).max_withdraw
    assume(limit > 0)
    after = ml.withdraw(account, asset, limit)
    s = ml.summarize(after)
    if account.mode == ml.MULTI_ASSETS:
        assert s.margin_ratio < 1
        assert s.available >= 0
    else:
        row = s.asset(asset)  # single-asset mode: the asset's own figures
        assert row.margin_ratio < 1
        assert row.available >= 0
    assert after.wallet[asset] == account.wallet[asset] - limit
    before = ml.Account(account.rates, account.wallet, account.positions, mode=account.mode)
    try:
        ml.withdraw(account, asset, limit + D("0.01"))
    except ml.WithdrawalRefused as refusal:
        assert refusal.field == "amount"
    else:
        raise AssertionError("one cent above the maximum was allowed")
    assert account == before


# --- monotonicity -------------------------------------------------------------------------------


@SETTINGS
@given(accounts(), st.data())
def test_equity_moves_with_the_position(account: ml.Account, data: st.DataObject) -> None:
    assume(account.positions)
    pos = data.draw(st.sampled_from(account.positions))
    low, high = sorted(data.draw(st.lists(decimals("1", "100000", 2), min_size=2, max_size=2)))
    at_low = ml.evaluate(account, {pos.symbol: low}).total_equity
    at_high = ml.evaluate(account, {pos.symbol: high}).total_equity
    if pos.size > 0:
        assert at_high >= at_low  # a long never loses equity as its mark rises
    else:
        assert at_high <= at_low  # a short never gains


# --- the liquidation price ----------------------------------------------------------------------


def ratio_of(account: ml.Account, symbol: str, price: Decimal) -> Decimal:
    """The ratio that liquidates ``symbol``: the pooled one, or (single-asset) its asset's."""
    fig = ml.evaluate(account, {symbol: price})
    if account.mode == ml.MULTI_ASSETS:
        pooled: Decimal = fig.ratio
        return pooled
    asset = account.margin_asset(symbol)
    own: Decimal = ml.margin_ratio(fig.maintenance[asset], fig.equity[asset])
    return own


@settings(deadline=None, max_examples=60)
@given(accounts(lowest="0", near=True))
def test_ratio_is_100_percent_at_the_solvers_price(account: ml.Account) -> None:
    assume(account.positions)
    pos = account.positions[0]
    price = ml.liquidation_price(account, pos.symbol)
    assume(price is not None)
    assert price is not None and price >= 0
    if price == pos.mark_price and ml.summarize(account).liquidating:
        event("already at or past 100%: the solver returns the mark")
        return
    event("solved")
    assert abs(ratio_of(account, pos.symbol, price) - 1) < D("1e-12")
    # a step back towards the mark (a millionth of the way) is safe
    safer = price + (pos.mark_price - price) / 10**6
    assert ratio_of(account, pos.symbol, safer) < 1


# --- Decimal and float paths agree --------------------------------------------------------------


def _close(approx: Any, exact: Decimal) -> bool:
    if exact.is_infinite():
        return bool(approx == np.inf)
    return bool(abs(float(approx) - float(exact)) <= 1e-9 * (1 + abs(float(exact))))


@SETTINGS
@given(accounts(), st.data())
def test_decimal_and_float_paths_agree(account: ml.Account, data: st.DataObject) -> None:
    exact = ml.evaluate(account)
    approx = ml.evaluate(account, number=float)
    for name in ("total_wallet", "total_equity", "total_maintenance", "total_initial", "ratio",
                 "available", "utilisation"):
        assert _close(getattr(approx, name), getattr(exact, name)), name
    if account.positions:
        pos = account.positions[-1]
        marks = data.draw(st.lists(decimals("1", "100000", 2), min_size=1, max_size=5))
        grid = ml.margin_ratio_at(account, {pos.symbol: np.array([float(m) for m in marks])})
        equity = ml.equity_at(account, {pos.symbol: np.array([float(m) for m in marks])})
        for k, mark in enumerate(marks):
            point = ml.evaluate(account, {pos.symbol: mark})
            assert _close(equity[k], point.total_equity)
            # near 100% or near zero equity a ratio is ill-conditioned: compare the equity there
            if point.total_equity > D("0.01") * (1 + abs(point.total_maintenance)):
                assert _close(grid[k], point.ratio)
