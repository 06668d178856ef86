"""Widgets and pictures of notebooks 01-03, driven by setting ``.value``; figures worked by hand.

Hand work (the guide's rates: USDT buy 0.99 x (1 - 0.01) = 0.9801, sell 0.99 x (1 + 0.005)
= 0.99495; BUSD 1):
- Scenario 1: 200 x 0.9801 + 220 = 196.02 + 220 = 416.02; usable USDT 416.02 / 0.99495
  = 418.1315... -> 418.13; usable BUSD 416.02.
- Scenario 2: MM 0.5 x 20,000 x 0.008 x 0.99495 + 20 x 600 x 0.01 = 79.596 + 120 = 199.596
  -> 199.60; ratio 199.596 / 416.02 = 0.479775 -> 47.98%; IM 10,000 / 100 x 0.99495 + 12,000
  / 50 = 99.495 + 240 = 339.495 -> 339.50; available 416.02 - 339.495 = 76.525 -> 76.53.
- Scenario 3 (BTC 19,000, ETH 620): USDT 200 - 500 = -300 -> x 0.99495 = -298.485; BUSD
  220 + 400 = 620; equity 321.515 -> 321.52; MM 75.6162 + 124 = 199.6162 -> 199.62; ratio
  62.086% -> 62.09%; IM 94.52025 + 248 = 342.52025; available -21.00525 -> -21.01.
"""

from __future__ import annotations

from decimal import Decimal

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import marginlib as ml
from marginlib.plots.margin import margin_split, plot_margin_split
from marginlib.plots.pool import plot_pool, pool_segments
from marginlib.widgets import slider_decimal
from marginlib.widgets.account import LiveAccountWidget, live_account_widget
from marginlib.widgets.pool import PoolWidget, pool_widget
from marginlib.widgets.positions import PositionsWidget, positions_widget


def classes(widget: object) -> list[str]:
    return list(widget._dom_classes)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# live_account_widget (notebook 01)
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def live() -> LiveAccountWidget:
    return live_account_widget(plot=False)


def test_live_account_starts_at_scenario_1(live: LiveAccountWidget) -> None:
    assert live.usdt_balance.value == 200 and live.busd_balance.value == 220
    assert live.btc_size.value == 0 and live.eth_size.value == 0
    assert live.equity_label.value == "Account equity: 416.02 USD"
    assert live.maintenance_label.value == "Maintenance margin: 0.00 USD"
    assert live.ratio_label.value == "Margin ratio: 0.00%"
    assert live.available_label.value == "Available for new orders: 416.02 USD"
    assert live.usdt_label.value == "USDT equity: 200.00 USDT = 196.02 USD (buy rate)"
    assert live.busd_label.value == "BUSD equity: 220.00 BUSD = 220.00 USD (buy rate)"
    assert live.error_label.value == ""


def test_live_account_scenario_2_and_3(live: LiveAccountWidget) -> None:
    live.btc_size.value = 0.5
    live.eth_size.value = 20
    assert live.equity_label.value == "Account equity: 416.02 USD"
    assert live.maintenance_label.value == "Maintenance margin: 199.60 USD"
    assert live.ratio_label.value == "Margin ratio: 47.98%"
    assert live.available_label.value == "Available for new orders: 76.53 USD"
    live.btc_mark.value = 19000
    live.eth_mark.value = 620
    assert live.unrealized_label.value == "Unrealized P&L: -500.00 USDT, 400.00 BUSD"
    assert live.equity_label.value == "Account equity: 321.52 USD"
    assert live.maintenance_label.value == "Maintenance margin: 199.62 USD"
    assert live.ratio_label.value == "Margin ratio: 62.09%"
    assert live.available_label.value == (
        "Available for new orders: -21.01 USD (negative: no new orders)"
    )
    assert live.usdt_label.value == "USDT equity: -300.00 USDT = -298.49 USD (sell rate)"
    assert live.summary is not None and live.summary.equity == Decimal("321.515")


def test_live_account_balances(live: LiveAccountWidget) -> None:
    # 300 x 0.9801 + 100 = 294.03 + 100 = 394.03 (notebook 01's exercise)
    live.usdt_balance.value = 300
    live.busd_balance.value = 100
    assert live.equity_label.value == "Account equity: 394.03 USD"
    assert live.available_label.value == "Available for new orders: 394.03 USD"


def test_live_account_liquidation_flag(live: LiveAccountWidget) -> None:
    # 0 USDT, 0 BUSD, long 0.5 BTC at entry 20,000 marked 19,000: USDT equity -500, equity
    # -497.475 <= 0 with MM > 0: the ratio is infinite, the account is liquidated.
    live.usdt_balance.value = 0
    live.busd_balance.value = 0
    live.btc_size.value = 0.5
    live.btc_mark.value = 19000
    assert live.ratio_label.value == "Margin ratio: inf (liquidation)"
    assert live.equity_label.value == "Account equity: -497.48 USD"


def test_live_account_css_classes(live: LiveAccountWidget) -> None:
    assert "ml-live-account" in classes(live)
    for widget, name in ((live.usdt_balance, "ml-usdt-balance"),
                         (live.busd_balance, "ml-busd-balance"), (live.btc_size, "ml-btc-size"),
                         (live.btc_mark, "ml-btc-mark"), (live.eth_size, "ml-eth-size"),
                         (live.eth_mark, "ml-eth-mark"), (live.equity_label, "ml-equity"),
                         (live.ratio_label, "ml-ratio"), (live.available_label, "ml-available"),
                         (live.error_label, "ml-error")):
        assert name in classes(widget)


# --------------------------------------------------------------------------------------------
# pool_widget (notebook 02)
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def pool() -> PoolWidget:
    return pool_widget(plot=False)


def test_pool_widget_starts_at_the_guide_table(pool: PoolWidget) -> None:
    assert pool.buy_rate_label.value == "Buy rate: 0.99 × (1 − 0.01) = 0.9801"
    assert pool.sell_rate_label.value == "Sell rate: 0.99 × (1 − (-0.005)) = 0.99495"
    assert pool.usdt_value_label.value == "USDT: 200.00 × 0.9801 = 196.02 USD"
    assert pool.busd_value_label.value == "BUSD: 220.00 × 1 = 220.00 USD"
    assert pool.equity_label.value == "Account equity: 416.02 USD"
    assert pool.usable_usdt_label.value == "Usable USDT: 418.13 USDT"
    assert pool.usable_busd_label.value == "Usable BUSD: 416.02 BUSD"
    assert pool.error_label.value == ""


def test_pool_widget_notebook_02_exercise_rates(pool: PoolWidget) -> None:
    # USDT 1.002: buy 1.002 x 0.99 = 0.99198, sell 1.002 x 1.005 = 1.00701;
    # 100 x 0.99198 + 400 = 499.198; usable USDT 499.198 / 1.00701 = 495.7229... -> 495.72
    pool.usdt_price.value = 1.002
    pool.usdt_balance.value = 100
    pool.busd_balance.value = 400
    assert pool.buy_rate_label.value.endswith("= 0.99198")
    assert pool.sell_rate_label.value.endswith("= 1.00701")
    assert pool.equity_label.value == "Account equity: 499.20 USD"
    assert pool.usable_usdt_label.value == "Usable USDT: 495.72 USDT"
    assert pool.usable_busd_label.value == "Usable BUSD: 499.20 BUSD"


def test_pool_widget_at_par_counts_face_value(pool: PoolWidget) -> None:
    pool.usdt_price.value = 1.0
    pool.bid_premium.value = 0.0
    pool.ask_premium.value = 0.0
    assert pool.equity_label.value == "Account equity: 420.00 USD"
    assert pool.usable_usdt_label.value == "Usable USDT: 420.00 USDT"


def test_pool_widget_shows_invalid_premiums_in_the_label(pool: PoolWidget) -> None:
    # bid premium 0 < ask premium 0.01 would make the buy rate exceed the sell rate.
    pool.bid_premium.value = 0.0
    pool.ask_premium.value = 0.01
    assert pool.error_label.value.startswith("Cannot compute: rates.USDT: buy rate must not")
    assert pool.equity_label.value == "" and pool.account is None
    pool.ask_premium.value = -0.005  # back to valid: the error clears
    assert pool.error_label.value == ""
    assert pool.sell_rate_label.value.endswith("= 0.99495")


def test_pool_widget_css_classes(pool: PoolWidget) -> None:
    assert "ml-pool-widget" in classes(pool)
    for widget, name in ((pool.usdt_price, "ml-usdt-price"), (pool.bid_premium, "ml-bid-premium"),
                         (pool.ask_premium, "ml-ask-premium"),
                         (pool.buy_rate_label, "ml-buy-rate"),
                         (pool.sell_rate_label, "ml-sell-rate"), (pool.equity_label, "ml-equity"),
                         (pool.usable_usdt_label, "ml-usable-usdt"),
                         (pool.usable_busd_label, "ml-usable-busd"),
                         (pool.error_label, "ml-error")):
        assert name in classes(widget)


# --------------------------------------------------------------------------------------------
# positions_widget (notebook 03)
# --------------------------------------------------------------------------------------------


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


def test_positions_widget_shows_leverage_too_high_in_the_label(
    positions: PositionsWidget,
) -> None:
    # 125x: IM = 1/125 = 0.8% = the maintenance rate, so the position would open liquidated.
    positions.btc_leverage.value = 125
    assert positions.error_label.value == (
        "Cannot compute: position BTCUSDT.leverage: 125x makes initial margin (1/125) no "
        "larger than the maintenance rate 0.008"
    )
    assert positions.ratio_label.value == "" and positions.summary is None
    positions.btc_leverage.value = 100
    assert positions.error_label.value == ""
    assert positions.ratio_label.value == "Margin ratio: 47.98%"
    # ETHBUSD at 1%: 100x is the first leverage refused.
    positions.eth_leverage.value = 99
    assert positions.error_label.value == ""
    positions.eth_leverage.value = 100
    assert "ETHBUSD.leverage: 100x" in positions.error_label.value


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


# --------------------------------------------------------------------------------------------
# Helpers and pictures
# --------------------------------------------------------------------------------------------


def test_slider_decimal_drops_float_noise() -> None:
    assert slider_decimal(0.1 + 0.2) == Decimal("0.3")
    assert str(slider_decimal(20000.0)) == "20000"
    assert str(slider_decimal(0.99)) == "0.99"
    assert str(slider_decimal(-0.005)) == "-0.005"


def test_widgets_draw_their_picture() -> None:
    # Outside a kernel the Output does not capture; the draw callbacks still build the figures.
    widget = positions_widget(plot=False)
    fig = widget._draw()
    assert fig.axes[0].get_title() == "Where the equity goes: 416.02 USD"
    plt.close(fig)
    fig = pool_widget(plot=False)._draw()
    assert fig.axes[0].get_ylabel() == "Amount (USD)"
    plt.close(fig)


def test_margin_split_of_scenario_2() -> None:
    # 199.596 + (339.495 - 199.596 = 139.899) + 76.525 = 416.02
    split = margin_split(ml.summarize(ml.scenario(2)))
    assert (split.maintenance, split.rest_of_initial, split.free) == (
        Decimal("199.596"), Decimal("139.899"), Decimal("76.525"))
    assert split.maintenance + split.rest_of_initial + split.free == Decimal("416.02")
    fig = plot_margin_split(ml.summarize(ml.scenario(2)))
    widths = [round(p.get_width(), 6) for p in fig.axes[0].patches]
    assert widths == [199.596, 139.899, 76.525]
    assert fig.axes[0].get_xlabel() == "Amount (USD)"
    assert fig.axes[0].get_legend() is not None
    plt.close(fig)


def test_margin_split_of_scenario_3_has_a_shortfall() -> None:
    # IM 342.52025 > equity 321.515: nothing free, short by 21.00525.
    split = margin_split(ml.summarize(ml.scenario(3)))
    assert split.free == 0 and split.shortfall == Decimal("21.00525")


def test_pool_segments_and_bars_of_scenario_1() -> None:
    assert pool_segments(ml.scenario(1)) == {"USDT": Decimal("196.02"), "BUSD": Decimal(220)}
    assert pool_segments(ml.scenario(1), face_value=True) == {"USDT": 200, "BUSD": 220}
    fig = plot_pool(ml.scenario(1))
    ax = fig.axes[0]
    heights = [round(p.get_height(), 6) for p in ax.patches]
    assert heights == [196.02, 220.0, 200.0, 220.0]
    texts = [t.get_text() for t in ax.texts]
    assert "416.02 USD" in texts and "420.00 USD" in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["USDT", "BUSD"]
    plt.close(fig)


def test_pool_stacks_a_negative_equity_below_zero() -> None:
    # Scenario 3: USDT -300 x 0.99495 = -298.485 below zero; BUSD 620 above.
    fig = plot_pool(ml.scenario(3), face_value=False)
    bars = fig.axes[0].patches
    assert round(bars[0].get_height(), 6) == -298.485 and bars[0].get_y() == 0
    assert round(bars[1].get_height(), 6) == 620 and bars[1].get_y() == 0
    plt.close(fig)
