"""marginlib.widgets.pool: the pool explorer.

Hand work: the guide's Scenarios 1-3 in tests/__init__.py."""

from __future__ import annotations

import pytest

from marginlib.widgets.pool import PoolWidget, pool_widget
from tests.widgets import classes


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
    # ask premium +0.01 would put the sell rate below the index price (the guide's sign: -).
    pool.bid_premium.value = 0.0
    pool.ask_premium.value = 0.01
    assert pool.error_label.value.startswith("Cannot compute: rates.USDT.ask_premium: must be")
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
