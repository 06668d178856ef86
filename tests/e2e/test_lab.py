"""Every notebook in JupyterLab in headless Chromium, at 1366 x 768 with the file browser open
(a 934 px notebook column, as on a projector).

For each notebook with widgets (found by :func:`tests.e2e.spec.widget_notebooks`, so a new
notebook is picked up by itself): open it, clear its outputs and run all cells in a fresh
kernel, wait for the kernel to be idle, check that no widget failed to display and that every
widget the stored notebook shows is rendered, apply the notebook's spec (one keyboard move, the
output must show the value marginlib computes), check that no output is wider than its column
(and that the crash replay's controls and picture fit one screen), and save a screenshot of the
widget at 1366 x 768 (``lab-<notebook>.png``). For every notebook, as stored: no output and no
equation wider than its column. A notebook opened before it runs shows its widgets' pictures,
not their repr. The kernel is shut down after each notebook. A notebook with widgets but no
spec fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import browser as ui
from tests.e2e.servers import NOTEBOOKS as FOLDER
from tests.e2e.servers import LabServer
from tests.e2e.spec import load_spec, widget_notebooks, widget_outputs

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

NOTEBOOKS = widget_notebooks()
EVERY = sorted(FOLDER.glob("*.ipynb"))

#: The crash replay's widget (controls, labels and picture) fits one screen of a 1366 x 768
#: projector, under JupyterLab's bars.
ONE_SCREEN = 650

def test_every_widget_notebook_has_a_spec() -> None:
    """Needs no browser: a notebook with widgets and no (valid) spec fails even without one."""
    assert NOTEBOOKS, "no notebook with widgets found under notebooks/"
    problems = []
    for notebook in NOTEBOOKS:
        try:
            load_spec(notebook)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_in_jupyterlab(notebook: Path, lab_server: LabServer, lab_kernels: None,
                                page: Page, screenshots: Path) -> None:
    spec = load_spec(notebook)
    path = f"notebooks/{notebook.name}"
    expected_views = widget_outputs(notebook)
    left = lab_server.api("GET", "/api/kernels")
    assert not left, f"kernels left running by an earlier test: {left}"
    assert expected_views > 0, f"{path} uses widgets but its stored outputs show none"
    ui.open_notebook(page, lab_server.notebook_url(path, f"e2e-{notebook.stem}"), path)
    state = ui.run_all(page, path)
    shown = sum(cell["widgets"] for cell in state["cells"])
    assert shown == expected_views, (
        f"{path}: {shown} cell output(s) hold a widget after running, the stored notebook "
        f"has {expected_views}"
    )
    widgets = ui.wait_for_widgets(page, expected_views, path)
    if widgets["outputs"]:
        assert widgets["images"] > 0, f"{path}: no figure in any Output widget"

    def kernel_alive() -> None:
        ui.check_kernel(ui.notebook_state(page), path)

    ui.move(page, spec, path, kernel=kernel_alive)
    wide = ui.overflow(page)["outputs"]
    assert not wide, f"{path}: outputs wider than the 934 px column: {wide}"
    if page.locator(".ml-replay-widget").count():
        height = ui.box(page, ".ml-replay-widget")["height"]
        assert height <= ONE_SCREEN, (
            f"{path}: the replay's controls and picture are {height:.0f} px tall; on a "
            f"1366 x 768 screen they must fit in {ONE_SCREEN} px")
    control = page.locator(f".{spec.control}").nth(spec.index)
    page.locator(".jp-Cell", has=control).first.evaluate(
        "e => e.querySelector('.jp-OutputArea').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)  # let the picture paint
    page.screenshot(path=str(screenshots / f"lab-{notebook.stem}.png"))


@pytest.mark.parametrize("notebook", EVERY, ids=[path.stem for path in EVERY])
def test_stored_notebook_fits_the_column(notebook: Path, lab_server: LabServer,
                                         lab_kernels: None, page: Page) -> None:
    path = f"notebooks/{notebook.name}"
    ui.open_notebook(page, lab_server.notebook_url(path, f"e2e-stored-{notebook.stem}"), path)
    ui.wait_for_math(page)
    found = ui.overflow(page)
    wide = found["outputs"] + found["math"]
    assert not wide, f"{path}: wider than the 934 px column: {wide}"


def test_notebook_opened_before_it_runs_shows_pictures(lab_server: LabServer,
                                                       lab_kernels: None, page: Page) -> None:
    # An unrun (untrusted) notebook gets no widget view from JupyterLab, saved state or not;
    # each widget's display carries its picture, which JupyterLab shows instead of the repr.
    notebook = FOLDER / "dashboard.ipynb"
    path = f"notebooks/{notebook.name}"
    ui.open_notebook(page, lab_server.notebook_url(path, "e2e-unrun"), path)
    views = widget_outputs(notebook)
    pictures = page.locator(".jp-OutputArea-output img")
    ui.wait_until(lambda: pictures.count() >= views, 30,
                  lambda: f"{path}: {pictures.count()} stored pictures shown, {views} expected")
    text = page.inner_text(".jp-Notebook")
    assert "(children=" not in text, f"{path}: a widget shows as its repr"
    assert pictures.first.evaluate("i => i.naturalWidth") > 0
