"""Regenerate the README's screenshot of the classroom dashboard (``make screenshots``).

Usage: python -m tests.e2e.screenshots [--out docs/dashboard.png]

Serves ``notebooks/dashboard.ipynb`` with Voila on a free loopback port behind a random token
(``servers.VoilaServer``, the same server the browser tests use), opens it in headless Chromium
(Debian's ``/usr/bin/chromium``; nothing is downloaded), waits until the dashboard shows the
guide's Scenario 2 (equity 416.02) and its picture, saves a full-page PNG, and stops the server
(and its kernels) again. Any failure (no browser, a server that does not start, a page that does
not load) ends the script with a message saying which, in bounded time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.e2e import browser as ui
from tests.e2e.servers import NOTEBOOKS, ROOT, VIEWPORT, ServerError, VoilaServer, chromium_path

NOTEBOOK = NOTEBOOKS / "dashboard.ipynb"
OUT = ROOT / "docs" / "dashboard.png"
#: What the dashboard shows once its kernel has run (the guide's Scenario 2).
READY_TEXT = "Equity: 416.02 USD"


def screenshot(url: str, out: Path, timeout: float = 120.0) -> None:
    """Open the dashboard at ``url`` in headless Chromium, wait for it, save a full-page PNG."""
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = ui.launch(playwright)
        try:
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            ui.open_voila(page, url, "Voila: notebooks/dashboard.ipynb", 1, timeout)
            ui.wait_until(lambda: READY_TEXT in page.inner_text(".ml-equity"), timeout,
                          lambda: f"the dashboard does not show {READY_TEXT!r}")
            page.wait_for_timeout(1000)  # let fonts and the picture settle
            page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to save the PNG")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print("chromium not found: install Debian's chromium (make browser)", file=sys.stderr)
        return 1
    server = VoilaServer(NOTEBOOK)
    try:
        server.start()
        screenshot(server.url, args.out)
    except (ServerError, ui.BrowserTestError) as error:
        print(f"no screenshot: {error}\nVoila log:\n{server.log_tail()}", file=sys.stderr)
        return 1
    finally:
        server.cleanup()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
