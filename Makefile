# Campus — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
DEMO_PASSWORD ?=
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compilemessages migrate demo clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the pinned requirements

compilemessages: install ## Compile the es/en/fr translation catalogues
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0

messages: install ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(PY) manage.py makemessages -l es -l en -l fr --no-location --ignore=$(VENV) --ignore=node_modules --ignore=var --ignore=tests --ignore=migrations

migrate: install ## Apply database migrations
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0

demo: migrate ## Load (or refresh) the demo content and accounts
	$(PY) manage.py load_demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")

run: install compilemessages migrate ## Fresh clone to a running demo site on http://127.0.0.1:$(PORT)
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py load_demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	@echo ""
	@echo "Campus is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install compilemessages ## Run the whole test suite
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var

.PHONY: bench bench-deps

bench: install compilemessages ## Run the benchmarks in benchmarks/ and write var/bench.json
	$(PY) benchmarks/run_all.py

bench-deps: ## Install wrk, the load generator that benchmarks/ prefers, when it is missing
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; }
