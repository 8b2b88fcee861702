# The two commands that matter: `make run` starts the app, `make test` runs every test.
# Both set up .venv on a fresh machine by themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DIST := $(VENV)/.installed-dist
VERSION     = $(shell $(PY) -c "import practice_desk; print(practice_desk.__version__)")

.PHONY: run demo test lint bench dist dist-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

$(STAMP_DIST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dist]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(PY) -m practice_desk

demo: $(STAMP_RUN)
	$(PY) -m practice_desk --demo

lint: $(STAMP_TEST)
	$(PY) -m ruff check src tests benchmarks installers

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
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/frozen_startup.py  # after `make dist`

# The Linux installers in dist/: a per-user tar.xz and a .deb (Windows and macOS: see README).
dist: $(STAMP_DIST)
	$(PY) -m PyInstaller installers/practice_desk.spec --noconfirm --distpath dist --workpath build
	bash installers/linux/build.sh $(VERSION)

# Installs what `make dist` built into a throwaway home and runs the installed app's self-check.
dist-check: dist
	bash installers/linux/check.sh $(VERSION)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
