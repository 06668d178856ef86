"""Try it: a BTC fall, the auto-exchange threshold and interval -> balances and conversions."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..conversion import Simulation, describe_event, shock_path, simulate
from ..errors import InvalidInput, MarginError
from ..numeric import usd
from ..plots.conversion import SIZE, BalancesPicture
from ..scenarios import shock_account
from . import CourseWidget, FigureView, int_slider, number_slider, tag


class ConversionWidget(CourseWidget):
    """Re-run :func:`marginlib.simulate` on a falling mark whenever a control moves.

    Controls: ``threshold`` (USD, ml-threshold), ``interval`` (steps, ml-interval), ``shock``
    (the fall in %, ml-shock). Labels: ``status_label`` (ml-conversion-status), ``final_label``
    (ml-final-balances), ``events_label`` (an HTML list, ml-events), ``error_label`` (ml-error);
    the picture is in ``output``; ``simulation`` holds the last run (None after an error).
    """

    def __init__(self, account: Account | None = None, symbol: str = "BTCUSDT",
                 plot: bool = True) -> None:
        self.base = shock_account() if account is None else account
        self.symbol = symbol
        self.plot = plot
        position = next((p for p in self.base.positions if p.symbol == symbol), None)
        self.start = position.mark_price if position is not None else None
        self.simulation: Simulation | None = None
        self.path: list[dict[str, Any]] = []
        self.threshold = number_slider("Threshold (USD)", -10000.0, -20000.0, 0.0, 500.0,
                                       ",.0f")
        self.interval = int_slider("Engine runs every (steps)", 4, 1, 8)
        self.shock = number_slider(f"{symbol} fall (%)", 15.0, 0.0, 60.0, 1.0, ".0f")
        self.status_label = widgets.Label()
        self.final_label = widgets.Label()
        self.events_label = widgets.HTML()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, SIZE, self._first_picture, "<balances>")
                     if plot else None)
        tag((
            (self.threshold, "ml-threshold"), (self.interval, "ml-interval"),
            (self.shock, "ml-shock"), (self.status_label, "ml-conversion-status"),
            (self.final_label, "ml-final-balances"), (self.events_label, "ml-events"),
            (self.error_label, "ml-error"), (self.output, "ml-conversion-plot"),
        ))
        self.assemble([self.threshold, self.interval, self.shock, *self.result_labels,
                          self.error_label, self.output], "ml-conversion-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.threshold, self.interval, self.shock)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.status_label, self.final_label, self.events_label)

    def update(self) -> None:
        """Rebuild the path, re-simulate, and refresh the labels and the picture."""
        try:
            if self.start is None:
                raise InvalidInput("symbol", f"the account has no {self.symbol} position")
            threshold = Decimal(str(self.threshold.value))
            self.path = shock_path(self.symbol, self.start,
                                   Decimal(str(self.shock.value)) / 100)
            run = simulate(self.base, self.path, interval=int(self.interval.value),
                           threshold=threshold)
        except MarginError as error:
            self.simulation = None
            self.refuse("simulate", error)
            return
        self.simulation = run
        self.error_label.value = ""
        count = len(run.events)
        liquidated = run.liquidated_at
        self.status_label.value = (
            f"{count} conversion event{'s' if count != 1 else ''}; "
            + ("no liquidation" if liquidated is None else f"liquidated at step {liquidated}")
        )
        last = run.steps[-1]
        wallets = ", ".join(f"{a} {usd(w)}" for a, w in last.account.wallet.items())
        self.final_label.value = f"Final wallets: {wallets}; equity {usd(last.summary.equity)} USD"
        lines = [describe_event(e) for e in run.events] or ["No conversion."]
        self.events_label.value = "<pre>" + html.escape("\n".join(lines)) + "</pre>"
        if self.picture is not None:
            self.picture.show(run, threshold, int(self.interval.value), self.path)

    def _first_picture(self, figure: Any, run: Simulation, threshold: Decimal, interval: int,
                       path: list[dict[str, Any]]) -> BalancesPicture:
        return BalancesPicture(figure.add_subplot(), run, threshold, interval, path, self.symbol)


def conversion_widget(account: Account | None = None, symbol: str = "BTCUSDT",
                      plot: bool = True) -> ConversionWidget:
    """The auto-exchange simulator, on :func:`marginlib.shock_account` unless ``account`` is
    given."""
    return ConversionWidget(account, symbol, plot=plot)


__all__ = ["ConversionWidget", "conversion_widget"]
