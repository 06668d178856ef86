"""marginlib.widgets.today: a position grown through its brackets.

Tiers (BTCUSDT, Binance, October 2024): tier 1 [0, 50,000) 0.4% cum 0 125x; tier 2 [50,000,
600,000) 0.5% cum 50 100x; tier 3 [600,000, 3,000,000) 0.65% cum 950 75x; tier 4 [3,000,000,
12,000,000) 1% cum 11,450 50x. The tier widget prices BTC at 60,000."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pytest

from marginlib.widgets import slider_decimal
from marginlib.widgets.today import SIZE_STEP, TierWidget, tier_widget
from tests.widgets import classes


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
