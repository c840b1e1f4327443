"""The command that applies a submitted issue form to the repository.

    python -m rehab_directory.forms BODY_FILE --author HANDLE [--issue NUMBER]
                                    [--output-dir DIR] [--dry-run] [--today YYYY-MM-DD]
    python scripts/update_from_form.py ...                     (the same)

BODY_FILE holds the issue's body as GitHub wrote it (``-`` reads standard input). The listing
it names is edited in place under ``--root`` (default: this repository) unless ``--dry-run``.
With ``--output-dir`` it also writes what the workflow needs, all of it made here and all
listing or issue text escaped:

* ``result.json``: applied or not, the form, slug, listing path, changed fields, whether a
  maintainer must check it, and the pull request's title, branch and labels;
* ``pull-request.md``: the pull request's description (it closes the issue when merged);
* ``comment.md``: a reply for the issue, saying what was done or, in plain words, what to
  correct.

Whether the author may change the listing comes from the listing's ``maintainers`` and the
framework's reviewers in ``.github/reviewers.yaml`` under ``--root``.

Exit status: 0 the listing was changed (``maintainer_check`` in result.json says whether the
author maintains it), 1 the form could not be applied (nothing was written; the reasons are
printed and in comment.md), 2 usage error (no such body file, bad option).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import date_argument, uk_today
from rehab_directory.support.program import program_name

from ..review.markup import code, md
from ..validator.engine import ROOT
from .apply import Outcome, apply
from .body import MAX_BODY
from .definitions import FORMS, LABEL

CHECK_LABEL = "needs-maintainer-check"
HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def branch_name(issue: int | None, slug: str) -> str:
    return f"listing-update/issue-{issue}" if issue is not None else f"listing-update/{slug}"


def title(outcome: Outcome, issue: int | None) -> str:
    form = next(f for f in FORMS if f.kind == outcome.form)
    prefix = "[Maintainer check] " if outcome.maintainer_check else ""
    source = f" (form, issue #{issue})" if issue is not None else " (form)"
    return f"{prefix}{outcome.slug}: {form.title.lower()}{source}"


def _table(outcome: Outcome) -> list[str]:
    rows = ["| Field | Before | After |", "| --- | --- | --- |"]
    rows += [f"| {code(name)} | {md(old)} | {md(new)} |" for name, old, new in outcome.fields]
    return rows


def pull_request_body(outcome: Outcome, issue: int | None) -> str:
    form = next(f for f in FORMS if f.kind == outcome.form)
    lines = [f"Made from the **{form.name}** form"
             + (f" in issue #{issue}" if issue is not None else "")
             + f", submitted by `{outcome.author}`, by `scripts/update_from_form.py`. "
               f"It changes only `{outcome.path}`:", "", *_table(outcome), ""]
    if outcome.maintainer_check:
        who = ", ".join(f"`{m}`" for m in outcome.maintainers) or "nobody"
        lines += [f"> [!WARNING]\n> **A maintainer must check this.** `{outcome.author}` is "
                  f"not one of this listing's maintainers ({who}). Do not merge until a "
                  "framework reviewer has confirmed the change with the service through a "
                  "channel already on record. The review report fails on SCOPE-004 until "
                  "then.", ""]
    if outcome.remaining:
        lines += [f"The listing already had {len(outcome.remaining)} error(s) before this "
                  "change; the review report lists them.", ""]
    if outcome.reformatted:
        lines += ["The listing's layout could not be kept exactly (an unusual indentation); "
                  "the data is unchanged apart from the fields above.", ""]
    lines += ["The review report below (posted by the same workflow) checks the listing "
              "against the standards. Pull requests opened by a workflow do not start the "
              "other workflows: see REVIEWING.md.", ""]
    if issue is not None:
        lines += [f"Closes #{issue}", ""]
    return "\n".join(lines)


def issue_comment(outcome: Outcome, issue: int | None) -> str:
    if not outcome.applied:
        problems = "\n".join(f"- {md(p.text())}" for p in outcome.problems)
        return ("Thank you. Your form could not be turned into a change yet, and nothing was "
                f"changed:\n\n{problems}\n\nEdit this issue to correct it (the ✏️ menu at the "
                "top right of your message, then *Edit*) and it will be read again.\n")
    check = (" Because your GitHub account is not one of this listing's maintainers, a "
             "framework reviewer will confirm the change with the service before it is "
             "approved." if outcome.maintainer_check else "")
    return ("Thank you. A pull request with your change is open for review; this issue "
            f"closes when it is merged.{check}\n\n" + "\n".join(_table(outcome)) + "\n")


def result_json(outcome: Outcome, issue: int | None) -> dict:
    data: dict = {
        "applied": outcome.applied,
        "form": outcome.form,
        "slug": outcome.slug,
        "path": outcome.path,
        "author": outcome.author,
        "issue": issue,
        "problems": [{"question": p.question, "message": p.message} for p in outcome.problems],
    }
    if outcome.applied:
        labels = [LABEL] + ([CHECK_LABEL] if outcome.maintainer_check else [])
        data.update({
            "maintainer_check": outcome.maintainer_check,
            "maintainers": outcome.maintainers,
            "fields": [{"field": n, "before": _plain(a), "after": _plain(b)}
                       for n, a, b in outcome.fields],
            "reformatted": outcome.reformatted,
            "title": title(outcome, issue),
            "branch": branch_name(issue, outcome.slug),
            "labels": labels,
            "commit_message": f"{outcome.slug}: {_form_title(outcome)} from the form"
                              + (f" (issue #{issue})" if issue is not None else ""),
        })
    return data


def _form_title(outcome: Outcome) -> str:
    return next(f for f in FORMS if f.kind == outcome.form).title.lower()


def _plain(value):
    return value if isinstance(value, str | int | float | bool | list | type(None)) \
        else str(value)



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name("update_from_form.py"),
        description="Apply a submitted GitHub issue form (wait times, contact details, beds, "
                    "admissions) to the listing it names: only those fields change, the rest "
                    "of the file stays exactly as it was, and the result is validated.")
    parser.add_argument("body", metavar="BODY_FILE",
                        help="a file holding the issue's body, or - for standard input")
    parser.add_argument("--author", required=True, metavar="HANDLE",
                        help="the GitHub user name of the person who submitted the form")
    parser.add_argument("--issue", type=int, metavar="NUMBER", help="the issue's number")
    parser.add_argument("--form", choices=[f.kind for f in FORMS],
                        help="which form (default: recognised from the body's headings)")
    parser.add_argument("--output-dir", type=Path, metavar="DIR",
                        help="write result.json, pull-request.md and comment.md there")
    parser.add_argument("--dry-run", action="store_true",
                        help="change nothing; print the edited listing instead")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="check as if today were this date (for reproducible runs)")
    parser.add_argument("--root", type=Path, default=ROOT, metavar="REPO",
                        help="the repository whose listing to change (default: this one)")
    return parser


def _read_body(parser: argparse.ArgumentParser, name: str) -> str:
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_BODY * 4 + 1)
        else:
            with open(name, "rb") as fh:
                raw = fh.read(MAX_BODY * 4 + 1)
    except OSError as exc:
        parser.error(f"cannot read {name}: {exc.strerror}")
    return raw.decode("utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not HANDLE.fullmatch(args.author):
        parser.error(f"--author: '{args.author[:40]}' is not a GitHub user name")
    if args.issue is not None and args.issue < 1:
        parser.error("--issue: give the issue's number, such as 15")
    body = _read_body(parser, args.body)
    root = args.root.resolve()
    if not (root / "content" / "providers").is_dir():
        parser.error(f"--root: {root} has no content/providers/ folder")
    try:
        outcome = apply(body, args.author, root, args.today or uk_today(), args.form)
    except StandardsDataError:
        print("update_from_form.py: the framework's data in standards/ is broken; nothing "
              "was changed (run scripts/validate.py to see why).", file=sys.stderr)
        return 1
    if args.output_dir is not None:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        files = {"result.json": json.dumps(result_json(outcome, args.issue), indent=2,
                                           ensure_ascii=False) + "\n",
                 "comment.md": issue_comment(outcome, args.issue)}
        if outcome.applied:
            files["pull-request.md"] = pull_request_body(outcome, args.issue)
        for name, text in files.items():
            write_atomically(args.output_dir / name, text)
    if not outcome.applied:
        print("update_from_form.py: the form could not be applied; nothing was changed:",
              file=sys.stderr)
        for problem in outcome.problems:
            print(f"  - {problem.text()}", file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(outcome.text)
    else:
        write_atomically(root / outcome.path, outcome.text)
    changed = ", ".join(f"{n}: {old} → {new}" for n, old, new in outcome.fields)
    verb = "would change" if args.dry_run else "changed"
    print(f"update_from_form.py: {verb} {outcome.path} ({outcome.form} form): {changed}",
          file=sys.stderr)
    if outcome.maintainer_check:
        print(f"update_from_form.py: {args.author} is not a maintainer of {outcome.slug}; "
              "the pull request must be checked by a maintainer.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
