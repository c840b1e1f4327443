"""Every page and file of the public site, written straight from validated listings.

``SiteWriter.write_all(out)`` is the whole site. It uses one Jinja environment and writes each
file directly, so the cost per listing is flat (no per-article pipeline). Pelican runs it from
our generator (``rehab_directory.site.generator``); nothing here depends on Pelican.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import multiprocessing
import os
import pickle
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..standards import Framework, Level
from ..validate import Checked
from ..vocab import Region, ServiceType, Substance, Vocab
from . import extras
from .cards import card, standards_counts
from .images import LOGO_WIDTHS, WIDTHS, render_image
from .render import Renderer, language_name, write_text
from .text import trusted_markdown

QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'")
PARALLEL_FROM = 400  # listings; below this a pool costs more than it saves
BROWSE_PAGE_SIZE = 50  # cards per browse page: keeps each page light at 10,000 listings
STALE_WAIT_DAYS = 30  # default; TRA-001's within_days wins when the framework sets it
PAGE_CACHE_VERSION = b"provider-pages-v1"  # bump when a page depends on something new
PAGE_GLOBALS = ("scripts", "stylesheets", "today", "service_count")  # besides UPPER-case

# The browse facets: URL segment, vocabulary, how to read a listing's values, page wording.
FACETS: dict[str, tuple[type[Vocab], str, str]] = {
    "region": (Region, "Services by region", "Services in {label}"),
    "service": (ServiceType, "Services by type of support", "{label}"),
    "substance": (Substance, "Services by substance", "Help with {label_lower}"),
}


def facet_values(kind: str, checked: Checked) -> list[Vocab]:
    listing = checked.listing
    if kind == "region":
        return [listing.region]
    if kind == "service":
        return list(listing.service_types)
    return list(listing.substances)


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@dataclass
class SitePage:
    url: str  # root-relative, e.g. /providers/x/
    lastmod: date | None = None


@dataclass
class SiteWriter:
    settings: dict[str, Any]
    checked: list[Checked]
    framework: Framework
    today: date
    root: Path
    theme: Path
    pages: list[SitePage] = field(default_factory=list)

    def __post_init__(self):
        self.checked = sorted(self.checked, key=lambda c: c.listing.slug)
        self.site_url = self.settings.get("SITEURL", "").rstrip("/")
        tra = self.framework.standards.get("TRA-001")
        self.stale_days = (tra.params.get("within_days", STALE_WAIT_DAYS) if tra
                           else STALE_WAIT_DAYS)
        cache = self.settings.get("DIRECTORY_IMAGE_CACHE")
        self.image_cache = Path(cache) if cache else None
        cache = self.settings.get("DIRECTORY_PAGE_CACHE")
        self.page_cache = Path(cache) if cache else None
        cache = self.settings.get("DIRECTORY_EXPORT_CACHE")
        self.export_cache = Path(cache) if cache else None
        cache = self.settings.get("DIRECTORY_SEARCH_CACHE")
        self.search_cache = Path(cache) if cache else None
        self.page_salt = b""
        self.used_keys: list[str] = []
        self.cards: list[str] = []  # each listing's result card, in listing order
        self.cached_cards: dict[str, str] = {}  # by page key, from the last build

    # ------------------------------------------------------------------ the whole site

    def write_all(self, out: Path) -> None:
        scripts = self.write_assets(out)
        overrides = [Path(p) for p in self.settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        self.renderer = Renderer([*overrides, self.theme / "templates"], {
            "SITENAME": self.settings["SITENAME"],
            "SITEURL": self.site_url,
            "REPORT_EMAIL": self.settings["REPORT_EMAIL"],
            "REPO_URL": self.settings.get("REPO_URL") or "",
            "QUICK_EXIT_URL": QUICK_EXIT_URL,
            "CSP": Markup(CSP),
            "scripts": scripts,
            "stylesheets": self.stylesheets(out),
            "today": self.today,
            "service_count": len(self.checked),
        })
        if self.page_cache or self.export_cache:
            self.page_salt = self.fingerprint(overrides)
        self.open_data_written = False
        if self.page_cache:
            self.cached_cards = load_cards(self.page_cache)
        self.write_providers(out)  # with workers, the open data is written among the pages
        if self.page_cache:
            prune(self.page_cache, self.used_keys)
            if set(self.used_keys) != self.cached_cards.keys():
                save_cards(self.page_cache, dict(zip(self.used_keys, self.cards, strict=True)))
            self.cached_cards = {}
        self.write_browse(out)
        self.write_standards(out)
        self.write_text_pages(out)
        self.write_home(out)
        if not self.open_data_written:
            self.write_open_data(out)
        extras.write_sitemap(out, self.site_url, self.pages)
        extras.write_feed(out, self.settings, self.site_url, self.checked, self.today)
        extras.write_robots(out, self.site_url)
        extras.write_headers(out, CSP)

    def page(self, out: Path, url: str, template: str, lastmod: date | None = None,
             in_sitemap: bool = True, **context: Any) -> bytes:
        rel = url.strip("/") + "/index.html" if url != "/" else "index.html"
        if url.endswith(".html"):
            rel = url.lstrip("/")
        html = self.renderer.render(template, page_url=self.site_url + url, **context)
        data = write_text(out, rel, html)
        if in_sitemap:
            self.pages.append(SitePage(url, lastmod))
        return data

    # ------------------------------------------------------------------ assets

    def write_assets(self, out: Path) -> list[dict[str, str]]:
        """Copy theme/static to /theme/ and lunr.js; SRI hashes from the files written."""
        target = out / "theme"
        static = self.theme / "static"
        if static.is_dir():
            shutil.copytree(static, target, dirs_exist_ok=True)
        lunr = self.root / "node_modules" / "lunr" / "lunr.min.js"
        if not lunr.is_file():
            raise FileNotFoundError(
                f"{lunr} is missing: run 'npm ci' (make deps) to install lunr.js")
        (target / "js").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lunr, target / "js" / "lunr.min.js")
        names = self.settings.get("SCRIPTS")
        if names is None:
            names = sorted(p.name for p in (target / "js").glob("*.js")
                           if p.name != "lunr.min.js")
            names = [f"js/{n}" for n in names]
        scripts = []
        for name in names:
            path = target / name
            if not path.is_file():
                raise FileNotFoundError(f"SCRIPTS names theme/{name}, which the theme lacks")
            scripts.append({"src": f"{self.site_url}/theme/{name}", "integrity": sri(path)})
        return scripts

    def stylesheets(self, out: Path) -> list[dict[str, str]]:
        sheets = []
        for name, media in (("site.css", "all"), ("finder.css", "all"), ("print.css", "print")):
            if (out / "theme" / "css" / name).is_file():
                sheets.append({"href": f"{self.site_url}/theme/css/{name}", "media": media})
        return sheets

    # ------------------------------------------------------------------ providers

    def write_providers(self, out: Path) -> None:
        """One page per listing (and its photos): the per-listing cost of the build.

        With many listings the pages are rendered by a pool of forked workers, each taking a
        slice of the (sorted) listings; the files are the same whichever process writes them.
        """
        count = len(self.checked)
        workers = self.workers(count)
        if workers <= 1:
            for c in self.checked:
                self.write_provider(out, c)
            return
        global _FORKED  # handed to the forked workers, which inherit it; never read otherwise
        _FORKED = (self, out)
        # Objects made so far are shared with the workers; keep the collector from writing to
        # them (and so copying their pages into every worker).
        language_name("en")  # pycountry loads its data on first use: once, here, for all
        gc.freeze()
        step = -(-count // (workers * 4))
        # The open data (exports, search files) is two more tasks, first as the longest.
        tasks = ["exports", "search", *((i, min(i + step, count)) for i in range(0, count, step))]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for pages, keys, cards in pool.imap(_provider_slice, tasks):
                    self.pages.extend(pages)
                    self.used_keys.extend(keys)
                    self.cards.extend(cards)
            self.open_data_written = True
        finally:
            _FORKED = None
            gc.unfreeze()

    def workers(self, count: int) -> int:
        setting = self.settings.get("DIRECTORY_WORKERS")
        if setting is not None:
            return int(setting)
        if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return 1
        return min(os.cpu_count() or 1, 4)

    def write_provider(self, out: Path, c: Checked) -> None:
        from ..export import provider_jsonld

        listing = c.listing
        url = f"/providers/{listing.slug}/"
        folder = c.path.parent / listing.slug
        photo_dir = out / "providers" / listing.slug / "photos"
        photo_url = f"{self.site_url}{url}photos"
        photos = [
            render_image(folder / p.file, photo_dir, photo_url, _stem(p.file, i), p.alt,
                         WIDTHS, self.image_cache)
            for i, p in enumerate(listing.photos)
        ]
        logo = (render_image(folder / listing.logo.file, photo_dir, photo_url, "logo",
                             listing.logo.alt, LOGO_WIDTHS, self.image_cache)
                if listing.logo else None)
        cached = key = None
        # The result card, for browse pages: rendered here, so in parallel with workers.
        if self.page_cache:
            # The page depends only on the listing's bytes, its pictures, and what
            # ``page_salt`` covers (code, templates, framework, date, site settings).
            digest = hashlib.blake2b(self.page_salt, digest_size=20)
            digest.update(c.path.read_bytes())
            digest.update(repr((photos, logo)).encode())
            key = digest.hexdigest()
            self.used_keys.append(key)
            cached = self.page_cache / f"{key}.html"
            self.cards.append(self.cached_cards.get(key) or self.render_card(c))
            if cached.is_file():
                write_text(out, url.strip("/") + "/index.html", cached.read_bytes())
                self.pages.append(SitePage(url, listing.last_verified))
                return
        html = self.page(
            out, url, "provider.html", lastmod=listing.last_verified,
            listing=listing, checked=c, photos=photos, logo=logo,
            results=self.results_view(c), counts=standards_counts(c),
            stale=self.stale_waits(c), map_url=map_url(listing),
            report_url=self.report_url(listing.slug, listing.name),
            jsonld=provider_jsonld(listing, self.site_url + url),
        )
        if cached is not None:
            _store(cached, html)
        else:
            self.cards.append(self.render_card(c))

    def render_card(self, c: Checked) -> str:
        return self.renderer.env.get_template("_result_card.html").render(card=card(c))


    def fingerprint(self, overrides: list[Path]) -> bytes:
        """What every provider page depends on besides its own listing and pictures."""
        digest = hashlib.blake2b(PAGE_CACHE_VERSION, digest_size=20)
        package = Path(__file__).resolve().parent.parent
        folders = [package, *overrides, self.theme / "templates", self.root / "standards"]
        for folder in folders:
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file() and path.suffix != ".pyc":
                    digest.update(str(path.relative_to(folder)).encode() + b"\0")
                    digest.update(path.read_bytes())
        digest.update(repr(sorted((k, repr(v)) for k, v in
                                  self.renderer.env.globals.items()
                                  if k.isupper() or k in PAGE_GLOBALS)).encode())
        for module in ("jinja2", "markupsafe", "markdown_it", "nh3", "pydantic", "pycountry",
                       "phonenumbers"):
            digest.update(f"{module}={_version(module)}".encode())
        return digest.digest()

    def stale_waits(self, c: Checked) -> set[int]:
        """Indexes of services whose wait was stated more than ``stale_days`` ago."""
        return {i for i, s in enumerate(c.listing.services)
                if s.wait and (self.today - s.wait.stated).days > self.stale_days}

    def results_view(self, c: Checked) -> list[dict[str, Any]]:
        out = []
        for r in c.evaluation.results if c.evaluation else []:
            out.append({
                "id": r.standard.id,
                "title": r.standard.title,
                "required": r.standard.level is Level.REQUIRED,
                "status": r.status,
                "evidence_date": r.evidence_date,
                "exception": r.exception,
                "problems": [p.message for p in r.problems],
            })
        return out

    def report_url(self, slug: str, name: str) -> str:
        subject = f"Problem with the listing for {name} ({slug})"
        repo = (self.settings.get("REPO_URL") or "").rstrip("/")
        if repo:
            return f"{repo}/issues/new?title={quote(subject)}&labels=listing-problem"
        return f"mailto:{self.settings['REPORT_EMAIL']}?subject={quote(subject)}"

    # ------------------------------------------------------------------ browse

    def groups(self, kind: str) -> dict[Vocab, list[Checked]]:
        vocab = FACETS[kind][0]
        grouped: dict[Vocab, list[Checked]] = {v: [] for v in vocab}
        for c in self.checked:
            for value in facet_values(kind, c):
                grouped[value].append(c)
        return grouped

    def write_browse(self, out: Path) -> None:
        # Each card is rendered once and reused on every page that lists it.
        cards = {c.listing.slug: Markup(html) for c, html in zip(self.checked, self.cards,
                                                                  strict=True)}
        facets = []
        for kind, (_vocab, heading, title) in FACETS.items():
            grouped = self.groups(kind)
            entries = []
            for value, members in grouped.items():
                page_title = title.format(label=value.label, label_lower=_lower(value.label))
                entries.append({"code": value.value, "label": value.label,
                                "title": page_title, "count": len(members),
                                "url": f"/browse/{kind}/{value.value}/"})
                members = sorted(members, key=lambda c: (c.listing.name, c.listing.slug))
                base = f"/browse/{kind}/{value.value}/"
                size = self.settings.get("DIRECTORY_BROWSE_PAGE_SIZE", BROWSE_PAGE_SIZE)
                chunks = [members[i:i + size] for i in range(0, len(members), size)] or [[]]
                for number, chunk in enumerate(chunks, 1):
                    self.page(out, _page_url(base, number), "browse_list.html",
                              title=page_title, kind=kind, facet_heading=heading, value=value,
                              cards=[cards[c.listing.slug] for c in chunk],
                              total=len(members), first=(number - 1) * size + 1,
                              pager=_pager(base, number, len(chunks)))
            facets.append({"kind": kind, "heading": heading, "entries": entries})
        self.facets = facets
        self.page(out, "/browse/", "browse_index.html", facets=facets)

    # ------------------------------------------------------------------ standards

    def write_standards(self, out: Path) -> None:
        by_area: dict[str, list] = defaultdict(list)
        for std in self.framework.standards.values():
            by_area[std.area].append(std)
        areas = [{"code": code, "label": label, "standards": by_area[code]}
                 for code, label in self.framework.areas.items() if by_area[code]]
        for std in self.framework.standards.values():
            met = sum(1 for c in self.checked
                      if c.evaluation and c.evaluation.by_id[std.id].met)
            self.page(out, f"/standards/{std.id.lower()}/", "standard.html", standard=std,
                      area=self.framework.areas[std.area], met=met, total=len(self.checked))
        self.page(out, "/standards/", "standards_index.html", areas=areas)

    # ------------------------------------------------------------------ our own pages

    def write_text_pages(self, out: Path) -> None:
        folder = self.root / "content" / "pages"
        for path in sorted(folder.glob("*.md")):
            meta, body = read_page(path)
            slug = meta.get("slug", path.stem)
            html = str(trusted_markdown(body)).replace('href="/', f'href="{self.site_url}/')
            self.page(out, f"/{slug}/", "page.html", title=meta["title"],
                      summary=meta.get("summary", ""), body=Markup(html), slug=slug)
        self.page(out, "/404.html", "404.html", in_sitemap=False)
        if self.renderer.has_template("compare.html"):
            self.page(out, "/compare/", "compare.html")

    def write_home(self, out: Path) -> None:
        from ..search import finder_context  # the finder form's choices (site-interactive)

        self.page(out, "/", "index.html", facets=self.facets,
                  finder=finder_context(self.checked, out, self.site_url))

    # ------------------------------------------------------------------ other helpers' files

    def write_open_data(self, out: Path, part: str | None = None) -> None:
        """The search files and the exports (``part``: only "search" or "exports")."""
        from ..export import write_exports
        from ..search import write_search_files

        if part in (None, "search"):
            write_search_files(self.checked, out, self.search_cache)
        if part in (None, "exports"):
            write_exports(self.checked, out, self.site_url, self.export_cache, self.page_salt)


_FORKED: tuple[SiteWriter, Path] | None = None


def _provider_slice(bounds: tuple[int, int] | str) -> tuple[list[SitePage], list[str]]:
    """In a forked worker: write the provider pages of listings[start:stop], or a part of
    the open data ("exports" or "search")."""
    writer, out = _FORKED
    writer.pages, writer.used_keys, writer.cards = [], [], []
    if isinstance(bounds, str):
        writer.write_open_data(out, bounds)
        return [], [], []
    for c in writer.checked[bounds[0]:bounds[1]]:
        writer.write_provider(out, c)
    return writer.pages, writer.used_keys, writer.cards


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module.replace("_", "-"))
    except PackageNotFoundError:
        return "?"


def prune(folder: Path, keep: list[str]) -> None:
    """Drop cached pages this build did not use (old versions, removed listings)."""
    wanted = set(keep)
    for path in folder.iterdir() if folder.is_dir() else []:
        if path.suffix == ".html" and path.stem not in wanted or path.suffix == ".card":
            path.unlink(missing_ok=True)


CARDS = "cards.pickle"  # every listing's result card by page key: one file, not one each


def load_cards(folder: Path) -> dict[str, str]:
    try:
        cards = pickle.loads((folder / CARDS).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    return cards if isinstance(cards, dict) else {}


def save_cards(folder: Path, cards: dict[str, str]) -> None:
    _store(folder / CARDS, pickle.dumps(cards, protocol=pickle.HIGHEST_PROTOCOL))


def _store(path: Path, data: bytes) -> None:
    """Write a cache file atomically (workers may write at the same time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _pager(base: str, number: int, pages: int) -> dict[str, Any]:
    return {
        "number": number,
        "pages": pages,
        "previous": _page_url(base, number - 1) if number > 1 else None,
        "next": _page_url(base, number + 1) if number < pages else None,
        "all": [(n, _page_url(base, n)) for n in range(1, pages + 1)],
    }


def _stem(file_name: str, index: int) -> str:
    stem = file_name.rsplit(".", 1)[0].lower()
    return f"{index + 1:02d}-{stem}"


def _lower(label: str) -> str:
    # "Opioids (such as heroin)" -> "opioids (such as heroin)"; keep acronyms like GHB, CBT
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[0].lower() + label[1:]


def map_url(listing) -> str:
    lat, lon = listing.location.latitude, listing.location.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


def read_page(path: Path) -> tuple[dict[str, str], str]:
    """A Markdown page with ``key: value`` lines, a blank line, then the body."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path}: the first lines must be 'key: value' (got {line!r})")
        meta[key.strip().lower()] = value.strip()
    if "title" not in meta:
        raise ValueError(f"{path}: give the page a 'title:' line at the top")
    return meta, body

