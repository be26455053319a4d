# Two commands do all set-up: `make demo` (the main job) and `make test` (the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint benchmarks docs docs-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/skseq demo --out skseq-report

test: $(STAMP)
	$(BIN)/ruff check skseq tests examples benchmarks scripts
	$(BIN)/ruff format --check skseq tests examples benchmarks scripts
	$(BIN)/python -m pytest -q -n 2 --doctest-modules skseq tests

benchmarks: $(STAMP)  # the quick ones; rbp.py, rbp_structure.py and tuning.py take longer
	$(BIN)/python benchmarks/encode.py
	$(BIN)/python benchmarks/overhead.py
	$(BIN)/python benchmarks/structure.py
	$(BIN)/python benchmarks/inspector.py

docs: $(STAMP)  # the Sphinx site, gallery examples executed, warnings are errors
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	cd docs && SKSEQ_DOCS=1 ../$(BIN)/python -m sphinx -W --keep-going -b html . _build/html

docs-check: $(STAMP)  # headless Chromium opens every built page: images render, links resolve
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python docs/check_site.py

clean:
	rm -rf $(VENV) skseq-report docs/_build docs/auto_examples docs/generated

lint: $(STAMP)  # fix what ruff can fix by itself
	$(BIN)/ruff check --fix skseq tests examples benchmarks scripts
	$(BIN)/ruff format skseq tests examples benchmarks scripts
