"""Whether a checked listing is published or withheld, and why, in plain words.

The public build publishes every listing that meets the required standards and withholds
each one that does not, instead of refusing the whole site: evidence ages every day without
a commit, so on some day some listing always has lapsed. The review report uses the same
judgement to say, of a pull request, whether a listing stays withheld and what would bring
it back.

A withheld listing has one ``Standing`` (the most fundamental reason first):

- ``invalid``: the file cannot be read as a listing (YAML or schema errors, unreadable);
- ``failing``: a required standard is not met, and was not met when last verified either
  (or the listing breaks a file rule, e.g. a missing photo);
- ``unverified``: no framework reviewer has verified it yet (a new listing);
- ``lapsed``: everything was met when a reviewer last verified it, but some evidence has
  since gone out of date (or a new Real Living Wage rate came into force).

"Lapsed" is found generically, not from the checks' wording: a required standard that is
not met today but was met on the day the listing was last verified has lapsed, and the day
it lapsed is the first day on which it stops being met (a binary search between the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab_directory.core.findings import Finding, failing
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES

from .evaluation import evaluate
from .standards import Context, Framework

VERIFICATION = "TRA-002"  # the standard a reviewer's verification meets
WAITS = "TRA-001"  # the standard that each service's wait was stated recently
# The fields that record it, which only a framework reviewer sets (scripts/verify.py).
VERIFICATION_FIELDS = ("last_verified", "verified_by")


def wait_window_days(framework: Framework) -> int | None:
    """How many days a service's stated wait stays current: the ``within_days`` of the
    framework's wait standard (``WAITS``), from standards/; None when the framework has no
    such standard, and then no wait is marked as out of date."""
    standard = framework.standards.get(WAITS)
    return None if standard is None else standard.params["within_days"]


class Standing(StrEnum):
    PUBLISHED = "published"
    INVALID = "invalid"
    FAILING = "failing"
    UNVERIFIED = "unverified"
    LAPSED = "lapsed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Standing.PUBLISHED: "published",
    Standing.INVALID: "cannot be read as a listing",
    Standing.FAILING: "does not meet a required standard",
    Standing.UNVERIFIED: "awaiting verification by a framework reviewer",
    Standing.LAPSED: "evidence has gone out of date",
}
# A failing listing's errors of the file layers (GEO-001, VAL-003: rules in core/rules.py), as
# against the framework's standards it does not meet (the label of Standing.FAILING).
HAS_ERRORS = "has errors"


@dataclass(frozen=True)
class Lapse:
    """A required standard that was met when last verified and is not met now."""

    standard: str
    title: str
    on: date  # the first day it was no longer met


@dataclass(frozen=True)
class Assessment:
    """A listing's standing, the errors that withhold it, and the lapses among them."""

    standing: Standing
    errors: tuple[Finding, ...] = ()
    lapses: tuple[Lapse, ...] = ()

    @property
    def published(self) -> bool:
        return self.standing is Standing.PUBLISHED

    @property
    def lapsed_on(self) -> date | None:
        return min((lapse.on for lapse in self.lapses), default=None)

    def _failures(self) -> list[tuple[str, list[str]]]:
        """(words, rule IDs) for each kind of error that withholds a failing listing."""
        rules = sorted({f.rule for f in self.errors if f.rule in RULES})
        standards = sorted({f.rule for f in self.errors if f.rule not in RULES})
        return [(words, ids) for words, ids in ((HAS_ERRORS, rules),
                                                 (Standing.FAILING.label, standards)) if ids]

    @property
    def reason(self) -> str:
        """Why the listing is withheld, in words: its standing's label, except that a
        listing failing on errors of the file layers 'has errors' (it may also not meet a
        required standard)."""
        failures = self._failures() if self.standing is Standing.FAILING else []
        return " and ".join(words for words, _ in failures) or self.standing.label

    @property
    def reason_with_rules(self) -> str:
        """``reason`` with the IDs of the rules that say so: 'has errors (GEO-001, VAL-003)',
        'does not meet a required standard (DIG-001)', or both joined by 'and'."""
        if self.standing is Standing.FAILING and (failures := self._failures()):
            return " and ".join(f"{words} ({', '.join(ids)})" for words, ids in failures)
        rules = sorted({f.rule for f in self.errors})
        return self.standing.label + (f" ({', '.join(rules)})" if rules else "")

    def as_dict(self) -> dict:
        return {
            "standing": self.standing.value,
            "reason": self.reason,
            "lapsed_on": self.lapsed_on.isoformat() if self.lapsed_on else None,
            "lapses": [{"standard": lp.standard, "title": lp.title, "on": lp.on.isoformat()}
                       for lp in self.lapses],
            "errors": [f.as_dict() for f in self.errors],
        }


def assess(listing: Listing | None, findings: list[Finding], context: Context) -> Assessment:
    """The standing of a listing checked as on ``context.today`` (``findings``: all of the
    validator's findings on it; ``listing``: None when it could not be read)."""
    errors = tuple(failing(findings))
    if listing is None:
        return Assessment(Standing.INVALID, errors)
    if not errors:
        return Assessment(Standing.PUBLISHED)
    standards = context.framework.standards
    unmet = {f.rule for f in errors if f.rule in standards}
    other = [f for f in errors if f.rule not in standards]
    if other:
        return Assessment(Standing.FAILING, errors)
    if listing.last_verified is None:
        standing = Standing.FAILING if unmet - {VERIFICATION} else Standing.UNVERIFIED
        return Assessment(standing, errors)
    lapses = []
    for sid in sorted(unmet):
        day = first_unmet_day(listing, context.framework, sid, listing.last_verified,
                              context.today)
        if day is None:  # not met when verified either: not a lapse
            return Assessment(Standing.FAILING, errors)
        lapses.append(Lapse(sid, standards[sid].title, day))
    lapses.sort(key=lambda lp: (lp.on, lp.standard))
    return Assessment(Standing.LAPSED, errors, tuple(lapses))


def met_on(listing: Listing, framework: Framework, standard_id: str, day: date) -> bool:
    """Whether ``standard_id`` is met (or excepted) for ``listing`` as on ``day``."""
    result = evaluate(listing, Context(day, framework), only=(standard_id,)).by_id.get(
        standard_id)
    return result is not None and result.status != "not_met"


def first_unmet_day(listing: Listing, framework: Framework, standard_id: str, start: date,
                    end: date) -> date | None:
    """The first day after ``start`` up to ``end`` on which the standard is not met, given
    that it is met on ``start`` and not on ``end``; None when it is not met on ``start``
    (or is met on ``end``). Evidence only ages, so the days on which it is met come first."""
    if start >= end or not met_on(listing, framework, standard_id, start) or met_on(
            listing, framework, standard_id, end):
        return None
    lo, hi = 0, (end - start).days  # met on start + lo, not met on start + hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if met_on(listing, framework, standard_id, start + timedelta(days=mid)):
            lo = mid
        else:
            hi = mid
    return start + timedelta(days=hi)


def lapses_within(listing: Listing, framework: Framework, today: date, days: int
                  ) -> list[Lapse]:
    """Standards met today that stop being met within ``days`` days (warning ahead).

    Two evaluations find the standards that change (met today, not at the end); only those
    are searched for the day."""
    end = today + timedelta(days=days)
    now = evaluate(listing, Context(today, framework)).by_id
    then = evaluate(listing, Context(end, framework)).by_id
    out = []
    for sid, result in now.items():
        if result.status == "not_met" or then[sid].status != "not_met":
            continue
        day = first_unmet_day(listing, framework, sid, today, end)
        if day is not None:
            out.append(Lapse(sid, result.standard.title, day))
    out.sort(key=lambda lp: (lp.on, lp.standard))
    return out
