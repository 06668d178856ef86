"""marginlib.widgets.positions: the positions explorer.

Hand work: the guide's Scenarios 1-3 in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marginlib.widgets.positions import PositionsWidget, positions_widget
from tests.widgets import classes


@pytest.fixture()
def positions() -> PositionsWidget:
    return positions_widget(plot=False)


def test_positions_widget_starts_at_scenario_2(positions: PositionsWidget) -> None:
    assert positions.btc_label.value == (
        "BTCUSDT: notional 10,000.00 USDT, IM 100.00 USDT, MM 80.00 USDT"
    )
    assert positions.eth_label.value == (
        "ETHBUSD: notional 12,000.00 BUSD, IM 240.00 BUSD, MM 120.00 BUSD"
    )
    assert positions.maintenance_label.value == "Maintenance margin: 199.60 USD"
    assert positions.initial_label.value == "Initial margin: 339.50 USD"
    assert positions.equity_label.value == "Account equity: 416.02 USD"
    assert positions.ratio_label.value == "Margin ratio: 47.98%"
    assert positions.available_label.value == "Available for new orders: 76.53 USD"
    assert positions.error_label.value == ""
    assert positions.summary is not None and positions.summary.available == Decimal("76.525")


def test_positions_widget_notebook_03_exercise(positions: PositionsWidget) -> None:
    # 0.2 BTC at 20,000, 20x: IM 200 USDT -> 198.99 USD, MM 32 USDT -> 31.8384 USD;
    # 5 ETH at 600, 25x: IM 120, MM 30. MM 61.8384 -> 61.84; IM 318.99; ratio 61.8384 / 416.02
    # = 14.864% -> 14.86%; available 416.02 - 318.99 = 97.03.
    positions.btc_size.value = 0.2
    positions.btc_leverage.value = 20
    positions.eth_size.value = 5
    positions.eth_leverage.value = 25
    assert positions.maintenance_label.value == "Maintenance margin: 61.84 USD"
    assert positions.initial_label.value == "Initial margin: 318.99 USD"
    assert positions.ratio_label.value == "Margin ratio: 14.86%"
    assert positions.available_label.value == "Available for new orders: 97.03 USD"


def test_positions_widget_lower_leverage_blocks_orders(positions: PositionsWidget) -> None:
    # BTC at 10x: IM 1,000 USDT x 0.99495 = 994.95; + 240 = 1,234.95 > 416.02:
    # available 416.02 - 1,234.95 = -818.93; MM (199.596) and ratio (47.98%) do not change.
    positions.btc_leverage.value = 10
    assert positions.initial_label.value == "Initial margin: 1,234.95 USD"
    assert positions.available_label.value == (
        "Available for new orders: -818.93 USD (negative: no new orders)"
    )
    assert positions.ratio_label.value == "Margin ratio: 47.98%"


def test_positions_widget_size_zero_is_no_position(positions: PositionsWidget) -> None:
    # Only ETH: MM 120, IM 240, ratio 120 / 416.02 = 28.845% -> 28.84%; available 176.02.
    positions.btc_size.value = 0
    assert positions.btc_label.value == "BTCUSDT: no position"
    assert positions.maintenance_label.value == "Maintenance margin: 120.00 USD"
    assert positions.ratio_label.value == "Margin ratio: 28.84%"
    assert positions.available_label.value == "Available for new orders: 176.02 USD"


def test_positions_widget_price_moves_the_margins(positions: PositionsWidget) -> None:
    # Opened at 19,000: notional 9,500; MM 76 x 0.99495 = 75.6162 + 120 = 195.6162 -> 195.62;
    # IM 95 x 0.99495 = 94.52025 + 240 = 334.52025; available 416.02 - 334.52025 = 81.49975.
    positions.btc_mark.value = 19000
    assert positions.maintenance_label.value == "Maintenance margin: 195.62 USD"
    assert positions.available_label.value == "Available for new orders: 81.50 USD"
    assert positions.equity_label.value == "Account equity: 416.02 USD"  # entry = mark


def test_positions_widget_takes_every_leverage_up_to_125(
    positions: PositionsWidget,
) -> None:
    # Leverage is a whole number from 1 to 125 (a flat rate has no tier to cap it): at 125x the
    # initial margin, 10,000 / 125 = 80 USDT, equals the 0.8% maintenance margin. IM in USD:
    # 80 x 0.99495 + 240 = 319.596; available 416.02 - 319.596 = 96.424.
    positions.btc_leverage.value = 125
    assert positions.error_label.value == ""
    assert positions.ratio_label.value == "Margin ratio: 47.98%"
    assert positions.available_label.value == "Available for new orders: 96.42 USD"
    positions.eth_leverage.value = 100  # 12,000 / 100 = 120 BUSD, equal to its 1% MM
    assert positions.error_label.value == ""


def test_positions_widget_css_classes(positions: PositionsWidget) -> None:
    assert "ml-positions-widget" in classes(positions)
    for widget, name in ((positions.btc_size, "ml-btc-size"),
                         (positions.btc_leverage, "ml-btc-leverage"),
                         (positions.btc_mark, "ml-btc-mark"), (positions.eth_size, "ml-eth-size"),
                         (positions.eth_leverage, "ml-eth-leverage"),
                         (positions.eth_mark, "ml-eth-mark"),
                         (positions.maintenance_label, "ml-maintenance"),
                         (positions.initial_label, "ml-initial"),
                         (positions.ratio_label, "ml-ratio"),
                         (positions.available_label, "ml-available"),
                         (positions.error_label, "ml-error")):
        assert name in classes(widget)
