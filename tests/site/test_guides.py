"""Guides, the glossary page, and glossary terms explained where the pages use them.

Built twice: the fixture site (tests/site/fixtures, two listings) and the real sample
listings (content/providers), both with the real guides and glossary.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import pytest
from markupsafe import Markup

from rehab_directory.build import build
from rehab_directory.core.vocab import Funding, ServiceType
from rehab_directory.framework.glossary import Glossary
from rehab_directory.framework.plain import READING_EASE_MIN, reading_ease, sentences_text
from rehab_directory.site.guides import FINDER_FILTERS, Library
from rehab_directory.site.terms import Marks, js_terms

REPO = Path(__file__).resolve().parent.parent.parent
GUIDES = sorted(p.stem for p in (REPO / "content" / "guides").glob("*.md"))
GUIDE_NAMES = {"detox", "residential-rehab", "approaches", "funded-place", "questions-to-ask",
               "families-and-friends", "women-parents-pregnancy", "mental-health",
               "preparing-to-go", "after-rehab"}
CRISIS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"', 'href="tel:03001236600"')


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory, today) -> Path:
    """The real sample listings, built (so every one of their pages is checked too)."""
    root = tmp_path_factory.mktemp("sample-repo")
    for name in ("content", "standards", "theme", "pelicanconf.py", "node_modules"):
        (root / name).symlink_to(REPO / name)
    out = tmp_path_factory.mktemp("sample-out") / "public"
    assert build(out, root, today) == 0
    return out


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO)


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


class MainText(HTMLParser):
    """The text a person reads in <main>, one piece per paragraph, item, heading or cell."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "summary", "caption"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.parts: list[str] = []
        self.buffer: list[str] = []
        self.feed(html)

    def flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.flush()
        if tag == "main":
            self.flush()
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.buffer.append(data)


def main_text(html: str) -> str:
    return sentences_text(MainText(html).parts)


# ---------------------------------------------------------------------------- the guides


def test_every_guide_the_issue_asks_for_exists_and_is_built(site):
    assert set(GUIDES) == GUIDE_NAMES
    for slug in GUIDES:
        assert (site / "guides" / slug / "index.html").is_file(), slug
    for url in ("/guides/", "/glossary/"):
        assert (site / url.strip("/") / "index.html").is_file()


@pytest.mark.parametrize("slug", GUIDES)
def test_each_guide_is_300_to_1200_words_and_reads_at_flesch_60_or_more(site, slug):
    library = Library.load(REPO, Glossary.load(REPO))
    guide = library.by_slug[slug]
    assert 300 <= guide.words <= 1200, f"{slug}: {guide.words} words"
    score = reading_ease(main_text(page(site, guide.url)))
    assert score >= READING_EASE_MIN, f"{slug}: Flesch reading ease {score:.1f}"


def test_every_text_page_the_glossary_and_the_guides_list_read_plainly(site):
    urls = ["/glossary/", "/guides/", "/compare/", "/browse/"]
    urls += [f"/{p.stem}/" for p in (REPO / "content" / "pages").glob("*.md")]
    scores = {url: reading_ease(main_text(page(site, url))) for url in urls}
    hard = {url: round(s, 1) for url, s in scores.items() if s < READING_EASE_MIN}
    assert not hard, f"pages below Flesch {READING_EASE_MIN}: {hard}"


@pytest.mark.parametrize("slug", GUIDES)
def test_each_guide_ends_with_finder_links_and_the_crisis_numbers(site, slug):
    html = page(site, f"/guides/{slug}/")
    body_end = html.index('<section class="find-services"')
    crisis = html.index('<section class="crisis"')
    assert body_end < crisis, "the crisis numbers come after the links into the finder"
    after = html[crisis:html.index("</article>")]
    for number in CRISIS:
        assert number in after, f"{slug}: no {number} at the end"
    assert "FRANK" in after and "Samaritans" in after and "GP" in after
    links = re.findall(r'<a href="/\?([^"]+)">', html[body_end:crisis])
    assert links, f"{slug} links to no search"
    for query in links:
        for name, value in parse_qsl(query.replace("&amp;", "&")):
            assert value in FINDER_FILTERS[name], (slug, name, value)


def test_a_one_filter_link_also_links_its_browse_page(site):
    html = page(site, "/guides/detox/")
    assert ('<a href="/?service=inpatient_detox">Find inpatient detox services</a> or '
            '<a href="/browse/service/inpatient_detox/">see them as a list</a>') in html
    # Two filters have no browse page: the finder link alone.
    assert '<a href="/?service=inpatient_detox&amp;substance=alcohol">' in html


def test_every_finder_filter_a_guide_sets_is_a_control_of_the_finder_form(sample_site):
    home = page(sample_site, "/")
    form = home[home.index('<form id="finder"'):home.index("</form>")]
    controls = set(re.findall(r'name="(\w+)" value="([\w-]+)"', form))
    for select in re.finditer(r'<select id="[^"]+" name="(\w+)">(.*?)</select>', form, re.S):
        controls |= {(select.group(1), v) for v in re.findall(r'value="([\w-]+)"',
                                                               select.group(2))}
    library = Library.load(REPO, Glossary.load(REPO))
    for guide in library.guides:
        for link in guide.finder:
            for pair in parse_qsl(link.query):
                assert pair in controls, f"{guide.slug}: the finder has no control {pair}"


def test_guides_are_in_the_navigation_the_sitemap_and_on_the_home_page(site):
    html_pages = sorted(site.rglob("*.html"))
    for file in html_pages:
        text = file.read_text(encoding="utf-8")
        if 'aria-label="Main"' in text:
            nav = text[text.index('aria-label="Main"'):]
            nav = nav[:nav.index("</nav>")]
            assert 'href="/guides/"' in nav, file
    home = page(site, "/")
    for slug in GUIDES:
        assert f'href="/guides/{slug}/"' in home, f"the home page does not link {slug}"
    assert 'href="/glossary/"' in home
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = {urlsplit(e.text).path for e in tree.iter() if e.tag.endswith("loc")}
    assert {"/guides/", "/glossary/", *(f"/guides/{g}/" for g in GUIDES)} <= locs


def test_provider_pages_link_the_guides_that_apply(sample_site):
    def guides(slug: str) -> set[str]:
        html = page(sample_site, f"/providers/{slug}/")
        listed = html[html.index('<ul class="guide-list">', html.index('id="guides"')):]
        return set(re.findall(r'<li><a href="/guides/([\w-]+)/">', listed[:listed.index("</ul>")]))

    assert {"detox", "questions-to-ask", "preparing-to-go"} <= guides("don-valley-detox-sheffield")
    day = guides("ancoats-day-recovery-manchester")
    assert "detox" not in day and {"questions-to-ask", "residential-rehab"} <= day


def test_the_checklist_guide_prints_as_tick_boxes(site):
    html = page(site, "/guides/questions-to-ask/")
    assert '<div class="prose checklist">' in html
    css = (site / "theme" / "css" / "print.css").read_text()
    assert ".checklist li::before" in css


# ---------------------------------------------------------------------------- the glossary page


def test_the_glossary_page_has_every_entry_at_its_address(site, glossary):
    html = page(site, "/glossary/")
    for term in glossary.terms:
        assert f'<div id="{term.id}" class="glossary-entry">' in html, term.id
        entry = html[html.index(f'id="{term.id}"'):]
        entry = entry[:entry.index("</div>")]
        assert f"<dfn>{Markup.escape(term.term)}</dfn>" in entry
        assert f'href="/guides/{term.guide}/"' in entry


# ---------------------------------------------------------------------------- terms explained


class Occurrences(HTMLParser):
    """Walk <main> in order: each glossary term written in its text, whether it is inside a
    link to its own glossary entry, and each "What these words mean" box with the terms it
    explains. A term is explained where it appears if it is inside such a link, or a box
    follows it before the next box (the box of its section, see site/terms.py)."""

    def __init__(self, glossary: Glossary, html: str):
        super().__init__(convert_charrefs=True)
        self.glossary = glossary
        self.names = {t.term: t.id for t in glossary.terms}
        self.stack: list[tuple[str, dict]] = []
        self.inside = False
        self.box: set[str] | None = None  # while inside a box: the terms it explains
        self.dfn = False
        self.pending: list[str] = []
        self.unexplained: list[str] = []
        self.links = 0
        self.boxes = 0
        self.feed(html)
        self.close()
        self.unexplained += self.pending

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.inside = True
        if tag in ("br", "img", "input", "source", "meta", "link"):
            return
        self.stack.append((tag, attrs))
        if tag == "details" and "terms" in (attrs.get("class") or ""):
            self.box = set()
        if tag == "dfn":
            self.dfn = True

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag == "details" and self.box is not None and "terms" in (
                    attrs.get("class") or ""):
                self.boxes += 1
                self.unexplained += [p for p in self.pending if p.split(":")[0] not in self.box]
                self.pending, self.box = [], None
            if open_tag == "dfn":
                self.dfn = False
            if open_tag == tag:
                break
        if tag == "main":
            self.inside = False

    def handle_data(self, data):
        if not self.inside:
            return
        if self.box is not None:
            if self.dfn and data.strip() in self.names:
                self.box.add(self.names[data.strip()])
            return
        if any(t in ("h1", "script", "style") for t, _ in self.stack):
            return  # the provider's name, as they write it; not text of the page
        link = next((a for t, a in reversed(self.stack) if t == "a"), None)
        for start, end, term in self.glossary.find(data):
            href = (link or {}).get("href") or ""
            if link and "term" in (link.get("class") or "") and href.endswith("#" + term.id):
                self.links += 1
                continue
            self.pending.append(f"{term.id}: {data[start:end]!r} in {data.strip()[:70]!r}")


def provider_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.glob("providers/*/index.html"))
            if 'class="withheld"' not in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("built", ["site", "sample_site"])
def test_every_glossary_term_on_a_provider_page_is_explained_where_it_appears(
        built, request, glossary):
    site = request.getfixturevalue(built)
    pages = provider_pages(site)
    assert pages
    total_links = 0
    for file in pages:
        found = Occurrences(glossary, file.read_text(encoding="utf-8"))
        assert not found.unexplained, (f"{file.parent.name}: terms with no link to their "
                                       f"entry and no box after them: {found.unexplained}")
        assert found.boxes >= 4, file
        total_links += found.links
    assert total_links >= 10 * len(pages), "hardly any term is linked: is marking working?"


def test_the_check_of_explained_terms_finds_a_term_left_unexplained(glossary):
    html = ('<main><section><p>We offer DBT and <a class="term" href="/glossary/#cbt">CBT'
            '</a>.</p></section><section><p>Naloxone for all.</p><details class="terms">'
            '<summary>What these words mean</summary><dl><dt><dfn>Naloxone</dfn></dt>'
            '<dd>A medicine.</dd></dl></details></section></main>')
    found = Occurrences(glossary, html)
    assert [u.split(":")[0] for u in found.unexplained] == ["dbt"]
    assert found.links == 1 and found.boxes == 1


def test_a_second_stage_service_says_plainly_what_it_needs_first(sample_site):
    pages = [p for p in provider_pages(sample_site) if "/glossary/#second-stage" in
             p.read_text(encoding="utf-8")]
    assert pages, "no sample listing offers a second stage"
    for file in pages:
        html = file.read_text(encoding="utf-8")
        assert 'class="before-you-go"' in html, file
        note = html[html.index('class="before-you-go"'):]
        assert "You cannot go there first" in note[:note.index("</p>")]


def test_result_cards_mark_the_terms_they_show(sample_site, glossary):
    html = page(sample_site, "/browse/service/inpatient_detox/")
    assert '<a class="term" href="/glossary/#inpatient-detox">Inpatient detox (medically ' \
           'managed)</a>' in html
    assert '<a class="term" href="/glossary/#local-authority-funded">' in html


def test_the_finder_filters_explain_their_terms_in_a_box_per_group(sample_site, glossary):
    home = page(sample_site, "/")
    form = home[home.index('<details class="finder-filters">'):home.index("</form>")]
    found = Occurrences(glossary, "<main>" + form + "</main>")
    assert not found.unexplained, found.unexplained
    assert found.boxes >= 3
    assert "<label" in form and '<label for="f-service-inpatient_detox"><a' not in form


def test_browser_terms_match_the_server_s_for_cards(glossary):
    """finder.js and compare.js link values from data-terms; the cards the server writes link
    the same labels to the same entries (by their words)."""
    mapping = js_terms(glossary, ["service", "funding"])
    for vocab, name in ((ServiceType, "service"), (Funding, "funding")):
        for member in vocab:
            found = [t.id for s, e, t in glossary.find(member.label)
                     if (s, e) == (0, len(member.label))]
            assert found == ([mapping[name][member.value]] if member.value in mapping.get(
                name, {}) else []), member


# ---------------------------------------------------------------------------- the marker


def test_marks_never_put_a_link_inside_a_link_label_or_heading(glossary):
    marks = Marks(glossary, "/glossary/", lambda terms: "<box:" + ",".join(
        t.id for t in terms) + ">")
    html = ('<h3>Inpatient detox</h3><label for="x">DBT</label><p><a href="https://x.org/">'
            'naloxone</a> and naloxone, naloxone &amp; DBT &lt;script&gt;</p>'
            '<script>var x = "DBT";</script>')
    out = str(marks.explain(lambda: html))
    assert out.count('class="term"') == 2  # the first free naloxone, the first free DBT
    assert '<h3>Inpatient detox</h3><label for="x">DBT</label>' in out
    assert '<a href="https://x.org/">naloxone</a> and <a class="term" href="/glossary/#' \
           'naloxone">naloxone</a>, naloxone &amp; <a class="term" href="/glossary/#dbt">DBT' \
           '</a> &lt;script&gt;' in out
    assert 'var x = "DBT";' in out
    assert out.endswith("<box:inpatient-detox,dbt,naloxone>")
    assert str(marks.box()) == ""  # the box emptied the block


def test_marks_of_values_link_those_the_glossary_explains(glossary):
    marks = Marks(glossary, "/g/")
    out = str(marks.value([ServiceType.INPATIENT_DETOX, Funding.INSURANCE]))
    assert out == ('<a class="term" href="/g/#inpatient-detox">Inpatient detox (medically '
                   'managed)</a>, Health insurance')


# ---------------------------------------------------------------------------- broken guides


def broken_root(new_root, tmp_path: Path) -> Path:
    root = new_root(tmp_path / "repo")
    return root


def test_a_mistake_in_a_guide_stops_the_build_with_file_line_and_field(
        new_root, tmp_path, today, capsys):
    root = broken_root(new_root, tmp_path)
    guide = root / "content" / "guides" / "detox.md"
    guide.write_text(guide.read_text().replace("query: service=inpatient_detox\n",
                                               "query: service=detox\n", 1))
    out = tmp_path / "out"
    assert build(out, root, today) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "content/guides/detox.md:9:12: error SCH-005 finder[0].query: 'detox' is not a " \
           "choice of the finder's 'service' filter" in text
    assert not out.exists()


def test_a_glossary_entry_naming_no_guide_stops_the_build(new_root, tmp_path, today, capsys):
    root = broken_root(new_root, tmp_path)
    shutil.move(root / "content" / "guides" / "after-rehab.md", tmp_path / "after-rehab.md")
    assert build(tmp_path / "out", root, today) == 1
    text = "".join(capsys.readouterr())
    assert re.search(r"content/glossary\.yaml:\d+:12: error DATA-004 terms\[\d+\]\.guide: "
                     r"'aftercare' belongs to the guide 'after-rehab', which is not in", text)


def test_a_broken_glossary_stops_the_build(new_root, tmp_path, today, capsys):
    root = broken_root(new_root, tmp_path)
    path = root / "content" / "glossary.yaml"
    path.write_text(path.read_text().replace("explains: [method.dbt]", "explains: [dbt]"))
    assert build(tmp_path / "out", root, today) == 1
    assert "content/glossary.yaml:" in "".join(capsys.readouterr())


def test_marking_hostile_text_adds_links_and_nothing_else(glossary):
    from rehab_directory.site.text import markdown_to_html

    description = ('DBT <img src=x onerror=alert(1)> "><script>alert(1)</script> '
                   '[naloxone](https://x.example/naloxone?q="DBT") & naloxone\n\n'
                   '[CBT](javascript:alert(1)) <a href="x" class="term">CBT</a>')
    safe = markdown_to_html(description)
    out = str(Marks(glossary, "/glossary/").html(safe))
    assert "<img" not in out and "<script" not in out and 'href="javascript:' not in out
    # Only whole links were added, each around words that were already text.
    assert re.sub(r'<a class="term" href="/glossary/#[a-z-]+">([^<]*)</a>', r"\1", out) == \
        str(safe)
    assert out.count('<a class="term"') == 3  # DBT, the free naloxone, the free CBT
    assert 'href="https://x.example/naloxone?q=%22DBT%22"' in out
