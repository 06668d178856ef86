"""The locks (``requirements/lock-pyXY.txt``) and the ``environment.yml`` that follows one of them.

``make lock`` writes the locks with ``uv pip compile`` and then calls this module to write
``environment.yml`` from the lock of :data:`ENVIRONMENT_PYTHON`; the tests read the same files
through the same functions, so the two can never drift apart unnoticed.

Usage (standard library only: it runs before anything is installed)::

    python -m tests.tools.lock environment   # write environment.yml from its lock
    python -m tests.tools.lock count         # packages per lock
    python -m tests.tools.lock compare LOCK  # versions installed here that differ from LOCK
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
ENVIRONMENT = ROOT / "environment.yml"

#: The Python that conda (and so Binder) installs; environment.yml pins its lock's versions.
#: 3.11: the oldest Python the course supports, and the one its tests run on.
ENVIRONMENT_PYTHON = "3.11"

#: Installed by conda itself, not by the pip list of environment.yml.
CONDA_PROVIDES = frozenset({"pip", "setuptools"})

#: The platforms a course is installed on (Linux, macOS, Windows; CPython), for deciding which
#: pins of a universal lock concern one Python.
PLATFORMS = (
    {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux",
     "platform_machine": "x86_64"},
    {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin",
     "platform_machine": "arm64"},
    {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows",
     "platform_machine": "AMD64"},
)

#: A package line of a lock: "name==version", an optional "; marker", a line continuation.
_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)"
                  r"\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?\s*")
_HASH = re.compile(r"\s+--hash=sha256:[0-9a-f]{64}\s*\\?\s*")


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Jupyter_Server`` -> ``jupyter-server``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    """One package of a lock: exact version, the environments it applies to, its hashes."""

    name: str
    version: str
    marker: str | None
    hashes: tuple[str, ...]

    def requirement(self) -> str:
        """The pip requirement line, without hashes (``numpy==2.4.6 ; python_full_version
        < '3.12'``)."""
        return f"{self.name}=={self.version}" + (f" ; {self.marker}" if self.marker else "")


def _marker(text: str) -> Any:
    """A parsed environment marker (packaging's; pip's own copy in a venv that has nothing
    else yet, as when ``make lock`` runs in a fresh clone)."""
    try:
        from packaging.markers import Marker
    except ImportError:
        from pip._vendor.packaging.markers import Marker  # type: ignore[assignment]
    return Marker(text)


def for_python(pin: Pin, python: str) -> bool:
    """Whether the pin applies to some release of ``python`` ("3.11") on some platform of
    :data:`PLATFORMS`: a universal lock also holds the versions meant for other Pythons."""
    if pin.marker is None:
        return True
    marker = _marker(pin.marker)
    return any(
        marker.evaluate({**platform, "python_version": python,
                         "python_full_version": f"{python}.{patch}",
                         "implementation_name": "cpython",
                         "platform_python_implementation": "CPython"})
        for platform in PLATFORMS for patch in (0, 99)
    )


def lock_path(python: str) -> Path:
    """``requirements/lock-py311.txt`` for ``"3.11"``."""
    return REQUIREMENTS / f"lock-py{python.replace('.', '')}.txt"


def lock_pythons() -> list[str]:
    """The Pythons that have a lock, in version order (``["3.11", "3.12", ...]``)."""
    found = []
    for path in REQUIREMENTS.glob("lock-py3*.txt"):
        match = re.fullmatch(r"lock-py3(\d+)\.txt", path.name)
        if match:
            found.append((3, int(match.group(1))))
    return [f"{major}.{minor}" for major, minor in sorted(found)]


def read_lock(path: Path) -> list[Pin]:
    """Every package of a lock file written by ``uv pip compile`` (comments skipped).

    A line that is neither a pin, a hash, a comment nor blank is an error: a lock is only pins.
    """
    pins: list[Pin] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _HASH.fullmatch(line):
            if not pins:
                raise ValueError(f"{path.name}:{number}: a hash before any package")
            last = pins[-1]
            digest = line.split("sha256:", 1)[1].strip(" \\")
            pins[-1] = Pin(last.name, last.version, last.marker, (*last.hashes, digest))
            continue
        match = _PIN.fullmatch(line)
        if not match:
            raise ValueError(f"{path.name}:{number}: not an exact pin: {line.strip()!r}")
        pins.append(Pin(normalize(match["name"]), match["version"],
                        match["marker"].strip() if match["marker"] else None, ()))
    return pins


def environment_text(pins: list[Pin], python: str = ENVIRONMENT_PYTHON) -> str:
    """environment.yml for conda and Binder: ``python`` from conda-forge, then through pip the
    project itself and every other package of the lock at its exact version."""
    lines = [
        "# conda / Binder: `conda env create -f environment.yml`, then `conda activate "
        "marginlib-course`.",
        f"# Written by `make lock` from requirements/{lock_path(python).name}: the same versions,",
        "# without the hashes (pip's hash-checking mode refuses the editable install of the",
        "# project). Do not edit: change pyproject.toml and run `make lock`;",
        "# tests/project/test_environment.py fails when this file and the lock differ.",
        "name: marginlib-course",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
        "      - -e .",
    ]
    lines += [f"      - {pin.requirement()}" for pin in pins
              if pin.name not in CONDA_PROVIDES and for_python(pin, python)]
    return "\n".join(lines) + "\n"


def applies(pin: Pin) -> bool:
    """Whether the pin is meant for this Python and platform (its marker holds here)."""
    return pin.marker is None or bool(_marker(pin.marker).evaluate())


def differences(pins: list[Pin]) -> list[str]:
    """Packages of the lock whose installed version (in this Python) differs, one line each."""
    found = []
    for pin in pins:
        if not applies(pin):
            continue
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            continue  # not for this platform or Python (its marker), or not installed
        if installed != pin.version:
            found.append(f"{pin.name}: lock {pin.version}, installed {installed}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "environment":
        ENVIRONMENT.write_text(environment_text(read_lock(lock_path(ENVIRONMENT_PYTHON))),
                               encoding="utf-8")
        print(f"{ENVIRONMENT.name}: written from {lock_path(ENVIRONMENT_PYTHON).name}")
        return 0
    if command == "count":
        for python in lock_pythons():
            pins = read_lock(lock_path(python))
            names = {pin.name for pin in pins}
            print(f"{lock_path(python).name}: {len(names)} packages ({len(pins)} pins)")
        return 0
    if command == "compare" and len(argv) == 2:
        changed = differences(read_lock(Path(argv[1])))
        print(f"{len(changed)} package(s) differ from {argv[1]}" + (":" if changed else ""))
        for line in changed:
            print(f"  {line}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
