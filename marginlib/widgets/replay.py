"""Try it: walk through the crash replay step by step (or press play), and change its depth."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..conversion import describe_event
from ..errors import MarginError
from ..numeric import usd
from ..replay import Replay, crash_path, holdings, replay
from . import int_slider, redraw, show_error, tag

#: The depth slider (BTC's fall, %), and how the play button walks (steps per tick, ms per tick).
FALL_RANGE = (10, 45)
PLAY_STEP, PLAY_INTERVAL = 3, 400


class ReplayWidget(widgets.VBox):  # type: ignore[misc]
    """The replay of :func:`marginlib.replay.replay`, one step at a time.

    Controls: ``play`` (an ``ipywidgets.Play``, ml-replay-play) linked to ``step`` (the step
    slider, ml-replay-step); ``fall`` (BTC's fall in %, ml-replay-fall: recomputes the replay,
    with ``progress``, an ``IntProgress``, ml-replay-progress). Labels: ``status_label``
    (ml-replay-status: prices and both modes' ratios at the step), ``single_label`` and
    ``multi_label`` (ml-replay-single, ml-replay-multi: each mode's wallets and equity after the
    step), ``key_label`` (ml-replay-key: each mode's liquidation), ``events_label``
    (ml-replay-events: auto-exchange events so far), ``error_label`` (ml-error); the picture is
    in ``output`` (ml-replay-plot).
    ``replay`` holds the current replay.
    """

    def __init__(self, account: Account | None = None, fall: int = 30,
                 plot: bool = True) -> None:
        self.base = account
        self.plot = plot
        self.replay: Replay | None = None
        # Released, not dragged: each depth replays the whole crash.
        self.fall = int_slider("BTC's fall (%)", fall, *FALL_RANGE, continuous=False)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="Replaying",
                                            style={"description_width": "initial"})
        self.play = widgets.Play(value=0, min=0, max=1, step=PLAY_STEP, interval=PLAY_INTERVAL,
                                 description="Play")
        self.step = widgets.IntSlider(
            value=0, min=0, max=1, step=1, description="Step", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="520px"),
        )
        widgets.link((self.play, "value"), (self.step, "value"))
        self.status_label = widgets.Label()
        self.single_label = widgets.Label()
        self.multi_label = widgets.Label()
        self.key_label = widgets.HTML()
        self.events_label = widgets.HTML()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        tag((
            (self.play, "ml-replay-play"), (self.step, "ml-replay-step"),
            (self.fall, "ml-replay-fall"), (self.progress, "ml-replay-progress"),
            (self.status_label, "ml-replay-status"), (self.single_label, "ml-replay-single"),
            (self.multi_label, "ml-replay-multi"), (self.key_label, "ml-replay-key"),
            (self.events_label, "ml-replay-events"), (self.error_label, "ml-error"),
            (self.output, "ml-replay-plot"),
        ))
        super().__init__([
            widgets.HBox([self.fall, self.progress]),
            widgets.HBox([self.play, self.step]),
            *self.result_labels, self.error_label, self.output,
        ])
        self.add_class("ml-replay-widget")
        self.fall.observe(self._recompute, names="value")
        self.step.observe(self._moved, names="value")
        self.recompute()

    @property
    def result_labels(self) -> tuple[widgets.DOMWidget, ...]:
        """Every result label (not the error label), in display order."""
        return (self.status_label, self.single_label, self.multi_label, self.key_label,
                self.events_label)

    def _recompute(self, _change: Any) -> None:
        self.recompute()

    def _moved(self, _change: Any) -> None:
        self.show()

    def _tick(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done

    def recompute(self) -> None:
        """Replay the crash at the slider's depth (the progress bar follows), then show it."""
        self.progress.value = 0
        try:
            path = crash_path(fall=self.fall.value / 100)
            self.replay = replay(self.base, path, progress=self._tick)
        except MarginError as error:
            self.replay = None
            show_error(self.error_label, self.result_labels, f"Cannot replay: {error}")
            return
        self.error_label.value = ""
        last = len(self.replay.path) - 1
        self.step.max = self.play.max = last
        lines = [self.replay.liquidation_line(run.mode) for run in self.replay.runs]
        self.key_label.value = "<b>" + "<br>".join(html.escape(line) for line in lines) + "</b>"
        self.show()

    def show(self) -> None:
        """Refresh the labels (and the picture) at the slider's step."""
        if self.replay is None:
            return
        step = min(int(self.step.value), len(self.replay.path) - 1)
        self.status_label.value = self.replay.step_line(step)
        for label, run in ((self.single_label, self.replay.single),
                           (self.multi_label, self.replay.multi)):
            after = run.simulation.steps[step]
            state = ("liquidated" if run.liquidated_at is not None and run.liquidated_at <= step
                     else "open" if after.account.positions else "no positions")
            label.value = (f"{run.mode}: equity {usd(after.summary.equity)} USD; "
                           f"{holdings(after.account)} ({state})")
        done = [describe_event(e) for e in self.replay.multi.events if e.step <= step]
        self.events_label.value = "<pre>" + html.escape(
            "\n".join(done) or "No auto-exchange yet.") + "</pre>"
        if self.plot:
            redraw(self.output, self._draw)

    def _draw(self) -> Any:
        from ..plots.replay import plot_replay

        assert self.replay is not None
        return plot_replay(self.replay, step=int(self.step.value))


def replay_widget(account: Account | None = None, fall: int = 30,
                  plot: bool = True) -> ReplayWidget:
    """The crash replay to walk through, on :func:`marginlib.replay.replay_account` unless
    ``account`` is given."""
    return ReplayWidget(account, fall, plot=plot)


__all__ = ["FALL_RANGE", "ReplayWidget", "replay_widget"]
