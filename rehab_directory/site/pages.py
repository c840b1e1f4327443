"""Every page and file of the public site, written straight from the listings.

``SiteWriter(settings, validator, root, theme, out).write_all()`` is the whole site: the
listings are checked and their pages written in one pass (``pieces.ListingPass``, forked
workers when there are many, given ``provider.ProviderPages``'s functions to render one
listing), then the site-wide pages are made from each listing's small ``Facts``. Each part
returns the pages it wrote that the sitemap lists. It uses one Jinja environment and writes
each file directly, so the cost per listing is flat (no per-article pipeline).
Pelican runs it from our generator (``rehab_directory.site.generator``); nothing here depends
on Pelican.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from markupsafe import Markup

from rehab_directory.core.fields import language_name
from rehab_directory.core.geography import read_districts
from rehab_directory.core.vocab import Audience, Region, ServiceType, Substance, Vocab
from rehab_directory.framework.publication import wait_window_days
from rehab_directory.publish.open_data import ExportWriter, OpenData
from rehab_directory.publish.search import (
    SearchIndex,
    audiences_of,
    finder_context,
    join_search,
)
from rehab_directory.publish.synonyms import load_synonyms
from rehab_directory.site import browse, extras, ukmap
from rehab_directory.support.forking import forked_tasks, workers_for

from ..validator.engine import Validator
from .guides import Library
from .pieces import PIECE_VERSION, Facts, ListingPass, Piece
from .provider import ProviderPages
from .render import PageWriter, Renderer, SitePage, write_text
from .text import trusted_markdown
from .withheld import write_withheld_pages

QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'")
BROWSE_PAGE_SIZE = 50  # cards per browse page: keeps each page light at 10,000 listings
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
        return tuple(audiences_of(facts.search.row))
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


class SiteWriter:
    """The public site, written into ``out`` by ``write_all``.

    Made once per build, with everything its pages are made from: it checks the finder's
    synonyms, the guides and the glossary (a mistake stops the build before any listing is
    written), copies the theme's assets into ``out`` (each page's script tags carry the
    hashes of the files written) and sets up the templates, the search index and the
    open-data files, which the pass over the listings fills as each slice comes back.
    """

    def __init__(self, settings: dict[str, Any], validator: Validator, root: Path,
                 theme: Path, out: Path):
        self.settings, self.validator = settings, validator
        self.root, self.theme, self.out = root, theme, out
        self.framework = validator.framework
        self.today = validator.context.today
        self.site_url = settings.get("SITEURL", "").rstrip("/")
        self.stale_days = wait_window_days(self.framework)
        self.image_cache = _folder(settings, "DIRECTORY_IMAGE_CACHE")
        self.piece_cache = _folder(settings, "DIRECTORY_PIECE_CACHE")
        self.synonyms = load_synonyms(root)
        self.overrides = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        self.renderer = Renderer([*self.overrides, theme / "templates"], {
            "SITENAME": settings["SITENAME"],
            "SITEURL": self.site_url,
            "REPORT_EMAIL": settings["REPORT_EMAIL"],
            "REPO_URL": settings.get("REPO_URL") or "",
            "QUICK_EXIT_URL": QUICK_EXIT_URL,
            "CSP": Markup(CSP),
            "scripts": self.write_assets(),
            "stylesheets": self.stylesheets(),
            "today": self.today,
        })
        # The guides and the glossary (site/guides.py): every template can mark glossary
        # terms and link the guides.
        self.library = Library.load(root, validator.glossary, self.site_url, FACETS)
        self.library.install(self.renderer.env)
        self.pages = PageWriter(out, self.site_url, self.renderer, self.scripts_for)
        self.providers = ProviderPages(
            self.pages, today=self.today, stale_days=self.stale_days,
            image_cache=self.image_cache, repo_url=settings.get("REPO_URL") or "",
            report_email=settings["REPORT_EMAIL"])
        self.search_index = SearchIndex(_folder(settings, "DIRECTORY_SEARCH_CACHE"))
        self.exports = ExportWriter(out)

    # ------------------------------------------------------------------ the whole site

    def write_all(self) -> list[Piece]:
        """Check every listing and write the site; returns every listing's piece.

        Listings that meet the required standards are published; each other one is
        withheld (``piece.withheld`` says why) and its address gets a short page instead
        (``withheld.write_withheld_pages``). Each part of the site returns the pages it
        wrote that the sitemap lists, and the sitemap is written from them at the end."""
        pieces = self.write_listings()
        facts = [p.facts for p in pieces if p.withheld is None]
        sitemap = [SitePage(f"/providers/{f.slug}/", f.last_verified) for f in facts]
        # The search files (lunr's last step, ~0.1 ms a listing) and the browse pages (one
        # file per 50 listings) are written by two forked processes while this one writes
        # the other pages.
        apart = ["search", "browse"]
        with (forked_tasks(facts, self.write_apart, apart)
              if self.workers(len(facts)) > 1 else nullcontext()) as pending:
            if pending is None:
                for name in apart:
                    sitemap += self.write_apart(facts, name)
            sitemap += self.write_standards(facts)
            sitemap += self.write_text_pages()
            sitemap += self.write_home(facts)
            write_withheld_pages(self.pages.write,
                                 [p.withheld for p in pieces if p.withheld], facts)
            for result in pending or ():
                sitemap += result.get()
        extras.write_sitemap(self.out, self.site_url, sitemap)
        extras.write_feed(self.out, self.settings, self.site_url, facts, self.today)
        extras.write_robots(self.out, self.site_url)
        extras.write_headers(self.out, CSP)
        return pieces

    def write_listings(self) -> list[Piece]:
        """The pass over the listings (``pieces.ListingPass``): each is checked and, when
        publishable, its page written (``provider.ProviderPages``); the search index and
        the open-data files take each slice of listings as it comes back, while the
        workers make the rest."""
        paths = self.validator.listing_files()
        language_name("en")  # pycountry loads its data on first use: once, before forking
        run = ListingPass(self.validator, self.out, render=self.providers.render,
                          restore=self.providers.restore, site_url=self.site_url,
                          cache=self.piece_cache,
                          salt=self.fingerprint() if self.piece_cache else b"",
                          workers=self.workers(len(paths)))
        try:
            pieces = run.run(paths, self.take_slice)
            published = [p.facts for p in pieces if p.withheld is None]
            standards = {i for f in published for i in f.evaluated}
            self.exports.finish(len(published),
                                [self.framework.standards[i] for i in standards])
        finally:
            self.exports.close()
        return pieces

    def take_slice(self, pieces: list[Piece], exports: OpenData) -> None:
        """A slice of listings back from the pass: index the published ones for search and
        write their open data (withheld listings have neither)."""
        for piece in pieces:
            if piece.facts is not None:
                self.search_index.add(piece.facts.search.document)
        self.exports.add(exports)
        advance = self.settings.get("DIRECTORY_PROGRESS")
        if advance is not None:
            advance(len(pieces))

    def write_apart(self, facts: list[Facts], name: str) -> list[SitePage]:
        """Write the search files or the browse pages (in a forked process of their own
        when there are many listings); returns the sitemap's pages among them."""
        if name == "search":
            self.write_search(facts)
            return []
        return self.write_browse(facts)

    def workers(self, count: int) -> int:
        setting = self.settings.get("DIRECTORY_WORKERS")
        return int(setting) if setting is not None else workers_for(count)

    # ------------------------------------------------------------------ assets

    def write_assets(self) -> dict[str, dict[str, str]]:
        """Copy theme/static to /theme/ (scripts minified) and lunr.js; each script's
        address and SRI hash, from the files written, by its name under /theme/."""
        target = self.out / "theme"
        static = self.theme / "static"
        if static.is_dir():
            shutil.copytree(static, target, dirs_exist_ok=True)
        lunr = self.root / "node_modules" / "lunr" / "lunr.min.js"
        if not lunr.is_file():
            raise FileNotFoundError(
                f"{lunr} is missing: run 'npm ci' (make deps) to install lunr.js")
        (target / "js").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lunr, target / "js" / "lunr.min.js")
        ukmap.write_outline(self.root, self.out)
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

    def stylesheets(self) -> list[dict[str, str]]:
        sheets = []
        for name, media in (("site.css", "all"), ("finder.css", "all"), ("print.css", "print")):
            if (self.out / "theme" / "css" / name).is_file():
                sheets.append({"href": f"{self.site_url}/theme/css/{name}", "media": media})
        return sheets

    def write_search(self, facts: list[Facts]) -> None:
        for rel, text in join_search([f.search for f in facts],
                                     index=self.search_index, synonyms=self.synonyms,
                                     stale_after_days=self.stale_days,
                                     today=self.today).items():
            write_text(self.out, rel, text)

    def fingerprint(self) -> bytes:
        """What every provider page depends on besides its own listing and pictures."""
        digest = hashlib.blake2b(PIECE_VERSION, digest_size=20)
        package = Path(__file__).resolve().parent.parent
        folders = [package, *self.overrides, self.theme / "templates", self.root / "standards"]
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

    # ------------------------------------------------------------------ browse

    def browse_index(self, facts: list[Facts]) -> list[dict[str, Any]]:
        """The browse facets: for each, every value with its page title, count and URL."""
        facets = []
        for kind, (_vocab, heading, title) in FACETS.items():
            entries = []
            for value, members in groups(kind, facts).items():
                entries.append({"code": value.value, "label": value.label,
                                "title": title.format(label=value.label,
                                                      label_lower=_lower(value.label)),
                                "count": len(members), "members": members,
                                "url": f"/browse/{kind}/{value.value}/"})
            facets.append({"kind": kind, "heading": heading, "entries": entries})
        return facets

    def write_browse(self, facts: list[Facts]) -> list[SitePage]:
        """Every browse list (site/browse.py says what is on them), then /browse/."""
        facets = self.browse_index(facts)
        written = []
        for facet in facets:
            for entry in facet["entries"]:
                within = []
                if facet["kind"] == "region":
                    within = browse.region_services(Region(entry["code"]), entry["members"],
                                                    facts)
                    for sub in within:
                        written += self.write_list(sub, facet, parent=entry,
                                                   alternatives=sub["alternatives"])
                region_map = None
                if facet["kind"] == "region" and entry["members"]:
                    region_map = ukmap.map_view(
                        entry["members"], self.site_url,
                        ukmap.where_caption(entry["members"], f"in {entry['label']}"))
                written += self.write_list(entry, facet, within=within, uk_map=region_map,
                                           alternatives=browse.alternatives_for(
                                               facet["kind"], entry, facet["entries"]))
        written.append(self.pages.page("/browse/", "browse_index.html", facets=facets))
        return written

    def write_list(self, entry: dict, facet: dict, **context: Any) -> list[SitePage]:
        """One browse list, in pages of DIRECTORY_BROWSE_PAGE_SIZE cards (each card was
        rendered once, where its listing was read, and is reused on every list)."""
        size = self.settings.get("DIRECTORY_BROWSE_PAGE_SIZE", BROWSE_PAGE_SIZE)
        context = {"within": [], "parent": None, "alternatives": [], "uk_map": None,
                   **context}
        members = sorted(entry["members"], key=lambda f: (f.name, f.slug))
        base = entry["url"]
        chunks = [members[i:i + size] for i in range(0, len(members), size)] or [[]]
        return [self.pages.page(_page_url(base, number), "browse_list.html",
                                title=entry["title"], kind=facet["kind"],
                                facet_heading=facet["heading"],
                                cards=[Markup(f.card) for f in chunk],
                                total=len(members), first=(number - 1) * size + 1,
                                pager=_pager(base, number, len(chunks)), **context)
                for number, chunk in enumerate(chunks, 1)]

    # ------------------------------------------------------------------ standards

    def write_standards(self, facts: list[Facts]) -> list[SitePage]:
        by_area: dict[str, list] = defaultdict(list)
        for std in self.framework.standards.values():
            by_area[std.area].append(std)
        areas = [{"code": code, "label": label, "standards": by_area[code]}
                 for code, label in self.framework.areas.items() if by_area[code]]
        written = []
        for std in self.framework.standards.values():
            met = sum(1 for f in facts if std.id in f.met)
            written.append(self.pages.page(
                f"/standards/{std.id.lower()}/", "standard.html", standard=std,
                area=self.framework.areas[std.area], met=met, total=len(facts)))
        written.append(self.pages.page("/standards/", "standards_index.html", areas=areas))
        return written

    # ------------------------------------------------------------------ our own pages

    def write_text_pages(self) -> list[SitePage]:
        """content/pages/, the guides and glossary, the compare page and the 404 page."""
        written = []
        folder = self.root / "content" / "pages"
        for path in sorted(folder.glob("*.md")):
            meta, body = read_page(path)
            slug = meta.get("slug", path.stem)
            html = str(trusted_markdown(body)).replace('href="/', f'href="{self.site_url}/')
            written.append(self.pages.page(
                f"/{slug}/", "page.html", title=meta["title"],
                summary=meta.get("summary", ""), body=Markup(html), slug=slug,
                district_credits=read_districts()[1]))
        written += self.library.write(self.pages.page)
        self.pages.write("/404.html", "404.html")  # not in the sitemap
        if self.renderer.has_template("compare.html"):
            written.append(self.pages.page("/compare/", "compare.html"))
        return written

    def write_home(self, facts: list[Facts]) -> list[SitePage]:
        return [self.pages.page("/", "index.html", facets=self.browse_index(facts),
                                service_count=len(facts),
                                finder=finder_context(facts, self.out, self.site_url),
                                uk_map=ukmap.map_view(facts, self.site_url,
                                                      ukmap.where_caption(facts,
                                                                          "listed here")))]


def groups(kind: str, facts: list[Facts]) -> dict[Vocab, list[Facts]]:
    """The listings with each value of a browse facet."""
    grouped: dict[Vocab, list[Facts]] = {v: [] for v in FACETS[kind][0]}
    for f in facts:
        for value in facet_values(kind, f):
            grouped[value].append(f)
    return grouped


def _folder(settings: dict[str, Any], name: str) -> Path | None:
    value = settings.get(name)
    return Path(value) if value else None


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


def _lower(label: str) -> str:
    # "Opioids (such as heroin)" -> "opioids (such as heroin)"; keep acronyms like GHB, CBT
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[0].lower() + label[1:]


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

