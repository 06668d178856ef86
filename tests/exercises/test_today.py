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
# BTCUSDT at notional 2,000,000: tier 3 [600,000, 3,000,000), 0.65%, cum 950, 75x:
#   2,000,000 x 0.0065 - 950 = 12,050; without cum 13,000; at tier 1's 0.4%: 8,000.
# BUSD -12,000 covered from BTC at 97.5%: 12,000 / 0.975 = 12,307.69 of BTC at market;
#   multiplied instead of divided: 11,700; the debt itself: 12,000.
def test_check_tier_maintenance() -> None:
    right = check_tier_maintenance(12050)
    assert right and str(right) == "✔ BTCUSDT maintenance margin = 12050.00: right."
    assert check_tier_maintenance("12,050.00")
    no_cum = check_tier_maintenance(13000)
    assert not no_cum and "You left out the tier's maintenance amount (cum)" in no_cum.message
    assert "2000000 x 0.0065 - 950 = 12050" in no_cum.message
    first = check_tier_maintenance(8000)
    assert not first and "first tier's rate" in first.message
    assert not check_tier_maintenance(12000)
    empty = check_tier_maintenance(None)
    assert not empty and "No answer yet" in empty.message and "12050" not in empty.message
    # 300,000 in tier 2: 300,000 x 0.005 - 50 = 1,450.
    assert check_tier_maintenance(1450, notional=300000)


def test_check_max_leverage() -> None:
    assert check_max_leverage(75) and check_max_leverage("75x")
    wrong = check_max_leverage(125)
    assert not wrong and "tier 3, whose maximum leverage is 75x" in wrong.message
    assert check_max_leverage(125, notional=10000)
    assert not check_max_leverage("many")


def test_check_auto_exchange_value() -> None:
    right = check_auto_exchange_value(12307.69)
    assert right and str(right) == "✔ Market value of the BTC sold = 12307.69: right."
    times = check_auto_exchange_value(11700)
    assert not times and "divide" in times.message and "expected 12307.69" in times.message
    debt = check_auto_exchange_value(12000)
    assert not debt and "That is the debt" in debt.message
    assert not check_auto_exchange_value(12307.70)
    # Binance's own figures: 20,000 / 0.975 = 20,512.82.
    assert check_auto_exchange_value("20,512.82", debt=20000)
    assert not check_auto_exchange_value(None)
