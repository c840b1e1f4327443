"""Scope (``SCOPE-*``): what a pull request may change, given who opened it.

A provider may change only listings whose ``maintainers`` (in the *base* version; for a new
listing, the new version) include the author, only those listings' own folders, only one
provider's, and never the fields only a reviewer records. Who is a reviewer comes from the
base revision's ``.github/reviewers.yaml``: a reviewer's pull request has its scope reported
for the second reviewer, not enforced, except that a verification must always name a
reviewer.
"""

from __future__ import annotations

from .fielddiff import touches
from .gitread import Change, classify
from .judge import REVIEWER_FIELDS
from .report import Item, ListingReview

# The rule a provider's own change to the reviewer's fields breaks: the listing it names is
# then not shown as verified (``ListingReview.self_verified``).
SELF_VERIFIED = "SCOPE-006"


def _maintainers(data: dict | None) -> set[str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("maintainers"), list):
        return None
    return {str(m).lower() for m in data["maintainers"]}


def scope_problems(changes: list[Change], listings: list[ListingReview], author: str,
                   reviewer: bool, reviewers: frozenset[str]) -> list[Item]:
    out = []
    for change in changes:
        for path in change.paths:
            kind, _ = classify(path)
            if kind == "framework":
                out.append(Item("SCOPE-001", f"changes {path}, which only the framework's "
                                             "reviewers may change", path=path))
            elif kind == "stray":
                out.append(Item("SCOPE-002", f"{path} is not a listing (content/providers/"
                                             "<slug>.yaml) or in a listing's own folder",
                                path=path))
        if change.new_mode in ("120000", "160000") and change.status != "D":
            what = "a symbolic link" if change.new_mode == "120000" else "a submodule"
            out.append(Item("SCOPE-005", f"{change.path} is {what}", path=change.path))
    touched = [lr for lr in listings if lr.touched]
    if len(touched) > 1:
        out.append(Item("SCOPE-003", f"touches {len(touched)} providers' listings "
                                     f"({', '.join(lr.key for lr in touched)}); send one pull "
                                     "request per provider"))
    for lr in touched:
        if lr.base.path is not None:
            allowed, version = _maintainers(lr.base.data), "the base version"
        elif lr.head.path is not None:
            allowed, version = _maintainers(lr.head.data), "the new listing"
        else:
            allowed, version = None, "any version"
        if allowed is None:
            out.append(Item("SCOPE-004", f"no maintainers could be read from {version} of "
                                         f"{lr.key}, so {author} cannot be shown to "
                                         "maintain it", lr.key))
        elif author.lower() not in allowed:
            out.append(Item("SCOPE-004", f"{author} is not a maintainer of {lr.key} "
                                         f"(maintainers in {version}: "
                                         f"{', '.join(sorted(allowed))})", lr.key))
        out.extend(_verification(lr, author, reviewer, reviewers))
    return out


def _verification(lr: ListingReview, author: str, reviewer: bool, reviewers: frozenset[str]
                  ) -> list[Item]:
    """``SELF_VERIFIED`` for a provider's change to the reviewer's fields; SCOPE-007 for a
    verification that does not name a reviewer."""
    changed = [f for f in lr.changed_fields if touches([f], REVIEWER_FIELDS)]
    if not changed or lr.head.path is None:
        return []
    if not reviewer:
        verb = "sets" if lr.base.path is None else "changes"
        return [Item(SELF_VERIFIED, f"{author} {verb} {', '.join(changed)} in {lr.key}: only a "
                                  "framework reviewer records a verification (with "
                                  "scripts/verify.py, after checking the evidence); remove "
                                  "the change", lr.key)]
    data = lr.head.data or {}
    by, on = data.get("verified_by"), data.get("last_verified")
    if on is None:
        return []  # a verification withdrawn: the field diff shows it
    if not isinstance(by, str) or by.lower() not in reviewers:
        who = f"'{by}'" if isinstance(by, str) else "nobody"
        return [Item("SCOPE-007", f"{lr.key} is recorded as verified by {who}, who is not in "
                                  "the base revision's .github/reviewers.yaml: record it with "
                                  "scripts/verify.py SLUG --by YOUR-HANDLE", lr.key)]
    return []
