"""The site build, end to end: build the fixture site and check what it wrote."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from rehab_directory.build import build, main
from rehab_directory.core.vocab import Region, ServiceType, Substance
from rehab_directory.site.pages import _pager
from rehab_directory.site.pieces import PieceCache
from rehab_directory.validator.engine import Validator

SLUGS = ["calm-harbour-hull", "tyne-view-gateshead"]
STANDARD_IDS = ["DIG-001", "DIG-002", "LW-001", "POL-001", "POL-002", "POL-003", "TRN-001",
                "TRN-002", "TRN-003", "LEX-001", "REG-001", "REG-002", "TRA-001", "TRA-002"]


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), and the script and style bodies."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: list[tuple[str, dict, str]] = []
        self._open: tuple[str, dict] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._open = (tag, attributes)

    def handle_data(self, data):
        if self._open:
            self.bodies.append((*self._open, data))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None

    def find(self, tag: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag]


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def unterm(html: str) -> str:
    """A page without its glossary links (site/terms.py), to read its wording."""
    return re.sub(r'<a class="term" href="[^"]*">([^<]*)</a>', r"\1", html)


def rows(html: str) -> dict[str, str]:
    """The standards panel: standard ID -> status class."""
    return {m.group(2).upper(): m.group(1)
            for m in re.finditer(r'<tr class="status-(\w+)" id="std-([\w-]+)">', html)}


# ---------------------------------------------------------------------------- pages


def test_a_page_for_every_listing_browse_value_standard_and_text_page(site):
    for slug in SLUGS:
        assert (site / "providers" / slug / "index.html").is_file()
    for kind, vocab in (("region", Region), ("service", ServiceType), ("substance", Substance)):
        for value in vocab:
            assert (site / "browse" / kind / value.value / "index.html").is_file(), value
    for sid in STANDARD_IDS:
        assert (site / "standards" / sid.lower() / "index.html").is_file()
    for name in ("index.html", "browse/index.html", "standards/index.html", "about/index.html",
                 "join/index.html", "reviewing/index.html", "help/index.html",
                 "privacy/index.html", "data/index.html", "compare/index.html", "404.html",
                 "sitemap.xml", "feed.atom", "robots.txt", "_headers",
                 "theme/css/site.css", "theme/css/print.css", "theme/js/lunr.min.js"):
        assert (site / name).is_file(), name


def test_browse_pages_list_exactly_the_matching_services(site):
    north_east = page(site, "/browse/region/north-east/")
    assert 'id="p-tyne-view-gateshead"' in north_east
    assert 'id="p-calm-harbour-hull"' not in north_east
    detox = page(site, "/browse/service/inpatient_detox/")
    assert re.findall(r'<li class="card" id="p-([\w-]+)">', detox) == ["tyne-view-gateshead"]
    alcohol = page(site, "/browse/substance/alcohol/")
    assert re.findall(r'<li class="card" id="p-([\w-]+)">', alcohol) == SLUGS
    assert "There are no services here yet" in page(site, "/browse/region/wales/")


def test_result_card_wording(site):
    linked = page(site, "/browse/region/north-east/")
    assert ('<dd><a class="term" href="/glossary/#inpatient-detox">Inpatient detox (medically '
            'managed)</a>, ') in linked
    card = unterm(linked)
    for fact in ("<dt>Services</dt><dd>Inpatient detox (medically managed), Residential rehab, "
                 "Day programme</dd>",
                 "<dt>For</dt><dd>Women only, aged 18 to 65</dd>",
                 "<dt>Wait</dt><dd>No wait</dd>",
                 "<dt>Cost</dt><dd>£1,500 to £1,800 a week</dd>",
                 "<dt>Funding</dt><dd>Local authority or framework funded, NHS funded</dd>",
                 "<dt>Standards</dt><dd>12 of 14 met</dd>",
                 '<p class="card-place">Gateshead, North East</p>'):
        assert fact in card


def test_every_provider_is_reachable_from_home_by_links_alone(site):
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        for a in Elements(page(site, url)).find("a"):
            href = (a.get("href") or "").split("#")[0]
            if href.startswith("/") and href.endswith("/") and (site / href.strip("/")).is_dir():
                queue.append(href)
    for slug in SLUGS:
        assert f"/providers/{slug}/" in seen


def test_standards_panel_shows_each_status(site):
    calm = rows(page(site, "/providers/calm-harbour-hull/"))
    assert calm == {sid: "met" for sid in STANDARD_IDS}
    tyne = rows(page(site, "/providers/tyne-view-gateshead/"))
    assert tyne["TRN-003"] == "excepted"
    assert tyne["TRA-001"] == "not_met"
    assert {s for s, status in tyne.items() if status == "met"} == set(STANDARD_IDS) - {
        "TRN-003", "TRA-001"}
    html = page(site, "/providers/tyne-view-gateshead/")
    assert "Not met: agreed exception" in html and "until 1 March 2027" in html
    assert "10 January 2024" in html  # TRN-003's evidence date
    assert "meets <strong>12 of 14</strong>" in html


def test_stale_mark_only_on_waits_stated_more_than_30_days_ago(site):
    html = page(site, "/providers/tyne-view-gateshead/")
    services = re.split(r'<div class="service">', html)[1:]
    assert len(services) == 3
    marked = ["May be out of date" in s for s in services]
    assert marked == [True, False, False]  # 31 days, exactly 30 days, 3 days
    assert "as stated on 23 October 2026" in services[0]
    assert "May be out of date" not in page(site, "/providers/calm-harbour-hull/")


def test_description_markdown_is_sanitised(site):
    html = page(site, "/providers/calm-harbour-hull/")
    prose = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<strong>residential rehab</strong>" in prose and "<em>daily groups</em>" in prose
    assert "<ul>" in prose and "<li>Single rooms</li>" in prose
    assert "<script" not in prose and "&lt;script&gt;" in prose
    tags = Elements(prose).elements
    assert all(not name.startswith("on") for _, attrs in tags for name in attrs)
    assert {t for t, _ in tags} <= {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
    links = [a for t, a in tags if t == "a"]
    assert [a["href"] for a in links] == ["https://www.calm-harbour.example.org.uk/",
                                          "mailto:hello@calm-harbour.example.org.uk"]
    assert all(a["rel"] == "nofollow noopener" for a in links)
    assert "javascript:" not in prose.replace("[bad link](javascript:alert(1))", "")


def test_provider_page_facts(site):
    html = unterm(page(site, "/providers/calm-harbour-hull/"))
    assert 'href="tel:+441134960123"' in html
    assert 'href="mailto:hello@calm-harbour.example.org.uk"' in html
    assert "https://www.openstreetmap.org/?mlat=53.7446&amp;mlon=-0.3352" in html
    assert "Checked with the service by a reviewer on <strong>2 November 2026</strong>" in html
    assert "Latest rating: <strong>Good</strong> (report dated 1 June 2025)" in html
    assert ("mailto:listings@open-rehab-directory.example.org.uk?subject=Problem%20with%20the"
            "%20listing%20for%20Calm%20Harbour%20%28calm-harbour-hull%29") in html
    assert '<script type="application/ld+json">' in html
    assert 'id="provider-actions"' in html


# ---------------------------------------------------------------------------- safety


ALLOWED_HOSTS = {"www.openstreetmap.org"}
# The open-data page credits its sources, as their licences ask: links, never requests.
CREDITED_HOSTS = {"www.geonames.org", "creativecommons.org", "geoportal.statistics.gov.uk",
                  "www.naturalearthdata.com"}


def test_no_inline_code_no_third_party_requests_and_csp_on_every_page(site, html_pages):
    assert len(html_pages) > 40
    for name, html in html_pages.items():
        doc = Elements(html)
        csp = [m for m in doc.find("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert len(csp) == 1 and "script-src 'self'" in csp[0]["content"], name
        assert "object-src 'none'" in csp[0]["content"]
        assert {"name": "referrer", "content": "no-referrer"} in doc.find("meta"), name
        assert not doc.find("style") and "<style" not in html, name
        for tag, attrs in doc.elements:
            assert "style" not in attrs, (name, tag)
            assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            src = attrs.get("src") or ""
            assert not urlsplit(src).netloc, (name, src)  # nothing loaded from elsewhere
        for tag, attrs, _body in doc.bodies:
            if tag == "script":
                assert attrs.get("type") == "application/ld+json", (name, attrs)
        for script in doc.find("script"):
            if "src" in script:
                assert script["integrity"].startswith("sha384-") and "defer" in script
        quick = [a for a in doc.find("a") if a.get("id") == "quick-exit"]
        assert quick == [{"id": "quick-exit", "class": "quick-exit",
                          "href": "https://www.bbc.co.uk/weather"}], name
        for a in doc.find("a"):
            host = urlsplit(a.get("href") or "").hostname
            if host and a.get("id") != "quick-exit":
                # only map links, the listings' own (reserved example) addresses, and the
                # open-data page's credits
                credits = CREDITED_HOSTS if name == "data/index.html" else set()
                assert host in ALLOWED_HOSTS | credits or host.endswith(".example.org.uk"), (
                    name, host)
        assert '<main id="main"' in html and 'class="skip-link" href="#main"' in html


def test_sri_hashes_match_the_files_written(site, html_pages):
    scripts = Elements(html_pages["index.html"]).find("script")
    checked = 0
    for script in scripts:
        if "src" in script:
            data = (site / script["src"].lstrip("/")).read_bytes()
            digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
            assert script["integrity"] == f"sha384-{digest}"
            checked += 1
    from rehab_directory.site.pages import PAGE_SCRIPTS

    assert checked == len(PAGE_SCRIPTS["index.html"])  # what the home page uses, no more


def test_headers_robots_feed_and_sitemap(site):
    headers = (site / "_headers").read_text()
    for line in ("Referrer-Policy: no-referrer", "X-Content-Type-Options: nosniff",
                 "Permissions-Policy: geolocation=(self)"):
        assert line in headers
    assert (site / "robots.txt").read_text().startswith("User-agent: *\n")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "feed.atom").getroot()
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:link", ns).get("href") for e in entries] == [
        "/providers/tyne-view-gateshead/", "/providers/calm-harbour-hull/"]  # newest first
    assert feed.find("a:updated", ns).text.startswith("2026-11-10")
    sm = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = {u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in sm}
    assert {"/", "/providers/calm-harbour-hull/", "/standards/dig-001/", "/help/"} <= locs
    assert "/404.html" not in locs


def test_help_page_signposts_crisis_lines(site):
    html = page(site, "/help/")
    for href in ("tel:999", "tel:111", "tel:116123", "tel:03001236600"):
        assert f'href="{href}"' in html


# ---------------------------------------------------------------------------- photos


def test_photos_are_resized_re_encoded_and_stripped_of_metadata(site):
    folder = site / "providers" / "calm-harbour-hull" / "photos"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["01-garden-480.jpg", "01-garden-480.webp", "01-garden-960.jpg",
                     "01-garden-960.webp"]
    for name in names:
        with Image.open(folder / name) as img:
            assert img.width == int(name.split("-")[-1].split(".")[0])
            assert img.height == img.width * 3 // 4
            assert not img.getexif() and "exif" not in img.info and "xmp" not in img.info
        assert b"FixtureCam" not in (folder / name).read_bytes()
    html = page(site, "/providers/calm-harbour-hull/")
    doc = Elements(html)
    img = next(i for i in doc.find("img") if "01-garden" in i["src"])
    assert img["alt"] == "The walled garden with benches and raised vegetable beds."
    assert (img["width"], img["height"]) == ("960", "720")
    assert [s["type"] for s in doc.find("source")] == ["image/webp"]


# ---------------------------------------------------------------------------- publishing


def test_two_builds_are_byte_identical(site, site_root, tmp_path, today, snapshot):
    again = tmp_path / "again"
    assert build(again, site_root, today) == 0
    assert snapshot(again) == snapshot(site)


def test_broken_standards_data_is_reported_without_a_traceback(tmp_path, today, capsys,
                                                               new_root):
    root = new_root(tmp_path / "repo")
    (root / "standards" / "standards.yaml").write_text("areas: [oops\n")
    assert build(tmp_path / "public", root, today) == 1
    printed = capsys.readouterr()
    assert "standards.yaml:" in printed.out and "Traceback" not in printed.out + printed.err
    assert not (tmp_path / "public").exists()


def test_a_failure_inside_the_build_publishes_nothing(tmp_path, today, capsys, new_root):
    root = new_root(tmp_path / "repo")
    (root / "node_modules").unlink()  # lunr.js missing
    out = tmp_path / "public"
    assert build(out, root, today) == 1
    err = capsys.readouterr().err
    assert "lunr.min.js is missing" in err and "Traceback" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["repo"]


def test_a_warning_from_pelican_fails_the_build_and_says_what_it_was(tmp_path, today, capsys,
                                                                    new_root, snapshot):
    """Pelican's warnings are fatal, so nothing is silently dropped: the build names the
    warning and leaves the published site as it was. A build that succeeds shows nothing of
    Pelican's own ("Done: Processed 0 articles ...")."""
    root = new_root(tmp_path / "repo")
    out = tmp_path / "public"
    assert build(out, root, today) == 0
    printed = capsys.readouterr()
    assert "Processed" not in printed.out + printed.err
    before = snapshot(out)
    # An article feed without SITEURL: Pelican warns that its links may not be valid.
    assert build(out, root, today, settings={"FEED_ALL_ATOM": "feeds/all.atom.xml"}) == 1
    printed = capsys.readouterr()
    assert "Pelican warned: pelican.settings: Feeds generated without SITEURL" in printed.err
    assert "Traceback" not in printed.out + printed.err
    assert snapshot(out) == before


@pytest.mark.parametrize("where", ["output", "report", "output-in-proc", "report-in-proc"])
def test_an_output_or_report_that_cannot_be_written_stops_the_build_before_publishing(
        where, site_root, tmp_path, capsys, snapshot):
    """A --output or --report whose folder cannot be written (a file where a folder should
    be, a folder that cannot be made, even by root, under /proc) says so and exits 1 before
    anything is built: no traceback, and a site already published stays exactly as it was."""
    out, report = tmp_path / "site" / "public", tmp_path / "reports" / "r.json"
    assert main(["--output", str(out), "--root", str(site_root), "--today", "2026-11-23",
                 "--report", str(report)]) == 0
    before = snapshot(out)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    proc = Path("/proc") / "no-such-folder"
    bad = {"output": blocker / "public", "report": blocker / "r.json",
           "output-in-proc": proc / "public", "report-in-proc": proc / "r.json"}[where]
    args = ["--output", str(out), "--report", str(report)]
    args[1 if where.startswith("output") else 3] = str(bad)
    capsys.readouterr()
    code = main([*args, "--root", str(site_root), "--today", "2026-11-23"])
    printed = capsys.readouterr()
    assert code == 1
    assert f"build: cannot write {bad}:" in printed.err
    assert "Traceback" not in printed.out + printed.err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]  # no half-built folder
    assert not bad.exists()


def test_command_line(site_root, tmp_path, capsys):
    assert main(["--output", str(tmp_path / "o"), "--root", str(site_root),
                 "--today", "2026-11-23", "--site-url", "https://dir.example.org.uk/"]) == 0
    html = (tmp_path / "o" / "providers" / "calm-harbour-hull" / "index.html").read_text()
    assert '<link rel="canonical" href="https://dir.example.org.uk/providers/calm-harbour-hull/">' \
        in html
    assert "Sitemap: https://dir.example.org.uk/sitemap.xml" in (tmp_path / "o" /
                                                                  "robots.txt").read_text()
    with pytest.raises(SystemExit) as exit_:
        main(["--today", "yesterday"])
    assert exit_.value.code == 2


# ---------------------------------------------------------------------------- weight


def test_page_weights(site):
    for rel, limit in (("index.html", 100_000), ("providers/calm-harbour-hull/index.html",
                                                 60_000)):
        assert len(gzip.compress((site / rel).read_bytes())) < limit


def test_worker_pool_and_paged_browse_lists(site, site_root, tmp_path, today, snapshot):
    """Forked workers write the same provider pages; long browse lists are split into pages."""
    out = tmp_path / "paged"
    assert build(out, site_root, today, settings={"DIRECTORY_WORKERS": 2,
                                                   "DIRECTORY_BROWSE_PAGE_SIZE": 1}) == 0
    paged, serial = snapshot(out), snapshot(site)
    # Provider pages and the open data (written by a worker too) are as a serial build's.
    providers = {k for k in serial if k.startswith(("providers/", "data/", "search/"))}
    assert any(k.startswith("data/") for k in providers)
    assert {k: paged[k] for k in providers} == {k: serial[k] for k in providers}
    first = page(out, "/browse/substance/alcohol/")
    second = page(out, "/browse/substance/alcohol/page/2/")
    assert re.findall(r'<li class="card" id="p-([\w-]+)">', first) == ["calm-harbour-hull"]
    assert re.findall(r'<li class="card" id="p-([\w-]+)">', second) == ["tyne-view-gateshead"]
    assert 'href="/browse/substance/alcohol/page/2/" rel="next"' in first
    assert 'href="/browse/substance/alcohol/" rel="prev"' in second
    assert '<ol class="cards" start="2">' in second


def test_browse_pager_links_the_first_last_and_nearby_pages():
    """GOV.UK-style pagination: not a link to every page of a long list."""
    def shown(number, pages):
        return [item and item[0] for item in _pager("/b/", number, pages)["links"]]

    assert shown(1, 1) == [1]
    assert shown(1, 42) == [1, 2, None, 42]
    assert shown(7, 42) == [1, None, 6, 7, 8, None, 42]
    assert shown(3, 42) == [1, 2, 3, 4, None, 42]
    assert shown(42, 42) == [1, None, 41, 42]
    assert shown(4, 6) == [1, 2, 3, 4, 5, 6]  # a gap of one page shows that page
    urls = dict(item for item in _pager("/b/", 7, 42)["links"] if item)
    assert (urls[1], urls[6], urls[42]) == ("/b/", "/b/page/6/", "/b/page/42/")


def test_rebuild_after_one_change_reuses_cached_pieces_and_matches_a_cold_build(
        tmp_path, today, new_root, snapshot):
    """Each listing's checked and rendered piece is cached by content in
    .build-cache/pieces.sqlite: a rebuild re-renders only the changed listing, and its
    output is byte for byte that of a build with no cache."""
    root = new_root(tmp_path / "repo")
    cache = root / ".build-cache" / "pieces.sqlite"
    assert build(tmp_path / "first", root, today) == 0
    before = PieceCache(cache).keys()
    assert len(before) == 2
    listing = root / "content" / "providers" / "tyne-view-gateshead.yaml"
    listing.write_text(listing.read_text().replace(
        "with a day programme in Gateshead.", "with a day programme near Gateshead."))
    assert build(tmp_path / "warm", root, today) == 0
    after = PieceCache(cache).keys()
    assert len(after) == 2 and len(after & before) == 1  # one reused, one new, old one pruned
    shutil.rmtree(root / ".build-cache")
    assert build(tmp_path / "cold", root, today) == 0
    warm, cold = snapshot(tmp_path / "warm"), snapshot(tmp_path / "cold")
    assert warm == cold
    assert "near Gateshead" in warm["providers/tyne-view-gateshead/index.html"].decode()


def test_a_build_with_withheld_listings_reports_what_the_validator_reports(
        tmp_path, today, new_root, capsys, snapshot):
    """The build prints the validator's own findings on the listings it withholds, whether
    the listings are checked in one process or in forked workers, cold or from the cache,
    and publishes the same site each time."""
    root = new_root(tmp_path / "repo")
    providers = root / "content" / "providers"
    good = providers / "tyne-view-gateshead.yaml"
    # A listing that fails standards, one that fails the schema, one whose slug is taken.
    text = good.read_text()
    (providers / "zz-failing.yaml").write_text(
        text.replace("slug: tyne-view-gateshead", "slug: zz-failing")
            .replace("strip_search: false", "strip_search: true"))
    (providers / "zz-broken.yaml").write_text(text.replace("slug: tyne-view-gateshead",
                                                           "slug: zz-broken\nbeds: many"))
    shutil.copy(good, providers / "zz-copy.yaml")
    validator = Validator(root, today)
    findings = [f for c in validator.check_listings(validator.listing_files())
                for f in c.findings if f.severity == "error"]
    rules = {f.rule for f in findings}
    assert rules >= {"DIG-001", "FILE-001", "FILE-002"} and any(r.startswith("SCH-") for r in rules)
    expected = sorted(f.text() for f in findings)
    sites = []
    for workers in (1, 2, 2):  # the last one with the cache the one before left
        out = tmp_path / f"out-{workers}-{len(sites)}"
        assert build(out, root, today, settings={"DIRECTORY_WORKERS": workers}) == 0
        printed = capsys.readouterr().out
        assert sorted(line for line in printed.splitlines() if ": error " in line) == expected
        sites.append(snapshot(out))
        assert sorted(p.name for p in (out / "providers").iterdir()) == [
            "calm-harbour-hull", "tyne-view-gateshead", "zz-broken", "zz-copy", "zz-failing"]
    assert sites[0] == sites[1] == sites[2]
