"""Text for pages: limited Markdown made safe, dates and phone numbers written for people.

A listing's description is written by a provider, so it is untrusted. It is rendered by
markdown-it-py with raw HTML disabled and only the rules we allow switched on (paragraphs,
lists, bold, italics, links), then cleaned by nh3 to a small allow-list of tags, with links
limited to http, https and mailto and marked ``rel="nofollow noopener"``.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markupsafe import Markup

from rehab_directory.core.fields import tel_uri
from rehab_directory.support.markdown import (
    ALLOWED_SCHEMES,
    description_parser,
    description_tokens,
    page_parser,
)

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow noopener"

@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Made once: nh3.clean() converts its allow-lists for every call (~15 us a listing).
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_to_html(text: str) -> Markup:
    """Limited Markdown from a listing -> sanitised HTML, safe to put in a page."""
    md = description_parser()
    html = md.renderer.render(list(description_tokens(text)), md.options, {})
    return Markup(_cleaner().clean(html).strip())


def trusted_markdown(text: str) -> Markup:
    """Our own pages and guides: full CommonMark, raw HTML still off."""
    return Markup(page_parser().render(text).strip())


def tel_href(phone: str) -> str:
    """'0113 496 0871' -> 'tel:+441134960871', with an extension 'tel:+441134960871,2' (the
    model has already validated it, and says how a number is dialled: ``fields.tel_uri``)."""
    return tel_uri(phone)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
