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
from . import COLORS, course_figure, legend_below, new_axes

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


#: The size of the two maps side by side (inches): as wide as the column.
SIZE = (9.5, 5.4)


class MapPanel:
    """One liquidation map on ``ax`` (see :func:`plot_liquidation_map`), kept so that
    :meth:`update` can show it at other index prices in place: the image's data, the boundary,
    the title and the legend change; the grid, the reference boundary and the marks do not."""

    def __init__(self, ax: Any, account: Account, btc_prices: Any, eth_prices: Any,
                 mode: str | None = None, prices: Mapping[str, Any] | None = None,
                 reference_prices: Mapping[str, Any] | None = None,
                 x_symbol: str = "BTCUSDT", y_symbol: str = "ETHBUSD",
                 label: str = "now") -> None:
        self.ax = ax
        self.account, self.mode, self.label = account, mode, label
        self.x_symbol, self.y_symbol = x_symbol, y_symbol
        self.x = np.asarray(btc_prices, dtype=float)
        self.y = np.asarray(eth_prices, dtype=float)
        new_axes("", f"{x_symbol} mark price ({account.margin_asset(x_symbol)})",
                 f"{y_symbol} mark price ({account.margin_asset(y_symbol)})", ax)
        self.image = ax.imshow(np.zeros((len(self.y), len(self.x))), origin="lower",
                               aspect="auto", cmap=_colormap(), vmin=0.0, vmax=100.0,
                               extent=(float(self.x[0]), float(self.x[-1]), float(self.y[0]),
                                       float(self.y[-1])), interpolation="nearest")
        ax.grid(False)
        self.boundary: Any = None
        handles = [ax.plot([], [], color="black", linewidth=2.5)[0],
                   ax.fill_between([], [], color=LIQUIDATED)]
        labels = ["100%: liquidation boundary", "liquidated (ratio >= 100%)"]
        self.reference: Any = None
        if reference_prices:
            reference = _at_prices(account, mode, reference_prices)
            z_ref = _shown(reference, x_symbol, self.x, y_symbol, self.y)
            if np.nanmin(z_ref) < 100.0 <= np.nanmax(z_ref):
                self.reference = ax.contour(self.x, self.y, z_ref, levels=[100.0],
                                            colors=[COLORS["multi"]], linewidths=2,
                                            linestyles="dashed")
            handles.append(ax.plot([], [], color=COLORS["multi"], linewidth=2,
                                   linestyle="--")[0])
            labels.append(f"boundary with {_price_text(reference, reference_prices)}")
        marks = {p.symbol: p.mark_price for p in account.positions}
        self.star: Any = None
        if x_symbol in marks and y_symbol in marks:
            (self.star,) = ax.plot([float(marks[x_symbol])], [float(marks[y_symbol])], "*",
                                   markersize=16, color="white", markeredgecolor="black",
                                   zorder=5)
            handles.append(self.star)
            labels.append(" ")
        # Under the map: it hides no cell.
        self.legend = legend_below(ax, handles, labels, ncol=1, offset=0.16)
        self.update(prices)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes, and those drawn over them (a widget redraws
        only these)."""
        over = [a for a in (self.boundary, self.reference, self.star) if a is not None]
        return [self.image, *over, self.legend, self.ax.title]

    def update(self, prices: Mapping[str, Any] | None = None,
               z: FloatArray | None = None) -> None:
        """Show the map at the index prices ``prices`` (``z``: its ratios, if computed)."""
        shown_account = _at_prices(self.account, self.mode, prices)
        if z is None:
            z = _shown(shown_account, self.x_symbol, self.x, self.y_symbol, self.y)
        self.image.set_data(z)
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        if np.nanmin(z) < 100.0 <= np.nanmax(z):
            self.boundary = self.ax.contour(self.x, self.y, z, levels=[100.0],
                                            colors=["black"], linewidths=2.5)
        where = _price_text(shown_account, prices)
        self.ax.set_title(f"Liquidation map, {shown_account.mode} mode"
                          + (f"\n({where})" if where else ""))
        if self.star is not None:
            marks = {p.symbol: p.mark_price for p in shown_account.positions}
            ratio = summarize(shown_account).margin_ratio
            self.legend.get_texts()[-1].set_text(
                f"{self.label}: {usd(marks[self.x_symbol])} / {usd(marks[self.y_symbol])}, "
                f"ratio {percent(ratio)}")


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
    account's present marks are starred and named ``label``; the legend sits under the map.
    Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=(7.0, 5.6))[0]
    panel = MapPanel(ax if ax is not None else fig.axes[0], account, btc_prices, eth_prices,
                     mode, prices, reference_prices, x_symbol, y_symbol, label)
    if colorbar:
        fig.colorbar(panel.image, ax=panel.ax, label="Margin ratio (%)", extend="max")
    return fig


class LiquidationMapsPicture:
    """The two maps of :func:`plot_liquidation_maps` on ``figure``, kept so that
    :meth:`update` can show them at other index prices in place. The single-asset map does
    not depend on the index prices of the margin assets (each pool counts in its own units),
    so its ratios are computed once."""

    def __init__(self, figure: Any, account: Account, btc_prices: Any, eth_prices: Any,
                 prices: Mapping[str, Any] | None = None,
                 reference_prices: Mapping[str, Any] | None = None,
                 label: str = "now") -> None:
        from ..account import SINGLE_ASSET

        axes = figure.subplots(1, 2, sharey=True)
        self.panels = [
            MapPanel(ax, account, btc_prices, eth_prices, mode, prices,
                     reference_prices if mode == MULTI_ASSETS else None, label=label)
            for ax, mode in zip(axes, (MULTI_ASSETS, SINGLE_ASSET), strict=True)]
        self.single_z = np.asarray(self.panels[1].image.get_array())
        axes[1].set_ylabel("")
        figure.colorbar(self.panels[0].image, ax=list(axes), label="Margin ratio (%)",
                        extend="max", fraction=0.05, pad=0.02)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [artist for panel in self.panels for artist in panel.moving]

    def update(self, prices: Mapping[str, Any] | None = None) -> None:
        """Both maps at the index prices ``prices``."""
        self.panels[0].update(prices)
        self.panels[1].update(prices, self.single_z)


def plot_liquidation_maps(
    account: Account,
    btc_prices: Any,
    eth_prices: Any,
    prices: Mapping[str, Any] | None = None,
    reference_prices: Mapping[str, Any] | None = None,
    label: str = "now",
) -> Any:
    """Two liquidation maps side by side: multi-assets mode (left), single-asset mode (right).

    Same grid, same colours and one colour bar; see :func:`plot_liquidation_map`. As wide as
    the notebook column (:data:`SIZE`). Returns the figure.
    """
    fig = course_figure(SIZE)
    LiquidationMapsPicture(fig, account, btc_prices, eth_prices, prices, reference_prices, label)
    return fig


__all__ = ["SIZE", "VMAX", "LiquidationMapsPicture", "MapPanel", "plot_liquidation_map",
           "plot_liquidation_maps"]
