"""marginlib.widgets.dashboard: the classroom dashboard.

Hand work (the guide's rates: USDT buy 0.99 x (1 - 0.01) = 0.9801, sell 0.99 x (1 + 0.005)
= 0.99495; BUSD 1), positions 0.5 BTCUSDT (entry 20,000, 100x, 0.8%) and 20 ETHBUSD (entry 600,
50x, 1%):
- Scenario 2 (marks at entry): equity 200 x 0.9801 + 220 = 416.02; MM 0.5 x 20,000 x 0.008 x
  0.99495 + 20 x 600 x 0.01 = 79.596 + 120 = 199.596; ratio 199.596 / 416.02 = 47.9775% ->
  47.98%; IM 99.495 + 240 = 339.495; available 416.02 - 339.495 = 76.525 -> 76.53 (half-up).
  Max withdrawable = max(0, min(416.02 - 199.596, 76.525, 416.02 - 199.596)) = 76.525 -> 76.53.
- Scenario 3 (BTC 19,000, ETH 620): USDT 200 - 500 = -300 x 0.99495 = -298.485; BUSD 620;
  equity 321.515 -> 321.52; MM 75.6162 + 124 = 199.6162; ratio 62.086% -> 62.09%; IM 94.52025
  + 248 = 342.52025; available -21.00525 -> -21.01; max withdrawable 0.00.
  Liquidation price of BTCUSDT (ETH at 620): equity 0.99495 x (0.5p - 9,800) + 620 = MM
  0.5 x p x 0.008 x 0.99495 + 124  =>  0.4934952 p = 9,254.51  =>  p = 18,752.99.
- Single-asset mode at Scenario 2: USDT ratio 80 / 200 = 40%, BUSD 120 / 220 = 54.545% ->
  worst 54.55%; available USDT 200 - 100 = 100 (x 0.9801 = 98.01 USD), BUSD 220 - 240 < 0
  -> 0: 98.01 USD; max withdrawable USDT min(200 - 80, 100) = 100 -> 98.01 USD, BUSD 0.
  The USDT pool (0.5 BTCUSDT alone) reaches 100% where 200 + 0.5 (p - 20,000) = 0.5 x p x
  0.008: 0.496 p = 9,800, p = 19,758.0645 -> 19,758.06, whatever ETH does; at BTC 19,000 its
  equity is -300 USDT: past 100% (ratio inf).
- USDT at 1 with no premiums (Scenario 2): equity 420, MM 80 + 120 = 200, ratio 47.619% ->
  47.62%, IM 100 + 240 = 340, available 80.00."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marginlib.widgets.dashboard import Dashboard, dashboard_widget
from tests.widgets import classes


@pytest.fixture()
def board() -> Dashboard:
    return dashboard_widget(plot=False)


def figures(board: Dashboard) -> tuple[str, str, str, str]:
    return (board.equity_label.value, board.ratio_label.value, board.available_label.value,
            board.max_withdraw_label.value)


def test_starts_at_scenario_2(board: Dashboard) -> None:
    assert board.usdt_balance.value == 200 and board.busd_balance.value == 220
    assert board.usdt_price.value == pytest.approx(0.99)
    assert board.usdt_bid_premium.value == pytest.approx(0.01)
    assert board.usdt_ask_premium.value == pytest.approx(-0.005)
    assert (board.btc_size.value, board.btc_leverage.value, board.btc_mark.value) == (
        0.5, 100, 20000)
    assert (board.eth_size.value, board.eth_leverage.value, board.eth_mark.value) == (
        20, 50, 600)
    assert board.mode.value == "multi-assets"
    assert figures(board) == ("Equity: 416.02 USD", "Margin ratio: 47.98%",
                              "Available: 76.53 USD", "Max withdrawable: 76.53 USD")
    assert board.rates_label.value == "USDT buy rate 0.9801 · sell rate 0.99495"
    assert board.error_label.value == ""


def test_marks_move_to_scenario_3(board: Dashboard) -> None:
    board.btc_mark.value = 19000
    board.eth_mark.value = 620
    assert figures(board) == ("Equity: 321.52 USD", "Margin ratio: 62.09%",
                              "Available: -21.01 USD (no new orders)",
                              "Max withdrawable: 0.00 USD")
    assert board.summary is not None
    assert board.summary.available == Decimal("-21.00525")
    assert "ml-danger" in classes(board.available_label)
    assert "ml-danger" not in classes(board.ratio_label)


def test_assets_view(board: Dashboard) -> None:
    table = board.assets_label.value
    # USDT: usable 76.525 / 0.99495 = 76.9134 -> 76.91; utilisation 99.495 / 416.02 = 23.92%.
    assert "<td>USDT</td><td>200.00</td><td>0.00</td><td>200.00</td><td>76.91</td>" in table
    assert "<td>23.92%</td>" in table
    # BUSD: usable 76.525 -> 76.53; utilisation 240 / 416.02 = 57.69%.
    assert "<td>BUSD</td><td>220.00</td><td>0.00</td><td>220.00</td><td>76.53</td>" in table
    board.btc_mark.value = 19000
    board.eth_mark.value = 620
    table = board.assets_label.value
    assert "<td>USDT</td><td>200.00</td><td>-500.00</td><td>-300.00</td>" in table
    assert "<td>BUSD</td><td>220.00</td><td>400.00</td><td>620.00</td>" in table


def test_single_asset_mode(board: Dashboard) -> None:
    board.mode.value = "single-asset"
    # Each card says it sums the pools (or shows the worst pool's ratio).
    assert figures(board) == ("Equity, all pools: 416.02 USD",
                              "Ratio, worst pool (BUSD): 54.55%",
                              "Available, all pools: 98.01 USD",
                              "Max withdraw, all pools: 98.01 USD")
    table = board.assets_label.value
    assert "each asset is a separate pool" in table
    assert '<th scope="col">Maintenance</th><th scope="col">Margin ratio</th>' in table
    # USDT pool: MM 0.5 x 20,000 x 0.8% = 80, 80 / 200 = 40%; BUSD: 120, 54.55%.
    assert "<td>USDT</td><td>200.00</td><td>0.00</td><td>200.00</td><td>80.00</td>" in table
    assert "<td>40.00%</td>" in table and "<td>120.00</td><td>54.55%</td>" in table
    board.mode.value = "multi-assets"
    assert board.ratio_label.value == "Margin ratio: 47.98%"
    assert "Maintenance" not in board.assets_label.value


def test_rates_and_leverage(board: Dashboard) -> None:
    board.usdt_price.value = 1.0
    board.usdt_bid_premium.value = 0.0
    board.usdt_ask_premium.value = 0.0
    assert figures(board)[:3] == ("Equity: 420.00 USD", "Margin ratio: 47.62%",
                                  "Available: 80.00 USD")
    assert board.rates_label.value == "USDT buy rate 1 · sell rate 1"
    # ETH at 20x: IM 12,000 / 20 = 600 > equity 420 - 100: available 420 - 700 = -280.
    board.eth_leverage.value = 20
    assert board.available_label.value == "Available: -280.00 USD (no new orders)"


def test_wallet_and_sizes(board: Dashboard) -> None:
    board.btc_size.value = 0
    board.eth_size.value = 0
    assert figures(board) == ("Equity: 416.02 USD", "Margin ratio: 0.00%",
                              "Available: 416.02 USD", "Max withdrawable: 416.02 USD")
    board.busd_balance.value = 0
    # 200 x 0.9801 = 196.02.
    assert board.equity_label.value == "Equity: 196.02 USD"


def test_liquidation_is_flagged(board: Dashboard) -> None:
    board.btc_mark.value = 18000
    # USDT 200 - 1,000 = -800 x 0.99495 = -795.96; BUSD 220 (ETH still at 600): equity
    # -575.96 <= 0 with maintenance margin, so the ratio is infinite.
    assert board.ratio_label.value == "Margin ratio: inf (liquidation)"
    assert "ml-danger" in classes(board.ratio_label)
    board.btc_mark.value = 20000
    assert "ml-danger" not in classes(board.ratio_label)


def test_css_classes(board: Dashboard) -> None:
    expected = {
        "usdt_balance": "ml-usdt-balance", "busd_balance": "ml-busd-balance",
        "usdt_price": "ml-usdt-price", "usdt_bid_premium": "ml-usdt-bid-premium",
        "usdt_ask_premium": "ml-usdt-ask-premium", "btc_size": "ml-btc-size",
        "btc_leverage": "ml-btc-leverage", "btc_mark": "ml-btc-mark", "eth_size": "ml-eth-size",
        "eth_leverage": "ml-eth-leverage", "eth_mark": "ml-eth-mark", "mode": "ml-mode",
        "equity_label": "ml-equity", "ratio_label": "ml-ratio", "available_label": "ml-available",
        "max_withdraw_label": "ml-max-withdraw", "assets_label": "ml-assets",
        "output": "ml-ratio-plot",
    }
    for name, css in expected.items():
        assert css in classes(getattr(board, name)), name
    assert "ml-dashboard" in classes(board)
    style = board.children[0].value
    assert ".ml-dashboard" in style and "font-size: 17px" in style


def _crossing(curve: object) -> float:
    """Where the drawn curve crosses 100% (linear between its points)."""
    import numpy as np

    x, y = (np.asarray(v, dtype=float) for v in curve.get_data())  # type: ignore[attr-defined]
    above = y >= 100.0
    i = int(np.flatnonzero(above[:-1] != above[1:])[-1])
    return float(x[i] + (100.0 - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def test_picture_follows_the_controls() -> None:
    board = dashboard_widget()
    view = board.picture
    assert view is not None and view.png.startswith(b"\x89PNG")
    picture = view.drawing
    assert picture.ax.get_title() == "Margin ratio against the BTCUSDT mark price"
    assert list(picture.point.get_xdata()) == [20000.0]
    assert picture.point.get_ydata()[0] == pytest.approx(47.9775, abs=1e-4)
    curve, figure = picture.curve, view.figure
    board.btc_mark.value = 19000
    board.eth_mark.value = 620
    # Updated in place: the same figure and curve, new data and legend.
    assert view.figure is figure and picture.curve is curve
    assert list(picture.point.get_xdata()) == [19000.0]
    assert picture.point.get_ydata()[0] == pytest.approx(62.086, abs=1e-3)
    legend = [t.get_text() for t in picture.legend.get_texts()]
    assert "now: 62.09% at 19,000.00" in legend
    assert "liquidation price 18,752.99" in legend
    assert picture.crossing.get_xdata()[0] == pytest.approx(18752.99, abs=0.01)
    # The line is where the drawn curve crosses 100% (within one of its 50 USDT steps).
    assert _crossing(curve) == pytest.approx(18752.99, abs=50)
    # Without a BTC position the picture is drawn against ETHBUSD's mark.
    board.btc_size.value = 0
    assert picture.ax.get_title() == "Margin ratio against the ETHBUSD mark price"
    board.eth_size.value = 0
    assert not curve.get_visible() and picture.empty.get_visible()
    assert board.ratio_label.value == "Margin ratio: 0.00%"
    assert view.figure is figure


def test_single_asset_picture_follows_the_position_pool() -> None:
    board = dashboard_widget()
    board.mode.value = "single-asset"
    picture = board.picture.drawing
    assert picture.ax.get_title() == ("Margin ratio against the BTCUSDT mark price "
                                      "(USDT pool, single-asset mode)")
    legend = [t.get_text() for t in picture.legend.get_texts()]
    # At 20,000 the USDT pool is at 40%; it reaches 100% at 19,758.06 (see above).
    assert "now: 40.00% at 20,000.00" in legend
    assert "USDT pool liquidation price 19,758.06" in legend
    assert picture.crossing.get_xdata()[0] == pytest.approx(19758.0645, abs=1e-3)
    assert _crossing(picture.curve) == pytest.approx(19758.06, abs=50)
    # At 19,000 the pool is past 100% (equity -300 USDT): the picture says so, and still
    # marks where the curve crosses, not the present mark.
    board.btc_mark.value = 19000
    legend = [t.get_text() for t in picture.legend.get_texts()]
    assert "now: inf at 19,000.00" in legend
    assert "USDT pool already past 100% (crossed at 19,758.06)" in legend
    assert picture.crossing.get_xdata()[0] == pytest.approx(19758.0645, abs=1e-3)
    assert _crossing(picture.curve) == pytest.approx(19758.06, abs=50)
    assert board.ratio_label.value == "Ratio, worst pool (USDT): inf (liquidation)"
