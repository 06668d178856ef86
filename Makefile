# Two commands for a newcomer: `make lab` (the course) and `make test` (every check).
# Only Python >= 3.11 with pip and venv is needed; everything else goes into .venv, installed
# from the lock of that Python (requirements/lock-pyXY.txt: exact versions and hashes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The Pythons the course is locked for: `make lock` writes one lock for each.
PYTHONS := 3.11 3.12 3.13 3.14
# The tool that writes the locks, pinned so that every maintainer writes the same files.
UV_VERSION := 0.13.9
# The Python of .venv (or of $(PYTHON), which will make it) chooses the lock.
PY_VERSION := $(shell $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) -c \
  'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
LOCK := requirements/lock-py$(subst .,,$(PY_VERSION)).txt
# JupyterLab refuses to run as root unless told; only then do we tell it.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# `make test-latest`: a venv of its own, with every extra of pyproject.toml at its newest.
LATEST := .venv-latest
EXTRAS = $(shell $(PYTHON) -c 'import tomllib; print(",".join(tomllib.load(open( \
  "pyproject.toml", "rb"))["project"]["optional-dependencies"]))')

.PHONY: lab test test-latest lock student slides binder notebooks clear-outputs dashboard bench \
  screenshots browser clean

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

# Only reached when the lock of this Python does not exist.
requirements/lock-py%.txt:
	@echo "No lock for Python $(or $(PY_VERSION),(none found)): the course is locked for" \
	  "Python $(PYTHONS); run make with one of them, e.g. make lab PYTHON=python3.12" >&2
	@exit 1

## lab: install everything and open JupyterLab on the first notebook (127.0.0.1, token on)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/01_start_here.ipynb $(ROOT_FLAG)

## test: ruff, mypy, unit/property/widget tests, strict nbval on every notebook, browser tests
test: $(STAMP) browser
	$(BIN)/python -m pytest

## test-latest: the same tests on the newest versions pyproject.toml allows (fresh .venv-latest)
test-latest: browser
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet -e ".[$(EXTRAS)]"
	$(LATEST)/bin/python -m tests.tools.lock compare $(LOCK)
	MARGINLIB_TEST_LATEST=1 $(LATEST)/bin/python -m pytest

## lock: write the locks (one per Python of PYTHONS) and environment.yml from pyproject.toml,
## keeping every pin that still fits (UPGRADE=1: the newest versions pyproject.toml allows)
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/uv --version 2>/dev/null | grep -qx "uv $(UV_VERSION)" || \
	  $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	@for version in $(PYTHONS); do \
	  $(BIN)/uv pip compile --quiet pyproject.toml requirements/bootstrap.in --all-extras \
	    --universal --python-version $$version --generate-hashes \
	    --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) \
	    --output-file requirements/lock-py$$(echo $$version | tr -d .).txt || exit 1; \
	done
	@$(BIN)/python -m tests.tools.lock environment
	@$(BIN)/python -m tests.tools.lock count

## student: the student edition in dist/student/ (solutions removed, exercise outputs cleared)
student: $(STAMP)
	$(BIN)/python -m tests.tools.student_edition . dist/student

## slides: rewrite every notebook's slide metadata (RISE) from its cells
slides: $(STAMP)
	$(BIN)/python -m tests.tools.slides notebooks

## binder: the Binder link of this repository, from its git remote (once it is published)
binder:
	@$(PYTHON) -m tests.tools.binder

## notebooks: re-execute every notebook in place, top to bottom, each in a fresh kernel
notebooks: $(STAMP)
	$(BIN)/python -m tests.tools.execute_notebooks notebooks

## clear-outputs: empty a notebook's outputs before sharing it, e.g. one that shows your own
## account: make clear-outputs NB=notebooks/12_your_own_account.ipynb
clear-outputs: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make clear-outputs NB=notebooks/NAME.ipynb"; exit 2; }
	$(BIN)/jupyter nbconvert --clear-output --inplace "$(NB)"

## dashboard: the classroom dashboard, served by Voila on 127.0.0.1 (the course's template:
## offline, the notebook's checks hidden)
dashboard: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila notebooks/dashboard.ipynb \
	  --template=classroom --Voila.ip=127.0.0.1

## bench: speed as ratios against each job's floor (reports; never fails on a ratio)
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## screenshots: regenerate the README's dashboard screenshot
screenshots: $(STAMP) browser
	$(BIN)/python -m tests.e2e.screenshots

## browser: Debian's Chromium for the browser tests, installed when we can (as root)
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "chromium not installed: browser tests will skip (and fail under CI=true)"

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache .mypy_cache .ruff_cache .hypothesis
