"""The map of the UK (issue 14): a picture drawn at build time from Natural Earth's outline,
services as linked dots, a text alternative, nothing from another host."""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

import pytest

from rehab_directory.core.vocab import Region
from rehab_directory.site import ukmap

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing for c in checked if c.publishable}


def dots(page) -> list[dict]:
    return page.eval_on_selector_all(
        "figure.uk-map svg a", """links => links.map(a => ({
            href: a.getAttribute('href'), tabindex: a.getAttribute('tabindex'),
            cx: Number(a.querySelector('circle').getAttribute('cx')),
            cy: Number(a.querySelector('circle').getAttribute('cy')),
            title: a.querySelector('title').textContent,
            here: a.querySelector('circle').classList.contains('uk-map-here')}))""")


def check_figure(page, network) -> str:
    figure = page.locator("figure.uk-map")
    assert figure.count() == 1
    svg = figure.locator("svg")
    assert svg.get_attribute("aria-hidden") == "true"  # the caption speaks for it
    image = svg.locator("image").get_attribute("href")
    assert image.endswith("/theme/map/uk.svg")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/theme/map/uk.svg") for url in network.requests)
    assert not network.foreign() and not network.blocked
    box = svg.bounding_box()
    assert box["width"] > 100 and box["height"] > box["width"]  # drawn, the UK's shape
    return figure.locator("figcaption").inner_text()


def test_the_home_page_map_has_a_dot_for_every_service(page, site_url, listings, network):
    page.goto(site_url + "/")
    caption = check_figure(page, network)
    found = dots(page)
    assert sorted(d["href"] for d in found) == sorted(f"/providers/{s}/" for s in listings)
    for d in found:
        listing = listings[d["href"].split("/")[2]]
        x, y = ukmap.project(listing.location.latitude, listing.location.longitude)
        assert (d["cx"], d["cy"]) == (x, y)
        assert d["title"] == f"{listing.name}, {listing.address.town}"
        assert d["tabindex"] == "-1"  # the list is the way in for keyboards
    assert f"each of the {len(listings)} services" in caption
    counts = Counter(i.region.label for i in listings.values())
    for label, n in counts.items():
        assert f"{n} in {label}" in caption


def test_a_region_page_maps_the_region(page, site_url, listings, network):
    region = Counter(i.region for i in listings.values()).most_common(1)[0][0]
    page.goto(f"{site_url}/browse/region/{region.value}/")
    caption = check_figure(page, network)
    inside = sorted(f"/providers/{s}/" for s, i in listings.items() if i.region is region)
    assert sorted(d["href"] for d in dots(page)) == inside
    assert f"in {region.label}" in caption


def test_a_provider_page_shows_where_it_is(page, site_url, listings, network):
    slug = sorted(listings)[0]
    page.goto(f"{site_url}/providers/{slug}/")
    caption = check_figure(page, network)
    (dot,) = dots(page)
    assert dot["here"] and dot["href"] == f"/providers/{slug}/"
    assert listings[slug].name in caption and listings[slug].address.town in caption


def test_the_outline_is_natural_earth_s_uk(site_dir):
    svg = (site_dir / "theme" / "map" / "uk.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Natural Earth" in svg
    paths = re.findall(r' d="([^"]+)"', svg)
    assert len(paths) == 2  # Ireland, then the UK
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", paths[1])]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= ukmap.WIDTH and min(ys) >= 0 and max(ys) <= ukmap.HEIGHT
    # Land's End and Lowestoft, John o' Groats: the outline spans where they are
    west, _ = ukmap.project(50.07, -5.71)
    east, _ = ukmap.project(52.48, 1.76)
    _, north = ukmap.project(58.64, -3.07)
    assert min(xs) < west + 3 and max(xs) > east - 3 and min(ys) < north
    assert len(svg) < 30_000


def test_thousands_of_services_become_fewer_larger_dots():
    points = [SimpleNamespace(slug=f"s{i}", name=f"S {i}", town="Leeds",
                              latitude=51 + (i % 70) / 10, longitude=-4 + (i % 50) / 10,
                              region=Region.YORKSHIRE) for i in range(ukmap.MAX_DOTS * 3)]
    view = ukmap.map_view(points, "", "caption")
    assert 0 < len(view["dots"]) < len(points)
    assert all(d.url == "/browse/region/yorkshire-and-the-humber/" for d in view["dots"])
    assert sum(int(d.label.split()[0]) for d in view["dots"]) == len(points)
