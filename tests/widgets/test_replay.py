"""marginlib.widgets.replay: the crash replay, step by step.

Tiers (BTCUSDT, Binance, October 2024): tier 1 [0, 50,000) 0.4% cum 0 125x; tier 2 [50,000,
600,000) 0.5% cum 50 100x; tier 3 [600,000, 3,000,000) 0.65% cum 950 75x; tier 4 [3,000,000,
12,000,000) 1% cum 11,450 50x. The tier widget prices BTC at 60,000."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from marginlib.replay import Replay, crash_path, replay
from marginlib.widgets.replay import ReplayWidget, replay_widget
from tests.widgets import classes


@pytest.fixture()
def walk() -> ReplayWidget:
    return replay_widget(plot=False)


def test_replay_widget_starts_at_step_0(walk: ReplayWidget, course: Replay) -> None:
    assert walk.fall.value == 30 and walk.step.value == 0 and walk.step.max == 359
    assert walk.play.max == 359
    # Step 0: BTC 60,000, ETH 2,400; USDT alone: MM 60,000 x 0.5% - 50 + 48,000 x 0.4% = 442
    # on 3,000 -> 14.73%; the pool (USDT and USDC at 99.99%, BTC at 95%): 29,000 x 0.9999 +
    # 0.2 x 57,000 = 28,997.10 + 11,400 = 40,397.10; MM 442 x 1.0001 = 442.0442 -> 1.09%.
    assert walk.status_label.value == ("Step 0: BTC 60,000.00, ETH 2,400.00; ratio single-asset "
                                       "14.73%, multi-assets 1.09%")
    assert walk.status_label.value == course.step_line(0)
    assert walk.single_label.value == ("single-asset: equity 40,397.10 USD; USDT 3,000.00, "
                                       "USDC 26,000.00, BTC 0.2 (open)")
    assert walk.progress.value == walk.progress.max == 720
    assert "single-asset: liquidated at step 63" in walk.key_label.value
    assert walk.events_label.value == "<pre>No auto-exchange yet.</pre>"


def test_replay_widget_play_moves_the_step(walk: ReplayWidget, course: Replay) -> None:
    walk.play.value = 60
    assert walk.step.value == 60
    assert walk.status_label.value == ("Step 60: BTC 58,846.80, ETH 2,340.58; ratio single-asset "
                                       "65.53%, multi-assets 1.14%")
    walk.step.value = 63
    assert walk.play.value == 63
    # (359.10 + 26,000) x 0.9999 + 0.2 x 58,693.1 x 0.95 = 26,356.46409 + 11,151.689 =
    # 37,508.15309.
    assert walk.single_label.value == ("single-asset: equity 37,508.15 USD; USDT 359.10, "
                                       "USDC 26,000.00, BTC 0.2 (liquidated)")
    walk.step.value = 220
    assert walk.multi_label.value.startswith("multi-assets: equity ")
    # tests/engine/test_replay.py: USDC pays 11,315.89 USD, i.e. 11,315.89 / 0.9999 =
    # 11,317.02 USDC; BTC 3,557.60 / (41,914.4 x 0.975) = 0.08705402 BTC.
    assert walk.multi_label.value.endswith("USDT 0.00, USDC 14,682.98, BTC 0.11294598 (open)")
    assert "step 220 (threshold): sold 11,317.02 USDC" in walk.events_label.value


def test_replay_widget_deeper_fall(walk: ReplayWidget) -> None:
    walk.fall.value = 40
    deep = replay(path=crash_path(fall=0.40))
    at = deep.multi.liquidated_at
    assert at is not None
    assert walk.replay is not None and walk.replay.multi.liquidated_at == at
    assert f"multi-assets: liquidated at step {at}" in walk.key_label.value
    assert walk.progress.value == 720
    walk.step.value = at
    assert walk.status_label.value == deep.step_line(at)
    assert "(liquidation)" in walk.events_label.value


def test_replay_widget_css_classes_and_picture() -> None:
    w = replay_widget()
    for name, widget in (("play", w.play), ("step", w.step), ("fall", w.fall),
                         ("progress", w.progress), ("status", w.status_label),
                         ("single", w.single_label), ("multi", w.multi_label),
                         ("key", w.key_label), ("events", w.events_label),
                         ("plot", w.output)):
        assert f"ml-replay-{name}" in classes(widget)
    w.step.value = 100  # redraws without error
    assert w.error_label.value == ""
    plt.close("all")
