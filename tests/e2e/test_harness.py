"""The browser tests can fail, in bounded time, and say why.

Each failure the harness promises to report is provoked here on purpose: a port in use, a
dashboard that fails to start, a server that never answers, a kernel that dies, a widget that
cannot be displayed, an output that does not show marginlib's value, a notebook with widgets but
no spec. Scratch notebooks live in the JupyterLab server's own temporary folder, never in
``notebooks/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import browser as ui
from tests.e2e import servers
from tests.e2e.servers import (
    JupyterProcess,
    LabServer,
    PortInUse,
    ServerExited,
    ServerTimeout,
    VoilaServer,
    descendants,
)
from tests.e2e.spec import Spec, load_spec

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def scratch_notebook(lab: LabServer, name: str, *sources: str) -> str:
    """Write a notebook of code cells into the server's folder; its path for the server."""
    notebook = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell-{index}", "metadata": {},
                   "execution_count": None, "outputs": [], "source": source}
                  for index, source in enumerate(sources)],
    }
    folder = lab.root_dir / "scratch"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(notebook), encoding="utf-8")
    return f"scratch/{name}"


def open_scratch(page: Page, lab: LabServer, path: str) -> None:
    ui.open_notebook(page, lab.notebook_url(path, f"e2e-{Path(path).stem}"), path)


# --------------------------------------------------------------------------------------------
# Servers (no browser needed)
# --------------------------------------------------------------------------------------------


def test_port_in_use_is_reported(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUse, match=f"port {port} .*already in use"):
            VoilaServer(port=port, home=tmp_path).start()


def test_port_taken_while_starting_is_reported(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The port is taken between our check and the server's bind: the server says so."""
    monkeypatch.setattr(servers, "port_is_free", lambda _port: True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = VoilaServer(port=port, home=tmp_path)
        start = time.monotonic()
        with pytest.raises(PortInUse, match="server exited"):
            server.start(timeout=60)
        assert time.monotonic() - start < 60
        assert server.process is None


def test_dashboard_that_fails_to_start_is_reported(tmp_path: Path) -> None:
    server = VoilaServer(notebook=tmp_path / "missing.ipynb", home=tmp_path)
    with pytest.raises(ServerExited, match=r"Voila exited with status \d+(.|\n)*missing\.ipynb"):
        server.start(timeout=60)
    assert server.process is None


class Silent(JupyterProcess):
    """A "server" that never listens: a process that sleeps, with a child that sleeps."""

    name = "Silent"

    def command(self) -> list[str]:
        child = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', " \
                "'import time; time.sleep(300)']); time.sleep(300)"
        return [sys.executable, "-c", child]


def test_server_that_never_answers_times_out_and_is_killed(tmp_path: Path) -> None:
    server = Silent(home=tmp_path)
    start = time.monotonic()
    with pytest.raises(ServerTimeout, match="did not answer"):
        server.start(timeout=3)
    assert time.monotonic() - start < 30
    assert server.process is None


def test_stop_ends_the_server_and_its_kernels() -> None:
    with LabServer() as lab:
        assert isinstance(lab, LabServer)
        lab.api("POST", "/api/kernels")
        assert lab.process is not None
        pid = lab.process.pid
        deadline = time.monotonic() + 60
        while len(descendants(pid)) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        started = descendants(pid)
        assert started, "the kernel did not start"
    time.sleep(0.5)
    running = [p for p in (pid, *started) if alive(p)]
    assert not running, f"still running after stop(): {running}"


def test_notebook_with_widgets_but_no_spec_fails(tmp_path: Path) -> None:
    notebook = tmp_path / "99_new_lesson.ipynb"
    notebook.write_text("{}")
    with pytest.raises(AssertionError, match=r"99_new_lesson\.ipynb has widgets but no browser "
                                             r"spec: write tests/e2e/specs/99_new_lesson\.py"):
        load_spec(notebook)


# --------------------------------------------------------------------------------------------
# Pages (browser)
# --------------------------------------------------------------------------------------------


def test_kernel_death_is_reported(lab_server: LabServer, lab_kernels: None, page: Page) -> None:
    path = scratch_notebook(lab_server, "dies.ipynb", "print('alive')",
                            "import os\nos._exit(1)", "print('never')")
    open_scratch(page, lab_server, path)
    start = time.monotonic()
    with pytest.raises(ui.KernelDied, match=r"kernel of scratch/dies\.ipynb died"):
        ui.run_all(page, path, timeout=90)
    assert time.monotonic() - start < 90


def test_cell_error_is_reported(lab_server: LabServer, lab_kernels: None, page: Page) -> None:
    path = scratch_notebook(lab_server, "raises.ipynb", "1 / 0", "print('never')")
    open_scratch(page, lab_server, path)
    with pytest.raises(ui.CellFailed, match="code cell 1: ZeroDivisionError"):
        ui.run_all(page, path, timeout=90)


def test_widget_that_cannot_display_is_reported(lab_server: LabServer, lab_kernels: None,
                                                page: Page) -> None:
    """A widget view whose model the kernel never created: "Error displaying widget"."""
    view = ("from IPython.display import display\n"
            "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'no-such-model', "
            "'version_major': 2, 'version_minor': 0}}, raw=True)")
    path = scratch_notebook(lab_server, "broken.ipynb", view)
    open_scratch(page, lab_server, path)
    ui.run_all(page, path, timeout=90)
    with pytest.raises(ui.BrowserTestError, match="Error displaying widget"):
        ui.wait_for_widgets(page, 1, path, timeout=30)


WIDGET = """import ipywidgets as widgets
slider = widgets.IntSlider(value=5, min=0, max=10)
label = widgets.Label()
slider.add_class("ml-test-slider")
label.add_class("ml-test-label")
def show(_change=None):
    label.value = f"twice: {2 * slider.value}"
slider.observe(show, names="value")
show()
widgets.VBox([slider, label])"""


def test_output_without_marginlibs_value_is_reported(lab_server: LabServer, lab_kernels: None,
                                                     page: Page) -> None:
    path = scratch_notebook(lab_server, "slider.ipynb", WIDGET)
    open_scratch(page, lab_server, path)
    ui.run_all(page, path, timeout=90)
    ui.wait_for_widgets(page, 1, path)
    right = Spec(notebook="slider.ipynb", control="ml-test-slider", output="ml-test-label",
                 expected=lambda: "twice: 12", redraw=False)
    assert ui.move(page, right, path, timeout=30) == "twice: 12"
    wrong = Spec(notebook="slider.ipynb", control="ml-test-slider", output="ml-test-label",
                 expected=lambda: "twice: 15", redraw=False)
    start = time.monotonic()
    with pytest.raises(ui.WaitTimeout, match=r"shows 'twice: 14'.*expects 'twice: 15'"):
        ui.move(page, wrong, path, timeout=5)
    assert time.monotonic() - start < 30
    # A spec whose text is already on the page before the move could never fail.
    stale = Spec(notebook="slider.ipynb", control="ml-test-slider", output="ml-test-label",
                 expected=lambda: "twice: 14", redraw=False)
    with pytest.raises(ui.BrowserTestError, match="already shows"):
        ui.move(page, stale, path, timeout=5)
    # The figure check: this widget draws none, so a spec that wants a redraw fails.
    redraw = Spec(notebook="slider.ipynb", control="ml-test-slider", output="ml-test-label",
                  expected=lambda: "twice: 16", redraw=True)
    with pytest.raises(ui.WaitTimeout, match="no figure was redrawn"):
        ui.move(page, redraw, path, timeout=5)


def test_missing_browser_skips_or_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule of conftest.missing_browser: skip locally, fail with CI=true."""
    from tests.e2e.conftest import missing_browser

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: a missing browser is a failure"):
        missing_browser("chromium not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        missing_browser("chromium not installed")
    assert os.environ.get("CI") is None


class VoilaShowingCode(VoilaServer):
    """Voila told to keep the code cells' sources on the page."""

    def command(self) -> list[str]:
        return [*super().command(), "--strip_sources=False"]


def test_visible_code_is_reported(browser: Browser, tmp_path: Path) -> None:
    notebook = servers.NOTEBOOKS / "dashboard.ipynb"
    with VoilaShowingCode(notebook=notebook, home=tmp_path) as voila:
        assert isinstance(voila, VoilaServer)
        page = browser.new_page()
        try:
            ui.open_voila(page, voila.url, "Voila with sources", 1)
            assert "dashboard = dashboard_widget()" in ui.visible_code(page, notebook)
        finally:
            page.close()


ORPHAN = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.e2e.servers import VoilaServer
server = VoilaServer(home=Path({home!r}))
server.start()
print(server.process.pid, flush=True)
time.sleep(300)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_killed_test_run_leaves_no_server(tmp_path: Path) -> None:
    """``kill -9`` of the process that started a server (no teardown runs) stops the server."""
    script = ORPHAN.format(root=str(servers.ROOT), home=str(tmp_path))
    runner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        pid = int(runner.stdout.readline())
    finally:
        runner.kill()
        runner.wait(timeout=10)
    deadline = time.monotonic() + 60
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(pid), f"Voila (pid {pid}) outlived its test run"
