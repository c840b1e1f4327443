"""A throw-away copy of the listings and standards per test, for the forms to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from forms_helpers import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")
