"""Helpers shared by the validator's and the hostile-input tests.

Most test listings are ``fixtures/valid/base.yaml`` with a small text edit (``derive``), so a
test shows only what differs from a valid listing. ``place`` writes a listing (and any
images) into a temporary ``content/providers/`` so that file checks run as they would in the
repository; ``assert_findings`` compares findings with compiler-style expectations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rehab_directory.core.findings import Finding
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import load
from rehab_directory.framework.standards import Framework
from rehab_directory.validator.checked import Checked
from rehab_directory.validator.engine import Validator

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = HERE / "fixtures"
BASE = FIXTURES / "valid" / "base.yaml"
SLUG = "beacon-lodge-leeds"
STANDARD_IDS = frozenset(Framework.load(REPO / "standards").standards)


def base_text() -> str:
    return BASE.read_text(encoding="utf-8")


def derive(*edits: tuple[str, str], text: str | None = None) -> str:
    """The base listing (or ``text``) with each (old, new) replacement made exactly once."""
    text = base_text() if text is None else text
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def base_data() -> dict:
    return load(BASE.read_bytes(), "base.yaml").data


def base_listing(today) -> Listing:
    return Listing.model_validate(base_data(), context={"today": today})


def place(tmp_path: Path, content: str | bytes, files: dict[str, bytes] | None = None,
          name: str = f"{SLUG}.yaml") -> Path:
    """Write a listing to tmp_path/content/providers/<name>, its images to <slug>/."""
    folder = tmp_path / "content" / "providers"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    if files:
        images = folder / SLUG
        images.mkdir(exist_ok=True)
        for file, data in files.items():
            (images / file).write_bytes(data)
    return target


def check(validator: Validator, tmp_path: Path, content: str | bytes,
          files: dict[str, bytes] | None = None) -> Checked:
    return validator.check_file(place(tmp_path, content, files))


_EXPECTED = re.compile(r"^(\d+):(\d+) (error|warning|note) (\S+) (\S+):(?: (.*))?$")


def parse_expected(line: str) -> tuple[tuple, str]:
    """'76:17 error DIG-001 policies.strip_search: strip-searches' -> (key, message part)."""
    m = _EXPECTED.match(line)
    assert m, f"bad expectation: {line!r}"
    return (int(m[1]), int(m[2]), m[3], m[4], m[5]), m[6] or ""


def key(f: Finding) -> tuple:
    return (f.line, f.column, str(f.severity), f.rule, f.field)


def describe(findings: Iterable[Finding]) -> str:
    return "\n".join(f"  {f.line}:{f.column} {f.severity} {f.rule} {f.field}: {f.message}"
                     for f in sorted(findings, key=lambda f: f.sort_key)) or "  (none)"


def assert_finding_well_formed(f: Finding) -> None:
    assert f.line >= 1 and f.column >= 1, f
    assert f.rule in RULES or f.rule in STANDARD_IDS, f
    assert f.message.strip() and f.fix.strip(), f"finding without message or fix: {f}"
    assert f.field.strip(), f
    assert "\n" not in f.text(), f"a finding must be one line: {f.text()!r}"


def assert_findings(findings: list[Finding], expected: list[str]) -> None:
    """Exactly the expected findings, nothing more, nothing less; each with a fix."""
    wanted = [parse_expected(e) for e in expected]
    got = sorted(findings, key=lambda f: f.sort_key)
    assert sorted(key(f) for f in got) == sorted(k for k, _ in wanted), (
        "expected:\n  " + "\n  ".join(expected) + f"\ngot:\n{describe(got)}")
    for (k, part) in wanted:
        matching = [f for f in got if key(f) == k]
        assert any(part in f.message for f in matching), (
            f"{k}: no message contains {part!r}; got {[f.message for f in matching]}")
    for f in got:
        assert_finding_well_formed(f)
