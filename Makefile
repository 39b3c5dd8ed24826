# Quick start: `make build` then `make test` (see README.md). `make build` installs the default
# build engine (MkDocs) only; `make test` adds ProperDocs and Zensical for the browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: fonts for non-Latin evidence text in the PDF, CJK included (WeasyPrint needs Pango, which
# the base system has); Chromium and poppler-utils for the browser and PDF tests.
BUILD_DEBS := fonts-dejavu-core fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
TEST_DEBS := chromium poppler-utils qpdf

.PHONY: build test install system-deps test-deps clean

build: install system-deps
	$(BIN)/evidence build --out site --jobs 2

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

system-deps:
	@sh scripts/apt-ensure.sh $(BUILD_DEBS)

test-deps: install $(VENV)/.test-installed system-deps
	@sh scripts/apt-ensure.sh $(TEST_DEBS)

test: test-deps
	$(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf site .evidence-cache build
