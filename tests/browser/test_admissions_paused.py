"""Paused admissions in Chromium: the no-JavaScript browse page's card, the finder's card
(drawn by finder.js from the search data) and its order, the shortlist and the comparison,
and the mark readable on a 375 px phone. Built from the samples with two listings paused
(one with a reopening date, one without) and one stated open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from browser_harness import build_site, format_violations, sample_root
from test_interactive_finder import axe_within, finder
from test_interactive_shortlist import open_compare

pytestmark = pytest.mark.browser

PAUSED = "don-valley-detox-sheffield"  # paused, reopening 11 January 2027
PAUSED_UNDATED = "wearmouth-lodge-sunderland"  # paused, no date given
OPEN = "al-noor-house-bradford"  # stated open
MARKS = {
    PAUSED: "Not taking new admissions for now (expected to reopen 11 January 2027)",
    PAUSED_UNDATED: "Not taking new admissions for now",
}
REGION = "/browse/region/yorkshire-and-the-humber/"
# The same listings built the day after PAUSED's reopening day, with no edit (nightly).
LATE = date(2027, 1, 12)
LATE_MARK = ("Not taking new admissions when last stated (expected to reopen 11 January "
             "2027: ask if they have reopened)")


def add_admissions(root: Path, slug: str, block: str) -> None:
    path = root / "content" / "providers" / f"{slug}.yaml"
    text = path.read_text("utf-8")
    assert "\nsubstances:" in text, path
    path.write_text(text.replace("\nsubstances:", f"\n{block}substances:", 1), "utf-8")


@pytest.fixture(scope="module")
def paused_root(tmp_path_factory) -> Path:
    root = sample_root(tmp_path_factory.mktemp("paused") / "repo")
    add_admissions(root, PAUSED, "admissions:\n  status: paused\n  stated: 2026-11-20\n"
                   "  reopens: 2027-01-11\n")
    add_admissions(root, PAUSED_UNDATED, "admissions: {status: paused, stated: 2026-11-18}\n")
    add_admissions(root, OPEN, "admissions: {status: open, stated: 2026-11-21}\n")
    return root


@pytest.fixture(scope="module")
def paused_site(tmp_path_factory, paused_root) -> Path:
    return build_site(tmp_path_factory.mktemp("paused") / "site", paused_root)


@pytest.fixture(scope="module")
def paused_url(paused_site, serve) -> str:
    return serve(paused_site)


def test_pages_with_paused_cards_are_valid_html(paused_site):
    """The Nu HTML Checker finds no error in the pages that show a paused card, nor in the
    stylesheets."""
    from test_html_valid import run_vnu

    pages = [p for p in sorted(paused_site.rglob("*.html"))
             if 'class="card-admissions"' in p.read_text("utf-8")]
    assert any(p.parent.name == "yorkshire-and-the-humber" for p in pages)
    styles = sorted((paused_site / "theme" / "css").glob("*.css"))
    assert styles
    messages = run_vnu([*pages, *styles])
    assert messages == [], messages[:5]


def marks(page) -> dict[str, str]:
    """Card id (slug) -> the admissions mark's text, for every card showing one."""
    return page.eval_on_selector_all(
        "li.card", "cards => Object.fromEntries(cards.map(li => [li.id.slice(2), "
        "(li.querySelector('.card-admissions') || {}).innerText || '']))")


def test_browse_page_without_javascript_marks_the_paused_card(page_nojs, paused_url, axe):
    page_nojs.goto(paused_url + REGION)
    shown = marks(page_nojs)
    assert shown[PAUSED] == MARKS[PAUSED]
    assert shown[OPEN] == ""
    assert all(text == "" for slug, text in shown.items() if slug not in MARKS)
    violations = axe(page_nojs)  # the whole page, as test_a11y checks the browse pages
    assert violations == [], format_violations(violations)


def test_finder_cards_match_the_browse_page_and_mark_the_paused(page, paused_url, axe):
    page.goto(paused_url + REGION)
    server = {li.get_attribute("id"): li.inner_text() for li in page.locator("li.card").all()}
    found = finder(page, paused_url, {"region": "yorkshire-and-the-humber"})
    assert sorted(found) == sorted(s.removeprefix("p-") for s in server)
    page.wait_for_function("() => [...document.querySelectorAll('#results .card-summary')]"
                           ".every(p => p.textContent !== '')")
    for slug in found:
        card = page.locator(f"#p-{slug}")
        button = card.locator("button.shortlist-toggle").inner_text()
        assert card.inner_text().replace(button, "").strip() == server[f"p-{slug}"].strip()
    shown = marks(page)
    assert shown[PAUSED] == MARKS[PAUSED] and shown[OPEN] == ""
    # Nothing typed, so every result is as relevant: the paused one after the open ones.
    assert found[-1] == PAUSED
    violations = axe_within(page, axe, ["#results"])
    assert violations == [], format_violations(violations)


def test_paused_services_stay_in_results_and_sort_after_at_a_tie(page, paused_url):
    alcohol = [("substance", "alcohol")]
    everyone = finder(page, paused_url, alcohol)  # nothing typed: all as relevant
    assert {PAUSED, PAUSED_UNDATED} <= set(everyone) and len(everyone) > 4  # never hidden
    assert everyone[-2:] == [PAUSED, PAUSED_UNDATED]  # "Don..." before "Wearmouth..."
    assert marks(page)[PAUSED_UNDATED] == MARKS[PAUSED_UNDATED]
    # Sorting by name is alphabetical, paused or not.
    by_name = finder(page, paused_url, [*alcohol, ("sort", "name")])
    names = page.eval_on_selector_all("#results > li.card h3", "hs => hs.map(h => h.innerText)")
    assert names == sorted(names, key=str.lower) and set(by_name) == set(everyone)
    # By wait: a paused service's wait is not one to start on, so it follows every open wait.
    by_wait = finder(page, paused_url, {"service": "inpatient_detox", "sort": "wait"})
    waits = page.eval_on_selector_all(
        "#results > li.card", "cards => cards.map(li => [li.id.slice(2), li.innerText])")
    with_wait = [slug for slug, text in waits
                 if slug not in MARKS and "Not stated" not in text.split("Cost")[0]]
    assert PAUSED in by_wait
    assert all(by_wait.index(slug) < by_wait.index(PAUSED) for slug in with_wait)


def test_compare_and_shortlist_say_admissions_are_paused(page, paused_url, axe):
    page.goto(paused_url + "/about/")
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  [OPEN, PAUSED])
    open_compare(page, paused_url)
    page.wait_for_function("() => document.querySelectorAll('#compare-table thead th a')"
                           ".length === 2")
    row = page.locator("#compare-table tbody tr", has=page.locator("th", has_text="Admissions"))
    assert row.locator("td").all_inner_texts() == ["Taking new admissions", MARKS[PAUSED]]
    items = page.locator("#shortlist li").all_inner_texts()
    assert MARKS[PAUSED] in items[1] and "admissions" not in items[0].lower()
    violations = axe_within(page, axe, ["#compare-app"])
    assert violations == [], format_violations(violations)
    # Comparing only services taking people: no admissions row at all.
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  [OPEN, "beacon-lodge-leeds"])
    open_compare(page, paused_url)
    page.wait_for_function("() => [...document.querySelectorAll('#compare-table thead th a')]"
                           ".some(a => a.href.includes('beacon-lodge-leeds'))")
    heads = page.locator("#compare-table tbody th[scope=row]").all_inner_texts()
    assert "Admissions" not in heads and "Where" in heads


def test_mark_is_readable_on_a_phone(phone_page, paused_url, tmp_path):
    phone_page.goto(paused_url + REGION)
    mark = phone_page.locator(f"#p-{PAUSED} .card-admissions")
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    sizes = mark.evaluate("""p => ({scroll: p.scrollWidth, client: p.clientWidth,
        font: parseFloat(getComputedStyle(p).fontSize), display: getComputedStyle(p).display})""")
    assert sizes["scroll"] <= sizes["client"]  # wraps, not cut off
    assert sizes["font"] >= 14 and sizes["display"] != "none"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    shot = tmp_path / "paused-card-375.png"
    phone_page.locator(f"#p-{PAUSED}").screenshot(path=str(shot))
    assert shot.stat().st_size > 0


# The compare table's headings on a phone: each word whole on one line (broken only between
# words), nothing spilling out of its cell, and the page never scrolling sideways.
BROKEN_WORDS = """table => [...table.querySelectorAll("th")].flatMap(th => {
  const broken = [];
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(th.innerText.trim() + ": " + m[0]);
    }
  }
  if (th.scrollWidth > th.clientWidth) broken.push(th.innerText.trim() + ": spills out");
  return broken;
})"""


@pytest.mark.parametrize("compared", [[OPEN, PAUSED], [OPEN, PAUSED, PAUSED_UNDATED]],
                         ids=["two", "three"])
def test_compare_headings_break_only_between_words_on_a_phone(phone_page, paused_url,
                                                              compared, tmp_path):
    phone_page.goto(paused_url + "/about/")
    phone_page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                        compared)
    open_compare(phone_page, paused_url)
    phone_page.wait_for_function(
        "n => document.querySelectorAll('#compare-table thead th a').length === n",
        arg=len(compared))
    table = phone_page.locator("#compare-table table")
    heads = table.locator("tbody th[scope=row]").all_inner_texts()
    assert {"Admissions", "Approach", "Languages", "Inspection rating"} <= set(heads)
    assert table.evaluate(BROKEN_WORDS) == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    # Readable still: the headings are not shrunk below 14 px.
    sizes = table.evaluate("t => [...t.querySelectorAll('tbody th')].map(th => "
                           "parseFloat(getComputedStyle(th).fontSize))")
    assert min(sizes) >= 14
    shot = tmp_path / f"compare-{len(compared)}-375.png"
    table.screenshot(path=str(shot))
    assert shot.stat().st_size > 0


@pytest.fixture(scope="module")
def late_url(tmp_path_factory, paused_root, serve) -> str:
    return serve(build_site(tmp_path_factory.mktemp("late") / "site", paused_root, LATE))


def test_after_the_reopening_day_the_finder_says_what_the_build_says(page, late_url):
    """Built after the stated reopening day: the finder's card (finder.js, from the search
    data), the shortlist and the comparison word it as the browse page's card does (the
    build's day, as for waits that may be out of date), never as a day still to come."""
    page.goto(late_url + REGION)
    server = {li.get_attribute("id"): li.inner_text() for li in page.locator("li.card").all()}
    assert marks(page)[PAUSED] == LATE_MARK
    found = finder(page, late_url, {"region": "yorkshire-and-the-humber"})
    page.wait_for_function("() => [...document.querySelectorAll('#results .card-summary')]"
                           ".every(p => p.textContent !== '')")
    shown = marks(page)
    assert shown[PAUSED] == LATE_MARK and shown[OPEN] == ""
    card = page.locator(f"#p-{PAUSED}")
    button = card.locator("button.shortlist-toggle").inner_text()
    assert card.inner_text().replace(button, "").strip() == server[f"p-{PAUSED}"].strip()
    assert PAUSED in found
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  [OPEN, PAUSED])
    open_compare(page, late_url)
    page.wait_for_function("() => document.querySelectorAll('#compare-table thead th a')"
                           ".length === 2")
    row = page.locator("#compare-table tbody tr", has=page.locator("th", has_text="Admissions"))
    assert row.locator("td").all_inner_texts() == ["Taking new admissions", LATE_MARK]
    assert LATE_MARK in page.locator("#shortlist li").all_inner_texts()[1]
