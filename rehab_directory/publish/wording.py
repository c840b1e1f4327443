"""Facts put into words for the open data: ranges ("6 to 12 weeks") and sentences
joined from the parts that are known, and whether a service is taking new admissions."""

from __future__ import annotations

from rehab_directory.core.model import Admissions
from rehab_directory.core.vocab import AdmissionsStatus
from rehab_directory.support.clock import long_date


def value_range(low: int, high: int | None, unit: str) -> str:
    """"6 weeks", "6 to 12 weeks" (a cost's range is ``money.cost_range``)."""
    if high is None or high == low:
        return f"{low}{unit}"
    return f"{low} to {high}{unit}"


def sentence(*parts: str | None) -> str:
    """The parts that are there, joined by spaces."""
    return " ".join(p for p in parts if p)


# The mark on a service that is not taking anyone new (cards, comparison, open data).
# directory-data.js's PAUSED_TEXT words it the same.
PAUSED_TEXT = "Not taking new admissions for now"


def admissions_paused(admissions: Admissions | None) -> bool:
    """Whether the provider last said admissions are paused (not stated: not paused)."""
    return admissions is not None and admissions.status is AdmissionsStatus.PAUSED


def admissions_notice(admissions: Admissions | None) -> str | None:
    """"Not taking new admissions for now (expected to reopen 11 January 2027)" while
    admissions are paused (without the brackets when no date is known); None when open or
    not stated."""
    if not admissions_paused(admissions):
        return None
    if admissions.reopens is None:
        return PAUSED_TEXT
    return f"{PAUSED_TEXT} (expected to reopen {long_date(admissions.reopens)})"
