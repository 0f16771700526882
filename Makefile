# Set-up and the two main commands. `make run` extracts samples/ into output/; `make test` runs the tests.
# Both create .venv/ (and install the Debian packages kotoex uses) when needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench schema clean bytecode

$(STAMP): pyproject.toml
	@if [ -f scripts/install-system-deps.sh ]; then bash scripts/install-system-deps.sh; fi
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# compiled modules, as a wheel install has them: an editable install under PYTHONDONTWRITEBYTECODE=1
# would otherwise compile ~60 modules from source on every run (~0.1 s of a one-file run)
bytecode:
	@$(BIN)/python -m compileall -q extract interpret normalize models kotoex > /dev/null

setup: $(STAMP)

run: $(STAMP) bytecode
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
