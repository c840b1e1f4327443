"""The finder's synonyms: words people type, mapped to the finder's filters.

``content/search-synonyms.yaml`` is reviewed data (see its header). ``load_synonyms`` reads
it with the strict listing loader (``yamlio``), checks every entry against the filters the
finder has (``search.FINDER_FILTERS``), and returns the entries as they go into
``search/table.json``, each word as ``geography.name_key`` writes it, which is how
finder.js matches what people type. A mistake fails the build with its file, line and
column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehab_directory.core.geography import name_key
from rehab_directory.core.yamlio import YamlError, load

from .search import FINDER_FILTERS

SYNONYMS_FILE = Path("content") / "search-synonyms.yaml"
PLACES = ("me",)  # what ``place:`` may say
MEANS_MAX = 100


class SynonymsError(ValueError):
    """The synonyms file cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class Synonym:
    words: tuple[str, ...]  # keys (name_key), longest phrase first
    filters: dict[str, tuple[str, ...]]
    place: str | None
    means: str

    def as_json(self) -> dict[str, Any]:
        return {"words": list(self.words), "filters": {k: list(v) for k, v in
                                                       self.filters.items()},
                "place": self.place, "means": self.means}


def load_synonyms(root: Path, file: Path = SYNONYMS_FILE) -> list[Synonym]:
    """The entries of ``root / file``; none when a site has no such file (the finder then
    searches names, places and labels only)."""
    path = root / file
    shown = file.as_posix()
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SynonymsError(f"{shown}: cannot be read ({err.strerror}): the finder's "
                            "synonyms must be in this file") from err
    try:
        document = load(raw, shown)
    except YamlError as err:
        raise SynonymsError(err.findings[0].text()) from err
    marks = document.marks

    def fail(where: tuple, message: str, key: bool = False) -> SynonymsError:
        path = ("synonyms", *where) if where else ()
        line, col = marks.key(path) if key else marks.locate(path)
        return SynonymsError(f"{shown}:{line}:{col}: {message}")

    if not isinstance(document.data, dict) or set(document.data) != {"synonyms"}:
        raise fail((), "the file must have one field, 'synonyms:', a list of entries")
    data = document.data["synonyms"]
    if not isinstance(data, list):
        raise fail(("synonyms",), "'synonyms:' must be a list of entries, each starting "
                   "'- words:'")
    seen: dict[str, int] = {}
    out = []
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise fail((n,), "each entry needs words, filters (or place) and means")
        unknown = set(entry) - {"words", "filters", "place", "means"}
        if unknown:
            raise fail((n, sorted(unknown)[0]), f"'{sorted(unknown)[0]}' is not a field of "
                       "an entry: use words, filters, place and means", key=True)
        words = entry.get("words")
        if not isinstance(words, list) or not words:
            raise fail((n, "words"), "give the words as a list, e.g. words: [women, woman]")
        keys = []
        for i, word in enumerate(words):
            key = name_key(word) if isinstance(word, str) else ""
            if not key:
                raise fail((n, "words", i), f"{word!r} is not a word people could type")
            if key in seen:
                raise fail((n, "words", i), f"'{word}' is already in the entry at item "
                           f"{seen[key] + 1}: a word may mean one thing only")
            seen[key] = n
            keys.append(key)
        filters = _filters(entry.get("filters"), (n, "filters"), fail)
        place = entry.get("place")
        if place is not None and place not in PLACES:
            raise fail((n, "place"), f"place must be {' or '.join(PLACES)}, not {place!r}")
        if not filters and place is None:
            raise fail((n,), "say what the words do: give filters, or place: me")
        means = entry.get("means")
        if not isinstance(means, str) or not means.strip() or len(means) > MEANS_MAX:
            raise fail((n, "means"), "give 'means': a few words that follow 'Showing "
                       f"services ', at most {MEANS_MAX} characters")
        keys.sort(key=lambda k: (-len(k.split()), k))
        out.append(Synonym(tuple(keys), filters, place, means.strip()))
    return out


def _filters(value: Any, where: tuple, fail) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise fail(where, "filters must be a mapping such as {gender: women}")
    out = {}
    for name, chosen in value.items():
        if name not in FINDER_FILTERS:
            raise fail((*where, name), f"'{name}' is not one of the finder's filters: use "
                       + ", ".join(sorted(FINDER_FILTERS)), key=True)
        allowed, multiple = FINDER_FILTERS[name]
        values = chosen if isinstance(chosen, list) else [chosen]
        if len(values) > 1 and not multiple:
            raise fail((*where, name), f"the {name} filter takes one value")
        for i, item in enumerate(values):
            if not isinstance(item, str) or item not in allowed:
                at = (*where, name, i) if isinstance(chosen, list) else (*where, name)
                raise fail(at, f"{item!r} is not a value of the {name} filter: use one of "
                           + ", ".join(allowed))
        out[name] = tuple(values)
    return out
