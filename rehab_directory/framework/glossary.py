"""The glossary: every word a person new to treatment may not know, in plain English, as data.

``content/glossary.yaml`` is reviewed content like the listings. Each entry has

- ``id``: its anchor on the glossary page (``/glossary/#dbt``), lower case with hyphens;
- ``term``: the word or words as a heading, and ``meaning``: what it means, in plain English;
- ``guide``: the slug of the guide it belongs to (``content/guides/<guide>.md``);
- ``explains``: the listing values it explains, as ``kind.code`` (``method.dbt``; see
  ``KINDS``), so that pages mark the value wherever they show it;
- ``words``: how the term is written in running text (descriptions, standards, labels), matched
  whole and without regard to case; an entry with none is only marked as a value;
- ``plain_words``: everyday words that show a description already says what the term means
  (the advisory check TXT-002 in ``plain.py``); an entry with none is never flagged;
- ``before_you_go``: what someone needs before they can start a service with this value (said
  plainly wherever such a service is shown); ``source``: where a fact that can date comes from.

The file is checked when it is loaded: a broken glossary stops the validator and the build
with findings that say where (``StandardsDataError``, as a broken ``standards/`` file does).
A repository without a glossary has an empty one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from rehab_directory.core.findings import Finding, Severity, field_name
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import (
    VOCABULARIES,
    Vocab,
)
from rehab_directory.core.yamlio import Marks, YamlError, load

from .standards import StandardsDataError

GLOSSARY_FILE = Path("content") / "glossary.yaml"
RULE = "DATA-004"

# The kinds of listing value a glossary entry (or a guide) can name, as ``kind.code``, by
# the vocabularies' names (``vocab.VOCABULARIES``).
KINDS: dict[str, type[Vocab]] = {kind: VOCABULARIES[kind] for kind in (
    "service", "stage", "substance", "funding", "mental_health", "twelve_step", "method",
    "faith", "gender", "referral", "regulator", "rating")}
# Yes/no facts of a listing that a guide can apply to ("eligibility.pregnancy").
FLAGS: dict[str, tuple[str, ...]] = {
    "eligibility": ("pregnancy", "parents_with_children", "couples", "pets"),
    "approach": ("faith_based",),
}

_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def ref_of(value: Vocab) -> str:
    """A vocabulary value as a reference: ``Method.DBT`` -> ``'method.dbt'``."""
    for kind, vocab in KINDS.items():
        if type(value) is vocab:
            return f"{kind}.{value.value}"
    raise KeyError(f"{type(value).__name__} is not a kind the glossary knows")


def check_ref(ref: str, flags: bool = False) -> str:
    """``ref`` if it names a value a listing can have; else ValueError saying what can."""
    kind, dot, code = ref.partition(".")
    if kind in KINDS and dot:
        codes = KINDS[kind].codes()
        if code in codes:
            return ref
        raise ValueError(f"'{code}' is not a {kind} value; use one of: {', '.join(codes)}")
    if flags and kind in FLAGS and dot:
        if code in FLAGS[kind]:
            return ref
        raise ValueError(f"'{code}' is not one of: {', '.join(FLAGS[kind])}")
    kinds = [*KINDS, *(FLAGS if flags else ())]
    raise ValueError(f"'{ref}' is not written kind.code; kind is one of: {', '.join(kinds)}")


def listing_refs(listing: Listing) -> frozenset[str]:
    """Every value and yes/no fact of a listing, as references (``service.inpatient_detox``,
    ``eligibility.pregnancy``)."""
    values: list[Vocab] = [*listing.service_types, *listing.substances, *listing.funding,
                           listing.mental_health, listing.approach.twelve_step,
                           *listing.approach.methods, listing.eligibility.gender,
                           *listing.referral_routes]
    values += [stage for s in listing.services for stage in s.stages]
    if listing.approach.faith:
        values.append(listing.approach.faith)
    if listing.regulation:
        values += [listing.regulation.regulator, listing.regulation.rating]
    refs = {ref_of(v) for v in values}
    e = listing.eligibility
    refs |= {f"eligibility.{name}" for name in FLAGS["eligibility"] if getattr(e, name)}
    if listing.approach.faith_based:
        refs.add("approach.faith_based")
    return frozenset(refs)


# ---------------------------------------------------------------------------- the file


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1, max_length=80)]


def _ref(ref: str) -> str:
    try:
        return check_ref(ref)
    except ValueError as exc:  # worded as the listing's own value errors are (SCH-005)
        raise PydanticCustomError("listing_value", str(exc).replace("{", "(").replace("}", ")"),
                                  {"fix": "write it as kind.code, for example method.dbt"}
                                  ) from None


Ref = Annotated[str, AfterValidator(_ref)]


class Term(_Data):
    id: Annotated[str, Field(pattern=_ID, max_length=60)]
    term: Text
    meaning: Annotated[str, Field(min_length=20, max_length=600)]
    guide: Annotated[str, Field(pattern=_ID, max_length=60)]
    explains: list[Ref] = []
    words: list[Text] = []
    plain_words: list[Text] = []
    before_you_go: Annotated[str, Field(min_length=20, max_length=400)] | None = None
    source: Annotated[str, Field(min_length=5, max_length=300)] | None = None


class GlossaryFile(_Data):
    terms: Annotated[list[Term], Field(min_length=1)]


@dataclass(frozen=True)
class Glossary:
    """The glossary's entries, in file order, and the ways to find them."""

    terms: tuple[Term, ...] = ()
    display: str = str(GLOSSARY_FILE)
    marks: Marks | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, root: Path, display_root: Path | None = None) -> Glossary:
        """``root/content/glossary.yaml`` loaded and checked; empty if there is none."""
        path = root / GLOSSARY_FILE
        display = str(GLOSSARY_FILE if display_root is None else _shown(path, display_root))
        if not path.exists():
            return cls((), display)
        try:
            document = load(path.read_bytes(), display)
        except YamlError as exc:
            raise StandardsDataError(exc.findings) from None
        except OSError as exc:
            raise StandardsDataError([_finding(display, (1, 1), (), "cannot read the file "
                                               f"({exc.strerror})", "restore it from git")]
                                     ) from None
        from rehab_directory.core.schema_errors import translate

        try:
            data = GlossaryFile.model_validate(document.data)
        except ValidationError as exc:
            raise StandardsDataError(translate(exc, display, document.marks, GlossaryFile)
                                     ) from None
        problems = []
        for path_, message, fix in _clashes(data.terms):
            problems.append(_finding(display, document.marks.locate(path_), path_, message, fix))
        if problems:
            raise StandardsDataError(problems)
        return cls(tuple(data.terms), display, document.marks)

    def where(self, path: tuple) -> tuple[int, int]:
        """Line and column of a field of the file, e.g. ``("terms", 3, "guide")``."""
        return self.marks.locate(path) if self.marks is not None else (1, 1)

    @cached_property
    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def by_ref(self) -> dict[str, Term]:
        return {ref: t for t in self.terms for ref in t.explains}

    def for_value(self, value: Vocab) -> Term | None:
        """The entry that explains a listing value, if any."""
        try:
            return self.by_ref.get(ref_of(value))
        except KeyError:
            return None

    @cached_property
    def _by_word(self) -> dict[str, Term | None]:
        """Each word to find, lower case, with its entry. Labels of listing values of two
        words or more are words too: of the entry that explains the value, or of none, so
        that "No mental health support" is not read as "mental health support"."""
        words: dict[str, Term | None] = {_key(w): t for t in self.terms for w in t.words}
        if not words:
            return words
        for kind, vocab in KINDS.items():
            for member in vocab:
                key = _key(member.label)
                if " " in key and key not in words:
                    words[key] = self.by_ref.get(f"{kind}.{member.value}")
        return words

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Every entry's ``words`` in one regular expression over lower-case text, as a trie
        (a page's text is scanned in ~0.1 ms; an alternation of the words took 30 times as
        long). The boundary before a match is checked in ``find``."""
        if not self._by_word:
            return None
        return re.compile(_trie(sorted(self._by_word)) + r"(?![\w-])")

    def find(self, text: str) -> Iterator[tuple[int, int, Term]]:
        """Where each term is written in ``text`` (start, end, entry), in order; longer
        words win over the shorter ones they contain ("12-step informed" over "12-step")."""
        if self.pattern is None:
            return
        low = text.lower()
        if len(low) != len(text):  # a character whose lower case is longer: keep places
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        for match in self.pattern.finditer(low):
            start = match.start()
            if start and (low[start - 1].isalnum() or low[start - 1] in "_-"):
                continue
            term = self._by_word[_key(match.group())]
            if term is not None:
                yield start, match.end(), term


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words`` (lower case), built as a trie so that
    each place in the text costs one branch per character; a space matches any spaces."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch])
                    for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
        return body + "?" if ends else body

    return emit(root)


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _shown(path: Path, display_root: Path) -> Path:
    try:
        return path.relative_to(display_root)
    except ValueError:
        return path


def _finding(display: str, at: tuple[int, int], path: tuple, message: str, fix: str
             ) -> Finding:
    return Finding(display, at[0], at[1], Severity.ERROR, RULE, field_name(path), message, fix)


def _clashes(terms: Iterable[Term]) -> Iterable[tuple[tuple, str, str]]:
    """Entries that get in each other's way: (where, what is wrong, how to fix it)."""
    ids: dict[str, int] = {}
    words: dict[str, int] = {}
    refs: dict[str, int] = {}
    for i, t in enumerate(terms):
        if t.id in ids:
            yield (("terms", i, "id"), f"the id '{t.id}' is also entry {ids[t.id] + 1}'s",
                   "give each entry its own id")
        ids.setdefault(t.id, i)
        for j, word in enumerate(t.words):
            key = _key(word)
            if key in words and words[key] != i:
                yield (("terms", i, "words", j), f"'{word}' is also a word of entry "
                       f"{words[key] + 1}, so a page could not tell which one it means",
                       "keep the word in one entry only")
            words.setdefault(key, i)
        for j, ref in enumerate(t.explains):
            if ref in refs and refs[ref] != i:
                yield (("terms", i, "explains", j), f"'{ref}' is also explained by entry "
                       f"{refs[ref] + 1}", "explain each value in one entry only")
            refs.setdefault(ref, i)
