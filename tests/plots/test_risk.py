"""marginlib.plots.risk: liquidation maps.

Hand work: the guide's account at any marks (b, e), both modes, in tests/__init__.py."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import numpy as np
import pytest

import marginlib as ml
from marginlib.plots.risk import plot_liquidation_map, plot_liquidation_maps
from tests.plots import legend_texts

SELL = Decimal("0.99495")
BUY = Decimal("0.9801")


def ax_image(fig: object) -> object:
    return fig.axes[0].images[0].get_array()  # type: ignore[attr-defined]


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
    assert legend_texts(ax)[0] == "100%: liquidation boundary"
    assert "now: 19,000.00 / 620.00, ratio 62.09%" in legend_texts(ax)
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


def test_plot_liquidation_maps_two_panels_with_depeg() -> None:
    fig = plot_liquidation_maps(ml.scenario(3), np.linspace(17000, 22000, 50),
                                np.linspace(450, 750, 50), prices={"USDT": 0.9},
                                reference_prices={"USDT": 0.99})
    multi, single = fig.axes[0], fig.axes[1]
    assert multi.get_title() == "Liquidation map, multi-assets mode\n(USDT at 0.9)"
    assert single.get_title() == "Liquidation map, single-asset mode\n(USDT at 0.9)"
    assert "boundary with USDT at 0.99" in legend_texts(multi)
    assert "boundary with USDT at 0.99" not in legend_texts(single)
    assert "now: 19,000.00 / 620.00, ratio 55.28%" in legend_texts(multi)
    assert len(fig.axes) == 3 and fig.axes[2].get_ylabel() == "Margin ratio (%)"  # colour bar
    plt.close(fig)
