"""Widgets and pictures of notebooks 07-08 (and the marginlib.modes helpers they use), driven by
setting ``.value``; expected figures worked by hand.

Hand work (the guide's rates: USDT buy 0.99 x 0.99 = 0.9801, sell 0.99 x 1.005 = 0.99495; BUSD 1;
positions long 0.5 BTCUSDT from 20,000 at 0.8%, long 20 ETHBUSD from 600 at 1%; wallet 200 USDT,
220 BUSD). At BTC mark b and ETH mark e:
- USDT equity 200 + 0.5 (b - 20,000) = 0.5 b - 9,800, its MM 0.004 b (USDT);
- BUSD equity 220 + 20 (e - 600) = 20 e - 11,780, its MM 0.2 e (BUSD).
Single-asset mode: each ratio in the asset's own units. Multi-assets mode: equity = USDT equity x
(buy if >= 0 else sell) + BUSD equity; MM = 0.004 b x sell + 0.2 e.
"""

from __future__ import annotations

from decimal import Decimal

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.modes import compare_modes, in_mode, ratio_text, switch_report
from marginlib.plots.modes import plot_mode_ratios
from marginlib.plots.risk import plot_liquidation_map, plot_liquidation_maps
from marginlib.widgets import slider_decimal
from marginlib.widgets.modes import ModesWidget, modes_widget
from marginlib.widgets.risk import RiskWidget, risk_widget

SELL = Decimal("0.99495")
BUY = Decimal("0.9801")


def classes(widget: object) -> list[str]:
    return list(widget._dom_classes)  # type: ignore[attr-defined]


def pct(ratio: Decimal) -> str:
    """A ratio as the widgets print it: percent, half-up to 2 decimals."""
    return ml.percent(ratio)


# --------------------------------------------------------------------------------------------
# marginlib.modes
# --------------------------------------------------------------------------------------------


def test_compare_modes_scenario_3() -> None:
    comparison = compare_modes(ml.scenario(3))
    # USDT alone: equity -300 <= 0 with MM 76 -> infinite; BUSD alone: 124 / 620 = 20%.
    assert comparison.single_ratio("USDT") == Decimal("Infinity")
    assert comparison.single_ratio("BUSD") == Decimal("0.2")
    # Pooled: (76 x 0.99495 + 124) / (-300 x 0.99495 + 620) = 199.6162 / 321.515.
    assert comparison.pooled_ratio == (76 * SELL + 124) / (-300 * SELL + 620)
    assert comparison.single_liquidating == ("USDT",)
    assert not comparison.multi_liquidating
    assert comparison.liquidating_modes == (ml.SINGLE_ASSET,)
    assert comparison.verdict() == (
        "Single-asset mode liquidates (USDT); multi-assets mode does not."
    )
    table = comparison.table()
    assert "Single-asset, USDT" in table and "inf (liquidation)" in table
    assert "20.00%" in table and "62.09%" in table and "321.52" in table and "199.62" in table


def test_compare_modes_the_spread_can_liquidate_multi_first() -> None:
    # Only USDT: wallet 577, long 0.5 BTCUSDT from 20,000 at 19,000 -> equity 77, MM 76 USDT.
    # Single: 76 / 77 = 98.70%. Multi: 76 x 0.99495 / (77 x 0.9801) = 75.6162 / 75.4677 = 100.20%.
    usdt = ml.guide_rates()["USDT"]
    account = ml.Account({"USDT": usdt}, {"USDT": 577},
                         (ml.guide_positions(btc_mark=Decimal(19000))[0],))
    comparison = compare_modes(account)
    assert comparison.single_ratio("USDT") == Decimal(76) / 77
    assert comparison.pooled_ratio == 76 * SELL / (77 * BUY)
    assert pct(comparison.pooled_ratio) == "100.20%"
    assert comparison.liquidating_modes == (ml.MULTI_ASSETS,)
    assert comparison.verdict() == (
        "Multi-assets mode liquidates (everything); single-asset mode does not."
    )


def test_compare_modes_neither_and_both() -> None:
    assert compare_modes(ml.scenario(2)).verdict() == "Neither mode liquidates."
    both = compare_modes(ml.scenario(3).with_marks({"BTCUSDT": 18700}))
    assert both.liquidating_modes == (ml.SINGLE_ASSET, ml.MULTI_ASSETS)
    assert both.verdict().startswith("Both modes liquidate")


def test_in_mode_is_a_what_if_and_ratio_text() -> None:
    s3 = ml.scenario(3)
    assert in_mode(s3, ml.MULTI_ASSETS) is s3
    single = in_mode(s3, ml.SINGLE_ASSET)
    assert single.mode == ml.SINGLE_ASSET and single.positions == s3.positions
    assert s3.mode == ml.MULTI_ASSETS  # the original is untouched
    assert ratio_text(Decimal("0.5")) == "50.00%"
    assert ratio_text(Decimal(1)) == "100.00% (liquidation)"
    assert ratio_text(Decimal("Infinity")) == "inf (liquidation)"


def test_switch_report() -> None:
    fresh = ml.Account(ml.guide_rates(), {"USDT": 200, "BUSD": 220}, mode=ml.SINGLE_ASSET)
    assert switch_report(fresh, ml.MULTI_ASSETS) == (
        "single-asset -> multi-assets: allowed; the new account is in multi-assets mode"
    )
    blocked = ml.Account(ml.guide_rates(), {"USDT": 200}, mode=ml.SINGLE_ASSET, grid_bots=1,
                         isolated_symbols=("BTCUSDT",))
    report = switch_report(blocked, ml.MULTI_ASSETS).splitlines()
    assert report[0] == "single-asset -> multi-assets: refused (2 reason(s))"
    assert any("(-4167)" in line for line in report) and any("grid bot" in line for line in report)


def test_liquidation_price_in_single_asset_mode() -> None:
    # Scenario 2 in single-asset mode. USDT alone: 0.5 b - 9,800 = 0.004 b -> b = 9,800 / 0.496.
    # BUSD alone: 20 e - 11,780 = 0.2 e -> e = 11,780 / 19.8.
    single = in_mode(ml.scenario(2), ml.SINGLE_ASSET)
    btc = ml.liquidation_price(single, "BTCUSDT")
    eth = ml.liquidation_price(single, "ETHBUSD")
    assert btc is not None and eth is not None
    assert abs(btc - Decimal(9800) / Decimal("0.496")) < Decimal("1e-12")
    assert abs(eth - Decimal(11780) / Decimal("19.8")) < Decimal("1e-12")
    assert ml.usd(btc) == "19,758.06" and ml.usd(eth) == "594.95"


# --------------------------------------------------------------------------------------------
# modes_widget
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# risk_widget
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def _legend(ax: object) -> list[str]:
    legend = ax.get_legend()  # type: ignore[attr-defined]
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_plot_mode_ratios_bars_and_labels() -> None:
    fig = plot_mode_ratios(ml.scenario(3))
    ax = fig.axes[0]
    assert ax.get_title() and "(%)" in ax.get_ylabel() and ax.get_xlabel()
    assert _legend(ax) == ["100%: liquidation", "single-asset mode (own ratio)",
                           "multi-assets mode (pooled ratio)"]
    single, multi = ([round(float(bar.get_height()), 3) for bar in bars]
                     for bars in ax.containers)
    # Single: USDT inf (cut at 200), BUSD 20, whole account inf (200); multi: 62.086 x 3.
    assert single == [200.0, 20.0, 200.0]
    assert multi == [62.086] * 3
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("∞") == 2 and "20.00%" in texts and texts.count("62.09%") == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["USDT", "BUSD", "whole account"]
    plt.close(fig)


def test_plot_liquidation_map_values_boundary_and_labels() -> None:
    # Two columns (BTC 19,000 and 19,800), rows ETH 620 and 700: at ETH 620, 62.086% and
    # 28.2448%.
    fig = plot_liquidation_map(ml.scenario(3), [19000, 19800], [620, 700])
    ax = fig.axes[0]
    values = np.asarray(ax.images[0].get_array())
    assert values.shape == (2, 2)
    assert values[0, 0] == pytest.approx(float(199.6162 / 321.515 * 100))
    assert values[0, 1] == pytest.approx(float((Decimal("79.2") * SELL + 124)
                                               / (100 * BUY + 620) * 100))
    assert ax.get_title() == "Liquidation map, multi-assets mode"
    assert ax.get_xlabel() == "BTCUSDT mark price (USDT)"
    assert ax.get_ylabel() == "ETHBUSD mark price (BUSD)"
    assert _legend(ax)[0] == "100%: liquidation boundary"
    assert "now: 19,000.00 / 620.00, ratio 62.09%" in _legend(ax)
    plt.close(fig)


def test_plot_liquidation_map_single_asset_boundary() -> None:
    # Single-asset: the USDT side's boundary is BTC 19,758.06 whatever ETH: on a fine row of BTC
    # prices at ETH 700 (BUSD safe), the cells >= 100% are exactly those below 19,758.06.
    btc = np.linspace(19000, 20500, 301)  # 5 USDT apart
    fig = plot_liquidation_map(ml.scenario(3), btc, [700, 710], mode=ml.SINGLE_ASSET)
    row = np.asarray(ax_image(fig))[0]
    liquidated = btc[row >= 100.0]
    assert liquidated.max() < 9800 / 0.496 < btc[row < 100.0].min()
    assert fig.axes[0].get_title() == "Liquidation map, single-asset mode"
    assert len(fig.axes[0].collections) >= 1  # the boundary contour
    plt.close(fig)


def ax_image(fig: object) -> object:
    return fig.axes[0].images[0].get_array()  # type: ignore[attr-defined]


def test_plot_liquidation_maps_two_panels_with_depeg() -> None:
    fig = plot_liquidation_maps(ml.scenario(3), np.linspace(17000, 22000, 50),
                                np.linspace(450, 750, 50), prices={"USDT": 0.9},
                                reference_prices={"USDT": 0.99})
    multi, single = fig.axes[0], fig.axes[1]
    assert multi.get_title() == "Liquidation map, multi-assets mode (USDT at 0.9)"
    assert single.get_title() == "Liquidation map, single-asset mode (USDT at 0.9)"
    assert "boundary with USDT at 0.99" in _legend(multi)
    assert "boundary with USDT at 0.99" not in _legend(single)
    assert "now: 19,000.00 / 620.00, ratio 55.28%" in _legend(multi)
    assert len(fig.axes) == 3 and fig.axes[2].get_ylabel() == "Margin ratio (%)"  # colour bar
    plt.close(fig)
