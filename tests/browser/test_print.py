"""Printing a provider page (a keyworker's copy for a client's file): the standards panel,
one tap away on screen, prints in full; what only works on a screen does not print."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ROWS = ".standards-panel tbody tr"
ON_SCREEN_ONLY = ("#quick-exit", ".quick-exit-bar", ".uk-map", "#provider-actions",
                  ".site-nav", ".standards-details > summary")


def visible_rows(page) -> int:
    return sum(page.locator(ROWS).nth(i).is_visible() for i in range(page.locator(ROWS).count()))


@pytest.fixture
def provider(page, site_url):
    page.goto(f"{site_url}/providers/beacon-lodge-leeds/")
    return page


def test_on_screen_the_standards_wait_behind_one_tap(provider):
    assert provider.locator(ROWS).count() >= 6
    assert visible_rows(provider) == 0
    assert provider.locator(".standards-details > summary").is_visible()


def test_printed_every_standard_and_its_evidence_is_on_the_page(provider):
    rows = provider.locator(ROWS).count()
    provider.emulate_media(media="print")
    assert visible_rows(provider) == rows
    for selector in ON_SCREEN_ONLY:
        for i in range(provider.locator(selector).count()):
            assert provider.locator(selector).nth(i).is_hidden(), selector
    # The phone number prints with the number it dials, for a reader of the paper copy.
    after = provider.evaluate("""() => getComputedStyle(
        document.querySelector('main a[href^="tel:"]'), '::after').content""")
    assert "tel:" in after


def test_the_printed_page_is_a_real_pdf_with_the_standards_in_it(provider, tmp_path):
    """Chromium's own print to PDF: every standard's title is in the printed text."""
    titles = provider.locator(f"{ROWS} th a").all_inner_texts()
    provider.emulate_media(media="print")
    pdf = provider.pdf(path=tmp_path / "page.pdf", format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    printed = provider.evaluate("() => document.body.innerText")
    for title in titles:
        assert title in printed, title
