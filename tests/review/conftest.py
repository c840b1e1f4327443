"""A real, throw-away git repository per test, with two providers' listings committed as the base.

Tests edit files, commit, and run the review on the two commits, exactly as the pull-request
workflow does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import BEACON, HARBOUR, REVIEWER, ROOT, Repo, harbour_text


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    path = tmp_path / "repo"
    (tmp_path / "out").mkdir()
    r = Repo(path, tmp_path / "out")
    path.mkdir()
    r.git("init", "-q", "-b", "main")
    shutil.copytree(ROOT / "standards", path / "standards")
    r.write(".github/reviewers.yaml", f"reviewers: [{REVIEWER}]\n")
    r.write(BEACON, (ROOT / BEACON).read_text(encoding="utf-8"))
    r.write(HARBOUR, harbour_text())
    r.write("theme/templates/base.html", "<!doctype html>\n")
    r.write("scripts/validate.py", "# the validator\n")
    r.base = r.commit("base")
    return r
