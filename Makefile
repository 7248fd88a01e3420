# The two commands a new user runs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.bohai-installed
export DAGSTER_HOME := $(CURDIR)
export BOHAI_HOME := $(CURDIR)

.PHONY: setup demo test lint ui bench clean

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "error: Python 3.11+ is required (found: $(PYTHON)); set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,english-ner,postgres]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/bohai demo

test: setup
	PYTHON=$(CURDIR)/$(BIN)/python bash scripts/test_setup.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

ui: setup
	$(BIN)/bohai ui

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf .bohai
