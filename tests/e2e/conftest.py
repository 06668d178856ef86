"""Fixtures of the browser tests: one JupyterLab server, one Voila server, one Chromium.

They live as long as the tests of this package (``scope="package"``): started by the first test
that needs them, stopped as soon as the browser tests are done, before the rest of the suite.

Servers listen on free loopback ports behind random tokens, with Jupyter folders of their own
(see ``servers.py``), and are stopped in teardown whatever happened. Without Chromium the tests
skip with a one-line reason, except under ``CI=true`` where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.servers import (
    VIEWPORT,
    JupyterProcess,
    LabServer,
    ServerError,
    VoilaServer,
    chromium_path,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page

#: Screenshots for a person to look at (git-ignored).
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def in_ci() -> bool:
    """Whether we run under CI (``CI=true``), where nothing may be skipped for lack of a browser."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing_browser(reason: str) -> None:
    """Skip (or, under CI, fail) the test for lack of a browser."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing browser is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's report on the test, so a fixture can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def chromium() -> str:
    """Debian's Chromium and Playwright's Python API, or a skip (a failure under CI)."""
    path = chromium_path()
    if path is None:
        missing_browser("chromium not installed: `make browser` installs Debian's chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing_browser("playwright (Python) not installed: pip install -e '.[course,dev]'")
    assert path is not None
    return path


@pytest.fixture(scope="package")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for all the browser tests."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import launch

    playwright = sync_playwright().start()
    try:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


def started(server: LabServer | VoilaServer) -> LabServer | VoilaServer:
    """Start a server, turning a failure to start into a test failure that says why."""
    try:
        server.start()
    except ServerError as error:
        server.cleanup()
        pytest.fail(str(error), pytrace=False)
    return server


@pytest.fixture(scope="package")
def lab_server(chromium: str) -> Iterator[LabServer]:
    """One JupyterLab server (on a copy of notebooks/) for every notebook test."""
    server = LabServer()
    try:
        started(server)
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def lab_kernels(lab_server: LabServer) -> Iterator[None]:
    """Shut every kernel down after the test, once its page is closed (request this fixture
    before ``page``: fixtures are torn down in reverse order)."""
    yield
    lab_server.shutdown_sessions()


@pytest.fixture(scope="package")
def voila_server(chromium: str) -> Iterator[VoilaServer]:
    """Voila serving the classroom dashboard."""
    server = VoilaServer()
    try:
        started(server)
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="package")
def screenshots() -> Path:
    """The (git-ignored) folder the browser tests save their screenshots to."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def page(browser: Browser, screenshots: Path, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context and page; on failure, a screenshot ``failed-<test>.png`` and the
    page's console errors are kept for diagnosis."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []

    def page_error(error: Error) -> None:
        errors.append(f"page error: {error}")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text[:500]}")

    page.on("pageerror", page_error)
    page.on("console", console)
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
            try:
                page.screenshot(path=str(screenshots / f"failed-{name}.png"), full_page=True,
                                timeout=15_000)
            except Exception as error:  # diagnosis only: the failure itself is reported
                errors.append(f"(no failure screenshot: {error})")
            if errors:
                report.sections.append(("browser console", "\n".join(errors[-30:])))
            for value in request.node.funcargs.values():
                if isinstance(value, JupyterProcess):
                    report.sections.append((f"{value.name} log", value.log_tail()))
        context.close()
