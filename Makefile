# Two commands for a newcomer: `make lab` (the course) and `make test` (every check).
# Only Python >= 3.11 with pip and venv is needed; everything else goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root unless told; only then do we tell it.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test notebooks dashboard bench screenshots browser clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[course,dev]"
	@touch $(STAMP)

## lab: install everything and open JupyterLab on the first notebook (127.0.0.1, token on)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/01_start_here.ipynb $(ROOT_FLAG)

## test: ruff, mypy, unit/property/widget tests, strict nbval on every notebook, browser tests
test: $(STAMP) browser
	$(BIN)/python -m pytest

## notebooks: re-execute every notebook in place, top to bottom, each in a fresh kernel
notebooks: $(STAMP)
	$(BIN)/python -m tests.tools.execute_notebooks notebooks

## dashboard: the classroom dashboard, served by Voila on 127.0.0.1
dashboard: $(STAMP)
	$(BIN)/voila notebooks/dashboard.ipynb --Voila.ip=127.0.0.1

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
