"""Result cards: the short summary of a listing on browse pages and in the finder.

The same card is drawn by Jinja (``_result_card.html``, on the browse pages: the path that
needs no JavaScript) and by the finder's JavaScript, so every fact's wording is defined here,
once, as a small function the JavaScript mirrors:

- Services: service labels in listing order, joined by ", "
- For: "<gender label>, aged <min> to <max>" or "<gender label>, aged <min> and over"
- Wait: "No wait", "1 day", "<n> days", or "Not stated": the shortest wait that is not out
  of date, else the shortest that may be ("<n> days (may be out of date)"); see chosen_wait
- Referral by: who can refer, shortly (REFERRAL_SHORT), in vocabulary order, joined by
  ", " and with a capital letter: "You, a keyworker, a GP"
- Cost: "£<min> a week", "£<min> to £<max> a week" (thousands with commas), "Free" (a cost
  of £0), "Free to £<max> a week", or "Not stated"
- Funding: funding labels in listing order, joined by ", "
- Standards: "<met> of <assessed> met"
- Admissions, only while paused: "Not taking new admissions for now (expected to reopen
  11 January 2027)" (``wording.admissions_notice``; directory-data.js facts.admissions)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import ReferralRoute
from rehab_directory.support.money import cost_range

from ..publish.wording import admissions_notice
from ..validator.checked import Checked


def services_text(listing: Listing) -> str:
    return ", ".join(t.label for t in listing.service_types)


def eligibility_text(listing: Listing) -> str:
    e = listing.eligibility
    ages = (f"aged {e.min_age} to {e.max_age}" if e.max_age is not None
            else f"aged {e.min_age} and over")
    return f"{e.gender.label}, {ages}"


def days_text(days: int | None) -> str:
    if days is None:
        return "Not stated"
    if days == 0:
        return "No wait"
    return "1 day" if days == 1 else f"{days} days"


def cost_text(low: int | None, high: int | None) -> str:
    return "Not stated" if low is None else cost_range(low, high, free="Free")


def funding_text(listing: Listing) -> str:
    return ", ".join(f.label for f in listing.funding)


STALE_TEXT = "may be out of date"  # directory-data.js's STALE_TEXT


# Who can refer, in a few words (a card has little room; the provider page and the
# comparison give the routes' full labels).
REFERRAL_SHORT: dict[ReferralRoute, str] = {
    ReferralRoute.SELF: "you",
    ReferralRoute.KEYWORKER: "a keyworker",
    ReferralRoute.LOCAL_AUTHORITY: "the council",
    ReferralRoute.GP: "a GP",
    ReferralRoute.PRIVATE: "private (you pay)",
}


def referral_text(listing: Listing) -> str:
    """Who can refer, in the vocabulary's order (the search table keeps them as a mask)."""
    text = ", ".join(REFERRAL_SHORT[r] for r in ReferralRoute if r in listing.referral_routes)
    return text[:1].upper() + text[1:]


def chosen_wait(listing: Listing, stale: set[int]) -> tuple[int | None, bool]:
    """The wait a card shows: the shortest of the waits not out of date (``stale``: the
    indexes of services whose wait may be), else the shortest of the others; and whether
    it may be out of date. directory-data.js's facts.chosen picks the same way."""
    waits = [(i in stale, s.wait.days, i) for i, s in enumerate(listing.services) if s.wait]
    if not waits:
        return None, False
    is_stale, days, _ = min(waits)
    return days, is_stale


def wait_text(days: int | None, stale: bool) -> str:
    return days_text(days) + (f" ({STALE_TEXT})" if stale else "")


def standards_counts(checked: Checked) -> tuple[int, int]:
    results = checked.evaluation.results if checked.evaluation else []
    return sum(1 for r in results if r.met), len(results)


@dataclass(frozen=True)
class Card:
    slug: str
    name: str
    place: str
    summary: str
    services: str
    eligibility: str
    wait: str
    cost: str
    referral: str
    funding: str
    standards: str
    stale: bool = False  # the wait shown may be out of date
    admissions: str | None = None  # while admissions are paused, the card says so


def card(checked: Checked, stale: set[int] = frozenset(), today: date | None = None) -> Card:
    """``stale``: indexes of the listing's services whose wait may be out of date; ``today``:
    the build's day, against which a paused listing's reopening day is judged."""
    listing = checked.listing
    days, is_stale = chosen_wait(listing, stale)
    met, total = standards_counts(checked)
    return Card(
        slug=listing.slug,
        name=listing.name,
        place=f"{listing.address.town}, {listing.region.label}",
        summary=listing.summary,
        services=services_text(listing),
        eligibility=eligibility_text(listing),
        wait=wait_text(days, is_stale),
        cost=cost_text(listing.lowest_weekly_cost, listing.highest_weekly_cost),
        referral=referral_text(listing),
        stale=is_stale,
        funding=funding_text(listing),
        standards=f"{met} of {total} met",
        admissions=admissions_notice(listing.admissions, today),
    )
