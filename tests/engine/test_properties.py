"""Property tests (hypothesis): invariants of the engine over many random accounts.

- auto-conversion conserves value at the auto-exchange rates (donor units sold x their auto buy
  rate = debt units bought x its auto sell rate); its effect on the margin equity is bounded by
  the gap between the auto-exchange and the margin rates (none at all where they are the same
  and nothing else moves);
- withdrawing the maximum leaves the ratio below 100% and available >= 0; one cent more is refused;
  the true maximum is at least the exchange's figure, keeps every term >= 0, and one unit more
  (at 8 decimals) does not; a larger realized loss never raises the maximum;
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
from marginlib.withdraw import true_max_withdrawable, withdraw_breakdown

D = Decimal
SETTINGS = settings(deadline=None, max_examples=60)
# Sums of a few Decimals of ~10 digits are exact; a division rounds in the 28th digit.
TINY = D("1e-18")


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=places,
                       allow_nan=False, allow_infinity=False)


def auto_premiums(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None]:
    """Auto-exchange premiums: none (the margin ones), or a bid in [0, 0.02] and an ask in
    [-0.02, 0] of their own (so the auto buy rate never exceeds the auto sell rate)."""
    if not draw(st.booleans()):
        return None, None
    return draw(decimals("0", "0.02", 4)), draw(decimals("-0.02", "0", 4))


@st.composite
def rates(draw: st.DrawFn) -> dict[str, ml.AssetRate]:
    return {
        "USDT": ml.AssetRate("USDT", draw(decimals("0.9", "1.1", 4)),
                             draw(decimals("0", "0.02", 4)), draw(decimals("-0.02", "0", 4)),
                             *auto_premiums(draw)),
        "BUSD": ml.AssetRate("BUSD", draw(decimals("0.95", "1.05", 4)),
                             draw(decimals("0", "0.01", 4)), draw(decimals("-0.01", "0", 4)),
                             *auto_premiums(draw)),
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


def equity_bounds(account: ml.Account,
                  events: tuple[ml.ConversionEvent, ...]) -> tuple[Decimal, Decimal]:
    """Least and most a conversion can change the margin equity (USD). Each event moves
    ``usd`` at the auto-exchange rates: the debt asset gains usd / auto sell_d units, worth
    between buy_d and sell_d each as margin; the donor loses usd / auto buy_i units, worth
    between buy_i and sell_i each. So the change lies in
    [usd x (buy_d / auto sell_d - sell_i / auto buy_i), usd x (sell_d / auto sell_d - buy_i /
    auto buy_i)]: a zero-width band at zero where the two sets of rates are the same."""
    low = high = D(0)
    for e in events:
        donor, debt = account.rates[e.from_asset], account.rates[e.to_asset]
        low += e.usd * (debt.buy_rate / debt.auto_sell_rate
                        - donor.sell_rate / donor.auto_buy_rate)
        high += e.usd * (debt.sell_rate / debt.auto_sell_rate
                         - donor.buy_rate / donor.auto_buy_rate)
    return low, high


@SETTINGS
@given(accounts(with_positions=False, modes=(ml.MULTI_ASSETS,)))
def test_conversion_conserves_value_at_the_auto_exchange_rates(account: ml.Account) -> None:
    assume(any(w < 0 for w in account.wallet.values()))
    asset = next(a for a, w in account.wallet.items() if w < 0)
    after, events = ml.convert_to_cover(account, asset)
    for e in events:
        # the donor sells `usd` at its auto buy rate, the debt buys `usd` at its auto sell rate
        assert abs(e.sold * account.rates[e.from_asset].auto_buy_rate - e.usd) <= TINY
        assert abs(e.bought * account.rates[e.to_asset].auto_sell_rate - e.usd) <= TINY
        assert e.sold >= 0 and after.wallet[e.from_asset] >= -TINY
    # what the debt received is what the donors gave, at the auto-exchange rates
    received = after.wallet[asset] - account.wallet[asset]
    assert abs(received - sum((e.bought for e in events), start=D(0))) <= TINY
    debt = -account.wallet[asset] * account.rates[asset].auto_sell_rate
    if events:
        assert abs(sum((e.usd for e in events), start=D(0)) - min(debt, sum(
            (account.rates[a].auto_value(w) for a, w in account.wallet.items() if w > 0),
            start=D(0)))) <= TINY
    assert after.wallet[asset] <= TINY  # never over-covered

    # The wallet's value at the auto-exchange rates is conserved (donors stay >= 0, the debt
    # <= 0, so each is valued on one side of its rates).
    def auto_total(acct: ml.Account) -> Decimal:
        return sum((acct.rates[a].auto_value(w) for a, w in acct.wallet.items()), start=D(0))

    before_auto = auto_total(account)
    assert abs(auto_total(after) - before_auto) <= TINY * (1 + abs(before_auto))
    # Without positions wallet = equity, and every asset stays on its side of zero: the margin
    # equity moves by exactly the gap between the two sets of rates (zero where they agree).
    expected = sum((e.usd * (account.rates[asset].sell_rate / account.rates[asset].auto_sell_rate
                             - account.rates[e.from_asset].buy_rate
                             / account.rates[e.from_asset].auto_buy_rate) for e in events),
                   start=D(0))
    change = ml.summarize(after).equity - ml.summarize(account).equity
    assert abs(change - expected) <= TINY * (1 + abs(before_auto))


@SETTINGS
@given(accounts(modes=(ml.MULTI_ASSETS,)))
def test_conversion_moves_equity_only_by_the_rates_gap(account: ml.Account) -> None:
    assume(any(w < 0 for w in account.wallet.values()))
    asset = next(a for a, w in account.wallet.items() if w < 0)
    after, events = ml.convert_to_cover(account, asset)
    change = ml.summarize(after).equity - ml.summarize(account).equity
    # With positions an asset's equity (wallet + unrealized) may sit on either side of zero:
    # a donor with negative equity loses at its sell rate, a debt with positive equity gains
    # at its buy rate. Never outside the band of equity_bounds.
    low, high = equity_bounds(account, events)
    assert low - TINY <= change <= high + TINY


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


@SETTINGS
@given(accounts(lowest="0", near=True), st.sampled_from(["USDT", "BUSD"]))
def test_the_true_maximum_keeps_every_term_and_one_unit_more_does_not(
    account: ml.Account, asset: str
) -> None:
    exchange = ml.max_withdrawable(account, asset)
    true = true_max_withdrawable(account, asset)
    # dividing by the sell rate (>= the buy rate) is cautious: never more than the true maximum
    assert D(0) <= exchange <= true <= max(account.wallet[asset], D(0))
    if account.mode != ml.MULTI_ASSETS:
        assert true == exchange  # one asset alone, in its own units: no rates, one figure
        return
    after = account.with_wallet({asset: account.wallet[asset] - true})
    if true > 0:
        assert min(withdraw_breakdown(after).terms) >= 0
    if true < account.wallet[asset] and min(withdraw_breakdown(account).terms) > 0:
        one_more = account.with_wallet({asset: account.wallet[asset] - true - D("1e-8")})
        assert min(withdraw_breakdown(one_more).terms) < 0


@SETTINGS
@given(accounts(lowest="0", near=True), st.sampled_from(["USDT", "BUSD"]),
       decimals("0", "500", 2), decimals("0", "500", 2), decimals("0", "300", 2))
def test_a_larger_realized_loss_never_raises_the_maximum(
    account: ml.Account, asset: str, loss: Decimal, more: Decimal, bonus: Decimal
) -> None:
    # Two accounts equal in everything but the realized loss booked into `asset` (wallet =
    # transfers + realized P&L): the one with the larger loss may withdraw no more, in USD and
    # in every asset, by the exchange's figure and by the true maximum.
    base = ml.Account(account.rates, account.wallet, account.positions, mode=account.mode,
                      bonus={asset: bonus})
    smaller, larger = base.with_realized({asset: -loss}), base.with_realized({asset: -loss - more})
    assert larger.wallet[asset] == smaller.wallet[asset] - more
    s_small, s_large = ml.summarize(smaller), ml.summarize(larger)
    assert s_large.max_withdraw <= s_small.max_withdraw
    for a in base.assets:
        assert s_large.asset(a).max_withdraw <= s_small.asset(a).max_withdraw
        assert true_max_withdrawable(larger, a) <= true_max_withdrawable(smaller, a)


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
