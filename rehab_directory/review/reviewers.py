"""The framework's reviewers: a reviewed list kept in the repository, ``.github/reviewers.yaml``.

Who is a reviewer decides how the review report judges a pull request (a reviewer's may
change the framework and record verifications; a provider's may change only its own
listing) and who may record a verification (``scripts/verify.py``). It comes from this file,
changed only by a pull request that the maintainers in ``.github/CODEOWNERS`` approve, never
from GitHub's idea of the author (organisation membership can be private, and any member
would otherwise escape the scope checks). The review reads the list from the pull request's
*base* revision, so a pull request cannot make its own author a reviewer.

The file is strict: one key, ``reviewers``, a list of GitHub user names (no ``@``), each
once. GitHub compares user names without regard to case, and so does ``load_reviewers``:
it returns them in lower case.
"""

from __future__ import annotations

from pathlib import Path

from rehab_directory.core.fields import GITHUB_HANDLE_RE
from rehab_directory.core.yamlio import MAX_BYTES, YamlError, load

REVIEWERS_FILE = ".github/reviewers.yaml"


class ReviewersError(Exception):
    """The reviewers list is missing or broken; the message says where and how to fix it."""


def parse_reviewers(raw: bytes, display: str = REVIEWERS_FILE) -> frozenset[str]:
    """The reviewers named in the bytes of a reviewers file, in lower case."""
    if len(raw) > MAX_BYTES:
        raise ReviewersError(f"{display}: the file is too large for a list of user names")
    try:
        data = load(raw, display).data
    except YamlError as exc:
        if any(f.rule != "YAML-009" for f in exc.findings):  # YAML-009: no set of fields
            raise ReviewersError("\n".join(f.text() for f in exc.findings)) from None
        data = None
    if not isinstance(data, dict) or set(data) != {"reviewers"}:
        raise ReviewersError(f"{display}: the file must hold one key, 'reviewers:', with the "
                             "list of reviewers' GitHub user names")
    names = data["reviewers"]
    if not isinstance(names, list) or not names:
        raise ReviewersError(f"{display}: 'reviewers' must be a list of at least one GitHub "
                             "user name, e.g. reviewers: [robin-example]")
    seen: set[str] = set()
    for i, name in enumerate(names):
        if not isinstance(name, str) or not GITHUB_HANDLE_RE.match(name):
            shown = str(name)[:40]
            raise ReviewersError(f"{display}: reviewers[{i}] '{shown}' is not a GitHub user "
                                 "name; give the user name without @, e.g. robin-example")
        if name.lower() in seen:
            raise ReviewersError(f"{display}: '{name}' is listed twice; remove one")
        seen.add(name.lower())
    return frozenset(seen)


def load_reviewers(root: Path) -> frozenset[str]:
    """The reviewers named in ``root``'s ``.github/reviewers.yaml``, in lower case."""
    path = Path(root) / REVIEWERS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReviewersError(f"{REVIEWERS_FILE} is missing from {root}: without it nobody can "
                             "be told to be a framework reviewer (see REVIEWING.md)") from None
    except OSError as exc:
        raise ReviewersError(f"{REVIEWERS_FILE}: cannot read it ({exc.strerror})") from None
    return parse_reviewers(raw, REVIEWERS_FILE)


def is_reviewer(handle: str, reviewers: frozenset[str]) -> bool:
    return handle.lower() in reviewers
