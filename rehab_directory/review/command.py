"""The command line of the review report (``scripts/review.py``, ``python -m
rehab_directory.review``).

    python scripts/review.py --base REF [--head REF] --author HANDLE
                             [--output-dir DIR] [--today YYYY-MM-DD]
    python scripts/review.py --all [--output-dir DIR] [--today YYYY-MM-DD]

Exit status for a pull request: 0 when no listing is made worse and scope holds, 1 when a
listing is made worse, a listing copies another's regulator location, the framework files
are broken, or scope is broken (enforced for a provider), 2 when the review cannot run (no
``--author``, an unknown revision, a broken reviewers list in the base revision).
``--all`` exits 0 unless the framework's data cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rehab_directory.core.fields import GITHUB_HANDLE_RE
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import date_argument, uk_today
from rehab_directory.support.program import program_name

from ..validator.engine import ROOT
from .attention import AHEAD_DAYS, attention, attention_json, render_attention
from .compare import review
from .gitread import ReviewError
from .render import render_markdown, report_json


def _handle(value: str) -> str:
    bare = value.removesuffix("[bot]")
    if not GITHUB_HANDLE_RE.match(bare):
        raise argparse.ArgumentTypeError(f"'{value}' is not a GitHub user name")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name("review.py"),
        description="Write the review report of a pull request (--base/--head/--author), or "
                    f"list, per listing, what is withheld or lapses within {AHEAD_DAYS} days "
                    "(--all). See REVIEWING.md.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--base", metavar="REF", help="the revision the pull request goes into")
    mode.add_argument("--all", action="store_true",
                      help="report over the working tree, per listing: what is withheld now "
                           f"and what lapses within {AHEAD_DAYS} days, with its maintainers")
    parser.add_argument("--head", metavar="REF", default="HEAD",
                        help="the pull request's revision (default: HEAD)")
    parser.add_argument("--author", metavar="HANDLE", type=_handle,
                        help="the pull request author's GitHub user name (required with "
                             "--base): a framework reviewer if the base revision's "
                             ".github/reviewers.yaml names them, else a provider")
    parser.add_argument("--reviewer", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--output-dir", type=Path, metavar="DIR",
                        help="write report.md and report.json there (default: Markdown on "
                             "standard output)")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="check as if today were this date in the UK (default: today in "
                             "Europe/London)")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the repository (default: the one this script is in)")
    return parser


def _write(output_dir: Path | None, markdown: str, data: dict) -> None:
    if output_dir is None:
        sys.stdout.write(markdown)
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(output_dir / "report.md", markdown)
    write_atomically(output_dir / "report.json", json.dumps(data, indent=2, ensure_ascii=False)
                     + "\n")
    print(f"Wrote {output_dir / 'report.md'} and {output_dir / 'report.json'}", file=sys.stderr)


def _unwritable(output_dir: Path | None) -> str | None:
    """Why the report cannot be written to ``output_dir`` (made if missing), or None."""
    if output_dir is None:
        return None
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return (f"cannot write the report to {output_dir} ({exc.strerror or exc}): give "
                "--output-dir a folder, or a path where one can be made")
    return None


def _usage(parser: argparse.ArgumentParser, message: str) -> int:
    """A usage error: the usage line and the message on standard error, exit status 2."""
    parser.print_usage(sys.stderr)
    print(f"review.py: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    today = args.today or uk_today()
    if args.reviewer:
        return _usage(parser, "--reviewer is gone: whether the author is a framework reviewer "
                              "comes from .github/reviewers.yaml in the base revision")
    if args.all:
        if (problem := _unwritable(args.output_dir)) is not None:
            return _usage(parser, problem)  # before the work, which would be lost
        try:
            items = attention(args.repo, today)
        except StandardsDataError as exc:
            print("\n".join(f.text() for f in exc.findings), file=sys.stderr)
            return 1
        _write(args.output_dir, render_attention(items, today), attention_json(items, today))
        return 0
    if args.author is None:
        return _usage(parser, "--author HANDLE is required with --base: say who opened the "
                              "pull request (their GitHub user name), so that scope can be "
                              "judged; the review does not guess")
    if (problem := _unwritable(args.output_dir)) is not None:
        return _usage(parser, problem)  # before the work, which would be lost
    try:
        report = review(args.repo, args.base, args.head, today, args.author)
    except ReviewError as exc:
        return _usage(parser, str(exc))
    _write(args.output_dir, render_markdown(report), report_json(report))
    for reason in report.failures:
        print(f"review.py: {reason}", file=sys.stderr)
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
