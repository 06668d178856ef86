"""environment.yml (conda, Binder) and pyproject.toml (pip) must list the same packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _split(spec: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    assert match, f"cannot read requirement {spec!r}"
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return dict(_split(s) for s in specs)


def environment_requirements() -> dict[str, str]:
    specs = []
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        # Conda package lines sit at four spaces: "  - name>=x"; pip's sub-list is deeper.
        match = re.fullmatch(r"  - ([^\s#:]+)\s*(#.*)?", line)
        if match:
            specs.append(match.group(1))
    return {name: spec for name, spec in map(_split, specs) if name not in {"python", "pip"}}


def test_same_packages_and_versions() -> None:
    pip_side = pyproject_requirements()
    conda_side = environment_requirements()
    assert pip_side == conda_side, (
        f"only in pyproject.toml: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}; "
        f"different versions: "
        f"{sorted(k for k in set(pip_side) & set(conda_side) if pip_side[k] != conda_side[k])}"
    )


def test_environment_installs_the_project_through_pip() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"- pip:\n\s+- -e \.", text), "environment.yml must pip-install the project"


def test_python_floor_agrees() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "  - python>=3.11" in (ROOT / "environment.yml").read_text().splitlines()


def test_drift_is_detected() -> None:
    # The check must be able to fail: a package missing from one side shows up.
    pip_side = pyproject_requirements()
    conda_side = dict(environment_requirements())
    conda_side.pop("numpy")
    assert pip_side != conda_side
