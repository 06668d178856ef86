"""Every notebook executed with nbclient, one fresh kernel each, against as many empty notebooks.

The floor is what a kernel costs to start, answer and stop (an empty notebook); the ratio says
how much the course's own cells add on top. Notebooks run as ``make notebooks`` runs them (their
folder as working directory, the inline matplotlib backend, a fixed hash seed), in memory: no
notebook is written. A notebook that fails is named in the detail; its time still counts.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

from . import ROOT, Result, s

GOAL = 3.0
KERNEL = "python3"


def notebooks(folder: Path = ROOT / "notebooks") -> list[Path]:
    """The notebooks there are now, in name order."""
    return sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def execute(path: Path | None, timeout: int = 600) -> tuple[float, str | None]:
    """Seconds to execute ``path`` (None: an empty notebook) in a fresh kernel, and the error."""
    import nbformat
    from nbclient import NotebookClient

    if path is None:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
        folder = ROOT / "notebooks"
    else:
        nb = nbformat.read(path, as_version=4)
        folder = path.parent
    client = NotebookClient(nb, timeout=timeout, startup_timeout=120, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(folder.resolve())}})
    error = None
    start = time.perf_counter()
    try:
        # The kernels' stderr (start-up warnings) would drown the table.
        client.execute(stderr=subprocess.DEVNULL)
    except Exception as exc:  # a broken notebook is reported, not fatal
        error = f"{type(exc).__name__}"
    return time.perf_counter() - start, error


def run(repeats: int = 3, folder: Path = ROOT / "notebooks") -> Result:
    """Median over ``repeats`` of the total time of all notebooks, and of as many empty ones."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    paths = notebooks(folder)
    if not paths:
        return Result("notebooks", 0.0, GOAL, f"no notebooks under {folder}")
    execute(None)  # warm-up: the first kernel of a run pays for cold caches
    totals, floors = [], []
    each: dict[str, list[float]] = {p.name: [] for p in paths}
    failed: set[str] = set()
    for _ in range(repeats):
        total = 0.0
        for path in paths:
            seconds, error = execute(path)
            total += seconds
            each[path.name].append(seconds)
            if error:
                failed.add(f"{path.name} ({error})")
        totals.append(total)
        floors.append(sum(execute(None)[0] for _ in paths))
    t_total, t_floor = statistics.median(totals), statistics.median(floors)
    slowest = sorted(each, key=lambda n: statistics.median(each[n]), reverse=True)[:3]
    detail = (
        f"{len(paths)} notebooks in {s(t_total)} vs {len(paths)} empty notebooks in "
        f"{s(t_floor)} ({t_floor / len(paths):.2f} s a kernel); slowest: "
        + ", ".join(f"{n} {statistics.median(each[n]):.1f} s" for n in slowest)
        + (f"; FAILED: {', '.join(sorted(failed))}" if failed else "")
        + f"; median of {repeats}"
    )
    return Result("notebooks", t_total / t_floor, GOAL, detail, s(t_total), s(t_floor))
