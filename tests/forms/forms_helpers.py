"""Helpers for the form tests: issue bodies as GitHub writes them, and a throw-away repository."""

from __future__ import annotations

import shutil
from pathlib import Path

from rehab_directory.forms.definitions import CHECKBOXES, FORMS, Form

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"
BEACON = "content/providers/beacon-lodge-leeds.yaml"
BEACON_OWNER = "beacon-lodge-admissions"


def form(kind: str) -> Form:
    return next(f for f in FORMS if f.kind == kind)


def github_body(kind: str, answers: dict[str, object], newline: str = "\n") -> str:
    """The body GitHub writes for a submitted issue form: '### label', a blank line, the
    answer (or _No response_), a blank line; checkboxes as '- [X] option' lines."""
    parts = []
    the_form = form(kind)
    for question in the_form.questions:
        value = answers.get(question.id)
        if question.kind == CHECKBOXES:
            ticked = value if isinstance(value, set) else (
                {text for text, _ in question.choices} if value is None else set())
            text = "\n".join(f"- [{'X' if t in ticked else ' '}] {t}" for t in question.options)
        else:
            text = "_No response_" if value in (None, "") else str(value)
        parts.append(f"### {question.label}\n\n{text}")
    return newline.join("\n\n".join(parts).split("\n")) + newline


def make_repo(target: Path) -> Path:
    """A copy of the repository's listings, standards and reviewers list to change."""
    (target / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "providers", target / "content" / "providers")
    shutil.copytree(ROOT / "standards", target / "standards")
    (target / ".github").mkdir()
    shutil.copyfile(ROOT / ".github" / "reviewers.yaml", target / ".github" / "reviewers.yaml")
    return target
