"""Pictures for the risk lab: the liquidation map over a grid of two mark prices."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np

from ..account import MULTI_ASSETS, Account
from ..modes import in_mode
from ..numeric import FloatArray, percent, usd
from ..summary import summarize
from ..whatif import ratio_grid
from . import COLORS, new_axes

#: Ratios (percent) above this are cut off (the infinite ratio too); from 100% up: one colour.
VMAX = 200.0

#: The colour of the liquidated region (ratio >= 100%).
LIQUIDATED = "#7f0000"


def _colormap() -> Any:
    """Green (0%) to yellow to red (100%); above 100%, one dark red: liquidated."""
    from matplotlib import colormaps

    return colormaps["RdYlGn_r"].with_extremes(over=LIQUIDATED)


def _at_prices(account: Account, mode: str | None, prices: Mapping[str, Any] | None) -> Account:
    account = account if mode is None else in_mode(account, mode)
    return account.with_prices(prices) if prices else account


def _shown(account: Account, x_symbol: str, x: FloatArray, y_symbol: str,
           y: FloatArray) -> FloatArray:
    """The margin ratio in percent over the grid, cut at VMAX (inf -> VMAX)."""
    ratio = ratio_grid(account, x_symbol, x, y_symbol, y) * 100.0
    shown: FloatArray = np.where(np.isfinite(ratio), np.minimum(ratio, VMAX), VMAX)
    return shown


def _price_text(account: Account, prices: Mapping[str, Any] | None) -> str:
    if not prices:
        return ""
    return ", ".join(f"{a} at {Decimal(account.rates[a].price).normalize():f}" for a in prices)


def plot_liquidation_map(
    account: Account,
    btc_prices: Any,
    eth_prices: Any,
    ax: Any = None,
    mode: str | None = None,
    prices: Mapping[str, Any] | None = None,
    reference_prices: Mapping[str, Any] | None = None,
    x_symbol: str = "BTCUSDT",
    y_symbol: str = "ETHBUSD",
    label: str = "now",
    colorbar: bool = True,
) -> Any:
    """The margin ratio over a grid of two mark prices, with the 100% boundary.

    Columns follow ``btc_prices`` (``x_symbol``'s mark), rows ``eth_prices`` (``y_symbol``'s); the
    ratio is :func:`marginlib.ratio_grid` of ``account`` in ``mode`` (default: its own) with the
    index prices ``prices`` (e.g. ``{"USDT": 0.95}``, a depeg). Colour: green safe, yellow 100%,
    red liquidated (ratios above 200% and the infinite ratio of a non-positive equity in the top
    colour). The solid line is the liquidation boundary (ratio = 100%); with
    ``reference_prices`` a dashed line shows the boundary at those index prices instead. The
    account's present marks are starred and named ``label``. Returns the figure.
    """
    shown_account = _at_prices(account, mode, prices)
    x = np.asarray(btc_prices, dtype=float)
    y = np.asarray(eth_prices, dtype=float)
    z = _shown(shown_account, x_symbol, x, y_symbol, y)
    where = _price_text(shown_account, prices)
    fig, ax = new_axes(
        f"Liquidation map, {shown_account.mode} mode" + (f" ({where})" if where else ""),
        f"{x_symbol} mark price ({shown_account.margin_asset(x_symbol)})",
        f"{y_symbol} mark price ({shown_account.margin_asset(y_symbol)})",
        ax,
    )
    image = ax.imshow(z, origin="lower", aspect="auto", cmap=_colormap(), vmin=0.0,
                      vmax=100.0, extent=(float(x[0]), float(x[-1]), float(y[0]), float(y[-1])),
                      interpolation="nearest")
    ax.grid(False)
    if np.nanmin(z) < 100.0 <= np.nanmax(z):
        ax.contour(x, y, z, levels=[100.0], colors=["black"], linewidths=2.5)
    ax.plot([], [], color="black", linewidth=2.5, label="100%: liquidation boundary")
    ax.fill_between([], [], color=LIQUIDATED, label="liquidated (ratio >= 100%)")
    if reference_prices:
        reference = _at_prices(account, mode, reference_prices)
        z_ref = _shown(reference, x_symbol, x, y_symbol, y)
        if np.nanmin(z_ref) < 100.0 <= np.nanmax(z_ref):
            ax.contour(x, y, z_ref, levels=[100.0], colors=[COLORS["multi"]], linewidths=2,
                       linestyles="dashed")
        ax.plot([], [], color=COLORS["multi"], linewidth=2, linestyle="--",
                label=f"boundary with {_price_text(reference, reference_prices)}")
    marks = {p.symbol: p.mark_price for p in shown_account.positions}
    if x_symbol in marks and y_symbol in marks:
        ratio = summarize(shown_account).margin_ratio
        ax.plot([float(marks[x_symbol])], [float(marks[y_symbol])], "*", markersize=16,
                color="white", markeredgecolor="black", zorder=5,
                label=f"{label}: {usd(marks[x_symbol])} / {usd(marks[y_symbol])}, "
                      f"ratio {percent(ratio)}")
    ax.legend(loc="lower right", fontsize=9, framealpha=0.9)
    if colorbar:
        fig.colorbar(image, ax=ax, label="Margin ratio (%)", extend="max")
    return fig


def plot_liquidation_maps(
    account: Account,
    btc_prices: Any,
    eth_prices: Any,
    prices: Mapping[str, Any] | None = None,
    reference_prices: Mapping[str, Any] | None = None,
    label: str = "now",
) -> Any:
    """Two liquidation maps side by side: multi-assets mode (left), single-asset mode (right).

    Same grid, same colours and one colour bar; see :func:`plot_liquidation_map`. Returns the
    figure.
    """
    import matplotlib.pyplot as plt

    from ..account import SINGLE_ASSET

    fig, axes = plt.subplots(1, 2, figsize=(13.0, 5.2), layout="constrained", sharey=True)
    for ax, mode in zip(axes, (MULTI_ASSETS, SINGLE_ASSET), strict=True):
        plot_liquidation_map(account, btc_prices, eth_prices, ax=ax, mode=mode, prices=prices,
                             reference_prices=reference_prices if mode == MULTI_ASSETS else None,
                             label=label, colorbar=False)
    axes[1].set_ylabel("")
    mappable = axes[0].images[0]
    fig.colorbar(mappable, ax=list(axes), label="Margin ratio (%)", extend="max")
    return fig


__all__ = ["VMAX", "plot_liquidation_map", "plot_liquidation_maps"]
