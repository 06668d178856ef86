"""Pictures for the crash replay: prices, both modes' margin ratios and equity, step by step."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..account import MULTI_ASSETS, SINGLE_ASSET
from ..numeric import FloatArray, usd
from ..replay import Replay
from . import COLORS, new_axes

#: Ratios (percent) above this, and the infinite ratio of a non-positive equity, are drawn here.
RATIO_CAP = 150.0

_MODE_COLORS = {SINGLE_ASSET: COLORS["single"], MULTI_ASSETS: COLORS["multi"]}


def _shown_ratios(ratios: Any) -> FloatArray:
    values = np.array([float(r) for r in ratios]) * 100.0
    shown: FloatArray = np.where(np.isfinite(values), np.minimum(values, RATIO_CAP), RATIO_CAP)
    return shown


def plot_replay(replay: Replay, step: int | None = None) -> Any:
    """Three panels over the steps of the replay, sharing the step axis.

    Top: BTC and ETH as % of their first price (the trader's closes dotted). Middle: the margin
    ratio each mode watches (%, cut at 150%; the 100% line dashed), each liquidation marked with
    an x and a band, auto-exchange events with a star. Bottom: account equity (USD) in each mode.
    With ``step`` a vertical line marks that step on every panel. Returns the figure.
    """
    import matplotlib.pyplot as plt

    fig, (prices, ratios, equity) = plt.subplots(
        3, 1, figsize=(10.0, 9.5), sharex=True, layout="constrained",
        gridspec_kw={"height_ratios": [1.0, 1.3, 1.0]},
    )
    fall = replay.path.shape.fall
    fig.suptitle(f"Crash replay: a {fall:.0%} fall and rebound, single-asset vs multi-assets",
                 fontsize=14)
    _draw_prices(prices, replay)
    _draw_ratios(ratios, equity, replay)
    _draw_equity(equity, replay)
    if step is not None:
        _mark_step((prices, ratios, equity), step)
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
                label=f"trader closes {', '.join(symbols)} (step {close_step})")
    ax.legend(loc="lower right", fontsize=9)


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
                       label=f"{run.mode} liquidated: step {at}, "
                             f"BTC {usd(replay.path.btc[at])}")
            equity.axvline(at, color=color, alpha=0.5, linewidth=1.5)
        if run.events:
            event_steps = sorted({e.step for e in run.events})
            ax.plot(event_steps, [shown[s] for s in event_steps], "*",
                    color=COLORS["maintenance"], markersize=16, markeredgecolor="black",
                    zorder=6, label=f"auto-exchange ({run.mode}): step "
                                    f"{', '.join(str(s) for s in event_steps)}")
    ax.set_ylim(0.0, RATIO_CAP + 5)
    ax.legend(loc="upper center", fontsize=9)


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
    ax.legend(loc="lower left", fontsize=9)


def _mark_step(panels: tuple[Any, Any, Any], step: int) -> None:
    """A vertical line at ``step`` on every panel, named in the prices' legend."""
    for ax in panels:
        ax.axvline(step, color="black", linewidth=1.2, alpha=0.8)
    prices = panels[0]
    prices.plot([], [], color="black", label=f"step {step}")
    prices.legend(loc="lower right", fontsize=9)


__all__ = ["RATIO_CAP", "plot_replay"]
