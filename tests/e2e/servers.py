"""JupyterLab and Voila servers for the browser tests and ``make screenshots``.

Each server runs on a free loopback port (127.0.0.1) behind a random token, in its own process
group, with its own ``JUPYTER_*`` / ``JUPYTERLAB_*`` / ``IPYTHONDIR`` folders in a temporary
directory, so the settings of whoever runs the tests never change what the tests see (and the
tests never write into theirs). ``stop()`` always succeeds and leaves nothing running: the server
is asked to stop (it shuts its kernels down), then the server's process group and every process it
started (kernels run in process groups of their own) are killed. If the test run itself is
killed, the server gets SIGTERM from the kernel (Linux) and stops too.

Every wait is bounded and every failure says which it is: :class:`PortInUse`,
:class:`ServerExited` (with the end of the server's log) or :class:`ServerTimeout`.
"""

from __future__ import annotations

import contextlib
import json
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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
#: Where the course's Voila template lives (``share/jupyter/voila/templates/classroom``).
TEMPLATES = ROOT / "share" / "jupyter"

#: Debian's Chromium, never a downloaded one; flags that keep it quiet and offline.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: A projector, or a laptop: 1366 x 768 (JupyterLab's notebook column is then 934 px wide
#: beside its file browser).
VIEWPORT = {"width": 1366, "height": 768}

#: Enough of a server's log to see why it failed.
LOG_TAIL = 3000

#: JupyterLab settings for the tests (written into the temporary settings folder):
#: every cell attached to the page (so every widget view can be counted), no autosave (the
#: tests run the notebooks, they must never write them), nothing fetched from the internet.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                   "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


class ServerError(RuntimeError):
    """A server could not be started."""


class PortInUse(ServerError):
    """The port was taken by another process."""


class ServerExited(ServerError):
    """The server process ended while starting."""


class ServerTimeout(ServerError):
    """The server did not answer in time."""


def chromium_path() -> str | None:
    """Debian's Chromium (``/usr/bin/chromium``, else ``chromium`` on the PATH), if installed."""
    for candidate in (CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """Whether ``port`` can be bound on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def running_as_root() -> bool:
    """Jupyter refuses to run as root unless told (``--allow-root``); only then do we tell it."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def isolated_environment(home: Path) -> dict[str, str]:
    """The current environment with every Jupyter/IPython user folder moved under ``home``."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "JPY_", "IPYTHON"))}
    folders = {
        "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces", "IPYTHONDIR": "ipython",
    }
    for key, name in folders.items():
        folder = home / name
        folder.mkdir(parents=True, exist_ok=True)
        env[key] = str(folder)
    env.update({
        "PYTHONHASHSEED": "0",
        # Figures as PNG in the page, whatever backend the caller's environment asks for.
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        # The kernel's debugger otherwise warns about frozen modules in every kernel log.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    return env


def die_with_parent() -> None:
    """In a server's process, before it runs: receive SIGTERM when the process that started it
    dies (Linux), so a test run that is killed (``kill -9``, a CI timeout) leaves no server
    behind; the server then stops its kernels, which also exit when their parent goes."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def descendants(pid: int) -> list[int]:
    """Every process started (directly or not) by ``pid``, from /proc (empty elsewhere)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = text[text.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class JupyterProcess:
    """A Jupyter server process (JupyterLab or Voila) on 127.0.0.1 with a random token.

    A context manager: ``with LabServer() as lab: ...`` starts it and always stops it.
    """

    #: Name used in messages.
    name = "server"
    #: Text the server logs once it listens on its port.
    ready_text = "is running at"
    #: A page that answers once the server is up, and starts no kernel.
    probe_path = "/api/status"

    def __init__(self, port: int | None = None, home: Path | None = None) -> None:
        self.port = port or free_port()
        self.token = secrets.token_hex(16)
        self._own_home = home is None
        self.home = home or Path(tempfile.mkdtemp(prefix="marginlib-e2e-"))
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: it never fills up and blocks the server.
        self.log_path = self.home / f"{self.name.lower()}.log"
        self._log: Any = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The command line that starts the server."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Write whatever the server needs into ``home`` before it starts."""

    def cwd(self) -> Path:
        """The server's working folder."""
        return ROOT

    def environment(self) -> dict[str, str]:
        """The server's environment: the caller's, with Jupyter's folders under ``home``."""
        return isolated_environment(self.home)

    def start(self, timeout: float = 120.0) -> None:
        """Start the server and wait (at most ``timeout`` s) until it answers on its port."""
        if not port_is_free(self.port):
            raise PortInUse(f"{self.name}: port {self.port} on 127.0.0.1 is already in use")
        self.prepare()
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command(), cwd=self.cwd(), env=self.environment(),
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.process.poll()
            if status is not None:
                log = self.log_tail()
                self.stop()
                if "already in use" in log:
                    raise PortInUse(f"{self.name}: port {self.port} on 127.0.0.1 is already in "
                                    f"use (server exited with status {status}); log:\n{log}")
                raise ServerExited(f"{self.name} exited with status {status} while starting; "
                                   f"log:\n{log}")
            if self.ready_text in self.log_text() and self._answers():
                return
            time.sleep(0.25)
        log = self.log_tail()
        self.stop()
        raise ServerTimeout(f"{self.name} did not answer on port {self.port} within "
                            f"{timeout:.0f} s; log:\n{log}")

    def _answers(self) -> bool:
        """Whether something answers HTTP on the port (any status counts)."""
        try:
            urllib.request.urlopen(f"{self.base_url}{self.probe_path}", timeout=2)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def log_text(self) -> str:
        """The server's whole log so far."""
        try:
            return self.log_path.read_bytes().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, size: int = LOG_TAIL) -> str:
        """The end of the server's log, with the token masked."""
        return self.log_text()[-size:].replace(self.token, "<token>")

    def stop(self) -> None:
        """Stop the server and everything it started; safe to call twice or after a failure."""
        process, self.process = self.process, None
        if process is not None:
            # Kernels run in process groups of their own: note them before the server goes.
            started = descendants(process.pid)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # the server shuts its kernels down
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            for group in (process.pid, *started):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGKILL)
            for pid in started:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None

    def cleanup(self) -> None:
        """Stop, then remove the temporary folder (if this object created it)."""
        self.stop()
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> JupyterProcess:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.cleanup()


class LabServer(JupyterProcess):
    """JupyterLab serving a copy of ``notebooks/`` (the tests run notebooks, never save them)."""

    name = "JupyterLab"

    def __init__(self, port: int | None = None, home: Path | None = None,
                 notebooks: Path = NOTEBOOKS) -> None:
        super().__init__(port, home)
        self.notebooks = notebooks
        self.root_dir = self.home / "root"

    def prepare(self) -> None:
        target = self.root_dir / self.notebooks.name
        if not target.exists():
            shutil.copytree(self.notebooks, target,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for plugin, values in LAB_SETTINGS.items():
            path = self.home / "lab-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def cwd(self) -> Path:
        return self.root_dir

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}", "--ServerApp.terminals_enabled=False",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=None",
            # window.jupyterapp: the tests read each cell's execution count from the model.
            "--LabApp.expose_app_in_browser=True",
            *(["--allow-root"] if running_as_root() else []),
        ]

    def notebook_url(self, path: str, workspace: str) -> str:
        """Open ``path`` (relative to the served folder) in a workspace of its own.

        A fresh workspace per notebook: JupyterLab would otherwise reopen (and start kernels
        for) every notebook an earlier test opened.
        """
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        """Call the REST API with the token; the decoded JSON answer (None when empty)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def sessions(self) -> list[dict[str, Any]]:
        """The open sessions (notebook path, kernel id and state)."""
        found: list[dict[str, Any]] = self.api("GET", "/api/sessions")
        return found

    def shutdown_sessions(self) -> None:
        """Shut every session and its kernel down (frees the kernel's memory at once)."""
        for session in self.sessions():
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        for kernel in self.api("GET", "/api/kernels"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)


class VoilaServer(JupyterProcess):
    """Voila serving one notebook (each visit of :attr:`url` runs it in a new kernel)."""

    name = "Voila"
    # Any page but the dashboard itself (which would start a kernel).
    probe_path = "/favicon.ico"

    def __init__(self, notebook: Path = NOTEBOOKS / "dashboard.ipynb",
                 port: int | None = None, home: Path | None = None) -> None:
        super().__init__(port, home)
        self.notebook = notebook

    @property
    def url(self) -> str:
        """The dashboard's address, token included."""
        return f"{self.base_url}/?token={self.token}"

    def environment(self) -> dict[str, str]:
        """The isolated environment, and the course's Voila template (``classroom``) found."""
        env = super().environment()
        env["JUPYTER_PATH"] = str(TEMPLATES)
        return env

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "voila", str(self.notebook), "--no-browser",
            "--Voila.ip=127.0.0.1", f"--port={self.port}", "--Voila.port_retries=0",
            f"--Voila.token={self.token}", "--template=classroom",
            # Kernel connection files in our folder (removed with it), not in /tmp.
            f"--Voila.connection_dir_root={self.home / 'runtime'}",
        ]

