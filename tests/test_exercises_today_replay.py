"""Exercise checkers of notebooks 09-10: each marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand."""

from __future__ import annotations

from marginlib.exercises.replay import check_replay_ratio
from marginlib.exercises.today import (
    check_auto_exchange_value,
    check_max_leverage,
    check_tier_maintenance,
)

# --- notebook 09 ---------------------------------------------------------------------------------
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


# --- notebook 10 ---------------------------------------------------------------------------------
# Step 60 of the course's replay: BTC 58,846.80, ETH 2,340.58. USDT equity 658.40; MM
# BTCUSDT 58,846.8 x 0.5% - 50 = 244.234, ETHUSDT 46,811.6 x 0.4% = 187.2464; 431.4804.
# Single-asset 431.4804 / 658.4 = 65.53%; without cum (481.4804) 73.13%.
# Multi-assets: 658.4 + 26,000 + 0.2 x 58,846.8 x 0.95 = 37,839.292 -> 1.14%;
#   BTC at full price (38,427.76) 1.12%.


def test_check_replay_ratio_single() -> None:
    right = check_replay_ratio(65.53)
    assert right and str(right) == "✔ single-asset margin ratio at step 60 (%) = 65.53: right."
    assert check_replay_ratio("65.53%", mode="single")
    no_cum = check_replay_ratio(73.13)
    assert not no_cum and "maintenance amount (cum)" in no_cum.message
    assert "431.4804 / 658.4 = 65.53%" in no_cum.message
    fraction = check_replay_ratio(0.6553)
    assert not fraction and "expected 65.53" in fraction.message
    assert not check_replay_ratio(None)


def test_check_replay_ratio_multi() -> None:
    assert check_replay_ratio(1.14, mode="multi-assets")
    full = check_replay_ratio(1.12, mode="multi")
    assert not full and "95% of its price" in full.message
    alone = check_replay_ratio(65.53, mode="multi-assets")
    assert not alone and "That is the single-asset ratio" in alone.message
    assert "431.4804 / 37839.292" in alone.message
    # Step 63: 430.1295 / 359.10 = 119.78% (single-asset liquidates there).
    assert check_replay_ratio(119.78, step=63)


def test_check_replay_ratio_bad_mode() -> None:
    import pytest

    import marginlib as ml

    with pytest.raises(ml.InvalidInput, match="mode"):
        check_replay_ratio(1, mode="both")
