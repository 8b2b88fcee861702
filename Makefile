# The two commands that matter: `make run` starts the app, `make test` runs every test.
# Both set up .venv on a fresh machine by themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run demo test lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(PY) -m practice_desk

demo: $(STAMP_RUN)
	$(PY) -m practice_desk --demo

lint: $(STAMP_TEST)
	$(PY) -m ruff check src tests benchmarks

test: $(STAMP_TEST) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/startup.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/client_search.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/calendar_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/session_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/progress_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/document_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/backup_bench.py  # PRACTICE_DESK_BENCH_SCALE=0.1 for a tenth

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
