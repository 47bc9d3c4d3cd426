# Everything a learner, an instructor or a maintainer runs (`make help` lists the targets). Each
# target first installs the environment .venv/ exactly as uv.lock pins it (tools/install.sh), when
# it is missing or older than the lock. The Python that creates it: PYTHON when given
# (make PYTHON=python3.12 ...), else the newest of python3.13, python3.12 and python3.11 on PATH
# that runs (tools/find_python.sh). An existing .venv is kept, whichever Python made it;
# `make PYTHON=...` stops if that is not the Python asked for.
PYTHON ?= $(shell sh tools/find_python.sh)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Override to work on one chapter: make execute NOTEBOOKS=notebooks/02_data_representations.ipynb
NOTEBOOKS ?= $(sort $(wildcard notebooks/*.ipynb))
# The lock's extras installed: dev always; bench too once `make bench` has asked for it.
EXTRAS = dev $(if $(wildcard $(VENV)/.with-bench),bench)

# make lab serves on 127.0.0.1:$(PORT) (a free one: tools/lab_port.py checks before starting).
PORT ?= 8888

# Jupyter and IPython keep their state in the project, not in the user's home.
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export IPYTHONDIR          := $(CURDIR)/.jupyter/ipython

.DEFAULT_GOAL := help
.PHONY: help setup lock lab test test-fast lint pytest sync execute learner bench clean book pdf book-deps browser-deps

## help: list the targets, one line each
help:
	@sed -n 's/^## \([a-z-]*\): \(.*\)/\1\t\2/p' $(MAKEFILE_LIST) | expand -t 14

$(IPYTHONDIR):
	mkdir -p $@


## setup: install .venv/ from uv.lock (every other target does this first when needed)
setup: $(STAMP)

# (wildcard: a copy of the Makefile without the lock or tools/, as tests make, still works)
$(STAMP): pyproject.toml $(wildcard uv.lock tools/install.sh tools/jupyter_setup.py)
	sh tools/install.sh $(VENV) '$(PYTHON)' $(EXTRAS)
	$(BIN)/python tools/jupyter_setup.py
	touch $@

## lock: refresh uv.lock, requirements/*.txt and environment.yml after changing pyproject.toml
lock:
	sh tools/lock.sh $(LOCK_ARGS)

# `make PYTHON=python3.13 ...` with a .venv made by another Python: stop rather than use the wrong
# one or delete the environment.
ifeq ($(origin PYTHON),command line)
$(STAMP): | venv-matches-python
endif
.PHONY: venv-matches-python
venv-matches-python:
	@test ! -x $(BIN)/python || { \
	  want=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])') || exit 1; \
	  have=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  test "$$want" = "$$have" || { \
	    echo "error: $(VENV) was made with Python $$have, not $(PYTHON) (Python $$want)." >&2; \
	    echo "  Remove it first (rm -rf $(VENV)), or keep both: make VENV=build/venv-$$want PYTHON=$(PYTHON) ..." >&2; \
	    exit 1; }; }

## lab: JupyterLab on http://127.0.0.1:8888 (PORT=...), opening START_HERE.md; chapters open as notebooks
# --allow-root only for root (containers, cloud machines); Jupyter prints the URL with its token.
# No language-server autodetection: it runs `npm prefix -g`, which writes logs to ~/.npm (and the
# book installs no language server). The book's own notebooks are signed first (they change when
# executed), so JupyterLab runs the self-check questions' scripts: tools/jupyter_setup.py says why.
lab: $(STAMP) | $(IPYTHONDIR)
	@$(BIN)/python tools/lab_port.py $(PORT)
	@$(BIN)/python tools/jupyter_setup.py --trust-book
	@echo "Starting JupyterLab on 127.0.0.1:$(PORT): open the address with its token that it prints below. Stop it with Ctrl+C."
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --port-retries=0 --ServerApp.root_dir=$(CURDIR) \
		--LabApp.default_url=/lab/tree/START_HERE.md --LanguageServerManager.autodetect=False \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## test: every check: lint, the book and PDF, unit tests, pairing, nbval, browser tests
# With Chromium present (the browser tests need it too) it also prints the PDF, which tests/book/
# checks; without it those tests skip, as the browser tests do (under CI=true they fail).
PDF_IN_TEST := $(if $(wildcard $(or $(DLMATH_CHROMIUM),/usr/bin/chromium)),pdf)
# (pytest after the builds, which it checks: `make -j test` builds the site and the PDF at once)
test: lint book $(PDF_IN_TEST)
	@$(MAKE) --no-print-directory pytest

## test-fast: lint and the unit tests of src/dlmath and tools/ (no notebooks, book or browser)
test-fast: lint | $(IPYTHONDIR)
	$(BIN)/python -m pytest --doctest-modules src/dlmath -q -p no:cacheprovider
	$(BIN)/python -m pytest tests/unit tests/tools -q -p no:cacheprovider

## lint: ruff's checks and formatting of the whole project
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests tools benchmarks

## pytest: doctests, unit, notebook (nbval) and browser tests, without lint or the builds
pytest: $(STAMP) | $(IPYTHONDIR)
	$(BIN)/python -m pytest --doctest-modules src/dlmath -q -p no:cacheprovider
	$(BIN)/python -m pytest tests $(NOTEBOOKS) --nbval --nbval-current-env \
		--nbval-sanitize-with tests/notebooks/nbval_sanitize.cfg -p no:cacheprovider

## sync: bring every notebook and its .md pair into agreement (after editing either)
sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## execute: re-run every notebook (or NOTEBOOKS=...) and store its outputs (what nbval checks)
execute: $(STAMP) | $(IPYTHONDIR)
	$(BIN)/jupytext --sync $(NOTEBOOKS:.ipynb=.md)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False \
		--ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.timeout=1200 $(NOTEBOOKS)
	$(BIN)/jupytext --sync $(NOTEBOOKS)

## learner: write learner/*.ipynb, the chapters with every exercise solution blanked out (needs only Python)
learner:
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(or $(PYTHON),python3)) tools/learner_copy.py notebooks learner

## bench: time the MNIST network in Keras (TensorFlow, JAX) and NumPy (benchmarks/README.md)
# Adds the lock's "bench" extra (JAX, numexpr, threadpoolctl) the first time; 5 seeds by default
# (BENCH_ARGS="--seeds 1" is quicker).
bench: $(STAMP)
	@test -f $(VENV)/.with-bench || { sh tools/install.sh $(VENV) '$(PYTHON)' dev bench && touch $(VENV)/.with-bench; }
	$(BIN)/python benchmarks/bench_training.py $(BENCH_ARGS)

## book: build the static site into book/_build/html/ (warnings are errors; stored outputs)
# The chapters are the notebooks/NN_*.ipynb present (book/_toc.yml globs them); see book/_config.yml.
# The site and the PDF build in folders of their own (book/_build/html, build/pdf-site), so
# `make -j book pdf` runs both at once; whichever ends last puts book.pdf into the site.
MATHJAX_VERSION := 3.2.2
MATHJAX_DIR     := book/_static_mathjax/mathjax
BOOK_FLAGS      ?= -W -n --keep-going
PDF_SITE        := build/pdf-site
PDF             := book/_build/pdf/book.pdf
COPY_PDF         = if test -f $(PDF) && test -d book/_build/html; then cp $(PDF) book/_build/html/book.pdf; fi
book: $(STAMP) book-deps
	rm -rf book/_build/html book/_build/.doctrees book/_build/jupyter_execute
	$(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml --path-output book \
		$(BOOK_FLAGS) -q
	@$(COPY_PDF)
	@echo "book: open book/_build/html/index.html (or serve it: python -m http.server -d book/_build/html -b 127.0.0.1)"

## pdf: the book as one A4 PDF, book/_build/pdf/book.pdf, printed by Chromium offline
pdf: $(STAMP) book-deps
	rm -rf $(PDF_SITE) book/_build/pdf
	$(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml --path-output $(PDF_SITE) \
		--builder singlehtml -q
	$(BIN)/python -m tools.build_pdf --site $(PDF_SITE)/_build/singlehtml --out $(PDF)
	@$(COPY_PDF)

## book-deps: MathJax for the site and axe-core for the browser tests, from npm (once)
# MathJax is copied into the book, so the site renders math with no network; axe-core goes to
# build/axe/, which the browser tests inject into every page (the site does not serve it).
AXE_VERSION := 4.14.1
AXE_DIR     := build/axe
book-deps: $(MATHJAX_DIR)/tex-mml-chtml.js $(AXE_DIR)/.axe-core-$(AXE_VERSION)

$(AXE_DIR)/.axe-core-$(AXE_VERSION):
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js/npm (Debian: apt-get install npm) to fetch axe-core for the browser tests"; exit 1; }
	rm -rf build/axe-npm $(AXE_DIR)
	npm install --prefix build/axe-npm --no-audit --no-fund --silent axe-core@$(AXE_VERSION)
	mkdir -p $(AXE_DIR)
	cp build/axe-npm/node_modules/axe-core/axe.min.js build/axe-npm/node_modules/axe-core/LICENSE $(AXE_DIR)/
	touch $@

$(MATHJAX_DIR)/tex-mml-chtml.js:
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js/npm (Debian: apt-get install npm) to fetch MathJax for the book"; exit 1; }
	rm -rf build/mathjax-npm $(MATHJAX_DIR)
	npm install --prefix build/mathjax-npm --no-audit --no-fund --silent mathjax@$(MATHJAX_VERSION)
	mkdir -p $(MATHJAX_DIR)
	cp build/mathjax-npm/node_modules/mathjax/LICENSE $(MATHJAX_DIR)/
	cd build/mathjax-npm/node_modules/mathjax/es5 && \
		cp -r tex-mml-chtml.js input output ui a11y sre adaptors $(CURDIR)/$(MATHJAX_DIR)/

## browser-deps: Debian's Chromium for the browser tests and the PDF (root; never `playwright install`)
browser-deps:
	@test -x /usr/bin/chromium || { apt-get update && apt-get install -y chromium; }

## clean: remove what the builds made (keeps .venv/ and learner/)
clean:
	rm -rf book/_build $(PDF_SITE) book/_static_mathjax build/mathjax-npm .jupyter .pytest_cache .ruff_cache
	@test ! -d learner || echo "clean: kept learner/ (your exercise work); delete it yourself if you mean to"
