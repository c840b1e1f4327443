"""Text for pages: limited Markdown made safe, dates and phone numbers written for people.

A listing's description is written by a provider, so it is untrusted. It is rendered by
markdown-it-py with raw HTML disabled and only the rules we allow switched on (paragraphs,
lists, bold, italics, links), then cleaned by nh3 to a small allow-list of tags, with links
limited to http, https and mailto and marked ``rel="nofollow noopener"``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..model import tel_uri

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

# markdown-it rules that stay off: what they would produce is not on the allow-list.
_DISABLED = [
    "heading", "lheading", "code", "fence", "blockquote", "hr", "html_block", "html_inline",
    "image", "backticks",
]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(_DISABLED)
    md.validateLink = _allowed_link  # other links stay as the text the provider typed
    return md


def _allowed_link(url: str) -> bool:
    scheme, sep, _ = url.partition(":")
    return bool(sep) and scheme.strip().lower() in ALLOWED_SCHEMES


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Made once: nh3.clean() converts its allow-lists for every call (~15 us a listing).
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_to_html(text: str) -> Markup:
    """Limited Markdown from a listing -> sanitised HTML, safe to put in a page."""
    return Markup(_cleaner().clean(_markdown().render(text)).strip())


def trusted_markdown(text: str) -> Markup:
    """Our own pages (content/pages/*.md): full CommonMark, raw HTML still off."""
    md = MarkdownIt("commonmark", {"html": False})
    return Markup(md.render(text).strip())


def long_date(day: date | None) -> str:
    """2026-11-16 -> '16 November 2026' (the way GOV.UK writes dates)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def tel_href(phone: str) -> str:
    """'0113 496 0871' -> 'tel:+441134960871', with an extension 'tel:+441134960871,2' (the
    model has already validated it, and says how a number is dialled: ``model.tel_uri``)."""
    return tel_uri(phone)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
