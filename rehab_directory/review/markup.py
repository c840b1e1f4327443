"""Text from listings made inert in GitHub Markdown (pull-request comments and issues)."""

from __future__ import annotations

import re
from typing import Any

_MD_ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_[]<>|~&#"}
_CODE_SAFE = re.compile(r"[A-Za-z0-9_.\[\]/ -]{1,120}")


def code(value: Any) -> str:
    """A field name or path as code when it is plainly safe, else escaped text."""
    text = str(value)
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else md(text)


def md(value: Any, limit: int = 200) -> str:
    """Text from a listing, made inert in GitHub Markdown: no markup, no HTML, no tables broken,
    no @-mentions, no issue links, one line."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        value = str(value).lower()
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value) if value else "[]"
    text = str(value)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    text = "".join(_MD_ESCAPES.get(c, c) for c in text)
    text = re.sub(r"(?<![A-Za-z0-9])@", "@\u2060", text)  # a word joiner stops @-mentions
    text = re.sub(r"[\r\n\t\u2028\u2029]+", " ⏎ ", text)
    return text
