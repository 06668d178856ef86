"""marginlib.widgets.modes: both modes at the sliders' marks.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pytest

import marginlib as ml
from marginlib.widgets.modes import ModesWidget, modes_widget
from tests.widgets import classes

SELL = Decimal("0.99495")
BUY = Decimal("0.9801")


def pct(ratio: Decimal) -> str:
    """A ratio as the widgets print it: percent, half-up to 2 decimals."""
    return ml.percent(ratio)


@pytest.fixture()
def modes() -> ModesWidget:
    return modes_widget(plot=False)


def test_modes_widget_starts_at_scenario_3(modes: ModesWidget) -> None:
    assert modes.btc_mark.value == 19000 and modes.eth_mark.value == 620
    assert modes.ratio_multi_label.value == "Multi-assets (pooled): 62.09%"
    assert modes.ratio_single_label.value == "Single-asset: USDT inf (liquidation), BUSD 20.00%"
    assert modes.verdict_label.value == (
        "Single-asset mode liquidates (USDT); multi-assets mode does not."
    )
    assert modes.error_label.value == ""


def test_modes_widget_neither(modes: ModesWidget) -> None:
    # BTC 19,800: USDT equity 100, MM 79.2 -> 79.20%. Multi: 100 x 0.9801 + 620 = 718.01;
    # MM 79.2 x 0.99495 + 124 = 202.80004; 28.2448% -> 28.24%.
    modes.btc_mark.value = 19800
    assert pct((Decimal("79.2") * SELL + 124) / (100 * BUY + 620)) == "28.24%"
    assert modes.ratio_multi_label.value == "Multi-assets (pooled): 28.24%"
    assert modes.ratio_single_label.value == "Single-asset: USDT 79.20%, BUSD 20.00%"
    assert modes.verdict_label.value == "Neither mode liquidates."


def test_modes_widget_busd_side_alone(modes: ModesWidget) -> None:
    # BTC 21,000, ETH 590: USDT 700 / MM 84 -> 12%; BUSD 20 / MM 118 -> 590%.
    # Multi: 700 x 0.9801 + 20 = 706.07; 84 x 0.99495 + 118 = 201.5758; 28.549% -> 28.55%.
    modes.btc_mark.value = 21000
    modes.eth_mark.value = 590
    assert modes.ratio_single_label.value == "Single-asset: USDT 12.00%, BUSD 590.00% (liquidation)"
    assert modes.ratio_multi_label.value == "Multi-assets (pooled): 28.55%"
    assert modes.verdict_label.value == (
        "Single-asset mode liquidates (BUSD); multi-assets mode does not."
    )


def test_modes_widget_both(modes: ModesWidget) -> None:
    # BTC 18,700: USDT -450 -> x 0.99495 = -447.7275; equity 172.2725;
    # MM 74.8 x 0.99495 + 124 = 198.42226; 115.18%.
    modes.btc_mark.value = 18700
    assert modes.ratio_multi_label.value == "Multi-assets (pooled): 115.18% (liquidation)"
    assert modes.verdict_label.value.startswith("Both modes liquidate: single-asset (USDT)")


def test_modes_widget_one_step_matches_the_browser_spec(modes: ModesWidget) -> None:
    # One slider step: BTC 19,050. USDT -275 x 0.99495 = -273.61125; equity 346.38875;
    # MM 76.2 x 0.99495 + 124 = 199.81519; 57.686% -> 57.69%.
    modes.btc_mark.value = 19050
    assert modes.ratio_multi_label.value == "Multi-assets (pooled): 57.69%"


def test_modes_widget_error_in_a_label_not_a_crash() -> None:
    w = modes_widget(ml.scenario(1), plot=False)
    assert w.error_label.value.startswith("Cannot compute: marks: no position in")
    assert w.ratio_multi_label.value == "" and w.comparison is None


def test_modes_widget_css_classes_and_picture() -> None:
    w = modes_widget()
    assert "ml-btc-mark" in classes(w.btc_mark) and "ml-eth-mark" in classes(w.eth_mark)
    for name, label in (("ratio-multi", w.ratio_multi_label),
                        ("ratio-single", w.ratio_single_label), ("verdict", w.verdict_label),
                        ("error", w.error_label), ("modes-plot", w.output)):
        assert f"ml-{name}" in classes(label)
    w.btc_mark.value = 21000  # redraws without error
    assert w.error_label.value == ""
    plt.close("all")
