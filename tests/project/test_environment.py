"""The pinned environment: pyproject.toml, the locks, environment.yml and the Makefile agree.

pyproject.toml says what the course needs (floors); ``make lock`` writes one lock per supported
Python (``requirements/lock-pyXY.txt``: every package, exact versions, hashes) and
environment.yml (conda, Binder) from the lock of :data:`ENVIRONMENT_PYTHON`; ``make lab`` and
``make test`` install from the lock of the Python they run on.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.tools.lock import (
    CONDA_PROVIDES,
    ENVIRONMENT_PYTHON,
    Pin,
    differences,
    environment_text,
    for_python,
    lock_path,
    lock_pythons,
    normalize,
    read_lock,
)

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text()


def _split(spec: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    assert match, f"cannot read requirement {spec!r}"
    return normalize(match.group(1)), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    """Every requirement of pyproject.toml (runtime and every extra): name -> specifier."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return dict(_split(s) for s in specs)


def environment_requirements() -> dict[str, str]:
    """The packages environment.yml installs (conda's list, then pip's): name -> specifier,
    a marker kept after " ; " (python and pip themselves left out)."""
    specs: list[str] = []
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        # Conda package lines sit at two spaces: "  - name==x"; pip's sub-list is deeper.
        conda = re.fullmatch(r"  - ([^\s#:]+)\s*(#.*)?", line)
        pip = re.fullmatch(r"      - ([A-Za-z0-9][^#]*?)\s*(#.*)?", line)
        if conda:
            specs.append(conda.group(1))
        elif pip:
            specs.append(pip.group(1))
    found = {}
    for spec in specs:
        requirement, _, marker = spec.partition(";")
        name, version = _split(requirement)
        found[name] = version + (f" ; {marker.strip()}" if marker else "")
    return {name: spec for name, spec in found.items() if name not in {"python", "pip"}}


def lock_versions(python: str) -> dict[str, Pin]:
    """The pins of one lock that apply to ``python``, by name (a universal lock also holds the
    versions meant for later Pythons; for a version that changes within ``python``'s patch
    releases, the later one)."""
    return {pin.name: pin for pin in read_lock(lock_path(python)) if for_python(pin, python)}


# ------------------------------------------------------------------------------------------
# pyproject.toml and environment.yml (the test names predate the locks; they still hold)
# ------------------------------------------------------------------------------------------


def test_same_packages_and_versions() -> None:
    """Every package pyproject.toml asks for is in environment.yml, pinned to the version of
    the lock, which pyproject's specifier allows."""
    pip_side = pyproject_requirements()
    conda_side = environment_requirements()
    locked = lock_versions(ENVIRONMENT_PYTHON)
    missing = sorted(set(pip_side) - set(conda_side))
    assert not missing, f"in pyproject.toml, not in environment.yml: {missing} (run make lock)"
    wrong = {}
    for name, specifier in pip_side.items():
        pinned = conda_side[name].split(" ; ")[0]
        if pinned != f"=={locked[name].version}" or locked[name].version not in SpecifierSet(
                specifier):
            wrong[name] = (specifier, pinned, locked[name].version)
    assert not wrong, f"pyproject / environment.yml / lock disagree: {wrong} (run make lock)"


def test_environment_installs_the_project_through_pip() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"- pip:\n\s+- -e \.", text), "environment.yml must pip-install the project"


def test_python_floor_agrees() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    floor = min(lock_pythons(), key=lambda v: tuple(map(int, v.split("."))))
    assert floor == "3.11", f"the oldest lock is for Python {floor}, pyproject says >=3.11"
    assert f"  - python={ENVIRONMENT_PYTHON}" in (ROOT / "environment.yml").read_text().splitlines()
    assert ENVIRONMENT_PYTHON in lock_pythons(), "conda's Python must have a lock"


def test_drift_is_detected() -> None:
    # The check must be able to fail: a package missing from one side shows up, and so does
    # a version that differs from the lock.
    pip_side = pyproject_requirements()
    conda_side = dict(environment_requirements())
    conda_side.pop("numpy")
    assert pip_side.keys() - conda_side.keys() == {"numpy"}
    pins = read_lock(lock_path(ENVIRONMENT_PYTHON))
    changed = [Pin(p.name, "0.0.1", p.marker, p.hashes) if p.name == "numpy" else p
               for p in pins]
    assert environment_text(changed) != environment_text(pins)
    assert "numpy==0.0.1" in environment_text(changed)


# ------------------------------------------------------------------------------------------
# The locks
# ------------------------------------------------------------------------------------------


def test_environment_yml_is_written_from_the_lock() -> None:
    """environment.yml is exactly what `make lock` writes from the lock of conda's Python:
    every package of the lock (pip and setuptools come from conda), same versions, same
    markers."""
    expected = environment_text(read_lock(lock_path(ENVIRONMENT_PYTHON)))
    assert (ROOT / "environment.yml").read_text() == expected, "run make lock"


def test_environment_yml_lists_every_locked_package() -> None:
    # Checked against the lock file directly, not through environment_text().
    listed = environment_requirements()
    for pin in read_lock(lock_path(ENVIRONMENT_PYTHON)):
        if pin.name in CONDA_PROVIDES:
            continue
        assert pin.name in listed, f"{pin.name} is locked but not in environment.yml"
    assert listed["numpy"].startswith("=="), listed["numpy"]


def test_one_lock_per_supported_python() -> None:
    supported = re.search(r"^PYTHONS := (.+)$", MAKEFILE, re.MULTILINE)
    assert supported, "the Makefile names the supported Pythons in PYTHONS"
    assert supported.group(1).split() == lock_pythons(), "run make lock"


@pytest.mark.parametrize("python", lock_pythons())
def test_lock_pins_every_package_with_hashes(python: str) -> None:
    pins = read_lock(lock_path(python))  # raises on any line that is not an exact pin
    assert len(pins) > 50, f"{lock_path(python).name} holds only {len(pins)} pins"
    unhashed = [pin.name for pin in pins if not pin.hashes]
    assert not unhashed, f"pins without hashes: {unhashed}"
    text = lock_path(python).read_text()
    assert "make lock" in text.splitlines()[1], "written by make lock (uv pip compile)"


@pytest.mark.parametrize("python", lock_pythons())
def test_lock_satisfies_pyproject(python: str) -> None:
    """Every requirement of pyproject.toml (and bootstrap.in) is locked at a version it allows:
    a dependency added without `make lock` fails here."""
    locked = lock_versions(python)
    requirements = [Requirement(f"{name}{spec}") for name, spec in
                    pyproject_requirements().items()]
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    requirements += [Requirement(r) for r in build] + [Requirement("pip")]
    problems = []
    for requirement in requirements:
        pin = locked.get(normalize(requirement.name))
        if pin is None:
            problems.append(f"{requirement.name}: not in the lock")
        elif pin.version not in requirement.specifier:
            problems.append(f"{requirement.name}: lock {pin.version}, pyproject {requirement}")
    assert not problems, f"{lock_path(python).name}: {problems} (run make lock)"


def test_lock_reader_refuses_a_loose_line(tmp_path: Path) -> None:
    # The checks above rest on read_lock: a requirement that is not an exact pin must fail.
    loose = tmp_path / "lock.txt"
    loose.write_text("numpy>=1.26 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(ValueError, match="not an exact pin"):
        read_lock(loose)


@pytest.mark.skipif(os.environ.get("MARGINLIB_TEST_LATEST") == "1",
                    reason="make test-latest runs on the newest versions, not the lock")
def test_installed_environment_is_the_lock() -> None:
    """The environment running these tests was installed from the lock of its Python."""
    python = ".".join(map(str, __import__("sys").version_info[:2]))
    assert python in lock_pythons(), f"no lock for Python {python}"
    changed = differences(read_lock(lock_path(python)))
    assert not changed, f"installed versions differ from {lock_path(python).name}: {changed}"


# ------------------------------------------------------------------------------------------
# The Makefile installs from the lock
# ------------------------------------------------------------------------------------------


def test_make_installs_from_the_lock(tmp_path: Path) -> None:
    """What `make lab` / `make test` would run in a fresh clone: the lock with hashes, then the
    project without dependencies."""
    result = subprocess.run(
        ["make", "-n", f"VENV={tmp_path / 'venv'}", str(tmp_path / "venv" / ".installed-stamp")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    python = ".".join(map(str, __import__("sys").version_info[:2]))
    lock = f"requirements/lock-py{python.replace('.', '')}.txt"
    assert f"pip install --quiet --require-hashes --no-deps -r {lock}" in result.stdout
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in result.stdout


def test_make_without_a_lock_says_so_in_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "python9"
    fake.write_text("#!/bin/sh\necho 9.9\n")
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", f"VENV={tmp_path / 'venv'}", f"PYTHON={fake}", "lab"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()
    assert message[0].startswith("No lock for Python 9.9: the course is locked for Python 3.11"), \
        result.stderr
    assert not (tmp_path / "venv").exists(), "nothing is installed without a lock"
