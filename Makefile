# Two commands do everything: `make run` (the app with demo data on SQLite at
# http://127.0.0.1:8000) and `make test` (the whole test suite, on DATABASE_URL or SQLite).
PYTHON ?= $(shell bin/find-python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint bench messages clean

$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"
	@$(VENV)/bin/uv sync --quiet --frozen --inexact --python $(PY)
	@bin/check-system
	@touch $@

run: $(VENV)/.synced
	@bin/ensure-ocr
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver $(HOST)

test: $(VENV)/.synced
	@bin/ensure-chromium
	@bin/ensure-ocr
	@bin/ensure-vnu
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: $(VENV)/.synced
	DEBUG=true $(PY) manage.py makemessages -l de -l en --no-location --ignore=.venv --ignore=staticfiles
	for po in locale/*/LC_MESSAGES/django.po; do msgcat --sort-output --no-wrap -o $$po $$po; done  # sorted: branches merge cleanly
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv  # the .mo files are committed

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-*
