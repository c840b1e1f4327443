"""Fixtures shared by every test folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rehab_directory.validator.engine import Validator

ROOT = Path(__file__).resolve().parent.parent
# Every test checks listings as on this day, so that the sample data, whose dates are real,
# does not start failing as the calendar moves on.
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator(ROOT, TODAY)
