"""Trading fees and funding in the wallet: Binance's published fee examples, hand-worked funding
payments, the wallet-balance identity, and how fees move the liquidation price and auto-exchange
trigger (a). Hand calculations are in the comments.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marginlib as ml
from marginlib.fees import (
    COMMISSION,
    FUNDING,
    MAKER,
    NO_FEES,
    REALIZED,
    TAKER,
    VIP0,
    VIP0_2021,
    FeeSchedule,
    FundingSchedule,
    charge_commission,
    close_position,
    funding_payment,
    ledger,
    open_position,
    settle_funding,
    trading_fee,
)

D = Decimal
#: USDT at 1, no buffer (a stated simplification that keeps the hand figures in round USDT).
USDT_AT_1 = ml.AssetRate("USDT", D(1), D(0), D(0))


def usdt_account(wallet: str = "10000", *positions: ml.Position,
                 mode: str = ml.MULTI_ASSETS) -> ml.Account:
    """USDT at 1 with no premium (today's registry): USD and USDT amounts are the same.

    The zero premiums are given: a stated simplification (left out, they would be the
    registry's 0.0001 each way, the buffers Binance's asset index shows for USDT)."""
    return ml.Account({"USDT": USDT_AT_1}, {"USDT": D(wallet)}, positions,
                      mode=mode, registry=ml.TODAY)


# --- Binance's published figures -----------------------------------------------------------------


def test_binance_fee_examples() -> None:
    # "Binance Futures Fee Structure & Fee Calculations" (FAQ 360033544231; the copy dated
    # 2020-06-11 and the current ones): buy 1 BTC at 10,104 by market order, "10,104 * 0.05% =
    # 5.052 USDT"; sell 1 BTC at 11,104 by limit order, "11,104 * 0.02% = 2.2208 USDT".
    assert trading_fee(D(1), D(10104), VIP0.rate(TAKER)) == D("5.052")
    assert trading_fee(D(-1), D(11104), VIP0.rate(MAKER)) == D("2.2208")
    assert (VIP0.maker, VIP0.taker) == (D("0.0002"), D("0.0005"))
    assert VIP0_2021.taker == D("0.0004")


def test_the_round_trip_in_the_wallet() -> None:
    # Open at 10,104 (taker), close at 11,104 (maker): +1,000 realized - 5.052 - 2.2208
    # = 992.7272 USDT, each term one line of the wallet-balance identity.
    account = usdt_account("1000")
    position = ml.Position("BTCUSDT", D(1), D(10104), D(10104), D(20))
    opened, fee = open_position(account, position, VIP0, liquidity=TAKER)
    assert fee.amount == D("-5.052") and opened.wallet["USDT"] == D("994.948")
    closed, events = close_position(opened.with_marks({"BTCUSDT": 11104}), "BTCUSDT",
                                    fees=VIP0, liquidity=MAKER)
    assert [e.kind for e in events] == [REALIZED, COMMISSION]
    assert closed.positions == () and closed.wallet["USDT"] == D("1992.7272")
    totals = ledger((fee, *events))["USDT"]
    assert totals == {REALIZED: D(1000), FUNDING: D(0), COMMISSION: D("-7.2728")}
    assert str(events[1]) == "step 0 commission BTCUSDT: 0.02% of 11,104.00 -> -2.22 USDT"


# --- funding -------------------------------------------------------------------------------------


def test_funding_longs_pay_when_the_rate_is_positive() -> None:
    # 2 BTC at a mark of 20,000 and a rate of 0.01%: 2 x 20,000 x 0.0001 = 4 USDT.
    assert funding_payment(D(2), D(20000), D("0.0001")) == D(4)
    assert funding_payment(D(-2), D(20000), D("0.0001")) == D(-4)   # the short receives 4
    assert funding_payment(D(2), D(20000), D("-0.0001")) == D(-4)   # a negative rate: reversed
    account = usdt_account(
        "1000",
        ml.Position("BTCUSDT", D(2), D(21000), D(20000), D(20)),
        ml.Position("ETHUSDT", D(-10), D(1000), D(1100), D(20)),
    )
    schedule = FundingSchedule(rate=D("0.0001"), rates={"ETHUSDT": D("0.0003")})
    paid, events = settle_funding(account, schedule, step=8)
    # BTC long pays 4; ETH short receives 10 x 1,100 x 0.0003 = 3.3: 1,000 - 4 + 3.3 = 999.3
    assert [e.amount for e in events] == [D(-4), D("3.3")]
    assert paid.wallet["USDT"] == D("999.3")
    assert str(events[0]) == "step 8 funding BTCUSDT: 0.01% of 40,000.00 -> -4.00 USDT"


def test_funding_schedule_steps() -> None:
    # 8-hour funding on a path of 1-hour steps: steps 8, 16, ...; 4-hour funding on 2-hour
    # steps: every 2 steps; never at the start.
    eight = FundingSchedule()
    assert eight.every == 8 and [s for s in range(25) if eight.due(s)] == [8, 16, 24]
    four = FundingSchedule(interval_hours=D(4), step_hours=D(2))
    assert four.every == 2 and not four.due(0) and four.due(2)
    # the 15-second / 1-minute disagreement: tolerance 0 by default
    assert eight.liable(0) and not eight.liable(5)
    assert FundingSchedule(tolerance_seconds=D(15)).liable(5)
    assert not FundingSchedule(tolerance_seconds=D(15)).liable(59)
    assert FundingSchedule(tolerance_seconds=D(60)).liable(59)


# --- fees move the liquidation price and trigger (a) ---------------------------------------------


def test_the_opening_fee_moves_the_liquidation_price() -> None:
    # 1 BTCUSDT long from 20,000, flat 0.8%, 1,000 USDT: equity 1,000 + (p - 20,000) = 0.008 p
    # -> p = 19,000 / 0.992. The 10 USDT taker fee (20,000 x 0.05%) takes 10 from the wallet:
    # p = 19,010 / 0.992, 10 / 0.992 = 10.08 higher.
    position = ml.Position("BTCUSDT", D(1), D(20000), D(20000), D(20), D("0.008"))
    bare = usdt_account("1000", position)
    paid, fee = open_position(usdt_account("1000"), position, VIP0)
    assert fee.amount == D(-10)
    before = ml.liquidation_price(bare, "BTCUSDT")
    after = ml.liquidation_price(paid, "BTCUSDT")
    assert before is not None and after is not None
    assert abs(before - D(19000) / D("0.992")) < D("1e-15")
    assert abs(after - D(19010) / D("0.992")) < D("1e-15")


def test_funding_can_set_off_auto_exchange() -> None:
    # USDT at 1, no buffer (stated): a wallet of -9,995 USDT is above the -10,000 USD threshold;
    # a funding payment of 2 x 50,000 x 0.0001 = 10 takes it to -10,005: trigger (a).
    account = ml.Account(
        {"USDT": USDT_AT_1, "USDC": ml.AssetRate("USDC", D(1), D(0), D(0))},
        {"USDT": D(-9995), "USDC": D(40000)},
        (ml.Position("BTCUSDT", D(2), D(50000), D(50000), D(20)),), registry=ml.TODAY)
    from marginlib.conversion import triggers

    assert triggers(account) == {}
    paid, _ = settle_funding(account, FundingSchedule(rate=D("0.0001")))
    assert paid.wallet["USDT"] == D(-10005)
    assert triggers(paid) == {"USDT": "threshold"}


def test_no_fees_and_zero_funding_change_nothing() -> None:
    account = usdt_account("1000", ml.Position("BTCUSDT", D(1), D(20000), D(19000), D(20)))
    charged, _ = charge_commission(account, "BTCUSDT", D(1), D(19000), NO_FEES)
    assert charged == account
    settled, _ = settle_funding(account, FundingSchedule(rate=D(0)))
    assert settled == account


# --- bad parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: FeeSchedule(maker=D("-0.0001")), "fees.maker"),
        (lambda: FeeSchedule(taker=D(1)), "fees.taker"),
        (lambda: FeeSchedule(taker="x"), "fees.taker"),
        (lambda: FundingSchedule(interval_hours=D(0)), "funding.interval_hours"),
        (lambda: FundingSchedule(step_hours=D(0)), "funding.step_hours"),
        (lambda: FundingSchedule(interval_hours=D(8), step_hours=D(3)), "funding.interval_hours"),
        (lambda: FundingSchedule(rate=D(1)), "funding.rate"),
        (lambda: FundingSchedule(rates={"BTCUSDT": D(-2)}), "funding.rates.BTCUSDT"),
        (lambda: FundingSchedule(tolerance_seconds=D(-1)), "funding.tolerance_seconds"),
        (lambda: VIP0.rate("market"), "liquidity"),
    ],
)
def test_bad_parameters_are_refused(make: object, field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        make()  # type: ignore[operator]
    assert err.value.field == field


def test_bad_operations_leave_the_account() -> None:
    position = ml.Position("BTCUSDT", D(1), D(20000), D(20000), D(20))
    account = usdt_account("1000", position)
    with pytest.raises(ml.InvalidInput) as err:
        open_position(account, position, VIP0)
    assert err.value.field == "position"
    with pytest.raises(ml.InvalidInput) as err:
        close_position(account, "BTCUSDT", quantity=D(2))
    assert err.value.field == "quantity"
    with pytest.raises(ml.InvalidInput) as err:
        close_position(account, "ETHUSDT")
    assert err.value.field == "symbol"
    assert account == usdt_account("1000", position)


# --- the wallet-balance identity, as a property --------------------------------------------------


prices = st.decimals(min_value=D(1000), max_value=D(90000), places=1)
rates = st.decimals(min_value=D("-0.003"), max_value=D("0.003"), places=6)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["open", "mark", "fund", "close"]), prices, rates,
                          st.sampled_from([MAKER, TAKER])), max_size=12),
       st.decimals(min_value=D("0.001"), max_value=D(5), places=3))
def test_wallet_change_is_realized_plus_funding_minus_commission(
    actions: list[tuple[str, Decimal, Decimal, str]], size: Decimal
) -> None:
    # Binance: wallet balance = net transfer + realized profit + net funding - commission.
    # Whatever the sequence, the wallet's change is the sum of the three kinds of event.
    account = usdt_account("5000")
    events = []
    for action, price, rate, liquidity in actions:
        held = bool(account.positions)
        if action == "open" and not held:
            position = ml.Position("BTCUSDT", size if rate >= 0 else -size, price, price, D(10))
            account, fee = open_position(account, position, VIP0, liquidity=liquidity)
            events.append(fee)
        elif action == "mark" and held:
            account = account.with_marks({"BTCUSDT": price})
        elif action == "fund" and held:
            account, paid = settle_funding(account, FundingSchedule(rate=rate))
            events.extend(paid)
        elif action == "close" and held:
            account, done = close_position(account, "BTCUSDT", price=price, fees=VIP0,
                                           liquidity=liquidity)
            events.extend(done)
    totals = ledger(events).get("USDT", {REALIZED: D(0), FUNDING: D(0), COMMISSION: D(0)})
    assert account.wallet["USDT"] - D(5000) == totals[REALIZED] + totals[FUNDING] + totals[
        COMMISSION]
    assert totals[COMMISSION] <= 0
