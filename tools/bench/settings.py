"""What every part of the benchmark shares: where the repository is, the interpreter, the day
and seed of the generated listings, and the browser."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
NA = "not available"
TODAY = date(2026, 11, 23)  # the day every listing is checked as on (as the tests do)
SEED = 1
GZIP_LEVEL = 6  # what web servers commonly use for on-the-fly compression
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# Top-level entries of the repository never copied into a benchmark root.
SKIP = {".git", ".venv", "content", "output", "benchmarks", ".build-cache", "__pycache__",
        ".pytest_cache", ".ruff_cache", "open_rehab_directory.egg-info", ".bench-deps"}

# Reference figures measured on this 2-core machine (from issue #6), for the table's notes.
REFERENCE = {
    "stock Pelican, minimal Markdown pages": {"1000": "4.8 s", "10000": "55-66 s"},
    "bare YAML->pydantic->Jinja2->write pipeline": {"1000": "1.4-2.0 s",
                                                    "10000": "10.7-15.6 s"},
    "PyYAML C loader alone": {"10000": "5.2 s"},
    "lunr.py full-text index": {"per listing": "2.6-2.9 ms"},
}
# Python-Markdown for the stock-Pelican reference, installed by `make bench` (see stages.py).
REFERENCE_DEPS = ROOT / ".bench-deps"
