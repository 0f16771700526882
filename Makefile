# Set-up and the two main commands. `make run` extracts samples/ into output/; `make test` runs the tests.
# Both create .venv/ (and install the Debian packages kotoex uses) when needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench schema clean

$(STAMP): pyproject.toml
	@if [ -f scripts/install-system-deps.sh ]; then bash scripts/install-system-deps.sh; fi
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/kotoex batch samples --out output

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench_pages.py

schema: $(STAMP)
	$(BIN)/python scripts/export_schema.py

clean:
	rm -rf $(VENV) output/*.json output/*.csv
