"""The classroom dashboard: a whole live account on one screen, for a projector.

Controls: the wallet balances, USDT's price and premiums, both positions' size, leverage and mark
price, and the margin mode. Outputs: account equity, margin ratio, available for new orders and
maximum withdrawable (large, for the back of the room), the guide's "Assets" view, and the margin
ratio against a position's mark price (:func:`marginlib.plots.pnl.plot_ratio_vs_price`).

Every figure is recomputed exactly (:func:`marginlib.summarize`) on every change. The
picture is one matplotlib figure, drawn once by ``plot_ratio_vs_price`` and then updated in place
(new line data, new legend text) and re-rendered, so a moving slider costs one render.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..account import MULTI_ASSETS, SINGLE_ASSET, Account
from ..errors import MarginError
from ..numeric import FloatArray, percent, usd
from ..positions import Position
from ..rates import AssetRate
from ..scenarios import guide_positions, guide_rates
from ..summary import AccountSummary, summarize
from ..whatif import liquidation_price, margin_ratio_at
from . import int_slider, number_slider, ratio_line, show_error, show_png, slider_decimal, tag

BTC, ETH = "BTCUSDT", "ETHBUSD"

#: The mark-price range of each slider, which is also the range the picture is drawn over.
MARK_RANGES = {BTC: (10000.0, 30000.0), ETH: (300.0, 900.0)}

#: Ratios above this (percent) are cut off at the top of the picture.
YMAX = 200.0

#: Points of the ratio curve.
CURVE_POINTS = 401

#: Large type for a projector. Scoped to the dashboard, so it styles nothing else on the page.
STYLE = """
<style>
.ml-dashboard {
  font-size: 18px;
  --jp-widgets-font-size: 18px;
  --jp-widgets-inline-height: 36px;
  --jp-widgets-inline-label-width: 200px;
}
.ml-dashboard .widget-label, .ml-dashboard .widget-readout,
.ml-dashboard .widget-toggle-button, .ml-dashboard .widget-html-content {
  font-size: 18px;
}
.ml-dashboard .ml-heading { font-size: 22px; font-weight: 600; margin-top: 8px; }
.ml-dashboard .ml-card {
  font-size: 24px; font-weight: 700; height: auto; line-height: 1.3;
  padding: 6px 12px; margin: 4px; border: 2px solid #d0d7de; border-radius: 8px;
  background: #f6f8fa; white-space: normal;
}
.ml-dashboard .ml-ratio-plot img { max-width: 100%; height: auto; }
.ml-dashboard .ml-card.ml-danger { color: #b31d28; border-color: #d62728; background: #ffeef0; }
.ml-dashboard .ml-rates, .ml-dashboard .ml-error {
  font-size: 18px; height: auto; white-space: normal;
}
.ml-dashboard .ml-error { color: #b31d28; font-weight: 700; }
.ml-dashboard table.ml-assets-table { border-collapse: collapse; font-size: 18px; }
.ml-dashboard table.ml-assets-table th, .ml-dashboard table.ml-assets-table td {
  padding: 4px 10px; text-align: right; border-bottom: 1px solid #d0d7de;
  white-space: nowrap;
}
.ml-dashboard table.ml-assets-table th:first-child,
.ml-dashboard table.ml-assets-table td:first-child { text-align: left; }
</style>
"""


# --------------------------------------------------------------------------------------------
# The picture: one figure, updated in place
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PictureData:
    """What the ratio picture shows, computed: everything drawing needs, nothing to compute.

    ``symbol`` is None when there is no position to draw against. ``ratio`` is the margin ratio
    (percent) over ``prices``, cut off just above ``YMAX``; ``now`` the current ratio (percent,
    cut off at ``YMAX``) at ``mark``; ``liquidation`` the liquidation price when it falls inside
    the drawn range. ``account`` is kept for the first, full drawing.
    """

    account: Account | None
    symbol: str | None
    prices: FloatArray
    ratio: FloatArray
    mark: float
    now: float
    now_label: str
    liquidation: float | None
    liquidation_label: str


def picture_data(account: Account, summary: AccountSummary) -> PictureData:
    """The ratio picture's data: against BTCUSDT's mark if held, else ETHBUSD's, else nothing.

    The curve is :func:`marginlib.margin_ratio_at` over the slider's range, the liquidation
    price :func:`marginlib.liquidation_price`: the same as ``plot_ratio_vs_price`` draws.
    """
    held = {p.symbol: p for p in account.positions}
    symbol = next((s for s in (BTC, ETH) if s in held), None)
    if symbol is None:
        empty = np.zeros(0)
        return PictureData(None, None, empty, empty, 0.0, 0.0, "", None, "")
    low, high = MARK_RANGES[symbol]
    prices = np.linspace(low, high, CURVE_POINTS)
    ratio = margin_ratio_at(account, {symbol: prices}) * 100.0
    shown = np.where(np.isfinite(ratio), np.minimum(ratio, YMAX * 1.05), YMAX * 1.05)
    mark = held[symbol].mark_price
    now = float(summary.margin_ratio * 100) if summary.margin_ratio.is_finite() else YMAX
    found = liquidation_price(account, symbol)
    inside = found is not None and low <= float(found) <= high
    return PictureData(
        account=account, symbol=symbol, prices=prices, ratio=shown, mark=float(mark),
        now=min(now, YMAX), now_label=f"now: {percent(summary.margin_ratio)} at {usd(mark)}",
        liquidation=float(found) if inside and found is not None else None,
        liquidation_label=(f"liquidation price {usd(Decimal(found))}"
                           if inside and found is not None else ""),
    )


class RatioPicture:
    """The margin ratio against one mark price, in one reused figure shown in ``output``.

    The first drawing (and any drawing whose shape changes: another symbol, the liquidation
    line appearing or leaving) is ``plot_ratio_vs_price``'s; later ones only move the curve, the
    current point and the liquidation line and rewrite the legend, then render to PNG.
    """

    def __init__(self, output: widgets.Output, size: tuple[float, float] = (8.6, 4.4)) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .. import plots  # noqa: F401 - the course's style (rcParams)

        self.output = output
        # A Figure outside pyplot: never shown twice by the inline backend, never leaked.
        self.figure = Figure(figsize=size, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self.png = b""
        self._shape: tuple[str | None, bool] | None = None
        self._curve: Any = None
        self._point: Any = None
        self._liquidation: Any = None
        self._legend: list[tuple[Any, Any]] = []

    def draw(self, data: PictureData) -> None:
        """Show ``data``: in place when the picture keeps its shape, else drawn afresh."""
        shape = (data.symbol, data.liquidation is not None)
        if shape != self._shape or self._curve is None:
            self._draw_afresh(data)
            self._shape = shape
        else:
            self._curve.set_ydata(data.ratio)
            self._point.set_data([data.mark], [data.now])
            self._point.set_label(data.now_label)
            if self._liquidation is not None and data.liquidation is not None:
                self._liquidation.set_xdata([data.liquidation, data.liquidation])
                self._liquidation.set_label(data.liquidation_label)
            for artist, text in self._legend:
                text.set_text(artist.get_label())
        self.render()

    def _draw_afresh(self, data: PictureData) -> None:
        from ..plots import new_axes
        from ..plots.pnl import plot_ratio_vs_price

        self.ax.clear()
        self._curve = self._point = self._liquidation = None
        self._legend = []
        self.figure.set_layout_engine("constrained")
        if data.symbol is None or data.account is None:
            new_axes("Margin ratio against a mark price", "Mark price", "Margin ratio (%)",
                     self.ax)
            self.ax.text(0.5, 0.5, "No open position: set a size to draw the margin ratio",
                         ha="center", va="center", transform=self.ax.transAxes, fontsize=14)
            self.ax.set_ylim(0.0, YMAX)
            self.ax.set_xticks([])
            return
        plot_ratio_vs_price(data.account, data.symbol, data.prices, ax=self.ax, ymax=YMAX)
        for line in self.ax.get_lines():
            name = str(line.get_label())
            if name == "margin ratio":
                self._curve = line
            elif name.startswith("now:"):
                self._point = line
            elif name.startswith("liquidation price"):
                self._liquidation = line
        legend = self.ax.get_legend()
        handles, _labels = self.ax.get_legend_handles_labels()
        if legend is not None:
            self._legend = list(zip(handles, legend.get_texts(), strict=True))

    def render(self) -> None:
        """Render the figure to PNG and show it in ``output`` (replacing the last, no flicker)."""
        buffer = io.BytesIO()
        self.canvas.print_png(buffer)
        # The layout is solved once per shape; axes limits are fixed, so it stays right.
        self.figure.set_layout_engine("none")
        self.png = buffer.getvalue()
        show_png(self.output, self.png, "<margin ratio picture>")


# --------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------


def assets_html(summary: AccountSummary) -> str:
    """The guide's Assets view as an HTML table (each asset in its own units)."""
    head = ("Asset", "Wallet", "Unrealized PnL", "Equity", "Available", "Max withdraw",
            "Utilisation")
    rows = []
    for row in summary.assets:
        cells = (row.asset, usd(row.wallet_balance), usd(row.unrealized_pnl),
                 usd(row.margin_balance), usd(row.available), usd(row.max_withdraw),
                 percent(row.utilisation))
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    header = "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
    return (f'<table class="ml-assets-table"><thead>{header}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _heading(text: str) -> widgets.HTML:
    """A section heading of the dashboard (large type, ml-heading)."""
    title = widgets.HTML(text)
    title.add_class("ml-heading")
    return title


class Dashboard(widgets.VBox):  # type: ignore[misc]
    """A live account for the projector; starts at the guide's Scenario 2.

    Controls (attribute: CSS class): ``usdt_balance``: ml-usdt-balance, ``busd_balance``:
    ml-busd-balance, ``usdt_price``: ml-usdt-price, ``usdt_bid_premium``: ml-usdt-bid-premium,
    ``usdt_ask_premium``: ml-usdt-ask-premium, ``btc_size``: ml-btc-size, ``btc_leverage``:
    ml-btc-leverage, ``btc_mark``: ml-btc-mark, ``eth_size``: ml-eth-size, ``eth_leverage``:
    ml-eth-leverage, ``eth_mark``: ml-eth-mark, ``mode`` (``"multi-assets"`` or
    ``"single-asset"``): ml-mode.

    Outputs: ``equity_label``: ml-equity, ``ratio_label``: ml-ratio, ``available_label``:
    ml-available, ``max_withdraw_label``: ml-max-withdraw (Labels), ``assets_label`` (HTML
    table): ml-assets, ``rates_label`` (USDT's buy and sell rates): ml-rates, ``error_label``:
    ml-error, and ``output`` (the ratio picture): ml-ratio-plot; ``ratio_label`` and
    ``available_label`` also get ml-danger while the ratio is at 100% or more / available is
    negative. The container has ml-dashboard. ``account`` and ``summary`` hold the last result
    (None after an error); ``picture`` is the :class:`RatioPicture`.

    The positions are the guide's (entered at 20,000 and 600, maintenance rates 0.8% and 1%);
    a size of 0 means no position.
    """

    def __init__(self, plot: bool = True) -> None:
        self.plot = plot
        self.account: Account | None = None
        self.summary: AccountSummary | None = None
        self.templates = {p.symbol: p for p in guide_positions()}
        self._make_controls()
        self._make_outputs()
        self._tag()
        super().__init__(self._layout())
        self.add_class("ml-dashboard")
        for control in self.controls:
            control.observe(self._changed, names="value")
        self.update()

    def _make_controls(self) -> None:
        """The wallet, USDT's rate, both positions and the mode, at the guide's Scenario 2."""
        usdt = guide_rates()["USDT"]
        self.usdt_balance = number_slider("USDT wallet balance", 200.0, 0.0, 1000.0, 1.0)
        self.busd_balance = number_slider("BUSD wallet balance", 220.0, 0.0, 1000.0, 1.0)
        self.usdt_price = number_slider("USDT price (USD)", float(usdt.price), 0.90, 1.05,
                                        0.001, ".3f")
        self.usdt_bid_premium = number_slider("USDT bid premium", float(usdt.bid_premium), 0.0,
                                              0.05, 0.0005, ".4f")
        self.usdt_ask_premium = number_slider("USDT ask premium", float(usdt.ask_premium),
                                              -0.05, 0.0, 0.0005, ".4f")
        self.btc_size = number_slider(f"{BTC} size (BTC)", 0.5, -2.0, 2.0, 0.01)
        self.btc_leverage = int_slider(f"{BTC} leverage", 100, 1, 100)
        self.btc_mark = number_slider(f"{BTC} mark (USDT)", 20000.0, *MARK_RANGES[BTC], 50.0,
                                      ",.0f")
        self.eth_size = number_slider(f"{ETH} size (ETH)", 20.0, -50.0, 50.0, 1.0, ".0f")
        self.eth_leverage = int_slider(f"{ETH} leverage", 50, 1, 75)
        self.eth_mark = number_slider(f"{ETH} mark (BUSD)", 600.0, *MARK_RANGES[ETH], 5.0,
                                      ",.0f")
        self.mode = widgets.ToggleButtons(
            options=[("Multi-assets", MULTI_ASSETS), ("Single-asset", SINGLE_ASSET)],
            value=MULTI_ASSETS, description="Margin mode",
            style={"description_width": "initial", "button_width": "150px"},
        )

    def _make_outputs(self) -> None:
        """The four cards, USDT's rates, the Assets table, the error line and the picture."""
        self.equity_label = widgets.Label()
        self.ratio_label = widgets.Label()
        self.available_label = widgets.Label()
        self.max_withdraw_label = widgets.Label()
        self.assets_label = widgets.HTML()
        self.rates_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = RatioPicture(self.output)

    def _tag(self) -> None:
        """CSS classes: one per control and output (for the browser tests), ml-card for cards."""
        tag((
            (self.usdt_balance, "ml-usdt-balance"), (self.busd_balance, "ml-busd-balance"),
            (self.usdt_price, "ml-usdt-price"), (self.usdt_bid_premium, "ml-usdt-bid-premium"),
            (self.usdt_ask_premium, "ml-usdt-ask-premium"),
            (self.btc_size, "ml-btc-size"), (self.btc_leverage, "ml-btc-leverage"),
            (self.btc_mark, "ml-btc-mark"), (self.eth_size, "ml-eth-size"),
            (self.eth_leverage, "ml-eth-leverage"), (self.eth_mark, "ml-eth-mark"),
            (self.mode, "ml-mode"),
            (self.equity_label, "ml-equity"), (self.ratio_label, "ml-ratio"),
            (self.available_label, "ml-available"), (self.max_withdraw_label, "ml-max-withdraw"),
            (self.assets_label, "ml-assets"), (self.rates_label, "ml-rates"),
            (self.error_label, "ml-error"),
            (self.output, "ml-ratio-plot"),
        ))
        for card in self.cards:
            card.add_class("ml-card")

    def _layout(self) -> list[widgets.DOMWidget]:
        """The page: the style, then the controls (a 460 px column) beside the results."""
        controls = widgets.VBox([
            _heading("Wallet and rates"), self.usdt_balance, self.busd_balance, self.usdt_price,
            self.usdt_bid_premium, self.usdt_ask_premium, self.rates_label,
            _heading("Positions (entered at 20,000 and 600; size 0: none)"),
            self.btc_size, self.btc_leverage, self.btc_mark,
            self.eth_size, self.eth_leverage, self.eth_mark,
            _heading("Mode"), self.mode,
        ], layout=widgets.Layout(flex="0 0 460px", width="460px"))
        cards = widgets.GridBox(list(self.cards), layout=widgets.Layout(
            grid_template_columns="repeat(2, minmax(0, 1fr))", width="100%"))
        results = widgets.VBox([cards, self.output, _heading("Assets"), self.assets_label,
                                self.error_label],
                               layout=widgets.Layout(flex="1 1 auto", min_width="0"))
        return [widgets.HTML(STYLE), widgets.HBox([controls, results])]

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.usdt_balance, self.busd_balance, self.usdt_price, self.usdt_bid_premium,
                self.usdt_ask_premium, self.btc_size, self.btc_leverage, self.btc_mark,
                self.eth_size, self.eth_leverage, self.eth_mark, self.mode)

    @property
    def cards(self) -> tuple[widgets.Label, ...]:
        """The four key figures: equity, margin ratio, available, maximum withdrawable."""
        return (self.equity_label, self.ratio_label, self.available_label, self.max_withdraw_label)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label): the cards, USDT's rates, the Assets view."""
        return (*self.cards, self.rates_label, self.assets_label)

    def _changed(self, _change: Any) -> None:
        self.update()

    def build(self) -> Account:
        """The account the controls describe (raises MarginError on invalid settings)."""
        positions: list[Position] = []
        for symbol, size, leverage, mark in (
            (BTC, self.btc_size, self.btc_leverage, self.btc_mark),
            (ETH, self.eth_size, self.eth_leverage, self.eth_mark),
        ):
            amount = slider_decimal(size.value)
            if amount != 0:
                positions.append(replace(
                    self.templates[symbol], size=amount, leverage=Decimal(int(leverage.value)),
                    mark_price=slider_decimal(mark.value),
                ))
        rates = guide_rates()
        rates["USDT"] = AssetRate(
            "USDT", slider_decimal(self.usdt_price.value),
            slider_decimal(self.usdt_bid_premium.value),
            slider_decimal(self.usdt_ask_premium.value),
        )
        wallet = {"USDT": slider_decimal(self.usdt_balance.value),
                  "BUSD": slider_decimal(self.busd_balance.value)}
        return Account(rates, wallet, tuple(positions), mode=str(self.mode.value))

    def update(self) -> None:
        """Recompute every figure exactly, rewrite the labels and the table, redraw the picture."""
        try:
            account = self.build()
            summary = summarize(account)
            data = picture_data(account, summary) if self.plot else None
        except MarginError as error:
            self.account = self.summary = None
            show_error(self.error_label, self.result_labels, f"Cannot compute: {error}")
            return
        self.account, self.summary = account, summary
        self.error_label.value = ""
        usdt = account.rates["USDT"]
        self.rates_label.value = f"USDT buy rate {usdt.buy_rate} · sell rate {usdt.sell_rate}"
        self.equity_label.value = f"Equity: {usd(summary.equity)} USD"
        self.ratio_label.value = ratio_line(summary)
        blocked = " (no new orders)" if summary.available < 0 else ""
        self.available_label.value = f"Available: {usd(summary.available)} USD{blocked}"
        for label, alarm in ((self.ratio_label, summary.liquidating),
                             (self.available_label, summary.available < 0)):
            if alarm:
                label.add_class("ml-danger")
            else:
                label.remove_class("ml-danger")
        self.max_withdraw_label.value = f"Max withdrawable: {usd(summary.max_withdraw)} USD"
        self.assets_label.value = assets_html(summary)
        if data is not None:
            self.picture.draw(data)


def dashboard_widget(plot: bool = True) -> Dashboard:
    """The classroom dashboard, at the guide's Scenario 2 (200 USDT, 220 BUSD, 0.5 BTCUSDT at
    20,000 100x, 20 ETHBUSD at 600 50x): equity 416.02, ratio 47.98%, available 76.53 USD."""
    return Dashboard(plot=plot)


__all__ = ["Dashboard", "PictureData", "RatioPicture", "assets_html", "dashboard_widget",
           "picture_data"]
