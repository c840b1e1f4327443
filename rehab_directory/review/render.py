"""The pull-request report as Markdown (the comment) and as JSON (the same content, for tools).

The headline and the summary are made from the same lists the sections show, so their counts
always match, and the headline never calls scope fine when a scope problem is listed. Every
piece of text that comes from a listing is escaped (``markup.md``).
"""

from __future__ import annotations

from collections import Counter

from rehab_directory.framework.publication import Standing
from rehab_directory.support.clock import long_date

from .markup import code, md
from .report import ListingReview, Report, jsonable
from .scope import SELF_VERIFIED
from .workspace import Side

MAX_COMMENT_CHARS = 60_000  # GitHub refuses comments over 65,536 characters

_STATUS = {"met": "✅ met", "not_met": "❌ not met", "excepted": "⚠️ excepted",
           "unchecked": "❌ not checked (listing invalid)", "absent": "—"}
_VERBS = {"A": "added", "M": "changed", "D": "removed", "R": "renamed", "T": "changed type"}


def _short(sha: str) -> str:
    return sha[:10]


def _withheld(lr: ListingReview) -> bool:
    a = lr.head.assessment
    return lr.head.path is not None and a is not None and not a.published


def verdict(report: Report) -> str:
    if not report.passed:
        return "❌ **Changes needed:** " + "; ".join(md(r) for r in report.failures) + "."
    if report.scope:
        return (f"✅ **Passes: no listing is made worse.** {len(report.scope)} scope "
                "problem(s) are listed below; they are reported for a second reviewer, not "
                "enforced, because the author is a framework reviewer.")
    return ("✅ **Passes: no listing is made worse, and scope is fine.** A person still needs "
            "to work through the checklist below.")


def standing_line(lr: ListingReview) -> str:
    """What the listing's standing is after this change, in plain words."""
    if lr.head.path is None:
        return "**Removed:** its page leaves the directory."
    after, before = lr.head.assessment, lr.base.assessment
    if after is None:
        return ""
    was_published = before is not None and lr.base.path is not None and before.published
    if lr.self_verified:
        without = ("awaits verification, like every new listing" if lr.base.path is None
                   else f"stays {'published' if was_published else 'withheld'} as before")
        return ("**Not judged as verified:** this pull request sets last_verified or "
                f"verified_by itself ({SELF_VERIFIED}), which only a framework reviewer records; "
                f"without that change the listing {without}.")
    if after.published:
        return ("**Published** after this change." if was_published or lr.base.path is None
                else "**Published again** after this change.")
    reason = after.reason
    if after.standing is Standing.UNVERIFIED and not lr.worse:
        return ("**Awaiting verification:** a new listing is withheld from the public "
                "directory until a framework reviewer verifies it. That is not a failure of "
                "this pull request.")
    if lr.worse:
        return f"**Withheld after this change:** {reason}."
    if lr.base.path is not None and not was_published:
        return (f"**Stays withheld:** {reason}. This change does not make the listing worse, "
                "so it passes; the listing returns to the public directory when the points "
                "below are dealt with.")
    return f"**Withheld:** {reason}."


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    add = lines.append
    add("## Listing review")
    add("")
    add(verdict(report))
    add("")
    if report.second_reviewer:
        add("🔶 **Needs a second reviewer:** this pull request changes the framework's files ("
            + ", ".join(code(p) for p in report.framework_changed) + "); a framework reviewer "
            "other than the author must approve it.")
        add("")
    role = ("a framework reviewer" if report.reviewer
            else "a provider (not in the base revision's .github/reviewers.yaml)"
            if report.reviewers_listed else
            "a provider (the base revision has no .github/reviewers.yaml, so nobody is "
            "treated as a framework reviewer)")
    add(f"Compared `{_short(report.merge_base)}` (base) with `{_short(report.head)}` (head), "
        f"checked as on {long_date(report.today)}; author {md(report.author)}, {role}.")
    add("")
    counts = Counter(lr.status for lr in report.listings)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "no listings changed"
    worse = [lr for lr in report.listings if lr.worse]
    newly = sum(len(lr.worse.standards) for lr in report.listings)
    withheld = [lr for lr in report.listings if _withheld(lr)]
    add(f"- Listings: {summary}")
    add(f"- Listings this change makes worse: {len(worse)}")
    add(f"- Required standards newly failing: {newly}")
    add(f"- Listings withheld from the public directory after it: {len(withheld)}")
    add(f"- Errors across listings: {len(report.errors)}")
    add(f"- Scope problems: {len(report.scope)}"
        + (" (reported, not enforced)" if report.scope and not report.enforce_scope else ""))
    add(f"- Warnings to weigh: {len(report.warnings)}")
    add("")

    add("### Scope")
    add("")
    if not report.scope:
        add("Only the listing's own files changed." if report.listings
            else "No listing files changed.")
    for item in report.scope:
        add(f"- **{item.rule}** {md(item.message)}")
    add("")
    if report.errors:
        add("### Errors across listings")
        add("")
        for item in report.errors:
            add(f"- **{item.rule}** {_about(report, item)}{md(item.message)}")
        add("")
    if report.framework_changed:
        _framework(report, add)
    for lr in report.listings:
        _listing(lr, add)
    if report.framework_errors:
        add("### Broken framework files")
        add("")
        for f in report.framework_errors:
            add(f"- {md(f.text())}")
        add("")

    add("### Warnings for a person to weigh")
    add("")
    if not report.warnings:
        add("None.")
    for item in report.warnings:
        add(f"- **{item.rule}** {_about(report, item)}{md(item.message)}")
    add("")
    add("### Only a person can check")
    add("")
    if not report.checklist:
        add("Nothing changed that only a person can check.")
    for line in report.checklist:
        add(f"- [ ] {line}")
    add("")
    add("<sub>Generated by scripts/review.py; see REVIEWING.md. Listing text is escaped.</sub>")
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_COMMENT_CHARS:
        text = text[:MAX_COMMENT_CHARS] + "\n\n… (report truncated; the full report is in the " \
                                          "workflow's artifact)\n"
    return text


def _about(report: Report, item) -> str:
    """'Beacon Lodge (`beacon-lodge-leeds`), residential rehab: ' for a warning's subject."""
    if not item.slug:
        return ""
    names = {lr.key: lr.name for lr in report.listings}
    name = names.get(item.slug)
    who = f"{md(name)} ({code(item.slug)})" if name else code(item.slug)
    return who + (f", {md(item.service)}" if item.service else "") + ": "


def _framework(report: Report, add) -> None:
    add("### Framework changes, value by value")
    add("")
    if not report.framework_values:
        add("The files changed, but no value in them did (comments or layout only).")
    else:
        add("| File | Item | Value | Before | After |")
        add("| --- | --- | --- | --- | --- |")
        for v in report.framework_values:
            add(f"| {code(v.file)} | {md(v.item)} | {code(v.field)} | {md(v.before)} | "
                f"{md(v.after)} |")
    add("")


def _listing(lr: ListingReview, add) -> None:
    paths = " → ".join(code(p) for p in dict.fromkeys(
        p for p in (lr.base.path, lr.head.path) if p))
    name = f" ({md(lr.name)})" if lr.name else ""
    add(f"### {md(lr.key)}{name}: {lr.status} ({paths})")
    add("")
    line = standing_line(lr)
    if line:
        add(line)
        add("")
    if lr.bring_back:
        add("What would bring it back:" if lr.head.assessment
            and lr.head.assessment.standing is not Standing.UNVERIFIED else "What comes next:")
        add("")
        for step in lr.bring_back:
            add(f"- {md(step, limit=600)}")
        add("")
    if lr.fields:
        add("<details><summary>Fields changed: " + str(len(lr.fields)) + "</summary>")
        add("")
        add("| Field | Before | After |")
        add("| --- | --- | --- |")
        for field, old, new in lr.fields:
            add(f"| {code(field)} | {md(old)} | {md(new)} |")
        add("")
        add("</details>")
        add("")
    if lr.assets:
        add("Files in the listing's folder:")
        add("")
        for c in lr.assets:
            what = f"{code(c.old_path)} → {code(c.path)}" if c.old_path else code(c.path)
            add(f"- {_VERBS.get(c.status, c.status)}: {what}")
        add("")
    shown = [row for row in lr.standards if row["order"] < 5]
    steady = len(lr.standards) - len(shown)
    if shown:
        add("| Standard | Level | Before | After |")
        add("| --- | --- | --- | --- |")
        for row in shown:
            flag = " 🆕" if row["newly_failing"] else ""
            after = _STATUS.get(row["after"], row["after"])
            if row["reviewer_only"] and row["after"] == "not_met" and lr.base.path is None:
                after = "⏳ awaiting verification"
            add(f"| **{row['id']}** {md(row['title'])} | {row['level']} | "
                f"{_STATUS.get(row['before'], row['before'])} | {after}{flag} |")
        add("")
    if steady:
        add(f"{'All' if not shown else 'The other'} {steady} standard(s) were met before "
            "and are met after." if lr.base.path else
            f"{'All' if not shown else 'The other'} {steady} standard(s) are met.")
        add("")
    problems = [(row, p) for row in lr.standards for p in row["problems"]]
    for row, p in problems:
        extra = f" (exception {md(row['exception'])})" if row["exception"] else ""
        add(f"- {row['id']}: {md(p)}{extra}")
    if problems:
        add("")
    standard_ids = {r["id"] for r in lr.standards}
    findings = [f for f in (lr.head.checked.findings if lr.head.checked else [])
                if f.rule not in standard_ids]
    if findings:
        add("Validator findings in the new version:")
        add("")
        for f in sorted(findings, key=lambda f: f.sort_key):
            add(f"- line {f.line}: {f.severity} **{f.rule}** {code(f.field)}: "
                f"{md(f.message)}. {md(f.fix)}")
        add("")


def report_json(report: Report) -> dict:
    def side(s: Side) -> dict | None:
        if s.path is None:
            return None
        return {"path": s.path,
                "valid": s.listing is not None,
                "publishable": bool(s.assessment and s.assessment.published),
                "standing": s.assessment.as_dict() if s.assessment else None,
                "findings": [f.as_dict() for f in (s.checked.findings if s.checked else [])]}

    return {
        "kind": "pull-request",
        "result": "pass" if report.passed else "fail",
        "failures": report.failures,
        "base": report.base, "head": report.head, "merge_base": report.merge_base,
        "today": report.today.isoformat(), "author": report.author,
        "author_is_reviewer": report.reviewer,
        "reviewers_listed": report.reviewers_listed,
        "scope_enforced": report.enforce_scope,
        "second_reviewer_needed": report.second_reviewer,
        "listings": [{
            "slug": lr.key, "name": lr.name, "status": lr.status, "touched": lr.touched,
            "worse": lr.worse.as_dict() if lr.worse else None,
            "before": side(lr.base), "after": side(lr.head),
            "causes": [c.as_dict() for c in lr.causes],
            "bring_back": lr.bring_back,
            "fields": [{"field": n, "before": jsonable(a), "after": jsonable(b)}
                       for n, a, b in lr.fields],
            "assets": [{"status": c.status, "path": c.path, "old_path": c.old_path}
                       for c in lr.assets],
            "standards": [{k: v for k, v in r.items() if k != "order"} for r in lr.standards],
        } for lr in report.listings],
        "scope": [i.as_dict() for i in report.scope],
        "errors": [i.as_dict() for i in report.errors],
        "warnings": [i.as_dict() for i in report.warnings],
        "framework_changed": report.framework_changed,
        "framework_values": [v.as_dict() for v in report.framework_values],
        "framework_errors": [f.as_dict() for f in report.framework_errors],
        "checklist": report.checklist,
    }

