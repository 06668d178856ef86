"""marginlib.exercises.replay: notebook 10.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand."""

from __future__ import annotations

from marginlib.exercises.replay import check_replay_ratio


# notebook 10
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
