"""Widget factories of the course (ipywidgets). Imported only when a widget is built.

Each factory returns a container whose controls are reachable as attributes, so a test (or a
student) can set ``.value`` and read the result. Names: a control is named after what it sets
(``btc_mark``); every text output ends in ``_label`` (``ratio_label``, ``error_label``; a dict
of them in ``_labels``, e.g. ``asset_labels["USDT"]``), and ``result_labels`` lists a widget's
result labels in display order. A figure is rendered to PNG and replaces the
``Output``'s content in one assignment (:func:`show_png`), so a moving slider never flickers.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..modes import ratio_text
from ..numeric import usd
from ..summary import AccountSummary


def show_png(output: widgets.Output, png: bytes, text: str = "<figure>") -> None:
    """Make ``output`` show the PNG image ``png`` (and nothing else), in one step.

    The outputs are set directly, not captured with ``with output: display(...)``: a capture
    while a cell runs makes a headless executor (Voila, nbclient) send a message on the
    kernel's shell socket while it waits on that socket for the cell's reply, and the reply is
    then sometimes never seen: the page, or the notebook run, hangs. One assignment also
    replaces the old picture atomically, which is what ``clear_output(wait=True)`` is for.
    """
    output.outputs = ({
        "output_type": "display_data", "metadata": {},
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text},
    },)


def clear(output: widgets.Output) -> None:
    """Empty ``output`` (same reason as :func:`show_png` for not using ``clear_output``)."""
    output.outputs = ()


def redraw(output: widgets.Output, draw: Callable[[], Any]) -> None:
    """Replace ``output``'s figure with ``draw()``'s, without flicker, and free the figure."""
    import matplotlib.pyplot as plt

    fig = draw()
    try:
        buffer = io.BytesIO()
        # As the inline backend shows a figure in a notebook: tight box, the figure's dpi.
        fig.savefig(buffer, format="png", bbox_inches="tight")
        show_png(output, buffer.getvalue(), repr(fig))
    finally:
        plt.close(fig)


def number_slider(description: str, value: float, low: float, high: float, step: float,
                  fmt: str = ".2f") -> widgets.FloatSlider:
    """A float slider that updates while dragged, wide enough to read its label."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=fmt, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
    )


#: The mark sliders of an account's BTC and ETH contracts: (low, high, step), and the mark they
#: start at when the account holds no such position (the guide's Scenario 3).
BTC_MARKS, BTC_START = (10000.0, 30000.0, 50.0), 19000.0
ETH_MARKS, ETH_START = (300.0, 900.0, 5.0), 620.0


def mark_sliders(account: Any, btc_symbol: str,
                 eth_symbol: str) -> tuple[widgets.FloatSlider, widgets.FloatSlider]:
    """Two mark sliders, for ``account``'s ``btc_symbol`` and ``eth_symbol`` positions, each at
    the position's present mark: 10,000 to 30,000 by 50 and 300 to 900 by 5."""
    marks = {p.symbol: float(p.mark_price) for p in account.positions}
    return (number_slider(f"{btc_symbol} mark", marks.get(btc_symbol, BTC_START),
                          *BTC_MARKS, ",.0f"),
            number_slider(f"{eth_symbol} mark", marks.get(eth_symbol, ETH_START),
                          *ETH_MARKS, ",.0f"))


def int_slider(description: str, value: int, low: int, high: int,
               continuous: bool = True) -> widgets.IntSlider:
    """An integer slider (leverage, steps) styled like :func:`number_slider`; with
    ``continuous=False`` it reports only where it is released (a costly recomputation)."""
    return widgets.IntSlider(
        value=value, min=low, max=high, step=1, description=description,
        continuous_update=continuous, style={"description_width": "initial"},
        layout=widgets.Layout(width="420px"),
    )


def slider_decimal(value: float) -> Decimal:
    """A control's value as an exact Decimal: its shortest float text, rid of float noise.

    A slider moved in the browser can send 0.30000000000000004 for 0.3; rounding to 8
    decimals gives back the number the student sees (0.3). Whole numbers keep no decimals.
    """
    number = round(Decimal(repr(float(value))), 8)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def show_error(error_label: widgets.Label, labels: Iterable[widgets.DOMWidget],
               message: str) -> None:
    """Say ``message`` in ``error_label`` and empty every result label in ``labels``: a refused
    input says why, and no figure of the last good input stays on screen beside it."""
    error_label.value = message
    for label in labels:
        label.value = ""


def ratio_line(summary: AccountSummary) -> str:
    """"Margin ratio: 47.98%", with "(liquidation)" from 100% on (the ratio's text is
    :func:`marginlib.modes.ratio_text`)."""
    return f"Margin ratio: {ratio_text(summary.margin_ratio)}"


def available_line(summary: AccountSummary) -> str:
    """"Available for new orders: 76.53 USD", flagged when negative."""
    blocked = " (negative: no new orders)" if summary.available < 0 else ""
    return f"Available for new orders: {usd(summary.available)} USD{blocked}"


def asset_equity_line(account: Account, summary: AccountSummary, asset: str) -> str:
    """"USDT equity: 200.00 USDT = 196.02 USD (buy rate)": an asset's equity and its USD value."""
    row = summary.asset(asset)
    which = "sell" if row.margin_balance < 0 else "buy"
    worth = account.rates[asset].value(row.margin_balance)
    return f"{asset} equity: {usd(row.margin_balance)} {asset} = {usd(worth)} USD ({which} rate)"


def tag(pairs: tuple[tuple[widgets.DOMWidget, str], ...]) -> None:
    """Give each widget its CSS class (``ml-...``), by which the browser tests find it."""
    for widget, name in pairs:
        widget.add_class(name)
