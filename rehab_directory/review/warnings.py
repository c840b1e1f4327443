"""Warnings a person should weigh (``WEIGH-*``): none fails the check on its own.

Each warning names the listing (and the service) it is about, and fires only on what the
pull request changed: evidence that was not touched does not warn, however soon it lapses
(``scripts/review.py --all`` and the weekly issues warn about that, per listing).
"""

from __future__ import annotations

from rehab_directory.core.vocab import Rating
from rehab_directory.framework.publication import lapses_within
from rehab_directory.framework.standards import Framework, Level
from rehab_directory.support.clock import long_date
from rehab_directory.support.money import cost_range

from .fielddiff import touches
from .judge import REVIEWER_FIELDS
from .report import Item, ListingReview

EXPIRY_WINDOW_DAYS = 30  # warn about touched evidence that stops being accepted this soon
SHARP_WAIT_DAYS = 7  # a wait change is sharp when it moves by at least this many days...
SHARP_WAIT_RATIO = 0.5  # ...and by at least this fraction of the old wait

_RATING_RANK = {Rating.OUTSTANDING: 4, Rating.GOOD: 3, Rating.REQUIRES_IMPROVEMENT: 2,
                Rating.INADEQUATE: 1}
_CONTACT_FIELDS = ("phone", "email", "website", "address")


def _cost(c) -> str:
    return "none" if c is None else cost_range(c.min, c.max, to="–", per="")


def evidence_fields(framework: Framework) -> tuple[str, ...]:
    """Every field a required standard reads as evidence, except those only a reviewer
    sets (the documents a reviewer asks to see)."""
    return tuple(sorted({e for std in framework.standards.values() for e in std.evidence
                         if e not in REVIEWER_FIELDS and std.level is Level.REQUIRED}))


def weigh(lr: ListingReview, framework: Framework, reviewer: bool) -> list[Item]:
    """The warnings about one listing the pull request touches."""
    out: list[Item] = []
    ctx = lr.head.context or lr.base.context
    today = ctx.today

    def warn(rule: str, message: str, service: str | None = None) -> None:
        out.append(Item(rule, message, lr.key, service=service))

    if lr.head.path is None:
        warn("WEIGH-009", "the listing is removed: its page disappears from the directory; "
                          "confirm the provider asked for this")
        return out
    old, new = lr.base.listing, lr.head.listing
    changed = lr.changed_fields
    is_new = lr.base.path is None or old is None
    if lr.status == "renamed":
        warn("WEIGH-008", f"renamed from {lr.base.path} to {lr.head.path}: the page address "
                          "changes and old links stop working")
    if lr.base.path is None:
        warn("WEIGH-010", "a new listing, awaiting verification: check every piece of "
                          "evidence, the regulator's record and the photos; once it is merged, "
                          "record the verification with scripts/verify.py")
    if new is not None:
        for lapse in lapses_within(new, framework, today, EXPIRY_WINDOW_DAYS):
            std = framework.standards[lapse.standard]
            if not is_new and not touches(changed, std.evidence):
                continue
            result = lr.head.checked.evaluation.by_id.get(lapse.standard)
            what = "its exception expires" if result and result.exception else (
                "its evidence expires")
            warn("WEIGH-004", f"{lapse.standard} ({lapse.title}) stops being met on "
                              f"{long_date(lapse.on)}, in {(lapse.on - today).days} days: "
                              f"{what}")
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
                warn("WEIGH-001", f"wait {d0} → {d1} days", label)
        if before.weekly_cost != service.weekly_cost:
            change = ""
            if before.weekly_cost and service.weekly_cost and before.weekly_cost.min:
                pct = (service.weekly_cost.min - before.weekly_cost.min) * 100 / (
                    before.weekly_cost.min)
                change = f" ({pct:+.0f}% on the lowest cost)"
            warn("WEIGH-002", f"weekly cost {_cost(before.weekly_cost)} → "
                              f"{_cost(service.weekly_cost)}{change}", label)
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
    if reviewer and touches(changed, REVIEWER_FIELDS) and new.last_verified is not None and (
            old.last_verified is None or new.last_verified >= old.last_verified):
        before = (f"{long_date(old.last_verified)} by {old.verified_by or 'nobody named'}"
                  if old.last_verified else "never verified")
        message = (f"verification recorded: {before} → {long_date(new.last_verified)} by "
                   f"{new.verified_by or 'nobody named'}")
        others = [f for f in changed if not touches([f], REVIEWER_FIELDS)]
        if others:
            message += (f"; {len(others)} other field(s) changed in the same pull request: "
                        "record a verification as a commit of its own (scripts/verify.py)")
        warn("WEIGH-005", message)
    contact = sorted({c for c in _CONTACT_FIELDS if touches(changed, [c])})
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
