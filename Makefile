# Bollwerk — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install static messages migrate lint format lock bench clean check-deploy

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	@touch $@

install: $(VENV)/.installed static messages

# Third-party browser assets come from npm (lock file committed), never from a CDN.
frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

static/vendor/.built: frontend/node_modules/.package-lock.json
	mkdir -p static/vendor
	cp frontend/node_modules/htmx.org/dist/htmx.min.js static/vendor/
	mkdir -p static/vendor/fonts
	cp frontend/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans{,-Bold,-Oblique}.ttf frontend/node_modules/dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf frontend/node_modules/dejavu-fonts-ttf/LICENSE static/vendor/fonts/
	@touch $@

static: static/vendor/.built

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=frontend -v 0

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input -v 0

# Serve the web UI with a Celery worker and beat beside it; Ctrl-C stops all three.
run: migrate
	@DEBUG=$${DEBUG:-1} $(PY) manage.py preflight
	@DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --if-empty --credentials-file var/demo-login.txt > /dev/null
	@cat var/demo-login.txt; echo "Open http://127.0.0.1:$(PORT)/"
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH DEBUG=$${DEBUG:-1} $(VENV)/bin/honcho -f Procfile start -p $(PORT)

test: install
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))')} \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-bollwerk.example} $(PY) manage.py check --deploy --fail-level WARNING

# Regenerate the pinned lock from pyproject.toml (run after changing dependencies).
lock:
	rm -rf /tmp/bollwerk-lock && $(PYTHON) -m venv /tmp/bollwerk-lock
	/tmp/bollwerk-lock/bin/pip install --quiet --upgrade pip
	/tmp/bollwerk-lock/bin/pip install --quiet -e '.[test]'
	/tmp/bollwerk-lock/bin/pip freeze --exclude-editable | grep -v '^bollwerk' | sed -E 's|^([A-Za-z0-9_.-]+) @ file://.*/[A-Za-z0-9_.]+-([0-9][A-Za-z0-9_.+]*)-py.*$$|\1==\2|' > requirements.lock

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) frontend/node_modules static/vendor var
