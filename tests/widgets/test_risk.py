"""marginlib.widgets.risk: the depeg explorer.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pytest

import marginlib as ml
from marginlib.widgets import slider_decimal
from marginlib.widgets.risk import RiskWidget, risk_widget
from tests.widgets import classes

SELL = Decimal("0.99495")


@pytest.fixture()
def risk() -> RiskWidget:
    return risk_widget(plot=False)


def test_risk_widget_starts_at_the_guide_price(risk: RiskWidget) -> None:
    assert risk.price.value == pytest.approx(0.99)
    assert risk.rates_label.value == "USDT at 0.99: buy rate 0.9801, sell rate 0.99495"
    assert risk.ratio_multi_label.value == "Multi-assets ratio: 62.09%"
    assert risk.ratio_single_label.value == "Single-asset ratio (worst asset): inf (liquidation)"
    # BTC: s (0.5 b - 9,800) + 620 = 0.004 s b + 124 -> b = 9,800 / 0.496 - 1,000 / s.
    btc = Decimal(9800) / Decimal("0.496") - 1000 / SELL
    assert ml.usd(btc) == "18,752.99"
    assert risk.liquidation_labels["BTCUSDT"].value == (
        f"BTCUSDT liquidation price (multi-assets): {ml.usd(btc)}"
    )
    # ETH: 20 e - 11,780 - 298.485 = 0.2 e + 75.6162 -> e = 12,154.1012 / 19.8 = 613.84.
    eth = (Decimal(11780) + 300 * SELL + 76 * SELL) / Decimal("19.8")
    assert risk.liquidation_labels["ETHBUSD"].value == (
        f"ETHBUSD liquidation price (multi-assets): {ml.usd(eth)}"
    )
    assert ml.usd(eth) == "613.84"


def test_risk_widget_depeg_to_090(risk: RiskWidget) -> None:
    # USDT 0.90: buy 0.891, sell 0.9045. Equity -271.35 + 620 = 348.65;
    # MM 68.742 + 124 = 192.742; 55.2824% -> 55.28%. BTC 19,758.0645 - 1,105.5832 = 18,652.48.
    # ETH (11,780 + 271.35 + 68.742) / 19.8 = 612.1259 -> 612.13. Single-asset: unchanged.
    risk.price.value = 0.90
    assert risk.rates_label.value == "USDT at 0.9: buy rate 0.891, sell rate 0.9045"
    assert risk.ratio_multi_label.value == "Multi-assets ratio: 55.28%"
    assert risk.ratio_single_label.value == "Single-asset ratio (worst asset): inf (liquidation)"
    assert risk.liquidation_labels["BTCUSDT"].value.endswith(": 18,652.48")
    assert risk.liquidation_labels["ETHBUSD"].value.endswith(": 612.13")


def test_risk_widget_one_step_up(risk: RiskWidget) -> None:
    # 0.995 (a float slider may send 0.9950000000000001): sell 0.995 x 1.005 = 0.999975.
    # Equity -299.9925 + 620 = 320.0075; MM 75.9981 + 124 = 199.9981; 62.498% -> 62.50%.
    risk.price.value = 0.99 + 0.005
    assert risk.rates_label.value == "USDT at 0.995: buy rate 0.98505, sell rate 0.999975"
    assert risk.ratio_multi_label.value == "Multi-assets ratio: 62.50%"
    assert slider_decimal(0.9950000000000001) == Decimal("0.995")


def test_risk_widget_holding_usdt_gets_riskier() -> None:
    # Scenario 2 holds 200 USDT: at 0.90, 200 x 0.891 + 220 = 398.2; MM 80 x 0.9045 + 120
    # = 192.36; 48.307% -> 48.31% (47.98% at 0.99).
    w = risk_widget(ml.scenario(2), plot=False)
    assert w.ratio_multi_label.value == "Multi-assets ratio: 47.98%"
    w.price.value = 0.90
    assert w.ratio_multi_label.value == "Multi-assets ratio: 48.31%"
    # Single-asset: USDT 80 / 200 = 40%, BUSD 120 / 220 = 54.55%: the worst is BUSD's.
    assert w.ratio_single_label.value == "Single-asset ratio (worst asset): 54.55%"


def test_risk_widget_css_classes_and_picture() -> None:
    w = risk_widget(points=40)
    assert "ml-usdt-price" in classes(w.price)
    for name, label in (("ratio-multi", w.ratio_multi_label),
                        ("ratio-single", w.ratio_single_label), ("rates", w.rates_label),
                        ("error", w.error_label), ("risk-map", w.output)):
        assert f"ml-{name}" in classes(label)
    assert "ml-liquidation-btcusdt" in classes(w.liquidation_labels["BTCUSDT"])
    assert "ml-liquidation-ethbusd" in classes(w.liquidation_labels["ETHBUSD"])
    w.price.value = 0.95  # redraws without error
    assert w.error_label.value == ""
    plt.close("all")
