"""Read-only access to the repository through the git command line, never a shell.

The review never checks anything out and never runs anything from the revisions it compares:
every file is read as a blob and treated as hostile data.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rehab_directory.core.fields import SLUG_RE
from rehab_directory.framework.glossary import GLOSSARY_FILE
from rehab_directory.review.reviewers import REVIEWERS_FILE

PROVIDERS = "content/providers/"
STANDARDS = "standards/"
GLOSSARY = GLOSSARY_FILE.as_posix()
# What the review reads from each revision: listings, the framework, the glossary (for the
# plain-language checks), the reviewers list.
READ_PATHS = (PROVIDERS.rstrip("/"), STANDARDS.rstrip("/"), GLOSSARY, REVIEWERS_FILE)


class ReviewError(Exception):
    """The review could not run (bad revision, not a repository); the message says why."""


@dataclass(frozen=True)
class Entry:
    """One entry of a git tree."""

    mode: str
    kind: str  # blob, tree, commit
    oid: str
    size: int | None

    @property
    def is_link(self) -> bool:
        return self.mode == "120000"

    @property
    def is_file(self) -> bool:
        return self.kind == "blob" and self.mode in ("100644", "100755")


@dataclass(frozen=True)
class Change:
    """One path changed between two revisions (``git diff --raw``)."""

    status: str  # A, M, D, R, T (C is read as A)
    path: str  # the path in head (for D: the removed path)
    old_path: str | None  # for R: the path in base
    new_mode: str

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p for p in (self.old_path, self.path) if p)


def classify(path: str) -> tuple[str, str | None]:
    """('listing', slug), ('asset', slug), ('stray', None) or ('framework', None)."""
    if not path.startswith(PROVIDERS):
        return "framework", None
    rest = path[len(PROVIDERS):]
    head, sep, _ = rest.partition("/")
    if not sep:
        if rest.endswith(".yaml") and SLUG_RE.match(rest[:-5]):
            return "listing", rest[:-5]
        return "stray", None
    return ("asset", head) if SLUG_RE.match(head) else ("stray", None)


def listing_path(slug: str) -> str:
    return f"{PROVIDERS}{slug}.yaml"


class Git:
    """Read-only access to one repository."""

    def __init__(self, repo: Path):
        self.repo = repo
        self._trees: dict[str, dict[str, Entry]] = {}

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_NOSYSTEM="1", LC_ALL="C", GIT_TERMINAL_PROMPT="0")
        return env

    def run(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        proc = subprocess.run(
            ["git", "-C", str(self.repo), "-c", "core.quotePath=false", *args],
            capture_output=True, env=self._env(), input=stdin, check=False)
        if proc.returncode not in ok:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReviewError(f"git {args[0]}: {message[-1] if message else 'failed'}")
        return proc.stdout

    def commit(self, ref: str) -> str:
        if ref.startswith("-"):
            raise ReviewError(f"'{ref}' is not a revision")
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{ref}^{{commit}}").decode().strip()
        except ReviewError:
            raise ReviewError(f"'{ref}' is not a commit in {self.repo}") from None

    def merge_base(self, a: str, b: str) -> str:
        try:
            return self.run("merge-base", a, b).decode().strip() or a
        except ReviewError:
            return a

    def changes(self, base: str, head: str) -> list[Change]:
        out = self.run("diff", "--raw", "-z", "-M", "--no-ext-diff", "--no-textconv",
                       "--no-color", base, head, "--")
        parts = out.decode("utf-8", "surrogateescape").split("\0")
        changes, i = [], 0
        while i < len(parts) and parts[i]:
            meta = parts[i].lstrip(":").split()
            status = meta[4][0]
            if status in ("R", "C"):
                old, new = parts[i + 1], parts[i + 2]
                i += 3
                changes.append(Change("R", new, old, meta[1]) if status == "R"
                               else Change("A", new, None, meta[1]))
            else:
                changes.append(Change(status, parts[i + 1], None, meta[1]))
                i += 2
        return changes

    def tree(self, rev: str) -> dict[str, Entry]:
        """Every entry of ``READ_PATHS`` at ``rev`` (one git call)."""
        if rev not in self._trees:
            out = self.run("ls-tree", "-r", "-t", "-l", "-z", "--full-tree", rev, "--",
                           *READ_PATHS)
            found = {}
            for record in out.decode("utf-8", "surrogateescape").split("\0"):
                if not record:
                    continue
                meta, _, name = record.partition("\t")
                mode, kind, oid, size = meta.split()
                found[name] = Entry(mode, kind, oid, None if size == "-" else int(size))
            self._trees[rev] = found
        return self._trees[rev]

    def entry(self, rev: str, path: str) -> Entry | None:
        return self.tree(rev).get(path)

    def entries(self, rev: str, folder: str) -> dict[str, Entry]:
        """The entries directly inside ``folder`` (given with a trailing /)."""
        return {path: e for path, e in self.tree(rev).items()
                if path.startswith(folder) and "/" not in path[len(folder):]}

    def listing_paths(self, rev: str) -> list[str]:
        return sorted(p for p in self.entries(rev, PROVIDERS) if classify(p)[0] == "listing")

    def blob(self, oid: str) -> bytes:
        return self.run("cat-file", "blob", oid)

    def grep(self, rev: str, patterns: Iterable[str], folder: str) -> list[str]:
        """The files under ``folder`` at ``rev`` whose text matches any of ``patterns``
        (POSIX extended regular expressions, ignoring case): one git process, in C, so it
        costs little even over thousands of listings."""
        args = ["grep", "-l", "-I", "-i", "-E", "--no-color", "--full-name"]
        for pattern in dict.fromkeys(patterns):
            args += ["-e", pattern]
        if len(args) == 7:
            return []
        out = self.run(*args, rev, "--", folder, ok=(0, 1)).decode("utf-8", "surrogateescape")
        prefix = f"{rev}:"
        return sorted(line.removeprefix(prefix) for line in out.splitlines() if line)

    def blobs(self, oids: Iterable[str]) -> dict[str, bytes]:
        """Many blobs in one git process (``cat-file --batch``), by object ID."""
        wanted = list(dict.fromkeys(oids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", stdin="".join(f"{o}\n" for o in wanted).encode())
        found: dict[str, bytes] = {}
        at = 0
        for oid in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) < 3:
                continue  # "<oid> missing": no content follows
            size = int(header[2])
            if header[1] == b"blob":
                found[oid] = out[at:at + size]
            at += size + 1  # the content is followed by a newline
        return found
