"""Findings: what the validator reports, compiler style.

``content/providers/x.yaml:12:3: error DIG-001 policies.strip_search: <what>. <fix>.``

One ``Finding`` type serves every layer (YAML, schema, files, standards) and every output
format (text, JSON, GitHub annotations), so all of them carry the same fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

Path = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"  # blocks the listing
    WARNING = "warning"  # advisory: reported, fails only with --strict
    NOTE = "note"  # informational, e.g. an approved exception that applies


def field_name(path: Path) -> str:
    """('services', 0, 'wait') -> 'services[0].wait'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    field: str
    message: str
    fix: str

    def text(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} {self.rule} {self.field}: "
            f"{_sentence(self.message)} {_sentence(self.fix)}"
        ).rstrip()

    def github(self) -> str:
        # https://docs.github.com/actions/reference/workflow-commands-for-github-actions
        level = {"error": "error", "warning": "warning", "note": "notice"}[self.severity]
        body = f"{self.rule} {self.field}: {_sentence(self.message)} {_sentence(self.fix)}"
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace(",", "%2C").replace(":", "%3A")
        return f"::{level} file={file},line={self.line},col={self.column},title={self.rule}::{body}"

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.field)


def render(findings: Sequence[Finding], fmt: str) -> str:
    findings = sorted(findings, key=lambda f: f.sort_key)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(f.github() for f in findings)
    return "\n".join(f.text() for f in findings)


def failing(findings: Iterable[Finding], strict: bool = False) -> list[Finding]:
    blocking = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return [f for f in findings if f.severity in blocking]
