"""Pictures for auto-exchange: wallet balances along a simulated price path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..conversion import AUTO_EXCHANGE_THRESHOLD, Simulation
from . import COLORS, new_axes


def plot_balances(
    simulation: Simulation,
    threshold: Any = AUTO_EXCHANGE_THRESHOLD,
    interval: int | None = None,
    path: Sequence[Mapping[str, Any]] | None = None,
    symbol: str | None = None,
    ax: Any = None,
) -> Any:
    """Each asset's wallet balance (solid) and equity (dashed), in USD, step by step.

    Balances are valued as the account values them (buy rate if positive, sell rate if
    negative), so they compare with ``threshold`` (USD, dotted line). Conversion events are
    marked with a star on the receiving asset's balance, a liquidation with a red band; with
    ``interval`` the steps at which the auto-exchange engine runs are ticked along the bottom.
    With ``path`` and ``symbol``, the path's mark price of ``symbol`` is drawn on a second axis
    (grey, dotted). Returns the figure.
    """
    own_figure = ax is None
    fig, ax = new_axes(
        "Wallet balances along the price path"
        + (f" (engine runs every {interval} steps)" if interval else ""),
        "Step",
        "Balance (USD)",
        ax,
    )
    if own_figure:
        fig.set_size_inches(9.0, 5.5)  # room for the legend below the axes
    _draw_balances(ax, simulation)
    _draw_threshold(ax, threshold)
    _mark_conversions(ax, simulation)
    _mark_liquidation(ax, simulation)
    if interval:
        _tick_engine_runs(ax, simulation, interval)
    handles, labels = ax.get_legend_handles_labels()
    if path is not None and symbol is not None:
        more, names = _draw_mark_axis(ax, simulation, path, symbol)
        handles, labels = handles + more, labels + names
    # Below the axes, so that it hides no step.
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=9,
              ncol=4, frameon=False)
    return fig


def _steps(simulation: Simulation) -> list[int]:
    return [s.step for s in simulation.steps]


def _draw_balances(ax: Any, simulation: Simulation) -> None:
    """Each asset's wallet (solid, dots) and equity (dashed), valued in USD."""
    assets = simulation.steps[0].account.assets if simulation.steps else ()
    for asset in assets:
        color = COLORS.get(asset, COLORS["guide"])
        wallet = [float(s.account.rates[asset].value(s.account.wallet[asset]))
                  for s in simulation.steps]
        equity = [float(s.account.rates[asset].value(s.summary.asset(asset).margin_balance))
                  for s in simulation.steps]
        ax.plot(_steps(simulation), wallet, "-o", color=color, markersize=4,
                label=f"{asset} wallet")
        ax.plot(_steps(simulation), equity, "--", color=color, alpha=0.7,
                label=f"{asset} equity")


def _draw_threshold(ax: Any, threshold: Any) -> None:
    """The auto-exchange threshold (dotted) and the zero line."""
    ax.axhline(float(Decimal(str(threshold))), color=COLORS["liquidation"], linestyle=":",
               label=f"threshold {float(Decimal(str(threshold))):,.0f} USD")
    ax.axhline(0.0, color="black", linewidth=0.8)


def _mark_conversions(ax: Any, simulation: Simulation) -> None:
    """A star on the receiving asset's balance at each conversion."""
    events = simulation.events
    if not events:
        return
    xs, ys = [], []
    for event in events:
        after = simulation.steps[event.step].account
        xs.append(event.step)
        ys.append(float(after.rates[event.to_asset].value(after.wallet[event.to_asset])))
    ax.plot(xs, ys, "*", color=COLORS["maintenance"], markersize=16, zorder=5,
            label="conversion")


def _mark_liquidation(ax: Any, simulation: Simulation) -> None:
    """A red band at the liquidation step, if there is one."""
    liquidated = simulation.liquidated_at
    if liquidated is not None:
        ax.axvspan(liquidated - 0.4, liquidated + 0.4, color=COLORS["liquidation"], alpha=0.15,
                   label=f"liquidation (step {liquidated})")


def _tick_engine_runs(ax: Any, simulation: Simulation, interval: int) -> None:
    """A tick along the bottom at each step the auto-exchange engine runs."""
    runs = [s for s in _steps(simulation) if s % interval == 0]
    low = ax.get_ylim()[0]
    ax.plot(runs, [low] * len(runs), "|", color=COLORS["guide"], markersize=14,
            markeredgewidth=2, clip_on=False, label="engine runs")


def _draw_mark_axis(ax: Any, simulation: Simulation, path: Sequence[Mapping[str, Any]],
                    symbol: str) -> tuple[list[Any], list[str]]:
    """``symbol``'s mark along ``path`` on a second axis; returns its legend entries."""
    twin = ax.twinx()
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    marks = [(i, float(Decimal(str(point[symbol]))))
             for i, point in enumerate(path[: len(simulation.steps)]) if symbol in point]
    twin.plot([i for i, _ in marks], [m for _, m in marks], ":", color=COLORS["guide"],
              linewidth=2, label=f"{symbol} mark (right axis)")
    twin.set_ylabel(f"{symbol} mark price")
    handles, labels = twin.get_legend_handles_labels()
    return list(handles), list(labels)


__all__ = ["plot_balances"]
