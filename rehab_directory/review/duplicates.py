"""Duplicates across listings: the same service listed twice, or a copy of another's listing.

Each listing the pull request adds or changes is compared with every other listing in the
head revision (read as git blobs):

- the same regulator location ID as another listing is an error (DUP-001): a regulator's
  location is one service, and one service has one listing;
- the same provider ID, phone number, email address or postcode as another listing whose
  name is similar is a warning (WEIGH-012) that names the other listing.

Only identifiers the pull request itself added or changed are compared, so a listing is never
blamed for another's change. This is a check of the review, not of the validator, on purpose:
as a validator error it would withhold *both* listings from the public build, so a copycat
could get the genuine listing taken down by copying it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import phonenumbers

from .fielddiff import touches
from .gitread import PROVIDERS, Git, classify
from .report import Item, ListingReview
from .workspace import read_data

SIMILAR_NAMES = 0.8  # difflib ratio from which two names count as similar
_FILLER = frozenset({"the", "and", "of", "ltd", "limited", "cic", "uk"})

# (field in the listing, what to call it, the rule that fires)
_LOCATION = ("regulation.location_id", "regulator's location ID")
_SIMILAR_NAME_FIELDS = (("regulation.provider_id", "regulator's provider ID"),
                        ("phone", "phone number"), ("email", "email address"),
                        ("address.postcode", "postcode"))


def _get(data: dict, dotted: str) -> object:
    value: object = data
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)


def normalise(field: str, value: object) -> str | None:
    """The form in which two values of ``field`` are compared (None: nothing to compare)."""
    if not isinstance(value, str | int) or not str(value).strip():
        return None
    text = str(value).strip()
    if field == "phone":
        return _phone(text) or None
    if field == "address.postcode":
        return re.sub(r"\s+", "", text).upper()
    return text.casefold()


def name_words(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).casefold().replace("&", " and ")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in _FILLER)


def similar(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether any name in ``a`` is like any in ``b`` (the same words, one inside the other,
    or close in spelling)."""
    for x in filter(None, map(name_words, a)):
        for y in filter(None, map(name_words, b)):
            if x == y or set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()):
                return True
            if SequenceMatcher(None, x, y).ratio() >= SIMILAR_NAMES:
                return True
    return False


@dataclass(frozen=True)
class Identity:
    """What identifies one listing in the head revision."""

    slug: str
    path: str
    names: tuple[str, ...]  # the listing's name and its organisation's
    values: dict  # field -> normalised value

    @classmethod
    def of(cls, path: str, data: dict | None) -> Identity | None:
        if not isinstance(data, dict):
            return None
        names = tuple(n.strip() for n in (data.get("name"), _get(data, "organisation.name"))
                      if isinstance(n, str) and n.strip())
        fields = [_LOCATION[0], *(f for f, _ in _SIMILAR_NAME_FIELDS)]
        values = {f: v for f in fields if (v := normalise(f, _get(data, f))) is not None}
        return cls(classify(path)[1] or path, path, names, values)

    @property
    def label(self) -> str:
        return f"{self.names[0]} ({self.path})" if self.names else self.path


_ERE_SPECIAL = set(".[](){}*+?|^$\\")


def _ere(text: str) -> str:
    return "".join("\\" + c if c in _ERE_SPECIAL else c for c in text)


def text_patterns(identity: Identity) -> list[str]:
    """Patterns that match, in a listing file's text, any way of writing one of this
    listing's identifiers (a phone number with or without spaces or +44, a postcode with or
    without its space): what finds the candidates to compare."""
    out = []
    for field, value in identity.values.items():
        if field == "phone":
            digits = re.sub(r"\D", "", value)
            digits = digits[2:] if value.startswith("+44") else digits.lstrip("0")
            out.append("[ ()-]*".join(digits))
        elif field == "address.postcode" and len(value) > 3:
            out.append(f"{_ere(value[:-3])}[[:space:]]*{_ere(value[-3:])}")
        else:
            out.append(_ere(value))
    return [p for p in out if len(p) >= 4]


def candidates(git: Git, rev: str, listings: list[ListingReview]) -> list[Identity]:
    """The listings of ``rev`` whose text holds one of the touched listings' identifiers,
    read as git blobs: ``git grep`` finds them, so the cost does not grow with the
    directory; each is then compared field by field."""
    patterns = []
    for lr in listings:
        if lr.touched and lr.head.path is not None:
            me = Identity.of(lr.head.path, lr.head.data)
            patterns += text_patterns(me) if me else []
    paths = [p for p in git.grep(rev, patterns, PROVIDERS) if classify(p)[0] == "listing"]
    entries = {p: git.entry(rev, p) for p in paths}
    files = {p: e for p, e in entries.items() if e is not None and e.is_file}
    blobs = git.blobs(e.oid for e in files.values())
    found = (Identity.of(p, read_data(blobs.get(e.oid, b""), p)) for p, e in files.items())
    return [i for i in found if i is not None]


def duplicates(listings: list[ListingReview], others: list[Identity]
               ) -> tuple[list[Item], list[Item]]:
    """(errors, warnings) for the identifiers the pull request added or changed."""
    errors: list[Item] = []
    warnings: list[Item] = []
    seen: set[tuple] = set()
    for lr in listings:
        if not lr.touched or lr.head.path is None:
            continue
        me = Identity.of(lr.head.path, lr.head.data)
        if me is None:
            continue
        new = lr.base.path is None or lr.base.data is None
        changed = lr.changed_fields
        for other in others:
            if other.path == me.path:
                continue
            pair = tuple(sorted((me.path, other.path)))
            field, what = _LOCATION
            value = me.values.get(field)
            if value and value == other.values.get(field) and (new or touches(changed, [field])):
                if (pair, field) not in seen:
                    seen.add((pair, field))
                    errors.append(Item("DUP-001", f"the {what} {_get(lr.head.data, field)} is "
                                       f"also the one of {other.label}: one service has one "
                                       "listing. If this copies another provider's listing, "
                                       "do not merge it", lr.key, other=other.slug,
                                       summary=f"has the regulator's location ID of "
                                               f"{other.slug}"))
                continue
            if not similar(me.names, other.names):
                continue
            shared = [what for field, what in _SIMILAR_NAME_FIELDS
                      if me.values.get(field) and me.values.get(field) == other.values.get(field)
                      and (new or touches(changed, [field]))]
            if shared and (pair, "similar") not in seen:
                seen.add((pair, "similar"))
                warnings.append(Item("WEIGH-012", f"the same {', '.join(shared)} as "
                                     f"{other.label}, whose name is similar: check this is not "
                                     "the same service listed twice, or a copy", lr.key,
                                     other=other.slug))
    return errors, warnings
