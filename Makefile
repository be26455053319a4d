# Two commands do all set-up: `make demo` (the main job) and `make test` (the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint benchmarks docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m skseq.demo --out skseq-report

test: $(STAMP)
	$(BIN)/ruff check skseq tests examples benchmarks
	$(BIN)/ruff format --check skseq tests examples benchmarks
	$(BIN)/python -m pytest -q -n 2 --doctest-modules skseq tests

benchmarks: $(STAMP)  # the quick ones; rbp.py, rbp_structure.py and tuning.py take longer
	$(BIN)/python benchmarks/encode.py
	$(BIN)/python benchmarks/overhead.py
	$(BIN)/python benchmarks/structure.py
	$(BIN)/python benchmarks/inspector.py

docs: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	$(BIN)/python -m pdoc skseq skseq.io skseq.datasets skseq.preprocessing skseq.models \
		skseq.inspection skseq.tuning skseq.demo --docformat numpy -o docs/_build

clean:
	rm -rf $(VENV) skseq-report

lint: $(STAMP)  # fix what ruff can fix by itself
	$(BIN)/ruff check --fix skseq tests examples benchmarks
	$(BIN)/ruff format skseq tests examples benchmarks
