# One entry point per job. `make run` and `make test` set up everything they need from nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# The one public address printed slips, cards, QR codes and link exports point to (never a
# request's Host header). Set it yourself behind a proxy: `make run SKRINING_BASE_URL=https://…`.
SKRINING_BASE_URL ?= http://$(HOST):$(PORT)
export SKRINING_BASE_URL

# WeasyPrint needs Pango; libharfbuzz-subset0 makes its font subsetting fast; poppler-utils'
# pdfunite merges bulk-printed PDFs in little memory.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core poppler-utils
# Browser tests, PDF checks (pdftotext/pdftoppm), QR decoding, load tests; nginx and openssl for
# the test that runs docs/deploy's nginx site in front of gunicorn.
TEST_DEBS := chromium poppler-utils zbar-tools wrk nginx openssl

CATALOGS := $(wildcard translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: help setup setup-test run test lint format translations bench clean

help:
	@echo "make run         set up and serve the app and its job worker with demo data on $(SKRINING_BASE_URL)"
	@echo "make test        set up and run every check: ruff, translations, questionnaires, pytest"
	@echo "make bench       print the benchmark figures (docs/benchmarks.md); one: make bench BENCH=bench.scale"
	@echo "make translations  re-extract strings and merge them into the catalogs"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations -l $* -i $< -o $@

.system-run:
	tools/system-deps.sh $(RUN_DEBS)
	touch $@

.system-test:
	tools/system-deps.sh $(RUN_DEBS) $(TEST_DEBS)
	touch $@

setup: .system-run $(VENV)/.installed $(COMPILED)

setup-test: setup .system-test

# The demo lets KPU and FKTP accounts in with the password alone (admins still set up an
# authenticator app); never in production (README).
run: export SKRINING_STAFF_TOTP = optional
# The demo's screenings are spread over the last three weeks: its deadline is two weeks from today
# (a real installation sets SKRINING_SCREENING_DEADLINE, or gets polling day minus 14 days).
run: export SKRINING_SCREENING_DEADLINE ?= $(shell date -d '+14 days' +%F)
# The last step serves the web server and the job worker (bulk printing, the reminders) together;
# Ctrl-C stops both. The follow-up loop's first passes (outreach plan, send) run at once; the
# worker then repeats them by itself.
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) demo screenings --coverage 0.6
	$(FLASK) demo followups
	@$(FLASK) demo accounts
	$(FLASK) outreach plan
	$(FLASK) outreach send
	$(BIN)/python tools/run.py --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations: $(VENV)/.installed
	$(BIN)/python tools/i18n.py update

test: setup-test lint
	$(BIN)/python tools/i18n.py check
	$(FLASK) questionnaire check --translations translations
	$(BIN)/pytest -n auto

bench: setup-test
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) .system-run .system-test translations/*/LC_MESSAGES/*.mo
