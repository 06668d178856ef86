"""Widget factories of the course (ipywidgets). Imported only when a widget is built.

Each factory returns a container whose controls are reachable as attributes, so a test (or a
student) can set ``.value`` and read the result. Every widget is a :class:`CourseWidget`: the
engine computes, the widget reads its ``controls``, writes its ``result_labels`` and, when the
engine refuses, says why in one line. Names: a control is named after what it sets
(``btc_mark``); every text output ends in ``_label`` (``ratio_label``, ``error_label``; a dict
of them in ``_labels``, e.g. ``asset_labels["USDT"]``), and ``result_labels`` lists a widget's
result labels in display order. A figure is rendered to PNG and replaces the
``Output``'s content in one assignment (:func:`show_png`), so a moving slider never flickers.
"""

from __future__ import annotations

import base64
import html
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

    The picture goes out as an HTML ``<img>`` whose ``alt`` is ``text`` (what the picture
    shows, for a screen reader), with the text alone for renderers without HTML.

    The outputs are set directly, not captured with ``with output: display(...)``: a capture
    while a cell runs makes a headless executor (Voila, nbclient) send a message on the
    kernel's shell socket while it waits on that socket for the cell's reply, and the reply is
    then sometimes never seen: the page, or the notebook run, hangs. One assignment also
    replaces the old picture atomically, which is what ``clear_output(wait=True)`` is for.
    """
    encoded = base64.b64encode(png).decode("ascii")
    output.outputs = ({
        "output_type": "display_data", "metadata": {},
        "data": {
            "text/html": f'<img src="data:image/png;base64,{encoded}" '
                         f'alt="{html.escape(text, quote=True)}">',
            "text/plain": text,
        },
    },)


def clear(output: widgets.Output) -> None:
    """Empty ``output`` (same reason as :func:`show_png` for not using ``clear_output``)."""
    output.outputs = ()


class FigureView:
    """One matplotlib figure of a widget, drawn once and then updated in place.

    The figure is a ``matplotlib.figure.Figure`` outside pyplot (the inline backend never shows
    it, nothing leaks). ``make(figure, *data)`` draws the first picture and returns the drawing
    object (a ``...Picture`` of :mod:`marginlib.plots`); later calls of :meth:`show` pass the new
    data to its ``update(*data)``, which changes artists (``set_data``, ``set_height``, texts),
    never the figure. The layout is solved once, by the first render (constrained layout), then
    frozen: no re-layout and no tight bounding box per move.

    A render draws only what moves: the picture lists its changing artists in ``moving``; the
    rest (axes, ticks, labels, colour bars) is drawn once into a background that each render
    restores, then the moving artists are drawn on top, in z-order. The background is drawn
    again only when the frame changes (axis limits, scales, labels or positions). Each render
    replaces the ``Output``'s picture in one assignment (:func:`show_png`); ``renders`` counts
    the renders and ``backgrounds`` the full drawings (for tests and benchmarks).
    """

    def __init__(self, output: widgets.Output, size: tuple[float, float],
                 make: Callable[..., Any], text: str = "<figure>") -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .. import plots

        self.output = output
        # A course figure: its first draw lays it out in two passes (see CourseFigure.draw).
        self.figure = plots.CourseFigure(figsize=size, dpi=plots.DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.make = make
        self.text = text
        self.drawing: Any = None
        self.frozen = False
        self.png = b""
        self.renders = 0
        self.backgrounds = 0
        self._background: Any = None
        self._frame: tuple[Any, ...] = ()

    def show(self, *data: Any) -> None:
        """Draw ``data`` (the first time) or update the picture to it, then render."""
        if self.drawing is None:
            self.drawing = self.make(self.figure, *data)
        else:
            self.drawing.update(*data)
        self.render()

    def frame(self) -> tuple[Any, ...]:
        """What the background shows that a move may change: each axes' position, limits,
        scales and axis labels."""
        return tuple(
            (tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(), ax.get_xscale(),
             ax.get_yscale(), ax.get_xlabel(), ax.get_ylabel(), ax.get_visible())
            for ax in self.figure.axes)

    def render(self) -> None:
        """Render the figure to PNG (at its own size) and show it in ``output``."""
        moving = sorted(getattr(self.drawing, "moving", ()), key=lambda a: a.get_zorder())
        for artist in moving:
            artist.set_animated(True)  # left out of the background
        if self._background is None or self.frame() != self._frame:
            self.canvas.draw()
            # Solved once; from now on artists move inside a fixed frame.
            self.figure.set_layout_engine("none")
            self.frozen = True
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._frame = self.frame()
            self.backgrounds += 1
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in moving:
            if artist.get_visible() and artist.figure is not None:
                artist.draw(renderer)
        self.png = _png(self.canvas)
        self.renders += 1
        show_png(self.output, self.png, self.describe())

    def describe(self) -> str:
        """What the picture shows, in words (its ``alt`` text): the titles, then the legends'
        entries."""
        from matplotlib.legend import Legend

        figure = self.figure
        parts = [figure.get_suptitle()] if figure.get_suptitle() else []
        parts += [ax.get_title() for ax in figure.axes if ax.get_title()]
        legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes)]
        parts += [text.get_text().replace("\n", " ") for legend in legends
                  if isinstance(legend, Legend) and legend.get_visible()
                  for text in legend.get_texts() if text.get_text().strip()]
        return ". ".join(parts) or self.text

    def reset(self) -> None:
        """Start over: an empty figure, drawn afresh (and laid out again) by the next
        :meth:`show`. For a change of structure, such as a new replay, not for a move."""
        self.figure.clear()
        self.figure.set_layout_engine("constrained")
        self.drawing = None
        self.frozen = False
        self._background = None


def _png(canvas: Any) -> bytes:
    """The canvas's pixels as PNG (light compression: a picture per slider step)."""
    from PIL import Image

    from .. import plots

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1, dpi=(plots.DPI, plots.DPI))
    return buffer.getvalue()


class StoredPicture:
    """A mixin for the course's widgets: their display also carries their picture (PNG) and a
    one-line text, beside the widget view.

    A notebook opened before it runs is untrusted, and JupyterLab then renders no widget view
    (the saved widget state included) but the safe types of the output: without this, the
    widget's long ``repr`` text; with it, the picture as it was when the notebook ran.
    """

    picture: FigureView | None

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        name = type(self).__name__
        data["text/plain"] = f"{name}: run the notebook to use its controls"
        if self.picture is not None and self.picture.png:
            data["image/png"] = base64.b64encode(self.picture.png).decode("ascii")
        return data



class CourseWidget(StoredPicture, widgets.VBox):  # type: ignore[misc]
    """The shape every course widget shares, the model kept apart from the view (as in the
    ipywidgets tutorial): the engine computes, the widget reads its controls and writes labels.

    A subclass builds its controls, labels and picture, then calls :meth:`assemble` with its
    layout. It lists its inputs in ``controls`` (a change to any of them recomputes), its
    outputs in ``result_labels``, and recomputes in ``update``; when the engine refuses, it
    calls :meth:`refuse`, which says why in ``error_label`` and empties every result.
    """

    error_label: widgets.Label

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return ()

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return ()

    def update(self) -> None:
        """Recompute every result for the controls' values."""
        raise NotImplementedError

    def assemble(self, children: Iterable[widgets.DOMWidget], css_class: str) -> None:
        """Show ``children``, give the widget its CSS class (by which the browser tests find
        it), recompute whenever a control changes, and compute once now."""
        super().__init__(list(children))
        self.add_class(css_class)
        for control in self.controls:
            control.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: Any) -> None:
        self.update()

    def refuse(self, doing: str, error: Exception) -> None:
        """"Cannot compute: <why>" in ``error_label`` (``doing`` is the verb), every result
        emptied (:func:`show_error`)."""
        show_error(self.error_label, self.result_labels, f"Cannot {doing}: {error}")

def equity_bar_view(output: widgets.Output) -> FigureView:
    """The equity bar (:class:`marginlib.plots.margin.MarginSplitPicture`) of an account's
    summary, in ``output``: shared by the live-account and the positions widgets."""
    from ..plots.margin import SIZE, MarginSplitPicture

    return FigureView(output, SIZE,
                      lambda figure, summary: MarginSplitPicture(figure.add_subplot(), summary),
                      "<equity bar>")


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
    row, rate = summary.asset(asset), account.rates[asset]
    worth, which = rate.value(row.margin_balance), rate.rate_name(row.margin_balance)
    return f"{asset} equity: {usd(row.margin_balance)} {asset} = {usd(worth)} USD ({which} rate)"


def tag(pairs: tuple[tuple[widgets.DOMWidget, str], ...]) -> None:
    """Give each widget its CSS class (``ml-...``), by which the browser tests find it."""
    for widget, name in pairs:
        widget.add_class(name)
