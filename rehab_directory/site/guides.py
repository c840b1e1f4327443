"""The guides and the glossary on the site: ``/guides/``, ``/guides/<slug>/``, ``/glossary/``.

A guide is reviewed content, ``content/guides/<slug>.md``: a small YAML front matter between
two ``---`` lines, then the guide in Markdown (our own text: full CommonMark, raw HTML off)::

    ---
    title: What detox is
    summary: One or two sentences, shown under the title and on the lists of guides.
    order: 1                       # place in the lists of guides
    reviewed: 2026-12-01           # the day a person last checked it
    applies_to: [service.inpatient_detox]   # provider pages that link it ("all": every one)
    finder:                        # links into the finder, with its filters set
      - text: Find inpatient detox services
        query: service=inpatient_detox
    sources:                       # where facts that can go out of date come from
      - Typical lengths of stay from NHS and FRANK information on treatment.
    checklist: false               # true: the guide's lists print as tick boxes
    ---

A ``query`` is the finder's own address (``/?service=inpatient_detox``), so the link works as
a shared search does; when it is one filter that has a browse page (region, service or
substance) the guide links that page too, which needs no JavaScript. Every mistake in a
guide, or a glossary entry naming a guide that does not exist, stops the build with the file,
line and field (``GuideError``).

``Library`` is what the rest of the site uses: ``install`` gives the templates the glossary
(``library.marks()``, ``library.guides_for(listing)``, the ``terms`` filter) and
``write`` writes the pages through the site's own ``page`` function.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from rehab_directory.core.findings import Finding, Severity, field_name
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import Funding, Region, ServiceType, Substance
from rehab_directory.core.yamlio import YamlError, load
from rehab_directory.framework.glossary import Glossary, Term, check_ref, listing_refs
from rehab_directory.framework.plain import blocks, word_count
from rehab_directory.publish.search import FLAGS as FINDER_FLAGS
from rehab_directory.publish.search import VOCABS as SEARCH_VOCABS

from .render import SitePage
from .terms import Marks, card_terms, js_terms

GUIDES_DIR = Path("content") / "guides"
RULE = "DATA-004"
BOXES_MAX = 10_000

# The finder's filters a guide can set, with the values each takes: the names and values of
# the form controls in _finder.html (a test checks every guide's links against the form).
FINDER_FILTERS: dict[str, tuple[str, ...]] = {
    "service": tuple(ServiceType.codes()),
    "substance": tuple(Substance.codes()),
    "funding": tuple(Funding.codes()),
    "region": tuple(Region.codes()),
    "gender": ("women", "men", "women_only", "men_only", "mixed"),
    "need": FINDER_FLAGS,
    "mh": ("supported", "specialist"),
    "twelve": ("yes", "based", "no"),
    "faith": ("faith", "secular"),
}


class GuideError(Exception):
    """A guide, or the glossary's link to one, is wrong; ``findings`` say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n" + "\n".join(f.text() for f in findings))
        self.findings = findings


def _fail(message: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError("listing_value", message.replace("{", "(").replace("}", ")"),
                               {"fix": fix})


def _applies(ref: str) -> str:
    if ref == "all":
        return ref
    try:
        return check_ref(ref, flags=True)
    except ValueError as exc:
        raise _fail(str(exc), "write kind.code (service.inpatient_detox), or all") from None


def _query(query: str) -> str:
    """A finder address: ``name=value`` pairs joined by ``&``, each a filter the form has."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise _fail(f"'{query}' is not written name=value&name=value",
                    "write it as the finder's address shows it, e.g. service=inpatient_detox"
                    ) from None
    for name, value in pairs:
        if name not in FINDER_FILTERS:
            raise _fail(f"'{name}' is not a filter of the finder",
                        f"use one of: {', '.join(FINDER_FILTERS)}")
        if value not in FINDER_FILTERS[name]:
            raise _fail(f"'{value}' is not a choice of the finder's '{name}' filter",
                        f"use one of: {', '.join(FINDER_FILTERS[name])}")
    return query


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FinderLink(_Data):
    text: Annotated[str, Field(min_length=5, max_length=80)]
    query: Annotated[str, Field(min_length=3, max_length=300), AfterValidator(_query)]


class FrontMatter(_Data):
    title: Annotated[str, Field(min_length=5, max_length=90)]
    summary: Annotated[str, Field(min_length=20, max_length=300)]
    order: Annotated[int, Field(ge=1, le=999)]
    reviewed: date
    applies_to: list[Annotated[str, AfterValidator(_applies)]] = []
    finder: Annotated[list[FinderLink], Field(min_length=1)]
    sources: list[Annotated[str, Field(min_length=5, max_length=300)]] = []
    checklist: bool = False


@dataclass(frozen=True)
class FinderTarget:
    """A guide's link into the finder, and the browse page that lists the same services."""

    text: str
    query: str
    browse: str | None  # root-relative, e.g. /browse/service/inpatient_detox/


@dataclass(frozen=True)
class Guide:
    slug: str
    meta: FrontMatter
    body: str  # Markdown
    path: Path
    finder: tuple[FinderTarget, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def url(self) -> str:
        return f"/guides/{self.slug}/"

    @cached_property
    def words(self) -> int:
        """Words in the guide as written (its Markdown's text, without the page around it)."""
        return word_count(" ".join(blocks(self.body)))


# ---------------------------------------------------------------------------- reading


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """(front matter, body, line of the body) of a guide's text."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise GuideError([_finding(display, (1, 1), (), "the guide does not start with '---'",
                                   "start with a line '---', the front matter (title: ...), "
                                   "and another '---' line")])
    for i, line in enumerate(lines[1:], 1):
        if line.strip() == "---":
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2
    raise GuideError([_finding(display, (1, 1), (), "the front matter has no closing '---'",
                               "end the front matter with a line '---'")])


def read_guide(path: Path, display: str, browse_kinds: Iterable[str]) -> Guide:
    from rehab_directory.core.schema_errors import translate

    slug = path.stem
    if not _is_slug(slug):
        raise GuideError([_finding(display, (1, 1), (), f"'{path.name}' is not a guide's name",
                                   "name it in lower case with hyphens, e.g. after-rehab.md")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GuideError([_finding(display, (1, 1), (), f"cannot read it ({exc})",
                                   "save it as UTF-8 text")]) from None
    head, body, _ = split_front_matter(text, display)
    # The front matter starts on line 2: parse it with one blank line above, so that the
    # lines and columns of its findings are those of the guide's file.
    try:
        document = load(("\n" + head).encode("utf-8"), display)
    except YamlError as exc:
        raise GuideError(exc.findings) from None
    try:
        meta = FrontMatter.model_validate(document.data)
    except ValidationError as exc:
        raise GuideError(translate(exc, display, document.marks, FrontMatter)) from None
    if len(" ".join(blocks(body)).split()) < 20:
        raise GuideError([_finding(display, (1, 1), (), "the guide has almost no text",
                                   "write the guide below the second '---' line")])
    kinds = set(browse_kinds)
    targets = []
    for link in meta.finder:
        pairs = parse_qsl(link.query)
        browse = None
        if len(pairs) == 1 and pairs[0][0] in kinds:
            browse = f"/browse/{pairs[0][0]}/{pairs[0][1]}/"
        targets.append(FinderTarget(link.text, urlencode(pairs), browse))
    return Guide(slug, meta, body, path, tuple(targets))


def _is_slug(text: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) is not None


def _finding(display: str, at: tuple[int, int], path: tuple, message: str, fix: str
             ) -> Finding:
    return Finding(display, at[0], at[1], Severity.ERROR, RULE, field_name(path), message, fix)


# ---------------------------------------------------------------------------- the library


@dataclass
class Library:
    """Every guide, in order, and the glossary, as the site shows them."""

    guides: tuple[Guide, ...]
    glossary: Glossary
    site_url: str = ""
    folder: Path | None = None
    _env: Any = field(default=None, repr=False)
    # Made once per build and read by every page (and each forked worker's copy): the
    # terms found in each piece of text, and each box drawn, by the terms in it.
    _found: dict[str, tuple] = field(default_factory=dict, repr=False)
    _boxes: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path, glossary: Glossary, site_url: str = "",
             browse_kinds: Iterable[str] = ()) -> Library:
        folder = root / GUIDES_DIR
        kinds = tuple(browse_kinds)
        guides = [read_guide(p, str(p.relative_to(root)), kinds)
                  for p in sorted(folder.glob("*.md"))] if folder.is_dir() else []
        guides.sort(key=lambda g: (g.meta.order, g.slug))
        slugs = {g.slug for g in guides}
        missing = [(i, t) for i, t in enumerate(glossary.terms) if t.guide not in slugs]
        if missing:
            raise GuideError([_finding(
                glossary.display, glossary.where(("terms", i, "guide")),
                ("terms", i, "guide"), f"'{t.id}' belongs to the guide '{t.guide}', which is "
                f"not in {GUIDES_DIR}/", f"use one of: {', '.join(sorted(slugs)) or '(none)'}")
                for i, t in missing])
        return cls(tuple(guides), glossary, site_url.rstrip("/"), folder)

    # ------------------------------------------------------------------ for templates

    @property
    def glossary_url(self) -> str:
        return f"{self.site_url}/glossary/"

    def marks(self) -> Marks:
        """A new ``Marks`` for one page (templates: ``{% set marks = library.marks() %}``)."""
        return Marks(self.glossary, self.glossary_url, self._render_box, self._found)

    def _render_box(self, terms: list[Term]) -> str:
        """The box for these terms; the same few sets recur on page after page."""
        key = tuple(t.id for t in terms)
        box = self._boxes.get(key)
        if box is None:
            box = self._env.get_template("_terms.html").render(terms=terms,
                                                               guides=self.by_slug)
            if len(self._boxes) < BOXES_MAX:
                self._boxes[key] = box
        return box

    @cached_property
    def by_slug(self) -> dict[str, Guide]:
        return {g.slug: g for g in self.guides}

    def guides_for(self, listing: Listing) -> list[Guide]:
        """The guides that apply to a listing, in order."""
        refs = listing_refs(listing)
        return [g for g in self.guides
                if "all" in g.meta.applies_to or refs.intersection(g.meta.applies_to)]

    def terms_of(self, guide: Guide) -> list[Term]:
        return sorted((t for t in self.glossary.terms if t.guide == guide.slug),
                      key=lambda t: t.term.lower())

    @cached_property
    def js_terms(self) -> str:
        """``data-terms`` for finder.js and compare.js (JSON)."""
        return json.dumps(js_terms(self.glossary, SEARCH_VOCABS), sort_keys=True,
                          separators=(",", ":"))

    def install(self, env: Any) -> None:
        """Give the templates this library (``library``) and the ``terms`` filter."""
        self._env = env
        env.globals["library"] = self
        env.filters["terms"] = card_terms(self.glossary, self.glossary_url)

    def fingerprint(self) -> bytes:
        """What provider pages take from the guides and the glossary (for the page cache)."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(self.glossary.terms).encode())
        for g in self.guides:
            digest.update(repr((g.slug, g.meta)).encode())
        return digest.digest()

    # ------------------------------------------------------------------ writing

    def write(self, page: Callable[..., SitePage]) -> list[SitePage]:
        """Write /guides/, each guide and /glossary/ with the site's ``page(url, template,
        lastmod, **context)``; returns their entries in the sitemap."""
        from .text import trusted_markdown

        written = []
        for i, guide in enumerate(self.guides):
            html = str(trusted_markdown(guide.body)).replace('href="/',
                                                              f'href="{self.site_url}/')
            written.append(page(guide.url, "guide.html", guide.meta.reviewed, guide=guide,
                                body=Markup(html), terms=self.terms_of(guide),
                                previous=self.guides[i - 1] if i else None,
                                next=self.guides[i + 1] if i + 1 < len(self.guides)
                                else None))
        written.append(page("/guides/", "guides_index.html", guides=self.guides))
        terms = sorted(self.glossary.terms, key=lambda t: t.term.lower())
        written.append(page("/glossary/", "glossary.html", terms=terms, guides=self.by_slug))
        return written
