"""marginlib.whatif: ratios over price grids, the liquidation price.

What-if: ratios and equity over price arrays (the same formulas as the exact ledger), and the
liquidation-price solver. Hand solutions of the linear equations are in the comments.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml
from marginlib.modes import in_mode

D = Decimal


def exact_ratio(account: ml.Account, marks: dict[str, Decimal],
                prices: dict[str, Decimal] | None = None) -> Decimal:
    ratio: Decimal = ml.evaluate(account, marks, prices).ratio
    return ratio


def tiered() -> ml.Account:
    # BTCUSDT from the real brackets (tier edge at 50,000 notional) and the guide's ETHBUSD
    rates = ml.guide_rates()
    return ml.Account(rates, {"USDT": D(3000), "BUSD": D(500)}, (
        ml.Position("BTCUSDT", D(1), D(52000), D(52000), D(20)),
        ml.Position("ETHBUSD", D(-20), D(600), D(600), D(50), D("0.01")),
    ))


# the liquidation price
def ratio_at(account: ml.Account, symbol: str, price: Decimal) -> Decimal:
    return ml.summarize(account.with_marks({symbol: price})).margin_ratio


@pytest.mark.parametrize("make", [lambda: ml.scenario(2), tiered])
def test_ratio_grid_equals_exact_per_point(make: object) -> None:
    account = make()  # type: ignore[operator]
    xs = [D(15000), D(19000), D("19555.43"), D(20000), D(49999), D(50000), D(52000)]
    ys = [D(400), D(589), D(600), D(650), D(700)]
    grid = ml.ratio_grid(account, "BTCUSDT", [float(x) for x in xs],
                         "ETHBUSD", [float(y) for y in ys])
    assert grid.shape == (len(ys), len(xs))  # rows follow y, columns x
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            exact = exact_ratio(account, {"BTCUSDT": x, "ETHBUSD": y})
            if exact.is_infinite():
                assert grid[i, j] == np.inf
            else:
                assert grid[i, j] == pytest.approx(float(exact), rel=1e-12, abs=1e-15)
    # the grid holds liquidated cells (>= 1) and safe ones
    assert (grid >= 1).any() and (grid < 1).any()


def test_equity_and_ratio_at_arrays() -> None:
    account = ml.scenario(2)
    marks = np.array([18000.0, 19000.0, 20000.0])
    equity = ml.equity_at(account, {"BTCUSDT": marks})
    ratio = ml.margin_ratio_at(account, {"BTCUSDT": marks})
    for k, m in enumerate((18000, 19000, 20000)):
        fig = ml.evaluate(account, {"BTCUSDT": D(m)})
        assert equity[k] == pytest.approx(float(fig.total_equity), rel=1e-12)
        assert ratio[k] == pytest.approx(float(fig.ratio), rel=1e-12)
    # at 19,000 with ETH at 600: USDT -300 x 0.99495 + 220 = -78.485: equity negative -> inf
    assert equity[1] == pytest.approx(-78.485) and ratio[1] == np.inf


def test_index_price_arrays_depeg() -> None:
    account = ml.scenario(2)
    usdt = np.array([1.0, 0.99, 0.9])
    ratio = ml.margin_ratio_at(account, {}, {"USDT": usdt})
    for k, price in enumerate(("1", "0.99", "0.9")):
        exact = exact_ratio(account, {}, {"USDT": D(price)})
        assert ratio[k] == pytest.approx(float(exact), rel=1e-12)
    assert ratio[1] == pytest.approx(float(ml.summarize(ml.scenario(2)).margin_ratio), rel=1e-12)


def test_thousand_by_thousand_grid() -> None:
    xs = np.linspace(10000, 30000, 1000)
    ys = np.linspace(300, 900, 1000)
    grid = ml.ratio_grid(ml.scenario(2), "BTCUSDT", xs, "ETHBUSD", ys)
    assert grid.shape == (1000, 1000) and grid.dtype == np.float64
    assert not np.isnan(grid).any()
    # spot checks against the exact ledger, corners and middle
    for i, j in ((0, 0), (999, 999), (500, 500), (0, 999)):
        exact = exact_ratio(ml.scenario(2), {"BTCUSDT": D(repr(float(xs[j]))),
                                             "ETHBUSD": D(repr(float(ys[i])))})
        expected = float("inf") if exact.is_infinite() else float(exact)
        assert grid[i, j] == pytest.approx(expected, rel=1e-9)


def test_whatif_bad_input() -> None:
    account = ml.scenario(2)
    with pytest.raises(ml.InvalidInput) as err:
        ml.margin_ratio_at(account, {"XRPUSDT": [1.0]})
    assert err.value.field == "symbol"
    with pytest.raises(ml.InvalidInput) as err:
        ml.ratio_grid(account, "BTCUSDT", [1.0], "BTCUSDT", [2.0])
    assert err.value.field == "y_symbol"
    with pytest.raises(ml.InvalidInput) as err:
        ml.equity_at(account, {}, {"USDC": [1.0]})
    assert err.value.field == "prices"


def test_scenario_2_btc_liquidation_price() -> None:
    # Near the answer USDT equity is negative, so it counts at the sell rate:
    # equity = 0.99495 x (200 + 0.5 (p - 20,000)) + 220 = 0.99495 (0.5 p - 9,800) + 220
    # MM = 0.5 p x 0.008 x 0.99495 + 120. Equal when 0.99495 x 0.496 p = 9,750.51 - 100,
    # p = 9,650.51 / 0.4934952 = 19,555.43...
    price = ml.liquidation_price(ml.scenario(2), "BTCUSDT")
    assert price is not None
    expected = D("9650.51") / (D("0.99495") * D("0.496"))
    assert abs(price - expected) < D("1e-15")
    assert ml.usd(price) == "19,555.43"
    assert abs(ratio_at(ml.scenario(2), "BTCUSDT", price) - 1) < D("1e-12")


def test_scenario_2_eth_liquidation_price() -> None:
    # BUSD has no premium: equity = 196.02 + 220 + 20 (p - 600) = 20 p - 11,583.98;
    # MM = 79.596 + 0.2 p. Equal when 19.8 p = 11,663.576: p = 589.0694949...
    price = ml.liquidation_price(ml.scenario(2), "ETHBUSD")
    assert price is not None
    assert abs(price - D("11663.576") / D("19.8")) < D("1e-15")
    assert abs(ratio_at(ml.scenario(2), "ETHBUSD", price) - 1) < D("1e-12")


def test_short_liquidation_price() -> None:
    # short 0.5 BTCUSDT at 20,000 with 200 USDT and 220 BUSD. USDT equity 10,200 - 0.5 p is
    # negative at the answer: 0.99495 (10,200 - 0.5 p) + 220 = 0.004 x 0.99495 p
    # -> p = (10,148.49 + 220) / (0.99495 x 0.504) = 20,676.8...
    short = ml.Position("BTCUSDT", D("-0.5"), D(20000), D(20000), D(100), D("0.008"))
    account = ml.Account(ml.guide_rates(), {"USDT": D(200), "BUSD": D(220)}, (short,))
    price = ml.liquidation_price(account, "BTCUSDT")
    assert price is not None and price > short.mark_price
    assert abs(price - D("10368.49") / (D("0.99495") * D("0.504"))) < D("1e-15")
    assert abs(ratio_at(account, "BTCUSDT", price) - 1) < D("1e-12")


def test_tiered_liquidation_price() -> None:
    # 1 BTCUSDT long from 60,000 with 5,000 USDT at 1: equity p - 55,000; MM in tier 2
    # (50,000 to 600,000 notional) 0.005 p - 50: p = 54,950 / 0.995 = 55,226.13...
    rates = {"USDT": ml.AssetRate("USDT", D(1))}
    pos = ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20))
    account = ml.Account(rates, {"USDT": D(5000)}, (pos,))
    price = ml.liquidation_price(account, "BTCUSDT")
    assert price is not None
    assert abs(price - D(54950) / D("0.995")) < D("1e-15")
    assert abs(ratio_at(account, "BTCUSDT", price) - 1) < D("1e-12")


def test_single_asset_liquidation_price() -> None:
    # single-asset mode, USDT alone: 200 + 0.5 (p - 20,000) = 0.5 x 0.008 p -> p = 9,800 / 0.496
    account = ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET)
    price = ml.liquidation_price(account, "BTCUSDT")
    assert price is not None
    assert abs(price - D(9800) / D("0.496")) < D("1e-15")
    row = ml.summarize(account.with_marks({"BTCUSDT": price})).asset("USDT")
    assert abs(row.margin_ratio - 1) < D("1e-12")
    # pooled, the BUSD balance carries the loss further down (19,555 < 19,758)
    pooled = ml.liquidation_price(ml.scenario(2), "BTCUSDT")
    assert pooled is not None and pooled < price


def test_liquidation_price_none_and_already() -> None:
    rates = ml.guide_rates()
    # a long whose whole loss is covered even at a price of 0
    rich = ml.Account(rates, {"USDT": D(10**6)},
                      (ml.Position("BTCUSDT", D("0.5"), D(20000), D(20000), D(100),
                                   D("0.008")),))
    assert ml.liquidation_price(rich, "BTCUSDT") is None
    # a short covered up to 10^12 x its mark
    richer = ml.Account(rates, {"USDT": D(10**15)},
                        (ml.Position("BTCUSDT", D("-0.001"), D(20000), D(20000), D(100),
                                     D("0.008")),))
    assert ml.liquidation_price(richer, "BTCUSDT") is None
    # already at or past 100% (Scenario 3 in single-asset mode: USDT equity -300): the price at
    # which USDT's own ratio crosses 100%, 200 + 0.5 (p - 20,000) = 0.004 p -> 9,800 / 0.496,
    # above the mark, and not the mark
    single3 = ml.in_mode(ml.scenario(3), ml.SINGLE_ASSET)
    result = ml.solve_liquidation_price(single3, "BTCUSDT")
    assert result.already_past and result.price is not None
    assert abs(result.price - D(9800) / D("0.496")) < D("1e-15")
    assert ml.liquidation_price(single3, "BTCUSDT") == result.price
    with pytest.raises(ml.InvalidInput) as err:
        ml.liquidation_price(ml.scenario(2), "XRPUSDT")
    assert err.value.field == "symbol"


def test_liquidation_price_in_single_asset_mode() -> None:
    # Scenario 2 in single-asset mode. USDT alone: 0.5 b - 9,800 = 0.004 b -> b = 9,800 / 0.496.
    # BUSD alone: 20 e - 11,780 = 0.2 e -> e = 11,780 / 19.8.
    single = in_mode(ml.scenario(2), ml.SINGLE_ASSET)
    btc = ml.liquidation_price(single, "BTCUSDT")
    eth = ml.liquidation_price(single, "ETHBUSD")
    assert btc is not None and eth is not None
    assert abs(btc - Decimal(9800) / Decimal("0.496")) < Decimal("1e-12")
    assert abs(eth - Decimal(11780) / Decimal("19.8")) < Decimal("1e-12")
    assert ml.usd(btc) == "19,758.06" and ml.usd(eth) == "594.95"


def test_a_gap_that_closes_only_at_a_price_of_0_is_no_liquidation_price() -> None:
    usdt = {"USDT": ml.AssetRate("USDT", D(1))}
    # long 1 BTC from 20,000 with 20,000 USDT at a flat 50%: equity p, MM 0.5 p: the ratio is
    # 50% at every price > 0 (equity meets MM only at 0, which is no price)
    long = ml.Account(usdt, {"USDT": D(20000)},
                      (ml.Position("BTCUSDT", D(1), D(20000), D(20000), D(1), D("0.5")),))
    assert ml.solve_liquidation_price(long, "BTCUSDT") == ml.LiquidationPrice(
        "BTCUSDT", None, False, D(20000))
    # short 1 BTC from 100 at 200 with -100 USDT: equity -p < 0 at every price > 0: past, and
    # no price brings it back
    short = ml.Account(usdt, {"USDT": D(-100)},
                       (ml.Position("BTCUSDT", D(-1), D(100), D(200), D(1), D("0.5")),))
    result = ml.solve_liquidation_price(short, "BTCUSDT")
    assert (result.price, result.already_past) == (None, True)
    assert str(result) == ("BTCUSDT: already past liquidation: the margin ratio is at or above "
                           "100% at 200.00, and no mark price brings it below 100%")


def test_a_mark_far_below_the_entry_is_searched_in_enough_digits() -> None:
    # 0.00042 BTC from 1,000 at a mark of 4.2e-13 with 0.42 USDT, flat 90%: equity 0.00042 p,
    # MM 0.000378 p: never 100%. In 40 digits, p - 1,000 at p ~ 1e-40 rounds to -1,000 and the
    # search found a false root near 0.
    account = ml.Account({"USDT": ml.AssetRate("USDT", D(1))}, {"USDT": D("0.42")},
                         (ml.Position("BTCUSDT", D("0.00042"), D(1000), D("4.2e-13"), D(1),
                                      D("0.9")),))
    assert ml.liquidation_price(account, "BTCUSDT") is None


def test_a_small_liquidation_price_never_reads_0() -> None:
    # long 1 BTC from 1e15 with 1e15 USDT valued at 1e15 x 0.7 and -1,000 BUSD, flat 0.4%:
    # equity 7e14 p - 1,000, MM 4e12 p -> p = 1,000 / 6.96e14 = 1.4367816...e-12
    account = ml.Account({"USDT": ml.AssetRate("USDT", D("1e15"), D("0.3")),
                          "BUSD": ml.AssetRate("BUSD", D(1))},
                         {"USDT": D("1e15"), "BUSD": D(-1000)},
                         (ml.Position("BTCUSDT", D(1), D("1e15"), D("1e15"), D(21), D("0.004")),))
    result = ml.solve_liquidation_price(account, "BTCUSDT")
    assert result.price is not None
    assert abs(result.price - D(1000) / D("6.96e14")) < D("1e-36")
    assert str(result) == "BTCUSDT liquidation price: 1.43678161E-12"


def test_a_ratio_that_jumps_from_0_to_infinity_answers_where_margin_starts() -> None:
    # short 1 BTC from 100 at 100, flat 1% with an amount of 1: MM = max(0, 0.01 p - 1) is 0 at
    # the mark and positive above; equity -5 - (p - 100) < 0. The ratio is 0 at 100 and
    # infinite just above: liquidated from 100 on, with no price where it is exactly 100%.
    account = ml.Account({"USDT": ml.AssetRate("USDT", D(1))}, {"USDT": D(-5)},
                         (ml.Position("BTCUSDT", D(-1), D(100), D(100), D(1), D("0.01"), D(1)),))
    assert ml.summarize(account).margin_ratio == 0
    assert ml.solve_liquidation_price(account, "BTCUSDT") == ml.LiquidationPrice(
        "BTCUSDT", D(100), False, D(100))
    assert ml.summarize(account.with_marks({"BTCUSDT": D("100.01")})).margin_ratio.is_infinite()
