"""The classroom dashboard under Voila, as an instructor opens it on a 1366 x 768 projector.

Voila runs ``notebooks/dashboard.ipynb`` in a fresh kernel for the page, with the course's
template (``share/jupyter/voila/templates/classroom``). The test checks that the page renders
without a widget error, without any code or print output on screen, without a console error and
without a request leaving the machine (Voila serves its icons itself); that the mode toggle, the
four cards, the picture and the Assets table are all on screen without scrolling, in both modes;
that the picture grows with the window; that axe-core finds no serious or critical
accessibility violation; then it applies the dashboard's spec (a keyboard move whose result
marginlib computes) and saves screenshots at 1366 x 768 (``voila-dashboard.png``,
``voila-dashboard-single.png``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

import marginlib as ml
from tests.e2e import browser as ui
from tests.e2e.servers import NOTEBOOKS, VIEWPORT, VoilaServer
from tests.e2e.spec import load_spec, widget_outputs

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DASHBOARD = NOTEBOOKS / "dashboard.ipynb"
WHERE = "Voila: notebooks/dashboard.ipynb"

#: What must be on screen without scrolling.
ON_SCREEN = (".ml-mode", ".ml-equity", ".ml-ratio", ".ml-available", ".ml-max-withdraw",
             ".ml-ratio-plot img", ".ml-assets")

#: axe-core's impacts that fail the test.
SERIOUS = ("serious", "critical")


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return url.startswith(("data:", "blob:", "about:")) or host in {"localhost", "::1"} or (
        host.startswith("127."))


def _check_one_screen(page: Page, mode: str) -> None:
    width, height = page.viewport_size["width"], page.viewport_size["height"]  # type: ignore[index]
    for selector in ON_SCREEN:
        found = ui.box(page, selector)
        assert found["bottom"] <= height and found["right"] <= width, (
            f"{WHERE} ({mode}): {selector} ends at ({found['right']:.0f}, "
            f"{found['bottom']:.0f}), off a {width} x {height} screen")
        assert found["scrollWidth"] <= found["clientWidth"] + 1, (
            f"{WHERE} ({mode}): {selector} is wider than its box")
    scroll = page.evaluate("document.documentElement.scrollHeight")
    assert scroll <= height, f"{WHERE} ({mode}): the page scrolls ({scroll} px tall)"


def test_dashboard_under_voila(voila_server: VoilaServer, page: Page,
                               screenshots: Path) -> None:
    spec = load_spec(DASHBOARD)
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text[:300]) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)[:300]))
    page.on("request", lambda r: None if _loopback(r.url) else outside.append(r.url))
    widgets = ui.open_voila(page, voila_server.url, WHERE, widget_outputs(DASHBOARD))
    assert widgets["images"] > 0, f"{WHERE}: the ratio picture is missing"
    code = ui.visible_code(page, DASHBOARD)
    assert not code, f"{WHERE}: code is visible on the page: {code}"
    assert "Starting point" not in page.inner_text("body"), f"{WHERE}: a print output shows"
    page.wait_for_timeout(500)
    _check_one_screen(page, "multi-assets")
    alt = page.locator(".ml-ratio-plot img").first.get_attribute("alt") or ""
    assert alt.startswith("Margin ratio against the BTCUSDT mark price"), alt

    from axe_playwright_python.sync_playwright import Axe

    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS]
    assert not violations, f"{WHERE}: accessibility: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations)

    narrow = ui.box(page, ".ml-ratio-plot img")["width"]
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(300)
    assert ui.box(page, ".ml-ratio-plot img")["width"] > narrow * 1.3, (
        f"{WHERE}: the picture does not grow with the window")
    page.set_viewport_size(VIEWPORT)  # type: ignore[arg-type]

    ui.move(page, spec, WHERE)
    page.wait_for_timeout(500)  # let the new picture paint before the screenshot
    page.screenshot(path=str(screenshots / "voila-dashboard.png"))

    # Single-asset mode: the cards name the pools (Scenario 2 with BTC at 19,900 after the
    # move: the USDT pool 150 USDT for MM 0.5 x 19,900 x 0.8% = 79.6, 53.07%; BUSD 54.55%).
    page.locator(".ml-mode button", has_text="Single-asset").click()
    summary = ml.summarize(ml.in_mode(ml.scenario(2).with_marks({"BTCUSDT": 19900}),
                                      ml.SINGLE_ASSET))
    worst = max(summary.assets, key=lambda row: row.margin_ratio)
    expected = f"Ratio, worst pool ({worst.asset}): {ml.percent(summary.margin_ratio)}"
    ui.wait_until(lambda: expected in ui.clean(page.inner_text(".ml-ratio")), 30,
                  lambda: f"{WHERE}: the ratio card shows {page.inner_text('.ml-ratio')!r}, "
                          f"expected {expected!r}")
    assert "separate pool" in page.inner_text(".ml-assets")
    page.wait_for_timeout(500)
    _check_one_screen(page, "single-asset")
    page.screenshot(path=str(screenshots / "voila-dashboard-single.png"))
    assert not outside, f"{WHERE}: requests left the machine: {outside}"
    assert not errors, f"{WHERE}: console errors: {errors}"
