"""Plain language: how easy a text is to read, and the advisory checks on a listing's words.

Readability is the Flesch reading ease of the text as a person reads it (Markdown rendered to
its words, each paragraph, list item and heading a sentence of its own), from ``textstat``
0.7.3, which counts syllables with ``pyphen``'s bundled dictionaries (later releases fetch a
dictionary at run time, which cannot work offline). textstat counts a text's syllables word by
word, through three calls into pyphen for each; ``reading_ease`` asks pyphen once per distinct
word (``syllables``, cached) and puts textstat's own counts and constants into Flesch's formula
as textstat does (a test compares the two on every sample and page).

60 or more is plain English (GOV.UK and the NHS aim for it); the site's own guides and pages
are held to it by the tests, and a listing's description below it gets the advisory finding
TXT-001.

TXT-002 is given when a description uses a glossary term that has ``plain_words`` (everyday
words that say what it means) and neither those words nor an explanation in brackets right
after the term appear anywhere in the description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rehab_directory.core.findings import Finding
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import Marks
from rehab_directory.support.markdown import (
    description_parser,
    description_tokens,
    inline_texts,
    page_parser,
)

from .glossary import Glossary, Term

READING_EASE_MIN = 60  # Flesch reading ease: plain English from here up
_END = re.compile(r"[.!?:;]['\")\u2019\u201d]*$")
_BRACKETS = re.compile(r"\s*\(([^()]{3,200})\)")


@lru_cache(maxsize=1)
def _stats():
    """textstat's own counter (importing textstat makes it and reads pyphen's en_US
    dictionary: ~0.15 s, once; another counter, or the en_GB dictionary, would read a
    dictionary again for the same syllables in all but a few words). Read-only here."""
    from textstat import textstat

    return textstat


def prepare(glossary: Glossary) -> None:
    """Load what the checks need, once, before the validator forks workers (each would
    load it again): textstat and its dictionary, the Markdown parser, the glossary's words."""
    _stats().flesch_reading_ease("Ready.")
    description_parser()
    page_parser()
    _ = glossary.pattern


def blocks(markdown: str) -> list[str]:
    """The text of each paragraph, list item, heading and table cell of ``markdown`` (our
    own pages and guides: full CommonMark), as a reader sees it."""
    return inline_texts(page_parser().parse(markdown))


def description_blocks(description: str) -> list[str]:
    """The same for a listing's description, read as the site renders it (its limited
    Markdown), from the tokens the page is rendered from."""
    return inline_texts(description_tokens(description))


def sentences_text(parts: list[str]) -> str:
    """Blocks of text joined as sentences: a block without an end mark gets a full stop, so
    that a list of short items does not count as one long sentence."""
    return " ".join(p if _END.search(p) else p + "." for p in parts if p.strip())


def reading_ease(text: str) -> float:
    """Flesch reading ease of plain text (higher is easier; 60 and up is plain English):
    textstat's ``flesch_reading_ease``, to the same rounding, with ``syllables`` cached."""
    stats = _stats()
    sentence_length = stats.avg_sentence_length(text)
    words = stats.remove_punctuation(text.lower()).split()  # as textstat's syllable_count
    count = stats.lexicon_count(text)
    per_word = stats._legacy_round(sum(map(syllables, words)) / count, 1) if count else 0.0
    cfg = _english()
    return stats._legacy_round(cfg["fre_base"]
                               - float(cfg["fre_sentence_length"] * sentence_length)
                               - float(cfg["fre_syll_per_word"] * per_word), 2)


@lru_cache(maxsize=1 << 16)  # a pure function of the word: listings share most of theirs
def syllables(word: str) -> int:
    """textstat's syllables of one word (lower case, no punctuation): pyphen's hyphenation
    points, plus one."""
    return len(_stats().pyphen.positions(word)) + 1


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    """textstat's constants of Flesch's formula for English (read-only)."""
    import importlib

    return importlib.import_module("textstat.textstat").langs["en"]


def markdown_reading_ease(markdown: str) -> float:
    return reading_ease(sentences_text(blocks(markdown)))


def word_count(text: str) -> int:
    return int(_stats().lexicon_count(text))


def hardest_sentence(text: str) -> str:
    """The sentence of ``text`` that reads hardest (to say where to start), among those of
    six words or more (a very short one scores wildly either way)."""
    found = [s.strip() for s in re.findall(r"[^.!?]+[.!?]*", text)]
    long_enough = [s for s in found if len(s.split()) >= 6] or found
    return min(long_enough, key=reading_ease, default="")


# ---------------------------------------------------------------------------- the checks


def check_listing(listing: Listing, glossary: Glossary, file: str, marks: Marks | None
                  ) -> list[Finding]:
    """TXT-001 and TXT-002 for a listing's description (advisory: warnings)."""
    at = marks.locate(("description",)) if marks is not None else (1, 1)
    parts = description_blocks(listing.description)
    text = sentences_text(parts)
    found = []
    score = reading_ease(text)
    if score < READING_EASE_MIN:
        rule = RULES["TXT-001"]
        sentence = hardest_sentence(text)
        if len(sentence) > 120:
            sentence = sentence[:117].rstrip() + "..."
        found.append(Finding(
            file, at[0], at[1], rule.severity, rule.id, "description",
            f"the description is hard to read (Flesch reading ease {score:.0f}; plain "
            f"English is {READING_EASE_MIN} or more)",
            f"{rule.fix}; start with this sentence: \"{sentence}\""))
    for term, written in unexplained_terms(parts, glossary):
        rule = RULES["TXT-002"]
        found.append(Finding(
            file, at[0], at[1], rule.severity, rule.id, "description",
            f"'{written}' is used without saying what it means, and people new to treatment "
            "may not know it",
            f"{rule.fix}, for example \"{written} ({_as_aside(term.meaning)})\" (the glossary "
            f"says more: /glossary/#{term.id})"))
    return found


def unexplained_terms(markdown: str | list[str], glossary: Glossary
                      ) -> Iterator[tuple[Term, str]]:
    """Glossary terms a text (Markdown, or its ``blocks``) uses without saying what they
    mean, once each, in order, with the words the text first wrote it in."""
    text = " ".join(blocks(markdown) if isinstance(markdown, str) else markdown)
    places = list(glossary.find(text))
    seen: set[str] = set()
    for first, first_end, term in places:
        if not term.plain_words or term.id in seen:
            continue
        seen.add(term.id)
        own = [(s, e) for s, e, t in places if t is term]
        # The text with this term blanked out: its own words do not explain it.
        rest = list(text.lower())
        for start, end in own:
            rest[start:end] = " " * (end - start)
        rest_text = "".join(rest)
        if any(_has_words(rest_text, w) for w in term.plain_words):
            continue
        if any(_explained_in_brackets(text, end) for _, end in own):
            continue
        yield term, text[first:first_end]


def _has_words(text: str, words: str) -> bool:
    pattern = r"\s+".join(map(re.escape, words.lower().split()))
    return re.search(rf"(?<![\w-]){pattern}(?![\w-])", text) is not None


def _explained_in_brackets(text: str, end: int) -> bool:
    """'DBT (a therapy that helps with strong feelings)': words in brackets right after."""
    match = _BRACKETS.match(text, end)
    return bool(match) and len(match.group(1).split()) >= 3


def _as_aside(meaning: str) -> str:
    """The first sentence of a glossary meaning, as words to put in brackets."""
    first = re.split(r"(?<=[.!?])\s", " ".join(meaning.split()), maxsplit=1)[0].rstrip(".")
    word = first.split(" ", 1)[0]
    return first if len(word) > 1 and word.isupper() else first[0].lower() + first[1:]
