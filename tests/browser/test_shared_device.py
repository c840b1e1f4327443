"""Shared devices (issue 14): the quick exit leaves nothing behind, and searches stay out of
the addresses of pages left behind in the history, while Back still shows them.
"""

from __future__ import annotations

import json

import pytest

from rehab_directory.site.pages import QUICK_EXIT_URL

pytestmark = pytest.mark.browser

STORED = """() => {
  const local = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    local[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
  }
  const session = {};
  for (let i = 0; i < sessionStorage.length; i += 1) {
    session[sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i));
  }
  return {local, session};
}"""


@pytest.fixture
def phone(new_page):
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.route(QUICK_EXIT_URL, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weather</title>"))
    return page


def search(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}/?{query}")
    page.wait_for_function("q => document.querySelector('#results').dataset.query === q",
                           arg=query)


def open_first_result(page) -> None:
    page.locator("#results > li.card h3 a").first.click()
    page.wait_for_url("**/providers/**")
    # The page's scripts are deferred: they run before "load", not when the h1 is parsed,
    # and the quick exit's Shift handler is one of them.
    page.wait_for_load_state("load")


def test_back_after_a_provider_shows_the_search_but_the_address_never_keeps_it(
        phone, site_url):
    search(phone, site_url, "q=women")
    open_first_result(phone)
    phone.go_back()
    phone.wait_for_function("() => document.querySelector('#results').dataset.query"
                            " === 'q=women'")
    assert phone.input_value("#finder-q") == "women"
    assert phone.locator("#results > li.card").count() > 0
    assert phone.url.endswith("/?q=women")  # back on the page, the address has it again


@pytest.mark.parametrize("how", ["click", "shift"])
def test_the_quick_exit_clears_everything_the_site_stored(phone, site_url, how):
    search(phone, site_url, "q=women&need=couples")
    slugs = json.dumps(["beacon-lodge-leeds"])
    phone.evaluate("s => localStorage.setItem('ord-shortlist', s)", slugs)
    open_first_result(phone)  # the finder keeps the search for Back, in sessionStorage
    assert phone.evaluate(STORED)["session"]
    assert phone.evaluate(STORED)["local"]
    length = phone.evaluate("history.length")
    if how == "click":
        phone.click("#quick-exit")
    else:
        for _ in range(3):
            phone.keyboard.press("Shift")
    phone.wait_for_url(QUICK_EXIT_URL)
    assert phone.evaluate("history.length") == length  # replaced, not added
    phone.go_back()  # to the page before the one left: the search
    phone.wait_for_load_state()
    assert phone.url == site_url + "/"  # its search is gone from the address
    assert phone.evaluate(STORED) == {"local": {}, "session": {}}
    phone.wait_for_timeout(300)
    assert phone.input_value("#finder-q") == ""
    assert phone.locator("#results > li.card").count() == 0  # the plain home page
    assert phone.locator("#results a[href$='/browse/']").count() + phone.locator(
        "#results .browse-group").count() > 0


def test_the_quick_exit_keeps_what_other_sites_on_the_origin_store(phone, site_url):
    """Only this site's keys ("ord-") are cleared from localStorage."""
    phone.goto(site_url + "/help/")
    phone.goto(site_url + "/about/")
    phone.evaluate("() => { localStorage.setItem('ord-shortlist', '[]');"
                   " localStorage.setItem('other-app', 'x'); }")
    phone.click("#quick-exit")
    phone.wait_for_url(QUICK_EXIT_URL)
    phone.go_back()
    phone.wait_for_load_state()
    assert phone.evaluate(STORED)["local"] == {"other-app": "x"}


def test_the_privacy_page_says_what_is_kept_and_how_to_clear_it(page, site_url):
    page.goto(site_url + "/privacy/")
    text = page.inner_text("main")
    for words in ("ord-shortlist", "ord-finder", "local storage", "session storage",
                  "Leave this site quickly", "Clear your shortlist", "private"):
        assert words in text, words
