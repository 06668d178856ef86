"""Widgets of notebooks 04-06, driven by setting ``.value``; expected figures worked by hand.

Hand work (the guide's rates: USDT buy 0.9801, sell 0.99495; BUSD 1):
- Scenario 3 (BTC 19,000, ETH 620): USDT equity 200 - 500 = -300 -> x 0.99495 = -298.485;
  BUSD 220 + 400 = 620; equity 321.515; MM 0.5 x 19,000 x 0.008 x 0.99495 + 20 x 620 x 0.01
  = 75.6162 + 124 = 199.6162; ratio 62.086%; IM 95 x 0.99495 + 248 = 342.52025; available
  -21.00525.
- The shock account: 2,000 USDT + 30,000 BUSD, long 5 BTCUSDT at 20,000 (20x, 0.8%).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import matplotlib
import pytest

matplotlib.use("Agg")

import marginlib as ml
from marginlib.conversion import describe_event, shock_path
from marginlib.widgets.conversion import ConversionWidget, conversion_widget
from marginlib.widgets.pnl import PnlWidget, pnl_widget
from marginlib.widgets.withdraw import WithdrawWidget, withdraw_widget
from marginlib.withdraw import withdraw_breakdown, withdraw_terms

SELL = Decimal("0.99495")


def floor8(value: Decimal) -> str:
    return str(value.quantize(Decimal("1E-8"), rounding=ROUND_FLOOR))


def classes(widget: object) -> list[str]:
    return list(widget._dom_classes)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# pnl_widget
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pnl() -> PnlWidget:
    return pnl_widget(plot=False)


def test_pnl_widget_starts_at_scenario_3(pnl: PnlWidget) -> None:
    assert pnl.btc_mark.value == 19000 and pnl.eth_mark.value == 620
    assert pnl.ratio_label.value == "Margin ratio: 62.09%"
    assert pnl.equity_label.value == "Account equity: 321.52 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 199.62 USD"
    assert pnl.available_label.value == (
        "Available for new orders: -21.01 USD (negative: no new orders)")
    assert pnl.usdt_equity_label.value == "USDT equity: -300.00 USDT = -298.49 USD (sell rate)"
    assert pnl.busd_equity_label.value == "BUSD equity: 620.00 BUSD = 620.00 USD (buy rate)"
    # 0.99495 (0.5p - 9,800) + 496 = 0.0039798 p  ->  p = 9,254.51 / 0.4934952 = 18,752.99
    liquidation = (Decimal("9800") * SELL - 496) / (Decimal("0.5") * SELL - Decimal("0.004") * SELL)
    assert pnl.liquidation_label.value == f"BTCUSDT liquidation price: {liquidation:,.2f}"
    assert pnl.liquidation_label.value == "BTCUSDT liquidation price: 18,752.99"
    assert pnl.error_label.value == ""


def test_pnl_widget_back_at_entry_is_scenario_2(pnl: PnlWidget) -> None:
    pnl.btc_mark.value = 20000
    pnl.eth_mark.value = 600
    assert pnl.ratio_label.value == "Margin ratio: 47.98%"
    assert pnl.equity_label.value == "Account equity: 416.02 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 199.60 USD"
    assert pnl.available_label.value == "Available for new orders: 76.53 USD"
    # 200 x 0.9801 = 196.02
    assert pnl.usdt_equity_label.value == "USDT equity: 200.00 USDT = 196.02 USD (buy rate)"


def test_pnl_widget_other_marks(pnl: PnlWidget) -> None:
    # USDT 200 - 750 = -550 -> -547.2225; BUSD 220 + 800 = 1,020; equity 472.7775.
    # MM 0.5 x 18,500 x 0.008 x 0.99495 + 20 x 640 x 0.01 = 73.6263 + 128 = 201.6263 -> 42.647%
    pnl.btc_mark.value = 18500
    pnl.eth_mark.value = 640
    assert pnl.equity_label.value == "Account equity: 472.78 USD"
    assert pnl.maintenance_label.value == "Maintenance margin: 201.63 USD"
    assert pnl.ratio_label.value == "Margin ratio: 42.65%"
    assert pnl.usdt_equity_label.value == "USDT equity: -550.00 USDT = -547.22 USD (sell rate)"
    assert pnl.busd_equity_label.value == "BUSD equity: 1,020.00 BUSD = 1,020.00 USD (buy rate)"


def test_pnl_widget_shows_liquidation(pnl: PnlWidget) -> None:
    # BTC 18,000, ETH 620: equity (200 - 1,000) x 0.99495 + 620 = -175.96 < 0 -> liquidation.
    pnl.eth_mark.value = 620
    pnl.btc_mark.value = 18000
    assert pnl.ratio_label.value == "Margin ratio: inf (liquidation)"
    assert pnl.equity_label.value == "Account equity: -175.96 USD"


def test_pnl_widget_error_in_a_label_not_a_crash() -> None:
    w = pnl_widget(ml.scenario(1), plot=False)  # no positions to move
    assert w.error_label.value.startswith("Cannot compute: marks: no position in BTCUSDT")
    assert w.ratio_label.value == "" and w.account is None


def test_pnl_widget_css_classes_and_picture() -> None:
    w = pnl_widget()
    assert "ml-btc-mark" in classes(w.btc_mark) and "ml-eth-mark" in classes(w.eth_mark)
    for name in ("ratio", "equity", "maintenance", "available", "liquidation", "error"):
        assert f"ml-{name}" in classes(getattr(w, f"{name}_label"))
    assert "ml-equity-usdt" in classes(w.usdt_equity_label)
    assert "ml-equity-busd" in classes(w.busd_equity_label)
    w.btc_mark.value = 21000  # redraws without error
    assert w.error_label.value == ""


# --------------------------------------------------------------------------------------------
# conversion_widget
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# withdraw_widget
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def wd() -> WithdrawWidget:
    return withdraw_widget(plot=False)


def test_withdraw_widget_scenario_2(wd: WithdrawWidget) -> None:
    # WB 416.02, MM 199.596, available 76.525: terms 216.424, 76.525, 216.424.
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 199.60 - 0.00 = 216.42 USD"
    assert wd.term_labels[1].value == "2. available - D: 76.53 - 0.00 = 76.53 USD"
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 0.00 = 216.42 USD"
    assert wd.binding_label.value == "Binding: term 2 (available - D)"
    assert wd.maximum_label.value == "Max withdrawable: 76.53 USD"
    assert wd.asset_labels["USDT"].value == "Max USDT: 76.91341273 (wallet 200.00)"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 76.52500000 (wallet 220.00)"


def test_withdraw_widget_bonus_binds(wd: WithdrawWidget) -> None:
    # L = 150: term 3 = 216.424 - 150 = 66.424 < 76.525. USDT: 66.424 / 0.99495.
    wd.asset.value = "BUSD"
    wd.bonus.value = 150
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 150.00 = 66.42 USD"
    assert wd.binding_label.value == "Binding: term 3 (WB - MM - L)"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 66.42400000 (wallet 220.00)"
    usdt = floor8(Decimal("66.424") / SELL)
    assert usdt == "66.76114377"
    assert wd.asset_labels["USDT"].value == f"Max USDT: {usdt} (wallet 200.00)"
    # A realized loss of 100 uses up that much of the bonus: L = 150 - 100 = 50.
    wd.realized_pnl.value = -100
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 50.00 = 166.42 USD"
    assert wd.binding_label.value == "Binding: term 2 (available - D)"
    # A realized profit changes nothing: min(0, +100) = 0.
    wd.realized_pnl.value = 100
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 150.00 = 66.42 USD"


def test_withdraw_widget_borrowing(wd: WithdrawWidget) -> None:
    # 20 borrowed + 1 interest in USDT: D = L = 21 x 0.99495 = 20.89395.
    wd.asset.value = "USDT"
    wd.borrowed.value = 20
    wd.interest.value = 1
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 199.60 - 20.89 = 195.53 USD"
    assert wd.term_labels[1].value == "2. available - D: 76.53 - 20.89 = 55.63 USD"
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 20.89 = 195.53 USD"
    expected = floor8(Decimal("55.63105") / SELL)
    assert wd.asset_labels["USDT"].value == f"Max USDT: {expected} (wallet 200.00)"


def test_withdraw_widget_position_size(wd: WithdrawWidget) -> None:
    # Size 0: only ETHBUSD (MM 120, IM 240): available 176.02, term 1 296.02.
    wd.size.value = 0
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 120.00 - 0.00 = 296.02 USD"
    assert wd.term_labels[1].value == "2. available - D: 176.02 - 0.00 = 176.02 USD"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 176.02000000 (wallet 220.00)"
    # Size 2: MM 320 x 0.99495 + 120 = 438.384; IM 400 x 0.99495 + 240 = 637.98;
    # available 416.02 - 637.98 = -221.96: nothing can be withdrawn.
    wd.size.value = 2
    assert wd.term_labels[1].value == "2. available - D: -221.96 - 0.00 = -221.96 USD"
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 438.38 - 0.00 = -22.36 USD"
    assert wd.binding_label.value == (
        "Binding: term 2 (available - D), negative: nothing can be withdrawn"
    )
    assert wd.maximum_label.value == "Max withdrawable: 0.00 USD"
    assert wd.asset_labels["USDT"].value == "Max USDT: 0.00000000 (wallet 200.00)"


def test_withdraw_widget_scenario_1_capped_by_wallet() -> None:
    # 416.02 USD: 418.13 USDT and 416.02 BUSD, capped by the wallets 200 and 220.
    w = withdraw_widget(ml.scenario(1), plot=False)
    assert w.binding_label.value == (
        "Binding: terms 1, 2, 3 (WB - MM - D, available - D, WB - MM - L; equal)"
    )
    assert w.maximum_label.value == "Max withdrawable: 416.02 USD"
    assert w.asset_labels["USDT"].value == "Max USDT: 200.00000000 (wallet 200.00)"
    assert w.asset_labels["BUSD"].value == "Max BUSD: 220.00000000 (wallet 220.00)"
    w.size.value = 1  # no BTCUSDT position to resize: an error label, not a crash
    assert w.error_label.value == (
        "Cannot compute: size: the account has no BTCUSDT position to resize")


def test_withdraw_widget_invalid_amount_in_a_label(wd: WithdrawWidget) -> None:
    wd.borrowed.value = -5
    assert wd.error_label.value.startswith("Cannot compute: borrowed.USDT: must not be negative")
    assert wd.term_labels[0].value == "" and wd.breakdown is None
    wd.borrowed.value = 0
    assert wd.error_label.value == "" and wd.maximum_label.value == "Max withdrawable: 76.53 USD"


def test_withdraw_widget_css_classes_and_picture() -> None:
    w = withdraw_widget()
    for name in ("asset", "borrowed", "interest", "bonus", "size", "binding_label",
                 "error_label"):
        assert f"ml-{name.removesuffix('_label')}" in classes(getattr(w, name))
    assert "ml-realized-pnl" in classes(w.realized_pnl)
    assert "ml-max-withdraw" in classes(w.maximum_label)
    for i, label in enumerate(w.term_labels, start=1):
        assert f"ml-term{i}" in classes(label)
    assert "ml-max-usdt" in classes(w.asset_labels["USDT"])
    w.bonus.value = 300
    assert w.error_label.value == ""


# --------------------------------------------------------------------------------------------
# Engine helpers added for these notebooks
# --------------------------------------------------------------------------------------------


def test_withdraw_terms_and_breakdown() -> None:
    assert withdraw_terms(Decimal(10), Decimal(3), Decimal(5), Decimal(1), Decimal(4)) == (
        Decimal(6), Decimal(4), Decimal(3))
    result = withdraw_breakdown(ml.scenario(2))
    assert result.terms == (Decimal("216.424"), Decimal("76.525"), Decimal("216.424"))
    assert result.binding == (1,) and result.binding_names == ("available - D",)
    assert result.per_asset["USDT"] == Decimal("76.91341273")
    assert result.per_asset["USDT"] == ml.max_withdrawable(ml.scenario(2), "USDT")
    # All terms negative: the maximum is 0, never -0.
    assert str(ml.max_withdraw(Decimal(-5), Decimal(0), Decimal(0), Decimal(0),
                                      Decimal(0))) == "0"
    with pytest.raises(ml.InvalidInput):
        withdraw_breakdown(ml.Account(ml.guide_rates(), {"USDT": 1}, mode=ml.SINGLE_ASSET))


def test_shock_path_and_event_text() -> None:
    path = shock_path("BTCUSDT", 20000, Decimal("0.15"), fall_steps=10, steps=13)
    assert len(path) == 13
    assert path[0]["BTCUSDT"] == 20000 and path[5]["BTCUSDT"] == Decimal("18500")
    assert path[10] == {"BTCUSDT": Decimal("17000")}
    assert path[11] == {"BTCUSDT": Decimal("17000"), "close": ["BTCUSDT"]}
    assert path[12] == {"BTCUSDT": Decimal("17000")}
    with pytest.raises(ml.InvalidInput):
        shock_path("BTCUSDT", 20000, 1)
    with pytest.raises(ml.InvalidInput):
        shock_path("BTCUSDT", 20000, 0.1, steps=0)
    event = ml.ConversionEvent(3, "threshold", "BTC", "USDT", Decimal("0.678"),
                               Decimal("13220.3389830508"), Decimal("13220.3389830508"))
    assert describe_event(event) == (
        "step 3 (threshold): sold 0.678 BTC → bought 13,220.33898305 USDT (13,220.33898305 USD)"
    )
