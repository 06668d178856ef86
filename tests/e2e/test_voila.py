"""The classroom dashboard under Voila, as an instructor opens it on the projector.

Voila runs ``notebooks/dashboard.ipynb`` in a fresh kernel for the page; the test checks that it
renders without a widget error and without any code on screen, applies the dashboard's spec (a
keyboard move whose result marginlib computes) and saves a screenshot for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import browser as ui
from tests.e2e.servers import NOTEBOOKS, VoilaServer
from tests.e2e.spec import load_spec, widget_outputs

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DASHBOARD = NOTEBOOKS / "dashboard.ipynb"


def test_dashboard_under_voila(voila_server: VoilaServer, page: Page, screenshots: Path) -> None:
    spec = load_spec(DASHBOARD)
    where = "Voila: notebooks/dashboard.ipynb"
    widgets = ui.open_voila(page, voila_server.url, where, widget_outputs(DASHBOARD))
    assert widgets["images"] > 0, f"{where}: the ratio picture is missing"
    code = ui.visible_code(page, DASHBOARD)
    assert not code, f"{where}: code is visible on the page: {code}"
    ui.move(page, spec, where)
    page.wait_for_timeout(500)  # let the new picture paint before the screenshot
    page.screenshot(path=str(screenshots / "voila-dashboard.png"), full_page=True)
