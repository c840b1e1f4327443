"""Asking a question in the terminal until the answer fits (five tries)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from rehab_directory.core.vocab import ServiceType

from .answers import Invalid, optional
from .questions import PER_SERVICE, Question


class NoAnswer(Exception):
    pass


def ask(question: Question, read: Callable[[str], str], say: Callable[[str], None]) -> Any:
    if question.help:
        say(f"  {question.help}")
    if question.vocab is not None:
        for i, m in enumerate(question.vocab, 1):
            say(f"    {i:>2}. {m.value:<24} {m.label}")
    for _ in range(5):
        try:
            text = read(f"{question.prompt}: ")
        except EOFError:
            raise NoAnswer(question.name) from None
        text = text.strip()
        if not text and not question.optional:
            say("  An answer is needed" + (": nothing is assumed for you." if question.claim
                                          else "."))
            continue
        try:
            return question.check(text)
        except Invalid as exc:
            say(f"  {exc}")
    raise NoAnswer(question.name)


def ask_per_service(code: str, kind: str, read: Callable[[str], str],
                    say: Callable[[str], None]) -> Any:
    prompt, check, hint = PER_SERVICE[kind]
    label = ServiceType(code).label.lower()
    question = Question(f"{kind}:{code}", f"{prompt.format(label=label)} ({hint}; Enter to "
                        "add it later)", optional(check), optional=True)
    return ask(question, read, say)


def read_line(prompt: str) -> str:
    """input() at a terminal; otherwise the prompt goes to standard error, so that standard
    output carries only the path of the file written."""
    if sys.stdin.isatty():
        return input(prompt)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")

