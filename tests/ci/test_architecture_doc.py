"""ARCHITECTURE.md stays true: every path it names exists, and every package is in it."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "ARCHITECTURE.md"
PACKAGE = REPO / "rehab_directory"


def named_paths(text: str) -> set[str]:
    """Paths in `code spans`: with a slash or a file suffix, not a URL, a glob or a command."""
    spans = re.findall(r"`([^`\s]+)`", text)
    return {s.rstrip("/") for s in spans
            if ("/" in s or re.search(r"\.(py|md|yaml|j2|toml|json)$", s))
            and not re.search(r"[*<>{}:]|^https?|^\.build-cache|^/", s)}


def test_every_path_the_architecture_names_exists():
    text = DOC.read_text("utf-8")
    paths = named_paths(text)
    assert len(paths) > 30
    missing = sorted(p for p in paths
                     if not (REPO / p).exists() and not (PACKAGE / p).exists())
    assert missing == []


def test_every_package_of_the_code_is_in_the_architecture():
    text = DOC.read_text("utf-8")
    packages = [p.parent.relative_to(REPO).as_posix()
                for p in sorted(PACKAGE.glob("*/__init__.py"))]
    assert "rehab_directory/core" in packages
    assert [p for p in packages if f"`{p}/`" not in text and f"`{p}`" not in text] == []


def test_the_path_finder_sees_paths_and_leaves_the_rest():
    assert named_paths("`core/model.py` `site/` `make bench` `https://x.org/a` "
                       "`standards/*.yaml` `ARCHITECTURE.md`") == {
        "core/model.py", "site", "ARCHITECTURE.md"}
