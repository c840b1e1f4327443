"""The review report: what a pull request changes in the directory, and whether it still meets
the framework's standards.

    python scripts/review.py --base REF [--head REF] [--author HANDLE [--reviewer]]
                             [--output-dir DIR] [--today YYYY-MM-DD]
    python scripts/review.py --all [--output-dir DIR] [--today YYYY-MM-DD]

The pull-request report compares two git revisions. It never checks anything out and never
runs anything from them: every file is read as a blob (``git cat-file``) and treated as
hostile data. Listings go through the same validator as ``scripts/validate.py`` (YAML, schema,
files, standards); the images a listing names are copied, alone, into a private temporary
folder so that the image checks can open them (links are recreated as links, so they are
refused as links; over-large blobs become empty sparse files of the same size, so they are
refused by size without being read).

It reports, for each listing added, changed, renamed or removed (or whose photos changed):
a field-by-field diff, every standard's status before and after (newly failing required
standards first) and the validator's findings on the new version; then scope problems
(``SCOPE-*``), warnings a person should weigh (``WEIGH-*``) and a checklist of what only a
person can check.

Scope. With ``--author`` the pull request is a provider's: it may touch only listings whose
``maintainers`` (in the *base* version; for a new listing, the new version) include the
author, and only those listings' own folders, and only one provider. Its listings are judged
by the *base* revision's standards, because a provider cannot change the standards. Without
``--author``, or with ``--reviewer`` (a framework maintainer's pull request), scope is
reported but does not fail, and the head revision's standards apply, so a pull request that
changes standards/ shows every listing whose status it changes.

Output: Markdown on standard output, or ``report.md`` and ``report.json`` (the same content
for tools) in ``--output-dir``. Every piece of text that comes from a listing is escaped, so a
listing cannot inject Markdown, HTML or @-mentions into a pull-request comment.

Exit status: 0 when every changed listing meets the required standards and scope holds,
1 when a required standard fails, a listing is invalid, or (for a provider) scope is broken,
2 for a usage error (unknown revision, not a git repository).

``--all`` reports over the working tree instead: listings due for re-verification, stale wait
times, failing standards and expiring exceptions, most urgent first (always exit 0 unless the
data cannot be read).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .files import MAX_IMAGE_BYTES, check_files
from .findings import Finding, Severity
from .model import SLUG_RE, Listing
from .rules import RULES
from .standards import Context, Framework, Level, StandardsDataError, evaluate, months_before
from .validate import ROOT, Checked, Validator
from .vocab import Rating
from .yamlio import MAX_BYTES, YamlError, load

PROVIDERS = "content/providers/"
STANDARDS_FILES = ("standards.yaml", "living_wage.yaml", "exceptions.yaml")
EXPIRY_WINDOW_DAYS = 30  # warn about evidence that stops being accepted within this many days
REVERIFY_WINDOW_DAYS = 60  # --all lists re-verification due within this many days
WAIT_WINDOW_DAYS = 7  # --all lists wait times that go stale within this many days
SHARP_WAIT_DAYS = 7  # a wait change is sharp when it moves by at least this many days...
SHARP_WAIT_RATIO = 0.5  # ...and by at least this fraction of the old wait
MAX_COMMENT_CHARS = 60_000  # GitHub refuses comments over 65,536 characters

# ---------------------------------------------------------------------------- report rules

# Each scope rule and each warning has a stable ID, like the validator's rules; REVIEWING.md
# explains them. IDs never change meaning.
SCOPE_RULES = {
    "SCOPE-001": "A provider's pull request changes a file outside content/providers/ "
                 "(standards, theme, scripts, workflows...).",
    "SCOPE-002": "A file in content/providers/ is neither a listing (<slug>.yaml) nor in a "
                 "listing's own folder.",
    "SCOPE-003": "The pull request touches more than one provider's listing.",
    "SCOPE-004": "The author is not a maintainer of a listing the pull request touches.",
    "SCOPE-005": "The pull request adds a symbolic link or a submodule.",
}
WEIGH_RULES = {
    "WEIGH-001": "A wait time changed sharply.",
    "WEIGH-002": "A weekly cost changed.",
    "WEIGH-003": "The regulator's rating dropped, or the registration changed.",
    "WEIGH-004": "Evidence (or an exception) stops being accepted soon.",
    "WEIGH-005": "last_verified moved forward.",
    "WEIGH-006": "Contact details changed.",
    "WEIGH-007": "The listing's maintainers changed.",
    "WEIGH-008": "The listing was renamed (its page address changes).",
    "WEIGH-009": "The listing was removed.",
    "WEIGH-010": "A new listing: every piece of evidence needs checking.",
    "WEIGH-011": "A framework file changed (standards, Living Wage rates, exceptions).",
}

CHECKLIST = (
    "I have seen the evidence documents behind every date and policy that changed "
    "(policies, training records, pay, feedback rounds) and they match the listing.",
    "The regulator's IDs and rating match the regulator's own website.",
    "The photos and logo are real pictures of this service, the provider may publish them, "
    "no resident can be identified, and the alt text describes them.",
    "The phone number, email and website reach this service (confirmed through a channel "
    "the provider did not give in this pull request).",
    "The description is accurate, plain English and makes no promises of cure.",
    "The pull request author speaks for this provider.",
)

_RATING_RANK = {Rating.OUTSTANDING: 4, Rating.GOOD: 3, Rating.REQUIRES_IMPROVEMENT: 2,
                Rating.INADEQUATE: 1}
_EVIDENCE_GROUPS = ("policies", "pay", "training", "lived_experience", "regulation")
_CONTACT_FIELDS = ("phone", "email", "website", "address.postcode", "address.street")


class ReviewError(Exception):
    """The review could not run (bad revision, not a repository); the message says why."""


# ---------------------------------------------------------------------------- git, read-only


@dataclass(frozen=True)
class Entry:
    """One entry of a git tree."""

    mode: str
    kind: str  # blob, tree, commit
    oid: str
    size: int | None

    @property
    def is_link(self) -> bool:
        return self.mode == "120000"

    @property
    def is_file(self) -> bool:
        return self.kind == "blob" and self.mode in ("100644", "100755")


@dataclass(frozen=True)
class Change:
    """One path changed between two revisions (``git diff --raw``)."""

    status: str  # A, M, D, R, T (C is read as A)
    path: str  # the path in head (for D: the removed path)
    old_path: str | None  # for R: the path in base
    new_mode: str


class Git:
    """Read-only access to a repository through the git command line, never a shell."""

    def __init__(self, repo: Path):
        self.repo = repo
        self._trees: dict[str, dict[str, Entry]] = {}

    def run(self, *args: str) -> bytes:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_NOSYSTEM="1", LC_ALL="C", GIT_TERMINAL_PROMPT="0")
        proc = subprocess.run(
            ["git", "-C", str(self.repo), "-c", "core.quotePath=false", *args],
            capture_output=True, env=env, check=False)
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReviewError(f"git {args[0]}: {message[-1] if message else 'failed'}")
        return proc.stdout

    def commit(self, ref: str) -> str:
        if ref.startswith("-"):
            raise ReviewError(f"'{ref}' is not a revision")
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{ref}^{{commit}}").decode().strip()
        except ReviewError:
            raise ReviewError(f"'{ref}' is not a commit in {self.repo}") from None

    def merge_base(self, a: str, b: str) -> str:
        try:
            return self.run("merge-base", a, b).decode().strip() or a
        except ReviewError:
            return a

    def changes(self, base: str, head: str) -> list[Change]:
        out = self.run("diff", "--raw", "-z", "-M", "--no-ext-diff", "--no-textconv",
                       "--no-color", base, head, "--")
        parts = out.decode("utf-8", "surrogateescape").split("\0")
        changes, i = [], 0
        while i < len(parts) and parts[i]:
            meta = parts[i].lstrip(":").split()
            status = meta[4][0]
            if status in ("R", "C"):
                old, new = parts[i + 1], parts[i + 2]
                i += 3
                changes.append(Change("R", new, old, meta[1]) if status == "R"
                               else Change("A", new, None, meta[1]))
            else:
                changes.append(Change(status, parts[i + 1], None, meta[1]))
                i += 2
        return changes

    def tree(self, rev: str) -> dict[str, Entry]:
        """Every entry under content/providers/ and standards/ at ``rev`` (one git call)."""
        if rev not in self._trees:
            out = self.run("ls-tree", "-r", "-t", "-l", "-z", "--full-tree", rev, "--",
                           PROVIDERS.rstrip("/"), "standards")
            found = {}
            for record in out.decode("utf-8", "surrogateescape").split("\0"):
                if not record:
                    continue
                meta, _, name = record.partition("\t")
                mode, kind, oid, size = meta.split()
                found[name] = Entry(mode, kind, oid, None if size == "-" else int(size))
            self._trees[rev] = found
        return self._trees[rev]

    def entry(self, rev: str, path: str) -> Entry | None:
        return self.tree(rev).get(path)

    def entries(self, rev: str, folder: str) -> dict[str, Entry]:
        """The entries directly inside ``folder`` (given with a trailing /)."""
        return {path: e for path, e in self.tree(rev).items()
                if path.startswith(folder) and "/" not in path[len(folder):]}

    def listing_paths(self, rev: str) -> list[str]:
        return sorted(p for p in self.entries(rev, PROVIDERS) if classify(p)[0] == "listing")

    def blob(self, oid: str) -> bytes:
        return self.run("cat-file", "blob", oid)


# ---------------------------------------------------------------------------- what changed


def classify(path: str) -> tuple[str, str | None]:
    """('listing', slug), ('asset', slug), ('stray', None) or ('framework', None)."""
    if not path.startswith(PROVIDERS):
        return "framework", None
    rest = path[len(PROVIDERS):]
    head, sep, _ = rest.partition("/")
    if not sep:
        if rest.endswith(".yaml") and SLUG_RE.match(rest[:-5]):
            return "listing", rest[:-5]
        return "stray", None
    return ("asset", head) if SLUG_RE.match(head) else ("stray", None)


def listing_path(slug: str) -> str:
    return f"{PROVIDERS}{slug}.yaml"


@dataclass
class Side:
    """One revision's version of a listing."""

    path: str | None
    data: dict | None = None  # the YAML as plain data (None if missing or unreadable)
    checked: Checked | None = None

    @property
    def listing(self) -> Listing | None:
        return self.checked.listing if self.checked else None


@dataclass
class ListingReview:
    key: str  # the slug that identifies it in the report
    base: Side
    head: Side
    assets: list[Change] = field(default_factory=list)
    touched: bool = True  # False: only re-checked because standards/ changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    standards: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.base.path is None:
            return "added"
        if self.head.path is None:
            return "removed"
        if self.base.path != self.head.path:
            return "renamed"
        if not self.touched:
            return "re-checked"
        return "changed" if self.fields else "photos changed" if self.assets else "unchanged"

    @property
    def slugs(self) -> set[str]:
        return {classify(p)[1] for p in (self.base.path, self.head.path) if p}

    @property
    def why_blocked(self) -> str:
        checked = self.head.checked
        if checked is None or checked.listing is None:
            return "is not a valid listing"
        failing = [r.standard.id for r in checked.evaluation.results if r.blocks] \
            if checked.evaluation else []
        others = sorted({f.rule for f in checked.findings if f.severity is Severity.ERROR
                         and f.rule not in failing})
        parts = ([f"fails {', '.join(failing)}"] if failing else []) + (
            [f"has errors ({', '.join(others)})"] if others else [])
        return " and ".join(parts)

    @property
    def blocks(self) -> bool:
        return self.head.path is not None and not (self.head.checked
                                                   and self.head.checked.publishable)


@dataclass
class Item:
    rule: str
    message: str
    slug: str | None = None
    path: str | None = None

    def as_dict(self) -> dict:
        return {"rule": self.rule, "slug": self.slug, "path": self.path, "message": self.message}


@dataclass
class Report:
    base: str
    head: str
    merge_base: str
    today: date
    author: str | None
    enforce_scope: bool
    listings: list[ListingReview] = field(default_factory=list)
    scope: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)
    framework_changed: list[str] = field(default_factory=list)
    framework_errors: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        reasons = []
        for lr in self.listings:
            if lr.blocks:
                reasons.append(f"{lr.key} {lr.why_blocked}")
        if self.framework_errors:
            reasons.append("the head revision's standards/ files are broken")
        if self.enforce_scope and self.scope:
            reasons.append(f"{len(self.scope)} scope problem(s) in a provider's pull request")
        return reasons

    @property
    def passed(self) -> bool:
        return not self.failures


# ---------------------------------------------------------------------------- checking


class _Workspace:
    """A private temporary folder holding, per revision, exactly the files the validator needs."""

    def __init__(self, git: Git, today: date, tmp: Path):
        self.git, self.today, self.tmp = git, today, tmp
        self._validators: dict[str, Validator] = {}
        self._count = 0

    def validator(self, rev: str) -> Validator:
        """A validator judging by the standards/ of ``rev`` (StandardsDataError if broken)."""
        if rev not in self._validators:
            root = self.tmp / f"framework-{len(self._validators)}"
            (root / "standards").mkdir(parents=True)
            for name in STANDARDS_FILES:
                entry = self.git.entry(rev, f"standards/{name}")
                if entry is not None and entry.is_file and (entry.size or 0) <= MAX_BYTES:
                    (root / "standards" / name).write_bytes(self.git.blob(entry.oid))
            self._validators[rev] = Validator(root, self.today)
        return self._validators[rev]

    def side(self, rev: str, path: str | None, validator: Validator) -> Side:
        side = Side(path)
        if path is None:
            return side
        entry = self.git.entry(rev, path)
        if entry is None:
            side.path = None
            return side
        checked = Checked(Path(path), path)
        if not entry.is_file:
            spec = RULES["DATA-003"]
            checked.findings.append(Finding(path, 1, 1, Severity.ERROR, spec.id, "(file)",
                                            "the listing is a link or a submodule, not a file",
                                            "commit the listing itself as a plain file"))
            side.checked = checked
            return side
        raw = self.git.blob(entry.oid) if (entry.size or 0) <= MAX_BYTES else b" " * (
            MAX_BYTES + 1)
        try:
            side.data = load(raw, path).data
        except YamlError:
            side.data = None
        self._count += 1
        folder = self.tmp / f"side-{self._count}" / "content" / "providers"
        folder.mkdir(parents=True)
        file = folder / Path(path).name
        checked = validator.parse(raw, file, path)
        if checked.listing is not None:
            self._materialise_images(rev, checked.listing, folder)
            found = check_files(checked.listing, file, path, checked.marks)
            checked.findings.extend(_untemp(f, folder) for f in found)
            checked.evaluation = evaluate(checked.listing, validator.context)
            for result in checked.evaluation.results:
                checked.findings.extend(result.findings(path, checked.marks))
        side.checked = checked
        return side

    def _materialise_images(self, rev: str, listing: Listing, folder: Path) -> None:
        names = [i.file for i in ([listing.logo] if listing.logo else []) + list(listing.photos)]
        if not names:
            return
        repo_folder = f"{PROVIDERS}{listing.slug}"
        target = folder / listing.slug
        entry = self.git.entry(rev, repo_folder)
        if entry is None:
            return
        if entry.is_link:
            target.symlink_to("link-in-pull-request")  # refused as a link by check_files
            return
        if entry.kind != "tree":
            return
        target.mkdir()
        contents = self.git.entries(rev, repo_folder + "/")
        for name in names:  # names already match the model's plain-file-name pattern
            found = contents.get(f"{repo_folder}/{name}")
            if found is None or (target / name).exists():
                continue
            if found.is_link:
                (target / name).symlink_to("link-in-pull-request")
            elif found.is_file and (found.size or 0) > MAX_IMAGE_BYTES:
                with open(target / name, "wb") as fh:
                    fh.truncate(found.size)  # sparse: refused by size, never read
            elif found.is_file:
                (target / name).write_bytes(self.git.blob(found.oid))


def _untemp(finding: Finding, folder: Path) -> Finding:
    from dataclasses import replace

    prefix = str(folder) + "/"
    return replace(finding, message=finding.message.replace(prefix, PROVIDERS),
                   fix=finding.fix.replace(prefix, PROVIDERS))


# ---------------------------------------------------------------------------- field diff


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Plain data to {'services[residential_rehab].wait.days': 14, ...}.

    Lists of groups are keyed by their 'type' or 'file' when those are unique (so inserting a
    service does not make every later one look changed); lists of plain values stay whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten(value, name))
    elif isinstance(data, list) and data and not all(map(_scalar, data)):
        keys: list[str] = [str(i) for i in range(len(data))]
        for label in ("type", "file"):
            found = [item.get(label) if isinstance(item, dict) else None for item in data]
            if all(isinstance(k, str) for k in found) and len(set(found)) == len(found):
                keys = found
                break
        for key, item in zip(keys, data, strict=True):
            out.update(flatten(item, f"{prefix}[{key}]"))
    elif data != []:  # an empty list says no more than a missing one
        out[prefix or "(file)"] = data
    return out


def field_diff(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    a, b = flatten(before or {}), flatten(after or {})
    missing = object()
    rows = []
    for name in list(b) + [n for n in a if n not in b]:
        old, new = a.get(name, missing), b.get(name, missing)
        if old != new or type(old) is not type(new):
            rows.append((name, None if old is missing else old, None if new is missing else new))
    return rows


# ---------------------------------------------------------------------------- standards table


def _statuses(side: Side) -> dict[str, Any]:
    ev = side.checked.evaluation if side.checked else None
    return {r.standard.id: r for r in ev.results} if ev else {}


def standards_table(lr: ListingReview, framework: Framework) -> list[dict]:
    before, after = _statuses(lr.base), _statuses(lr.head)
    if lr.head.path is None:
        return []
    rows = []
    for sid, std in framework.standards.items():
        b, a = before.get(sid), after.get(sid)
        b_status = b.status if b else ("absent" if lr.base.path is None else "unchecked")
        a_status = a.status if a else "unchecked"
        required = std.level is Level.REQUIRED
        failing = a_status in ("not_met", "unchecked")
        newly = failing and b_status not in ("not_met", "unchecked")
        if failing:
            order = (0 if newly else 1) if required else (2 if newly else 3)
        else:
            order = 4 if a_status != b_status else 5
        rows.append({
            "id": sid, "title": std.title, "level": std.level.value,
            "before": b_status, "after": a_status, "newly_failing": newly, "order": order,
            "problems": [p.message for p in a.problems] if a and a.status != "met" else [],
            "exception": (f"approved by {a.exception.approved_by} until "
                          f"{a.exception.expires.isoformat()}") if a and a.exception else None,
        })
    rows.sort(key=lambda r: r["order"])
    return rows


# ---------------------------------------------------------------------------- warnings


def _money(v: int) -> str:
    return f"£{v:,}"


def _cost(c) -> str:
    if c is None:
        return "none"
    return _money(c.min) + (f"–{_money(c.max)}" if c.max and c.max != c.min else "")


def _first_failing_day(listing: Listing, framework: Framework, sid: str, today: date,
                       window: int) -> date | None:
    """The first day within ``window`` on which standard ``sid`` is no longer met/excepted."""

    def ok(day: date) -> bool:
        result = evaluate(listing, Context(day, framework)).by_id.get(sid)
        return result is not None and result.status != "not_met"

    if ok(today + timedelta(days=window)):
        return None
    lo, hi = 0, window  # ok(lo), not ok(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(today + timedelta(days=mid)):
            lo = mid
        else:
            hi = mid
    return today + timedelta(days=hi)


def weigh(lr: ListingReview, report: Report, framework: Framework) -> list[Item]:
    out: list[Item] = []
    slug = lr.key

    def warn(rule: str, message: str) -> None:
        out.append(Item(rule, message, slug))

    if lr.head.path is None:
        warn("WEIGH-009", "the listing is removed: its page disappears from the directory; "
                          "confirm the provider asked for this")
        return out
    old, new = lr.base.listing, lr.head.listing
    if lr.status == "renamed":
        warn("WEIGH-008", f"renamed from {lr.base.path} to {lr.head.path}: the page address "
                          "changes and old links stop working")
    if lr.base.path is None and lr.touched:
        warn("WEIGH-010", "a new listing: check every piece of evidence, the regulator's "
                          "record and the photos before approving; set last_verified to the day "
                          "you verify it")
    if new is not None:
        for result in evaluate(new, Context(report.today, framework)).results:
            if result.status == "not_met":
                continue
            day = _first_failing_day(new, framework, result.standard.id, report.today,
                                     EXPIRY_WINDOW_DAYS)
            if day is not None:
                what = "its exception expires" if result.exception else "its evidence expires"
                warn("WEIGH-004", f"{result.standard.id} ({result.standard.title}) stops being "
                                  f"met on {day.isoformat()}, in {(day - report.today).days} "
                                  f"days: {what}")
    if old is None or new is None:
        return out
    for service in new.services:
        before = old.service(service.type)
        if before is None:
            continue
        label = service.type.label.lower()
        if before.wait and service.wait:
            d0, d1 = before.wait.days, service.wait.days
            if abs(d1 - d0) >= SHARP_WAIT_DAYS and abs(d1 - d0) >= SHARP_WAIT_RATIO * max(d0, 1):
                warn("WEIGH-001", f"wait for {label}: {d0} → {d1} days")
        if before.weekly_cost != service.weekly_cost:
            change = ""
            if before.weekly_cost and service.weekly_cost and before.weekly_cost.min:
                pct = (service.weekly_cost.min - before.weekly_cost.min) * 100 / (
                    before.weekly_cost.min)
                change = f" ({pct:+.0f}% on the lowest cost)"
            warn("WEIGH-002", f"weekly cost of {label}: {_cost(before.weekly_cost)} → "
                              f"{_cost(service.weekly_cost)}{change}")
    r0, r1 = old.regulation, new.regulation
    if r0 is not None and r1 is None:
        warn("WEIGH-003", "the regulator's registration was removed")
    elif r0 is not None and r1 is not None:
        if _RATING_RANK.get(r1.rating, 0) < _RATING_RANK.get(r0.rating, 0):
            warn("WEIGH-003", f"rating dropped: {r0.rating.label} → {r1.rating.label}")
        if (r0.regulator, r0.provider_id, r0.location_id) != (
                r1.regulator, r1.provider_id, r1.location_id):
            warn("WEIGH-003", "the regulator or registration IDs changed: check them on the "
                              "regulator's website")
    if new.last_verified > old.last_verified:
        evidence = any(name.split(".")[0].split("[")[0] in _EVIDENCE_GROUPS
                       for name, _, _ in lr.fields)
        message = (f"last_verified moved from {old.last_verified.isoformat()} to "
                   f"{new.last_verified.isoformat()}")
        if not evidence:
            message += " although no evidence field changed in this pull request"
        if report.enforce_scope:
            message += "; only a framework reviewer updates it, after checking the evidence"
        warn("WEIGH-005", message)
    changed = {name for name, _, _ in lr.fields}
    contact = [f for f in _CONTACT_FIELDS if f in changed]
    if contact:
        warn("WEIGH-006", f"contact details changed ({', '.join(contact)}): confirm them "
                          "through a channel the provider did not give in this pull request")
    added = sorted(set(new.maintainers) - set(old.maintainers))
    removed = sorted(set(old.maintainers) - set(new.maintainers))
    if added or removed:
        parts = ([f"added {', '.join(added)}"] if added else []) + (
            [f"removed {', '.join(removed)}"] if removed else [])
        warn("WEIGH-007", f"maintainers {'; '.join(parts)}: confirm the provider wants this")
    return out


# ---------------------------------------------------------------------------- scope


def _maintainers(data: dict | None) -> set[str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("maintainers"), list):
        return None
    return {str(m).lower() for m in data["maintainers"]}


def scope_problems(changes: list[Change], listings: list[ListingReview], author: str | None
                   ) -> list[Item]:
    out = []
    for change in changes:
        for path in filter(None, (change.old_path, change.path)):
            kind, _ = classify(path)
            if kind == "framework":
                out.append(Item("SCOPE-001", f"changes {path}, which only the framework's "
                                             "maintainers may change", path=path))
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
    if author is not None:
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
    return out


# ---------------------------------------------------------------------------- the review


def review(repo: Path, base: str, head: str = "HEAD", today: date | None = None,
           author: str | None = None, reviewer: bool = False) -> Report:
    git = Git(repo)
    today = today or date.today()
    base_sha, head_sha = git.commit(base), git.commit(head)
    merge_base = git.merge_base(base_sha, head_sha)
    report = Report(base_sha, head_sha, merge_base, today, author,
                    enforce_scope=author is not None and not reviewer)
    changes = git.changes(merge_base, head_sha)

    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        ws = _Workspace(git, today, Path(tmp))
        try:
            base_validator = ws.validator(merge_base)
        except StandardsDataError as exc:
            raise ReviewError("the base revision's standards/ files are broken:\n"
                              + "\n".join(f.text() for f in exc.findings)) from None
        head_validator = base_validator
        report.framework_changed = [c.path for c in changes
                                    if (c.old_path or c.path).startswith("standards/")
                                    or c.path.startswith("standards/")]
        if report.framework_changed and not report.enforce_scope:
            try:
                head_validator = ws.validator(head_sha)
            except StandardsDataError as exc:
                report.framework_errors = exc.findings
        framework = head_validator.framework

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
            for k, s in (classify(c.path), classify(c.old_path) if c.old_path else (None, None)):
                if k == "asset":
                    lr = by_slug.get(s) or group(listing_path(s), listing_path(s))
                    if c not in lr.assets:
                        lr.assets.append(c)
        if report.framework_changed and not report.enforce_scope:
            for path in git.listing_paths(head_sha):
                slug = classify(path)[1]
                if slug not in by_slug:
                    group(path, path).touched = False

        for lr in groups.values():
            lr.base = ws.side(merge_base, lr.base.path, base_validator)
            lr.head = ws.side(head_sha, lr.head.path, head_validator)
            lr.fields = field_diff(lr.base.data, lr.head.data) if (
                lr.base.data is not None or lr.head.data is not None) else []
            lr.standards = standards_table(lr, framework)
            if not lr.touched and not any(r["before"] != r["after"] for r in lr.standards):
                continue
            report.listings.append(lr)
            if lr.touched:
                report.warnings.extend(weigh(lr, report, framework))

    report.listings.sort(key=lambda lr: (not lr.touched, not lr.blocks, lr.key))
    report.scope = scope_problems(changes, report.listings, author)
    if report.framework_changed:
        report.warnings.append(Item("WEIGH-011", "framework files changed ("
                                    + ", ".join(report.framework_changed) + "): such a change "
                                    "needs its own pull request, reviewed by the framework's "
                                    "maintainers (see REVIEWING.md)"))
    return report


# ---------------------------------------------------------------------------- rendering

_MD_ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_[]<>|~&"}
_CODE_SAFE = re.compile(r"[A-Za-z0-9_.\[\]/ -]{1,120}")


def code(value: Any) -> str:
    """A field name or path as code when it is plainly safe, else escaped text."""
    text = str(value)
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else md(text)


def md(value: Any) -> str:
    """Text from a listing, made inert in GitHub Markdown: no markup, no HTML, no tables broken,
    no @-mentions, one line."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        value = str(value).lower()
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value) if value else "[]"
    text = str(value)
    if len(text) > 200:
        text = text[:197] + "..."
    text = "".join(_MD_ESCAPES.get(c, c) for c in text)
    text = re.sub(r"(?<![A-Za-z0-9])@", "@\u2060", text)  # a word joiner stops @-mentions
    text = re.sub(r"[\r\n\t\u2028\u2029]+", " ⏎ ", text)
    return text


_STATUS = {"met": "✅ met", "not_met": "❌ not met", "excepted": "⚠️ excepted",
           "unchecked": "❌ not checked (listing invalid)", "absent": "—"}


def _short(sha: str) -> str:
    return sha[:10]


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    add = lines.append
    verdict = ("✅ **Meets the required standards; scope is fine.** A person still needs to "
               "work through the checklist below." if report.passed
               else "❌ **Changes needed:** " + "; ".join(md(r) for r in report.failures) + ".")
    add("## Listing review")
    add("")
    add(verdict)
    add("")
    who = f" · author {md(report.author)}" if report.author else ""
    kind = ("a provider's pull request" if report.enforce_scope
            else "a maintainer's pull request (scope reported, not enforced)")
    add(f"Compared `{_short(report.merge_base)}` (base) with `{_short(report.head)}` (head), "
        f"checked as on {_day(report.today)}{who}: {kind}.")
    add("")
    counts: dict[str, int] = {}
    for lr in report.listings:
        counts[lr.status] = counts.get(lr.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "no listings changed"
    newly = sum(1 for lr in report.listings for r in lr.standards
                if r["newly_failing"] and r["level"] == "required")
    add(f"- Listings: {summary}")
    add(f"- Required standards newly failing: {newly}")
    add(f"- Scope problems: {len(report.scope)}"
        + ("" if report.enforce_scope or not report.scope else " (not enforced)"))
    add(f"- Warnings to weigh: {len(report.warnings)}")
    add("")

    add("### Scope")
    add("")
    if not report.scope:
        add("Only the listing's own files changed." if report.listings
            else "No listing files changed.")
    framework_paths: dict[str, list[str]] = {}
    for item in report.scope:
        if item.rule == "SCOPE-001" and item.path:
            top = item.path.split("/", 1)[0] + ("/" if "/" in item.path else "")
            framework_paths.setdefault(top, []).append(item.path)
    for top, paths in framework_paths.items():
        shown = ", ".join(code(p) for p in paths[:4])
        more = f" and {len(paths) - 4} more" if len(paths) > 4 else ""
        what = shown if len(paths) == 1 else f"{len(paths)} files in {code(top)}: {shown}{more}"
        add(f"- **SCOPE-001** changes {what}, which only the framework's maintainers may change")
    for item in report.scope:
        if not (item.rule == "SCOPE-001" and item.path):
            add(f"- **{item.rule}** {md(item.message)}")
    add("")

    for lr in report.listings:
        paths = " → ".join(code(p) for p in dict.fromkeys(
            p for p in (lr.base.path, lr.head.path) if p))
        add(f"### {md(lr.key)}: {lr.status} ({paths})")
        add("")
        if lr.fields:
            add("<details><summary>Fields changed: " + str(len(lr.fields)) + "</summary>")
            add("")
            add("| Field | Before | After |")
            add("| --- | --- | --- |")
            for name, old, new in lr.fields:
                add(f"| {code(name)} | {md(old)} | {md(new)} |")
            add("")
            add("</details>")
            add("")
        if lr.assets:
            add("Files in the listing's folder:")
            add("")
            for c in lr.assets:
                verb = {"A": "added", "M": "changed", "D": "removed", "R": "renamed",
                        "T": "changed type"}.get(c.status, c.status)
                what = f"{code(c.old_path)} → {code(c.path)}" if c.old_path else code(c.path)
                add(f"- {verb}: {what}")
            add("")
        shown = [row for row in lr.standards if row["order"] < 5]
        steady = len(lr.standards) - len(shown)
        if shown:
            add("| Standard | Level | Before | After |")
            add("| --- | --- | --- | --- |")
            for row in shown:
                flag = " 🆕" if row["newly_failing"] else ""
                add(f"| **{row['id']}** {md(row['title'])} | {row['level']} | "
                    f"{_STATUS.get(row['before'], row['before'])} | "
                    f"{_STATUS.get(row['after'], row['after'])}{flag} |")
            add("")
        if steady:
            add(f"{'All' if not shown else 'The other'} {steady} standard(s) were met before "
                "and are met after." if lr.base.path else
                f"{'All' if not shown else 'The other'} {steady} standard(s) are met.")
            add("")
        if lr.standards:
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
        where = f"{md(item.slug)}: " if item.slug else ""
        add(f"- **{item.rule}** {where}{md(item.message)}")
    add("")
    add("### Only a person can check")
    add("")
    for line in CHECKLIST:
        add(f"- [ ] {line}")
    add("")
    add("<sub>Generated by scripts/review.py; see REVIEWING.md. Listing text is escaped.</sub>")
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_COMMENT_CHARS:
        text = text[:MAX_COMMENT_CHARS] + "\n\n… (report truncated; the full report is in the " \
                                          "workflow's artifact)\n"
    return text


def report_json(report: Report) -> dict:
    def side(s: Side) -> dict | None:
        if s.path is None:
            return None
        return {"path": s.path,
                "valid": s.listing is not None,
                "publishable": bool(s.checked and s.checked.publishable),
                "findings": [f.as_dict() for f in (s.checked.findings if s.checked else [])]}

    return {
        "kind": "pull-request",
        "result": "pass" if report.passed else "fail",
        "failures": report.failures,
        "base": report.base, "head": report.head, "merge_base": report.merge_base,
        "today": report.today.isoformat(), "author": report.author,
        "scope_enforced": report.enforce_scope,
        "listings": [{
            "slug": lr.key, "status": lr.status, "touched": lr.touched,
            "before": side(lr.base), "after": side(lr.head),
            "fields": [{"field": n, "before": _jsonable(a), "after": _jsonable(b)}
                       for n, a, b in lr.fields],
            "assets": [{"status": c.status, "path": c.path, "old_path": c.old_path}
                       for c in lr.assets],
            "standards": [{k: v for k, v in r.items() if k != "order"} for r in lr.standards],
        } for lr in report.listings],
        "scope": [i.as_dict() for i in report.scope],
        "warnings": [i.as_dict() for i in report.warnings],
        "framework_changed": report.framework_changed,
        "framework_errors": [f.as_dict() for f in report.framework_errors],
        "checklist": list(CHECKLIST),
    }


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | list | type(None)) else str(value)


# ---------------------------------------------------------------------------- --all


def add_months(day: date, months: int) -> date:
    return months_before(day, -months)


@dataclass
class Due:
    tier: int  # 0: blocks publication now, 1: overdue, 2: due soon
    due: date
    slug: str
    kind: str
    message: str

    def as_dict(self, today: date) -> dict:
        return {"tier": self.tier, "due": self.due.isoformat(),
                "days_left": (self.due - today).days, "slug": self.slug, "kind": self.kind,
                "message": self.message}


def reverification(root: Path, today: date) -> list[Due]:
    """What needs a reviewer's or provider's attention across the repository, most urgent first."""
    validator = Validator(root, today)
    framework = validator.framework
    verify_months = framework.standards["TRA-002"].params.get("within_months", 12) \
        if "TRA-002" in framework.standards else 12
    wait_days = framework.standards["TRA-001"].params.get("within_days", 30) \
        if "TRA-001" in framework.standards else 30
    items: list[Due] = []
    for c in validator.check_files(validator.listing_files()):
        slug = c.path.name.removesuffix(".yaml")
        listing = c.listing
        if listing is None:
            items.append(Due(0, today, slug, "invalid",
                             f"the listing is not valid ({len(c.findings)} finding(s)); run "
                             f"scripts/validate.py {c.display}"))
            continue
        for r in c.evaluation.results if c.evaluation else []:
            if r.blocks:
                items.append(Due(0, today, slug, "standard",
                                 f"{r.standard.id} ({r.standard.title}) is not met: "
                                 + "; ".join(p.message for p in r.problems)))
            elif r.exception and r.exception.expires <= today + timedelta(days=30):
                items.append(Due(2, r.exception.expires, slug, "exception",
                                 f"the exception to {r.standard.id} expires"))
        due = add_months(listing.last_verified, verify_months)
        already = c.evaluation and "TRA-002" in c.evaluation.by_id and \
            c.evaluation.by_id["TRA-002"].blocks
        if due <= today + timedelta(days=REVERIFY_WINDOW_DAYS) and not already:
            items.append(Due(1 if due < today else 2, due, slug, "re-verify",
                             f"last verified {listing.last_verified.isoformat()}; re-verify by "
                             f"{due.isoformat()}"))
        for service in listing.services:
            if service.wait is None:
                continue
            due = service.wait.stated + timedelta(days=wait_days)
            if due <= today + timedelta(days=WAIT_WINDOW_DAYS):
                items.append(Due(1 if due < today else 2, due, slug, "wait",
                                 f"wait for {service.type.label.lower()} stated "
                                 f"{service.wait.stated.isoformat()}; ask for the current wait"))
    items.sort(key=lambda d: (d.tier, d.due, d.slug, d.kind))
    return items


def render_reverification(items: list[Due], today: date) -> str:
    tiers = {0: "🔴 blocks publication", 1: "🟠 overdue", 2: "🟡 due soon"}
    lines = [f"## Listings that need attention (as on {_day(today)})", ""]
    if not items:
        lines.append("Nothing is due: every listing is verified, current and meets the "
                     "required standards.")
    else:
        slugs = len({i.slug for i in items})
        lines += [f"{len(items)} item(s) in {slugs} listing(s), most urgent first.", "",
                  "| Urgency | Listing | What | Due |", "| --- | --- | --- | --- |"]
        for i in items:
            days = (i.due - today).days
            when = (f"{i.due.isoformat()} ({-days} days ago)" if days < 0
                    else f"{i.due.isoformat()} (today)" if days == 0
                    else f"{i.due.isoformat()} (in {days} days)")
            lines.append(f"| {tiers[i.tier]} | {code(i.slug)} | {md(i.message)} | {when} |")
    lines += ["", "See REVIEWING.md for how to re-verify a listing."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="review.py",
        description="Write the review report of a pull request (--base/--head), or list what "
                    "needs re-verification across the repository (--all).")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--base", metavar="REF", help="the revision the pull request goes into")
    mode.add_argument("--all", action="store_true",
                      help="report over the working tree: due re-verifications, stale waits, "
                           "failing standards")
    parser.add_argument("--head", metavar="REF", default="HEAD",
                        help="the pull request's revision (default: HEAD)")
    parser.add_argument("--author", metavar="HANDLE",
                        help="the pull request author's GitHub user name: scope is enforced")
    parser.add_argument("--reviewer", action="store_true",
                        help="the author is a framework maintainer: scope is reported, not "
                             "enforced")
    parser.add_argument("--output-dir", type=Path, metavar="DIR",
                        help="write report.md and report.json there (default: Markdown on "
                             "standard output)")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="check as if today were this date (for reproducible runs)")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the repository (default: the one this script is in)")
    return parser


def _write(output_dir: Path | None, markdown: str, data: dict) -> None:
    if output_dir is None:
        sys.stdout.write(markdown)
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "report.md").write_text(markdown, encoding="utf-8")
    (output_dir / "report.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Wrote {output_dir / 'report.md'} and {output_dir / 'report.json'}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    today = args.today or date.today()
    if args.author is not None and not re.fullmatch(r"[A-Za-z0-9-]{1,39}(\[bot\])?",
                                                    args.author):
        parser.error(f"--author: '{args.author}' is not a GitHub user name")
    if args.all:
        try:
            items = reverification(args.repo, today)
        except StandardsDataError as exc:
            print("\n".join(f.text() for f in exc.findings), file=sys.stderr)
            return 1
        _write(args.output_dir, render_reverification(items, today),
               {"kind": "re-verification", "today": today.isoformat(), "count": len(items),
                "items": [i.as_dict(today) for i in items]})
        return 0
    try:
        report = review(args.repo, args.base, args.head, today, args.author, args.reviewer)
    except ReviewError as exc:
        parser.print_usage(sys.stderr)
        print(f"review.py: error: {exc}", file=sys.stderr)
        return 2
    _write(args.output_dir, render_markdown(report), report_json(report))
    for reason in report.failures:
        print(f"review.py: {reason}", file=sys.stderr)
    return 0 if report.passed else 1


__all__ = ["Report", "ReviewError", "field_diff", "flatten", "main", "md", "review",
           "reverification"]


if __name__ == "__main__":
    sys.exit(main())
