"""The finder in Chromium: search, every filter, sorting, distance, the URL, and no-JS.

Expected results are computed here in Python from the sample listings (never hard-coded),
with plain predicates written from the listing format, so a wrong bit mask or a wrong
comparison in finder.js shows up as a difference.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urlencode

import pytest
from browser_harness import TODAY
from lunr.index import Index

from rehab_directory.core.vocab import Gender, MentalHealthSupport, ServiceType, TwelveStep

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing for c in checked if c.publishable}


@pytest.fixture(scope="module")
def shared_page(browser):
    """One guarded page for the many read-only filter cases (a new context each costs more
    than the case itself). Nothing these tests do is stored in the browser."""
    from browser_harness import DESKTOP, PageLog, guard

    context = browser.new_context(viewport=DESKTOP, service_workers="block", locale="en-GB")
    log = PageLog()
    guard(context, log)
    yield context.new_page()
    context.close()
    assert not log.page_errors and not log.csp_violations and not log.foreign()


def wait_for_results(page, query: str | None = None) -> None:
    """Wait until finder.js has drawn the results for ``query`` (any query if None)."""
    if query is None:
        page.wait_for_selector("#results[data-query]", state="attached")
    else:
        page.wait_for_function("q => document.querySelector('#results').dataset.query === q",
                               arg=query)


def result_slugs(page) -> list[str]:
    """Every result, in order, pressing "Show more" until all are on the page."""
    more = page.locator("button.finder-more")
    while more.is_visible():
        more.click()
    return [i.removeprefix("p-") for i in page.eval_on_selector_all(
        "#results > li.card", "items => items.map(li => li.id)")]


def finder(page, site_url: str, params: dict | list | None = None) -> list[str]:
    """Open the home page with ``params`` in its address; return the result slugs."""
    query = urlencode(params or {}, doseq=True)
    page.goto(f"{site_url}/?{query}")
    wait_for_results(page)
    return result_slugs(page)


def search(page, text: str) -> list[str]:
    page.fill("#finder-q", text)
    wait_for_results(page, urlencode({"q": text}))
    return result_slugs(page)


def words(*texts: str | None) -> set[str]:
    return {w for t in texts if t for w in re.findall(r"[a-z0-9]+", t.lower())}


def place_words(listing) -> set[str]:
    a = listing.address
    return words(listing.name, a.town, a.locality, a.county, listing.region.label)


# ---------------------------------------------------------------------------- search


def test_lunr_js_loads_the_lunr_py_index(page, site_url, site_dir):
    """lunr.js 2.3.9, in the browser, loads our index and answers as lunr.py does."""
    page.goto(site_url + "/")
    page.add_script_tag(url=site_url + "/theme/js/lunr.min.js")
    serialised = json.loads((site_dir / "search" / "index.json").read_text(encoding="utf-8"))
    python_index = Index.load(serialised)
    for query in ("leeds", "detox", "alcohol", "beacon lodge", "cocaine london", "lond*"):
        in_browser = page.evaluate(
            """async q => {
                const r = await fetch('/search/index.json');
                const index = lunr.Index.load(await r.json());
                return index.search(q).map(h => h.ref);
            }""", query)
        in_python = [hit["ref"] for hit in python_index.search(query)]
        assert in_browser, f"lunr.js found nothing for {query!r}"
        assert sorted(in_browser) == sorted(in_python), query


def test_search_finds_each_service_by_its_name(page, site_url, listings):
    page.goto(site_url + "/")
    for slug, listing in listings.items():
        found = search(page, listing.name)
        assert found and found[0] == slug, (listing.name, found)


def test_search_by_town_lists_the_services_there_first(page, site_url, listings):
    """A town is a place: every service, nearest first (test_places.py checks the order),
    so the town's own services come first and those nearby follow."""
    page.goto(site_url + "/")
    for town in ("Leeds", "London", "Bradford"):
        expected = {s for s, item in listings.items() if town.lower() in place_words(item)}
        assert expected
        found = search(page, town)
        assert set(found[:len(expected)]) == expected and len(found) == len(listings), town


def test_search_forgives_a_typo(page, site_url, listings):
    page.goto(site_url + "/")
    leeds = {s for s, item in listings.items() if "leeds" in place_words(item)}
    found = search(page, "Leds")
    assert leeds and leeds <= set(found)
    assert set(found[:len(leeds)]) == leeds  # the intended town ranks first
    sheffield = {s for s, item in listings.items() if item.address.town == "Sheffield"}
    assert sheffield and sheffield <= set(search(page, "Sheffeild"))


def test_search_matches_a_prefix(page, site_url, listings):
    page.goto(site_url + "/")
    for prefix, town in (("Shef", "Sheffield"), ("bir", "Birmingham"), ("Card", "Cardiff")):
        expected = {s for s, item in listings.items() if item.address.town == town}
        assert expected
        assert expected <= set(search(page, prefix)), prefix


def test_search_by_postcode_district(page, site_url, listings):
    page.goto(site_url + "/")
    for listing in list(listings.values())[:3]:
        district = listing.address.postcode.split()[0]
        expected = {s for s, i in listings.items() if i.address.postcode.split()[0] == district}
        assert set(search(page, district)) >= expected, district


def test_every_word_must_match(page, site_url, listings):
    page.goto(site_url + "/")
    found = set(search(page, "alcohol detox"))
    expected = {s for s, item in listings.items()
                if any(t.value == "alcohol" for t in item.substances)
                and any(t.value == "inpatient_detox" for t in item.service_types)}
    assert expected and found == expected
    # with a place, the other words still all match, and the place orders them
    found = search(page, "London detox")
    detox = {s for s, item in listings.items()
             if any(t.value == "inpatient_detox" for t in item.service_types)}
    in_london = {s for s in detox if "london" in place_words(listings[s])}
    assert set(found) == detox and set(found[:len(in_london)]) == in_london


def test_accents_do_not_matter(page, site_url):
    page.goto(site_url + "/")
    assert search(page, "Ty Afon")[0] == "ty-afon-cardiff"
    assert search(page, "Tŷ Afon")[0] == "ty-afon-cardiff"


# ---------------------------------------------------------------------------- filters


def has_all(values, wanted) -> bool:
    return set(wanted) <= {v.value for v in values}


def accepts_age(item, age: int) -> bool:
    e = item.eligibility
    return e.min_age <= age and (e.max_age is None or age <= e.max_age)


MH = list(MentalHealthSupport)

# (URL parameters, the rule in plain Python)
FILTERS = [
    ({"service": "residential_rehab"},
     lambda i: has_all(i.service_types, ["residential_rehab"])),
    ({"service": ["inpatient_detox", "residential_rehab"]},
     lambda i: has_all(i.service_types, ["inpatient_detox", "residential_rehab"])),
    ({"service": "day_programme"}, lambda i: has_all(i.service_types, ["day_programme"])),
    ({"substance": ["alcohol", "cocaine"]},
     lambda i: has_all(i.substances, ["alcohol", "cocaine"])),
    ({"substance": "ghb"}, lambda i: has_all(i.substances, ["ghb"])),
    ({"gender": "women"},
     lambda i: i.eligibility.gender in (Gender.MIXED, Gender.WOMEN_ONLY)),
    ({"gender": "men_only"}, lambda i: i.eligibility.gender is Gender.MEN_ONLY),
    ({"age": "17"}, lambda i: accepts_age(i, 17)),
    ({"age": "68"}, lambda i: accepts_age(i, 68)),
    ({"need": "pregnancy"}, lambda i: i.eligibility.pregnancy),
    ({"need": "parents_with_children"}, lambda i: i.eligibility.parents_with_children),
    ({"need": "couples"}, lambda i: i.eligibility.couples),
    ({"need": "wheelchair"}, lambda i: i.accessibility.wheelchair_access),
    ({"need": ["wheelchair", "step_free"]},
     lambda i: i.accessibility.wheelchair_access and i.accessibility.step_free_rooms),
    ({"mh": "supported"}, lambda i: i.mental_health is not MentalHealthSupport.NONE),
    ({"mh": "specialist"}, lambda i: i.mental_health is MentalHealthSupport.SPECIALIST),
    ({"twelve": "yes"}, lambda i: i.approach.twelve_step is not TwelveStep.NONE),
    ({"twelve": "no"}, lambda i: i.approach.twelve_step is TwelveStep.NONE),
    ({"faith": "faith"}, lambda i: i.approach.faith_based),
    ({"faith": "secular"}, lambda i: not i.approach.faith_based),
    ({"funding": ["nhs", "insurance"]},
     lambda i: bool({f.value for f in i.funding} & {"nhs", "insurance"})),
    ({"cost": "1000"},
     lambda i: i.lowest_weekly_cost is not None and i.lowest_weekly_cost <= 1000),
    ({"wait": "14"},
     lambda i: i.shortest_wait is not None and i.shortest_wait.days <= 14),
    ({"region": "yorkshire-and-the-humber"},
     lambda i: i.region.value == "yorkshire-and-the-humber"),
    ({"lang": "so"}, lambda i: "so" in i.languages),
    ({"service": "residential_rehab", "gender": "women", "age": "30", "funding": "self_funded"},
     lambda i: has_all(i.service_types, ["residential_rehab"])
     and i.eligibility.gender in (Gender.MIXED, Gender.WOMEN_ONLY) and accepts_age(i, 30)
     and any(f.value == "self_funded" for f in i.funding)),
]


@pytest.mark.parametrize(("params", "rule"), FILTERS,
                         ids=[urlencode(p, doseq=True) for p, _ in FILTERS])
def test_each_filter_narrows_the_results(shared_page, site_url, listings, params, rule):
    page = shared_page
    expected = sorted(slug for slug, item in listings.items() if rule(item))
    assert len(expected) < len(listings), "the sample data no longer exercises this filter"
    found = finder(page, site_url, params)
    assert sorted(found) == expected
    heading = page.inner_text("#results-heading")
    assert (str(len(expected)) in heading) if expected else heading.startswith("No services")


def test_filters_combine_with_search(page, site_url, listings):
    found = finder(page, site_url, {"q": "London", "service": "day_programme"})
    days = {s for s, i in listings.items() if has_all(i.service_types, ["day_programme"])}
    in_london = {s for s in days if "london" in place_words(listings[s])}
    assert in_london and set(found) == days and set(found[:len(in_london)]) == in_london


def test_filters_set_in_the_form_are_in_the_url_and_survive_reload(page, site_url, listings):
    page.goto(site_url + "/")
    page.click("summary")  # open the filters
    page.check("#f-service-residential_rehab")
    page.select_option("#f-gender", "women")
    page.fill("#f-age", "30")
    page.fill("#finder-q", "house")
    wait_for_results(page, "q=house&service=residential_rehab&gender=women&age=30")
    before = result_slugs(page)
    assert "service=residential_rehab" in page.url and "gender=women" in page.url
    page.reload()
    wait_for_results(page)
    assert page.is_checked("#f-service-residential_rehab")
    assert page.input_value("#f-gender") == "women"
    assert page.input_value("#f-age") == "30"
    assert page.input_value("#finder-q") == "house"
    assert result_slugs(page) == before
    expected = {s for s, i in listings.items() if "house" in words(i.name)
                and has_all(i.service_types, ["residential_rehab"])
                and i.eligibility.gender in (Gender.MIXED, Gender.WOMEN_ONLY)
                and accepts_age(i, 30)}
    assert set(before) == expected
    page.click("button[type=reset]")
    wait_for_results(page, "")
    assert "?" not in page.url
    assert page.locator("#results a[href$='/browse/region/london/']").count() == 1


def test_results_are_announced_politely(page, site_url, listings):
    page.goto(site_url + "/")
    status = page.locator("#finder-status")
    assert status.get_attribute("aria-live") == "polite"
    search(page, "detox")
    n = sum(1 for i in listings.values()
            if "detox" in words(i.name, *(t.label for t in i.service_types)))
    page.wait_for_function("() => document.querySelector('#finder-status').textContent !== ''")
    assert status.inner_text().startswith(f"{n} services match")


# ---------------------------------------------------------------------------- sorting


def miles(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 3958.8 * 2 * math.asin(math.sqrt(a))


def test_sort_by_distance_uses_the_browser_location(new_page, site_url, listings, network):
    here = {"latitude": 52.4862, "longitude": -1.8904}  # Birmingham
    page = new_page(geolocation=here, permissions=["geolocation"])
    page.goto(site_url + "/?service=residential_rehab")
    wait_for_results(page)
    page.click("#finder-locate")
    page.wait_for_selector("#results .card-distance")
    found = result_slugs(page)
    rehab = [s for s, i in listings.items() if has_all(i.service_types, ["residential_rehab"])]

    def distance(slug):
        loc = listings[slug].location
        return miles(here["latitude"], here["longitude"], round(loc.latitude, 3),
                     round(loc.longitude, 3))

    assert found == sorted(rehab, key=lambda s: (distance(s), listings[s].name))
    first = page.inner_text("#results > li:first-child .card-distance")
    assert (first == f"About {round(distance(found[0]))} miles from you"
            or first.startswith("Less"))
    assert "sort=distance" in page.url
    # The location never leaves the browser: no request carries it.
    assert not any("52.48" in url or "1.89" in url for url in network.requests)


STALE_DAYS = 30  # TRA-001's within_days in standards/standards.yaml


@pytest.mark.parametrize("sort", ["name", "wait", "cost"])
def test_sort_orders(shared_page, site_url, listings, sort):
    found = finder(shared_page, site_url, {"service": "residential_rehab", "sort": sort})
    rows = [listings[s] for s in found]
    if sort == "name":
        keys = [r.name.lower() for r in rows]
    elif sort == "wait":
        # the wait of the service filtered for; waits that may be out of date after the rest
        def key(listing):
            wait = listing.service(ServiceType.RESIDENTIAL_REHAB).wait
            if wait is None:
                return (2, 0)
            return (int((TODAY - wait.stated).days > STALE_DAYS), wait.days)
        keys = [key(r) for r in rows]
    else:
        keys = [r.lowest_weekly_cost if r.lowest_weekly_cost is not None else 10**6 for r in rows]
    assert keys == sorted(keys) and len(found) > 2


# ---------------------------------------------------------------------------- cards


def test_cards_match_the_server_rendered_cards(page, site_url):
    """A card drawn by finder.js reads exactly like the same card on a browse page."""
    page.goto(site_url + "/browse/region/london/")
    server = {li.get_attribute("id"): li.inner_text() for li in page.locator("li.card").all()}
    found = finder(page, site_url, {"region": "london"})
    assert sorted(found) == sorted(s.removeprefix("p-") for s in server)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#results .card-summary')]"
        ".every(p => p.textContent !== '')")
    for slug in found:
        card = page.locator(f"#p-{slug}")
        text = card.inner_text()
        button = card.locator("button.shortlist-toggle").inner_text()
        assert text.replace(button, "").strip() == server[f"p-{slug}"].strip()


# ---------------------------------------------------------------------------- loading


def test_search_files_load_only_when_needed(page, site_url, network):
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    assert not any("/search/" in url or "lunr" in url for url in network.requests)
    page.focus("#finder-q")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => window.lunr !== undefined")
    assert any(url.endswith("/search/index.json") for url in network.requests)
    assert not network.page_errors and not network.csp_violations


def test_time_to_first_result(page, site_url):
    """Reported, not asserted (speed targets belong in the benchmark)."""
    page.goto(site_url + "/")
    ms = page.evaluate("""() => new Promise(resolve => {
        const start = performance.now();
        const list = document.querySelector('#results');
        new MutationObserver((_, obs) => {
            if (list.querySelector('li.card')) {
                obs.disconnect();
                resolve(performance.now() - start);
            }
        }).observe(list, {childList: true});
        const box = document.querySelector('#finder-q');
        box.focus();
        box.value = 'leeds';
        box.dispatchEvent(new Event('input', {bubbles: true}));
    })""")
    print(f"time to first result in Chromium (cold, incl. 150 ms typing pause): {ms:.0f} ms")
    assert ms > 0


def test_without_javascript_the_finder_is_hidden_and_browse_links_shown(page_nojs, site_url):
    page_nojs.goto(site_url + "/")
    assert page_nojs.locator("#finder").is_hidden()
    assert page_nojs.locator("#finder-nojs").is_visible()
    assert page_nojs.locator("#results a[href*='/browse/']").count() > 3


def test_with_javascript_the_form_is_labelled_and_grouped(page, site_url):
    page.goto(site_url + "/")
    assert page.locator("#finder").is_visible()
    assert page.locator("#finder-nojs").is_hidden()
    page.click("summary")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '#finder input, #finder select')].filter(c => c.labels.length === 0).map(c => c.name)""")
    assert unlabelled == []
    assert page.locator("#finder fieldset > legend").count() >= 5



def axe_within(page, axe, selectors: list[str]) -> list[dict]:
    """axe-core's WCAG violations inside our own parts of the page (the page frame, header
    and footer, is site-build's and is checked by browser-qa's tests)."""
    axe(page)  # injects axe-core
    return page.evaluate(
        """sel => axe.run({include: sel.map(s => [s])}, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id,
            impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(n =>
            ({target: n.target, html: n.html, summary: n.failureSummary}))})))""",
        selectors)


def test_finder_and_results_pass_axe(page, site_url, axe):
    from browser_harness import format_violations

    page.goto(site_url + "/?q=house&service=residential_rehab")
    wait_for_results(page)
    page.locator(".finder-filters").evaluate("d => { d.open = true; }")
    assert "(1 chosen)" in page.inner_text(".finder-filters > summary")
    violations = axe_within(page, axe, ["#finder", "#results-section", "#finder-status"])
    assert violations == [], format_violations(violations)


def test_enter_moves_focus_to_the_results(page, site_url):
    page.goto(site_url + "/")
    page.fill("#finder-q", "London")
    page.press("#finder-q", "Enter")
    page.wait_for_function("() => document.activeElement.id === 'results-heading'")
    assert page.url.endswith("?q=London")  # no reload to a server that cannot answer


def test_a_failed_download_is_announced(page, site_url, network):
    page.route("**/search/index.json", lambda route: route.fulfill(status=503, body=""))
    page.goto(site_url + "/")
    page.fill("#finder-q", "Leeds")
    page.wait_for_function("() => document.querySelector('#finder-status').textContent !== ''")
    assert "could not load" in page.inner_text("#finder-status")
    assert page.locator("#results a[href*='/browse/']").count() > 3  # browse links still there
    assert network.page_errors == []
