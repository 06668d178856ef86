"""Try it: move the BTC and ETH marks, compare single-asset and multi-assets mode on the same
positions, and see which mode liquidates."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..errors import MarginError
from ..modes import ModeComparison, compare_modes, ratio_text
from ..plots.modes import SIZE, ModeRatiosPicture
from ..scenarios import scenario
from . import CourseWidget, FigureView, mark_sliders, tag


def _first_bars(figure: Any, account: Account, title: str) -> ModeRatiosPicture:
    return ModeRatiosPicture(figure.add_subplot(), account, title=title)


class ModesWidget(CourseWidget):
    """BTC and ETH mark sliders over one account, evaluated in both modes.

    Controls: ``btc_mark`` (ml-btc-mark), ``eth_mark`` (ml-eth-mark).
    Labels: ``ratio_multi_label`` (ml-ratio-multi: the pooled ratio), ``ratio_single_label``
    (ml-ratio-single: each asset's own ratio), ``verdict_label`` (ml-verdict: which mode
    liquidates), ``error_label`` (ml-error); the grouped-bar picture is in ``output``
    (ml-modes-plot).
    ``comparison`` holds both modes' exact figures at the current marks (None after an error).
    """

    def __init__(self, account: Account | None = None, btc_symbol: str = "BTCUSDT",
                 eth_symbol: str = "ETHBUSD", plot: bool = True) -> None:
        self.base = scenario(3) if account is None else account
        self.btc_symbol = btc_symbol
        self.eth_symbol = eth_symbol
        self.plot = plot
        self.account: Account | None = None
        self.comparison: ModeComparison | None = None
        self.btc_mark, self.eth_mark = mark_sliders(self.base, btc_symbol, eth_symbol)
        self.ratio_multi_label = widgets.Label()
        self.ratio_single_label = widgets.Label()
        self.verdict_label = widgets.Label()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, SIZE, _first_bars, "<both modes>")
                     if plot else None)
        tag((
            (self.btc_mark, "ml-btc-mark"), (self.eth_mark, "ml-eth-mark"),
            (self.ratio_multi_label, "ml-ratio-multi"),
            (self.ratio_single_label, "ml-ratio-single"),
            (self.verdict_label, "ml-verdict"), (self.error_label, "ml-error"),
            (self.output, "ml-modes-plot"),
        ))
        results = widgets.VBox([*self.result_labels, self.error_label])
        self.assemble([widgets.HBox([widgets.VBox([self.btc_mark, self.eth_mark]), results]),
                       self.output], "ml-modes-widget")

    @property
    def controls(self) -> tuple[widgets.DOMWidget, ...]:
        """Every input control, in display order."""
        return (self.btc_mark, self.eth_mark)

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.ratio_multi_label, self.ratio_single_label, self.verdict_label)

    def update(self) -> None:
        """Recompute both modes (and the picture) at the sliders' marks."""
        try:
            account = self.base.with_marks({self.btc_symbol: str(self.btc_mark.value),
                                            self.eth_symbol: str(self.eth_mark.value)})
            comparison = compare_modes(account)
        except MarginError as error:
            self.account = self.comparison = None
            self.refuse("compute", error)
            return
        self.account, self.comparison = account, comparison
        self.error_label.value = ""
        self.ratio_multi_label.value = (
            f"Multi-assets (pooled): {ratio_text(comparison.pooled_ratio)}")
        self.ratio_single_label.value = "Single-asset: " + ", ".join(
            f"{a} {ratio_text(comparison.single_ratio(a))}" for a in comparison.assets
        )
        self.verdict_label.value = comparison.verdict()
        if self.picture is not None:
            self.picture.show(account, self._title())

    def _title(self) -> str:
        return (f"Both modes at {self.btc_symbol} {self.btc_mark.value:,.0f}, "
                f"{self.eth_symbol} {self.eth_mark.value:,.0f}")


def modes_widget(account: Account | None = None, plot: bool = True) -> ModesWidget:
    """Single-asset against multi-assets mode, on the guide's Scenario 3 unless ``account``."""
    return ModesWidget(account, plot=plot)


__all__ = ["ModesWidget", "modes_widget"]
