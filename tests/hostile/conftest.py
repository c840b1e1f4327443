"""Hostile-input tests share the validator tests' helpers (tests/validator/validator_support.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validator"))
