"""Pictures for auto-exchange: wallet balances along a simulated price path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..conversion import AUTO_EXCHANGE_THRESHOLD, Simulation
from . import (
    COLORS,
    legend_below,
    new_axes,
    pad_ticks,
    set_legend_texts,
    steady_limits,
)

#: The picture's size (inches).
SIZE = (9.0, 5.4)


class BalancesPicture:
    """The picture of :func:`plot_balances` on ``ax``, kept so that :meth:`update` can redraw
    another run of the same account in place: every line, marker, band and legend entry exists
    from the first drawing on (an entry with nothing to show says so)."""

    def __init__(self, ax: Any, simulation: Simulation, threshold: Any = AUTO_EXCHANGE_THRESHOLD,
                 interval: int | None = None, path: Sequence[Mapping[str, Any]] | None = None,
                 symbol: str | None = None) -> None:
        self.ax = ax
        self.symbol = symbol if path is not None else None
        new_axes("", "Step", "Balance (USD)", ax)
        assets = simulation.steps[0].account.assets if simulation.steps else ()
        self.lines: dict[str, tuple[Any, Any]] = {}
        for asset in assets:
            color = COLORS.get(asset, COLORS["guide"])
            (wallet,) = ax.plot([], [], "-o", color=color, markersize=4, label=f"{asset} wallet")
            (equity,) = ax.plot([], [], "--", color=color, alpha=0.7, label=f"{asset} equity")
            self.lines[asset] = (wallet, equity)
        self.threshold = ax.axhline(0.0, color=COLORS["liquidation"], linestyle=":", label=" ")
        ax.axhline(0.0, color="black", linewidth=0.8)
        (self.conversions,) = ax.plot([], [], "*", color=COLORS["maintenance"], markersize=16,
                                      zorder=5, label=" ")
        self.band = ax.axvspan(0.0, 0.0, color=COLORS["liquidation"], alpha=0.15, label=" ")
        (self.runs,) = ax.plot([], [], "|", color=COLORS["guide"], markersize=14,
                               markeredgewidth=2, clip_on=False, label="engine runs")
        pad_ticks(ax.yaxis)
        handles, _ = ax.get_legend_handles_labels()
        self.mark = self.twin = None
        if self.symbol is not None:
            self.twin = ax.twinx()
            self.twin.spines["right"].set_visible(True)
            self.twin.grid(False)
            (self.mark,) = self.twin.plot([], [], ":", color=COLORS["guide"], linewidth=2,
                                          label=f"{self.symbol} mark (right axis)")
            self.twin.set_ylabel(f"{self.symbol} mark price")
            pad_ticks(self.twin.yaxis, 6)
            handles.append(self.mark)
        # Below the axes, so that it hides no step.
        self.legend = legend_below(ax, handles, [str(h.get_label()) for h in handles], ncol=3,
                                   offset=0.17)
        self.limits: tuple[float, float] | None = None
        self.mark_limits: tuple[float, float] | None = None
        self.update(simulation, threshold, interval, path)

    @property
    def moving(self) -> list[Any]:
        """The artists :meth:`update` changes (a widget redraws only these)."""
        lines = [line for pair in self.lines.values() for line in pair]
        extra = [self.mark] if self.mark is not None else []
        return [*lines, self.threshold, self.conversions, self.band, self.runs, *extra,
                self.legend, self.ax.title]

    def update(self, simulation: Simulation, threshold: Any = AUTO_EXCHANGE_THRESHOLD,
               interval: int | None = None,
               path: Sequence[Mapping[str, Any]] | None = None) -> None:
        """Show another run (same assets): balances, threshold, conversions, liquidation,
        engine runs and the mark."""
        steps = _steps(simulation)
        low = high = 0.0
        for asset, (wallet_line, equity_line) in self.lines.items():
            wallet = [float(s.account.rates[asset].value(s.account.wallet[asset]))
                      for s in simulation.steps]
            equity = [float(s.account.rates[asset].value(s.summary.asset(asset).margin_balance))
                      for s in simulation.steps]
            wallet_line.set_data(steps, wallet)
            equity_line.set_data(steps, equity)
            low, high = min(low, *wallet, *equity), max(high, *wallet, *equity)
        limit = float(Decimal(str(threshold)))
        self.threshold.set_ydata([limit, limit])
        low, high = min(low, limit), max(high, limit)
        xs, ys = [], []
        for event in simulation.events:
            after = simulation.steps[event.step].account
            xs.append(event.step)
            ys.append(float(after.rates[event.to_asset].value(after.wallet[event.to_asset])))
        self.conversions.set_data(xs, ys)
        liquidated = simulation.liquidated_at
        self.band.set_visible(liquidated is not None)
        if liquidated is not None:
            self.band.set_x(liquidated - 0.4)
            self.band.set_width(0.8)
        pad = (high - low) * 0.08 or 1.0
        self.limits = steady_limits(self.limits, low - pad, high + pad)
        bottom = self.limits[0]
        self.ax.set_ylim(*self.limits)
        self.ax.set_xlim(-0.5, max(steps[-1] if steps else 0, 1) + 0.5)
        runs = [s for s in steps if interval and s % interval == 0]
        self.runs.set_data(runs, [bottom] * len(runs))
        self.runs.set_visible(bool(interval))
        texts = [str(h.get_label()) for h in self.legend.legend_handles]
        names = [f"{a} {kind}" for a in self.lines for kind in ("wallet", "equity")]
        texts[: len(names)] = names
        texts[len(names)] = f"threshold {limit:,.0f} USD"
        count = len(simulation.events)
        texts[len(names) + 1] = (f"conversion ({count})" if count else "conversion (none)")
        texts[len(names) + 2] = (f"liquidation (step {liquidated})" if liquidated is not None
                                 else "liquidation (none)")
        set_legend_texts(self.legend, texts)
        if (self.mark is not None and self.twin is not None and path is not None
                and self.symbol is not None):
            marks = [(i, float(Decimal(str(point[self.symbol]))))
                     for i, point in enumerate(path[: len(simulation.steps)])
                     if self.symbol in point]
            self.mark.set_data([i for i, _ in marks], [m for _, m in marks])
            values = [m for _, m in marks] or [0.0]
            spread = (max(values) - min(values)) * 0.08 or 1.0
            self.mark_limits = steady_limits(self.mark_limits, min(values) - spread,
                                             max(values) + spread)
            self.twin.set_ylim(*self.mark_limits)
        self.ax.set_title("Wallet balances along the price path"
                          + (f" (engine runs every {interval} steps)" if interval else ""))


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
    (grey, dotted). The legend sits under the axes. Returns the figure.
    """
    fig = ax.figure if ax is not None else new_axes("", "", "", size=SIZE)[0]
    BalancesPicture(ax if ax is not None else fig.axes[0], simulation, threshold, interval, path,
                    symbol)
    return fig


def _steps(simulation: Simulation) -> list[int]:
    return [s.step for s in simulation.steps]


__all__ = ["SIZE", "BalancesPicture", "plot_balances"]
