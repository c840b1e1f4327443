# Open Rehab Directory. `make site` builds the site, `make test` runs every test.
# Both set up everything they need on a fresh machine (a .venv and node_modules).
# The interpreter .venv is made from: the system's Python 3 when it is 3.11 or newer and can
# make a venv (on Debian, /usr/bin/python3 is statically linked and built with profile-guided
# and link-time optimisation: the build runs ~15% faster on it than on a Python compiled
# from source with default flags, as pyenv does), else whichever python3 is first on PATH.
# `make PYTHON=/path/to/python3 ...` chooses another (delete .venv first to switch).
PYTHON ?= $(firstword $(shell /usr/bin/python3 -c 'import ensurepip, sys; \
	sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3) python3)
VENV := .venv
PY := $(VENV)/bin/python
OUTPUT ?= output
# The public address when the site is hosted below a path (e.g. GitHub Pages); empty means
# root-relative links, right for `make serve` and most hosts.
SITE_URL ?=
PORT ?= 8000

.PHONY: site serve test lint validate bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Byte-compiled once here: where PYTHONDONTWRITEBYTECODE is set (many CI and container
# images, this one too) Python would otherwise compile the package at every start (~50 ms a
# command). Quick when nothing changed; a stale file is only recompiled in memory.
.PHONY: deps
deps: $(VENV)/.installed node_modules/.installed
	$(PY) -m compileall -q rehab_directory scripts tools

validate: $(VENV)/.installed
	$(PY) scripts/validate.py

site: deps
	$(PY) -m rehab_directory.build --output $(OUTPUT) --site-url "$(SITE_URL)"

# Builds, serves on 127.0.0.1 and rebuilds on every save of a listing, page or template.
serve: deps
	$(PY) -m rehab_directory.preview --output $(OUTPUT) --port $(PORT)

lint: $(VENV)/.installed
	$(PY) -m ruff check .

# Python-Markdown for the benchmark's stock-Pelican reference only, in a folder of its own:
# installed in the venv, Pelican would import it at every build of ours.
BENCH_DEPS := .bench-deps
$(BENCH_DEPS)/.installed: benchmarks/reference-requirements.txt $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check --upgrade --target $(BENCH_DEPS) \
		-r benchmarks/reference-requirements.txt
	touch $@

test: deps lint $(BENCH_DEPS)/.installed
	$(PY) -m pytest -n 2 --dist loadgroup --ignore=tests/browser/test_editor.py
	$(PY) -m pytest tests/browser/test_editor.py

bench: deps $(BENCH_DEPS)/.installed
	$(PY) -m tools.bench

clean:
	rm -rf $(OUTPUT) output.* .build-cache $(BENCH_DEPS)
