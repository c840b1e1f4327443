"""Every type of page on the site, found in the built site, and how to open each in a browser.

The pages are chosen from what the build wrote (the first provider with photos, the first with
a wait marked out of date, the first browse page of each kind ...) so that the tests keep
working as the sample listings change, and fail loudly if a kind of page disappears.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# A search and filters that the sample listings answer with at least one result.
SEARCH = "/?q=alcohol&service=residential_rehab"
NOT_FOUND = "/no-such-page/"
# Script types that are data, not code: the browser never runs them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    setup: str = ""  # "search" or "compare": needs JavaScript to reach its state
    shortlist: tuple[str, ...] = ()


def first(site_dir: Path, pattern: str, contains: str = "") -> str:
    """The root-relative URL of the first page matching a glob (and containing a string)."""
    for file in sorted(site_dir.glob(pattern)):
        if not contains or contains in file.read_text(encoding="utf-8"):
            return "/" + file.parent.relative_to(site_dir).as_posix() + "/"
    raise AssertionError(f"the built site has no page {pattern!r}"
                         + (f" containing {contains!r}" if contains else ""))


def provider_slugs(site_dir: Path) -> list[str]:
    """The published providers (not the pages kept at withheld listings' addresses)."""
    return sorted(p.parent.name for p in site_dir.glob("providers/*/index.html")
                  if 'class="withheld"' not in p.read_text(encoding="utf-8"))


def page_types(site_dir: Path) -> dict[str, PageType]:
    photos = first(site_dir, "providers/*/index.html", 'id="photos"')
    stale = first(site_dir, "providers/*/index.html", 'class="stale"')
    two = tuple(provider_slugs(site_dir)[:2])
    types = [
        PageType("home", "/"),
        PageType("home-search", SEARCH, setup="search"),
        PageType("provider-photos", photos),
        PageType("provider-stale-wait", stale),
        PageType("provider-withheld",
                 first(site_dir, "providers/*/index.html", 'class="withheld"')),
        PageType("browse", "/browse/"),
        PageType("browse-region", first(site_dir, "browse/region/*/index.html")),
        PageType("browse-service", first(site_dir, "browse/service/*/index.html")),
        PageType("browse-substance", first(site_dir, "browse/substance/*/index.html")),
        PageType("browse-for", first(site_dir, "browse/for/*/index.html", 'class="card')),
        PageType("browse-region-service",
                 first(site_dir, "browse/region/*/*/index.html", 'class="card')),
        PageType("browse-empty",
                 first(site_dir, "browse/region/*/*/index.html", "browse-alternatives")),
        PageType("standards", "/standards/"),
        PageType("standard", first(site_dir, "standards/*/index.html")),
        PageType("about", "/about/"),
        PageType("join", "/join/"),
        PageType("reviewing", "/reviewing/"),
        PageType("help", "/help/"),
        PageType("privacy", "/privacy/"),
        PageType("provider-second-stage",
                 first(site_dir, "providers/*/index.html", 'class="before-you-go"')),
        PageType("guides", "/guides/"),
        PageType("guide", first(site_dir, "guides/*/index.html")),
        PageType("guide-checklist",
                 first(site_dir, "guides/*/index.html", 'class="prose checklist"')),
        PageType("glossary", "/glossary/"),
        PageType("compare-empty", "/compare/", setup="compare"),
        PageType("compare-two", "/compare/", setup="compare", shortlist=two),
        PageType("not-found", NOT_FOUND),
    ]
    return {t.name: t for t in types}


PAGE_NAMES = [
    "home", "home-search", "provider-photos", "provider-stale-wait", "provider-withheld",
    "browse", "browse-region",
    "browse-service", "browse-substance", "browse-for", "browse-region-service",
    "browse-empty", "standards", "standard", "about", "join",
    "reviewing", "help", "privacy", "provider-second-stage", "guides", "guide",
    "guide-checklist", "glossary", "compare-empty", "compare-two", "not-found",
]


def set_shortlist(page, site_url: str, slugs: tuple[str, ...] | list[str]) -> None:
    """Put providers on the shortlist (localStorage of our origin) as the site's JS would."""
    if page.url == "about:blank" or not page.url.startswith(site_url):
        page.goto(site_url + "/about/")
    page.evaluate("list => localStorage.setItem('ord-shortlist', JSON.stringify(list))",
                  list(slugs))


def open_page(page, site_url: str, kind: PageType):
    """Open a page type and wait until it is in the state the type describes."""
    if kind.shortlist:
        set_shortlist(page, site_url, kind.shortlist)
    response = page.goto(site_url + kind.path)
    if kind.setup == "search":
        page.wait_for_selector("#results li.card")
    elif kind.setup == "compare":
        shown = "#compare-filled" if kind.shortlist else "#compare-empty"
        page.wait_for_selector(f"{shown}:not([hidden])")
        if kind.shortlist:
            page.wait_for_function(
                "n => document.querySelectorAll('#compare-table thead th a').length === n",
                arg=len(kind.shortlist))
    page.wait_for_load_state("load")
    return response


class InlineFinder(HTMLParser):
    """Collect inline scripts, <style> elements, on* handlers and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        where = f"line {self.getpos()[0]}: <{tag}>"
        names = dict(attrs)
        for attr, _ in attrs:
            if attr.startswith("on"):
                self.problems.append(f"{where} has an inline event handler {attr}=")
            if attr == "style":
                self.problems.append(f"{where} has a style attribute")
        if tag == "style":
            self.problems.append(f"{where} is an inline stylesheet")
        if tag == "script":
            kind = (names.get("type") or "").lower()
            if kind in DATA_SCRIPT_TYPES:
                self.in_script = None
            else:
                self.in_script = where
                if not names.get("src"):
                    self.problems.append(f"{where} is an inline script")
                elif not (names.get("integrity") or "").startswith("sha384-"):
                    self.problems.append(f"{where} has no sha384 integrity")
                elif "://" in names["src"] or names["src"].startswith("//"):
                    self.problems.append(f"{where} loads a script from elsewhere")
        for attr in ("href", "src", "action", "formaction"):
            value = (names.get(attr) or "").strip().lower()
            if value.startswith(("javascript:", "data:text/html", "vbscript:")):
                self.problems.append(f"{where} has a {attr} running code: {value[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"{self.in_script} has inline code")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
