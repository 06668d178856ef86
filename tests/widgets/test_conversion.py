"""marginlib.widgets.conversion: the auto-exchange simulator.

Hand work: the guide's Scenario 3 and the shock account in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.widgets.conversion import ConversionWidget, conversion_widget
from tests.widgets import classes

SELL = Decimal("0.99495")


@pytest.fixture()
def conv() -> ConversionWidget:
    return conversion_widget(plot=False)


def test_conversion_widget_default_threshold_trigger(conv: ConversionWidget) -> None:
    # 15% fall: 20,000 -> 17,000, closed at step 11: USDT 2,000 - 5 x 3,000 = -13,000,
    # worth -13,000 x 0.99495 = -12,934.35 USD < -10,000. Engine runs at 0, 4, 8, 12: step 12.
    assert conv.threshold.value == -10000 and conv.interval.value == 4 and conv.shock.value == 15
    assert conv.status_label.value == "1 conversion event; no liquidation"
    events = conv.events_label.value
    assert "step 12 (threshold): sold 12,934.35 BUSD → bought 13,000.00 USDT" in events
    assert conv.final_label.value == (
        "Final wallets: USDT 0.00, BUSD 17,065.65; equity 17,065.65 USD")
    assert conv.error_label.value == ""


def test_conversion_widget_interval_moves_the_event(conv: ConversionWidget) -> None:
    conv.interval.value = 1
    assert "step 11 (threshold)" in conv.events_label.value
    conv.interval.value = 7  # runs at 0, 7, 14
    assert "step 14 (threshold)" in conv.events_label.value
    conv.interval.value = 8  # runs at 0, 8 (and 16, after the path's last step 15)
    assert conv.status_label.value == "0 conversion events; no liquidation"


def test_conversion_widget_small_fall_and_threshold(conv: ConversionWidget) -> None:
    # 10%: USDT 2,000 - 10,000 = -8,000 -> -7,959.60 USD: above -10,000, no conversion ...
    conv.shock.value = 10
    assert conv.status_label.value == "0 conversion events; no liquidation"
    assert "No conversion." in conv.events_label.value
    assert conv.final_label.value.startswith("Final wallets: USDT -8,000.00, BUSD 30,000.00")
    # ... but below a -5,000 threshold: 7,959.60 BUSD sold at the next run (step 12).
    conv.threshold.value = -5000
    events = conv.events_label.value
    assert "step 12 (threshold): sold 7,959.60 BUSD → bought 8,000.00 USDT" in events


def test_conversion_widget_crash_liquidates(conv: ConversionWidget) -> None:
    # 40%: marks 20,000 - 800 i. At i = 8 (13,600): equity (2,000 - 32,000) x 0.99495 + 30,000
    # = 151.5 < MM 5 x 13,600 x 0.008 x 0.99495 = 541.25 -> liquidation; at i = 7 (14,400)
    # equity 4,131.3 > MM 573.09. USDT -30,000 -> 29,848.50 BUSD sold at once, 151.50 left.
    conv.shock.value = 40
    assert conv.status_label.value == "1 conversion event; liquidated at step 8"
    events = conv.events_label.value
    assert "step 8 (liquidation): sold 29,848.50 BUSD → bought 30,000.00 USDT" in events
    assert conv.final_label.value == "Final wallets: USDT 0.00, BUSD 151.50; equity 151.50 USD"


def test_conversion_widget_liquidation_comes_before_the_close(
    conv: ConversionWidget,
) -> None:
    # 33%: the bottom 13,400 is reached at step 10, the close is planned for step 11. At 13,400
    # equity = (2,000 - 33,000) x 0.99495 + 30,000 = -843.45 < 0: liquidated at step 10
    # (step 9, 14,060: (2,000 - 29,700) x 0.99495 + 30,000 = 2,439.89 > MM 559.56). USDT
    # -31,000 needs 30,843.45 USD: all 30,000 BUSD go, USDT -31,000 + 30,000 / 0.99495 left.
    conv.shock.value = 33
    assert conv.status_label.value == "1 conversion event; liquidated at step 10"
    assert "step 10 (liquidation): sold 30,000.00 BUSD" in conv.events_label.value
    left = Decimal(-31000) + Decimal(30000) / SELL
    assert conv.final_label.value.startswith(f"Final wallets: USDT {left:,.2f}, BUSD 0.00")
    assert conv.final_label.value.startswith("Final wallets: USDT -847.73, BUSD 0.00")


def test_conversion_widget_error_in_a_label() -> None:
    w = conversion_widget(ml.scenario(1), plot=False)
    assert w.error_label.value == "Cannot simulate: symbol: the account has no BTCUSDT position"
    assert w.simulation is None


def test_conversion_widget_css_classes_and_picture() -> None:
    w = conversion_widget()
    for control, name in ((w.threshold, "ml-threshold"), (w.interval, "ml-interval"),
                          (w.shock, "ml-shock"), (w.status_label, "ml-conversion-status"),
                          (w.events_label, "ml-events"), (w.final_label, "ml-final-balances"),
                          (w.error_label, "ml-error")):
        assert name in classes(control)
    w.shock.value = 40
    assert w.error_label.value == ""
