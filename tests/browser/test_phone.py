"""A phone-first finder and provider page, in Chromium at 375 x 812 (issue 14).

Measured as a person sees them: where the results start, how tall a card is, what is on
the first screen of a provider page, and that the quick-exit bar covers nothing."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from browser_pages import provider_slugs

pytestmark = pytest.mark.browser

SCREEN = {"width": 375, "height": 812}
CARD_MAX = 350  # px, at 375 px wide


@pytest.fixture
def phone(new_page):
    return new_page(viewport=SCREEN, is_mobile=True, has_touch=True, device_scale_factor=2)


def search(page, site_url: str, params: dict) -> None:
    query = urlencode(params)
    page.goto(f"{site_url}/?{query}")
    page.wait_for_function("q => document.querySelector('#results').dataset.query === q",
                           arg=query)


@pytest.mark.parametrize("params", [
    {"q": "near Leeds"}, {"q": "women", "service": "residential_rehab"},
    {"service": "inpatient_detox", "sort": "wait"},
])
def test_results_come_first_and_cards_are_short(phone, site_url, params):
    search(phone, site_url, params)
    heading = phone.locator("#results-heading").bounding_box()
    assert heading["y"] + heading["height"] < SCREEN["height"], "results not on screen one"
    first = phone.locator("#results > li.card").first.bounding_box()
    assert first["y"] < SCREEN["height"]
    heights = phone.eval_on_selector_all(
        "#results > li.card", "cs => cs.map(c => c.getBoundingClientRect().height)")
    assert heights and max(heights) <= CARD_MAX, heights
    assert phone.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]


def test_server_rendered_cards_are_short_too(phone, site_url):
    phone.goto(site_url + "/browse/service/residential_rehab/")
    heights = phone.eval_on_selector_all(
        "li.card", "cs => cs.map(c => c.getBoundingClientRect().height)")
    assert heights and max(heights) <= CARD_MAX, heights


def test_skip_to_results(phone, site_url):
    search(phone, site_url, {"q": "near Bristol"})
    phone.keyboard.press("Tab")  # skip to main content
    phone.keyboard.press("Tab")  # the quick exit
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent") == "Skip to results":
            break
    else:
        pytest.fail("no 'Skip to results' link in the tab order")
    assert phone.locator(".skip-results:focus").is_visible()
    phone.keyboard.press("Enter")
    phone.wait_for_function("() => location.hash === '#results-heading'")


def test_filters_open_over_the_results_with_show_n_results(phone, site_url):
    search(phone, site_url, {"q": "near Leeds"})
    phone.click(".finder-filters > summary")
    panel = phone.locator(".finder-filters").bounding_box()
    bar = phone.locator(".quick-exit-bar").bounding_box()
    assert panel["y"] == pytest.approx(bar["y"] + bar["height"], abs=1)  # below the bar
    assert panel["height"] >= SCREEN["height"] - bar["height"] - 1  # over the results
    phone.check("#f-service-residential_rehab")
    phone.wait_for_function("() => document.querySelector('#results').dataset.query"
                            ".includes('service=residential_rehab')")
    n = phone.locator("#results > li.card").count()
    show = phone.locator(".finder-show")
    assert show.is_visible() and show.bounding_box()["y"] < SCREEN["height"]
    assert show.inner_text() == f"Show {n} results" if n != 1 else "Show 1 result"
    show.click()
    assert not phone.evaluate("document.querySelector('.finder-filters').open")
    assert phone.evaluate("document.activeElement.id") == "results-heading"


def test_a_provider_page_leads_with_the_next_step(phone, site_url, site_dir):
    for slug in provider_slugs(site_dir):
        phone.goto(f"{site_url}/providers/{slug}/")
        call = phone.locator(".next-step a[href^='tel:']")
        assert call.inner_text().startswith("Call ")
        box = call.bounding_box()
        assert box["y"] + box["height"] <= SCREEN["height"], slug
        assert box["height"] >= 44  # a big target
        how = phone.locator("#next-step").bounding_box()
        assert how["y"] < SCREEN["height"], slug
        email = phone.locator(".next-step a[href^='mailto:']")
        if email.count():
            assert email.bounding_box()["y"] < SCREEN["height"] * 1.2, slug
        if phone.locator("#photos").count():  # photos come before the long sections
            assert phone.locator("#photos").bounding_box()["y"] < phone.locator(
                "#overview").bounding_box()["y"]


def test_the_standards_panel_is_a_summary_with_the_details_a_tap_away(phone, site_url,
                                                                       site_dir):
    slug = provider_slugs(site_dir)[0]
    phone.goto(f"{site_url}/providers/{slug}/")
    summary = phone.locator(".standards-summary").inner_text()
    assert "required standards met" in summary
    table = phone.locator("table.standards-panel")
    assert not table.is_visible()
    phone.locator(".standards-details > summary").click()
    assert table.is_visible()


def test_the_quick_exit_covers_nothing(phone, site_url, site_dir):
    """The bar has its own space at the top, and every element scrolled into view (by
    focus or a link to it) stops below it."""
    slug = provider_slugs(site_dir)[0]
    phone.goto(f"{site_url}/providers/{slug}/")
    bar = phone.locator(".quick-exit-bar").bounding_box()
    assert bar["width"] == SCREEN["width"] and bar["y"] == 0
    header = phone.locator(".site-header").bounding_box()
    assert header["y"] >= bar["height"] - 1  # nothing under it before scrolling
    for target in ("contact", "standards", "location"):
        phone.goto(f"{site_url}/providers/{slug}/#{target}")
        box = phone.locator(f"#{target}").bounding_box()
        assert box["y"] >= bar["height"], target
    phone.goto(site_url + "/compare/")
    phone.evaluate("s => localStorage.setItem('ord-shortlist', s)",
                   json.dumps(provider_slugs(site_dir)[:2]))
    phone.reload()
    clear = phone.locator("#compare-clear")
    clear.focus()
    assert clear.bounding_box()["y"] >= bar["height"]


def test_the_comparison_shows_two_services_without_sideways_scrolling(phone, site_url,
                                                                        site_dir):
    phone.goto(site_url + "/compare/")
    phone.evaluate("s => localStorage.setItem('ord-shortlist', s)",
                   json.dumps(provider_slugs(site_dir)[:2]))
    phone.reload()
    phone.wait_for_selector("table.compare-table")
    scroll = phone.evaluate("""() => { const w = document.getElementById('compare-table');
        return [w.scrollWidth, w.clientWidth, document.documentElement.scrollWidth]; }""")
    assert scroll[0] <= scroll[1] and scroll[2] <= SCREEN["width"], scroll
