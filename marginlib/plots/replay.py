"""Pictures for the crash replay: prices, both modes' margin ratios and equity, step by step."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..account import MULTI_ASSETS, SINGLE_ASSET
from ..numeric import FloatArray, usd
from ..replay import Replay
from . import COLORS, course_figure, legend_right, new_axes, pad_ticks

#: Ratios (percent) above this, and the infinite ratio of a non-positive equity, are drawn here.
RATIO_CAP = 150.0

#: The notebook's three panels, and the widget's two (inches): the widget's controls and its
#: picture fit on one screen at 1366 x 768.
SIZE = (9.5, 8.6)
COMPACT_SIZE = (9.5, 4.1)

_MODE_COLORS = {SINGLE_ASSET: COLORS["single"], MULTI_ASSETS: COLORS["multi"]}


def _shown_ratios(ratios: Any) -> FloatArray:
    values = np.array([float(r) for r in ratios]) * 100.0
    shown: FloatArray = np.where(np.isfinite(values), np.minimum(values, RATIO_CAP), RATIO_CAP)
    return shown


class ReplayPicture:
    """The replay on ``figure``: three panels (prices, ratios, equity) or, ``compact``, two
    side by side (ratios, equity; the prices are in the widget's status line). The replay is
    drawn once; :meth:`update` moves only the step line (a new depth is a new picture)."""

    def __init__(self, figure: Any, replay: Replay, step: int | None = None,
                 compact: bool = False) -> None:
        self.replay = replay
        fall = replay.path.shape.fall
        if compact:
            ratios, equity = figure.subplots(1, 2, sharex=True)
            panels: tuple[Any, ...] = (ratios, equity)
            figure.suptitle(f"Crash replay, a {fall:.0%} fall: single-asset vs multi-assets")
        else:
            prices, ratios, equity = figure.subplots(
                3, 1, sharex=True, gridspec_kw={"height_ratios": [1.0, 1.3, 1.0]})
            panels = (prices, ratios, equity)
            figure.suptitle(f"Crash replay: a {fall:.0%} fall and rebound, single-asset vs "
                            "multi-assets")
            _draw_prices(prices, replay)
        _draw_ratios(ratios, equity, replay)
        _draw_equity(equity, replay)
        if compact:
            ratios.set_xlabel("Step")
        self.lines = [ax.axvline(0.0, color="black", linewidth=1.2, alpha=0.8) for ax in panels]
        self.step_entry = panels[0].plot([], [], color="black", label=" ")[0]
        if compact:
            handles, labels = ratios.get_legend_handles_labels()
            more, names = equity.get_legend_handles_labels()
            self.legend = figure.legend([*handles, *more], [*labels, *names],
                                        loc="outside lower center", ncol=3, frameon=False)
        else:
            for ax in (ratios, equity):
                legend_right(ax)
            self.legend = legend_right(panels[0])
        # The step's entry is the one drawn with the label " " (filled in by update).
        self.step_index = [t.get_text() for t in self.legend.get_texts()].index(" ")
        self.update(step)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        return [*self.lines, self.legend]

    def update(self, step: int | None) -> None:
        """Mark ``step`` on every panel (None: no step marked)."""
        for line in self.lines:
            line.set_visible(step is not None)
            if step is not None:
                line.set_xdata([step, step])
        self.legend.get_texts()[self.step_index].set_text(
            "no step marked" if step is None else f"step {step}")


def plot_replay(replay: Replay, step: int | None = None) -> Any:
    """Three panels over the steps of the replay, sharing the step axis.

    Top: BTC and ETH as % of their first price (the trader's closes dotted). Middle: the margin
    ratio each mode watches (%, cut at 150%; the 100% line dashed), each liquidation marked with
    an x and a band, auto-exchange events with a star. Bottom: account equity (USD) in each mode.
    With ``step`` a vertical line marks that step on every panel. Legends sit to the right of
    the panels. Returns the figure.
    """
    fig = course_figure(SIZE)
    ReplayPicture(fig, replay, step)
    return fig


def _draw_prices(ax: Any, replay: Replay) -> None:
    """BTC and ETH as % of their first price, and the trader's closes (dotted)."""
    btc, eth = replay.path.arrays()
    steps = np.arange(len(btc))
    new_axes("Prices", "", "Price (% of step 0)", ax)
    ax.plot(steps, btc / btc[0] * 100, color=COLORS["BTC"], label="BTC (BTCUSDT mark)")
    ax.plot(steps, eth / eth[0] * 100, color=COLORS["ETH"], label="ETH (ETHUSDT mark)")
    for close_step, symbols in replay.closes.items():
        ax.axvline(close_step, color=COLORS["guide"], linestyle=":", linewidth=1.5)
        ax.plot([], [], color=COLORS["guide"], linestyle=":",
                label=f"trader closes {', '.join(symbols)}\n(step {close_step})")


def _draw_ratios(ax: Any, equity: Any, replay: Replay) -> None:
    """Each mode's watched ratio, its liquidation (an x and a band, and a line on the
    ``equity`` panel) and its auto-exchange events (stars)."""
    steps = np.arange(len(replay.path))
    new_axes("Margin ratio the exchange watches", "", "Margin ratio (%)", ax)
    ax.axhline(100.0, color=COLORS["liquidation"], linestyle="--", linewidth=1.5,
               label="100%: liquidation")
    for run in replay.runs:
        color = _MODE_COLORS[run.mode]
        shown = _shown_ratios(run.ratios)
        ax.plot(steps, shown, color=color, linewidth=2, label=f"{run.mode} mode")
        at = run.liquidated_at
        if at is not None:
            ax.plot([at], [shown[at]], "X", color=COLORS["liquidation"], markersize=12,
                    markeredgecolor="black", zorder=5)
            ax.axvspan(at - 0.5, at + 0.5, color=color, alpha=0.25,
                       label=f"{run.mode} liquidated:\nstep {at}, BTC {usd(replay.path.btc[at])}")
            equity.axvline(at, color=color, alpha=0.5, linewidth=1.5)
        if run.events:
            event_steps = sorted({e.step for e in run.events})
            ax.plot(event_steps, [shown[s] for s in event_steps], "*",
                    color=COLORS["maintenance"], markersize=16, markeredgecolor="black",
                    zorder=6, label=f"auto-exchange ({run.mode}):\nstep "
                                    f"{', '.join(str(s) for s in event_steps)}")
    ax.set_ylim(0.0, RATIO_CAP + 5)


def _draw_equity(ax: Any, replay: Replay) -> None:
    """Account equity (USD) in each mode, and where each ends."""
    count = len(replay.path)
    steps = np.arange(count)
    new_axes("Account equity", "Step", "Equity (USD)", ax)
    for run in replay.runs:
        values = [float(run.equity(i)) for i in range(count)]
        ax.plot(steps, values, color=_MODE_COLORS[run.mode], linewidth=2,
                label=f"{run.mode}: ends at {usd(run.equity(count - 1))} USD")
    ax.axhline(0.0, color="black", linewidth=0.8)
    pad_ticks(ax.yaxis)


__all__ = ["COMPACT_SIZE", "RATIO_CAP", "SIZE", "ReplayPicture", "plot_replay"]
