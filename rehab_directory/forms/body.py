"""Read a submitted issue form back from the issue's body.

GitHub writes a submitted form as Markdown, one section per question, in the form's order:

    ### Your listing

    beacon-lodge-leeds

    ### Inpatient detox (medically managed): wait in days

    _No response_

    ### Who is asking

    - [X] I work for this service and may update its listing.

An empty answer is ``_No response_``; a dropdown gives the chosen option's text; checkboxes
give one ``- [X]`` or ``- [ ]`` line per option. Anyone can edit the body afterwards, or open an
issue that only looks like a form, so the body is read as hostile text: its size is limited,
each heading must be a question of exactly one form, none may appear twice, and headings
inside fenced code are not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .definitions import CHECKBOXES, FORMS, MAX_INPUT, MAX_TEXTAREA, TEXTAREA, Form

MAX_BODY = 65_536  # characters: GitHub's own limit on an issue body
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_CHECKBOX = re.compile(r"^[ \t]*[-*][ \t]+\[(?P<mark>[ xX])\][ \t]+(?P<text>.+?)[ \t]*$")


class FormError(Exception):
    """The body cannot be read as one of the forms; the message says why, in plain words."""


@dataclass(frozen=True)
class Submission:
    """A form's answers: the text under each question, None where it was left empty."""

    form: Form
    answers: dict[str, str | None]  # by question id

    def text(self, qid: str) -> str | None:
        return self.answers.get(qid)

    def ticked(self, qid: str) -> set[str]:
        """The codes of the ticked options of a checkboxes question."""
        question = self.form.question(qid)
        found = set()
        for line in (self.answers.get(qid) or "").splitlines():
            match = _CHECKBOX.match(line)
            if match and match["mark"] in "xX":
                found.update(code for text, code in question.choices if text == match["text"])
        return found


def sections(body: str) -> dict[str, str]:
    """Heading -> the text under it, for every ``###`` heading outside fenced code."""
    if len(body) > MAX_BODY:
        raise FormError(f"the issue is {len(body):,} characters long, more than a form can be "
                        f"({MAX_BODY:,}); open a new issue with the form")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    fenced = False
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            label = heading["label"]
            if label in found:
                raise FormError(f"the heading '{label[:80]}' appears twice, so the answers "
                                "cannot be told apart; do not type '### ' at the start of a "
                                "line in your answers")
            current = found[label] = []
        elif current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip() for label, lines in found.items()}


def _unfence(text: str) -> str:
    """A textarea with ``render`` comes back in a code fence: the text inside it."""
    lines = text.split("\n")
    if len(lines) >= 2 and _FENCE.match(lines[0]) and _FENCE.match(lines[-1]):
        return "\n".join(lines[1:-1]).strip()
    return text


def read(body: str, kind: str | None = None) -> Submission:
    """The submission in ``body``: of the form ``kind``, or of whichever form's questions
    the headings are exactly."""
    found = sections(body)
    if kind is not None:
        candidates = [f for f in FORMS if f.kind == kind]
        if not candidates:
            raise FormError(f"there is no form called '{kind}'")
    else:
        candidates = [f for f in FORMS if set(f.labels) == set(found)]
    if len(candidates) != 1:
        raise FormError("this issue does not look like one of the update forms (its headings "
                        "are not a form's questions); please open a new issue and choose a "
                        "form, without changing its headings")
    form = candidates[0]
    missing = [label for label in form.labels if label not in found]
    extra = [label for label in found if label not in form.labels]
    if missing or extra:
        what = "; ".join(
            ([f"missing: {', '.join(missing)}"] if missing else [])
            + ([f"not in the form: {', '.join(e[:60] for e in extra)}"] if extra else []))
        raise FormError(f"the issue's headings are not those of the {form.name!r} form "
                        f"({what})")
    answers: dict[str, str | None] = {}
    for question in form.questions:
        text = found[question.label]
        if question.kind == TEXTAREA:
            text = _unfence(text)
        limit = MAX_TEXTAREA if question.kind in (TEXTAREA, CHECKBOXES) else MAX_INPUT
        if len(text) > limit:
            raise FormError(f"the answer to '{question.label}' is {len(text):,} characters "
                            f"long; at most {limit:,} fit")
        answers[question.id] = None if text in ("", NO_RESPONSE) else text
    return Submission(form, answers)
