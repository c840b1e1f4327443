"""Without JavaScript (issue 14): browse by who a service is for and by type of support
within each region; an empty list names the nearest alternatives; a shared search link says
why it shows the whole directory. Expected lists are worked out here from the listings."""

from __future__ import annotations

import re
import urllib.request

import pytest

from rehab_directory.core import geography
from rehab_directory.core.vocab import Audience, Gender, Region, ServiceType

pytestmark = pytest.mark.browser

AUDIENCE_RULES = {
    Audience.WOMEN_ONLY: lambda i: i.eligibility.gender is Gender.WOMEN_ONLY,
    Audience.MEN_ONLY: lambda i: i.eligibility.gender is Gender.MEN_ONLY,
    Audience.PARENTS: lambda i: i.eligibility.parents_with_children,
    Audience.COUPLES: lambda i: i.eligibility.couples,
    Audience.YOUNG_PEOPLE: lambda i: i.eligibility.max_age is not None
    and i.eligibility.max_age <= 25,
    Audience.PREGNANCY: lambda i: i.eligibility.pregnancy,
}


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing for c in checked if c.publishable}


def fetch(site_url: str, path: str) -> str:
    with urllib.request.urlopen(site_url + path) as response:
        return response.read().decode("utf-8")


def card_slugs(html: str) -> list[str]:
    return re.findall(r'<li class="card[^"]*" id="p-([a-z0-9-]+)"', html)


@pytest.mark.parametrize("audience", list(Audience), ids=[a.value for a in Audience])
def test_browse_by_who_a_service_is_for(site_url, listings, audience):
    expected = sorted(s for s, i in listings.items() if AUDIENCE_RULES[audience](i))
    html = fetch(site_url, f"/browse/for/{audience.value}/")
    assert sorted(card_slugs(html)) == expected
    home = fetch(site_url, "/")
    assert f'href="/browse/for/{audience.value}/"' in home or not expected


def test_a_women_only_service_in_a_region_without_javascript(page_nojs, site_url, listings):
    women = {s for s, i in listings.items() if i.eligibility.gender is Gender.WOMEN_ONLY}
    assert women
    page_nojs.goto(site_url + "/")
    page_nojs.get_by_role("link", name="Women only").click()
    page_nojs.wait_for_selector("h1")
    assert page_nojs.inner_text("h1") == "Services for women only"
    found = page_nojs.eval_on_selector_all("li.card", "cs => cs.map(c => c.id.slice(2))")
    assert set(found) == women
    for slug in found:  # each card says where it is, so a region can be picked out
        place = page_nojs.inner_text(f"#p-{slug} .card-place")
        assert listings[slug].region.label in place


def test_type_of_support_within_each_region(site_url, listings):
    offered = [t for t in ServiceType if any(t in i.service_types for i in listings.values())]
    for region in {i.region for i in listings.values()}:
        region_page = fetch(site_url, f"/browse/region/{region.value}/")
        for service in offered:
            url = f"/browse/region/{region.value}/{service.value}/"
            assert f'href="{url}"' in region_page, url
            expected = sorted(s for s, i in listings.items()
                              if i.region is region and service in i.service_types)
            assert sorted(card_slugs(fetch(site_url, url))) == expected, url


def test_an_empty_list_names_the_nearest_alternatives(site_url, listings):
    empty = [(r, t) for r in {i.region for i in listings.values()} for t in ServiceType
             if any(t in i.service_types for i in listings.values())
             and not any(i.region is r and t in i.service_types for i in listings.values())]
    assert empty, "the samples have no empty type of support in a region"
    for region, service in empty:
        centre = geography.region_centre(region)
        elsewhere = sorted((s for s, i in listings.items() if service in i.service_types),
                           key=lambda s: (geography.miles_between(
                               centre.latitude, centre.longitude, listings[s].location.latitude,
                               listings[s].location.longitude), listings[s].name))
        html = fetch(site_url, f"/browse/region/{region.value}/{service.value}/")
        assert "There are no services here yet." in html
        named = re.findall(r'<ul class="browse-alternatives".*?</ul>', html, re.S)[0]
        linked = re.findall(r'href="/providers/([a-z0-9-]+)/"', named)
        assert linked == elsewhere[:5], (region, service)
        assert re.search(r"\(about \d+ miles? away, in [A-Z]", named)


def test_an_empty_region_names_the_nearest_regions(site_url, listings):
    present = {i.region for i in listings.values()}
    for region in set(Region) - present:
        html = fetch(site_url, f"/browse/region/{region.value}/")
        named = re.findall(r'<ul class="browse-alternatives".*?</ul>', html, re.S)
        assert named, region
        linked = re.findall(r'href="/browse/region/([a-z-]+)/"', named[0])
        assert linked and set(linked) <= {r.value for r in present}


def test_a_shared_search_link_says_what_it_cannot_show(page_nojs, site_url):
    page_nojs.goto(site_url + "/?q=women&region=yorkshire-and-the-humber")
    note = page_nojs.locator("#finder-nojs")
    assert note.is_visible()
    text = note.inner_text()
    assert "followed a link to a search" in text and "who a service is for" in text
