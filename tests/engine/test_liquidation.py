"""Liquidation as the exchange runs it: Binance's liquidation-price example, bankruptcy prices,
the buffer, the sequence (orders cancelled, partial close, full close, clearance fee, insurance
fund, ADL), bad rules, and the invariants as property tests.

Binance publishes no worked example of a clearance fee or of a partial liquidation; every
other number here is worked by hand in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import marginlib as ml
from marginlib.brackets import Bracket, BracketTable
from marginlib.conversion import _liquidating_symbols, auto_exchange_step, close_positions
from marginlib.liquidation import (
    ADL,
    BANKRUPTCY,
    BINANCE,
    CANCEL,
    CLOSE,
    CLOSE_AT_MARK,
    FEE,
    FILL,
    FUND,
    MARK,
    NO_PARTIAL,
    ONE_BY_ONE,
    PARTIAL,
    PARTIAL_RULES,
    PNL_X_LEVERAGE,
    PNL_X_MARGIN_RATIO,
    SURPLUS,
    TIER_LADDER,
    UNCOVERED,
    LiquidationEvent,
    LiquidationRules,
    adl_queue,
    adl_score,
    bankruptcy_price,
    liquidate,
    liquidation_buffer,
    liquidation_levels,
)

D = Decimal
# USDT at 1 with no buffer, the premiums given as 0: a stated simplification that keeps the
# hand-checked figures in round USDT (today's registry, like Binance's asset index, would value
# USDT at 99.99%: buffers of 0.0001, the default of a premium left out).
USDT_AT_1 = {"USDT": ml.AssetRate("USDT", D(1), D(0), D(0))}
RATES_2019 = LiquidationRules(clearance_fee_rate=D("0.003"))  # BTCUSDT's rate in 2019-2020


def usdt_account(wallet: Any, *positions: ml.Position, mode: str = ml.MULTI_ASSETS,
                 orders: tuple[ml.OpenOrder, ...] = ()) -> ml.Account:
    """USDT at 1 without premiums (today's registry): amounts in USDT are amounts in USD."""
    return ml.Account(USDT_AT_1, {"USDT": D(wallet)}, positions, mode=mode, open_orders=orders,
                      registry=ml.TODAY)


def small(mark: Any = 60000, **kwargs: Any) -> ml.Account:
    """1,000 USDT, long 1 BTCUSDT from 60,000 (real brackets: tier 2 above 50,000 notional,
    0.5% - 50)."""
    return usdt_account(1000, ml.Position("BTCUSDT", D(1), D(60000), D(mark), D(50)), **kwargs)


def large(mark: Any = 57375) -> ml.Account:
    """1,000,000 USDT, long 300 BTCUSDT from 60,000: 17.2 M notional, tier 5 (2% - 131,450)."""
    return usdt_account(1000000, ml.Position("BTCUSDT", D(300), D(60000), D(mark), D(20)))


def kinds(result: Any) -> list[str]:
    return [e.kind if isinstance(e, LiquidationEvent) else "conversion" for e in result.events]


def ratio(account: ml.Account) -> Decimal:
    value: Decimal = ml.evaluate(account).ratio
    return value


# --- Binance's published liquidation-price example -----------------------------------------------


def binance_2020() -> ml.Account:
    """"How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" (2020 text): cross margin,
    one-way mode, WB 10.72 USDT; short 0.005 BTCUSDT from 9,451.53 (MMR 0.4%) and long 1
    ETHUSDT from 199.53 (MMR 0.65%). The marks follow from the page's own terms: ETH's
    TMM1 "= 200*1*0.65%" (mark 200), BTC's "= 9,462.81*0.005*0.4%" (mark 9,462.81)."""
    return usdt_account(
        "10.72",
        ml.Position("BTCUSDT", D("-0.005"), D("9451.53"), D("9462.81"), D(50), D("0.004")),
        ml.Position("ETHUSDT", D(1), D("199.53"), D(200), D(50), D("0.0065")),
        mode=ml.SINGLE_ASSET,
    )


@pytest.mark.parametrize("mode", [ml.SINGLE_ASSET, ml.MULTI_ASSETS])
def test_binance_liquidation_price_example(mode: str) -> None:
    # Binance: BTCUSDT "= [10.72 - 1.3 + 0.47 + 0 -(-1*0.005*9,451.53)]/[(0.005*0.004) -
    # (-1*0.005)] = 11,383.99"; ETHUSDT "= [10.72 - 0.19 - 0.06 + 0 -(1*1*199.53)]/[(1*0.0065) -
    # (1*1)] = 190.29". With USDT alone at 1, both modes agree. Binance rounded ETH's TMM1
    # (0.1892562) and UPNL1 (-0.0564) before dividing; with the exact terms,
    # -189.0556562 / -0.9935 = 190.2925... prints 190.29 as Binance does.
    account = ml.in_mode(binance_2020(), mode)
    btc = ml.liquidation_price(account, "BTCUSDT")
    eth = ml.liquidation_price(account, "ETHUSDT")
    assert btc is not None and eth is not None
    assert ml.usd(btc) == "11,383.99" and ml.usd(eth) == "190.29"
    assert abs(btc - D("57.14765") / D("0.00502")) < D("1e-20")
    assert abs(eth - D("189.0556562") / D("0.9935")) < D("1e-20")
    # The bankruptcy price is the same formula with the maintenance terms at 0 (our derivation;
    # Binance publishes none): BTC (10.72 + 0.47 + 0.005 x 9,451.53) / 0.005 = 11,689.53,
    # ETH 199.53 - 10.72 + 0.0564 = 188.8664.
    assert bankruptcy_price(account, "BTCUSDT") == D("11689.53")
    assert bankruptcy_price(account, "ETHUSDT") == D("188.8664")


# --- bankruptcy price and buffer -----------------------------------------------------------------


def test_bankruptcy_price_in_both_modes() -> None:
    # Scenario 2, multi-assets: USDT equity negative near the answer, so at its sell rate:
    # 0.99495 (200 + 0.5 (p - 20,000)) + 220 = 0 -> p = 2 (9,800 - 220 / 0.99495) = 19,157.77
    pooled = bankruptcy_price(ml.scenario(2), "BTCUSDT")
    assert pooled is not None
    assert abs(pooled - 2 * (D(9800) - D(220) / D("0.99495"))) < D("1e-15")
    # single-asset: USDT alone: 200 + 0.5 (p - 20,000) = 0 -> 19,600
    single = bankruptcy_price(ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET), "BTCUSDT")
    assert single == D(19600)
    # beyond the liquidation price (19,555.43 pooled): the buffer
    liquidation = ml.liquidation_price(ml.scenario(2), "BTCUSDT")
    assert liquidation is not None and pooled < liquidation


def test_short_bankruptcy_price() -> None:
    # short 0.5 BTCUSDT from 20,000, 200 USDT + 220 BUSD: 0.99495 (10,200 - 0.5 p) + 220 = 0
    # -> p = 2 (10,200 + 220 / 0.99495) = 20,842.23
    short = ml.Position("BTCUSDT", D("-0.5"), D(20000), D(20000), D(100), D("0.008"))
    account = ml.Account(ml.guide_rates(), {"USDT": D(200), "BUSD": D(220)}, (short,))
    price = bankruptcy_price(account, "BTCUSDT")
    assert price is not None
    assert abs(price - 2 * (D(10200) + D(220) / D("0.99495"))) < D("1e-15")


def test_bankruptcy_price_with_coin_collateral() -> None:
    # 0.1 BTC as collateral (95%), long 1 BTCUSDT from 60,000, no USDT. BTC's price fixed:
    # (p - 60,000) + 0.1 x 60,000 x 0.95 = 0 -> 54,300. Moving with the mark:
    # p - 60,000 + 0.095 p = 0 -> p = 60,000 / 1.095 = 54,794.52
    account = ml.Account(
        {**USDT_AT_1, "BTC": ml.TODAY.rate("BTC", D(60000))},  # USDT at 1, no buffer
        {"USDT": D(0), "BTC": D("0.1")},
        (ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20)),), registry=ml.TODAY)
    assert bankruptcy_price(account, "BTCUSDT") == D(54300)
    moving = bankruptcy_price(account, "BTCUSDT", index="BTC")
    assert moving is not None and abs(moving - D(60000) / D("1.095")) < D("1e-15")


def test_buffer_of_a_small_position() -> None:
    # LP: 1,000 + (p - 60,000) = 0.005 p - 50 -> p = 58,950 / 0.995 = 59,246.23; BP 59,000.
    # At the LP the equity left is LP - 59,000 = 246.23 (= the maintenance margin there); a
    # full close there owes 1.25% x 59,246.23 = 740.58: more than the buffer.
    buffer = liquidation_buffer(small(), "BTCUSDT")
    lp = D(58950) / D("0.995")
    assert buffer.liquidation_price is not None and abs(buffer.liquidation_price - lp) < D("1e-20")
    assert buffer.bankruptcy_price == D(59000)
    assert buffer.price_gap is not None and abs(buffer.price_gap - (lp - 59000)) < D("1e-20")
    assert buffer.money is not None and abs(buffer.money - (lp - 59000)) < D("1e-20")
    assert buffer.fee is not None and abs(buffer.fee - lp * D("0.0125")) < D("1e-20")
    assert buffer.fee_covered is False and buffer.unit == "USD"
    assert str(buffer).splitlines()[0] == (
        "BTCUSDT: liquidation price 59,246.23, bankruptcy price 59,000.00, gap 246.23")
    # with 2019's 0.3% the same buffer covers the fee (177.74)
    assert liquidation_buffer(small(), "BTCUSDT", RATES_2019).fee_covered is True


# --- the sequence --------------------------------------------------------------------------------


def test_not_liquidated_changes_nothing() -> None:
    result = liquidate(small(59300))  # equity 300 > MM 0.005 x 59,300 - 50 = 246.5
    assert not result.triggered and result.events == () and result.account == small(59300)
    assert str(result) == "not liquidated"


def test_small_position_is_closed_whole_and_the_fee_takes_what_is_left() -> None:
    # At 59,200: equity 200 < MM 246. A partial close cannot help: closing frees 0.5% of the
    # notional in margin and costs 1.25% in fee ("small accounts ... already bankrupt when first
    # entering liquidation"). Full close: realized -800; fee 1.25% x 59,200 = 740 due, capped at
    # the 200 left, to the fund; the trader keeps 0.
    result = liquidate(small(59200))
    assert result.triggered and result.full and not result.partial
    assert kinds(result) == [CLOSE, FEE]
    close, fee = result.events
    assert isinstance(close, LiquidationEvent) and isinstance(fee, LiquidationEvent)
    assert (close.amount, close.quantity, close.price) == (D(-800), D(1), D(59200))
    assert (fee.amount, fee.requested) == (D(200), D(740))
    assert result.account.wallet["USDT"] == 0 and result.account.positions == ()
    assert result.fund_change == {"USDT": D(200)} and result.conserved()
    assert str(fee) == ("step 0 clearance fee BTCUSDT: 200.00 USDT to the insurance fund "
                        "(capped: 740.00 due)")


def test_with_2019_fee_rate_a_small_position_is_partly_closed() -> None:
    # 0.3% < 0.5%: closing helps. Close q at 59,200: in tier 2 (notional >= 50,000, q < 0.1554)
    # slack = 200 - 177.6 q - (0.005 (1 - q) 59,200 - 50) = -46 + 118.4 q < 0 there; in tier 1
    # slack = 200 - 177.6 q - 0.004 (1 - q) 59,200 = -36.8 + 59.2 q > 0 from q = 0.62162:
    # 0.622 lots of 0.001. Realized 0.622 x -800 = -497.6; fee 0.003 x 0.622 x 59,200 = 110.4672.
    result = liquidate(small(59200), RATES_2019)
    assert result.partial and kinds(result) == [PARTIAL, FEE]
    close, fee = result.events
    assert isinstance(close, LiquidationEvent) and isinstance(fee, LiquidationEvent)
    assert (close.quantity, close.amount, fee.amount) == (D("0.622"), D("-497.6"), D("110.4672"))
    assert result.account.wallet["USDT"] == D("391.9328")
    assert result.account.positions[0].size == D("0.378")
    # E = 391.9328 - 0.378 x 800 = 89.5328 > MM 0.004 x 0.378 x 59,200 = 89.5104
    assert ratio(result.account) == D("89.5104") / D("89.5328")
    # one lot less would not do: -36.8 + 59.2 x 0.621 < 0
    assert result.conserved()


def test_large_position_single_order() -> None:
    # Tier 5 (2% - 131,450) at 57,375: E = 1,000,000 - 300 x 2,625 = 212,500;
    # MM = 300 x 57,375 x 2% - 131,450 = 212,800: ratio 100.14%. Closing q frees 2% and costs
    # 1.25% of q x 57,375: slack = -300 + 0.0075 x 57,375 q, > 0 from q = 0.69717: 0.698 lots.
    # Realized 0.698 x -2,625 = -1,832.25; fee 0.0125 x 0.698 x 57,375 = 500.596875.
    result = liquidate(large())
    assert result.partial and kinds(result) == [PARTIAL, FEE]
    close, fee = result.events
    assert isinstance(close, LiquidationEvent) and isinstance(fee, LiquidationEvent)
    assert (close.quantity, close.amount, fee.amount) == (D("0.698"), D("-1832.25"),
                                                          D("500.596875"))
    assert result.account.wallet["USDT"] == D("997667.153125")
    # E' = 211,999.403125 > MM' = 299.302 x 57,375 x 2% - 131,450 = 211,999.045
    assert ratio(result.account) == D("211999.045") / D("211999.403125")
    assert result.conserved()


def test_large_position_single_order_to_a_target() -> None:
    # Aim for 80%: 0.8 (212,500 - 0.0125 q M) - (212,800 - 0.02 q M) = -42,800 + 0.01 q M > 0
    # from q = 42,800 / 573.75 = 74.5969...: 74.597 (still tier 5: 225.403 x 57,375 > 12 M).
    result = liquidate(large(), LiquidationRules(partial_target=D("0.8")))
    close = result.events[0]
    assert isinstance(close, LiquidationEvent) and close.quantity == D("74.597")
    assert ratio(result.account) < D("0.8")


def test_large_position_tier_ladder() -> None:
    # The ladder (Bybit's rule) takes the position below tier 5's floor of 12,000,000:
    # 12,000,000 / 57,375 = 209.1503 -> 209.150 kept (11,999,981.25), 90.850 closed.
    # Realized 90.85 x -2,625 = -238,481.25; fee 0.0125 x 90.85 x 57,375 = 65,156.484375.
    # Then E = 147,343.515625, MM (tier 4) = 0.01 x 11,999,981.25 - 11,450 = 108,549.8125.
    result = liquidate(large(), LiquidationRules(partial_rule=TIER_LADDER))
    assert result.partial and kinds(result) == [PARTIAL, FEE]
    close, fee = result.events
    assert isinstance(close, LiquidationEvent) and isinstance(fee, LiquidationEvent)
    assert (close.quantity, close.amount, fee.amount) == (D("90.85"), D("-238481.25"),
                                                          D("65156.484375"))
    assert ratio(result.account) == D("108549.8125") / D("147343.515625")


def test_no_partial_rule_closes_everything() -> None:
    result = liquidate(large(), LiquidationRules(partial_rule=NO_PARTIAL))
    assert result.full and result.account.positions == () and result.account.wallet["USDT"] == 0
    # realized 300 x -2,625 = -787,500; what is left, 212,500, all goes in the (capped) fee
    assert result.total(CLOSE) == D(-787500) and result.total(FEE) == D(212500)


def test_surplus_and_fee_price() -> None:
    # 2019 rate, no partial, mark 59,240 (equity 240 < MM 246.2). Fee at the fill 0.003 x 59,240
    # = 177.72; the remaining 62.28 goes to the fund (surplus_to_fund = 1) or stays (0).
    rules = LiquidationRules(clearance_fee_rate=D("0.003"), partial_rule=NO_PARTIAL)
    result = liquidate(small(59240), rules)
    assert kinds(result) == [CLOSE, FEE, SURPLUS]
    assert (result.total(FEE), result.total(SURPLUS)) == (D("177.72"), D("62.28"))
    assert result.account.wallet["USDT"] == 0 and result.fund_change == {"USDT": D(240)}
    kept = liquidate(small(59240), LiquidationRules(
        clearance_fee_rate=D("0.003"), partial_rule=NO_PARTIAL, surplus_to_fund=D(0)))
    assert kept.account.wallet["USDT"] == D("62.28")
    # Filled 10 below the mark (slippage): equity at the fill 230. Fee on the fill price:
    # 0.003 x 59,230 = 177.69 (surplus 52.31); on the mark: 177.72 (52.28); on the bankruptcy
    # price 59,000: 177 (53).
    for price, fee in ((FILL, "177.69"), (MARK, "177.72"), (BANKRUPTCY, "177")):
        slipped = liquidate(small(59240), LiquidationRules(
            clearance_fee_rate=D("0.003"), partial_rule=NO_PARTIAL, fee_price=price),
            fill_prices={"BTCUSDT": 59230})
        assert slipped.total(FEE) == D(fee)
        assert slipped.total(SURPLUS) == D(230) - D(fee)
        assert slipped.conserved()


def test_open_orders_are_cancelled_first() -> None:
    # a resting buy of 0.1 BTC at 55,000 (10x) holds 550 USDT of initial margin
    order = ml.OpenOrder("BTCUSDT", D("0.1"), D(55000), D(10))
    result = liquidate(small(59200, orders=(order,)))
    assert kinds(result)[0] == CANCEL and result.account.open_orders == ()
    first = result.events[0]
    assert isinstance(first, LiquidationEvent) and (first.quantity, first.amount) == (1, 550)
    kept = liquidate(small(59200, orders=(order,)), CLOSE_AT_MARK)
    assert kept.account.open_orders == (order,)


def test_trigger_at_exactly_100_percent() -> None:
    # 1 BTCUSDT from 20,000 at 19,000, flat 1%, wallet 1,190: equity 190 = MM 190.
    account = usdt_account(1190, ml.Position("BTCUSDT", D(1), D(20000), D(19000), D(50),
                                             D("0.01")))
    assert ratio(account) == 1
    assert liquidate(account).triggered                     # ratio >= 100% (default)
    strict = LiquidationRules(trigger_inclusive=False)      # "<": the earlier text
    assert not liquidate(account, strict).triggered


def test_the_course_example_close_at_mark_and_as_binance() -> None:
    # Notebook 5's 40% crash, liquidated at BTC 13,600: equity 30,000 - 30,000 x 0.99495 =
    # 151.50 USD. Closing at the mark without a fee leaves 151.50 BUSD (the course's figure).
    account = ml.Account(ml.guide_rates(), {"USDT": D(2000), "BUSD": D(30000)},
                         (ml.Position("BTCUSDT", D(5), D(20000), D(13600), D(20), D("0.008")),))
    old = liquidate(account, CLOSE_AT_MARK)
    assert old.account.wallet == {"USDT": 0, "BUSD": D("151.5")}
    # As Binance: fee 1.25% x 5 x 13,600 = 850 due; the 151.50 USD left buys 151.50 / 0.99495
    # = 152.2689... USDT of it; the BUSD is auto-exchanged to pay; the trader keeps nothing.
    new = liquidate(account)
    assert kinds(new) == [CLOSE, FEE, "conversion"]
    assert abs(new.total(FEE) - D("151.5") / D("0.99495")) < D("1e-20")
    assert all(abs(w) < D("1e-18") for w in new.account.wallet.values())
    assert new.conserved()


def test_single_asset_mode_liquidates_one_asset() -> None:
    # Scenario 3 in single-asset mode: USDT 200 - 500 = -300 (bankrupt); ETHBUSD (BUSD: 620
    # equity) is untouched. The fee is 0 (nothing left); the fund pays the 300.
    account = ml.in_mode(ml.scenario(3), ml.SINGLE_ASSET)
    result = liquidate(account)
    assert kinds(result) == [CLOSE, FEE, FUND]
    assert result.total(FUND) == D(300) and result.fund_change == {"USDT": D(-300)}
    assert result.account.wallet == {"USDT": 0, "BUSD": D(220)}
    assert [p.symbol for p in result.account.positions] == ["ETHBUSD"]


def test_one_by_one_scope_stops_when_compliant() -> None:
    # Two positions in a pool; one_by_one closes the larger margin first and re-checks.
    account = usdt_account(
        1300,
        ml.Position("BTCUSDT", D(1), D(60000), D(59000), D(50), D("0.004")),   # MM 236, -1,000
        ml.Position("ETHUSDT", D(1), D(3000), D(3000), D(50), D("0.004")),     # MM 12, 0
    )
    # at 59,000: E = 300, MM = 248. At 58,950: E = 250, MM = 235.8 + 12 = 247.8 -> 99.1%
    at = account.with_marks({"BTCUSDT": 58950})
    assert not liquidate(at).triggered
    at = account.with_marks({"BTCUSDT": 58940})  # E = 240, MM = 235.76 + 12 = 247.76 -> 103%
    rules = LiquidationRules(partial_rule=NO_PARTIAL, full_scope=ONE_BY_ONE,
                             clearance_fee_rate=D("0.001"))
    # BTC first: realized -1,060, fee 0.001 x 58,940 = 58.94: E = 181.06 vs MM 12: compliant
    result = liquidate(at, rules)
    assert kinds(result) == [CLOSE, FEE]
    assert [p.symbol for p in result.account.positions] == ["ETHUSDT"]
    assert result.account.wallet["USDT"] == D(1300) - D(1060) - D("58.94")


# --- insurance fund and ADL ----------------------------------------------------------------------


def counterparty(size: str, entry: str, wallet: str, leverage: int = 20) -> ml.Account:
    return usdt_account(wallet, ml.Position("BTCUSDT", D(size), D(entry), D(50000),
                                            D(leverage)))


def bankrupt() -> ml.Account:
    """1,000 USDT, long 1 BTCUSDT from 52,000, now at 50,000: equity -1,000; BP 51,000."""
    return usdt_account(1000, ml.Position("BTCUSDT", D(1), D(52000), D(50000), D(50)))


PARTIES = {
    # A: short 0.2 from 55,000: PnL +1,000 on 10,000 notional, wallet 1,000 (MM 40)
    "A": counterparty("-0.2", "55000", "1000"),
    # B: short 10 from 50,300: PnL +3,000 on 500,000 notional, wallet 10,000 (MM 2,450)
    "B": counterparty("-10", "50300", "10000", leverage=50),
    # C: long like the trader: never deleveraged against him
    "C": counterparty("0.5", "49000", "5000"),
}


def test_adl_rankings_differ() -> None:
    # Newer: PNL% x leverage = upnl / equity: A 1,000 / 2,000 = 0.5, B 3,000 / 13,000 = 0.2308.
    # Older: upnl / wallet x MM / equity: A 1 x 40 / 2,000 = 0.02, B 0.3 x 2,450 / 13,000 =
    # 0.0565. The two texts put them in opposite order.
    assert adl_score(PARTIES["A"], "BTCUSDT") == D("0.5")
    assert adl_score(PARTIES["B"], "BTCUSDT") == D(3000) / D(13000)
    assert adl_score(PARTIES["A"], "BTCUSDT", PNL_X_MARGIN_RATIO) == D("0.02")
    legacy_b = adl_score(PARTIES["B"], "BTCUSDT", PNL_X_MARGIN_RATIO)
    assert abs(legacy_b - D("0.3") * D(2450) / D(13000)) < D("1e-25")
    assert [n for n, _ in adl_queue(PARTIES, "BTCUSDT", 1, PNL_X_LEVERAGE)] == ["A", "B"]
    assert [n for n, _ in adl_queue(PARTIES, "BTCUSDT", 1, PNL_X_MARGIN_RATIO)] == ["B", "A"]


def test_fund_covers_the_deficit() -> None:
    result = liquidate(bankrupt(), counterparties=PARTIES)
    assert kinds(result) == [CLOSE, FEE, FUND]
    assert result.total(FUND) == D(1000) and result.account.wallet["USDT"] == 0
    assert result.counterparties == result.counterparties_before  # nobody deleveraged


def test_adl_when_the_fund_cannot() -> None:
    # Fund 300: it pays 300 of the 1,000; the other 700 is 0.7 BTC closed against the
    # counterparties at the bankruptcy price 51,000 (1,000 above the fill per BTC).
    # Newer ranking: A's 0.2 first (200), then 0.5 of B's (500).
    result = liquidate(bankrupt(), LiquidationRules(insurance_fund=D(300)), counterparties=PARTIES)
    assert kinds(result) == [CLOSE, FEE, FUND, ADL, ADL]
    adl = [e for e in result.events if isinstance(e, LiquidationEvent) and e.kind == ADL]
    assert [(e.party, e.quantity, e.price, e.amount) for e in adl] == [
        ("A", D("0.2"), D(51000), D(200)), ("B", D("0.5"), D(51000), D(500))]
    # A closes 0.2 short from 55,000 at 51,000: +800 realized, wallet 1,800, position gone
    assert result.counterparties["A"].wallet["USDT"] == D(1800)
    assert result.counterparties["A"].positions == ()
    # B closes 0.5 from 50,300 at 51,000: -350, wallet 9,650, 9.5 left
    assert result.counterparties["B"].wallet["USDT"] == D(9650)
    assert result.counterparties["B"].positions[0].size == D("-9.5")
    assert result.account.wallet["USDT"] == 0 and result.fund_after == {"USDT": D(0)}
    assert result.conserved()
    # the older ranking takes B's first: 0.7 of B
    legacy = liquidate(bankrupt(), LiquidationRules(insurance_fund=D(300),
                                                    adl_ranking=PNL_X_MARGIN_RATIO),
                       counterparties=PARTIES)
    assert [(e.party, e.quantity) for e in legacy.events
            if isinstance(e, LiquidationEvent) and e.kind == ADL] == [("B", D("0.7"))]
    assert str(adl[0]) == ("step 0 ADL BTCUSDT: A closes 0.2 at the bankruptcy price "
                           "51,000.00, covering 200.00 USDT")


def test_adl_price_is_the_bankruptcy_price() -> None:
    # one position: the ADL price is bankruptcy_price() of the account entering liquidation
    expected = bankruptcy_price(bankrupt().with_marks({"BTCUSDT": 51500}), "BTCUSDT")
    assert expected == D(51000)
    result = liquidate(bankrupt(), LiquidationRules(insurance_fund=D(0)), counterparties=PARTIES)
    prices = {e.price for e in result.events if isinstance(e, LiquidationEvent) and e.kind == ADL}
    assert prices == {expected}


def test_a_short_with_no_positive_bankruptcy_price_is_left_uncovered() -> None:
    # -2,000 USDT already owed, short 0.01 BTCUSDT from 20,000 at 20,000 (flat 0.5%): closed at
    # 20,000 it realizes 0 and leaves the deficit of 2,000. The price that would leave it at 0
    # is 20,000 + 2,000 / -0.01 = -180,000: none is positive, so no counterparty can take the
    # short at its bankruptcy price; the 2,000 stays uncovered and C's long is untouched.
    short = ml.Position("BTCUSDT", D("-0.01"), D(20000), D(20000), D(10), D("0.005"))
    result = liquidate(usdt_account(-2000, short), LiquidationRules(insurance_fund=D(0)),
                       counterparties={"C": PARTIES["C"]})
    assert kinds(result)[-1] == UNCOVERED
    assert result.total(UNCOVERED) == D(2000) and result.total(ADL) == 0
    assert result.counterparties == result.counterparties_before
    assert result.account.wallet["USDT"] == D(-2000) and result.account.positions == ()
    assert result.conserved()


# --- bad rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"clearance_fee_rate": D("-0.01")}, "rules.clearance_fee_rate"),
        ({"clearance_fee_rate": D(1)}, "rules.clearance_fee_rate"),
        ({"symbol_fee_rates": {"BTCUSDT": D(-1)}}, "rules.symbol_fee_rates.BTCUSDT"),
        ({"fee_price": "last"}, "rules.fee_price"),
        ({"fee_capped": 1}, "rules.fee_capped"),
        ({"surplus_to_fund": D("1.5")}, "rules.surplus_to_fund"),
        ({"partial_rule": "ladder"}, "rules.partial_rule"),
        ({"partial_target": D(0)}, "rules.partial_target"),
        ({"partial_target": D("1.2")}, "rules.partial_target"),
        ({"quantity_step": D(0)}, "rules.quantity_step"),
        ({"full_scope": "symbol"}, "rules.full_scope"),
        ({"insurance_fund": D(-1)}, "rules.insurance_fund"),
        ({"adl_ranking": "bitmex"}, "rules.adl_ranking"),
        ({"liquidation_trading_fee_rate": D("-0.0005")}, "rules.liquidation_trading_fee_rate"),
    ],
)
def test_bad_rules_are_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        LiquidationRules(**changes)
    assert err.value.field == field


def test_bad_liquidation_inputs() -> None:
    account = small(59200)
    with pytest.raises(ml.InvalidInput) as err:
        liquidate(account, fill_prices={"ETHUSDT": 1})
    assert err.value.field == "fill_prices"
    with pytest.raises(ml.InvalidInput) as err:
        liquidate(account, fund={"USDT": -1})
    assert err.value.field == "fund.USDT"
    with pytest.raises(ml.InvalidInput) as err:
        liquidate(account, counterparties={"X": "nobody"})  # type: ignore[dict-item]
    assert err.value.field == "counterparties.X"
    with pytest.raises(ml.InvalidInput) as err:
        liquidate(account, "binance")  # type: ignore[arg-type]
    assert err.value.field == "rules"
    with pytest.raises(ml.InvalidInput) as err:
        bankruptcy_price(account, "ETHUSDT")
    assert err.value.field == "symbol"
    assert account == small(59200)


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        # floors out of order
        ((Bracket(D(50000), D(600000), D("0.005"), D(50)), Bracket(D(0), D(50000), D("0.004"))),
         "brackets[1].floor"),
        # a tier whose cap is not above its floor
        ((Bracket(D(0), D(0), D("0.004")),), "brackets[0].cap"),
        # rates falling with notional
        ((Bracket(D(0), D(50000), D("0.005")), Bracket(D(50000), D(10**6), D("0.004"))),
         "brackets[1].rate"),
    ],
)
def test_unsorted_bracket_tables_are_refused(tiers: tuple[Bracket, ...], field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        BracketTable(tiers)
    assert err.value.field == field


# --- invariants (hypothesis) ---------------------------------------------------------------------


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=places,
                       allow_nan=False, allow_infinity=False)


@st.composite
def rules(draw: st.DrawFn) -> LiquidationRules:
    return LiquidationRules(
        clearance_fee_rate=draw(decimals("0", "0.03", 4)),
        fee_price=draw(st.sampled_from([FILL, MARK, BANKRUPTCY])),
        fee_capped=draw(st.booleans()),
        surplus_to_fund=draw(st.sampled_from([D(0), D("0.5"), D(1)])),
        partial_rule=draw(st.sampled_from(PARTIAL_RULES)),
        partial_target=draw(st.sampled_from([D(1), D("0.8")])),
        full_scope=draw(st.sampled_from(["account", ONE_BY_ONE])),
        trigger_inclusive=draw(st.booleans()),
        insurance_fund=draw(st.sampled_from([D(0), D(100), D(10) ** 12])),
        adl_ranking=draw(st.sampled_from([PNL_X_LEVERAGE, PNL_X_MARGIN_RATIO])),
        liquidation_trading_fee_rate=draw(st.sampled_from([D(0), D("0.0005")])),
    )


@st.composite
def breached(draw: st.DrawFn) -> tuple[ml.Account, dict[str, Decimal], dict[str, ml.Account]]:
    """An account beyond its liquidation price, fill prices near the marks, counterparties."""
    rates = {
        "USDT": ml.AssetRate("USDT", draw(decimals("0.95", "1.05", 4)),
                             draw(decimals("0", "0.02", 4)), draw(decimals("-0.02", "0", 4))),
        "BUSD": ml.AssetRate("BUSD", D(1)),
    }
    big = draw(st.booleans())
    size = draw(decimals("50", "400", 3) if big else decimals("0.01", "3", 3))
    side = draw(st.sampled_from([1, -1]))
    entry = draw(decimals("20000", "60000", 1))
    btc = ml.Position("BTCUSDT", size * side, entry, entry, D(draw(st.integers(1, 20))),
                      None if big or draw(st.booleans()) else draw(decimals("0.004", "0.02", 4)))
    positions = [btc]
    if draw(st.booleans()):
        eth_size = draw(decimals("1", "50", 2)) * draw(st.sampled_from([1, -1]))
        eth_entry = draw(decimals("1000", "3000", 2))
        positions.append(ml.Position("ETHBUSD", eth_size, eth_entry,
                                     eth_entry * draw(decimals("0.9", "1.1", 3)), D(20),
                                     D("0.01")))
    notional = size * entry
    wallet = {"USDT": (notional * draw(decimals("0.01", "0.2", 3))).quantize(D("0.01")),
              "BUSD": draw(decimals("0", "50000", 2))}
    account = ml.Account(rates, wallet, tuple(positions),
                         mode=draw(st.sampled_from([ml.MULTI_ASSETS, ml.SINGLE_ASSET])))
    price = ml.liquidation_price(account, "BTCUSDT")
    assume(price is not None and price > 1000)
    assert price is not None
    beyond = draw(decimals("0", "0.03", 4))
    mark = (price * (1 - side * beyond)).quantize(D("0.1"))
    account = account.with_marks({"BTCUSDT": mark})
    fills = {p.symbol: (p.mark_price * draw(decimals("0.995", "1.005", 4))).quantize(D("0.01"))
             for p in account.positions}
    parties = {}
    for k in range(draw(st.integers(0, 3))):
        cp_entry = draw(decimals("20000", "60000", 1))
        parties[f"P{k}"] = ml.Account(
            rates, {"USDT": draw(decimals("1000", "100000", 2))},
            (ml.Position("BTCUSDT", -side * draw(decimals("0.01", "50", 2)), cp_entry, mark,
                         D(draw(st.integers(1, 20))), D("0.005")),))
    return account, fills, parties


PROPERTY = settings(deadline=None, max_examples=50)
TOLERANCE = D("1e-15")


def pool_equity(account: ml.Account, fills: dict[str, Decimal], asset: str | None) -> Decimal:
    figures = ml.evaluate(account, dict(fills))
    value: Decimal = figures.total_equity if asset is None else figures.equity[asset]
    return value


@PROPERTY
@given(breached(), rules())
def test_money_is_conserved(case: Any, chosen: LiquidationRules) -> None:
    account, fills, parties = case
    result = liquidate(account, chosen, counterparties=parties, fill_prices=fills)
    event("partial" if result.partial else "full" if result.full else "not triggered")
    if any(isinstance(e, LiquidationEvent) and e.kind == ADL for e in result.events):
        event("ADL")
    assert result.conserved(TOLERANCE), result.imbalance()


@PROPERTY
@given(breached(), rules())
def test_no_ratio_at_or_above_100_percent_is_left(case: Any, chosen: LiquidationRules) -> None:
    account, fills, parties = case
    result = liquidate(account, chosen, counterparties=parties, fill_prices=fills)
    assert not chosen.breached(ratio(result.account))
    if result.partial:
        event("partial close was enough")
        assert result.account.positions  # a partial end keeps a position


@PROPERTY
@given(breached(), rules())
def test_the_fee_never_makes_the_fund_pay_more_than_the_deficit(
    case: Any, chosen: LiquidationRules
) -> None:
    # The deficit: what the pool lacks with every position valued at its fill price (USD in
    # multi-assets mode, the asset's units in single-asset mode). The fund's payout, valued as
    # the debt it repays (sell rate), is never more, whatever the fee.
    account, fills, _ = case
    assume(chosen.fee_capped)  # uncapped, the fee itself is a debt the fund pays back
    result = liquidate(account, chosen, fill_prices=fills)
    multi = account.mode == ml.MULTI_ASSETS
    for asset in (None,) if multi else ("USDT", "BUSD"):
        payout = sum((e.amount * (account.rates[e.asset].sell_rate if multi else 1)
                      for e in result.events if isinstance(e, LiquidationEvent)
                      and e.kind == FUND and (asset is None or e.asset == asset)), start=D(0))
        deficit = max(D(0), -pool_equity(account, fills, asset))
        assert payout <= deficit + TOLERANCE


@PROPERTY
@given(breached())
def test_close_at_mark_rules_give_the_course_s_earlier_result(case: Any) -> None:
    # Today's simulator: every position (multi-assets) or the broken asset's contracts closed at
    # the mark, then auto-exchange trigger (b). CLOSE_AT_MARK (no fee, nothing to the fund, no
    # fund, no ADL, orders left) gives exactly the same account.
    account, _, _ = case
    pooled = account.mode == ml.MULTI_ASSETS
    if not ml.summarize(account).liquidating:
        assert not liquidate(account, CLOSE_AT_MARK).triggered
        return
    old = close_positions(account, None if pooled else _liquidating_symbols(account))
    if pooled:
        old, _ = auto_exchange_step(old, liquidating=True)
    assert liquidate(account, CLOSE_AT_MARK).account == old


@PROPERTY
@given(breached())
def test_bankruptcy_price_zeroes_the_equity_beyond_the_liquidation_price(case: Any) -> None:
    account, _, _ = case
    account = account.with_marks({"BTCUSDT": account.positions[0].entry_price})
    position = account.positions[0]
    price = bankruptcy_price(account, "BTCUSDT")
    liquidation = ml.liquidation_price(account, "BTCUSDT")
    assume(price is not None and liquidation is not None and price != position.mark_price)
    assert price is not None and liquidation is not None
    asset = None if account.mode == ml.MULTI_ASSETS else "USDT"
    assert abs(pool_equity(account, {"BTCUSDT": price}, asset)) < D("1e-12")
    # beyond (or at) the liquidation price, as seen from the mark
    assert (price <= liquidation) if position.size > 0 else (price >= liquidation)


def test_default_rules_are_binance() -> None:
    assert LiquidationRules() == BINANCE
    assert (BINANCE.clearance_fee_rate, BINANCE.partial_rule, BINANCE.trigger_inclusive) == (
        D("0.0125"), "single_order", True)
    assert BINANCE.fee_rate("BTCUSDT") == D("0.0125")
    assert LiquidationRules(symbol_fee_rates={"ETHUSDT": D("0.015")}).fee_rate("ETHUSDT") == D(
        "0.015")


# --- the levels of one position -------------------------------------------------------------------


def test_levels_of_a_small_long() -> None:
    # 1 BTCUSDT from 60,000, wallet 3,000 (its initial margin at 20x). LP: 3,000 + (p - 60,000)
    # = 0.005 p - 50 -> p = 56,950 / 0.995 = 57,236.18; BP 60,000 - 3,000 = 57,000. At the tick
    # 57,236.10 the equity is 236.10 (< MM 236.18): full close, the fee (715.45 due) takes it
    # all. With a fund of 20,000: ADL beyond 57,000 - 20,000 / 1 = 37,000.
    account = usdt_account(3000, ml.Position("BTCUSDT", D(1), D(60000), D(60000), D(20)))
    levels = liquidation_levels(account, "BTCUSDT", fund=D(20000))
    assert levels.liquidation is not None and ml.usd(levels.liquidation) == "57,236.18"
    assert levels.bankruptcy == D(57000) and levels.trigger == D("57236.1")
    assert levels.partial_quantity == 0 and levels.fee == D("236.1")
    assert levels.fee_due == D("0.0125") * D("57236.1")  # 715.45125, capped
    assert levels.to_fund == D("236.1") and levels.adl == D(37000)
    assert str(levels).splitlines()[2] == (
        "at 57,236.10: full close, fee 236.10 USDT, 236.10 USDT to the fund in all")


def test_levels_of_a_large_long() -> None:
    # 300 BTCUSDT from 60,000, wallet 900,000 (20x): tier 5. LP: 900,000 + 300 (p - 60,000) =
    # 6 p - 131,450 -> p = 16,968,550 / 294 = 57,716.16. At 57,716.10: E = 214,830,
    # MM = 214,846.6; each BTC closed frees 0.75% x 57,716.1 = 432.87: 16.6 / 432.87 = 0.0383
    # -> 0.039 BTC, fee 1.25% x 0.039 x 57,716.1 = 28.14. ADL beyond 57,000 - 20,000 / 300.
    account = usdt_account(900000, ml.Position("BTCUSDT", D(300), D(60000), D(60000), D(20)))
    levels = liquidation_levels(account, "BTCUSDT", fund=D(20000))
    assert levels.liquidation is not None
    assert abs(levels.liquidation - D(16968550) / D(294)) < D("1e-20")
    assert levels.partial_quantity == D("0.039")
    assert levels.fee == D("0.0125") * D("0.039") * D("57716.1")
    assert levels.after_partial is not None and levels.after_partial < levels.liquidation
    assert levels.adl == D(57000) - D(20000) / D(300)
    # no fund at all: ADL right at the bankruptcy price
    assert liquidation_levels(account, "BTCUSDT", fund=0).adl == D(57000)


def test_every_rule_says_where_it_comes_from() -> None:
    from dataclasses import fields

    from marginlib.liquidation import RULE_SOURCES

    named = {f.name for f in fields(LiquidationRules)} - {"symbol_fee_rates"}
    assert set(RULE_SOURCES) == named
    text = str(BINANCE)
    assert "partial_rule = single_order (Binance)" in text
    assert "surplus_to_fund = 1 (modelling choice)" in text
