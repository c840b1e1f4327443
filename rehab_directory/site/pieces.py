"""The build's one pass over the listings: each is checked, rendered and summed up where it
is read.

Almost all of a build's cost is per listing, so a listing's whole share of the work happens
in one place, in a forked worker when there are many (``forking.PARALLEL_FROM``):

1. read the file and check it (the ``Validator``'s four layers, the same code as
   ``scripts/validate.py``);
2. if it is publishable, write its provider page and photos and render its result card
   (with the ``render`` function the pass is given: ``provider.ProviderPages.render``; the
   pass knows nothing else of the site), and make its rows of open data
   (``open_data.export_fragments``) and of the search files (``search.search_entry``).

What goes back to the parent is a small ``Piece``: the findings, and for a publishable
listing the few ``Facts`` that site-wide pages need (browse lists, standards pages, the feed,
the finder's choices). The open-data rows, the bulk of the text, are written by each worker
to a part file that the parent appends to the open-data files as each slice comes back
(``open_data.ExportWriter``). So the parent never holds parsed listings,
and nothing large is pickled between processes.

Pieces are cached in ``.build-cache/pieces.sqlite`` (``PieceCache``), one row per listing,
keyed by the listing's bytes, its path as shown in findings, the state of its picture folder,
and a salt covering everything else a piece depends on (code, templates, standards/, the
check date, site settings). A rebuild after one change checks and renders one listing; the
others cost a row read and their page written out.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rehab_directory.core.findings import Finding, Severity, failing
from rehab_directory.core.vocab import Funding, Region, ServiceType, Substance
from rehab_directory.framework.publication import assess
from rehab_directory.publish.open_data import OpenData, export_fragments, join_fragments
from rehab_directory.publish.search import SearchEntry, search_entry
from rehab_directory.support.forking import forked_map

from ..validator.checked import Checked, display_path
from ..validator.engine import SlugClaim, Validator, mark_duplicate_slugs, read_limited
from .cards import services_text
from .withheld import Withheld, withheld_of

PIECE_VERSION = b"pieces-v4"  # bump when a cached piece's shape changes
PAGE_SIZE = 16384  # bytes, of the piece cache's SQLite file
SLICE_MAX = 600  # listings a worker holds at once (their export rows and cache rows)
SLICE_MIN = 40  # the smallest slice: each costs a part file and a cache transaction


@dataclass
class Facts:
    """What the site-wide pages need of one publishable listing."""

    slug: str
    name: str
    town: str
    summary: str
    services_text: str
    last_verified: date | None
    region: Region
    latitude: float
    longitude: float
    service_types: tuple[ServiceType, ...]
    substances: tuple[Substance, ...]
    funding: tuple[Funding, ...]
    languages: tuple[str, ...]
    met: frozenset[str]  # ids of the standards it meets
    evaluated: tuple[str, ...]  # ids of the standards it was checked against
    card: str  # its result card (HTML), for the browse pages
    search: SearchEntry  # search.search_entry


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the pass's ``render`` function made of one publishable listing, having written
    its provider page and pictures into the site."""

    page: bytes  # its provider page, as written
    pictures: tuple  # what its pictures were made from, so that they can be written again
    card: str  # its result card (HTML), for the browse pages


# The site's two functions the pass is given: write a checked listing's page and pictures;
# write them again from the cache (the listing's slug, what ``render`` made of it).
RenderListing = Callable[[Checked], Rendered]
RestoreListing = Callable[[str, Rendered], None]


@dataclass
class Piece:
    """One listing file after the pass."""

    path: Path
    display: str
    findings: list[Finding] = field(default_factory=list)
    slug: str | None = None  # when the listing was read
    slug_at: tuple[int, int] = (1, 1)  # where its slug is written, for FILE-002
    facts: Facts | None = None  # when it was publishable (and so rendered)
    withheld: Withheld | None = None  # when it was not, and why
    key: str | None = None  # its cache entry

    @property
    def publishable(self) -> bool:
        return self.facts is not None and not failing(self.findings)


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One listing's row in the piece cache: all the pass needs to skip checking it."""

    piece: Piece
    rendered: Rendered
    fragments: OpenData  # its open-data rows (``export_fragments``)


def facts_of(checked: Checked, card: str) -> Facts:
    listing = checked.listing
    results = checked.evaluation.results if checked.evaluation else []
    return Facts(
        slug=listing.slug,
        name=listing.name,
        town=listing.address.town,
        summary=listing.summary,
        services_text=services_text(listing),
        last_verified=listing.last_verified,
        region=listing.region,
        latitude=listing.location.latitude,
        longitude=listing.location.longitude,
        service_types=tuple(listing.service_types),
        substances=tuple(listing.substances),
        funding=tuple(listing.funding),
        languages=tuple(listing.languages),
        met=frozenset(r.standard.id for r in results if r.met),
        evaluated=tuple(r.standard.id for r in results),
        card=card,
        search=search_entry(checked),
    )


class ListingPass:
    """The pass over the listings (see the module's text), for a site in ``out``.

    ``render`` writes a publishable listing's page and pictures and says what it made
    (``Rendered``); ``restore`` writes them again for a listing found in the cache;
    ``site_url`` is the site's public address, for the open data. ``cache`` is the piece
    cache's file (None: no cache), ``salt`` what every piece depends on besides its own
    listing and pictures, ``workers`` how many processes check and render (1: this one)."""

    def __init__(self, validator: Validator, out: Path, *, render: RenderListing,
                 restore: RestoreListing, site_url: str, cache: Path | None = None,
                 salt: bytes = b"", workers: int = 1):
        self.validator, self.out = validator, out
        self.render, self.restore, self.site_url = render, restore, site_url
        self.cache = PieceCache(cache) if cache is not None else None
        self.salt, self.workers = salt, workers
        self.parts: Path | None = None

    def run(self, paths: list[Path],
            each: Callable[[list[Piece], tuple[str, str, str]], None]) -> list[Piece]:
        """Every listing's piece, in slug order, with FILE-002 added. ``each`` is given, a
        slice at a time and in order, the slice's pieces and its export part
        (``open_data.join_fragments`` of its listings) as they come back, while the workers
        make the rest."""
        # Slug order (a publishable listing's slug is its file name), so that the parts, one
        # per slice of consecutive listings, join into files in slug order.
        paths = sorted(paths, key=lambda p: (p.stem, str(p)))
        # Beside the output (its file system, not a RAM-backed /tmp: ~17 KB a listing).
        self.parts = Path(tempfile.mkdtemp(prefix=".parts-", dir=self.out.parent))
        try:
            pieces = self._slices(paths, each)
        finally:
            shutil.rmtree(self.parts, ignore_errors=True)  # the workers' part files
            self.parts = None
        mark_duplicate_slugs(SlugClaim(p.display, p.slug, p.slug_at, p.findings)
                             for p in pieces if p.slug is not None)
        for p in pieces:
            if p.withheld is not None:
                p.withheld = p.withheld.with_findings(p.findings, self.validator.context)
            elif not p.publishable:  # cannot happen: FILE-001 makes slugs file names
                raise RuntimeError(f"{p.display}: a listing published in the pass was found "
                                   "unpublishable after it")
        if self.cache is not None:
            self.cache.prune({p.key for p in pieces if p.key})
        return pieces

    def _slices(self, paths: list[Path],
                each: Callable[[list[Piece], tuple[str, str, str]], None]) -> list[Piece]:
        count, workers = len(paths), self.workers
        bounds = slice_bounds(count, workers) if workers > 1 else [(0, count)]
        tasks = [(n, paths[start:stop]) for n, (start, stop) in enumerate(bounds)]
        slices = (map(self.slice, tasks) if workers <= 1
                  else forked_map(self, ListingPass.slice, tasks, workers))
        pieces: list[Piece] = []
        for number, done in enumerate(slices):
            pieces.extend(done)
            part = self._part(number)
            each(done, pickle.loads(part.read_bytes()))
            part.unlink()
        return pieces

    def _part(self, number: int) -> Path:
        return self.parts / f"{number:06d}.part"

    # ------------------------------------------------------------------ one slice, one file

    def slice(self, task: tuple[int, list[Path]]) -> list[Piece]:
        number, paths = task
        pieces, fragments = [], []
        for path in paths:
            piece, made = self.one(path)
            pieces.append(piece)
            if made is not None:
                fragments.append(made)
        if self.cache is not None:
            self.cache.flush()
        self._part(number).write_bytes(pickle.dumps(join_fragments(fragments),
                                                    pickle.HIGHEST_PROTOCOL))
        return pieces

    def one(self, path: Path) -> tuple[Piece, OpenData | None]:
        """One listing: from the cache, or checked and rendered."""
        try:
            raw = read_limited(path)
        except OSError:
            checked = self.validator.check_file(path)  # reports why it cannot be read
            return self.withhold(Piece(path, checked.display, checked.findings), checked), None
        display = display_path(path)
        key = None
        if self.cache is not None:
            key = self.key(raw, display, path)
            hit = self.cache.get(key)
            if hit is not None:
                hit.piece.path = path
                self.restore(hit.piece.slug, hit.rendered)
                return hit.piece, hit.fragments
        checked = self.validator.check_bytes(raw, path, display)
        piece = Piece(path, display, checked.findings)
        if checked.listing is not None:
            piece.slug = checked.listing.slug
            piece.slug_at = checked.marks.locate(("slug",))
        checked.marks = None
        if not checked.publishable:
            return self.withhold(piece, checked), None
        rendered = self.render(checked)
        piece.facts = facts_of(checked, rendered.card)
        fragments = export_fragments(checked, self.site_url,
                                     self.validator.context.today)
        if key is not None:
            piece.key = key
            self.cache.put(key, CacheEntry(piece, rendered, fragments))
        return piece, fragments

    def withhold(self, piece: Piece, checked: Checked) -> Piece:
        """``piece`` with what the build says of its listing, which it does not publish."""
        assessment = assess(checked.listing, checked.findings, self.validator.context)
        piece.withheld = withheld_of(piece.path, checked, assessment)
        return piece

    # ------------------------------------------------------------------ the cache

    def key(self, raw: bytes, display: str, path: Path) -> str:
        digest = hashlib.blake2b(PIECE_VERSION + self.salt, digest_size=20)
        digest.update(display.encode() + b"\0")
        digest.update(raw)
        digest.update(folder_state(path.parent / path.stem))
        return digest.hexdigest()


def slice_bounds(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each slice of ``count`` listings for ``workers`` workers.

    Slices are at most ``SLICE_MAX`` listings, and smaller towards the end (a share of what
    is left, down to ``SLICE_MIN``), so that the workers finish at nearly the same time:
    with equal slices, one worker could still be on its last slice (~2 s at 10,000
    listings) while the other core had nothing left to do.
    """
    out, start = [], 0
    while start < count:
        size = min(SLICE_MAX, max(SLICE_MIN, -(-(count - start) // (2 * workers))))
        out.append((start, min(count, start + size)))
        start += size
    return out


class PieceCache:
    """Cached pieces in one SQLite file, a row per listing: its ``CacheEntry`` pickled, by
    key.

    One file rather than one per listing: creating a file costs ~0.4 ms here, as much as
    rendering half a page. It is only a cache: any SQLite error, or a row that does not
    unpickle, is a miss, and a build never fails because of it. Each process (forked workers
    too) opens its own connection, as SQLite requires; writes are batched per slice.
    """

    def __init__(self, path: Path):
        self.path = path
        # A cache this build makes anew has nothing to find or to prune: a cold build then
        # skips a lookup per listing.
        self.new = not path.exists()
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: list[tuple[str, bytes]] = []

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None or self._pid != os.getpid():
            self._db, self._pid = None, os.getpid()  # never use a parent's connection
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                # Rows are ~35 KB: in 16 KB pages rather than the default 4 KB, writing
                # 10,000 of them takes half the time (fewer overflow pages, fewer calls).
                # Only a new file takes it; an existing one keeps its page size.
                db.execute(f"PRAGMA page_size={PAGE_SIZE}")
                # WAL: a worker reading never waits for one writing (with the rollback
                # journal, gets stall behind another slice's commit; measured alike overall).
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")  # a lost write is only a miss
                db.execute("CREATE TABLE IF NOT EXISTS pieces (key TEXT PRIMARY KEY, "
                           "entry BLOB NOT NULL)")
                self._db = db
            except (sqlite3.Error, OSError):
                self.path = None  # unusable (e.g. a damaged file): build without a cache
        return self._db

    def get(self, key: str) -> CacheEntry | None:
        db = self._connect() if self.path is not None and not self.new else None
        if db is None:
            return None
        try:
            row = db.execute("SELECT entry FROM pieces WHERE key = ?", (key,)).fetchone()
            hit = pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        return hit if isinstance(hit, CacheEntry) else None

    def put(self, key: str, entry: CacheEntry) -> None:
        self._pending.append((key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)))

    def flush(self) -> None:
        """Write what ``put`` gathered, in one transaction."""
        pending, self._pending = self._pending, []
        db = self._connect() if pending and self.path is not None else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO pieces VALUES (?, ?)", pending)
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs time

    def prune(self, keep: set[str]) -> None:
        """Drop the rows this build did not use (old versions, removed listings)."""
        db = self._connect() if self.path is not None and not self.new else None
        if db is None:
            self.close()
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keep))
                db.execute("DELETE FROM pieces WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass
        self.close()

    def keys(self) -> set[str]:
        db = self._connect() if self.path is not None else None
        try:
            return {k for (k,) in db.execute("SELECT key FROM pieces")} if db else set()
        except sqlite3.Error:
            return set()

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


def folder_state(folder: Path) -> bytes:
    """What a listing's picture folder holds: names, sizes, change times, link targets.

    Part of a piece's key, so a changed, added or removed picture is checked and rendered
    again (the file checks, FILE-003 to FILE-006, read this folder too)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return b"-"
    parts = []
    for entry in entries:
        try:
            st = entry.stat()
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size = mtime = -1
        link = os.readlink(entry.path) if entry.is_symlink() else ""
        parts.append(f"{entry.name}\0{size}\0{mtime}\0{link}")
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def warnings_in(pieces: list[Piece]) -> int:
    return sum(1 for p in pieces for f in p.findings if f.severity is Severity.WARNING)

