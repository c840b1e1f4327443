"""The review of a pull request: compare two revisions and put the report together.

The author must be named: who opened the pull request decides what it may change. Whether the
author is a framework reviewer comes from the *base* revision's ``.github/reviewers.yaml``.
A provider's pull request is judged by the base revision's standards (a provider cannot
change them); a reviewer's by the head revision's, so a change to ``standards/`` shows every
listing whose status it changes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.review.reviewers import REVIEWERS_FILE, ReviewersError, parse_reviewers
from rehab_directory.support.clock import uk_today

from .duplicates import candidates, duplicates
from .fielddiff import field_diff, touches
from .frameworkdiff import framework_changes, governance_path
from .gitread import Git, ReviewError, classify, listing_path
from .judge import REVIEWER_FIELDS, bring_back, causes, standards_table, worse
from .report import CHECKLIST, Item, ListingReview, Report
from .scope import SELF_VERIFIED, scope_problems
from .warnings import evidence_fields, weigh
from .workspace import Side, Workspace


def base_reviewers(git: Git, rev: str) -> frozenset[str] | None:
    """The reviewers list as it stands in ``rev``: None when there is none (then nobody is a
    reviewer: the review grants no one more than a provider may do); ReviewError when it
    is there but broken (a mistake to fix, not to guess around)."""
    entry = git.entry(rev, REVIEWERS_FILE)
    if entry is None:
        return None
    if not entry.is_file:
        raise ReviewError(f"the base revision's {REVIEWERS_FILE} is a link or a folder, not "
                          "a file: the review cannot tell a framework reviewer from a provider")
    try:
        return parse_reviewers(git.blob(entry.oid), REVIEWERS_FILE)
    except ReviewersError as exc:
        raise ReviewError(f"the base revision's reviewers list is broken: {exc}") from None


def review(repo: Path, base: str, head: str = "HEAD", today: date | None = None,
           author: str | None = None) -> Report:
    if not author:
        raise ReviewError("say who opened the pull request: --author HANDLE (their GitHub "
                          "user name); the review cannot judge scope without it")
    git = Git(repo)
    today = today or uk_today()
    base_sha, head_sha = git.commit(base), git.commit(head)
    merge_base = git.merge_base(base_sha, head_sha)
    listed = base_reviewers(git, merge_base)
    reviewers = listed or frozenset()
    report = Report(base_sha, head_sha, merge_base, today, author,
                    reviewer=author.lower() in reviewers, reviewers_listed=listed is not None)
    changes = git.changes(merge_base, head_sha)
    report.framework_changed = sorted({p for c in changes for p in c.paths
                                       if governance_path(p)})
    standards_changed = any(p.startswith("standards/") for p in report.framework_changed)

    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        ws = Workspace(git, today, Path(tmp))
        try:
            base_validator = ws.validator(merge_base)
        except StandardsDataError as exc:
            raise ReviewError("the base revision's standards/ files are broken:\n"
                              + "\n".join(f.text() for f in exc.findings)) from None
        head_validator = base_validator
        if standards_changed and report.reviewer:
            try:
                head_validator = ws.validator(head_sha)
            except StandardsDataError as exc:
                report.framework_errors = exc.findings
        framework = head_validator.framework
        groups = _group(git, changes, head_sha, recheck=standards_changed and report.reviewer)
        for lr in groups:
            lr.base = ws.side(merge_base, lr.base.path, base_validator)
            lr.head = ws.side(head_sha, lr.head.path, head_validator)
            lr.fields = field_diff(lr.base.data, lr.head.data) if (
                lr.base.data is not None or lr.head.data is not None) else []
            lr.worse = worse(lr)
            lr.standards = standards_table(lr, framework)
            if not lr.touched and not lr.worse and not any(
                    r["before"] != r["after"] for r in lr.standards):
                continue
            lr.causes = causes(lr.head)
            lr.bring_back = bring_back(lr.head, lr.key)
            report.listings.append(lr)
            if lr.touched:
                report.warnings.extend(weigh(lr, framework, report.reviewer))

    report.listings.sort(key=lambda lr: (not lr.touched, not lr.worse, lr.key))
    if any(lr.touched and lr.head.path for lr in report.listings):
        report.errors, similar = duplicates(report.listings,
                                            candidates(git, head_sha, report.listings))
        report.warnings.extend(similar)
    report.scope = scope_problems(changes, report.listings, author, report.reviewer, reviewers)
    for lr in report.listings:
        lr.self_verified = any(i.rule == SELF_VERIFIED and i.slug == lr.key
                               for i in report.scope)
    if report.framework_changed:
        report.framework_values = framework_changes(git, merge_base, head_sha,
                                                    report.framework_changed)
        report.warnings.append(Item("WEIGH-011", f"{len(report.framework_changed)} framework "
                                    "file(s) changed (each value is shown above): the change "
                                    "needs its own pull request, approved by a second "
                                    "framework reviewer"))
    report.checklist = checklist(report, framework)
    return report


def _group(git: Git, changes: list, head: str, recheck: bool) -> list[ListingReview]:
    """One ListingReview per listing the changes touch (renames kept together, photo-folder
    changes given to their listing); with ``recheck``, every other listing of the head too."""
    groups: dict[str, ListingReview] = {}
    by_slug: dict[str, ListingReview] = {}

    def group(base_path: str | None, head_path: str | None) -> ListingReview:
        key = classify(base_path or head_path)[1]
        lr = ListingReview(key, Side(base_path), Side(head_path))
        groups[key] = lr
        for p in (base_path, head_path):
            if p:
                by_slug.setdefault(classify(p)[1], lr)
        return lr

    for c in changes:
        if c.status == "R" and classify(c.old_path)[0] == classify(c.path)[0] == "listing":
            group(c.old_path, c.path)
    for c in changes:
        kind, slug = classify(c.path)
        old_kind, old_slug = classify(c.old_path) if c.old_path else (None, None)
        if c.status == "R" and kind == old_kind == "listing":
            continue
        for k, s in ((kind, slug), (old_kind, old_slug)):
            if k == "listing" and s not in by_slug:
                group(listing_path(s), listing_path(s))
    for c in changes:
        for k, s in (classify(p) for p in c.paths):
            if k == "asset":
                lr = by_slug.get(s) or group(listing_path(s), listing_path(s))
                if c not in lr.assets:
                    lr.assets.append(c)
    if recheck:
        for path in git.listing_paths(head):
            slug = classify(path)[1]
            if slug not in by_slug:
                group(path, path).touched = False
    return list(groups.values())


def checklist(report: Report, framework) -> list[str]:
    """The lines of CHECKLIST whose topic this pull request changed, in CHECKLIST's order."""
    topics: set[str] = set()
    evidence = evidence_fields(framework)
    for lr in report.listings:
        if not lr.touched:
            continue
        if lr.head.path is None:
            topics.add("removal")
            continue
        changed = lr.changed_fields
        new = lr.base.path is None
        if new:
            topics.update({"evidence", "contact", "description", "author"})
        if new or touches(changed, evidence):
            topics.add("evidence")
        if touches(changed, ["regulation"]) or (new and (lr.head.data or {}).get("regulation")):
            topics.add("regulation")
        if lr.assets or touches(changed, ["photos", "logo"]):
            topics.add("photos")
        if touches(changed, ["phone", "email", "website", "address"]):
            topics.add("contact")
        if touches(changed, ["name", "summary", "description", "services.description",
                             "organisation.name"]):
            topics.add("description")
        if touches(changed, ["maintainers"]):
            topics.add("author")
        if touches(changed, REVIEWER_FIELDS) and report.reviewer:
            topics.add("verification")
    if report.framework_changed:
        topics.add("framework")
    return [text for topic, text in CHECKLIST.items() if topic in topics]
