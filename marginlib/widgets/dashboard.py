"""The classroom dashboard: a whole live account on one screen, for a projector.

Controls: the wallet balances, USDT's price and premiums, both positions' size, leverage and mark
price, and the margin mode. Outputs: account equity, margin ratio, available for new orders and
maximum withdrawable (large, for the back of the room), the guide's "Assets" view, and the margin
ratio against a position's mark price (:func:`marginlib.plots.pnl.plot_ratio_vs_price`).

Every figure is recomputed exactly (:func:`marginlib.summarize`) on every change. The
picture is one matplotlib figure (:class:`marginlib.widgets.FigureView`), drawn once and then
updated in place (new line data, new legend text) and re-rendered, so a moving slider costs one
render. In single-asset mode each margin asset is its own pool: the cards say so, the Assets
table adds each pool's maintenance margin and margin ratio, and the picture follows the pool of
the position it is drawn against.
"""

from __future__ import annotations

import html
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..account import MULTI_ASSETS, SINGLE_ASSET, Account
from ..errors import MarginError
from ..modes import ratio_text
from ..numeric import FloatArray, percent, usd
from ..plots.pnl import RatioCurve, RatioCurvePicture, ratio_curve
from ..positions import Position
from ..rates import AssetRate
from ..scenarios import guide_positions, guide_rates
from ..summary import AccountSummary, summarize
from . import CourseWidget, FigureView, int_slider, number_slider, slider_decimal, tag

BTC, ETH = "BTCUSDT", "ETHBUSD"

#: The mark-price range of each slider, which is also the range the picture is drawn over.
MARK_RANGES = {BTC: (10000.0, 30000.0), ETH: (300.0, 900.0)}

#: Ratios above this (percent) are cut off at the top of the picture.
YMAX = 200.0

#: Points of the ratio curve.
CURVE_POINTS = 401

#: Large type for a projector, compact enough for 1366 x 768: controls, cards, picture, table
#: and mode on one screen. Scoped to the dashboard, so it styles nothing else on the page.
STYLE = """
<style>
.ml-dashboard {
  font-size: 17px;
  --jp-widgets-font-size: 17px;
  --jp-widgets-inline-height: 30px;
  --jp-widgets-inline-margin: 3px;
}
.ml-dashboard .widget-label, .ml-dashboard .widget-readout,
.ml-dashboard .widget-toggle-button, .ml-dashboard .widget-html-content {
  font-size: 17px;
}
.ml-dashboard .widget-readout { min-width: 5.2em; width: 5.2em; text-align: right; }
.ml-dashboard .ml-heading .widget-html-content { font-size: 19px; font-weight: 600; }
.ml-dashboard .ml-card {
  font-size: 20px; font-weight: 700; height: auto; line-height: 1.25;
  padding: 4px 10px; margin: 3px; border: 2px solid #d0d7de; border-radius: 8px;
  background: #f6f8fa; color: #1f2328; white-space: normal;
}
.ml-dashboard .ml-ratio-plot img { width: 100%; height: auto; }
.ml-dashboard .ml-card.ml-danger { color: #a40e26; border-color: #d62728; background: #ffeef0; }
.ml-dashboard .ml-rates, .ml-dashboard .ml-error {
  font-size: 17px; height: auto; white-space: normal;
}
.ml-dashboard .ml-error { color: #a40e26; font-weight: 700; }
.ml-dashboard table.ml-assets-table { border-collapse: collapse; font-size: 17px; width: 100%; }
.ml-dashboard table.ml-assets-table caption { text-align: left; padding: 2px 0; }
.ml-dashboard table.ml-assets-table th, .ml-dashboard table.ml-assets-table td {
  padding: 2px 6px; text-align: right; border-bottom: 1px solid #d0d7de;
  white-space: nowrap;
}
.ml-dashboard table.ml-assets-table th:first-child,
.ml-dashboard table.ml-assets-table td:first-child { text-align: left; }
</style>
"""


# --------------------------------------------------------------------------------------------
# The picture: one figure, updated in place
# --------------------------------------------------------------------------------------------

#: The picture's size (inches): the results column of the dashboard at 1366 px wide.
SIZE = (8.6, 3.9)


def picture_curve(account: Account) -> RatioCurve | None:
    """The ratio picture's data: against BTCUSDT's mark if held, else ETHBUSD's, else None.

    :func:`marginlib.plots.pnl.ratio_curve` over the slider's range: the account's margin ratio,
    or in single-asset mode the ratio of the position's own pool, with the price where that
    ratio crosses 100%.
    """
    held = {p.symbol for p in account.positions}
    symbol = next((s for s in (BTC, ETH) if s in held), None)
    if symbol is None:
        return None
    return ratio_curve(account, symbol, _prices(symbol), YMAX)


@cache
def _prices(symbol: str) -> FloatArray:
    prices: FloatArray = np.linspace(*MARK_RANGES[symbol], CURVE_POINTS)
    return prices


def _first_picture(figure: Any, curve: RatioCurve | None) -> RatioCurvePicture:
    return RatioCurvePicture(figure.add_subplot(), curve, YMAX)


# --------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------


def assets_html(summary: AccountSummary) -> str:
    """The guide's Assets view as an HTML table (each asset in its own units).

    In single-asset mode each asset is a pool of its own: the table says so in its caption and
    shows each pool's maintenance margin and margin ratio (the ratio that liquidates the pool's
    positions) in place of the pooled notion of utilisation."""
    single = summary.mode == SINGLE_ASSET
    head = ["Asset", "Wallet", "Unrealized PnL", "Equity", "Available", "Max withdraw",
            "Utilisation"]
    if single:
        head[0] = "Pool"
        head[4:4] = ["Maintenance", "Margin ratio"]
        head.pop()
    rows = []
    for row in summary.assets:
        cells = [row.asset, usd(row.wallet_balance), usd(row.unrealized_pnl),
                 usd(row.margin_balance), usd(row.available), usd(row.max_withdraw),
                 percent(row.utilisation)]
        if single:
            cells[4:4] = [usd(row.maintenance_margin), ratio_text(row.margin_ratio)]
            cells.pop()
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    header = "<tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr>"
    caption = ("Single-asset mode: each asset is a separate pool, in its own units" if single
               else "Multi-assets mode: one pool, every asset valued in USD")
    return (f'<table class="ml-assets-table"><caption>{caption}</caption>'
            f"<thead>{header}</thead><tbody>{''.join(rows)}</tbody></table>")


def card_texts(summary: AccountSummary) -> tuple[str, str, str, str]:
    """The four cards: equity, margin ratio, available, maximum withdrawable.

    Multi-assets mode: the pool's figures. Single-asset mode: the sums over the pools, and the
    worst pool's ratio, each card saying which it is."""
    blocked = " (no new orders)" if summary.available < 0 else ""
    if summary.mode != SINGLE_ASSET:
        return (f"Equity: {usd(summary.equity)} USD",
                f"Margin ratio: {ratio_text(summary.margin_ratio)}",
                f"Available: {usd(summary.available)} USD{blocked}",
                f"Max withdrawable: {usd(summary.max_withdraw)} USD")
    worst = max(summary.assets, key=lambda row: row.margin_ratio)
    return (f"Equity, all pools: {usd(summary.equity)} USD",
            f"Ratio, worst pool ({worst.asset}): {ratio_text(summary.margin_ratio)}",
            f"Available, all pools: {usd(summary.available)} USD{blocked}",
            f"Max withdraw, all pools: {usd(summary.max_withdraw)} USD")


def _heading(text: str) -> widgets.HTML:
    """A section heading of the dashboard (large type, ml-heading)."""
    title = widgets.HTML(text)
    title.add_class("ml-heading")
    return title


class Dashboard(CourseWidget):
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
    (None after an error); ``picture`` is the :class:`marginlib.widgets.FigureView` of the picture
    (None without ``plot``).

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
        self.assemble(self._layout(), "ml-dashboard")

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
        self.picture = (FigureView(self.output, SIZE, _first_picture,
                                "Margin ratio against a mark price") if self.plot else None)

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
        """The page: the style, then the controls (a 440 px column, the mode first) beside the
        results (the cards, the picture, the Assets table); when the window is too narrow for
        both (JupyterLab beside its file browser) the results move under the controls."""
        controls = widgets.VBox([
            self.mode,
            _heading("Wallet and rates"), self.usdt_balance, self.busd_balance, self.usdt_price,
            self.usdt_bid_premium, self.usdt_ask_premium, self.rates_label,
            _heading("Positions (size 0: none)"),
            self.btc_size, self.btc_leverage, self.btc_mark,
            self.eth_size, self.eth_leverage, self.eth_mark,
        ], layout=widgets.Layout(flex="0 0 440px", width="440px"))
        controls.add_class("ml-controls")
        cards = widgets.GridBox(list(self.cards), layout=widgets.Layout(
            grid_template_columns="repeat(2, minmax(0, 1fr))", width="100%"))
        results = widgets.VBox([cards, self.output, self.assets_label, self.error_label],
                               layout=widgets.Layout(flex="1 1 560px", min_width="0"))
        results.add_class("ml-results")
        page = widgets.HBox([controls, results], layout=widgets.Layout(flex_flow="row wrap"))
        return [widgets.HTML(STYLE), page]

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
            curve = picture_curve(account) if self.picture is not None else None
        except MarginError as error:
            self.account = self.summary = None
            self.refuse("compute", error)
            return
        self.account, self.summary = account, summary
        self.error_label.value = ""
        usdt = account.rates["USDT"]
        self.rates_label.value = f"USDT buy rate {usdt.buy_rate} · sell rate {usdt.sell_rate}"
        for card, text in zip(self.cards, card_texts(summary), strict=True):
            card.value = text
        for label, alarm in ((self.ratio_label, summary.liquidating),
                             (self.available_label, summary.available < 0)):
            if alarm:
                label.add_class("ml-danger")
            else:
                label.remove_class("ml-danger")
        self.assets_label.value = assets_html(summary)
        if self.picture is not None:
            self.picture.show(curve)


def dashboard_widget(plot: bool = True) -> Dashboard:
    """The classroom dashboard, at the guide's Scenario 2 (200 USDT, 220 BUSD, 0.5 BTCUSDT at
    20,000 100x, 20 ETHBUSD at 600 50x): equity 416.02, ratio 47.98%, available 76.53 USD."""
    return Dashboard(plot=plot)


__all__ = ["SIZE", "Dashboard", "assets_html", "card_texts", "dashboard_widget",
           "picture_curve"]
