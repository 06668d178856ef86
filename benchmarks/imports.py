"""Import time: ``python -c "import marginlib"`` against ``python -c "import numpy"``.

marginlib's core needs numpy and nothing heavier: matplotlib and ipywidgets are imported only by
``marginlib.plots`` and ``marginlib.widgets``. Both commands run in fresh interpreters from the
project folder, in turn, after a warm-up run that lets Python cache the bytecode (as it does for
any installed package; ``PYTHONDONTWRITEBYTECODE`` would otherwise make marginlib recompile its
sources on every run while numpy's come precompiled).
"""

from __future__ import annotations

import os
import subprocess
import sys

from . import ROOT, Result, interleaved, ms

GOAL = 1.3
HEAVY = ("matplotlib", "ipywidgets", "IPython", "pandas", "scipy")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), check=True)


def heavy_modules() -> list[str]:
    """Heavy packages that ``import marginlib`` pulls in (should be none)."""
    code = (f"import sys, marginlib; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def run(repeats: int = 15) -> Result:
    """Median wall time of each import over ``repeats`` fresh interpreters."""
    t_numpy, t_marginlib, t_bare = interleaved(
        [lambda: _python("import numpy"), lambda: _python("import marginlib"),
         lambda: _python("pass")],
        repeats, warmup=2,
    )
    heavy = heavy_modules()
    detail = (
        f"import marginlib {ms(t_marginlib)} vs import numpy {ms(t_numpy)} (an empty "
        f"interpreter: {ms(t_bare)}; marginlib adds {ms(t_marginlib - t_numpy)} to numpy); "
        + (f"heavy modules imported: {', '.join(heavy)}" if heavy
           else "matplotlib and ipywidgets not imported")
        + f"; median of {repeats}, bytecode cached"
    )
    return Result("import", t_marginlib / t_numpy, GOAL, detail, ms(t_marginlib), ms(t_numpy))
