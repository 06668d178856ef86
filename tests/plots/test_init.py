"""marginlib.plots: every picture has a title, units and a legend.

Every picture of the course reads on its own: a title, axis labels with units, a legend
wherever more than one series is drawn."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

import marginlib as ml
from marginlib.collateral import coin_collateral_account, stable_collateral_account
from marginlib.conversion import shock_path
from marginlib.liquidation import liquidation_levels
from marginlib.plots.conversion import plot_balances
from marginlib.plots.liquidation import plot_liquidation_levels
from marginlib.plots.margin import plot_margin_split
from marginlib.plots.modes import plot_mode_ratios
from marginlib.plots.pnl import plot_ratio_vs_price
from marginlib.plots.pool import plot_pool
from marginlib.plots.replay import plot_replay
from marginlib.plots.risk import plot_liquidation_map, plot_liquidation_maps
from marginlib.plots.today import plot_brackets, plot_collateral_fall, plot_worlds
from marginlib.plots.withdraw import plot_withdraw_terms
from marginlib.replay import replay
from marginlib.today import compare_worlds
from marginlib.withdraw import withdraw_breakdown

BTC = np.linspace(15000.0, 25000.0, 30)
ETH = np.linspace(400.0, 800.0, 30)


def _collateral() -> Any:
    coin = coin_collateral_account()
    return plot_collateral_fall(coin, stable_collateral_account(coin), 20000.0, 70000.0)


PICTURES: dict[str, Callable[[], Any]] = {
    "pool": lambda: plot_pool(ml.scenario(1)),
    "margin split": lambda: plot_margin_split(ml.summarize(ml.scenario(2))),
    "ratio vs price": lambda: plot_ratio_vs_price(ml.scenario(3), "BTCUSDT", BTC),
    "balances": lambda: plot_balances(
        ml.simulate(ml.shock_account(), shock_path("BTCUSDT", 20000, Decimal("0.4")), interval=4),
        interval=4),
    "withdraw terms": lambda: plot_withdraw_terms(withdraw_breakdown(ml.scenario(2))),
    "mode ratios": lambda: plot_mode_ratios(ml.scenario(3)),
    "liquidation map": lambda: plot_liquidation_map(ml.scenario(3), BTC, ETH),
    "liquidation maps": lambda: plot_liquidation_maps(ml.scenario(3), BTC, ETH),
    "worlds": lambda: plot_worlds(compare_worlds()),
    "brackets": lambda: plot_brackets(points=50),
    "collateral fall": _collateral,
    "replay": lambda: plot_replay(replay()),
    "liquidation levels": lambda: plot_liquidation_levels(
        ml.liquidation_account(300, 20),
        liquidation_levels(ml.liquidation_account(300, 20), "BTCUSDT", fund=20000)),
}


#: A unit in an axis label: "(USD)", "(%)", "(USDT, log scale)", "Step" counts itself.
UNIT = re.compile(r"\(.+\)|^Step$")


@pytest.mark.parametrize("name", list(PICTURES))
def test_picture_has_title_units_and_legend(name: str) -> None:
    fig = PICTURES[name]()
    try:
        axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
        assert axes, "no axes"
        titled = fig._suptitle is not None or all(ax.get_title() for ax in axes)
        assert titled, f"{name}: every panel (or the figure) needs a title"
        for ax in axes:
            # The value axis carries a unit. The other may name categories (bars), and a panel
            # that shares an axis with its neighbour may leave that label to it.
            labels = [label for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
            assert any(UNIT.search(label) for label in labels) or (
                len(axes) > 1 and ax.get_shared_x_axes().get_siblings(ax) != [ax]
            ), f"{name}: axis labels {labels} name no unit"
            series = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
            series += [c for c in ax.containers if not str(c.get_label()).startswith("_")]
            if len(series) > 1:
                assert ax.get_legend() is not None or fig.legends, f"{name}: needs a legend"
    finally:
        plt.close(fig)
