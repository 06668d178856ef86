"""Widgets and pictures of notebooks 09-10, driven by setting ``.value``; expected figures worked
by hand.

Tiers (BTCUSDT, Binance, October 2024): tier 1 [0, 50,000) 0.4% cum 0 125x; tier 2 [50,000,
600,000) 0.5% cum 50 100x; tier 3 [600,000, 3,000,000) 0.65% cum 950 75x; tier 4 [3,000,000,
12,000,000) 1% cum 11,450 50x. The tier widget prices BTC at 60,000.
"""

from __future__ import annotations

from decimal import Decimal

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from marginlib.collateral import (
    coin_collateral_account,
    coin_collateral_fall,
    stable_collateral_account,
)
from marginlib.plots.replay import plot_replay
from marginlib.plots.today import plot_brackets, plot_collateral_fall, plot_worlds
from marginlib.replay import Replay, crash_path, replay
from marginlib.today import compare_worlds
from marginlib.widgets import slider_decimal
from marginlib.widgets.replay import ReplayWidget, replay_widget
from marginlib.widgets.today import SIZE_STEP, TierWidget, tier_widget


def classes(widget: object) -> list[str]:
    return list(widget._dom_classes)  # type: ignore[attr-defined]


def _legend(ax: object) -> list[str]:
    legend = ax.get_legend()  # type: ignore[attr-defined]
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


# --------------------------------------------------------------------------------------------
# tier_widget
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def tiers() -> TierWidget:
    return tier_widget(plot=False)


def test_tier_widget_starts_in_tier_2(tiers: TierWidget) -> None:
    # 5 BTC x 60,000 = 300,000: tier 2, 300,000 x 0.5% - 50 = 1,450 (0.483%); IM at 20x 15,000.
    assert tiers.size.value == 5.0 and tiers.leverage.value == 20
    assert tiers.notional_label.value == "Notional: 5 BTC x 60,000.00 = 300,000.00 USDT"
    assert tiers.tier_label.value == "Tier 2: [50,000.00, 600,000.00), rate 0.50%, cum 50.00"
    assert tiers.maintenance_label.value == ("Maintenance margin: 1,450.00 USDT "
                                       "(effective rate 0.483%)")
    assert tiers.max_leverage_label.value == "Maximum leverage in this tier: 100x"
    assert tiers.initial_label.value == "Initial margin at 20x: 15,000.00 USDT"
    assert tiers.error_label.value == ""


def test_tier_widget_one_step(tiers: TierWidget) -> None:
    # 5.5 BTC: 330,000 x 0.5% - 50 = 1,600.
    tiers.size.value = 5.0 + SIZE_STEP
    assert tiers.maintenance_label.value.startswith("Maintenance margin: 1,600.00 USDT")
    assert slider_decimal(5.500000000000001) == Decimal("5.5")


def test_tier_widget_across_the_tier_3_floor(tiers: TierWidget) -> None:
    # 9.5 BTC = 570,000: tier 2, 2,800; 10 BTC = 600,000: tier 3, 600,000 x 0.65% - 950 = 2,950
    # = 600,000 x 0.5% - 50 (continuous at the floor); max leverage 100x -> 75x.
    tiers.size.value = 9.5
    assert tiers.maintenance_label.value.startswith("Maintenance margin: 2,800.00 USDT")
    tiers.size.value = 10.0
    assert tiers.tier_label.value.startswith("Tier 3: [600,000.00, 3,000,000.00), rate 0.65%")
    assert tiers.maintenance_label.value.startswith("Maintenance margin: 2,950.00 USDT")
    assert tiers.max_leverage_label.value == "Maximum leverage in this tier: 75x"
    assert tiers.view is not None and tiers.view.maintenance_margin == 2950


def test_tier_widget_refuses_leverage_above_the_tier(tiers: TierWidget) -> None:
    tiers.size.value = 60.0  # 3,600,000: tier 4, 3,600,000 x 1% - 11,450 = 24,550; 50x
    tiers.leverage.value = 60
    assert tiers.maintenance_label.value.startswith("Maintenance margin: 24,550.00 USDT")
    assert tiers.initial_label.value == "60x refused"
    assert tiers.error_label.value.startswith("Refused: position BTCUSDT.leverage: 60x exceeds the "
                                        "50x maximum")
    assert tiers.position is None
    tiers.leverage.value = 50  # 3,600,000 / 50 = 72,000
    assert tiers.initial_label.value == "Initial margin at 50x: 72,000.00 USDT"
    assert tiers.error_label.value == "" and tiers.position is not None


def test_tier_widget_css_classes_and_picture() -> None:
    w = tier_widget()
    assert "ml-tier-size" in classes(w.size) and "ml-tier-leverage" in classes(w.leverage)
    for name, label in (("notional", w.notional_label), ("tier", w.tier_label),
                        ("maintenance", w.maintenance_label),
                        ("max-leverage", w.max_leverage_label), ("initial", w.initial_label),
                        ("plot", w.output)):
        assert f"ml-tier-{name}" in classes(label)
    assert "ml-error" in classes(w.error_label)
    w.size.value = 20.0  # redraws without error
    assert w.error_label.value == ""
    plt.close("all")


# --------------------------------------------------------------------------------------------
# replay_widget
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course() -> Replay:
    return replay()


@pytest.fixture()
def walk() -> ReplayWidget:
    return replay_widget(plot=False)


def test_replay_widget_starts_at_step_0(walk: ReplayWidget, course: Replay) -> None:
    assert walk.fall.value == 30 and walk.step.value == 0 and walk.step.max == 359
    assert walk.play.max == 359
    # Step 0: BTC 60,000, ETH 2,400; USDT alone: MM 60,000 x 0.5% - 50 + 48,000 x 0.4% = 442
    # on 3,000 -> 14.73%; the pool 3,000 + 26,000 + 0.2 x 57,000 = 40,400 -> 1.09%.
    assert walk.status_label.value == ("Step 0: BTC 60,000.00, ETH 2,400.00; ratio single-asset "
                                 "14.73%, multi-assets 1.09%")
    assert walk.status_label.value == course.step_line(0)
    assert walk.single_label.value == ("single-asset: equity 40,400.00 USD; USDT 3,000.00, "
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
    # 359.10 + 26,000 + 0.2 x 58,693.1 x 0.95 = 359.10 + 26,000 + 11,151.689 = 37,510.789.
    assert walk.single_label.value == ("single-asset: equity 37,510.79 USD; USDT 359.10, "
                                 "USDC 26,000.00, BTC 0.2 (liquidated)")
    walk.step.value = 220
    assert walk.multi_label.value.startswith("multi-assets: equity ")
    assert walk.multi_label.value.endswith("USDT 0.00, USDC 14,615.15, BTC 0.11242424 (open)")
    assert "step 220 (threshold): sold 11,384.84882817 USDC" in walk.events_label.value


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


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def test_plot_worlds() -> None:
    fig = plot_worlds(compare_worlds())
    ax = fig.axes[0]
    assert ax.get_title() == "The same portfolio, then and now"
    assert ax.get_ylabel() == "Amount (USD)"
    assert _legend(ax) == ["the guide's world (2021-05): ratio 62.09%",
                           "today's (2024-10): ratio 27.19%"]
    guide, today = ([float(bar.get_height()) for bar in bars] for bars in ax.containers)
    # Equity 321.515 both; MM 199.6162 / 87.4081; IM 342.52025 both; available -21.00525.
    assert guide == pytest.approx([321.515, 199.6162, 342.52025, -21.00525])
    assert today == pytest.approx([321.515, 87.4081, 342.52025, -21.00525])
    plt.close(fig)


def test_plot_brackets() -> None:
    fig = plot_brackets(notional=300000)
    left, right = fig.axes
    assert "maintenance margin" in left.get_title() and "(USDT, log scale)" in left.get_xlabel()
    assert right.get_ylabel() == "Rate (%)"
    assert "your position: MM 1,450.00" in _legend(left)
    assert "your position: 0.483%" in _legend(right)
    assert "the guide's flat 0.80%" in _legend(left)
    # Tier floors 50,000 ... 12,000,000 marked under 15,000,000: four dotted lines per panel.
    floors = sorted({line.get_xdata()[0] for line in left.lines if line.get_linestyle() == ":"
                     and len(line.get_xdata()) == 2})
    assert floors == [50000.0, 600000.0, 3000000.0, 12000000.0]
    plt.close(fig)


def test_plot_collateral_fall() -> None:
    account = coin_collateral_account()
    fall = coin_collateral_fall(account, "BTC", "BTCUSDT", 54000)
    fig = plot_collateral_fall(account, stable_collateral_account(account), 20000, 70000, fall)
    ax = fig.axes[0]
    assert ax.get_title() == "When BTC falls, BTC held as collateral falls twice"
    assert ax.get_xlabel() == "BTC price = BTCUSDT mark (USD)"
    assert ax.get_ylabel() == "Equity, maintenance margin (USD)"
    legend = _legend(ax)
    assert "BTC as collateral: liquidated at 40,119.05" in legend
    assert "USDT as collateral: liquidated at 30,628.14" in legend
    assert "as position: -12,000.00" in legend and "as collateral: -5,700.00" in legend
    # Equity at 60,000: 59,000 for both lines (each straight there: interpolation is exact);
    # at 54,000: 41,300 with BTC as collateral, 47,000 with USDT.
    lines = {line.get_label(): line for line in ax.lines}
    coin_line = lines["BTC as collateral: equity"]
    stable_line = lines["USDT as collateral: equity"]
    for line, at_54 in ((coin_line, 41300.0), (stable_line, 47000.0)):
        x, y = line.get_xdata(), line.get_ydata()
        assert np.interp(60000.0, x, y) == pytest.approx(59000.0)
        assert np.interp(54000.0, x, y) == pytest.approx(at_54)
    plt.close(fig)


def test_plot_replay(course: Replay) -> None:
    fig = plot_replay(course, step=63)
    prices, ratios, equity = fig.axes[:3]
    assert fig._suptitle.get_text().startswith("Crash replay: a 30% fall")  # type: ignore[attr-defined]
    assert ratios.get_ylabel() == "Margin ratio (%)" and equity.get_xlabel() == "Step"
    legend = _legend(ratios)
    assert "single-asset liquidated: step 63, BTC 58,693.10" in legend
    assert "auto-exchange (multi-assets): step 220" in legend
    assert "trader closes ETHUSDT (step 220)" in _legend(prices)
    assert "step 63" in _legend(prices)
    single = ratios.lines[1]
    assert single.get_ydata()[60] == pytest.approx(float(Decimal("431.4804")
                                                         / Decimal("658.4")) * 100)
    plt.close(fig)
