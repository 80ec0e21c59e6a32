# riskreg: `make run` opens the review UI on a demo copy of the example register,
# `make test` runs every test. Both build their own environment in .venv first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo/riskreg.json
PYTEST_ARGS ?=

.PHONY: run test lint typecheck bench demo clean help catalogues messages

help:
	@echo "make run    - open the review UI on a fresh demo copy of the example register"
	@echo "make test   - ruff, mypy and all tests (builds .venv on first use)"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - benchmarks (bench/results.json; the server store: bench/server_results.json)"
	@echo "make demo   - (re)build the demo register in $(DEMO)"
	@echo "make torture - the fault suite and the properties marked torture, in full"
	@echo "make messages - the .po catalogues brought in line with the code (README, Messages)"

$(STAMP): pyproject.toml constraints.txt setup.py
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "riskreg needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# the .mo catalogues riskreg reads, compiled from the .po files where those are newer
catalogues: $(STAMP)
	@$(BIN)/python tools/messages.py compile

# new message ids in the code get an empty entry in each .po, unused ones are dropped
messages: $(STAMP)
	$(BIN)/python tools/messages.py update
	@$(BIN)/python tools/messages.py compile

demo: $(STAMP) catalogues
	@rm -rf demo && mkdir -p demo
	$(BIN)/riskreg --db $(DEMO) init --example

run: demo
	$(BIN)/riskreg --db $(DEMO) tui

test: $(STAMP) catalogues
	$(BIN)/ruff check riskreg tui tests examples bench tools setup.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check riskreg tui tests examples bench tools setup.py
	$(BIN)/mypy

bench: $(STAMP) catalogues
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.server_bench --sizes 10000

# the fault suite in full: >= 200 SIGKILLs, 3 x 200 concurrent edits, thousands of bad inputs,
# 400 random registers given internal-only changes that must leave every shared output unchanged
# (make test runs a CI-sized sample of the same tests); the counts are printed at the end;
# then every property marked `torture` elsewhere (e.g. impact predicts what check finds), in full
.PHONY: torture
torture: $(STAMP) catalogues
	RISKREG_TORTURE=1 $(BIN)/python -m pytest -n 2 tests/faults $(PYTEST_ARGS)
	RISKREG_TORTURE=1 $(BIN)/python -m pytest -n 2 -m torture tests --ignore=tests/faults $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) demo build dist *.egg-info .pytest_cache .hypothesis
	find riskreg tui -name "*.mo" -delete
