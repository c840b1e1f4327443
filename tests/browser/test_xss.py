"""Hostile input end to end: a listing whose every free-text field is an injection attempt.

A copy of the repository's content gets one extra listing (a copy of a sample with photos,
under a new slug) whose free-text fields hold script tags, attribute break-outs, javascript:
URLs, </script> break-outs, template expressions and SVG handlers. The site is built from that
copy and every kind of page showing the listing is opened in Chromium with the page's CSP
*bypassed*, so that only escaping stands between the payloads and execution: no payload may
run (window.__xss stays undefined, no dialog opens), each field must read back as the exact
text given, and the JSON files and the JSON-LD must not contain a raw "</script".
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml
from browser_harness import ROOT, build_site
from browser_pages import inline_problems, set_shortlist

# One worker runs the whole module, so the slow fixture runs once (make test: --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("hostile-site")]

SAMPLE = "don-valley-detox-sheffield"  # has a logo and a photo, so alt texts are shown
SLUG = "hostile-house-sheffield"
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "javascript:window.__xss=1",
    "</script><script>window.__xss=1</script>",
    "{{7*7}}",
    "'><svg onload=window.__xss=1>",
    "${7*7}<!--",
]
ALL = " ".join(PAYLOADS)  # 190 characters: fits every 200-character field


def payloads(*indexes: int, prefix: str = "") -> str:
    return " ".join([prefix, *(PAYLOADS[i] for i in indexes)]).strip()


# Field path -> value. Short (100-character) fields get a few payloads each; together they
# carry every payload.
FIELDS = {
    ("name",): payloads(0, 1, 4, prefix="Hostile"),
    ("summary",): ALL,
    ("organisation", "name"): payloads(3, 2, prefix="Org"),
    ("address", "street"): payloads(5, 0, 4, prefix="1"),
    ("address", "locality"): payloads(1, 6),
    ("address", "town"): payloads(3, 2, prefix="Town"),
    ("address", "county"): payloads(5, 6),
    ("logo", "alt"): ALL,
    ("photos", 0, "alt"): ALL,
    ("accessibility", "notes"): ALL,
    ("services", 0, "description"): ALL,
    ("lived_experience", "mechanism"): ALL,
}
DESCRIPTION = "\n\n".join([
    *PAYLOADS,
    "[a markdown link](javascript:window.__xss=1) and <a href=\"javascript:window.__xss=1\">"
    "a raw link</a>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<div onmouseover="window.__xss=1" style="position:fixed;inset:0">cover</div>',
    "![image](x \"onerror=window.__xss=1\")",
])
XSS_STATE = "() => [typeof window.__xss, document.querySelectorAll('[onerror],[onload]').length]"


def put(data: dict, path: tuple, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    repo = tmp_path_factory.mktemp("hostile-repo")
    shutil.copytree(ROOT / "content", repo / "content")
    for name in ("standards", "theme", "pelicanconf.py", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    providers = repo / "content" / "providers"
    shutil.copytree(providers / SAMPLE, providers / SLUG)
    data = yaml.safe_load((providers / f"{SAMPLE}.yaml").read_text(encoding="utf-8"))
    data["slug"] = SLUG
    data["description"] = DESCRIPTION
    assert data.get("logo") and data.get("photos"), f"{SAMPLE} no longer has a logo and photos"
    for path, value in FIELDS.items():
        put(data, path, value)
    (providers / f"{SLUG}.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    site = build_site(tmp_path_factory.mktemp("hostile-site") / "site", root=repo)
    return {"site": site, "data": data}


@pytest.fixture(scope="module")
def hostile_url(hostile, serve) -> str:
    return serve(hostile["site"])


@pytest.fixture
def open_hostile(new_page, network):
    """Open URLs with the CSP bypassed: escaping alone must stop the payloads."""
    page = new_page(bypass_csp=True)
    opened: list[str] = []

    def visit(url: str, wait: str | None = None):
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        if wait:
            page.wait_for_selector(wait)
        page.wait_for_load_state("networkidle")
        # Hover everything and give timers a moment, in case a handler waits for either.
        page.mouse.move(300, 300)
        page.wait_for_timeout(50)
        assert page.evaluate(XSS_STATE) == ["undefined", 0], f"{url}: a payload ran"
        assert network.dialogs == [], f"{url}: a dialog opened"
        assert network.page_errors == [], f"{url}: {network.page_errors}"
        opened.append(url)
        return page

    visit.opened = opened
    visit.page = page
    return visit


def body_text(page) -> str:
    return re.sub(r"\s+", " ", page.evaluate("document.body.innerText"))


def shown_exactly(text: str, value: str) -> bool:
    return re.sub(r"\s+", " ", value) in text


def test_hostile_listing_pages_run_no_payload_and_show_the_text(open_hostile, hostile,
                                                                hostile_url):
    data, site = hostile["data"], hostile["site"]
    provider_url = f"{hostile_url}/providers/{SLUG}/"

    # The provider page: every shown field reads back as the exact text.
    page = open_hostile(provider_url)
    text = body_text(page)
    assert page.locator("h1").inner_text() == data["name"]
    assert data["name"] in page.title()
    for path in FIELDS:
        if path[-1] in ("alt", "mechanism"):
            continue
        value = data
        for key in path:
            value = value[key]
        assert shown_exactly(text, value), f"{'.'.join(map(str, path))} not shown as text"
    for payload in PAYLOADS:  # each paragraph of the description is text
        assert shown_exactly(text, payload), payload
    alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.alt)")
    assert data["logo"]["alt"] in alts and data["photos"][0]["alt"] in alts, alts
    # (an SVG link's href is an object: its attribute is the address, as for HTML links)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute"
                                      "('href'))")
    assert not [h for h in hrefs if h.lower().startswith("javascript:")], hrefs
    assert page.locator("iframe, #main [style], #main [onmouseover]").count() == 0

    # The raw HTML: no injected markup, and the JSON-LD is intact and has no "</script".
    html = (site / "providers" / SLUG / "index.html").read_text(encoding="utf-8")
    assert inline_problems(html) == []
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert not re.search(r"</script|<!--", blocks[0], re.I)
    assert json.loads(blocks[0])["name"] == data["name"]

    # Home with a search for the listing (cards drawn by JavaScript).
    page = open_hostile(f"{hostile_url}/?q=hostile", wait=f"#p-{SLUG}")
    card = re.sub(r"\s+", " ", page.locator(f"#p-{SLUG}").inner_text())
    assert data["name"] in card and data["summary"] in card

    # Server-rendered browse pages that list it.
    browse = [f"/browse/region/{data['region']}/", "/browse/"]
    browse += [f"/browse/service/{s['type']}/" for s in data["services"]]
    browse += [f"/browse/substance/{s}/" for s in data["substances"]]
    for path in browse:
        page = open_hostile(hostile_url + path)
        if page.locator(f"#p-{SLUG}").count():
            card = re.sub(r"\s+", " ", page.locator(f"#p-{SLUG}").inner_text())
            assert data["name"] in card, path
        assert inline_problems((site / path.lstrip("/") / "index.html").read_text()) == [], path
    assert f"{hostile_url}/browse/region/{data['region']}/" in open_hostile.opened

    # Compare, with the hostile listing and another shortlisted.
    set_shortlist(open_hostile.page, hostile_url, [SLUG, SAMPLE])
    page = open_hostile(f"{hostile_url}/compare/", wait="#compare-filled:not([hidden])")
    page.wait_for_function("() => document.querySelectorAll('#compare-table thead th a')"
                           ".length === 2")
    assert data["name"] in body_text(page)

    # Feed, sitemap, open data and search files, opened in the browser as well.
    files = ["/feed.atom", "/sitemap.xml", "/data/", "/robots.txt"]
    files += ["/" + p.relative_to(site).as_posix() for p in sorted(site.glob("data/**/*"))
              if p.is_file()]
    files += ["/" + p.relative_to(site).as_posix() for p in sorted(site.glob("search/**/*"))
              if p.is_file()]
    for path in files:
        if not path.endswith(".csv"):  # Chromium downloads CSV rather than showing it
            open_hostile(hostile_url + path)

    print(f"\nXSS: {len(PAYLOADS)} payloads in {len(FIELDS) + 1} fields; "
          f"{len(open_hostile.opened)} URLs opened in Chromium with the CSP bypassed")


def test_json_files_keep_the_text_and_contain_no_raw_script_end(hostile):
    data, site = hostile["data"], hostile["site"]
    search = sorted(site.glob("search/**/*.json"))
    assert len(search) >= 3
    for file in [*search, *sorted(site.glob("data/**/*.json"))]:
        raw = file.read_text(encoding="utf-8")
        assert not re.search(r"</script|<!--", raw, re.I), f"{file.relative_to(site)}: raw"
    table = json.loads((site / "search" / "table.json").read_text(encoding="utf-8"))
    assert data["name"] in table["columns"]["name"]
    for file in [*search, *site.glob("data/**/*.json")]:
        json.loads(file.read_text(encoding="utf-8"))
    listings = json.loads((site / "data" / "providers.json").read_text(encoding="utf-8"))
    assert data["name"] in [p["listing"]["name"] for p in listings["providers"]]
    rows = list(csv.DictReader(io.StringIO(
        (site / "data" / "providers.csv").read_text(encoding="utf-8"))))
    assert any(data["name"] in row.values() for row in rows)
    feed = ET.parse(site / "feed.atom").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t and data["name"] in t for t in titles), titles
