"""Turn a submitted form into an edit of one listing, checked by the validator.

``apply(body, author, root)`` reads the issue body (``body.py``), works out which fields of
which listing it changes, edits only those in the listing's YAML (``edit.py``), and checks the
result with the same ``Validator`` as every pull request. Nothing is written unless the edit is
valid; ``Outcome`` says what changed, or, in plain words addressed to the person who filled in
the form, why nothing did.

A form may come from anyone with a GitHub account. When its author is not among the listing's
``maintainers`` nor the framework's reviewers (``.github/reviewers.yaml``), the edit is still
made, so a reviewer can see it, but ``maintainer_check`` is set: the workflow labels the pull
request for a maintainer's check, and the review report, run with the issue's author, fails
it on SCOPE-004 until a reviewer has confirmed the change with the service.
"""

from __future__ import annotations

import difflib
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rehab_directory.core.fields import SLUG_RE
from rehab_directory.core.findings import Finding, failing, field_name
from rehab_directory.core.vocab import AdmissionsStatus, ServiceType
from rehab_directory.core.yamlio import YamlError, load
from rehab_directory.review import field_diff
from rehab_directory.review.reviewers import ReviewersError, is_reviewer, load_reviewers
from rehab_directory.support.clock import MONTHS

from ..validator.engine import CONTENT, Validator
from .body import FormError, Submission, read
from .definitions import ADMISSIONS, BEDS, CONFIRM, CONTACT, LISTING, WAITS
from .edit import EditError, Editor

EditPath = tuple[str | int, ...]
# English month names and their first three letters (calendar.month_name follows the
# machine's locale; a provider writes English whatever the server's language).
_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTHS, 1)})
_MONTHS["sept"] = 9
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_NUMBER = re.compile(r"(\d{1,6})(?:\s*(?:days?|beds?))?", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]|\]\s*\(|!\[|\[[^\]]*\]\s*\[")
_PAGE = re.compile(r"/providers/([^/?#\s]+)/?(?:[?#].*)?$")


@dataclass(frozen=True)
class Problem:
    """Why a form could not be applied, for the person who filled it in."""

    message: str
    question: str | None = None  # the label of the question it is about

    def text(self) -> str:
        return f"{self.question}: {self.message}" if self.question else self.message


@dataclass
class Outcome:
    """What applying a form did (or, with ``problems``, why it did nothing)."""

    form: str | None = None  # the form's kind
    slug: str | None = None
    path: str | None = None  # the listing, relative to the repository
    author: str = ""
    problems: list[Problem] = field(default_factory=list)
    maintainers: list[str] = field(default_factory=list)
    maintainer_check: bool = False
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, before, after)
    remaining: list[Finding] = field(default_factory=list)  # errors the listing already had
    reformatted: bool = False
    text: str | None = None  # the edited listing

    @property
    def applied(self) -> bool:
        return not self.problems and self.text is not None


class _Refused(Exception):
    def __init__(self, *problems: Problem):
        super().__init__(problems[0].text() if problems else "refused")
        self.problems = list(problems)


# ---------------------------------------------------------------------------- answers


def parse_day(text: str, question: str) -> date:
    """A date as people write it in the UK: 2026-11-30, 30/11/2026 or 30 November 2026."""
    value = " ".join(text.split()).rstrip(".")
    parts: tuple[int, int, int] | None = None
    if match := _ISO.fullmatch(value):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := _UK.fullmatch(value):
        parts = int(match[3]), int(match[2]), int(match[1])
    elif (match := _WORDS.fullmatch(value)) and match[2].lower() in _MONTHS:
        parts = int(match[3]), _MONTHS[match[2].lower()], int(match[1])
    if parts is None:
        raise _Refused(Problem(f"'{value[:40]}' is not a date we can read; write it as "
                               "2026-11-30 or 30/11/2026", question))
    try:
        return date(*parts)
    except ValueError:
        raise _Refused(Problem(f"'{value[:40]}' is not a real date (day and month in the "
                               "UK order: 30/11/2026)", question)) from None


def parse_number(text: str, question: str, what: str) -> int:
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        raise _Refused(Problem(f"'{text.strip()[:40]}' is not a whole number; write just "
                               f"the number of {what}, such as 14", question))
    return int(match[1])


def plain_text(text: str, question: str) -> str:
    """One line of plain text: no HTML and no Markdown links or pictures."""
    value = text.strip()
    if "\n" in value:
        raise _Refused(Problem("write this on one line", question))
    if _MARKUP.search(value):
        raise _Refused(Problem("write plain text, without HTML tags or Markdown links and "
                               "pictures", question))
    return " ".join(value.split())


def listing_slug(text: str | None) -> str:
    """The slug from 'beacon-lodge-leeds', or from the page's whole address."""
    value = (text or "").strip().strip("`'\"<>")
    if match := _PAGE.search(value):
        value = match[1]
    value = value.lower()
    if not (3 <= len(value) <= 60 and SLUG_RE.match(value)):
        raise _Refused(Problem(f"'{value[:60]}' is not a listing's name: it is the last part "
                               "of your page's address, such as beacon-lodge-leeds",
                               LISTING.label))
    return value


# ---------------------------------------------------------------------------- the forms


@dataclass
class _Edits:
    """The edits a form asks for, with the question each field came from."""

    changes: list[tuple[EditPath, Any, bool]] = field(default_factory=list)  # path, value, exact
    removals: list[EditPath] = field(default_factory=list)
    asked: dict[str, str] = field(default_factory=dict)  # field name -> question label

    def put(self, path: EditPath, value: Any, question: str, exact: bool = False) -> None:
        self.changes.append((path, value, exact))
        self.asked[field_name(path)] = question

    def drop(self, path: EditPath, question: str) -> None:
        self.removals.append(path)
        self.asked[field_name(path)] = question


def _service_index(data: dict, service: ServiceType) -> int | None:
    for index, item in enumerate(data.get("services") or []):
        if isinstance(item, dict) and item.get("type") == service.value:
            return index
    return None


def _per_service(sub: Submission, data: dict, edits: _Edits, problems: list[Problem],
                 suffixes: tuple[str, ...], make) -> None:
    for service in ServiceType:
        questions = [sub.form.question(f"{service.value}-{s}") for s in suffixes]
        answers = [sub.text(q.id) for q in questions]
        if all(a is None for a in answers):
            continue
        index = _service_index(data, service)
        if index is None:
            problems.append(Problem(f"your listing has no {service.label.lower()} service; "
                                    "leave this empty, or add the service with the editor",
                                    questions[0].label))
            continue
        try:
            make(service, index, questions, answers)
        except _Refused as exc:
            problems.extend(exc.problems)


def _waits(sub: Submission, data: dict, edits: _Edits, problems: list[Problem]) -> None:
    def make(service, index, questions, answers):
        (days_q, stated_q), (days, stated) = questions, answers
        if days is None:
            raise _Refused(Problem("give the wait in days as well as its date", days_q.label))
        if stated is None:
            raise _Refused(Problem("give the date this wait was true", stated_q.label))
        found = [parse_number(days, days_q.label, "days")]
        found.append(parse_day(stated, stated_q.label))
        path = ("services", index, "wait")
        edits.put(path, {"days": found[0], "stated": found[1]}, days_q.label)
        edits.asked[field_name((*path, "stated"))] = stated_q.label

    _per_service(sub, data, edits, problems, ("days", "stated"), make)
    if not edits.changes and not problems:
        problems.append(Problem("the form gives no wait: fill in the wait and its date for at "
                                "least one service"))


def _beds(sub: Submission, data: dict, edits: _Edits, problems: list[Problem]) -> None:
    def make(service, index, questions, answers):
        edits.put(("services", index, "beds"),
                  parse_number(answers[0], questions[0].label, "beds"), questions[0].label)

    _per_service(sub, data, edits, problems, ("beds",), make)
    if not edits.changes and not problems:
        problems.append(Problem("the form gives no number of beds"))


def _contact(sub: Submission, data: dict, edits: _Edits, problems: list[Problem]) -> None:
    for qid in ("phone", "email", "website"):
        answer = sub.text(qid)
        if answer is None:
            continue
        question = CONTACT.question(qid).label
        try:
            edits.put((qid,), plain_text(answer, question), question)
        except _Refused as exc:
            problems.extend(exc.problems)
    if not edits.changes and not problems:
        problems.append(Problem("the form gives no new contact detail"))


def _admissions(sub: Submission, data: dict, edits: _Edits, problems: list[Problem]) -> None:
    form = ADMISSIONS
    labels = {q.id: q.label for q in form.questions}
    chosen = sub.text("status")
    code = dict(form.question("status").choices).get(chosen or "")
    if code is None:
        problems.append(Problem("choose whether admissions are paused or open again",
                                labels["status"]))
        return
    group: dict[str, Any] = {"status": code}
    try:
        if sub.text("stated") is None:
            raise _Refused(Problem("give the date this was true", labels["stated"]))
        group["stated"] = parse_day(sub.text("stated"), labels["stated"])
        if sub.text("reopens") is not None:
            if code != AdmissionsStatus.PAUSED.value:
                raise _Refused(Problem("admissions are open again, so leave this empty",
                                       labels["reopens"]))
            group["reopens"] = parse_day(sub.text("reopens"), labels["reopens"])
        if sub.text("message") is not None:
            group["note"] = plain_text(sub.text("message"), labels["message"])
    except _Refused as exc:
        problems.extend(exc.problems)
        return
    edits.put(("admissions",), group, labels["status"], exact=True)
    for key in group:
        edits.asked[field_name(("admissions", key))] = labels.get(
            {"note": "message"}.get(key, key), labels["status"])


_READERS = {WAITS.kind: _waits, BEDS.kind: _beds, CONTACT.kind: _contact,
            ADMISSIONS.kind: _admissions}


# ---------------------------------------------------------------------------- applying


def _listing_file(root: Path, slug: str) -> Path:
    folder = root / CONTENT
    path = folder / f"{slug}.yaml"
    try:
        mode = path.lstat().st_mode
    except OSError:
        mode = None
    if mode is None or not stat.S_ISREG(mode):
        known = sorted(p.stem for p in folder.glob("*.yaml"))
        close = difflib.get_close_matches(slug, known, n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]}?" if close else (
            "; a new service is added with the editor or by pull request, not with this form")
        raise _Refused(Problem(f"there is no listing called '{slug}'{hint}", LISTING.label))
    return path


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.field, f.message)


def apply(body: str, author: str, root: Path, today: date | None = None,
          kind: str | None = None, reviewers: frozenset[str] | None = None,
          validator: Validator | None = None) -> Outcome:
    """Read the form in ``body`` and edit the listing it names under ``root`` (in memory:
    ``Outcome.text`` is the new file, for the caller to write). ``reviewers``: the
    framework's reviewers (default: ``root``'s ``.github/reviewers.yaml``; if that cannot be
    read, nobody is one, so every form from outside the listing's maintainers is checked)."""
    outcome = Outcome(author=author)
    try:
        sub = read(body, kind)
    except FormError as exc:
        outcome.problems.append(Problem(str(exc)))
        return outcome
    outcome.form = sub.form.kind
    try:
        if "yes" not in sub.ticked(CONFIRM.id):
            raise _Refused(Problem("tick the box to say you work for this service",
                                   CONFIRM.label))
        slug = listing_slug(sub.text(LISTING.id))
        outcome.slug = slug
        path = _listing_file(root, slug)
        outcome.path = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        try:
            data = load(raw, outcome.path).data
            editor = Editor(raw.decode("utf-8"))
        except (YamlError, EditError, UnicodeDecodeError):
            raise _Refused(Problem(f"the listing file {outcome.path} cannot be read as it is, "
                                   "so a framework reviewer needs to fix it first; they have "
                                   "been told")) from None
        if not isinstance(data, dict):
            raise _Refused(Problem(f"the listing file {outcome.path} is not a listing"))
        maintainers = [m for m in data.get("maintainers") or [] if isinstance(m, str)]
        outcome.maintainers = maintainers
        if reviewers is None:
            try:
                reviewers = load_reviewers(root)
            except ReviewersError:
                reviewers = frozenset()
        outcome.maintainer_check = not is_reviewer(author, reviewers) and author.lower() \
            not in {m.lower() for m in maintainers}

        edits = _Edits()
        problems: list[Problem] = []
        _READERS[sub.form.kind](sub, data, edits, problems)
        if problems:
            raise _Refused(*problems)
        for edit_path, value, exact in edits.changes:
            if exact and isinstance(editor.get(edit_path), dict):
                for stale in [k for k in editor.get(edit_path) if k not in value]:
                    editor.remove((*edit_path, stale))
            editor.set(edit_path, value)
        for edit_path in edits.removals:
            editor.remove(edit_path)
        text = editor.text()
        outcome.reformatted = editor.reformatted

        validator = validator or Validator(root, today)
        before = validator.check_bytes(raw, path, outcome.path)
        after = validator.check_bytes(text.encode("utf-8"), path, outcome.path)
        old = {_key(f) for f in failing(before.findings)}
        new = [f for f in failing(after.findings) if _key(f) not in old]
        if new:
            raise _Refused(*(_explain(f, edits.asked) for f in new))
        outcome.remaining = failing(after.findings)
        outcome.fields = field_diff(data, load(text.encode("utf-8"), outcome.path).data)
        if not outcome.fields:
            raise _Refused(Problem("the listing already says exactly this, so there is "
                                   "nothing to change"))
        outcome.text = text
    except _Refused as exc:
        outcome.problems.extend(exc.problems)
    return outcome


def _explain(finding: Finding, asked: dict[str, str]) -> Problem:
    """A validator finding on the edited listing, said about the question it came from."""
    question = next((label for name, label in sorted(asked.items(), key=lambda i: -len(i[0]))
                     if finding.field == name or finding.field.startswith(name + ".")
                     or finding.field.startswith(name + "[")), None)
    fix = finding.fix.rstrip(".")
    message = f"{finding.message.rstrip('.')}. {fix[:1].upper()}{fix[1:]}"
    message = message[0].lower() + message[1:] if question else message
    if question is None:
        message = f"{finding.field}: {message}"
    return Problem(message, question)
