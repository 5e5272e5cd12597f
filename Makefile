# LawTrail. Two commands matter (README): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench messages openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

## make run: set up, migrate the SQLite database under var/, load the demo data once, print the demo
## logins and serve http://$(HOST):$(PORT)/
run: $(VENV)/.installed
	$(BIN)/lawtrail demo
	$(BIN)/lawtrail serve --host $(HOST) --port $(PORT)

## make test: ruff, makemigrations --check, then the whole suite on SQLite and on a PostgreSQL 15
## server started for the run
test: $(VENV)/.installed-dev
	$(BIN)/python scripts/run_tests.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run_all.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/cases.py --postgres
	$(BIN)/python bench/watermark.py
	$(BIN)/python bench/reads.py
	$(BIN)/python bench/reads.py --postgres

openapi: $(VENV)/.installed-dev
	$(BIN)/lawtrail openapi --output docs/openapi.json

messages: $(VENV)/.installed-dev
	cd src/lawtrail && ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var/test-*
