"""What a review report holds, and the rules it reports under (each with a stable ID).

REVIEWING.md explains every rule; a test keeps the two in step. IDs never change meaning:
retire one rather than reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .gitread import Change, classify
from .workspace import Side

# A provider's pull request fails on any of these; a reviewer's reports them for the second
# reviewer, except those in ALWAYS_ENFORCED, which fail whoever the author is.
SCOPE_RULES = {
    "SCOPE-001": "A provider's pull request changes a file outside content/providers/ "
                 "(standards, theme, scripts, workflows...).",
    "SCOPE-002": "A file in content/providers/ is neither a listing (<slug>.yaml) nor in a "
                 "listing's own folder.",
    "SCOPE-003": "The pull request touches more than one provider's listing.",
    "SCOPE-004": "The author is not a maintainer of a listing the pull request touches.",
    "SCOPE-005": "The pull request adds a symbolic link or a submodule.",
    "SCOPE-006": "A provider's pull request changes last_verified or verified_by, which only "
                 "a framework reviewer records (scripts/verify.py).",
    "SCOPE-007": "A verification names someone who is not in the base revision's "
                 ".github/reviewers.yaml (or does not say who verified).",
}
ALWAYS_ENFORCED = frozenset({"SCOPE-007"})

# Problems across listings: these fail the check whoever the author is.
ERROR_RULES = {
    "DUP-001": "The regulator's location ID is already another listing's: the same service "
               "twice, or a copy of another provider's listing.",
}

WEIGH_RULES = {
    "WEIGH-001": "A wait time changed sharply.",
    "WEIGH-002": "A weekly cost changed.",
    "WEIGH-003": "The regulator's rating dropped, or the registration changed.",
    "WEIGH-004": "Evidence (or an exception) that this change touches stops being accepted "
                 "soon.",
    "WEIGH-005": "last_verified moved forward: a reviewer recorded a verification.",
    "WEIGH-006": "Contact details changed.",
    "WEIGH-007": "The listing's maintainers changed.",
    "WEIGH-008": "The listing was renamed (its page address changes).",
    "WEIGH-009": "The listing was removed.",
    "WEIGH-010": "A new listing: every piece of evidence needs checking.",
    "WEIGH-011": "A framework file changed (standards, Living Wage rates, exceptions, "
                 "reviewers): it needs a second reviewer.",
    "WEIGH-012": "The listing shares a provider ID, phone, email or postcode with another "
                 "listing of a similar name.",
}

# What only a person can check, by what the pull request changed: the report lists only the
# lines whose topic changed.
CHECKLIST = {
    "evidence": "I have seen the evidence documents behind every date and policy that "
                "changed (policies, training records, pay, feedback rounds) and they match "
                "the listing.",
    "regulation": "The regulator's IDs and rating match the regulator's own website.",
    "photos": "The photos and logo are real pictures of this service, the provider may "
              "publish them, no resident can be identified, and the alt text describes them.",
    "contact": "The phone number, email, website and address reach this service (confirmed "
               "through a channel the provider did not give in this pull request).",
    "description": "The name, summary and descriptions are accurate, plain English and make "
                   "no promises of cure.",
    "author": "The pull request author speaks for this provider.",
    "verification": "The reviewer named in verified_by checked every required standard's "
                    "evidence and the contact details, and said what they saw in a comment.",
    "removal": "The provider asked for the listing to be removed.",
    "framework": "A second framework reviewer (not the author) has approved this change to "
                 "the framework's files, and providers have been given notice of a stricter "
                 "standard.",
}


@dataclass
class Item:
    """One scope problem, error across listings, or warning."""

    rule: str
    message: str
    slug: str | None = None
    path: str | None = None
    service: str | None = None  # the service type a warning is about
    other: str | None = None  # the other listing a duplicate names
    summary: str | None = None  # a short form, for the headline of an error

    def as_dict(self) -> dict:
        return {"rule": self.rule, "slug": self.slug, "path": self.path,
                "service": self.service, "other": self.other, "message": self.message}


@dataclass(frozen=True)
class Cause:
    """One field that makes several standards fail (named before the standards)."""

    field: str
    missing: bool  # the field (or a group around it) is absent from the listing
    standards: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"field": self.field, "missing": self.missing, "standards": list(self.standards)}


@dataclass(frozen=True)
class Worse:
    """How a change makes a listing worse (nothing, when every part is empty)."""

    standards: tuple[str, ...] = ()  # required standards it fails that it did not
    errors: tuple[str, ...] = ()  # other error rules it breaks that it did not
    invalid: bool = False  # it can no longer be read as a listing
    new: bool = False  # judged as a new listing (no readable version before)

    def __bool__(self) -> bool:
        return bool(self.standards or self.errors or self.invalid)

    def text(self) -> str:
        if self.invalid:
            return "is not a valid listing"
        verb = "fails" if self.new else "newly fails"
        parts = ([f"{verb} {', '.join(self.standards)}"] if self.standards else []) + (
            [f"has {'' if self.new else 'new '}errors ({', '.join(self.errors)})"]
            if self.errors else [])
        return " and ".join(parts)

    def as_dict(self) -> dict:
        return {"standards": list(self.standards), "errors": list(self.errors),
                "invalid": self.invalid, "new": self.new}


@dataclass
class ListingReview:
    key: str  # the slug that identifies it in the report
    base: Side
    head: Side
    assets: list[Change] = field(default_factory=list)
    touched: bool = True  # False: only re-checked because standards/ changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    standards: list[dict] = field(default_factory=list)
    worse: Worse = Worse()
    causes: list[Cause] = field(default_factory=list)
    bring_back: list[str] = field(default_factory=list)  # what would publish it again
    self_verified: bool = False  # a provider's change sets the reviewer's fields (SCOPE-006)

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
    def name(self) -> str | None:
        """The listing's name as it reads (after, else before), for the people reading."""
        for side in (self.head, self.base):
            value = side.data.get("name") if side.data else None
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    @property
    def slugs(self) -> set[str]:
        return {classify(p)[1] for p in (self.base.path, self.head.path) if p}

    @property
    def changed_fields(self) -> list[str]:
        return [name for name, _, _ in self.fields]


@dataclass(frozen=True)
class ValueChange:
    """One value of a framework file before and after (None: absent)."""

    file: str
    item: str  # the standard, rate, exception or group the value belongs to
    field: str
    before: Any
    after: Any

    def as_dict(self) -> dict:
        return {"file": self.file, "item": self.item, "field": self.field,
                "before": jsonable(self.before), "after": jsonable(self.after)}


@dataclass
class Report:
    base: str
    head: str
    merge_base: str
    today: date
    author: str
    reviewer: bool  # the author is in the base revision's reviewers list
    reviewers_listed: bool = True  # False: the base revision has no reviewers list at all
    listings: list[ListingReview] = field(default_factory=list)
    scope: list[Item] = field(default_factory=list)
    errors: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)
    framework_changed: list[str] = field(default_factory=list)
    framework_values: list[ValueChange] = field(default_factory=list)
    framework_errors: list[Any] = field(default_factory=list)  # Findings of broken files
    checklist: list[str] = field(default_factory=list)

    @property
    def enforce_scope(self) -> bool:
        return not self.reviewer

    @property
    def enforced_scope(self) -> list[Item]:
        return [i for i in self.scope if self.enforce_scope or i.rule in ALWAYS_ENFORCED]

    @property
    def second_reviewer(self) -> bool:
        """A framework file changed: the pull request needs a second reviewer's approval."""
        return bool(self.framework_changed)

    @property
    def failures(self) -> list[str]:
        reasons = [f"{lr.key} {lr.worse.text()}" + (
            f" (one cause: {lr.causes[0].field} {'is missing' if lr.causes[0].missing else ''}"
            .rstrip() + ")" if lr.causes else "") for lr in self.listings if lr.worse]
        reasons += [f"{i.slug} {i.summary or i.message} ({i.rule})" for i in self.errors]
        if self.framework_errors:
            reasons.append("the head revision's framework files are broken")
        enforced = self.enforced_scope
        if enforced:
            reasons.append(f"{len(enforced)} scope problem(s)"
                           + (" in a provider's pull request" if self.enforce_scope else ""))
        return reasons

    @property
    def passed(self) -> bool:
        return not self.failures


def jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | list | type(None)) else str(value)
