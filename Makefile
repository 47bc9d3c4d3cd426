# Everything a learner, an instructor or a maintainer runs. Each target creates the virtual
# environment first when it is missing (or older than pyproject.toml).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Override to work on one chapter: make execute NOTEBOOKS=notebooks/02_data_representations.ipynb
NOTEBOOKS ?= $(sort $(wildcard notebooks/*.ipynb))

# Jupyter and IPython keep their state in the project, not in the user's home.
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export IPYTHONDIR          := $(CURDIR)/.jupyter/ipython

.PHONY: setup lab test lint pytest sync execute learner bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m dlmath.jupyter_setup
	touch $@

## lab: open the book in JupyterLab on 127.0.0.1 (chapters open as notebooks)
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) notebooks/

## test: every check (lint, unit tests, notebook pairing, nbval on every notebook)
test: lint pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests $(wildcard benchmarks)

pytest: $(STAMP)
	$(BIN)/python -m pytest tests --doctest-modules src/dlmath $(NOTEBOOKS) --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

## sync: bring every notebook and its .md pair into agreement (after editing either)
sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## execute: re-run every notebook (or NOTEBOOKS=...) and store its outputs (what nbval then checks)
execute: $(STAMP)
	$(BIN)/jupytext --sync $(NOTEBOOKS:.ipynb=.md)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False \
		--ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.timeout=1200 $(NOTEBOOKS)
	$(BIN)/jupytext --sync $(NOTEBOOKS)

## learner: write learner/*.ipynb, the chapters with every exercise solution blanked out
learner: $(STAMP)
	$(BIN)/python -m dlmath.learner_copy notebooks learner

## bench: train the Keras and the from-scratch MNIST models, write benchmarks/results.json
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py $(BENCH_ARGS)

clean:
	rm -rf book/_build .jupyter .pytest_cache .ruff_cache learner
