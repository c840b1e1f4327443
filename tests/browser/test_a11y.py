"""Accessibility: axe-core finds no WCAG 2.2 A/AA (or best-practice) violation on any page.

Each page type is checked at desktop width (1280) and then, on the same page resized, at
phone width (375), where the navigation and tables reflow. Home and provider pages are also
checked with JavaScript off, as the no-JavaScript path is a first-class way to use the site.
"""

from __future__ import annotations

import pytest
from browser_harness import PHONE, format_violations
from browser_pages import PAGE_NAMES, open_page, page_types

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def kinds(site_dir):
    return page_types(site_dir)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_axe_violations_at_desktop_and_phone_width(page, site_url, kinds, axe, name):
    open_page(page, site_url, kinds[name])
    desktop = axe(page)
    page.set_viewport_size(PHONE)
    phone = axe(page)
    report = ""
    if desktop:
        report += f"\nAt 1280 px wide, {kinds[name].path}:\n" + format_violations(desktop)
    if phone:
        report += f"\nAt 375 px wide, {kinds[name].path}:\n" + format_violations(phone)
    assert not report, report


@pytest.mark.parametrize("name", ["home", "provider-photos", "provider-stale-wait", "browse",
                                  "provider-second-stage", "guide", "glossary"])
def test_no_axe_violations_without_javascript(page_nojs, site_url, kinds, axe, name):
    open_page(page_nojs, site_url, kinds[name])
    violations = axe(page_nojs)
    assert not violations, (f"\nWith JavaScript off, {kinds[name].path}:\n"
                            + format_violations(violations))
