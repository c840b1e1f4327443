"""Record a framework reviewer's verification of a listing, as a commit of its own.

    python scripts/verify.py SLUG --by HANDLE [--on YYYY-MM-DD] [--no-commit]

A verification says that a framework reviewer checked every required standard's evidence
and the contact details with the provider. Only a reviewer records one: ``HANDLE`` must be
in ``.github/reviewers.yaml``, and the review report treats a provider's change to these
fields as a scope error. The command changes exactly two lines of the listing,
``last_verified:`` (the day, in UK time; default today) and ``verified_by:`` (who), adding
them if they are missing, and keeps every other byte of the file as it was. Then it commits
that one file with a message that says what was verified, by whom and when (``--no-commit``
leaves the change for you to commit), so that the verification is a reviewed commit of its
own. It refuses when the listing has uncommitted changes, so nothing else slips into it.

Exit status: 0 recorded, 1 refused (not a reviewer, uncommitted changes, a listing that
cannot be read, git failed), 2 usage error (bad slug, handle or date, no such listing).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rehab_directory.core.fields import GITHUB_HANDLE_RE, SLUG_RE
from rehab_directory.framework.publication import VERIFICATION_FIELDS, assess
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.review.reviewers import REVIEWERS_FILE, ReviewersError, load_reviewers
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import date_argument, long_date, uk_today
from rehab_directory.support.program import program_name

from .validator.engine import CONTENT, ROOT, Validator


class Refused(Exception):
    """The verification cannot be recorded; the message says why, in plain words."""


# ---------------------------------------------------------------------------- the edit


def _line_re(key: str) -> re.Pattern[bytes]:
    # A top-level key at the start of a line: its value, an optional comment, the line end.
    return re.compile(rb"^" + key.encode() + rb"[ \t]*:(?P<rest>[^\r\n]*)(?P<eol>\r?\n|$)",
                      re.M)


def _comment(rest: bytes) -> bytes:
    """The comment after a one-line value (with its spacing), or nothing."""
    found = re.search(rb"([ \t]+#.*)$", rest)
    return found.group(1) if found else b""


def record(raw: bytes, on: date, by: str) -> bytes:
    """The listing's bytes with ``last_verified: ON`` and ``verified_by: BY``, every other
    byte unchanged; the keys are added (before ``maintainers:``, else at the end) if missing.
    """
    eol = b"\r\n" if b"\r\n" in raw else b"\n"
    values = {"last_verified": on.isoformat().encode(), "verified_by": by.encode()}
    out = raw
    missing = []
    for key in VERIFICATION_FIELDS:
        found = list(_line_re(key).finditer(out))
        if len(found) > 1:
            raise Refused(f"'{key}:' appears {len(found)} times in the listing; keep one")
        if not found:
            missing.append(key)
            continue
        m = found[0]
        after = out[m.end():]
        value = m.group("rest").split(b"#")[0].strip()
        if value[:1] in (b"|", b">") or re.match(rb"[ \t]+[^\s#]", after):
            raise Refused(f"'{key}:' does not hold its value on one line; write it as "
                          f"'{key}: {values[key].decode()}' and try again")
        line = key.encode() + b": " + values[key] + _comment(m.group("rest")) + m.group("eol")
        out = out[:m.start()] + line + out[m.end():]
    if missing:
        block = b"".join(k.encode() + b": " + values[k] + eol for k in missing)
        anchor = None
        if missing == ["verified_by"]:
            m = _line_re("last_verified").search(out)
            anchor = m.end() if m else None
            if anchor is not None and not m.group("eol"):
                block = eol + block
        elif missing == ["last_verified"]:
            anchor = _line_re("verified_by").search(out).start()
        else:
            m = _line_re("maintainers").search(out)
            anchor = m.start() if m else None
        if anchor is None:
            prefix = b"" if not out or out.endswith((b"\n", b"\r")) else eol
            out = out + prefix + block
        else:
            out = out[:anchor] + block + out[anchor:]
    return out


# ---------------------------------------------------------------------------- git


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=False)


def _check_clean(root: Path, rel: str) -> None:
    if _git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise Refused(f"{root} is not a git repository: run it in your clone, or use "
                      "--no-commit and commit the change yourself")
    if _git(root, "ls-files", "--error-unmatch", "--", rel).returncode != 0:
        raise Refused(f"{rel} is not committed yet: merge the provider's pull request first, "
                      "then verify the listing on its own")
    status = _git(root, "status", "--porcelain", "--", rel)
    if status.returncode != 0 or status.stdout.strip():
        raise Refused(f"{rel} has uncommitted changes: commit or undo them first, so that "
                      "the verification is a commit of its own")


def _commit(root: Path, rel: str, slug: str, by: str, on: date) -> str:
    message = f"Verify {slug}: checked by {by} on {on.isoformat()}"
    body = (f"{by}, a framework reviewer, checked the listing's evidence and contact details "
            f"with the provider on {long_date(on)} (UK time). Recorded with scripts/verify.py: "
            "only last_verified and verified_by changed.")
    done = _git(root, "commit", "--quiet", "-m", message, "-m", body, "--", rel)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise Refused("git could not commit it: " + (lines[-1] if lines else "no reason given"))
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()



def verify(root: Path, slug: str, by: str, on: date, commit: bool = True) -> str:
    """Record the verification; returns what to tell the reviewer. Raises Refused."""
    rel = f"{CONTENT.as_posix()}/{slug}.yaml"
    path = root / rel
    try:
        reviewers = load_reviewers(root)
    except ReviewersError as exc:
        raise Refused(str(exc)) from None
    if by.lower() not in reviewers:
        raise Refused(f"{by} is not a framework reviewer: {REVIEWERS_FILE} names "
                      f"{', '.join(sorted(reviewers))}. Only a reviewer records a "
                      "verification; ask to be added to the list by pull request")
    if commit:
        _check_clean(root, rel)
    raw = path.read_bytes()
    try:
        validator = Validator(root, on)
    except StandardsDataError as exc:
        raise Refused("the framework's files in standards/ are broken:\n" + "\n".join(
            f.text() for f in exc.findings)) from None
    before = validator.parse(raw, path, rel)
    if before.listing is None:
        raise Refused(f"{rel} cannot be read as a listing ({len(before.findings)} finding(s)): "
                      f"run scripts/validate.py {rel} and fix it first")
    new = record(raw, on, by)
    after = validator.check_bytes(new, path, rel)
    if after.listing is None or (after.listing.last_verified, after.listing.verified_by) != (
            on, by):
        raise Refused("the edited listing would not read back as verified; nothing was "
                      "changed (please report this)")
    write_atomically(path, new)
    note = ""
    standing = assess(after.listing, after.findings, validator.context)
    if not standing.published:
        note = (f"\nNote: as on {long_date(on)} the listing is still withheld "
                f"({standing.reason_with_rules}); the provider must fix "
                "that by pull request before it is published.")
    if not commit:
        return (f"Recorded the verification of {slug} by {by} on {long_date(on)} in {rel} "
                f"(not committed: commit that file alone).{note}")
    try:
        sha = _commit(root, rel, slug, by, on)
    except Refused:
        write_atomically(path, raw)  # put the file back as it was
        raise
    return (f"Recorded the verification of {slug} by {by} on {long_date(on)} in commit {sha}. "
            f"Open a pull request with this commit alone.{note}")


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a listing's slug (lower-case "
                                         "letters, digits and hyphens, e.g. beacon-lodge-leeds)")
    return value


def _handle(value: str) -> str:
    if not GITHUB_HANDLE_RE.match(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a GitHub user name (give it "
                                         "without @, e.g. robin-example)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name("verify.py"),
        description="Record that a framework reviewer verified a listing: sets last_verified "
                    "and verified_by (only those two lines change) and commits that file "
                    "alone. See REVIEWING.md.")
    parser.add_argument("slug", type=_slug, metavar="SLUG",
                        help="the listing, e.g. beacon-lodge-leeds")
    parser.add_argument("--by", type=_handle, required=True, metavar="HANDLE",
                        help="your GitHub user name, as in .github/reviewers.yaml")
    parser.add_argument("--on", type=date_argument, metavar="YYYY-MM-DD",
                        help="the day you finished checking (default: today, UK time)")
    parser.add_argument("--no-commit", action="store_true",
                        help="change the file but do not commit it")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    today = uk_today()
    on = args.on or today
    if on > today:
        parser.error(f"--on {on.isoformat()} is in the future (today is {today.isoformat()} "
                     "in the UK): give the day you finished checking")
    if not (args.root / CONTENT / f"{args.slug}.yaml").is_file():
        parser.error(f"there is no listing {CONTENT.as_posix()}/{args.slug}.yaml in "
                     f"{args.root}")
    try:
        print(verify(args.root, args.slug, args.by, on, commit=not args.no_commit))
    except Refused as exc:
        print(f"verify.py: {exc}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
