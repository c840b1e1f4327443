"""Files generated from the code and data, committed so editors and readers can use them.

    python -m rehab_directory.generated          # rewrite them
    python -m rehab_directory.generated --check  # exit 1 if any is out of date (used by tests)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rehab_directory.core.model import listing_json_schema
from rehab_directory.core.rules import RULES
from rehab_directory.framework.standards import Framework
from rehab_directory.site import cms
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.program import program_name

from .forms import issue_templates

ROOT = Path(__file__).resolve().parent.parent


def _schema() -> str:
    return json.dumps(listing_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _standards(root: Path) -> str:
    fw = Framework.load(root / "standards")
    lines = ["# The framework's standards", "",
             "Generated from `standards/standards.yaml` by `python -m rehab_directory.generated`;",
             "do not edit by hand. A *required* standard must be met for a listing to be",
             "published; an *advisory* one is shown to reviewers and fails only with `--strict`.",
             ""]
    for area_id, area in fw.areas.items():
        lines += [f"## {area}", ""]
        for s in (s for s in fw.standards.values() if s.area == area_id):
            lines += [f"### {s.id}: {s.title}", "", f"- Level: **{s.level}**",
                      f"- Reads: {', '.join(f'`{e}`' for e in s.evidence)}", "",
                      f"**Why it matters.** {s.why}", "", f"**How to meet it.** {s.how}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _rules() -> str:
    lines = ["# File, YAML and schema rules", "",
             "Generated from `rehab_directory/core/rules.py`; do not edit by hand. The framework's",
             "standards are in [standards.md](standards.md).", "",
             "| ID | Level | Rule | Why | How to fix |", "|---|---|---|---|---|"]
    for r in RULES.values():
        lines.append(f"| {r.id} | {r.severity} | {r.title} | {r.why} | {r.fix} |")
    return "\n".join(lines) + "\n"


def outputs(root: Path = ROOT) -> dict[Path, str]:
    return {
        root / "schema" / "listing.schema.json": _schema(),
        root / "docs" / "standards.md": _standards(root),
        root / "docs" / "rules.md": _rules(),
        **issue_templates(root),
        **cms.outputs(root),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m rehab_directory.generated"),
        description=__doc__.split("\n\n")[0] + " Rewrites those that changed.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any of them is out of date")
    check = parser.parse_args(argv).check
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, text)
    for path in stale:
        verb = "is out of date" if check else "written"
        print(f"{path.relative_to(ROOT)}: {verb}", file=sys.stderr)
    if check and stale:
        print("Run: python -m rehab_directory.generated", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
