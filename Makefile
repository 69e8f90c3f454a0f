# delib: the two commands of the README are `make sample` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install sample test lint bench golden clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## the main job on the shipped sample corpus, into data/processed/delib.sqlite
sample: $(STAMP)
	$(BIN)/delib ingest data/raw
	$(BIN)/delib findings --status fail
	@echo ""
	@echo "What you can do now (the corpus is data/processed/delib.sqlite):"
	@echo "  $(BIN)/delib query funding --by region        # amounts per région, names beside codes"
	@echo "  $(BIN)/delib query topics                     # digital-inclusion decisions per tag and year"
	@echo "  $(BIN)/delib audit --html audit.html          # the auditors' report: votes, quorum, proxies"
	@echo "  $(BIN)/delib serve                            # browse it in Datasette at http://127.0.0.1:8001"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## lint, types, then the test suite (PostgreSQL tests skip with a message when no server)
test: lint
	$(BIN)/pytest -q -rs

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

golden: $(STAMP)
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) data/processed/*.sqlite* benchmarks/out
