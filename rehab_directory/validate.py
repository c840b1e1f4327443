"""The validator: YAML, then schema, then files, then the framework's standards.

Each layer runs only on what the layer before it accepted (a listing that does not parse is
not checked against standards). Everything reads listings through ``Validator``: the command
line, the site build and the review report.

    python scripts/validate.py [PATH ...] [--format text|json|github] [--strict] [--today DATE]

Exit status: 0 when nothing fails, 1 when something does, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pydantic
from pydantic import ValidationError

from .files import check_files
from .findings import Finding, Severity, failing, render
from .model import Listing
from .rules import RULES
from .schema_errors import translate
from .standards import Context, Evaluation, Framework, StandardsDataError, evaluate
from .yamlio import Marks, YamlError, load

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path("content/providers")


@dataclass
class Checked:
    """A listing file and all that the validator found in it."""

    path: Path
    display: str
    listing: Listing | None = None
    marks: Marks | None = None
    evaluation: Evaluation | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        return self.listing is not None and not any(
            f.severity is Severity.ERROR for f in self.findings)


def display_path(path: Path) -> str:
    """The path as a person at the terminal would type it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


class Validator:
    """Reads and checks listings. With ``cache``, YAML and schema results are kept in
    ``cache/parsed.pickle`` keyed by each file's bytes, so a rebuild after one change parses
    one file. The key includes the check date (past-date rules depend on it) and a
    fingerprint of the parsing code, so a code change never serves a stale result."""

    parallel_from = 200  # unparsed listings; below this a pool costs more than it saves
    # False: drop each listing's YAML positions once its findings are made (the build does:
    # at 10,000 listings they would be ~270 MB it never reads).
    keep_marks = True

    def __init__(self, root: Path = ROOT, today: date | None = None,
                 cache: Path | None = None):
        self.root = root
        self.framework = Framework.load(root / "standards", Path.cwd())
        self.context = Context(today or date.today(), self.framework)
        self.cache = ParseCache(cache, self.context.today) if cache else None

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
        return self._complete(self._read_and_parse(path))

    def _read_and_parse(self, path: Path) -> Checked:
        """Layers one and two, through the cache when there is one."""
        try:
            raw = _read_limited(path)
        except OSError as exc:
            return _unreadable(path, exc)
        if not self.cache:
            return self.parse(raw, path)
        display = display_path(path)
        key, hit = self.cache.lookup(raw, display)
        if hit is None:
            hit = self.cache.store(key, self.parse(raw, path, display))
        return Checked(path, display, hit[0], hit[1], None, list(hit[2]))

    def _complete(self, checked: Checked) -> Checked:
        """Layers three and four (files, standards) on a parsed listing."""
        if checked.listing is not None:
            checked.findings.extend(check_files(checked.listing, checked.path, checked.display,
                                                checked.marks))
            checked.evaluation = evaluate(checked.listing, self.context)
            for result in checked.evaluation.results:
                checked.findings.extend(result.findings(checked.display, checked.marks))
        return checked

    def check_files(self, paths: Iterable[Path]) -> list[Checked]:
        paths = list(paths)
        if self.cache and len(paths) >= self.parallel_from and _can_fork():
            self._parse_in_workers(paths)
        results: list[Checked] = []
        slug_at: dict[Path, tuple[int, int]] = {}  # for FILE-002, which needs every listing
        for path in paths:
            c = self.check_file(path)
            if c.listing is not None:
                slug_at[path] = c.marks.locate(("slug",))
            if not self.keep_marks:
                c.marks = None
            results.append(c)
        if self.cache:
            self.cache.save()
        by_slug: dict[str, list[Checked]] = defaultdict(list)
        for c in results:
            if c.listing is not None:
                by_slug[c.listing.slug].append(c)
        for slug, same in by_slug.items():
            if len(same) > 1:
                spec = RULES["FILE-002"]
                for c in same:
                    others = ", ".join(o.display for o in same if o is not c)
                    line, col = slug_at[c.path]
                    c.findings.append(Finding(c.display, line, col, spec.severity, spec.id,
                                              "slug", f"'{slug}' is also the slug of {others}",
                                              spec.fix))
        return results

    def _parse_in_workers(self, paths: list[Path]) -> None:
        """Put the files the cache lacks into it, parsed by forked workers.

        Only with a cache: a worker sends back the pickled entry, which the cache keeps as
        it is, so the parent only unpickles it (~0.5 ms a listing, against ~3 ms to parse).
        Then ``check_file`` finds every file in the cache; the results are the same.
        """
        missing: dict[bytes, tuple[bytes, Path, str]] = {}
        for path in paths:
            try:
                raw = _read_limited(path)
            except OSError:
                continue  # reported by check_file
            display = display_path(path)
            key = self.cache.key(raw, display)
            if key not in self.cache.entries:
                missing[key] = (raw, path, display)
        if len(missing) < self.parallel_from:
            return
        import multiprocessing  # here: the command line checking one file never needs it

        global _PARSING  # inherited by the forked workers; never read otherwise
        _PARSING = self
        items = list(missing.items())
        try:
            workers = min(os.cpu_count() or 1, 4)
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for key, blob in pool.imap(_parse_entry, items, chunksize=16):
                    self.cache.add(key, blob)
        finally:
            _PARSING = None


_PARSING: Validator | None = None


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _parse_entry(item: tuple[bytes, tuple[bytes, Path, str]]) -> tuple[bytes, bytes]:
    """In a forked worker: one file's cache entry, pickled."""
    key, (raw, path, display) = item
    checked = _PARSING.parse(raw, path, display)
    return key, ParseCache.entry(checked)


class ParseCache:
    """Parsed listings (layers one and two only) by the hash of their bytes."""

    CODE = ("model.py", "vocab.py", "yamlio.py", "schema_errors.py", "rules.py", "findings.py")
    # Each entry is pickled on its own, so saving after one change writes the others' bytes
    # as they are instead of pickling every listing again.
    FORMAT = b"entries-as-bytes-v2"

    def __init__(self, folder: Path, today: date):
        self.file = folder / "parsed.pickle"
        digest = hashlib.blake2b(today.isoformat().encode(), digest_size=16)
        digest.update(self.FORMAT + pydantic.VERSION.encode())
        for name in self.CODE:
            digest.update((Path(__file__).parent / name).read_bytes())
        self.salt = digest.digest()
        self.entries: dict[bytes, bytes] = {}
        self.used: dict[bytes, bytes] = {}
        self.dirty = False
        try:
            with open(self.file, "rb") as fh:
                salt, entries = pickle.load(fh)
            if salt == self.salt:
                self.entries = entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError, ImportError):
            pass  # no cache, or one from other code: start afresh

    @staticmethod
    def key(raw: bytes, display: str) -> bytes:
        return hashlib.blake2b(raw + display.encode(), digest_size=20).digest()

    @staticmethod
    def entry(checked: Checked) -> bytes:
        hit = (checked.listing, checked.marks, tuple(checked.findings))
        return pickle.dumps(hit, protocol=pickle.HIGHEST_PROTOCOL)

    def lookup(self, raw: bytes, display: str) -> tuple[bytes, tuple | None]:
        key = self.key(raw, display)
        blob = self.entries.get(key)
        if blob is None:
            return key, None
        try:
            hit = pickle.loads(blob)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                ImportError):
            return key, None  # a damaged entry: parse the file again
        self.used[key] = blob
        return key, hit

    def add(self, key: bytes, blob: bytes) -> None:
        self.entries[key] = blob
        self.dirty = True

    def store(self, key: bytes, checked: Checked) -> tuple:
        self.used[key] = self.entry(checked)
        self.dirty = True
        return (checked.listing, checked.marks, tuple(checked.findings))

    def save(self) -> None:
        """Keep what this run used (so deleted and old versions drop out), atomically."""
        if not self.dirty and self.used.keys() == self.entries.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump((self.salt, self.used), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.entries, self.dirty = dict(self.used), False


def _unreadable(path: Path, exc: OSError) -> Checked:
    checked = Checked(path, display_path(path))
    spec = RULES["DATA-003"]
    checked.findings.append(Finding(checked.display, 1, 1, spec.severity, spec.id, "(file)",
                                    f"cannot read it ({exc.strerror})", spec.fix))
    return checked


def _read_limited(path: Path) -> bytes:
    """Read at most one byte more than a listing may be, so a huge file costs nothing."""
    from .yamlio import MAX_BYTES

    with open(path, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def _expand(paths: Sequence[str], validator: Validator) -> list[Path]:
    if not paths:
        return validator.listing_files()
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")))
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


def _summary(checked: list[Checked], findings: list[Finding], strict: bool) -> str:
    counts = defaultdict(int)
    for f in findings:
        counts[f.severity] += 1
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
             for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE) if counts[s]]
    bad = sum(1 for c in checked if failing(c.findings, strict))
    if not parts:
        return f"All {len(checked)} listing(s) are valid and meet the framework's standards."
    return (f"{', '.join(parts)} in {len(checked)} listing(s); "
            f"{bad} listing(s) fail{' (--strict: warnings fail too)' if strict else ''}.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Check provider listings against the listing format and the framework's "
                    "standards. With no PATH, checks every listing in content/providers/.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="listing files or folders")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text (default), json, or github (annotations for GitHub Actions)")
    parser.add_argument("--strict", action="store_true", help="advisory findings fail too")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="check as if today were this date (for reproducible runs)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        validator = Validator(args.root, args.today)
        paths = _expand(args.paths, validator)
    except StandardsDataError as exc:
        print(render(exc.findings, args.format), file=sys.stdout)
        print("The framework's data in standards/ is broken; nothing was checked.",
              file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        parser.print_usage(sys.stderr)
        print(f"validate.py: error: no such file or folder: {exc}", file=sys.stderr)
        return 2
    checked = validator.check_files(paths)
    findings = [f for c in checked for f in c.findings]
    output = render(findings, args.format)
    if output:
        print(output)
    if args.format == "text":
        print(_summary(checked, findings, args.strict), file=sys.stderr)
    return 1 if failing(findings, args.strict) else 0
