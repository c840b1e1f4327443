"""The validator's engine: YAML, then schema, then files, then the framework's standards, then
the advisory plain-language checks on a listing's words (``plain.py``, against the glossary).

Each layer runs only on what the layer before it accepted (a listing that does not parse is
not checked against standards). Everything reads listings through ``Validator``: the command
line (``rehab_directory.validate``), the site build, the review report and the forms.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from rehab_directory.core.findings import Finding
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.schema_errors import translate
from rehab_directory.core.yamlio import MAX_BYTES, YamlError, load
from rehab_directory.framework.evaluation import evaluate
from rehab_directory.framework.glossary import Glossary
from rehab_directory.framework.plain import check_listing as check_text
from rehab_directory.framework.plain import prepare as prepare_text_checks
from rehab_directory.framework.standards import Context, Framework
from rehab_directory.support.clock import uk_today
from rehab_directory.support.forking import PARALLEL_FROM, forked_map, workers_for

from .checked import Checked, display_path
from .files import check_files
from .plausible import check_listing as check_plausible

ROOT = Path(__file__).resolve().parents[2]
CONTENT = Path("content/providers")


class Validator:
    """Reads and checks listings, one file at a time or many (``check_listings``)."""

    # False: drop each listing's YAML positions once its findings are made (at 10,000
    # listings they would be ~270 MB nobody reads).
    keep_marks = True
    parallel_from = PARALLEL_FROM  # files (an attribute, so a test can move it)

    def __init__(self, root: Path = ROOT, today: date | None = None):
        self.root = root
        self.framework = Framework.load(root / "standards", Path.cwd())
        self.glossary = Glossary.load(root, Path.cwd())  # StandardsDataError if broken
        prepare_text_checks(self.glossary)
        self.context = Context(today or uk_today(), self.framework)

    def listing_files(self) -> list[Path]:
        return sorted((self.root / CONTENT).glob("*.yaml"))

    def parse(self, raw: bytes, path: Path, display: str | None = None) -> Checked:
        """Layers one and two (YAML and schema) on bytes: no standards, no files."""
        checked = Checked(path, display or display_path(path))
        try:
            document = load(raw, checked.display)
        except YamlError as exc:
            checked.findings.extend(exc.findings)
            return checked
        checked.marks = document.marks
        checked.findings.extend(document.findings)
        try:
            checked.listing = Listing.model_validate(
                document.data, context={"today": self.context.today})
        except ValidationError as exc:
            checked.findings.extend(translate(exc, checked.display, document.marks))
        return checked

    def check_file(self, path: Path) -> Checked:
        """All four layers on one listing file."""
        try:
            raw = read_limited(path)
        except OSError as exc:
            return _unreadable(path, exc)
        return self.check_bytes(raw, path)

    def check_bytes(self, raw: bytes, path: Path, display: str | None = None) -> Checked:
        """All four layers on a listing file's bytes (``path`` locates its pictures)."""
        return self.complete(self.parse(raw, path, display))

    def complete(self, checked: Checked) -> Checked:
        """The layers after the schema on a parsed listing (``parse``), in place: its files
        (found from ``checked.path``), plausibility, the standards, the plain-language checks.
        The one place these layers are run: the command line, the build, the forms and the
        review report all come here."""
        if checked.listing is not None:
            checked.findings.extend(check_files(checked.listing, checked.path, checked.display,
                                                checked.marks))
            checked.findings.extend(check_plausible(checked.listing, checked.display,
                                                    checked.marks))
            checked.evaluation = evaluate(checked.listing, self.context)
            for result in checked.evaluation.results:
                checked.findings.extend(result.findings(checked.display, checked.marks))
            checked.findings.extend(check_text(checked.listing, self.glossary,
                                               checked.display, checked.marks))
        return checked

    def check_listings(self, paths: Iterable[Path],
                       advance: Callable[[int], None] | None = None) -> list[Checked]:
        """Every file checked, in order, with FILE-002 (which needs them all) added;
        ``advance(1)`` is called as each is done (a progress bar's).

        From ``parallel_from`` files on, forked workers check them (the results are the
        same: each sends back its ``Checked`` without the evaluation, which the parent
        makes again from the listing, ~20 times cheaper than pickling it)."""
        paths = list(paths)
        done: Iterable = map(self._check_one, paths)
        workers = workers_for(len(paths), self.parallel_from)
        if workers > 1:
            done = self._check_in_workers(paths, workers)
        results: list[Checked] = []
        slugs = []
        for c, slug_at in done:
            if c.listing is not None:
                slugs.append(SlugClaim(c.display, c.listing.slug, slug_at, c.findings))
            results.append(c)
            if advance is not None:
                advance(1)
        mark_duplicate_slugs(slugs)
        return results

    def _check_one(self, path: Path) -> tuple[Checked, tuple[int, int] | None]:
        c = self.check_file(path)
        slug_at = c.marks.locate(("slug",)) if c.listing is not None else None
        if not self.keep_marks:
            c.marks = None
        return c, slug_at

    def _check_in_workers(self, paths: list[Path], workers: int
                          ) -> Iterator[tuple[Checked, tuple | None]]:
        for c, slug_at in forked_map(self, _check_in_worker, paths, workers, 16):
            if c.listing is not None:
                c.evaluation = evaluate(c.listing, self.context)
            yield c, slug_at


def _check_in_worker(validator: Validator, path: Path) -> tuple[Checked, tuple | None]:
    c, slug_at = validator._check_one(path)
    c.evaluation = None  # made again by the parent: its results hold the framework's objects
    return c, slug_at


@dataclass(frozen=True, eq=False)  # eq=False: two claims are the same only if one object
class SlugClaim:
    """One listing's slug, as ``mark_duplicate_slugs`` needs it."""

    display: str  # the listing's file, as shown in findings
    slug: str
    at: tuple[int, int]  # the line and column its slug is written at
    findings: list[Finding]  # the listing's findings, which FILE-002 is added to


def mark_duplicate_slugs(claims: Iterable[SlugClaim]) -> None:
    """FILE-002 on every listing whose slug another has.

    The listing whose file name is the slug owns it and is not at fault: only the others
    are marked (they also fail FILE-001). So a copy of a listing under another file name is
    refused without making the genuine listing fail, and be withheld, with it."""
    by_slug: dict[str, list[SlugClaim]] = defaultdict(list)
    for claim in claims:
        by_slug[claim.slug].append(claim)
    spec = RULES["FILE-002"]
    for slug, same in by_slug.items():
        if len(same) < 2:
            continue
        for claim in same:
            if Path(claim.display).stem == slug:
                continue  # the owner
            line, col = claim.at
            others = ", ".join(o.display for o in same if o is not claim)
            claim.findings.append(Finding(claim.display, line, col, spec.severity, spec.id,
                                          "slug", f"'{slug}' is also the slug of {others}",
                                          spec.fix))


def _unreadable(path: Path, exc: OSError) -> Checked:
    checked = Checked(path, display_path(path))
    spec = RULES["DATA-003"]
    checked.findings.append(Finding(checked.display, 1, 1, spec.severity, spec.id, "(file)",
                                    f"cannot read it ({exc.strerror})", spec.fix))
    return checked


def read_limited(path: Path) -> bytes:
    """Read at most one byte more than a listing may be, so a huge file costs nothing."""
    # os.read of the file's size: a buffered read(MAX_BYTES + 1) allocates 256 KiB for
    # every ~3 KB listing (30 us against 6 us a file, at 10,000 listings a core's 0.2 s).
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        want = MAX_BYTES + 1
        if stat.S_ISREG(st.st_mode) and st.st_size:
            want = min(st.st_size, MAX_BYTES) + 1
        chunks = []
        while want > 0:  # a file may grow while read, or a read return less
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
