"""marginlib.exercises.today: notebook 9.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand."""

from __future__ import annotations

from marginlib.exercises.today import (
    check_auto_exchange_value,
    check_max_leverage,
    check_tier_maintenance,
)


# notebook 09
# BTCUSDT at notional 1,250,000: tier 3 [600,000, 3,000,000), 0.65%, cum 950, 75x:
#   1,250,000 x 0.0065 - 950 = 8,125 - 950 = 7,175; without cum 8,125; at tier 1's 0.4%: 5,000.
# At 2,000,000 (same tier): 13,000 - 950 = 12,050.
# BUSD -12,000 covered from BTC sold at 97.5%: 12,000 / 0.975 = 12,307.69 of BTC at market;
#   multiplied instead of divided: 11,700; at the margin rate 95%: 12,631.58; the debt: 12,000.
def test_check_tier_maintenance() -> None:
    right = check_tier_maintenance(7175)
    assert right and str(right) == "✔ BTCUSDT maintenance margin = 7175.00: right."
    assert check_tier_maintenance("7,175.00")
    no_cum = check_tier_maintenance(8125)
    assert not no_cum and "You left out the tier's maintenance amount (cum)" in no_cum.message
    assert "1250000 x 0.0065 - 950 = 7175" in no_cum.message
    first = check_tier_maintenance(5000)
    assert not first and "first tier's rate" in first.message
    assert not check_tier_maintenance(7000)
    empty = check_tier_maintenance(None)
    assert not empty and "No answer yet" in empty.message and "7175" not in empty.message
    assert check_tier_maintenance("12,050.00", notional=2000000)
    # 300,000 in tier 2: 300,000 x 0.005 - 50 = 1,450.
    assert check_tier_maintenance(1450, notional=300000)


def test_check_max_leverage() -> None:
    assert check_max_leverage(75) and check_max_leverage("75x")
    wrong = check_max_leverage(125)
    assert not wrong and "tier 3, whose maximum leverage is 75x" in wrong.message
    assert check_max_leverage(125, notional=10000)
    assert check_max_leverage(50, notional=4000000)  # tier 4 [3,000,000, 12,000,000): 50x
    assert not check_max_leverage("many")


def test_check_auto_exchange_value() -> None:
    right = check_auto_exchange_value(12307.69)
    assert right and str(right) == "✔ Market value of the BTC sold = 12307.69: right."
    times = check_auto_exchange_value(11700)
    assert not times and "divide" in times.message and "expected 12307.69" in times.message
    debt = check_auto_exchange_value(12000)
    assert not debt and "That is the debt" in debt.message
    margin = check_auto_exchange_value("12,631.58")  # 12,000 / 0.95
    assert not margin and "margin rate 0.95" in margin.message
    assert not check_auto_exchange_value(12307.70)
    # Binance's own figures: 20,000 / 0.975 = 20,512.82.
    assert check_auto_exchange_value("20,512.82", debt=20000)
    assert not check_auto_exchange_value(None)
