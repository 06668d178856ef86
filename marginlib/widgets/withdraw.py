"""Try it: borrowing, interest, a bonus, realized PnL and a position size -> the three
terms of the maximum withdrawable amount, and which one binds."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..errors import InvalidInput, MarginError
from ..numeric import usd
from ..plots.withdraw import SIZE, WithdrawTermsPicture
from ..scenarios import scenario
from ..withdraw import WithdrawBreakdown, withdraw_breakdown
from . import CourseWidget, FigureView, number_slider, tag

#: One width for every control's description, so that the boxes line up.
LABEL_WIDTH = "150px"
STYLE = {"description_width": LABEL_WIDTH}


def _amount_box(description: str) -> widgets.FloatText:
    return widgets.FloatText(value=0.0, step=10.0, description=description, style=STYLE,
                             layout=widgets.Layout(width="290px"))


def _first_terms(figure: Any, breakdown: WithdrawBreakdown) -> WithdrawTermsPicture:
    return WithdrawTermsPicture(figure.add_subplot(), breakdown)


class WithdrawWidget(CourseWidget):
    """The guide's maximum-withdrawable formula, term by term, on an editable account.

    Controls: ``asset`` (whose borrowing etc. the boxes hold, ml-asset), ``borrowed``
    (ml-borrowed), ``interest`` (ml-interest), ``bonus`` (ml-bonus), ``realized_pnl``
    (ml-realized-pnl: a realized result booked in ``asset``; it lands in the wallet, as on the
    exchange, through :meth:`marginlib.Account.with_realized`), ``size`` (the position's size;
    0 closes it, ml-size).
    Labels: ``term_labels`` (the three terms, ml-term1..3), ``binding_label`` (ml-binding),
    ``maximum_label`` (ml-max-withdraw), ``asset_labels[asset]`` (ml-max-usdt, ml-max-busd,
    ...),
    ``error_label`` (ml-error); the bar chart is in ``output``; ``breakdown`` holds the last result
    (None after an error).
    """

    def __init__(self, account: Account | None = None, symbol: str = "BTCUSDT",
                 plot: bool = True) -> None:
        self.base = scenario(2) if account is None else account
        self.symbol = symbol
        self.plot = plot
        self.breakdown: WithdrawBreakdown | None = None
        self.account: Account | None = None
        self.template = next((p for p in self.base.positions if p.symbol == symbol), None)
        size = float(self.template.size) if self.template is not None else 0.0
        self.asset = widgets.Dropdown(options=list(self.base.assets), value=self.base.assets[0],
                                      description="Amounts in", style=STYLE,
                                      layout=widgets.Layout(width="290px"))
        self.borrowed = _amount_box("Borrowed")
        self.interest = _amount_box("Interest")
        self.bonus = _amount_box("Bonus (gift funds)")
        self.realized_pnl = _amount_box("Realized PnL")
        self.size = number_slider(f"{symbol} size", size, -2.0, 2.0, 0.05, ".2f")
        self.size.style.description_width = LABEL_WIDTH
        self.term_labels = (widgets.Label(), widgets.Label(), widgets.Label())
        self.binding_label = widgets.Label()
        self.maximum_label = widgets.Label()
        self.asset_labels = {a: widgets.Label() for a in self.base.assets}
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, SIZE, _first_terms, "<withdrawal terms>")
                     if plot else None)
        tag((
            (self.asset, "ml-asset"), (self.borrowed, "ml-borrowed"),
            (self.interest, "ml-interest"), (self.bonus, "ml-bonus"),
            (self.realized_pnl, "ml-realized-pnl"), (self.size, "ml-size"),
            *((label, f"ml-term{i}") for i, label in enumerate(self.term_labels, start=1)),
            (self.binding_label, "ml-binding"), (self.maximum_label, "ml-max-withdraw"),
            (self.error_label, "ml-error"), (self.output, "ml-withdraw-plot"),
        ))
        for asset, label in self.asset_labels.items():
            label.add_class(f"ml-max-{asset.lower()}")
        controls = widgets.VBox([self.asset, self.borrowed, self.interest, self.bonus,
                                 self.realized_pnl, self.size])
        results = widgets.VBox([*self.result_labels, self.error_label])
        self.assemble([widgets.HBox([controls, results]), self.output], "ml-withdraw-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.asset, self.borrowed, self.interest, self.bonus, self.realized_pnl, self.size)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (*self.term_labels, self.binding_label, self.maximum_label,
                *self.asset_labels.values())

    def _account(self) -> Account:
        """The base account with the boxes' amounts (in ``asset``), the realized result booked
        into its wallet, and the position's size."""
        asset = self.asset.value

        def amount(box: widgets.FloatText) -> dict[str, Decimal]:
            return {asset: Decimal(str(box.value))}

        size = Decimal(str(self.size.value))
        others = tuple(p for p in self.base.positions if p.symbol != self.symbol)
        if size == 0:
            positions = others
        elif self.template is None:
            raise InvalidInput("size", f"the account has no {self.symbol} position to resize")
        else:
            positions = (replace(self.template, size=size), *others)
        account = replace(self.base, positions=positions, borrowed=amount(self.borrowed),
                          interest=amount(self.interest), bonus=amount(self.bonus))
        # Realized P&L is part of the wallet balance: book it there, not beside it.
        return account.with_realized(amount(self.realized_pnl))

    def update(self) -> None:
        """Recompute the three terms, the binding one and the per-asset maximums."""
        try:
            account = self._account()
            result = withdraw_breakdown(account)
        except MarginError as error:
            self.account = self.breakdown = None
            self.refuse("compute", error)
            return
        self.account, self.breakdown = account, result
        self.error_label.value = ""
        # The breakdown's own text, rounded to the cent for the screen.
        for label, line in zip(self.term_labels, result.term_lines(usd), strict=True):
            label.value = line
        self.binding_label.value = result.binding_line()
        self.maximum_label.value = result.maximum_line(usd)
        for asset, label in self.asset_labels.items():
            label.value = result.asset_line(asset, usd)
        if self.picture is not None:
            self.picture.show(result)


def withdraw_widget(account: Account | None = None, symbol: str = "BTCUSDT",
                    plot: bool = True) -> WithdrawWidget:
    """The maximum-withdrawable explorer, on the guide's Scenario 2 unless ``account`` is given."""
    return WithdrawWidget(account, symbol, plot=plot)


__all__ = ["WithdrawWidget", "withdraw_widget"]
