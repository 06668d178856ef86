"""Try it: walk through the crash replay step by step (or press play), and change its depth."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..account import Account
from ..conversion import describe_event
from ..errors import MarginError
from ..numeric import usd
from ..plots.replay import COMPACT_SIZE, ReplayPicture
from ..replay import Replay, crash_path, holdings, replay
from . import CourseWidget, FigureView, int_slider, tag

#: The depth slider (BTC's fall, %), and how the play button walks (steps per tick, ms per tick).
FALL_RANGE = (10, 45)
PLAY_STEP, PLAY_INTERVAL = 3, 400

#: The play button's stop would jump back to step 0; pause is enough, so it is hidden.
#: The events list scrolls within a few lines, so the widget fits one screen.
STYLE = """<style>
.ml-replay-play button:has(.fa-stop) { display: none; }
.ml-replay-events { max-height: 5.2em; overflow-y: auto; }
.ml-replay-events pre { margin: 0; }
</style>"""


class ReplayWidget(CourseWidget):
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
        # Shown only while a depth is replayed.
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="Replaying",
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(display="none"))
        self.play = widgets.Play(value=0, min=0, max=1, step=PLAY_STEP, interval=PLAY_INTERVAL,
                                 description="Play")
        self.step = widgets.IntSlider(
            value=0, min=0, max=1, step=1, description="Step", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="400px"),
        )
        widgets.link((self.play, "value"), (self.step, "value"))
        self.status_label = widgets.Label()
        self.single_label = widgets.Label()
        self.multi_label = widgets.Label()
        self.key_label = widgets.HTML()
        self.events_label = widgets.HTML()
        self.error_label = widgets.Label()
        self.output = widgets.Output()
        self.picture = (FigureView(self.output, COMPACT_SIZE, self._first_picture,
                                   "<crash replay>") if plot else None)
        tag((
            (self.play, "ml-replay-play"), (self.step, "ml-replay-step"),
            (self.fall, "ml-replay-fall"), (self.progress, "ml-replay-progress"),
            (self.status_label, "ml-replay-status"), (self.single_label, "ml-replay-single"),
            (self.multi_label, "ml-replay-multi"), (self.key_label, "ml-replay-key"),
            (self.events_label, "ml-replay-events"), (self.error_label, "ml-error"),
            (self.output, "ml-replay-plot"),
        ))
        self.fall.layout.width = "300px"
        super().__init__([
            widgets.HTML(STYLE),
            widgets.HBox([self.fall, self.play, self.step, self.progress],
                         layout=widgets.Layout(flex_flow="row wrap")),
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

    def _replay(self, fall: int) -> Replay:
        """The replay at ``fall`` percent (the progress bar shows while one is computed)."""
        self.progress.value = 0
        self.progress.layout.display = None
        try:
            # The course's replay at a depth is computed once per process (see replay()).
            return replay(self.base, crash_path(fall=fall / 100), progress=self._tick)
        finally:
            self.progress.layout.display = "none"

    def recompute(self) -> None:
        """Replay the crash at the slider's depth (the progress bar follows), then show it."""
        try:
            self.replay = self._replay(int(self.fall.value))
        except MarginError as error:
            self.replay = None
            self.refuse("replay", error)
            return
        self.progress.max = 2 * len(self.replay.path)
        self.progress.value = self.progress.max
        if self.picture is not None:
            self.picture.reset()
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
        if self.picture is not None:
            self.picture.show(step)

    def _first_picture(self, figure: Any, step: int) -> ReplayPicture:
        """The replay's picture, drawn once per depth; moving the step moves one line."""
        assert self.replay is not None
        return ReplayPicture(figure, self.replay, step, compact=True)


def replay_widget(account: Account | None = None, fall: int = 30,
                  plot: bool = True) -> ReplayWidget:
    """The crash replay to walk through, on :func:`marginlib.replay.replay_account` unless
    ``account`` is given."""
    return ReplayWidget(account, fall, plot=plot)


__all__ = ["FALL_RANGE", "ReplayWidget", "replay_widget"]
