"""The README's benchmark table: the part between two markers, replaced by the latest one."""

from __future__ import annotations

import sys
from pathlib import Path

README_START = ("<!-- bench:start (python -m tools.bench --update-readme writes this part) "
                "-->")
README_END = "<!-- bench:end -->"


def update_readme(readme: Path, table: str) -> None:
    """Replace the part of README.md between the benchmark markers by ``table``."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        print(f"{readme.name} has no benchmark markers; not updated", file=sys.stderr)
        return
    text = text[:start + len(README_START)] + "\n" + table + text[end:]
    readme.write_text(text, encoding="utf-8")
