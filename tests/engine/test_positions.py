"""marginlib.positions: notional, PnL, initial and maintenance margin.

Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml

D = Decimal


def btc(size: str = "0.5", mark: int = 19000, **kwargs: object) -> ml.Position:
    return ml.Position(
        "BTCUSDT", D(size), D(20000), D(mark), D(100),
        kwargs.pop("rate", D("0.008")), **kwargs,  # type: ignore[arg-type]
    )


def test_long_position() -> None:
    pos = btc()
    assert pos.notional == D(9500)  # 0.5 x 19,000
    assert pos.unrealized_pnl == D(-500)  # 0.5 x (19,000 - 20,000)
    assert pos.initial_margin == D(95)  # 9,500 / 100
    assert pos.maintenance_margin == D(76)  # 9,500 x 0.008


def test_short_position() -> None:
    pos = btc("-0.5")
    assert pos.notional == D(9500)  # |-0.5| x 19,000
    assert pos.unrealized_pnl == D(500)  # -0.5 x (19,000 - 20,000): a short gains on a fall
    assert pos.initial_margin == D(95)
    assert pos.maintenance_margin == D(76)


def test_maintenance_amount_is_subtracted() -> None:
    # Binance's "cum": MM = notional x rate - amount = 9,500 x 0.008 - 10 = 66
    pos = btc(maint_amount=D(10))
    assert pos.maintenance_margin == D(66)
    assert pos.maint_amount == D(10) and pos.maint_margin_rate == D("0.008")


def test_formula_functions() -> None:
    assert ml.notional(D(-2), D(600)) == D(1200)
    assert ml.unrealized_pnl(D(-2), D(600), D(620)) == D(-40)
    assert ml.initial_margin(D(1200), D(50)) == D(24)
    assert ml.maintenance_margin(D(1200), D("0.01"), D(2)) == D(10)
    # the same functions on float arrays
    np.testing.assert_allclose(ml.notional(-2.0, np.array([600.0, 620.0])), [1200.0, 1240.0])


def test_guide_positions() -> None:
    btc_pos, eth_pos = ml.guide_positions()
    assert (btc_pos.symbol, btc_pos.size, btc_pos.leverage) == ("BTCUSDT", D("0.5"), D(100))
    assert (eth_pos.symbol, eth_pos.size, eth_pos.leverage) == ("ETHBUSD", D(20), D(50))
    assert eth_pos.maintenance_margin == D(120)  # 20 x 600 x 1%
    assert eth_pos.initial_margin == D(240)  # 12,000 / 50


def test_with_mark_keeps_everything_else() -> None:
    pos = btc()
    moved = pos.with_mark(D(21000))
    assert moved.mark_price == D(21000) and moved.unrealized_pnl == D(500)
    assert (moved.size, moved.entry_price, moved.leverage) == (pos.size, pos.entry_price,
                                                                pos.leverage)
    assert pos.mark_price == D(19000)  # frozen: the original is untouched
    with pytest.raises(ml.InvalidInput) as err:
        pos.with_mark(0)
    assert err.value.field == "position BTCUSDT.mark_price"


def test_price_move_into_a_lower_leverage_tier_is_not_refused() -> None:
    # 2.4 BTC at 20,000 = 48,000 notional: BTCUSDT tier 1 (up to 50,000, 125x). At 21,000 the
    # notional is 50,400, in tier 2 (100x max). Opening that at 125x is refused, but a price
    # move only re-prices the open position: MM = 50,400 x 0.005 - 50 = 202.
    pos = ml.Position("BTCUSDT", D("2.4"), D(20000), D(20000), D(125))
    moved = pos.with_mark(D(21000))
    assert moved.maintenance_margin == D(202)
    with pytest.raises(ml.LeverageTooHigh):
        ml.Position("BTCUSDT", D("2.4"), D(21000), D(21000), D(125))


def test_leverage_is_a_whole_number_from_1_to_125() -> None:
    # Binance caps leverage by the notional tier's maximum, not by "rate x leverage < 1": at a
    # flat 0.8%, 125x (IM 0.8% of notional, equal to MM) is accepted.
    pos = ml.Position("BTCUSDT", D("0.5"), D(20000), D(20000), D(125), D("0.008"))
    assert pos.initial_margin == pos.maintenance_margin == D(80)  # 10,000 / 125; 10,000 x 0.8%
    assert ml.Position("BTCUSDT", D("0.5"), D(20000), D(20000), 20.0, D("0.008")).leverage == 20
    with pytest.raises(ml.LeverageTooHigh) as err:
        ml.Position("BTCUSDT", D("0.5"), D(20000), D(20000), D(126), D("0.008"))
    assert err.value.field == "position BTCUSDT.leverage"
    for bad in (D("0.5"), D("20.5"), 0, D("1e-90")):
        with pytest.raises(ml.InvalidInput) as refused:
            ml.Position("BTCUSDT", D("0.5"), D(20000), D(20000), bad, D("0.008"))
        assert refused.value.field == "position BTCUSDT.leverage"
        assert "whole number from 1 to 125" in refused.value.rule or "size" in refused.value.rule


def test_open_order_reserves_initial_margin() -> None:
    order = ml.OpenOrder("ETHBUSD", D(-1), D(650), D(50))
    assert order.initial_margin == D(13)  # |-1| x 650 / 50


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((D(0), D(20000), D(20000), D(100)), "position BTCUSDT.size"),
        ((D(1), D(0), D(20000), D(100)), "position BTCUSDT.entry_price"),
        ((D(1), D(20000), D(-1), D(100)), "position BTCUSDT.mark_price"),
        ((D(1), D(20000), D(20000), D(0)), "position BTCUSDT.leverage"),
        ((True, D(20000), D(20000), D(10)), "position BTCUSDT.size"),
    ],
)
def test_position_refusals(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.Position("BTCUSDT", *args, D("0.008"))  # type: ignore[arg-type]
    assert err.value.field == field


@pytest.mark.parametrize("rate", [D(1), D("1.2"), D("-0.001")])
def test_maintenance_rate_outside_0_1(rate: Decimal) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        btc(rate=rate)
    assert err.value.field == "position BTCUSDT.maint_margin_rate"
    assert "[0, 1)" in err.value.rule


def test_maintenance_amount_needs_a_flat_rate() -> None:
    with pytest.raises(ml.InvalidInput) as err:
        btc(maint_amount=D(-1))
    assert err.value.field == "position BTCUSDT.maint_amount"
    # with brackets the tier brings its own amount: a second one would be silently ignored
    with pytest.raises(ml.InvalidInput) as err:
        ml.Position("BTCUSDT", D(1), D(20000), D(20000), D(10), None, D(5))
    assert err.value.field == "position BTCUSDT.maint_amount"


def test_rate_required_without_brackets() -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.Position("ETHBUSD", D(1), D(600), D(600), D(10))
    assert err.value.field == "position ETHBUSD.maint_margin_rate"
