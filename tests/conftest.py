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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--dist loadgroup`` (make test): every test of an ``xdist_group`` on one worker.

    pytest-xdist 3.8 tells its scheduler a test's group by appending ``@group`` to
    ``item._nodeid``, which pytest 9.2 no longer reads (node ids are structured now, in
    ``item._id``; pytest-xdist issue 1386). Every group was split over both workers, silently:
    Lighthouse, the Nu checker and the hostile build ran once in each. This writes the same
    suffix, made the same way, where pytest 9.2 reads it, and stops the run if a group would
    still be split. It does nothing where xdist's own suffix took (an older pytest, or an
    xdist with the fix): then this can go.
    """
    if not getattr(config.option, "loadgroup", False):  # set in xdist's workers only
        return
    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        if not names:
            continue
        suffix = "@" + "_".join(names)
        if not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)
        if not item.nodeid.endswith(suffix):
            raise pytest.UsageError(f"{item.nodeid}: its xdist_group {names} would not keep it "
                                    "on one worker (see tests/conftest.py)")
