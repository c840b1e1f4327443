"""Guides link into the finder with working filters, with and without JavaScript (Chromium).

Each link at the end of each guide is followed in Chromium: the finder must show exactly the
services the filters describe (worked out here from the listings themselves, independently
of finder.js) with the filters' controls set. Without JavaScript a guide's browse link lists
the same services. Glossary links on the finder's result cards and in the comparison go to
their entries, as the server-written pages' links do.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from browser_harness import ROOT, TODAY
from browser_pages import provider_slugs, set_shortlist

from rehab_directory.framework.glossary import Glossary
from rehab_directory.site.guides import Library
from rehab_directory.site.pages import FACETS
from rehab_directory.validator.engine import Validator

pytestmark = pytest.mark.browser

LIBRARY = Library.load(ROOT, Glossary.load(ROOT), browse_kinds=FACETS)
LINKS = [(g.slug, link) for g in LIBRARY.guides for link in g.finder]


@pytest.fixture(scope="session")
def listings(site_dir: Path) -> dict:
    """The published sample listings, by slug."""
    published = set(provider_slugs(site_dir))
    checked = Validator(ROOT, TODAY).check_listings(Validator(ROOT, TODAY).listing_files())
    return {c.listing.slug: c.listing for c in checked
            if c.listing is not None and c.listing.slug in published}


def matches(listing, pairs: list[tuple[str, str]]) -> bool:
    """Whether a listing answers a guide's filters, as the finder's form describes each."""
    e = listing.eligibility
    for name, value in pairs:
        if name == "service" and value not in {t.value for t in listing.service_types}:
            return False
        if name == "substance" and value not in {s.value for s in listing.substances}:
            return False
        if name == "region" and listing.region.value != value:
            return False
        if name == "need":
            flags = {"pregnancy": e.pregnancy, "parents_with_children": e.parents_with_children,
                     "couples": e.couples, "pets": e.pets,
                     "wheelchair": listing.accessibility.wheelchair_access,
                     "step_free": listing.accessibility.step_free_rooms}
            if not flags.get(value, True):
                return False
        if name == "gender":
            allowed = {"women": {"mixed", "women_only"}, "men": {"mixed", "men_only"}}.get(
                value, {value})
            if e.gender.value not in allowed:
                return False
        if name == "mh":
            allowed = {"supported": {"supported", "specialist"}, "specialist": {"specialist"}}
            if listing.mental_health.value not in allowed[value]:
                return False
        if name == "twelve":
            step = listing.approach.twelve_step.value
            if (value == "yes" and step == "none") or (value == "no" and step != "none") or (
                    value == "based" and step != "based"):
                return False
        if name == "faith" and listing.approach.faith_based != (value == "faith"):
            return False
    funding = [v for n, v in pairs if n == "funding"]
    return not funding or bool(set(funding) & {f.value for f in listing.funding})


def shown_slugs(page) -> set[str]:
    return {i.removeprefix("p-") for i in page.eval_on_selector_all(
        "#results li.card", "cards => cards.map(c => c.id)")}


def test_the_guides_link_into_the_finder_at_all():
    assert len(LINKS) >= 10 and {slug for slug, _ in LINKS} == {g.slug for g in LIBRARY.guides}


@pytest.mark.parametrize(("slug", "link"), LINKS, ids=[f"{s}:{li.query}" for s, li in LINKS])
def test_a_guide_s_finder_link_shows_exactly_the_matching_services(page, site_url, listings,
                                                                  slug, link):
    page.goto(site_url + f"/guides/{slug}/")
    anchor = page.get_by_role("link", name=link.text, exact=True)
    anchor.click()
    page.wait_for_function("q => document.getElementById('results').dataset.query === q",
                           arg=link.query)
    pairs = parse_qsl(link.query)
    expected = {s for s, listing in listings.items() if matches(listing, pairs)}
    assert shown_slugs(page) == expected
    heading = page.locator("#results-heading").inner_text()
    assert heading == ("No services match" if not expected else
                       f"{len(expected)} service{'s' if len(expected) != 1 else ''} "
                       f"match{'es' if len(expected) == 1 else ''} your search")
    # The form shows the filters the guide set, so they can be changed.
    for name, value in pairs:
        control = page.locator(f'#finder [name="{name}"]')
        if control.first.evaluate("e => e.type") == "checkbox":
            assert page.locator(f'#finder [name="{name}"][value="{value}"]').is_checked()
        else:
            assert control.input_value() == value
    assert page.locator(".finder-filters > summary").inner_text().endswith(
        f"({len(pairs)} chosen)")


def test_the_links_find_services_in_the_sample_listings(listings):
    """The sample listings answer most of the guides' links (a link that finds nothing is a
    poor end to a guide)."""
    empty = [link.query for _, link in LINKS
             if not any(matches(li, parse_qsl(link.query)) for li in listings.values())]
    assert len(empty) <= len(LINKS) // 4, empty


@pytest.mark.parametrize(("slug", "link"), [(s, li) for s, li in LINKS if li.browse],
                         ids=[f"{s}:{li.query}" for s, li in LINKS if li.browse])
def test_without_javascript_the_browse_link_lists_the_same_services(page_nojs, site_url,
                                                                   listings, slug, link):
    page_nojs.goto(site_url + f"/guides/{slug}/")
    item = page_nojs.locator(".find-services li", has_text=link.text)
    item.get_by_role("link", name="see them as a list").click()
    page_nojs.wait_for_load_state("load")
    assert page_nojs.url == site_url + link.browse
    expected = {s for s, listing in listings.items() if matches(listing, parse_qsl(link.query))}
    cards = page_nojs.eval_on_selector_all("li.card", "cards => cards.map(c => c.id)")
    assert {c.removeprefix("p-") for c in cards} == expected


def test_without_javascript_a_finder_link_still_leads_to_every_service(page_nojs, site_url):
    _, link = LINKS[0]
    page_nojs.goto(site_url + "/?" + link.query)
    assert page_nojs.locator("#finder-nojs").is_visible()
    assert page_nojs.locator("#results a[href*='/browse/']").count() > 3


def test_result_cards_and_the_comparison_link_terms_to_the_glossary(page, site_url,
                                                                    site_dir):
    page.goto(site_url + "/?service=inpatient_detox")
    page.wait_for_selector("#results li.card")
    link = page.locator("#results li.card a.term", has_text="Inpatient detox").first
    assert link.get_attribute("href").endswith("/glossary/#inpatient-detox")
    # The same card on a browse page (written by the server) links the same entries.
    slug = page.locator("#results li.card").first.get_attribute("id").removeprefix("p-")
    js_links = page.eval_on_selector_all(
        f"#p-{slug} a.term", "links => links.map(a => [a.textContent, a.getAttribute('href')])")
    browse = (site_dir / "browse" / "service" / "inpatient_detox" / "index.html").read_text()
    card = browse[browse.index(f'id="p-{slug}"'):]
    card = card[:card.index("</li>")]
    server_links = re.findall(r'<a class="term" href="([^"]+)">([^<]+)</a>', card)
    assert sorted((text, href) for href, text in server_links) == sorted(
        (text, href) for text, href in js_links)

    set_shortlist(page, site_url, tuple(provider_slugs(site_dir)[:2]))
    page.goto(site_url + "/compare/")
    page.wait_for_selector("#compare-table a.term")
    hrefs = page.eval_on_selector_all("#compare-table a.term",
                                      "links => links.map(a => a.getAttribute('href'))")
    ids = {h.split("#")[1] for h in hrefs}
    assert ids and ids <= set(LIBRARY.glossary.by_id)
    page.locator("#compare-table a.term").first.click()
    page.wait_for_load_state("load")
    target = page.url.split("#")[1]
    assert page.locator(f"#{target}.glossary-entry").is_visible()
