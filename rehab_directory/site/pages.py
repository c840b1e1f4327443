"""Every page and file of the public site, written straight from the listings.

``SiteWriter.write_all(out)`` is the whole site: the listings are checked and their pages
written in one pass (``pieces.ListingPass``, forked workers when there are many), then the
site-wide pages are made from each listing's small ``Facts``. It uses one Jinja environment
and writes each file directly, so the cost per listing is flat (no per-article pipeline).
Pelican runs it from our generator (``rehab_directory.site.generator``); nothing here depends
on Pelican.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from rehab_directory.core.fields import language_name
from rehab_directory.core.geography import read_districts
from rehab_directory.core.vocab import Audience, Region, ServiceType, Substance, Vocab
from rehab_directory.framework.standards import Level
from rehab_directory.publish.export import ExportWriter
from rehab_directory.publish.search import (
    SearchIndex,
    audiences_of,
    finder_context,
    join_search,
    wait_is_stale,
)
from rehab_directory.publish.synonyms import load_synonyms
from rehab_directory.site import browse, extras, ukmap
from rehab_directory.support.forking import PARALLEL_FROM, can_fork, default_workers, forked_tasks

from ..validate import Checked, Validator
from .cards import card, chosen_wait, standards_counts, wait_text
from .guides import Library
from .images import LOGO_WIDTHS, WIDTHS, render_image
from .pieces import PIECE_VERSION, Facts, ListingPass, Piece
from .render import Renderer, write_text
from .text import trusted_markdown
from .withheld import write_withheld_pages

QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'")
BROWSE_PAGE_SIZE = 50  # cards per browse page: keeps each page light at 10,000 listings
STALE_WAIT_DAYS = 30  # default; TRA-001's within_days wins when the framework sets it
PAGE_GLOBALS = ("scripts", "stylesheets", "today")  # besides UPPER-case

# The browse facets: URL segment, vocabulary, how to read a listing's values, page wording.
FACETS: dict[str, tuple[type[Vocab], str, str]] = {
    "region": (Region, "Services by region", "Services in {label}"),
    "service": (ServiceType, "Services by type of support", "{label}"),
    "substance": (Substance, "Services by substance", "Help with {label_lower}"),
    "for": (Audience, "Services by who they are for", "Services for {label_lower}"),
}


def facet_values(kind: str, facts: Facts) -> tuple[Vocab, ...]:
    if kind == "region":
        return (facts.region,)
    if kind == "service":
        return facts.service_types
    if kind == "for":
        return tuple(audiences_of(facts.search[1]))
    return facts.substances


# The scripts each page loads, by template (relative to /theme/, in the order they run;
# all are deferred). Every page has the quick exit; "*" is every other template.
PAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "*": ("js/quick-exit.js",),
    "index.html": ("js/quick-exit.js", "js/shortlist.js", "js/directory-data.js",
                   "js/places.js", "js/finder.js"),
    "compare.html": ("js/quick-exit.js", "js/shortlist.js", "js/directory-data.js",
                     "js/compare.js"),
    "provider.html": ("js/quick-exit.js", "js/shortlist.js"),
}
ESBUILD = Path("node_modules") / ".bin" / "esbuild"


def minify(root: Path, sources: list[Path], target: Path) -> None:
    """Our scripts, minified by esbuild (npm, pinned) into ``target`` under their own
    names: each on its own, not bundled, in the syntax our browsers read (es2020)."""
    import subprocess

    esbuild = root / ESBUILD
    if not esbuild.is_file():
        raise FileNotFoundError(f"{esbuild} is missing: run 'npm ci' (make deps) to install "
                                "esbuild")
    if not sources:
        return
    done = subprocess.run([str(esbuild), *map(str, sources), "--minify", "--target=es2020",
                           "--charset=utf8", "--log-level=error", f"--outdir={target}"],
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"esbuild could not minify the scripts: {done.stderr.strip()}")


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One row of a provider page's standards panel.

    An object rather than a dict: Jinja reads ``r.status`` as an attribute first, which on
    a dict fails (raising inside Jinja) before the key is tried, a dozen times a row; the
    panel's 14 rows were 40% of rendering a provider page."""

    id: str
    title: str
    required: bool
    status: str
    evidence_date: date | None
    exception: Any
    problems: list[str]


@dataclass
class SitePage:
    url: str  # root-relative, e.g. /providers/x/
    lastmod: date | None = None


@dataclass
class SiteWriter:
    settings: dict[str, Any]
    validator: Validator
    root: Path
    theme: Path
    pages: list[SitePage] = field(default_factory=list)

    def __post_init__(self):
        self.framework = self.validator.framework
        self.today = self.validator.context.today
        self.site_url = self.settings.get("SITEURL", "").rstrip("/")
        tra = self.framework.standards.get("TRA-001")
        self.stale_days = (tra.params.get("within_days", STALE_WAIT_DAYS) if tra
                           else STALE_WAIT_DAYS)
        cache = self.settings.get("DIRECTORY_IMAGE_CACHE")
        self.image_cache = Path(cache) if cache else None
        cache = self.settings.get("DIRECTORY_PIECE_CACHE")
        self.piece_cache = Path(cache) if cache else None
        cache = self.settings.get("DIRECTORY_SEARCH_CACHE")
        self.search_cache = Path(cache) if cache else None
        self.facts: list[Facts] = []  # every listing's, in slug order, after the pass

    # ------------------------------------------------------------------ the whole site

    def write_all(self, out: Path) -> list[Piece]:
        """Check every listing and write the site; returns every listing's piece.

        Listings that meet the required standards are published; each other one is
        withheld (``piece.withheld`` says why) and its address gets a short page instead
        (``withheld.write_withheld_pages``)."""
        paths = self.validator.listing_files()
        # The finder's synonyms are reviewed data: a mistake stops the build before any
        # listing is written.
        self.synonyms = load_synonyms(self.root)
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
        })
        # The guides and the glossary (site/guides.py): checked here, a mistake stops the
        # build; every template can then mark glossary terms and link the guides.
        self.library = Library.load(self.root, self.validator.glossary, self.site_url, FACETS)
        self.library.install(self.renderer.env)
        salt = self.fingerprint(overrides) if self.piece_cache else b""
        language_name("en")  # pycountry loads its data on first use: once, before forking
        run = ListingPass(self, self.validator, out, self.piece_cache, salt,
                          self.workers(len(paths)))
        # The search index and the open-data files take each slice of listings as it
        # comes back, while the workers make the rest.
        self.search_index = SearchIndex(self.search_cache)
        self.exports = ExportWriter(out)
        try:
            pieces = run.run(paths, self.take_slice)
            run.cleanup()
            self.facts = [p.facts for p in pieces if p.withheld is None]
            standards = {i for f in self.facts for i in f.evaluated}
            self.exports.finish(len(self.facts),
                                [self.framework.standards[i] for i in standards])
        finally:
            self.exports.close()
            run.cleanup()
        self.pages.extend(SitePage(f"/providers/{f.slug}/", f.last_verified)
                          for f in self.facts)
        # The search files (lunr's last step, ~0.1 ms a listing) and the browse pages (one
        # file per 50 listings) are written by two forked processes while this one writes
        # the other pages.
        parts = [("search", out), ("browse", out)]
        with (forked_tasks(self, SiteWriter.write_part, parts)
              if self.workers(len(self.facts)) > 1 else nullcontext()) as pending:
            if pending is None:
                for part in parts:
                    self.pages.extend(self.write_part(part))
            self.write_standards(out)
            self.write_text_pages(out)
            self.write_home(out)
            write_withheld_pages(self, out, [p.withheld for p in pieces if p.withheld],
                                 self.facts)
            for result in pending or ():
                self.pages.extend(result.get())
        extras.write_sitemap(out, self.site_url, self.pages)
        extras.write_feed(out, self.settings, self.site_url, self.facts, self.today)
        extras.write_robots(out, self.site_url)
        extras.write_headers(out, CSP)
        return pieces

    def page(self, out: Path, url: str, template: str, lastmod: date | None = None,
             in_sitemap: bool = True, **context: Any) -> bytes:
        rel = url.strip("/") + "/index.html" if url != "/" else "index.html"
        if url.endswith(".html"):
            rel = url.lstrip("/")
        context.setdefault("scripts", self.scripts_for(template))
        html = self.renderer.render(template, page_url=self.site_url + url, **context)
        data = write_text(out, rel, html)
        if in_sitemap:
            self.pages.append(SitePage(url, lastmod))
        return data

    # ------------------------------------------------------------------ assets

    def write_assets(self, out: Path) -> dict[str, dict[str, str]]:
        """Copy theme/static to /theme/ (scripts minified) and lunr.js; each script's
        address and SRI hash, from the files written, by its name under /theme/."""
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
        ukmap.write_outline(self.root, out)
        minify(self.root, [p for p in sorted((static / "js").glob("*.js"))], target / "js")
        names = self.settings.get("SCRIPTS")
        if names is None:
            names = sorted({n for scripts in PAGE_SCRIPTS.values() for n in scripts})
        scripts = {}
        for name in names:
            path = target / name
            if not path.is_file():
                raise FileNotFoundError(f"SCRIPTS names theme/{name}, which the theme lacks")
            scripts[name] = {"src": f"{self.site_url}/theme/{name}", "integrity": sri(path)}
        return scripts

    def scripts_for(self, template: str) -> list[dict[str, str]]:
        """The scripts a page loads: those its template uses (PAGE_SCRIPTS), or every one
        of the SCRIPTS setting when it names them."""
        scripts = self.renderer.env.globals["scripts"]
        if self.settings.get("SCRIPTS") is not None:
            return list(scripts.values())
        names = PAGE_SCRIPTS.get(template, PAGE_SCRIPTS["*"])
        return [scripts[name] for name in names]

    def stylesheets(self, out: Path) -> list[dict[str, str]]:
        sheets = []
        for name, media in (("site.css", "all"), ("finder.css", "all"), ("print.css", "print")):
            if (out / "theme" / "css" / name).is_file():
                sheets.append({"href": f"{self.site_url}/theme/css/{name}", "media": media})
        return sheets

    def write_part(self, part: tuple[str, Path]) -> list[SitePage]:
        """Write the search files or the browse pages; returns the pages made for the
        sitemap (so that a forked process can hand them back)."""
        name, out = part
        before = len(self.pages)
        {"search": self.write_search, "browse": self.write_browse}[name](out)
        made = self.pages[before:]
        del self.pages[before:]
        return made

    def take_slice(self, pieces: list[Piece], exports: tuple[str, str, str]) -> None:
        """A slice of listings back from the pass: index the published ones for search and
        write their open data (withheld listings have neither)."""
        for piece in pieces:
            if piece.facts is not None:
                self.search_index.add(piece.facts.search[0])
        self.exports.add(exports)
        advance = self.settings.get("DIRECTORY_PROGRESS")
        if advance is not None:
            advance(len(pieces))

    def write_search(self, out: Path) -> None:
        for rel, text in join_search([f.search for f in self.facts],
                                     index=self.search_index, synonyms=self.synonyms,
                                     stale_after_days=self.stale_days,
                                     today=self.today).items():
            write_text(out, rel, text)

    # ------------------------------------------------------------------ providers

    def workers(self, count: int) -> int:
        setting = self.settings.get("DIRECTORY_WORKERS")
        if setting is not None:
            return int(setting)
        if count < PARALLEL_FROM or not can_fork():
            return 1
        return default_workers()

    def write_provider(self, out: Path, c: Checked) -> tuple[bytes, list[tuple]]:
        """Write a listing's page and pictures; returns the page and what the pictures were
        made from (so that a cached page can have them written again)."""
        from rehab_directory.publish.export import provider_jsonld

        listing = c.listing
        url = f"/providers/{listing.slug}/"
        folder = c.path.parent / listing.slug
        jobs = [(str(folder / p.file), _stem(p.file, i), p.alt, WIDTHS)
                for i, p in enumerate(listing.photos)]
        if listing.logo:
            jobs.append((str(folder / listing.logo.file), "logo", listing.logo.alt,
                         LOGO_WIDTHS))
        pictures = self.write_pictures(out, listing.slug, jobs)
        photos, logo = (pictures[:-1], pictures[-1]) if listing.logo else (pictures, None)
        html = self.page(
            out, url, "provider.html", in_sitemap=False,
            listing=listing, checked=c, photos=photos, logo=logo,
            results=self.results_view(c), counts=standards_counts(c),
            stale=self.stale_waits(c), map_url=map_url(listing),
            next_wait=wait_text(*chosen_wait(listing, self.stale_waits(c))),
            report_url=self.report_url(listing.slug, listing.name),
            jsonld=provider_jsonld(listing, self.site_url + url),
            uk_map=ukmap.map_view([ukmap.point_of(listing)], self.site_url,
                                  ukmap.here_caption(listing), current=listing.slug),
        )
        return html, jobs

    def write_pictures(self, out: Path, slug: str, jobs: list[tuple]) -> list:
        photo_dir = out / "providers" / slug / "photos"
        photo_url = f"{self.site_url}/providers/{slug}/photos"
        return [render_image(Path(source), photo_dir, photo_url, stem, alt, widths,
                             self.image_cache) for source, stem, alt, widths in jobs]

    def restore_provider(self, out: Path, slug: str, html: bytes, jobs: list[tuple]) -> None:
        """Write a cached provider page, and its pictures again."""
        self.write_pictures(out, slug, jobs)
        write_text(out, f"providers/{slug}/index.html", html)

    def render_card(self, c: Checked) -> str:
        return self.renderer.env.get_template("_result_card.html").render(
            card=card(c, self.stale_waits(c)))

    def fingerprint(self, overrides: list[Path]) -> bytes:
        """What every provider page depends on besides its own listing and pictures."""
        digest = hashlib.blake2b(PIECE_VERSION, digest_size=20)
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
        digest.update(self.library.fingerprint())
        for module in ("jinja2", "markupsafe", "markdown_it", "nh3", "pydantic", "pycountry",
                       "phonenumbers"):
            digest.update(f"{module}={_version(module)}".encode())
        return digest.digest()

    def stale_waits(self, c: Checked) -> set[int]:
        """Indexes of services whose wait was stated more than ``stale_days`` ago."""
        return {i for i, s in enumerate(c.listing.services)
                if s.wait and wait_is_stale(s.wait.stated, self.today, self.stale_days)}

    def results_view(self, c: Checked) -> list[PanelRow]:
        return [PanelRow(r.standard.id, r.standard.title, r.standard.level is Level.REQUIRED,
                         r.status, r.evidence_date, r.exception,
                         [p.message for p in r.problems])
                for r in (c.evaluation.results if c.evaluation else [])]

    def report_url(self, slug: str, name: str) -> str:
        subject = f"Problem with the listing for {name} ({slug})"
        repo = (self.settings.get("REPO_URL") or "").rstrip("/")
        if repo:
            return f"{repo}/issues/new?title={quote(subject)}&labels=listing-problem"
        return f"mailto:{self.settings['REPORT_EMAIL']}?subject={quote(subject)}"

    # ------------------------------------------------------------------ browse

    def groups(self, kind: str) -> dict[Vocab, list[Facts]]:
        vocab = FACETS[kind][0]
        grouped: dict[Vocab, list[Facts]] = {v: [] for v in vocab}
        for f in self.facts:
            for value in facet_values(kind, f):
                grouped[value].append(f)
        return grouped

    def browse_index(self) -> list[dict[str, Any]]:
        """The browse facets: for each, every value with its page title, count and URL."""
        facets = []
        for kind, (_vocab, heading, title) in FACETS.items():
            entries = []
            for value, members in self.groups(kind).items():
                entries.append({"code": value.value, "label": value.label,
                                "title": title.format(label=value.label,
                                                      label_lower=_lower(value.label)),
                                "count": len(members), "members": members,
                                "url": f"/browse/{kind}/{value.value}/"})
            facets.append({"kind": kind, "heading": heading, "entries": entries})
        return facets

    def write_browse(self, out: Path) -> None:
        """Every browse list (site/browse.py says what is on them), then /browse/."""
        facets = self.browse_index()
        for facet in facets:
            for entry in facet["entries"]:
                within = []
                if facet["kind"] == "region":
                    within = browse.region_services(Region(entry["code"]), entry["members"],
                                                    self.facts)
                    for sub in within:
                        self.write_list(out, sub, facet, parent=entry,
                                        alternatives=sub["alternatives"])
                region_map = None
                if facet["kind"] == "region" and entry["members"]:
                    region_map = ukmap.map_view(
                        entry["members"], self.site_url,
                        ukmap.where_caption(entry["members"], f"in {entry['label']}"))
                self.write_list(out, entry, facet, within=within, uk_map=region_map,
                                alternatives=browse.alternatives_for(
                                    facet["kind"], entry, facet["entries"]))
        self.page(out, "/browse/", "browse_index.html", facets=facets)

    def write_list(self, out: Path, entry: dict, facet: dict, **context: Any) -> None:
        """One browse list, in pages of DIRECTORY_BROWSE_PAGE_SIZE cards (each card was
        rendered once, where its listing was read, and is reused on every list)."""
        size = self.settings.get("DIRECTORY_BROWSE_PAGE_SIZE", BROWSE_PAGE_SIZE)
        context = {"within": [], "parent": None, "alternatives": [], "uk_map": None,
                   **context}
        members = sorted(entry["members"], key=lambda f: (f.name, f.slug))
        base = entry["url"]
        chunks = [members[i:i + size] for i in range(0, len(members), size)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            self.page(out, _page_url(base, number), "browse_list.html",
                      title=entry["title"], kind=facet["kind"],
                      facet_heading=facet["heading"],
                      cards=[Markup(f.card) for f in chunk],
                      total=len(members), first=(number - 1) * size + 1,
                      pager=_pager(base, number, len(chunks)), **context)

    # ------------------------------------------------------------------ standards

    def write_standards(self, out: Path) -> None:
        by_area: dict[str, list] = defaultdict(list)
        for std in self.framework.standards.values():
            by_area[std.area].append(std)
        areas = [{"code": code, "label": label, "standards": by_area[code]}
                 for code, label in self.framework.areas.items() if by_area[code]]
        for std in self.framework.standards.values():
            met = sum(1 for f in self.facts if std.id in f.met)
            self.page(out, f"/standards/{std.id.lower()}/", "standard.html", standard=std,
                      area=self.framework.areas[std.area], met=met, total=len(self.facts))
        self.page(out, "/standards/", "standards_index.html", areas=areas)

    # ------------------------------------------------------------------ our own pages

    def write_text_pages(self, out: Path) -> None:
        folder = self.root / "content" / "pages"
        for path in sorted(folder.glob("*.md")):
            meta, body = read_page(path)
            slug = meta.get("slug", path.stem)
            html = str(trusted_markdown(body)).replace('href="/', f'href="{self.site_url}/')
            self.page(out, f"/{slug}/", "page.html", title=meta["title"],
                      summary=meta.get("summary", ""), body=Markup(html), slug=slug,
                      district_credits=read_districts()[1])
        self.library.write(self.page, out)
        self.page(out, "/404.html", "404.html", in_sitemap=False)
        if self.renderer.has_template("compare.html"):
            self.page(out, "/compare/", "compare.html")

    def write_home(self, out: Path) -> None:
        self.page(out, "/", "index.html", facets=self.browse_index(),
                  service_count=len(self.facts),
                  finder=finder_context(self.facts, out, self.site_url),
                  uk_map=ukmap.map_view(self.facts, self.site_url,
                                        ukmap.where_caption(self.facts, "listed here")))


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module.replace("_", "-"))
    except PackageNotFoundError:
        return "?"


def _page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _pager(base: str, number: int, pages: int) -> dict[str, Any]:
    """Links between the pages of a browse list.

    As in the GOV.UK Design System's pagination: the first page, the last, the current one
    and those either side of it, with a gap (``None`` in ``links``) for the pages between.
    A link to every page would be 180 links on each page of the longest list at 10,000
    listings, hard to use by keyboard or screen reader, and would make the build's cost
    grow with the square of the list.
    """
    shown = sorted({1, pages, *range(max(1, number - 1), min(pages, number + 1) + 1)})
    items: list[tuple[int, str] | None] = []
    last = 0
    for n in shown:
        if n - last == 2:  # a gap of one page: show the page, not a gap
            items.append((last + 1, _page_url(base, last + 1)))
        elif n - last > 2:
            items.append(None)
        items.append((n, _page_url(base, n)))
        last = n
    return {
        "number": number,
        "pages": pages,
        "previous": _page_url(base, number - 1) if number > 1 else None,
        "next": _page_url(base, number + 1) if number < pages else None,
        "links": items,
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

