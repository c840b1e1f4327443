"""The validator's command line: check listings and print what was found.

    python -m rehab_directory.validate [PATH ...] [--format text|json|github] [--strict]
                                       [--today DATE]

The checks themselves (YAML, schema, files, standards, plain language) are the validator's
engine, ``rehab_directory.validator.engine``; each listing's result is a ``Checked``.

Exit status: 0 when nothing fails, 1 when something does, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from rehab_directory.core.findings import Finding, Severity, failing, render
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.clock import date_argument
from rehab_directory.support.program import program_name
from rehab_directory.support.progress import progress
from rehab_directory.validator.checked import Checked
from rehab_directory.validator.engine import ROOT, Validator


def _expand(paths: Sequence[str], validator: Validator) -> list[Path]:
    if not paths:
        return validator.listing_files()
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")))
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


# From this many files on, a person at a terminal sees a progress bar (support/progress.py:
# never in pipes or CI); fewer are checked in about a second.
BAR_FROM = 100


def _summary(checked: list[Checked], findings: list[Finding], strict: bool) -> str:
    counts = defaultdict(int)
    for f in findings:
        counts[f.severity] += 1
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
             for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE) if counts[s]]
    bad = sum(1 for c in checked if failing(c.findings, strict))
    if not parts:
        return f"All {len(checked)} listing(s) are valid and meet the framework's standards."
    return (f"{', '.join(parts)} in {len(checked)} listing(s); "
            f"{bad} listing(s) fail{' (--strict: warnings fail too)' if strict else ''}.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name("validate.py"),
        description="Check provider listings against the listing format and the framework's "
                    "standards. With no PATH, checks every listing in content/providers/.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="listing files or folders")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text (default), json, or github (annotations for GitHub Actions)")
    parser.add_argument("--strict", action="store_true", help="advisory findings fail too")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="check as if today were this date (for reproducible runs)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        validator = Validator(args.root, args.today)
        paths = _expand(args.paths, validator)
    except StandardsDataError as exc:
        print(render(exc.findings, args.format), file=sys.stdout)
        print("The framework's data (standards/ or content/glossary.yaml, as the findings "
              "above say) is broken; nothing was checked.",
              file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        parser.print_usage(sys.stderr)
        print(f"validate.py: error: no such file or folder: {exc}", file=sys.stderr)
        return 2
    validator.keep_marks = False  # the findings are made: positions are not needed after
    shown = len(paths) if len(paths) >= BAR_FROM else 0  # no bar for a moment's work
    with progress("Checking listings", shown) as advance:
        checked = validator.check_listings(paths, advance)
    findings = [f for c in checked for f in c.findings]
    output = render(findings, args.format)
    if output:
        print(output)
    if args.format == "text":
        print(_summary(checked, findings, args.strict), file=sys.stderr)
    return 1 if failing(findings, args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
