# The two promises: `make samling3` and `make test` work on a fresh clone.
# Each target creates the virtual environment on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMLING := $(BIN)/samling

.PHONY: all test check clean bench lederplakat schema help
.DEFAULT_GOAL := help

help:
	@echo "make samlingN     build samling N (e.g. make samling3) into build/samling-0N/"
	@echo "make all          build every samling and the lederplakat"
	@echo "make lederplakat  build the poster into build/lederplakat/"
	@echo "make test         run the tests"
	@echo "make check        lint, type-check and check all content"
	@echo "make bench        measure build speed"
	@echo "make clean        remove build/"

$(STAMP): pyproject.toml
	bash scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

samling%: $(STAMP)
	$(SAMLING) build $*

all: $(STAMP)
	$(SAMLING) build --all

lederplakat: $(STAMP)
	$(SAMLING) poster --force --size A2

schema: $(STAMP)
	$(SAMLING) schema

test: $(STAMP)
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# The build's own messages are shown only when it fails: `check --render` prints the
	@# content and rendering warnings once (they do not fail the check; --strict would).
	@for n in $$(ls -d content/samling-*/ 2>/dev/null | sed 's/[^0-9]//g'); do \
		if [ -f content/samling-$$n/slides.md ]; then \
			out=$$($(SAMLING) build $$(expr $$n + 0) 2>&1 >/dev/null) || { echo "$$out"; exit 1; }; \
			$(SAMLING) check $$(expr $$n + 0) --render --a11y || exit 1; \
		fi; \
	done

bench: $(STAMP)
	bash scripts/system-packages.sh --bench
	$(BIN)/python scripts/bench.py

clean:
	rm -rf build
