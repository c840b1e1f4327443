"""The finder understands who a service is for and how it is paid for (issue 14).

Words come from content/search-synonyms.yaml; the expected results are plain Python rules
written from the listing format, so a wrong mapping or a wrong filter in finder.js shows.
Also: the referral filter, the wait and cost of the service filtered for on each card, and
waits that may be out of date, marked and sorted after the rest.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from browser_harness import TODAY

from rehab_directory.core.vocab import Funding, Gender, ReferralRoute, ServiceType, TwelveStep
from rehab_directory.site.cards import cost_text, days_text, referral_text

pytestmark = pytest.mark.browser

STALE_DAYS = 30  # TRA-001's within_days in standards/standards.yaml


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing for c in checked if c.publishable}


@pytest.fixture
def phone(new_page):
    return new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)


def results(page, site_url: str, params: dict) -> list[str]:
    query = urlencode(params, doseq=True)
    page.goto(f"{site_url}/?{query}")
    page.wait_for_function("q => document.querySelector('#results').dataset.query === q",
                           arg=query)
    more = page.locator("button.finder-more")
    while more.is_visible():
        more.click()
    return [i.removeprefix("p-") for i in page.eval_on_selector_all(
        "#results > li.card", "items => items.map(li => li.id)")]


def stale(wait) -> bool:
    return wait is not None and (TODAY - wait.stated).days > STALE_DAYS


WORDS = [
    ("women", lambda i: i.eligibility.gender in (Gender.MIXED, Gender.WOMEN_ONLY)),
    ("Women only", lambda i: i.eligibility.gender is Gender.WOMEN_ONLY),
    ("women's only", lambda i: i.eligibility.gender is Gender.WOMEN_ONLY),
    ("men", lambda i: i.eligibility.gender in (Gender.MIXED, Gender.MEN_ONLY)),
    ("mothers", lambda i: i.eligibility.parents_with_children),
    ("mums", lambda i: i.eligibility.parents_with_children),
    ("couples", lambda i: i.eligibility.couples),
    ("young people", lambda i: i.eligibility.max_age is not None
     and i.eligibility.max_age <= 25),
    ("pregnant", lambda i: i.eligibility.pregnancy),
    ("NHS", lambda i: Funding.NHS in i.funding),
    ("free", lambda i: Funding.NHS in i.funding or Funding.LOCAL_AUTHORITY in i.funding),
    ("self-referral", lambda i: ReferralRoute.SELF in i.referral_routes),
    ("self referral", lambda i: ReferralRoute.SELF in i.referral_routes),
    ("12 step", lambda i: i.approach.twelve_step is not TwelveStep.NONE),
    ("twelve-step", lambda i: i.approach.twelve_step is not TwelveStep.NONE),
    ("faith", lambda i: i.approach.faith is not None),
    ("spice", lambda i: any(s.value == "novel_psychoactive" for s in i.substances)),
    ("heroin", lambda i: any(s.value == "opioids" for s in i.substances)),
    ("women nhs", lambda i: i.eligibility.gender in (Gender.MIXED, Gender.WOMEN_ONLY)
     and Funding.NHS in i.funding),
]


@pytest.mark.parametrize(("typed", "rule"), WORDS, ids=[w for w, _ in WORDS])
def test_words_people_use_choose_filters(phone, site_url, listings, typed, rule):
    expected = sorted(s for s, item in listings.items() if rule(item))
    assert 0 < len(expected) < len(listings), "the samples no longer exercise this word"
    assert sorted(results(phone, site_url, {"q": typed})) == expected
    assert phone.inner_text("#finder-understood").startswith("Showing services ")


def test_the_referral_filter(phone, site_url, listings):
    expected = sorted(s for s, i in listings.items() if ReferralRoute.SELF in i.referral_routes)
    assert 0 < len(expected) < len(listings)
    assert sorted(results(phone, site_url, {"referral": "self_referral"})) == expected
    both = sorted(s for s, i in listings.items()
                  if {ReferralRoute.SELF, ReferralRoute.GP} & set(i.referral_routes))
    assert sorted(results(phone, site_url, {"referral": ["self_referral", "gp"]})) == both
    card = phone.locator("#results > li.card").first
    slug = card.get_attribute("id").removeprefix("p-")
    assert card.locator("dt:text-is('Referral by') + dd").inner_text() == referral_text(
        listings[slug])


@pytest.mark.parametrize("service", [ServiceType.RESIDENTIAL_REHAB, ServiceType.INPATIENT_DETOX])
def test_cards_show_the_wait_and_cost_of_the_service_filtered_for(phone, site_url, listings,
                                                                    service):
    found = results(phone, site_url, {"service": service.value})
    several = [s for s in found if len(listings[s].services) > 1]
    assert several, "no sample offers this service and another"
    for slug in found:
        chosen = listings[slug].service(service)
        card = phone.locator(f"#p-{slug}")
        shown = card.locator(f"dt:text-is('{service.label}') + dd").inner_text()
        days = chosen.wait.days if chosen.wait else None
        wait = days_text(days) + (" (may be out of date)" if stale(chosen.wait) else "")
        c = chosen.weekly_cost
        cost = cost_text(c.min if c else None, c.max if c else None)
        assert shown == f"Wait: {wait}. Cost: {cost}.", slug
        assert card.locator("dt:text-is('Wait')").count() == 0  # not the shortest of all


def test_stale_waits_are_marked_and_sorted_after_fresh_ones(phone, site_url, listings):
    found = results(phone, site_url, {"sort": "wait"})

    def chosen(listing):
        waits = [(stale(s.wait), s.wait.days) for s in listing.services if s.wait]
        return min(waits) if waits else None

    keys = [chosen(listings[s]) for s in found]
    stated = [k for k in keys if k is not None]
    assert any(k[0] for k in stated) and not all(k[0] for k in stated)
    assert stated == sorted(stated) and keys[len(stated):] == [None] * (len(keys) - len(stated))
    for slug, key in zip(found, keys, strict=True):
        text = phone.locator(f"#p-{slug} dt:text-is('Wait') + dd").inner_text()
        assert ("may be out of date" in text) == bool(key and key[0]), slug


def test_the_comparison_shows_referral_routes(new_page, site_url, listings):
    page = new_page(viewport={"width": 375, "height": 812})
    two = sorted(listings)[:2]
    page.goto(site_url + "/compare/")
    page.evaluate("s => localStorage.setItem('ord-shortlist', s)", json.dumps(two))
    page.reload()
    row = page.locator("table.compare-table tr", has=page.locator("th:text-is('How to get a "
                                                                   "place')"))
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells == [", ".join(r.label for r in ReferralRoute
                               if r in listings[s].referral_routes) for s in two]
