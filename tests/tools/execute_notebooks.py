"""Re-execute notebooks in place, top to bottom, each in a fresh kernel (``make notebooks``).

Usage: python -m tests.tools.execute_notebooks [FOLDER_OR_NOTEBOOK ...]

Each notebook runs with its own folder as working directory and with a fixed matplotlib backend
and hash seed, so the stored outputs are the ones a student gets, and without Binance API keys
in its environment, so that no stored notebook shows anyone's account. Execution counts come out
1, 2, 3, ... because the kernel is new.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def notebooks_in(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths or ["notebooks"]:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.ipynb")))
        else:
            found.append(path)
    return found


def execute(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # A stored notebook never shows anyone's account: notebook 12 fetches only with these set.
    for name in ("BINANCE_API_KEY", "BINANCE_API_SECRET"):
        os.environ.pop(name, None)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # The widgets' state is stored in the notebook's metadata (a renderer that trusts the
    # notebook shows them before it runs; JupyterLab shows their stored picture instead).
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings are noise here
    elapsed = time.perf_counter() - start
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    for path in notebooks_in(argv):
        print(f"{path}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
