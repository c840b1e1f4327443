"""One issue per listing that needs attention: what to open, update and close.

    python -m rehab_directory.review.issues --report reverify/report.json \\
        --issues reverify/issues.json --output-dir reverify/plan

``--report`` is ``scripts/review.py --all``'s JSON; ``--issues`` is the open issues of the
label, as ``gh issue list --json number,title,body,author`` gives them. The plan is written
as ``actions.json`` (a list of ``{"action": "create" | "update" | "close", "number",
"title", "body_file", "comment_file"}``) with the Markdown files it names beside it, so the
weekly workflow is a thin loop around ``gh`` and all the logic is here, tested.

Each issue carries a marker naming its listing, which is how the next run finds it; only
issues the workflow's own bot opened are matched (anyone can write a marker into an issue).
An issue is opened mentioning the listing's maintainers, the GitHub user names in the
reviewed listing file, each checked to be a valid user name; it is updated while the listing
needs attention (with a comment mentioning them again when the listing becomes withheld), and
closed once it no longer does. Listing text is escaped, so it cannot mention anyone itself.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rehab_directory.core.fields import GITHUB_HANDLE_RE, SLUG_RE
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import long_date
from rehab_directory.support.program import program_name

from .markup import code, md

LABEL = "re-verification"
BOTS = frozenset({"github-actions[bot]", "app/github-actions", "github-actions"})
_MARKER = "<!-- open-rehab-directory attention: {slug} state={state} -->"
_MARKER_RE = re.compile(r"\A<!-- open-rehab-directory attention: ([a-z0-9-]+) "
                        r"state=(withheld|ahead) -->")


@dataclass(frozen=True)
class Action:
    action: str  # create, update, close
    slug: str
    number: int | None = None
    title: str | None = None
    body: str | None = None
    comment: str | None = None


def marker(body: str) -> tuple[str, str] | None:
    """(slug, state) from the first line of an issue body this workflow wrote."""
    found = _MARKER_RE.match(body or "")
    return (found.group(1), found.group(2)) if found else None


def mentions(handles: Sequence[str]) -> str:
    valid = [h for h in handles if isinstance(h, str) and GITHUB_HANDLE_RE.match(h)]
    return " ".join(f"@{h}" for h in dict.fromkeys(valid))


def title(entry: dict) -> str:
    """Made of the slug (checked) and our own words only, and stable from week to week."""
    if entry["withheld"]:
        return f"{entry['slug']}: withheld from the directory ({entry['reason']})"
    first = next((n for n in entry["notices"] if n.get("on")), None)
    if first is None:
        named = next((n["standard"] for n in entry["notices"] if n.get("standard")), None)
        return f"{entry['slug']}: {named} not met" if named else f"{entry['slug']}: needs attention"
    day = long_date(date.fromisoformat(first["on"]))
    return f"{entry['slug']}: {first.get('standard') or 'evidence'} lapses on {day}"


def body(entry: dict, today: str) -> str:
    state = "withheld" if entry["withheld"] else "ahead"
    who = mentions(entry["maintainers"])
    name = f"{md(entry['name'])} ({code(entry['slug'])})" if entry.get("name") else code(
        entry["slug"])
    lines = [_MARKER.format(slug=entry["slug"], state=state), ""]
    if entry["withheld"]:
        lines.append(f"{who + ': ' if who else ''}the listing {name} is **withheld from the "
                     f"public directory**: {md(entry['reason'])}. It comes back as soon as the "
                     "points below are dealt with.")
    else:
        lines.append(f"{who + ': ' if who else ''}the listing {name} is published, but "
                     "something in it needs attention: deal with what lapses before its "
                     "date to keep the listing in the public directory.")
    lines += ["", "| What | When | What to do |", "| --- | --- | --- |"]
    for n in entry["notices"]:
        what = f"**{n['standard']}** {md(n['title'])}" if n.get("standard") else md(n["title"])
        lines.append(f"| {what} | {md(n['when'])} | {md(n['action'])} |")
    lines += ["", f"Checked on {md(today)} (UK time) by the weekly re-verification workflow; "
              "this issue is updated each week and closed when nothing is due. Providers: "
              "update your listing by pull request (CONTRIBUTING.md). Reviewers: see "
              "REVIEWING.md."]
    return "\n".join(lines) + "\n"


def plan(report: dict, existing: list[dict], bots: frozenset[str] = BOTS) -> list[Action]:
    """What to do so that each listing in ``report`` has exactly one open issue, kept up to
    date, and no other listing has one."""
    today = str(report.get("today", ""))
    wanted = {e["slug"]: e for e in report.get("listings", [])
              if isinstance(e.get("slug"), str) and SLUG_RE.match(e["slug"])}
    ours: dict[str, list[dict]] = {}
    for issue in sorted(existing, key=lambda i: int(i.get("number", 0))):
        login = (issue.get("author") or {}).get("login", "")
        found = marker(issue.get("body", ""))
        if found and login in bots and isinstance(issue.get("number"), int):
            ours.setdefault(found[0], []).append({**issue, "_state": found[1]})
    actions: list[Action] = []
    for slug, entry in wanted.items():
        text, heading = body(entry, today), title(entry)
        issues = ours.get(slug, [])
        if not issues:
            actions.append(Action("create", slug, title=heading, body=text))
            continue
        first, *extra = issues
        comment = None
        if entry["withheld"] and first["_state"] != "withheld":
            who = mentions(entry["maintainers"])
            comment = (f"{who + ': ' if who else ''}this listing is now withheld from the "
                       f"public directory ({md(entry['reason'])}). The issue says what would "
                       "bring it back.\n")
        if text != first.get("body") or heading != first.get("title") or comment:
            actions.append(Action("update", slug, first["number"], heading, text, comment))
        actions.extend(Action("close", slug, i["number"], comment=f"A duplicate of "
                              f"#{first['number']}, which stays open for this listing.\n")
                       for i in extra)
    for slug, issues in ours.items():
        if slug not in wanted:
            actions.extend(Action("close", slug, i["number"], comment=(
                f"Nothing about {code(slug)} needs attention any more (checked on "
                f"{md(today)}): closing.\n")) for i in issues)
    return actions


def write_plan(actions: list[Action], out: Path) -> Path:
    """actions.json and the Markdown files it names, in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, a in enumerate(actions, 1):
        row: dict = {"action": a.action, "slug": a.slug, "number": a.number, "title": a.title,
                     "body_file": None, "comment_file": None}
        for key, text in (("body_file", a.body), ("comment_file", a.comment)):
            if text is not None:
                path = out / f"{n:04d}-{key.split('_')[0]}.md"
                write_atomically(path, text)
                row[key] = str(path)
        rows.append(row)
    target = out / "actions.json"
    write_atomically(target, json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    return target


def _read_json(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"issues: cannot read {what} {path}: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m rehab_directory.review.issues"),
        description="Plan one issue per listing that needs attention: which to open, update "
                    "and close, from scripts/review.py --all's JSON and the open issues.")
    parser.add_argument("--report", type=Path, required=True, metavar="FILE",
                        help="report.json written by scripts/review.py --all --output-dir")
    parser.add_argument("--issues", type=Path, required=True, metavar="FILE",
                        help="open issues: gh issue list --json number,title,body,author")
    parser.add_argument("--output-dir", type=Path, required=True, metavar="DIR",
                        help="where to write actions.json and the issue texts")
    args = parser.parse_args(argv)
    report = _read_json(args.report, "the report")
    existing = _read_json(args.issues, "the issue list")
    if not isinstance(report, dict) or report.get("kind") != "attention" or not isinstance(
            existing, list):
        print("issues: --report must be scripts/review.py --all's report.json and --issues a "
              "JSON list of issues", file=sys.stderr)
        return 2
    actions = plan(report, existing)
    target = write_plan(actions, args.output_dir)
    counts = {k: sum(1 for a in actions if a.action == k) for k in ("create", "update", "close")}
    print(f"Wrote {target}: {counts['create']} to open, {counts['update']} to update, "
          f"{counts['close']} to close.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
