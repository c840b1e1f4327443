"""validate's progress bar: shown to a person at a terminal checking many files, never in
pipes or CI, nor for a moment's work (as the build's, tests/site/test_progress.py)."""

from __future__ import annotations

import io
import sys

import pytest

from rehab_directory import validate
from tools.listing_generator import write_listings


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def many(tmp_path_factory, root, today):
    site = tmp_path_factory.mktemp("many")
    (site / "standards").symlink_to(root / "standards")
    (site / "content").mkdir()
    (site / "content" / "glossary.yaml").symlink_to(root / "content" / "glossary.yaml")
    write_listings(site / "content" / "providers", validate.BAR_FROM, 7, today)
    return site


def _validate(site, today, stderr, monkeypatch, *paths) -> str:
    monkeypatch.setattr(sys, "stderr", stderr)
    code = validate.main(["--root", str(site), "--today", today.isoformat(), *map(str, paths)])
    assert code == 0
    return stderr.getvalue()


def test_a_terminal_checking_many_files_sees_a_bar(many, today, monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    shown = _validate(many, today, Terminal(), monkeypatch)
    assert "Checking listings" in shown and f"{validate.BAR_FROM}/{validate.BAR_FROM}" in shown
    assert shown.rstrip().endswith("are valid and meet the framework's standards.")


def test_no_bar_in_a_pipe_in_ci_or_for_a_few_files(many, today, monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    assert "Checking listings" not in _validate(many, today, io.StringIO(), monkeypatch)
    few = sorted((many / "content" / "providers").glob("*.yaml"))[:3]
    assert "Checking listings" not in _validate(many, today, Terminal(), monkeypatch, *few)
    monkeypatch.setenv("CI", "true")
    assert "Checking listings" not in _validate(many, today, Terminal(), monkeypatch)
