"""marginlib.exercises.modes: notebook 7.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.modes import (
    check_liquidating_mode,
    check_pooled_ratio,
    check_single_ratio,
)


# notebook 07: BTC 19,700, ETH 610
# USDT equity 200 + 0.5 x (19,700 - 20,000) = 50; MM 0.5 x 19,700 x 0.8% = 78.8 -> 157.60%
# BUSD equity 220 + 20 x 10 = 420; MM 20 x 610 x 1% = 122 -> 29.05%
# pooled: equity 50 x 0.9801 + 420 = 469.005; MM 78.8 x 0.99495 + 122 = 200.40206 -> 42.73%
# the USDT-side slip: 78.40206 / 49.005 = 159.99% (USD rates in single-asset mode)
def test_check_single_ratio_right() -> None:
    verdict = check_single_ratio(157.6)
    assert verdict.correct
    assert str(verdict) == "✔ USDT's own ratio, single-asset mode (%) = 157.60: right."
    assert check_single_ratio("157.60%")
    assert check_single_ratio("29.05", asset="BUSD")


def test_check_single_ratio_wrong_with_reasons() -> None:
    pooled = check_single_ratio(42.73)
    assert not pooled and "That is the pooled (multi-assets) ratio" in pooled.message
    assert "expected 157.60" in pooled.message
    in_usd = check_single_ratio(159.99)
    assert not in_usd and "needs no rates" in in_usd.message
    fraction = check_single_ratio(1.576)
    assert not fraction and "in percent" in fraction.message
    other = check_single_ratio(150)
    assert not other and "stands alone" in other.message and "needs no rates" not in other.message
    empty = check_single_ratio(None)
    assert not empty and "No answer yet" in empty.message and "157" not in empty.message


def test_check_single_ratio_infinite() -> None:
    # Scenario 3: USDT equity -300 <= 0 -> infinite.
    assert check_single_ratio("inf", btc_mark=19000, eth_mark=620)
    wrong = check_single_ratio(100, btc_mark=19000, eth_mark=620)
    assert not wrong and "infinite" in wrong.message


def test_check_pooled_ratio() -> None:
    assert check_pooled_ratio(42.73) and check_pooled_ratio("42.73%")
    single = check_pooled_ratio(157.6)
    assert not single and "one asset's own (single-asset) ratio" in single.message
    assert "469.005" in single.message and "200.40206" in single.message
    assert not check_pooled_ratio(0.4273)
    assert not check_pooled_ratio(42.72)
    # Scenario 3: 199.6162 / 321.515 = 62.09%.
    assert check_pooled_ratio(62.09, btc_mark=19000, eth_mark=620)


def test_check_liquidating_mode() -> None:
    right = check_liquidating_mode("single-asset")
    assert right and "Single-asset mode liquidates (USDT)" in right.message
    assert check_liquidating_mode("single")
    wrong = check_liquidating_mode("both")
    assert not wrong and "expected single-asset" in wrong.message
    assert "USDT alone 157.60%" in wrong.message and "pooled 42.73%" in wrong.message
    assert not check_liquidating_mode("maybe")
    assert not check_liquidating_mode(None)
    # Scenario 2 (BTC 20,000, ETH 600): 40%, 54.55%, pooled 47.98% -> neither.
    assert check_liquidating_mode("neither", btc_mark=20000, eth_mark=600)
    # BTC 18,700, ETH 620: USDT -450 (inf), pooled 198.42226 / 172.2725 = 115.18% -> both.
    assert check_liquidating_mode("both", btc_mark=18700, eth_mark=620)
