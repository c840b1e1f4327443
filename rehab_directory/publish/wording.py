"""Facts put into words for the open data: ranges ("6 to 12 weeks") and sentences
joined from the parts that are known, and whether a service is taking new admissions."""

from __future__ import annotations

from datetime import date

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


# The mark on a service that is not taking anyone new (cards, comparison, open data, its
# page). directory-data.js's PAUSED_TEXT and PAUSED_WHEN_STATED word it the same.
PAUSED_TEXT = "Not taking new admissions for now"
# Once the day they expected to reopen has passed (the site is rebuilt nightly, and the
# date passes without anyone editing the listing), the pause is only what was last stated.
PAUSED_WHEN_STATED = "Not taking new admissions when last stated"
ASK_IF_REOPENED = "ask if they have reopened"


def admissions_paused(admissions: Admissions | None) -> bool:
    """Whether the provider last said admissions are paused (not stated: not paused)."""
    return admissions is not None and admissions.status is AdmissionsStatus.PAUSED


def reopening_passed(reopens: date | None, today: date | None) -> bool:
    """Whether the day admissions were expected to reopen is before ``today`` (the build's
    day, UK time; None: not judged). The one rule for the site, its open data and, through
    table.json's "reopen_passed" column, the finder."""
    return reopens is not None and today is not None and today > reopens


def admissions_notice(admissions: Admissions | None, today: date | None = None) -> str | None:
    """While admissions are paused: "Not taking new admissions for now (expected to reopen
    11 January 2027)", without the brackets when no date is known; once ``today`` (the
    build's day) is after that date, "Not taking new admissions when last stated (expected
    to reopen 11 January 2027: ask if they have reopened)". None when open or not stated."""
    if not admissions_paused(admissions):
        return None
    if admissions.reopens is None:
        return PAUSED_TEXT
    expected = f"expected to reopen {long_date(admissions.reopens)}"
    if reopening_passed(admissions.reopens, today):
        return f"{PAUSED_WHEN_STATED} ({expected}: {ASK_IF_REOPENED})"
    return f"{PAUSED_TEXT} ({expected})"
