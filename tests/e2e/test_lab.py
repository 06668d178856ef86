"""Every notebook with widgets, in JupyterLab in headless Chromium.

For each notebook (found by :func:`tests.e2e.spec.widget_notebooks`, so a new notebook is picked
up by itself): open it, clear its outputs and run all cells in a fresh kernel, wait for the kernel
to be idle, check that no widget failed to display and that every widget the stored notebook
shows is rendered, then apply the notebook's spec (one keyboard move, the output must show the
value marginlib computes) and save a screenshot of the widget. The kernel is shut down after each
notebook. A notebook with widgets but no spec fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import browser as ui
from tests.e2e.servers import LabServer
from tests.e2e.spec import load_spec, widget_notebooks, widget_outputs

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

NOTEBOOKS = widget_notebooks()


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
    control = page.locator(f".{spec.control}").nth(spec.index)
    cell = page.locator(".jp-Cell-outputArea", has=control).first
    cell.screenshot(path=str(screenshots / f"lab-{notebook.stem}.png"), timeout=30_000)
