"""Without JavaScript, every provider can be found by following links from the home page,
and every provider page is complete.

The crawl uses plain HTTP (urllib) against the local server and html.parser: what a browser
with JavaScript off, or a search engine, can reach. One walk in Chromium with JavaScript off
then follows the same kind of path by clicking.
"""

from __future__ import annotations

import re
import urllib.request
from collections import deque
from html.parser import HTMLParser
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.h1: list[str] = []
        self._in_h1 = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "h1":
            self._in_h1 = True
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_h1:
            self.h1.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return (response.status, response.headers.get_content_type(),
                    response.read().decode("utf-8"))
    except HTTPError as error:
        return error.code, "", ""


@pytest.fixture(scope="module")
def crawl(site_url: str) -> dict[str, PageParser]:
    """Every HTML page reachable from / by links (URL path -> parsed page)."""
    pages: dict[str, PageParser] = {}
    broken: list[str] = []
    queue = deque([("/", "start")])
    seen = {"/"}
    while queue:
        path, source = queue.popleft()
        status, kind, body = fetch(site_url + path)
        if status != 200:
            broken.append(f"{path} (linked from {source}): HTTP {status}")
            continue
        if kind != "text/html":
            continue
        parser = PageParser()
        parser.feed(body)
        pages[path] = parser
        for href in parser.links:
            url = urldefrag(urljoin(site_url + path, href)).url
            parts = urlsplit(url)
            if parts.scheme != "http" or parts.netloc != urlsplit(site_url).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append((target, path))
    assert not broken, "broken links:\n" + "\n".join(broken)
    return pages


@pytest.fixture(scope="module")
def listings(validator):
    checked = validator.check_listings(validator.listing_files())
    assert checked and all(c.publishable for c in checked)
    return {c.listing.slug: c for c in checked}


def test_every_provider_is_reachable_from_home_by_links(crawl, listings):
    reached = {p.split("/")[2] for p in crawl if re.fullmatch(r"/providers/[^/]+/", p)}
    assert reached == set(listings), (
        f"not reachable: {sorted(set(listings) - reached)}; "
        f"not listings: {sorted(reached - set(listings))}")
    # ... and through the server-rendered browse pages, not only the sitemap or the feed.
    via_browse = {href.split("/")[2] for path, page in crawl.items()
                  if path.startswith("/browse/") for href in page.links
                  if re.fullmatch(r"/providers/[^/]+/", href)}
    assert via_browse == set(listings)


def test_every_provider_page_is_complete_without_javascript(crawl, listings):
    for slug, checked in listings.items():
        listing = checked.listing
        page = crawl[f"/providers/{slug}/"]
        text = page.plain
        assert "".join(page.h1).strip() == listing.name, slug
        assert listing.phone in text, slug
        digits = re.sub(r"\D", "", listing.phone)
        assert any(href.startswith("tel:") and re.sub(r"\D", "", href).endswith(digits[1:])
                   for href in page.links), f"{slug}: no tel: link for {listing.phone}"
        a = listing.address
        for part in (a.street, a.town, a.postcode):
            assert part in text, f"{slug}: address part {part!r} missing"
        for service in listing.services:
            assert service.type.label in text, f"{slug}: service {service.type.label} missing"
        tables = [attrs for tag, attrs in page.tags
                  if tag == "table" and "standards-panel" in (attrs.get("class") or "")]
        assert len(tables) == 1, f"{slug}: no standards panel"
        rows = [attrs for tag, attrs in page.tags
                if tag == "tr" and (attrs.get("id") or "").startswith("std-")]
        assert len(rows) == len(checked.evaluation.results), slug
        met = sum(r.met for r in checked.evaluation.results)
        assert f"meets {met} of {len(checked.evaluation.results)}" in text, slug


def test_clicking_from_home_to_a_provider_with_javascript_off(page_nojs, site_url, listings):
    page = page_nojs
    page.goto(site_url + "/")
    assert page.locator("#finder").is_hidden()
    page.locator("main a[href^='/browse/region/']").first.click()
    page.wait_for_url(re.compile(r"/browse/region/[^/]+/$"))
    page.locator("#main li.card h3 a").first.click()
    page.wait_for_url(re.compile(r"/providers/[^/]+/$"))
    slug = page.url.rstrip("/").split("/")[-1]
    assert page.locator("h1").inner_text() == listings[slug].listing.name
    page.locator("details.standards-details > summary").click()  # one tap away
    assert page.locator("table.standards-panel").is_visible()
