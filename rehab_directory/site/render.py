"""One Jinja environment for every page, and the helpers templates use.

Autoescaping is on for everything; the only HTML that reaches a page unescaped is the
sanitised output of ``text.markdown_to_html`` and JSON-LD with ``<`` escaped. Undefined
variables are errors, so a template mistake fails the build instead of printing nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from rehab_directory.core.fields import language_name
from rehab_directory.publish.jsontext import json_text
from rehab_directory.support.clock import long_date

from .cards import cost_text
from .text import markdown_to_html, plural, tel_href


def json_script(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block that cannot close it early."""
    return Markup(json_text(data))


def labels(values: Any) -> str:
    """Vocabulary values -> their labels, comma-separated ('Alcohol, Opioids')."""
    return ", ".join(v.label for v in values)


class Renderer:
    def __init__(self, templates: list[Path], globals_: dict[str, Any]):
        self.env = Environment(
            loader=FileSystemLoader([str(t) for t in templates]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.filters.update({
            "long_date": long_date,
            "tel_href": tel_href,
            "markdown": markdown_to_html,
            "plural": plural,
            "json_script": json_script,
            "language_name": language_name,
            "cost_text": cost_text,
            "labels": labels,
        })
        self.env.globals.update(globals_)

    def has_template(self, name: str) -> bool:
        return name in self.env.list_templates()

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page the sitemap lists."""

    url: str  # root-relative, e.g. /providers/x/
    lastmod: date | None = None


class PageWriter:
    """Writes the site's pages into ``out``: each rendered by ``renderer`` at its address
    under ``site_url``, with the scripts ``scripts_for`` says its template loads."""

    def __init__(self, out: Path, site_url: str, renderer: Renderer,
                 scripts_for: Callable[[str], list[dict[str, str]]]):
        self.out, self.site_url, self.renderer = out, site_url, renderer
        self.scripts_for = scripts_for

    def write(self, url: str, template: str, **context: Any) -> bytes:
        """Write the page at ``url`` (``/x/``, or ``/x.html``); returns the bytes written."""
        rel = url.strip("/") + "/index.html" if url != "/" else "index.html"
        if url.endswith(".html"):
            rel = url.lstrip("/")
        context.setdefault("scripts", self.scripts_for(template))
        html = self.renderer.render(template, page_url=self.site_url + url, **context)
        return write_text(self.out, rel, html)

    def page(self, url: str, template: str, lastmod: date | None = None,
             **context: Any) -> SitePage:
        """Write a page the sitemap lists; returns its entry there."""
        self.write(url, template, **context)
        return SitePage(url, lastmod)


def write_text(out: Path, rel: str, text: str | bytes) -> bytes:
    """Write ``text`` (UTF-8) to ``out/rel``; returns the bytes written.

    With ``os`` calls rather than pathlib's: this runs for every page, and pathlib's
    objects cost ~25 us a page on top of the ~60 us the file system takes."""
    path = f"{out}/{rel}"
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    return data
