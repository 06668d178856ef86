"""Regenerate the README's screenshot of the classroom dashboard (``make screenshots``).

Usage: python -m tests.e2e.screenshots [--out docs/dashboard.png]

Serves ``notebooks/dashboard.ipynb`` with Voila on a free loopback port behind a random token,
opens it in headless Chromium (Debian's ``/usr/bin/chromium``; nothing is downloaded), waits until
the dashboard shows the guide's Scenario 2 (equity 416.02) and its picture, saves a full-page
PNG, and stops the server (and its kernels) again.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
OUT = ROOT / "docs" / "dashboard.png"
VIEWPORT = {"width": 1400, "height": 1000}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: What the dashboard shows once its kernel has run (the guide's Scenario 2).
READY_TEXT = "416.02"


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class VoilaServer:
    """Voila serving one notebook on 127.0.0.1 with a token; a context manager that stops it."""

    def __init__(self, notebook: Path = NOTEBOOK, port: int | None = None) -> None:
        self.notebook = notebook
        self.port = port or free_port()
        self.token = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: it never fills up and blocks the server. Closed by stop().
        self.log_file = tempfile.TemporaryFile()  # noqa: SIM115

    @property
    def url(self) -> str:
        """The dashboard's address, token included (each visit starts a kernel)."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def start(self, timeout: float = 120.0) -> None:
        """Start Voila and wait until it answers (without the token: no kernel is started)."""
        voila = Path(sys.executable).with_name("voila")
        command = [str(voila) if voila.exists() else "voila", str(self.notebook),
                   "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
                   f"--Voila.token={self.token}"]
        env = {**os.environ, "PYTHONHASHSEED": "0",
               "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                status, log = self.process.returncode, self.read_log()
                self.stop()
                raise RuntimeError(f"voila exited with status {status}: {log}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers (403/404 without the token): it is up
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"voila did not answer within {timeout:.0f} s")

    def read_log(self) -> str:
        """The end of Voila's log."""
        self.log_file.seek(0)
        return self.log_file.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        """Stop Voila (it shuts its kernels down); kill what is left of its process group."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        # Kernels Voila failed to stop are in the process group we created for it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        self.process = None
        self.log_file.close()

    def __enter__(self) -> VoilaServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def screenshot(url: str, out: Path, attempts: int = 3, timeout_ms: int = 90_000) -> None:
    """Open ``url`` in headless Chromium, wait for the dashboard, save a full-page PNG.

    A kernel occasionally never starts on a loaded machine; each attempt loads the page afresh
    (a new kernel).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium not found: install Debian's chromium (make browser)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for attempt in range(1, attempts + 1):
                page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
                try:
                    page.goto(url, timeout=timeout_ms)
                    page.wait_for_selector(".ml-ratio-plot img", timeout=timeout_ms)
                    page.wait_for_function(
                        "text => (document.querySelector('.ml-equity') || {}).innerText"
                        "?.includes(text)", arg=READY_TEXT, timeout=timeout_ms,
                    )
                    page.wait_for_timeout(1000)  # let fonts and the image settle
                    page.screenshot(path=str(out), full_page=True)
                    return
                except PlaywrightError as error:
                    if attempt == attempts:
                        raise
                    print(f"attempt {attempt} failed ({type(error).__name__}); retrying",
                          file=sys.stderr)
                finally:
                    page.close()
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to save the PNG")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print("chromium not found: install Debian's chromium (make browser)", file=sys.stderr)
        return 1
    with VoilaServer() as server:
        screenshot(server.url, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
