"""Shortlist, compare and quick exit in Chromium.

The shortlist must live only in the browser (localStorage, never a cookie), survive moving
between pages, and feed /compare/, which shows at most three services side by side.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

QUICK_EXIT = "https://www.bbc.co.uk/weather"


@pytest.fixture(scope="module")
def slugs(validator) -> list[str]:
    checked = validator.check_listings(validator.listing_files())
    return sorted(c.listing.slug for c in checked if c.publishable)


@pytest.fixture(scope="module")
def names(validator) -> dict[str, str]:
    checked = validator.check_listings(validator.listing_files())
    return {c.listing.slug: c.listing.name for c in checked if c.publishable}


def stored(page) -> list[str]:
    return json.loads(page.evaluate("localStorage.getItem('ord-shortlist') || '[]'"))


def open_compare(page, site_url: str) -> None:
    page.goto(site_url + "/compare/")
    # Drawn: the empty state, or a table with its columns (drawn after the detail files
    # arrive, so the filled panel alone is not enough).
    page.wait_for_selector("#compare-empty:not([hidden]), #compare-table thead th a")


def compared(page) -> list[str]:
    """Slugs of the providers in the comparison table's columns, left to right."""
    return page.eval_on_selector_all(
        "#compare-table thead th a",
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())")


def assert_compared(page, expected: list[str]) -> None:
    """The table is drawn after the detail files arrive: wait for its columns, then compare."""
    page.wait_for_function(
        "n => document.querySelectorAll('#compare-table thead th a').length === n",
        arg=len(expected))
    assert compared(page) == expected


def test_shortlist_persists_across_pages_without_cookies(page, site_url, slugs, names):
    # Add one from the search results...
    page.goto(site_url + "/?region=london")
    page.wait_for_selector("#results li.card")
    first = page.eval_on_selector("#results li.card", "li => li.id").removeprefix("p-")
    button = page.locator(f"#p-{first} button.shortlist-toggle")
    assert button.inner_text().startswith("Add to shortlist")
    button.click()
    assert button.inner_text().startswith("Remove from shortlist")
    assert stored(page) == [first]
    # ...and one from its own page.
    other = next(s for s in slugs if s != first)
    page.goto(f"{site_url}/providers/{other}/")
    actions = page.locator("#provider-actions")
    assert actions.is_visible()
    assert "(1)" in actions.locator("a.shortlist-link").inner_text()
    actions.locator("button.shortlist-toggle").click()
    assert "(2)" in actions.locator("a.shortlist-link").inner_text()
    assert stored(page) == [first, other]
    # The compare page lists both, in the order they were added.
    open_compare(page, site_url)
    listed = page.locator("#shortlist li").all_inner_texts()
    assert [n for n in (names[first], names[other]) if any(n in t for t in listed)] == [
        names[first], names[other]]
    assert_compared(page, [first, other])
    # Remove one; a reload keeps the change.
    page.locator("#shortlist li", has_text=names[first]).locator("button").click()
    assert_compared(page, [other])
    page.reload()
    page.wait_for_selector("#compare-filled:not([hidden])")
    assert_compared(page, [other])
    # The provider page agrees.
    page.goto(f"{site_url}/providers/{first}/")
    assert page.locator("#provider-actions button").inner_text().startswith("Add to shortlist")
    assert page.context.cookies() == []


def test_compare_shows_at_most_three_side_by_side(page, site_url, slugs):
    page.goto(site_url + "/about/")
    four = slugs[:4]
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))", four)
    open_compare(page, site_url)
    assert_compared(page, four[:3])
    boxes = page.locator("#shortlist input[type=checkbox]")
    assert boxes.count() == 4
    assert [boxes.nth(i).is_disabled() for i in range(4)] == [False, False, False, True]
    rows = page.locator("#compare-table tbody th[scope=row]").all_inner_texts()
    for fact in ("Services", "Shortest wait", "Cost", "Who it is for", "Funding", "Approach",
                 "Mental health", "Inspection rating", "Standards", "Contact"):
        assert fact in rows
    assert page.locator("#compare-table tbody tr:first-child td").count() == 3
    # Untick the second, tick the fourth.
    boxes.nth(1).uncheck()
    assert_compared(page, [four[0], four[2]])
    boxes.nth(3).check()
    assert_compared(page, [four[0], four[2], four[3]])
    # The contact row has the phone number from the detail shard.
    assert page.locator("#compare-table a[href^='tel:']").count() == 3
    # Clearing empties the shortlist and explains how to add to it.
    page.click("#compare-clear")
    assert page.locator("#compare-empty").is_visible()
    assert "Add to shortlist" in page.inner_text("#compare-empty")
    assert stored(page) == []
    assert page.context.cookies() == []


def test_compare_page_passes_axe(page, site_url, slugs, axe):
    from browser_harness import format_violations
    from test_interactive_finder import axe_within

    page.goto(site_url + "/about/")
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  slugs[:4])
    open_compare(page, site_url)
    page.wait_for_selector("#compare-table table")
    violations = axe_within(page, axe, ["#compare-app"])
    assert violations == [], format_violations(violations)
    page.goto(f"{site_url}/providers/{slugs[0]}/")
    violations = axe_within(page, axe, ["#provider-actions"])
    assert violations == [], format_violations(violations)


def test_compare_prints_only_the_comparison(page, site_url, slugs):
    page.goto(site_url + "/about/")
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  slugs[:2])
    open_compare(page, site_url)
    page.emulate_media(media="print")
    assert page.locator("#compare-table table").is_visible()
    for selector in ("#shortlist", "#compare-clear", "#compare-print", "#quick-exit"):
        assert page.locator(selector).is_hidden(), selector


def test_empty_shortlist_explains_how_to_add(page, site_url):
    open_compare(page, site_url)
    assert page.locator("#compare-empty").is_visible()
    assert page.locator("#compare-filled").is_hidden()
    assert page.locator("#compare-nojs").is_hidden()


def test_compare_without_javascript_explains(page_nojs, site_url):
    page_nojs.goto(site_url + "/compare/")
    assert page_nojs.locator("#compare-nojs").is_visible()
    assert "JavaScript" in page_nojs.inner_text("#compare-nojs")
    assert page_nojs.locator("#compare-app").is_hidden()


def test_provider_actions_hidden_without_javascript(page_nojs, site_url, slugs):
    page_nojs.goto(f"{site_url}/providers/{slugs[0]}/")
    assert page_nojs.locator("#provider-actions").is_hidden()


# ---------------------------------------------------------------------------- quick exit


@pytest.fixture
def exit_page(page):
    """A page whose quick-exit destination is answered locally: nothing leaves the machine."""
    page.route(QUICK_EXIT, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weather</title>"))
    return page


def test_quick_exit_replaces_history(exit_page, site_url, network):
    page = exit_page
    page.goto(site_url + "/about/")
    page.goto(site_url + "/help/")
    length = page.evaluate("history.length")
    page.click("#quick-exit")
    page.wait_for_url(QUICK_EXIT)
    assert page.evaluate("history.length") == length  # replaced, not added
    page.go_back()
    assert page.url == site_url + "/about/"  # the page we left is gone from history
    assert QUICK_EXIT in network.requests and QUICK_EXIT not in network.blocked


def test_quick_exit_by_pressing_shift_three_times(exit_page, site_url):
    page = exit_page
    page.goto(site_url + "/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(QUICK_EXIT)


def test_typing_capitals_does_not_quick_exit(exit_page, site_url):
    page = exit_page
    page.goto(site_url + "/")
    page.click("#finder-q")
    page.keyboard.type("LEEDS AND YORK")
    page.wait_for_timeout(300)
    assert page.url.startswith(site_url)


def test_quick_exit_is_a_plain_link_without_javascript(page_nojs, site_url):
    page_nojs.goto(site_url + "/")
    link = page_nojs.locator("#quick-exit")
    assert link.get_attribute("href") == QUICK_EXIT
