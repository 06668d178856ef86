"""marginlib.rates: buy and sell rates, USD values.

Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml

D = Decimal


def test_buy_and_sell_rate_formulas() -> None:
    # buy = price x (1 - bid premium); sell = price x (1 - ask premium)
    assert ml.buy_rate(D("0.99"), D("0.01")) == D("0.9801")
    assert ml.sell_rate(D("0.99"), D("-0.005")) == D("0.99495")
    # a 5% haircut on BTC at 60,000: 60,000 x 0.95 = 57,000
    assert ml.buy_rate(D(60000), D("0.05")) == D(57000)


def test_value_in_usd_positive_at_buy_negative_at_sell() -> None:
    usdt = ml.guide_rates()["USDT"]
    assert usdt.value(D(200)) == D("196.02")  # 200 x 0.9801
    assert usdt.value(D(-300)) == D("-298.485")  # -300 x 0.99495
    assert usdt.value(D(0)) == 0
    # Binance's form, min(amount x bid, amount x ask), is the same when bid <= ask
    for amount in (D(200), D(-300)):
        assert usdt.value(amount) == min(amount * usdt.buy_rate, amount * usdt.sell_rate)
    # The rate applied, and its name, as the course's texts say it: 0 counts at the buy rate.
    assert [(usdt.rate_for(x), usdt.rate_name(x)) for x in (D(200), D(0), D(-300))] == [
        (D("0.9801"), "buy"), (D("0.9801"), "buy"), (D("0.99495"), "sell")]


def test_value_in_usd_on_arrays() -> None:
    amounts = np.array([200.0, -300.0, 0.0])
    values = ml.value_in_usd(amounts, 0.9801, 0.99495)
    np.testing.assert_allclose(values, [196.02, -298.485, 0.0])


def test_asset_rate_defaults_and_with_price() -> None:
    busd = ml.AssetRate("BUSD", D(1))
    assert busd.bid_premium == 0 and busd.ask_premium == 0
    depegged = ml.guide_rates()["USDT"].with_price(D("0.95"))
    # 0.95 x 0.99 = 0.9405; 0.95 x 1.005 = 0.95475: premiums kept
    assert depegged.buy_rate == D("0.9405") and depegged.sell_rate == D("0.95475")


def test_asset_rate_reads_strings_and_floats_exactly() -> None:
    rate = ml.AssetRate("USDT", "0.99", 0.01, "-0.005")  # type: ignore[arg-type]
    assert rate.price == D("0.99") and rate.bid_premium == D("0.01")
    assert rate.buy_rate == D("0.9801")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"price": D(0)}, "rates.USDT.price"),
        ({"price": D(-1)}, "rates.USDT.price"),
        ({"price": D(1), "bid_premium": D(1)}, "rates.USDT.bid_premium"),
        ({"price": D(1), "ask_premium": D("1.5")}, "rates.USDT.ask_premium"),
        # buy rate above the index, sell rate below it
        ({"price": D(1), "bid_premium": D("-0.01")}, "rates.USDT.bid_premium"),
        ({"price": D(1), "ask_premium": D("0.01")}, "rates.USDT.ask_premium"),
        ({"price": D(1), "ask_premium": D(-1)}, "rates.USDT.ask_premium"),
        ({"price": "NaN"}, "rates.USDT.price"),
    ],
)
def test_asset_rate_refusals(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ml.InvalidInput) as err:
        ml.AssetRate("USDT", **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
