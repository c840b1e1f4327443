"""The two kinds of Markdown the directory reads, parsed in one place.

- A listing's ``description`` is written by a provider: *limited* Markdown (paragraphs,
  lists, bold, italics, links), raw HTML off and only http, https and mailto links. The
  site renders it (``site/text.markdown_to_html``, which also sanitises the HTML) and the
  plain-language checks read its words (``plain.py``): both from the same tokens, so they
  read the text a person sees, and a build parses each description once
  (``description_tokens`` remembers the last few).
- Our own pages and guides are trusted: full CommonMark, raw HTML still off.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# markdown-it rules that stay off in descriptions: what they would produce is not allowed.
_DISABLED = [
    "heading", "lheading", "code", "fence", "blockquote", "hr", "html_block", "html_inline",
    "image", "backticks",
]


def allowed_link(url: str) -> bool:
    scheme, sep, _ = url.partition(":")
    return bool(sep) and scheme.strip().lower() in ALLOWED_SCHEMES


@lru_cache(maxsize=1)
def description_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(_DISABLED)
    md.validateLink = allowed_link  # other links stay as the text the provider typed
    return md


@lru_cache(maxsize=8)
def description_tokens(text: str) -> tuple[Token, ...]:
    """A description's tokens (read them, never change them: they are shared)."""
    return tuple(description_parser().parse(text))


@lru_cache(maxsize=1)
def page_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def inline_texts(tokens: tuple[Token, ...] | list[Token]) -> list[str]:
    """The words of each paragraph, list item, heading and table cell, as a reader sees
    them (link text without its address, no emphasis marks)."""
    out = []
    for token in tokens:
        if token.type != "inline":
            continue
        words = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        text = " ".join("".join(words).split())
        if text:
            out.append(text)
    return out
