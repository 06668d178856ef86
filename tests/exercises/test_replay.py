"""marginlib.exercises.replay: notebook 10.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand."""

from __future__ import annotations

from marginlib.exercises.replay import check_replay_ratio


# notebook 10
# Step 45 of the course's replay: BTC 59,030.20, ETH 2,349.88. USDT equity 3,000 - 969.80 +
# 20 x (-50.12) = 1,027.80; MM BTCUSDT 59,030.2 x 0.5% - 50 = 245.151 (tier 2), ETHUSDT
# 46,997.6 x 0.4% = 187.9904 (tier 1); 433.1414. Single-asset 433.1414 / 1,027.8 = 42.14%;
# without cum (483.1414) 47.01%.
# Multi-assets (today's registry: USDT, USDC at 99.99%, buy 0.9999, sell 1.0001; BTC 95%):
#   (1,027.8 + 26,000) x 0.9999 + 0.2 x 59,030.2 x 0.95 = 27,025.09722 + 11,215.738 =
#   38,240.83522; MM 433.1414 x 1.0001 = 433.18471414; 1.13%. BTC at full price: 1.12%.
def test_check_replay_ratio_single() -> None:
    right = check_replay_ratio(42.14)
    assert right and str(right) == "✔ single-asset margin ratio at step 45 (%) = 42.14: right."
    assert check_replay_ratio("42.14%", mode="single")
    no_cum = check_replay_ratio(47.01)
    assert not no_cum and "maintenance amount (cum)" in no_cum.message
    assert "433.1414 / 1027.8 = 42.14%" in no_cum.message
    fraction = check_replay_ratio(0.4214)
    assert not fraction and "expected 42.14" in fraction.message
    assert not check_replay_ratio(None)
    # Step 60 (BTC 58,846.80, ETH 2,340.58): 431.4804 / 658.40 = 65.53%.
    assert check_replay_ratio("65.53%", step=60)


def test_check_replay_ratio_multi() -> None:
    assert check_replay_ratio(1.13, mode="multi-assets")
    full = check_replay_ratio(1.12, mode="multi")
    assert not full and "95% of its price" in full.message
    alone = check_replay_ratio(42.14, mode="multi-assets")
    assert not alone and "That is the single-asset ratio" in alone.message
    assert "433.18471414 / 38240.83522" in alone.message
    assert "USDT 1027.8 x 0.9999" in alone.message
    # Step 63: 430.1295 / 359.10 = 119.78% (single-asset liquidates there).
    assert check_replay_ratio(119.78, step=63)


def test_check_replay_ratio_bad_mode() -> None:
    import pytest

    import marginlib as ml

    with pytest.raises(ml.InvalidInput, match="mode"):
        check_replay_ratio(1, mode="both")
