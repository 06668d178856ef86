"""Property tests (hypothesis): invariants of the engine over many random accounts.

- auto-conversion conserves value at the auto-exchange rates (donor units sold x their auto buy
  rate = debt units bought x its auto sell rate); its effect on the margin equity is bounded by
  the gap between the auto-exchange and the margin rates (none at all where they are the same
  and nothing else moves);
- withdrawing the maximum leaves the ratio below 100% and available >= 0; one cent more is refused;
  the true maximum is at least the exchange's figure, keeps every term >= 0, and one unit more
  (at 8 decimals) does not; a larger realized loss never raises the maximum;
- a long's equity never falls as its mark rises (a short's never rises);
- at the liquidation solver's price the margin ratio is 100% (and the account is already past it
  exactly when the ratio is at or above 100% at the mark);
- the Decimal ledger and the float grids agree;
- random valid account files (both modes, the three registries, brackets, amounts, orders,
  debts): maintenance margin >= 0, 0 <= maxWithdrawAmount <= max(0, availableBalance), each
  asset's maximum <= max(0, wallet), the multi-assets figures equal a plain computation by hand,
  and the solver's round trip gives a ratio of 1.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import marginlib as ml
from marginlib.__main__ import main
from marginlib.account import liquidating
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
    result = ml.solve_liquidation_price(account, pos.symbol)
    assume(result.price is not None)
    price = result.price
    assert price is not None and price >= 0
    event("already past: the crossing the other way" if result.already_past else "solved")
    assert result.already_past == liquidating(ratio_of(account, pos.symbol, pos.mark_price))
    assert abs(ratio_of(account, pos.symbol, price) - 1) < D("1e-12")
    # a millionth of the way towards the mark: safe when the mark is safe, liquidated when not
    nearer = price + (pos.mark_price - price) / 10**6
    assert (ratio_of(account, pos.symbol, nearer) >= 1) == result.already_past


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


# --- random valid account files: the invariants, and an independent computation ---------------
#
# Files of every kind the format allows (both modes, the three registries, flat rates with an
# amount and shipped brackets, open orders, debts, bonuses, premiums given or left out), read
# by account_from_dict and by the command line's --json path, checked against invariants and,
# in multi-assets mode, against a plain decimal computation written here from the guide's
# formulas (it calls nothing of marginlib's arithmetic).

ROOT = Path(__file__).resolve().parents[2]
BRACKETS = json.loads((ROOT / "marginlib" / "data" / "binance-leverage-brackets-2024-10.json")
                      .read_text("utf-8"))["symbols"]
#: Margin assets, contract quote assets and default bid premiums (haircuts) of each registry, as
#: the registries' sources give them: the guide (2021), Binance's Auto-Exchange FAQ (2022-07-06:
#: BTC at 97.5%) and today's (2024-10: BTC, ETH, BNB at 95%).
#: registry: (margin assets, contract quote assets, default margin premiums (bid, ask) of the
#: assets that have one). The merged rules, written out by hand from the sources: the guide's
#: world has none (its +0.01 / -0.005 belong to its example's moment, not to USDT); the FAQ's
#: 2022 world counts BTC at 95% as margin (the 97.5% of its example is the auto-exchange rate,
#: which values no margin); today's counts USDT and USDC at 99.99% (buffers 0.0001 each way)
#: and BTC, ETH and BNB at 95%.
COIN = (D("0.05"), D(0))
STABLE = (D("0.0001"), D("-0.0001"))
WORLDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[Decimal, Decimal]]]] = {
    "guide": (("USDT", "BUSD"), ("USDT", "BUSD"), {}),
    "faq-2022": (("USDT", "BUSD", "BTC"), ("USDT", "BUSD"), {"BTC": COIN}),
    "today": (("USDT", "USDC", "BTC", "ETH", "BNB"), ("USDT", "USDC"),
              {"USDT": STABLE, "USDC": STABLE, "BTC": COIN, "ETH": COIN, "BNB": COIN}),
}
PRICES = {"BTC": ("10000", "90000"), "ETH": ("500", "5000"), "BNB": ("100", "900")}
SIZES = {"BTC": ("0.001", "3"), "ETH": ("0.01", "40"), "BNB": ("0.1", "200")}


def as_text_or_number(draw: st.DrawFn, value: Decimal) -> Any:
    """A number as a file may write it: a string, or a JSON number (parsed as Decimal)."""
    return draw(st.sampled_from([str(value), value]))


@st.composite
def file_positions(draw: st.DrawFn, quotes: tuple[str, ...]) -> list[dict[str, Any]]:
    symbols = [base + quote for quote in quotes for base in ("BTC", "ETH", "BNB")]
    chosen = draw(st.lists(st.sampled_from(symbols), unique=True, max_size=3))
    items = []
    for symbol in chosen:
        base = symbol[:3]
        size = draw(decimals(*SIZES[base], 3)) * draw(st.sampled_from([1, -1]))
        entry = draw(decimals(*PRICES[base], 2))
        mark = (entry * draw(decimals("0.8", "1.2", 3))).quantize(D("0.01"))
        item: dict[str, Any] = {"symbol": symbol, "size": as_text_or_number(draw, size),
                                "entry_price": as_text_or_number(draw, entry),
                                "mark_price": as_text_or_number(draw, mark)}
        cap = 125
        if symbol in BRACKETS and draw(st.booleans()):  # Binance's brackets by notional
            entry_notional = abs(size) * entry
            tier = next(t for t in BRACKETS[symbol] if D(t["notionalFloor"]) <= entry_notional
                        < D(t["notionalCap"]))
            cap = int(tier["initialLeverage"])
        else:  # a flat rate, maybe 0, maybe with an amount up to 90% of the margin at the mark
            rate = draw(st.sampled_from([D(0), draw(decimals("0.001", "0.05", 4))]))
            item["maint_margin_rate"] = as_text_or_number(draw, rate)
            if draw(st.booleans()):
                share = draw(decimals("0", "0.9", 2))
                item["maint_amount"] = str((abs(size) * mark * rate * share).quantize(
                    D("0.0001"), rounding="ROUND_FLOOR"))
        item["leverage"] = draw(st.integers(1, cap))
        items.append(item)
    return items


@st.composite
def account_files(draw: st.DrawFn) -> dict[str, Any]:
    registry = draw(st.sampled_from(sorted(WORLDS)))
    assets, quotes, _ = WORLDS[registry]
    positions = draw(file_positions(quotes))
    held = {p["symbol"][3:] for p in positions} | set(
        draw(st.lists(st.sampled_from(assets), max_size=len(assets))))
    held = held or {quotes[0]}
    orders = [{"symbol": draw(st.sampled_from([b + q for q in sorted(held & set(quotes))
                                               for b in ("BTC", "ETH")])),
               "size": str(draw(decimals("0.01", "2", 2)) * draw(st.sampled_from([1, -1]))),
               "price": str(draw(decimals("500", "60000", 2))),
               "leverage": draw(st.integers(1, 125))}
              for _ in range(draw(st.integers(0, 2) if held & set(quotes) else st.just(0)))]
    rates: dict[str, Any] = {}
    for asset in sorted(held):
        low, high = PRICES.get(asset, ("0.95", "1.05"))
        spec: dict[str, Any] = {"price": str(draw(decimals(low, high, 4)))}
        if draw(st.booleans()):
            spec["bid_premium"] = str(draw(decimals("0", "0.05", 4)))
        if draw(st.booleans()):
            spec["ask_premium"] = str(draw(decimals("-0.05", "0", 4)))
        rates[asset] = spec
    def amounts(low: str, high: str) -> dict[str, str]:
        picked = draw(st.lists(st.sampled_from(sorted(held)), unique=True, max_size=2))
        return {a: str(draw(decimals(low, high, 2))) for a in picked}
    data: dict[str, Any] = {
        "mode": draw(st.sampled_from(["multi-assets", "single-asset"])),
        "registry": registry, "rates": rates,
        "wallet": {a: str(draw(decimals("-500", "20000", 2)) if a not in PRICES
                          else draw(decimals("0", "2", 4))) for a in sorted(held)},
        "positions": positions, "open_orders": orders,
        "borrowed": amounts("0", "500"), "interest": amounts("0", "20"),
        "bonus": amounts("0", "100"), "realized_pnl": amounts("-300", "300"),
        "grid_bots": draw(st.integers(0, 2)),
    }
    return data


def reference(data: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """Multi-assets mode by hand: (equity, maintenance margin, ratio) in USD.

    Rates: buy = price x (1 - bid premium), sell = price x (1 - ask premium), a premium left out
    being the registry's default for the asset (WORLDS; 0 where it has none). Asset equity =
    wallet + sum of size x (mark - entry) of the contracts quoted in it, in USD at buy if >= 0
    else at sell. A
    position's maintenance margin = max(0, notional x rate - amount) (flat) or notional x rate -
    cum of the tier holding the notional (brackets), in USD at its quote's sell rate.
    Ratio = MM / equity; 0 with no margin, infinite when equity <= 0.
    """
    defaults = WORLDS[data["registry"]][2]
    buy, sell = {}, {}
    for asset, spec in data["rates"].items():
        price = D(str(spec["price"]))
        bid, ask = defaults.get(asset, (D(0), D(0)))
        buy[asset] = price * (1 - D(str(spec.get("bid_premium", bid))))
        sell[asset] = price * (1 - D(str(spec.get("ask_premium", ask))))
    equity_of = {asset: D(str(amount)) for asset, amount in data["wallet"].items()}
    maintenance = D(0)
    for item in data["positions"]:
        quote = item["symbol"][3:]
        size, mark = D(str(item["size"])), D(str(item["mark_price"]))
        equity_of[quote] += size * (mark - D(str(item["entry_price"])))
        notional = abs(size) * mark
        if "maint_margin_rate" in item:
            margin = max(D(0), notional * D(str(item["maint_margin_rate"]))
                         - D(str(item.get("maint_amount", 0))))
        else:
            tier = next(t for t in BRACKETS[item["symbol"]]
                        if D(t["notionalFloor"]) <= notional < D(t["notionalCap"]))
            margin = notional * D(tier["maintMarginRatio"]) - D(tier["cum"])
        maintenance += margin * sell[quote]
    equity = sum((e * (buy[a] if e >= 0 else sell[a]) for a, e in equity_of.items()), D(0))
    if maintenance == 0:
        ratio = D(0)
    elif equity <= 0:
        ratio = D("Infinity")
    else:
        ratio = maintenance / equity
    return equity, maintenance, ratio


def close(figure: str, exact: Decimal) -> bool:
    if exact.is_infinite():
        return figure == "Infinity"
    return abs(D(figure) - exact) <= D("1e-18") * (1 + abs(exact))


def run_main(*args: str) -> str:
    """The command line in this process: its stdout (it must succeed, silently on stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    assert (status, err.getvalue()) == (0, ""), err.getvalue()
    return out.getvalue()


@settings(deadline=None, max_examples=80)
@given(account_files())
def test_random_valid_account_files(data: dict[str, Any]) -> None:
    account = ml.account_from_dict(json.loads(json.dumps(data, default=str),
                                              parse_float=Decimal))
    event(f"{data['mode']}, {data['registry']}, {len(data['positions'])} position(s)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "account.json"
        path.write_text(json.dumps(data, default=str), "utf-8")
        figures = json.loads(run_main("account", str(path), "--json"))
        assert figures == ml.summary_to_json(ml.summarize(account))
        solved = {p["symbol"]: json.loads(run_main("liquidation-price", str(path), p["symbol"],
                                                   "--json"))
                  for p in data["positions"]}
    # maintenance margin is never negative, at the marks and at any other (a flat amount
    # outweighs notional x rate at low prices: the margin is 0 there, not negative)
    assert D(figures["totalMaintMargin"]) >= 0
    assert all(D(row["maintMargin"]) >= 0 for row in figures["assets"])
    for item in account.positions:
        for factor in (D("0.01"), D("0.5"), D(3)):
            far = ml.evaluate(account, {item.symbol: item.mark_price * factor})
            assert far.total_maintenance >= 0
            assert all(margin >= 0 for margin in far.maintenance.values())
    # 0 <= maxWithdrawAmount <= max(0, availableBalance); per asset <= max(0, wallet)
    assert 0 <= D(figures["maxWithdrawAmount"]) <= max(D(0), D(figures["availableBalance"]))
    for row in figures["assets"]:
        assert 0 <= D(row["maxWithdrawAmount"]) <= max(D(0), D(row["walletBalance"]))
    # multi-assets mode: equity, maintenance margin and ratio as computed by hand
    if data["mode"] == "multi-assets":
        equity, maintenance, ratio = reference(data)
        assert close(figures["totalMarginBalance"], equity)
        assert close(figures["totalMaintMargin"], maintenance)
        assert close(figures["marginRatio"], ratio)
    # the solver's round trip: every price it gives, put back as the mark, gives a ratio of 1
    for symbol, answer in solved.items():
        result = ml.solve_liquidation_price(account, symbol)
        price = result.price
        assert answer == {"symbol": symbol, "alreadyLiquidated": result.already_past,
                          "liquidationPrice": None if price is None else format(
                              price.normalize(), "f")}
        if price is None:
            event("no liquidation price")
            continue
        event("already past" if result.already_past else "liquidation price ahead")
        moved = ml.summarize(account.with_marks({symbol: price}))
        own = moved.asset(account.margin_asset(symbol))
        ratio = moved.margin_ratio if account.mode == ml.MULTI_ASSETS else own.margin_ratio
        assert abs(ratio - 1) <= D("1e-9"), (symbol, price, ratio)
