"""Glossary terms marked where a page shows them, with no JavaScript needed.

One mechanism for every page and card (``glossary.yaml`` is the only list of words):

- ``Marks.value(values)`` writes listing values' labels, each one the glossary explains as a
  link to its entry (``<a class="term" href="/glossary/#dbt">``);
- ``Marks.html(html)`` finds the glossary's words in the text of a piece of HTML (never in
  tags, and never inside a link, label, option, button, summary or heading, where a link
  cannot go) and links the first place each is written;
- ``{% call marks.explain() %}...{% endcall %}`` does ``html`` to a block (a section of a
  provider page, a group of the finder's filters) and ends it with a closed ``<details>``
  box, "What these words mean", giving the plain meaning of every term in the block, those
  inside headings and labels too. So each term is explained where it appears: in a link to
  its entry, and in the box of the block it is in.

A ``Marks`` lives for one page (``library.marks()`` in a template): it knows which terms
its current block holds. Result cards use the ``terms`` filter (``Marks.html`` with a
``Marks`` of their own) and the finder's and the comparison's JavaScript links the same
values from ``data-terms`` (``js_terms``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from markupsafe import Markup, escape

from rehab_directory.core.vocab import Vocab
from rehab_directory.framework.glossary import KINDS, Glossary, Term, ref_of

# Elements whose text may hold a term but no link (a link inside them would be invalid or
# would take the click that the element is for): the term is still explained in the box.
NO_LINK = frozenset({"a", "label", "option", "button", "summary", "legend", "select",
                     "textarea", "dfn", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "title"})
SKIP = frozenset({"script", "style"})  # not text a person reads
_TAG = re.compile(r"(<[^>]*>)")
# A tag that opens or closes an element of NO_LINK or SKIP.
_SPECIAL = re.compile(r"<(/?)(" + "|".join(sorted(NO_LINK | SKIP)) + r")(?=[\s>/])",
                      re.IGNORECASE)
_TERM_LINK = re.compile(r'<a class="term" href="[^"#]*#([a-z0-9-]+)"')
FOUND_MAX = 50_000  # pieces of text whose terms are kept for the next page (a few MB)


@dataclass(frozen=True, slots=True)
class _Special:
    """A tag that opens or closes an element of NO_LINK or SKIP."""

    skip: bool  # an element of SKIP (else of NO_LINK)
    step: int  # 1 if it opens the element, -1 if it closes it
    term_id: str | None  # the glossary entry of a term link (Marks.value made it already)


@lru_cache(maxsize=1 << 14)  # a pure function of the tag: pages repeat most of their tags
def _special(tag: str) -> _Special | None:
    match = _SPECIAL.match(tag)
    if match is None:
        return None
    closes = bool(match.group(1))
    linked = None if closes else _TERM_LINK.match(tag)
    return _Special(match.group(2).lower() in SKIP, -1 if closes else 1,
                    linked.group(1) if linked else None)


class Marks:
    """The glossary terms of one page, and of the block being written."""

    def __init__(self, glossary: Glossary, glossary_url: str,
                 box: Callable[[list[Term]], str] | None = None,
                 found: dict[str, tuple] | None = None):
        self.glossary = glossary
        self.found = found if found is not None else {}  # text -> its terms' places
        self.url = glossary_url
        self.href = str(escape(glossary_url)) + "#"
        self._box = box
        self.block: dict[str, Term] = {}  # terms in the current block, in order
        self.linked: set[str] = set()  # terms already linked in the current block
        self.page: dict[str, Term] = {}  # every term on the page

    # ------------------------------------------------------------------ marking

    def link(self, term: Term, text: str) -> Markup:
        """A link to ``term``'s entry around ``text`` (HTML: escaped already, or Markup)."""
        self._record(term)
        self.linked.add(term.id)
        return Markup(f'<a class="term" href="{self.href}{term.id}">{text}</a>')

    def value(self, values: Vocab | Iterable[Vocab], sep: str = ", ") -> Markup:
        """Listing values' labels, joined; each one the glossary explains is a link."""
        if isinstance(values, Vocab):
            values = [values]
        parts = []
        for v in values:
            term = self.glossary.for_value(v)
            parts.append(self.link(term, escape(v.label)) if term else escape(v.label))
        return Markup(escape(sep).join(parts))

    def html(self, html: str | Markup) -> Markup:
        """``html`` with the first place each term is written linked, every term recorded.

        The HTML is split into tags and text; each piece of text is looked up in
        ``found`` (shared by every page of a build: most text of a page, its labels, hints
        and standards, is the same on every page) or scanned for the glossary's words. How
        deep a piece stands in elements where no link can go is counted from the tags.

        A piece of a page has tens of tags and pieces of text, and few of them matter: the
        tags of elements in NO_LINK or SKIP, and the text with terms. Those are picked out
        by the C loops of ``map`` and ``compress``, and only they take a step of Python."""
        text = str(html)
        if self.glossary.pattern is None:
            return Markup(text)
        parts = _TAG.split(text)  # text, tag, text, ..., tag, text
        texts, tags = parts[0::2], parts[1::2]
        places = list(map(self.found.get, texts))
        for i in [i for i, known in enumerate(places) if known is None]:
            places[i] = self._places(texts[i])
        specials = list(map(_special, tags))
        steps = sorted([2 * i + 1 for i in compress(range(len(tags)), specials)]
                       + [2 * i for i in compress(range(len(texts)), places)])
        no_link = skip = 0
        for n in steps:  # a part's number: odd for a tag, even for text
            if n % 2:
                special = specials[n // 2]
                if special.skip:
                    skip = max(0, skip + special.step)
                    continue
                no_link = max(0, no_link + special.step)
                term = self.glossary.by_id.get(special.term_id) if special.term_id else None
                if term is not None:
                    self._record(term)
            elif not skip:
                parts[n] = self._mark(parts[n], places[n // 2], no_link)
        return Markup("".join(parts))

    def _mark(self, part: str, places: tuple, no_link: int) -> str:
        """A piece of text with the terms at ``places`` recorded, and linked where a link
        can go and the term is not linked already in this block."""
        out, at = [], 0
        for start, end, term in places:
            self._record(term)
            if no_link or term.id in self.linked:
                continue
            out.append(part[at:start])
            out.append(self.link(term, part[start:end]))  # already escaped HTML text
            at = end
        out.append(part[at:])
        return "".join(out)

    def _places(self, text: str) -> tuple:
        places = self.found.get(text)
        if places is None:
            places = tuple(self.glossary.find(text))
            if len(self.found) < FOUND_MAX:
                self.found[text] = places
        return places

    def _record(self, term: Term) -> None:
        self.block.setdefault(term.id, term)
        self.page.setdefault(term.id, term)

    # ------------------------------------------------------------------ explaining

    def explain(self, caller: Callable[[], str]) -> Markup:
        """A call block: its HTML with terms marked, then the box explaining them (and
        any terms marked since the last box, e.g. in the page's summary above)."""
        marked = self.html(caller())
        return Markup(marked + self.box())

    def box(self) -> Markup:
        """The "What these words mean" box for the terms recorded since the last box."""
        terms = list(self.block.values())
        self.block, self.linked = {}, set()
        if not terms or self._box is None:
            return Markup("")
        return Markup(self._box(terms))

    def before_you_go(self, values: Iterable[Vocab]) -> list[Term]:
        """The entries of ``values`` that say what you need before you can start."""
        terms = [self.glossary.for_value(v) for v in values]
        return [t for t in terms if t is not None and t.before_you_go]


def js_terms(glossary: Glossary, vocabs: Iterable[str]) -> dict[str, dict[str, str]]:
    """For the browser: {vocabulary: {code: glossary id}} of the values the glossary explains,
    for the vocabularies the search files carry (finder.js and compare.js link them)."""
    out: dict[str, dict[str, str]] = {}
    for name in vocabs:
        vocab = KINDS.get(name)
        if vocab is None:
            continue
        codes = {}
        for member in vocab:
            term = glossary.by_ref.get(ref_of(member))
            if term is not None:
                codes[member.value] = term.id
        if codes:
            out[name] = codes
    return out


def card_terms(glossary: Glossary, glossary_url: str) -> Callable[[Any], Markup]:
    """The ``terms`` filter for result cards: a piece of text with its terms linked."""

    def terms(text: Any) -> Markup:
        return Marks(glossary, glossary_url).html(escape(text))

    return terms
