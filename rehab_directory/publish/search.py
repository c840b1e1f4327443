"""The finder's search files, written at build time into ``<site>/search/``.

The browser downloads as little as it can before it shows the first result, so the data is
split in tiers, all keyed by the same short id (a listing's position in slug order, written
in base 36: ``0``, ``1``, ... ``a``, ... ``2s``):

``search/index.json``
    A lean lunr index (lunr.py, loaded in the browser by lunr.js 2.3.9 ``lunr.Index.load``)
    over three fields only: ``name``, ``place`` (town, locality, county, postcode district,
    region) and ``tags``
    (service and substance labels), of whole words with accents folded (no stemming: see
    ``_builder``). Refs are the base-36 ids.

``search/table.json``
    The facts the finder filters, sorts and draws result cards with, stored by column (one
    JSON array per fact, row *i* is the listing with id *i*), because columns of similar
    values compress far better than rows. Sets of vocabulary codes are bit masks over the
    vocabulary lists given in ``vocab`` (bit *n* = ``vocab[name][n]``), or, where cards show
    them in the listing's order (services, funding), strings of base-36 indexes; a single
    code is an index into its vocabulary; ``null`` means "not stated". See ``COLUMNS``.

``search/details/<n>.json``
    Second tier, fetched only for the listings on screen (and for /compare/): summary,
    contact and rating, in shards of ``SHARD_SIZE`` listings (shard *n* holds ids
    ``n*SHARD_SIZE`` onwards). Descriptions are never in the search files: they are on the
    provider page.

Every file is minified JSON with sorted keys, written the same way on every build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter
from lunr.token_set import TokenSet
from lunr.trimmer import trimmer

from rehab_directory.core.fields import language_name, tel_uri
from rehab_directory.core.geography import district_of, gazetteer_files
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import (
    VOCABULARIES,
    Audience,
    Faith,
    Funding,
    Gender,
    MentalHealthSupport,
    Method,
    Rating,
    ReferralRoute,
    Region,
    ServiceType,
    Substance,
    TwelveStep,
    Vocab,
)
from rehab_directory.validator.checked import Checked

from .jsontext import json_text
from .wording import admissions_paused, reopening_passed

FORMAT_VERSION = 3  # 2: the "paused" and "reopens" columns; 3: "reopen_passed"
SHARD_SIZE = 200
SEARCH_DIR = "search"

# Vocabularies shipped in table.json as [code, label] pairs, in enum order, by their names
# (``vocab.VOCABULARIES``).
VOCABS: dict[str, type[Vocab]] = {name: VOCABULARIES[name] for name in (
    "faith", "funding", "gender", "mental_health", "method", "rating", "referral", "region",
    "service", "substance", "twelve_step", "audience")}

# Bits of the ``flags`` column. "young_people": a service with an upper age limit of
# YOUNG_PEOPLE_MAX_AGE or less (the listing format has no separate field for it).
FLAGS = ("pregnancy", "parents_with_children", "couples", "pets", "wheelchair", "step_free",
         "young_people")
YOUNG_PEOPLE_MAX_AGE = 25

# What puts a listing in each group: its gender, or one of FLAGS.
AUDIENCE_TESTS: dict[Audience, str] = {
    Audience.WOMEN_ONLY: "gender:women_only",
    Audience.MEN_ONLY: "gender:men_only",
    Audience.PARENTS: "flag:parents_with_children",
    Audience.COUPLES: "flag:couples",
    Audience.YOUNG_PEOPLE: "flag:young_people",
    Audience.PREGNANCY: "flag:pregnancy",
}

# The finder's filters as its web address names them: the values each takes, and whether
# it takes several. The synonyms file (synonyms.py) is checked against this.
FINDER_FILTERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "service": (tuple(ServiceType.codes()), True),
    "substance": (tuple(Substance.codes()), True),
    "need": (FLAGS, True),
    "funding": (tuple(Funding.codes()), True),
    "referral": (tuple(ReferralRoute.codes()), True),
    "gender": (("women", "men", "women_only", "men_only", "mixed"), False),
    "mh": (("supported", "specialist"), False),
    "twelve": (("yes", "based", "no"), False),
    "faith": (("faith", "secular", *Faith.codes()), False),
}

# The columns of table.json, each with what it holds (documented for the JS and for tests).
COLUMNS: dict[str, str] = {
    "slug": "provider page is /providers/<slug>/",
    "name": "provider name",
    "town": "address town",
    "region": "index into vocab.region",
    "services": "indexes into vocab.service in listing order, one base-36 digit each",
    "substances": "bit mask over vocab.substance",
    "gender": "index into vocab.gender",
    "min_age": "youngest age accepted",
    "max_age": "oldest age accepted, or null for no upper limit",
    "flags": "bit mask over FLAGS (table.json 'flags')",
    "mental_health": "index into vocab.mental_health",
    "twelve_step": "index into vocab.twelve_step",
    "faith": "index into vocab.faith, or null when not faith-based",
    "methods": "bit mask over vocab.method",
    "languages": "ISO 639 codes separated by spaces",
    "funding": "indexes into vocab.funding in listing order, one base-36 digit each",
    "referral": "bit mask over vocab.referral",
    "cost_min": "lowest weekly cost in pounds, or null",
    "cost_max": "highest weekly cost in pounds, or null",
    "wait_days": "shortest stated wait in days, or null",
    "wait_stated": "date that wait was stated (YYYY-MM-DD), or null",
    "waits": "each service's wait in days (listing order, as 'services'), null if not stated",
    "wait_dates": "the date each service's wait was stated (YYYY-MM-DD), or null",
    "costs": "each service's weekly cost as [min, max] in pounds (max null for one price), "
             "or null",
    "audiences": "bit mask over vocab.audience (Audience)",
    "stale": "per service (as 'waits'), 1 when its wait may be out of date, else 0 "
             "(build_table judges it on the day of the build)",
    "paused": "1 when the provider last said admissions are paused (not taking anyone new), "
              "else 0",
    "reopens": "while paused, the day admissions are expected to reopen (YYYY-MM-DD), or null",
    "reopen_passed": "1 when 'reopens' is before the day of the build (the pause is only what "
                     "was last stated), else 0 (build_table judges it, as 'stale')",
    "lat": "latitude, 3 decimal places",
    "lon": "longitude, 3 decimal places",
    "met": "standards met",
    "standards": "standards assessed",
}

# Second-tier fields, per listing, in details/<n>.json "rows".
DETAIL_FIELDS = ("summary", "phone", "tel", "website", "email", "rating", "rating_date")


def audiences_of(row: dict[str, Any]) -> list[Audience]:
    """The groups a listing's search row puts it in."""
    return [a for bit, a in enumerate(Audience) if row["audiences"] & (1 << bit)]


def short_id(number: int) -> str:
    """A listing's id: its position in slug order, in base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def _mask(values: Sequence[Vocab], vocab: type[Vocab]) -> int:
    members = list(vocab)
    mask = 0
    for value in values:
        mask |= 1 << members.index(value)
    return mask


def _ordered(values: Sequence[Vocab], vocab: type[Vocab]) -> str:
    """Codes as a string of base-36 vocabulary indexes, in the listing's own order (cards
    list services and funding in the order the provider gave them)."""
    members = list(vocab)
    return "".join(short_id(members.index(value)) for value in values)


def _index(value: Vocab | None, vocab: type[Vocab]) -> int | None:
    return None if value is None else list(vocab).index(value)


def fold(text: str) -> str:
    """Text without accents, so "Ty Afon" finds "Tŷ Afon" (finder.js folds queries the same)."""
    if text.isascii():  # most names and places: nothing to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _place_text(listing: Listing) -> str:
    a = listing.address
    district = district_of(a.postcode)  # "LS8 2JH" -> "LS8": near enough, not an address
    return " ".join(p for p in (a.town, a.locality, a.county, district, listing.region.label)
                    if p)


def _tags_text(listing: Listing) -> str:
    labels = [s.label for s in listing.service_types] + [s.label for s in listing.substances]
    return " ".join(labels)


def _audiences(gender: Gender, flags: dict[str, bool]) -> int:
    mask = 0
    for bit, audience in enumerate(Audience):
        kind, _, value = AUDIENCE_TESTS[audience].partition(":")
        if (gender.value == value) if kind == "gender" else flags[value]:
            mask |= 1 << bit
    return mask


def _row(listing: Listing, checked: Checked) -> dict[str, Any]:
    e, acc = listing.eligibility, listing.accessibility
    young = e.max_age is not None and e.max_age <= YOUNG_PEOPLE_MAX_AGE
    named = dict(zip(FLAGS, (e.pregnancy, e.parents_with_children, e.couples, e.pets,
                             acc.wheelchair_access, acc.step_free_rooms, young), strict=True))
    flags = tuple(named.values())
    wait = listing.shortest_wait
    results = checked.evaluation.results if checked.evaluation else []
    return {
        "slug": listing.slug,
        "name": listing.name,
        "town": listing.address.town,
        "region": _index(listing.region, Region),
        "services": _ordered(listing.service_types, ServiceType),
        "substances": _mask(listing.substances, Substance),
        "gender": _index(e.gender, Gender),
        "min_age": e.min_age,
        "max_age": e.max_age,
        "flags": sum(1 << i for i, on in enumerate(flags) if on),
        "mental_health": _index(listing.mental_health, MentalHealthSupport),
        "twelve_step": _index(listing.approach.twelve_step, TwelveStep),
        "faith": _index(listing.approach.faith, Faith),
        "methods": _mask(listing.approach.methods, Method),
        "languages": " ".join(listing.languages),
        "funding": _ordered(listing.funding, Funding),
        "referral": _mask(listing.referral_routes, ReferralRoute),
        "cost_min": listing.lowest_weekly_cost,
        "cost_max": listing.highest_weekly_cost,
        "wait_days": wait.days if wait else None,
        "wait_stated": wait.stated.isoformat() if wait else None,
        "waits": [s.wait.days if s.wait else None for s in listing.services],
        "wait_dates": [s.wait.stated.isoformat() if s.wait else None for s in listing.services],
        "costs": [[s.weekly_cost.min, s.weekly_cost.max] if s.weekly_cost else None
                  for s in listing.services],
        "audiences": _audiences(e.gender, named),
        "paused": int(admissions_paused(listing.admissions)),
        "reopens": (listing.admissions.reopens.isoformat()
                    if admissions_paused(listing.admissions) and listing.admissions.reopens
                    else None),
        "lat": round(listing.location.latitude, 3),
        "lon": round(listing.location.longitude, 3),
        "met": sum(1 for r in results if r.met),
        "standards": len(results),
    }


def _details(listing: Listing) -> list[Any]:
    reg = listing.regulation
    return [
        listing.summary,
        listing.phone,
        tel_uri(listing.phone),  # the link to dial it, extension and all
        listing.website,
        listing.email,
        _index(reg.rating, Rating) if reg else None,
        reg.rating_date.isoformat() if reg and reg.rating_date else None,
    ]


def _builder() -> Builder:
    """lunr's default builder without the stemmer.

    lunr.py and lunr.js implement Porter's stemmer differently (lunr.py stems "day" to
    "dai", lunr.js leaves it), so an index stemmed in Python does not match queries stemmed
    in the browser. Whole words avoid that; finder.js's prefix and one-typo matching cover
    plurals and other endings ("detoxes" finds "detox", "service" finds "services").
    The serialised search pipeline is then empty, and lunr.js runs none either.
    """
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter)
    return builder


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One listing's share of the search files (``search_entry``): plain data, cheap to
    pickle between the build's processes."""

    document: dict[str, str]  # its lunr index document, without its id (its position)
    row: dict[str, Any]  # its row of table.json (COLUMNS)
    details: list[Any]  # its row of the detail shards (DETAIL_FIELDS)


def search_entry(checked: Checked) -> SearchEntry:
    """One listing's share of the search files. The build makes these where it reads each
    listing; ``join_search`` joins them."""
    listing = checked.listing
    document = {"name": fold(listing.name), "place": fold(_place_text(listing)),
                "tags": _tags_text(listing)}
    return SearchEntry(document, _row(listing, checked), _details(listing))


FIELDS = ({"field_name": "name", "boost": 10}, {"field_name": "place", "boost": 5},
          {"field_name": "tags"})


class SearchIndex:
    """The lean lunr index, built from documents given one at a time, in id order.

    The site build gives each listing's document as soon as its worker hands the listing
    back, while the workers go on with the rest (lunr's per-document work, ~0.1 ms a
    listing, then costs nothing at the end of the build); ``finish`` does lunr's last step.

    With ``cache`` (a folder), the index is kept there by the hash of the documents it was
    built from (and of this code), so a rebuild whose listings changed only in fields that
    are not indexed (waits, costs, summaries, contact details) does not rebuild it. When an
    index is cached, documents are only gathered until ``finish`` knows whether it still
    fits (a rebuild's parent has other work than indexing what is probably cached).
    """

    def __init__(self, cache: Path | None = None):
        self.path = cache / "search-index.json" if cache is not None else None
        self.documents: list[dict[str, str]] = []
        self.builder: Builder | None = None
        if self.path is None or not self.path.is_file():
            self.builder = self._new_builder()

    @staticmethod
    def _new_builder() -> Builder:
        builder = _builder()
        builder.ref("id")
        for field in FIELDS:
            builder.field(**field)
        return builder

    def add(self, document: dict[str, str]) -> None:
        document = {"id": short_id(len(self.documents)), **document}
        self.documents.append(document)
        if self.builder is not None:
            self.builder.add(document)

    def finish(self) -> str:
        """The index as the text of search/index.json (lunr.js's serialised form).

        The cache file is the documents' hash on one line, then that text."""
        digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=20)
        digest.update(_LUNR_VERSION.encode())
        digest.update(json.dumps(self.documents, sort_keys=True).encode())
        key = digest.hexdigest()
        if self.path is not None:
            try:
                cached_key, _, text = self.path.read_text(encoding="utf-8").partition("\n")
                if cached_key == key and isinstance(json.loads(text), dict):  # whole, not cut
                    return text
            except (OSError, ValueError):
                pass  # no index cached, or an unreadable one: build it
        builder = self.builder
        if builder is None:
            builder = self._new_builder()
            for document in self.documents:
                builder.add(document)
        text = json_text(_built(builder, len(self.documents)).serialize())
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"search-index.{os.getpid()}.tmp")
            tmp.write_text(f"{key}\n{text}", encoding="utf-8")
            tmp.replace(self.path)
        return text


def _built(builder: Builder, count: int) -> Index:
    """The builder's index of ``count`` documents; with none (every listing withheld), an
    empty index of the same fields, which lunr.py cannot build (it averages field lengths
    over no documents)."""
    if count:
        return builder.build()
    return Index(inverted_index={}, field_vectors={}, token_set=TokenSet.from_list([]),
                 fields=[f["field_name"] for f in FIELDS], pipeline=builder.search_pipeline)


def _lunr_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lunr")
    except PackageNotFoundError:
        return "?"


_LUNR_VERSION = _lunr_version()


def wait_is_stale(stated: date, today: date, stale_after_days: int | None) -> bool:
    """A wait stated more than ``stale_after_days`` ago may be out of date (the framework's
    ``publication.wait_window_days``; None: no window, so no wait is)."""
    return stale_after_days is not None and (today - stated).days > stale_after_days


def build_table(rows: Sequence[dict[str, Any]], synonyms: Sequence[Any] = (),
                stale_after_days: int | None = None, today: date | None = None) -> dict:
    """table.json. ``synonyms``: ``synonyms.Synonym`` entries; with ``stale_after_days``
    and ``today``, the ``stale`` column marks each service's wait that may be out of date
    (1) or not (0); with ``today``, ``reopen_passed`` marks a reopening day gone by."""
    def stale(row: dict[str, Any]) -> list[int]:
        if today is None or stale_after_days is None:
            return [0 for _ in row["wait_dates"]]
        return [int(d is not None and wait_is_stale(date.fromisoformat(d), today,
                                                    stale_after_days))
                for d in row["wait_dates"]]

    def reopen_passed(row: dict[str, Any]) -> int:
        reopens = row["reopens"]
        return int(reopening_passed(date.fromisoformat(reopens) if reopens else None, today))

    judged = {"stale": stale, "reopen_passed": reopen_passed}
    columns = {name: [judged[name](row) if name in judged else row[name] for row in rows]
               for name in COLUMNS}
    return {
        "version": FORMAT_VERSION,
        "count": len(rows),
        "shard_size": SHARD_SIZE,
        "stale_after_days": stale_after_days,
        "synonyms": [s.as_json() for s in synonyms],
        "flags": list(FLAGS),
        "detail_fields": list(DETAIL_FIELDS),
        "vocab": {name: [[m.value, m.label] for m in vocab] for name, vocab in VOCABS.items()},
        "columns": columns,
    }


def join_search(entries: Sequence[SearchEntry], cache: Path | None = None,
                index: SearchIndex | None = None, synonyms: Sequence[Any] = (),
                stale_after_days: int | None = None,
                today: date | None = None) -> dict[str, str]:
    """Every search file, as {path relative to the site root: text}, from every published
    listing's ``search_entry`` in slug order: the one way the search files are made (the
    build, its tests and the bench). ``index``: a ``SearchIndex`` already given the entries'
    documents (else one is made here, with ``cache``); ``synonyms``, ``stale_after_days``
    and ``today``: see ``build_table``. The gazetteer (``geography.gazetteer_files``) is
    written beside them."""
    if index is None:
        index = SearchIndex(cache)
        for entry in entries:
            index.add(entry.document)
    if cache is None and index.path is not None:
        cache = index.path.parent
    files = {
        f"{SEARCH_DIR}/index.json": index.finish(),
        f"{SEARCH_DIR}/table.json": json_text(build_table([e.row for e in entries], synonyms,
                                                          stale_after_days, today)),
    }
    for name, content in gazetteer_files(cache=cache).items():
        files[f"{SEARCH_DIR}/{name}"] = json_text(content)
    for n, start in enumerate(range(0, len(entries), SHARD_SIZE)):
        rows = [e.details for e in entries[start:start + SHARD_SIZE]]
        files[f"{SEARCH_DIR}/details/{n}.json"] = json_text({"first": start, "rows": rows})
    return files


# ---------------------------------------------------------------------------- the finder form


def _referral_routes(item: Any) -> list[ReferralRoute]:
    """A listing's referral routes, from its search row (``Facts`` carry the row)."""
    mask = item.search.row["referral"]
    return [route for bit, route in enumerate(ReferralRoute) if mask & (1 << bit)]


def _present(vocab: type[Vocab], used: set) -> list[dict[str, str]]:
    return [{"code": m.value, "label": m.label} for m in vocab if m in used]


def finder_context(listings: Sequence[Any], out: Path, site_url: str = "") -> dict[str, Any]:
    """What ``_finder.html`` needs: the choices that exist in the listings, and lunr.js.

    ``listings``: anything with a listing's ``service_types``, ``substances``, ``funding``,
    ``region`` and ``languages`` (the build passes its per-listing ``Facts``).

    Only values some listing has are offered (a region with no services would only ever
    give "no results"). ``out`` is the site being written: lunr.js's SRI hash is taken from
    the copy in ``out/theme/js/``, which finder.js loads when the search is first used.
    """
    lunr_js = out / "theme" / "js" / "lunr.min.js"
    digest = hashlib.sha384(lunr_js.read_bytes()).digest() if lunr_js.is_file() else None
    languages = {code for item in listings for code in item.languages}
    referral = {r for item in listings for r in _referral_routes(item)}
    return {
        "services": _present(ServiceType, {t for item in listings for t in item.service_types}),
        "substances": _present(Substance, {s for item in listings for s in item.substances}),
        "funding": _present(Funding, {f for item in listings for f in item.funding}),
        "referral": _present(ReferralRoute, referral),
        "regions": _present(Region, {item.region for item in listings}),
        "languages": sorted(({"code": c, "label": language_name(c)} for c in languages),
                            key=lambda lang: (lang["code"] != "en", lang["label"])),
        "lunr_src": f"{site_url}/theme/js/lunr.min.js",
        "lunr_integrity": ("sha384-" + base64.b64encode(digest).decode()) if digest else "",
        "search_base": f"{site_url}/{SEARCH_DIR}/",
    }
