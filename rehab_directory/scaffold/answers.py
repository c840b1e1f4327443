"""Each answer checked as it is given, with the listing format's own types, and taken as people
give it: part of a region's name ("yorkshire"), a position pasted from a map as one pair
("53.74, -0.33"), y/n/yes/no in any case, a web address without https://, a weekly cost as
"950-1200"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rehab_directory.core import model
from rehab_directory.core.vocab import Vocab


class Invalid(ValueError):
    """An answer that does not fit; the message says why and how to fix it."""


def adapter(kind: Any) -> Callable[[str], Any]:
    """A check by one of the model's types: its own message, and its fix when it has one."""
    type_adapter = TypeAdapter(kind)

    def check(text: str) -> Any:
        try:
            return type_adapter.validate_python(text)
        except ValidationError as exc:
            error = exc.errors()[0]
            fix = (error.get("ctx") or {}).get("fix")
            raise Invalid(error["msg"] + (f"; {fix}" if fix else "")) from None

    return check


def optional(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """``check``, or None for an empty answer."""

    def inner(text: str) -> Any:
        return check(text) if text.strip() else None

    return inner


_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def _coordinate(low: float, high: float, what: str, example: str) -> Callable[[str], float]:
    def check(text: str) -> float:
        try:
            value = float(text.strip().replace("\u2212", "-"))  # a typographic minus too
        except ValueError:
            raise Invalid(f"'{text}' is not a number; write it like {example}") from None
        if not low <= value <= high:
            raise Invalid(f"{value} is not a {what} in the UK (between {low} and {high}); "
                          "check you have not swapped latitude and longitude")
        return round(value, 5)

    return check


latitude = _coordinate(*model.UK_LATITUDE, "latitude", "53.8329")
longitude = _coordinate(*model.UK_LONGITUDE, "longitude", "-1.4987")


def position(text: str) -> float | tuple[float, float]:
    """A latitude, or a pair pasted from a map ("53.74, -0.33"): (latitude, longitude).
    A pair the wrong way round ("-0.33, 53.74") is put right."""
    numbers = re.findall(_NUMBER, text.replace("\u2212", "-"))
    if len(numbers) != 2:
        return latitude(text)
    first, second = (float(n) for n in numbers)
    low, high = model.UK_LATITUDE
    if not low <= first <= high and low <= second <= high:
        first, second = second, first  # longitude first, as some tools copy it
    return latitude(str(first)), longitude(str(second))


_YES = {"y", "yes", "true", "t", "1"}
_NO = {"n", "no", "false", "f", "0"}


def yes_no(text: str) -> bool:
    answer = text.strip().casefold()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise Invalid(f"'{text}' is not yes or no; answer y or n")


def website(text: str) -> str:
    """A web address, https:// added when it was left out ("www.example.org.uk")."""
    text = text.strip()
    if text and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "https://" + text
    return adapter(model.WebUrl)(text)


def number_range(kind: type[model.Range], what: str) -> Callable[[str], Any]:
    """A range as people write it: "950-1200", "950 to 1200", "£950", "6-12 weeks"."""

    def check(text: str) -> dict[str, int]:
        numbers = re.findall(r"\d+", text.replace(",", ""))
        if not 1 <= len(numbers) <= 2 or re.search(r"\d\s*\.\s*\d", text):
            raise Invalid(f"'{text}' is not {what}; write it like 950-1200, or one number")
        values = sorted(int(n) for n in numbers)
        data = {"min": values[0]} | ({"max": values[1]} if len(values) == 2 else {})
        try:
            kind.model_validate(data)
        except ValidationError as exc:
            raise Invalid(f"'{text}': {exc.errors()[0]['msg']}") from None
        return data

    return check


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    def check(text: str) -> int:
        if not text.strip().isdigit() or not low <= int(text) <= high:
            raise Invalid(f"'{text}' is not {what}; write a whole number from {low} to {high}")
        return int(text)

    return check


def choice(vocab: type[Vocab]) -> Callable[[str], str]:
    def check(text: str) -> str:
        return pick(vocab, text.strip())

    return check


def choices(vocab: type[Vocab]) -> Callable[[str], list[str]]:
    def check(text: str) -> list[str]:
        parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
        if not parts:
            raise Invalid("give at least one, separated by commas")
        out = []
        for part in parts:
            code = pick(vocab, part)
            if code not in out:
                out.append(code)
        return out

    return check


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def pick(vocab: type[Vocab], text: str) -> str:
    """A choice by its number, its code or its label, whole or in part ("yorkshire")."""
    members = list(vocab)
    if text.isdigit() and 1 <= int(text) <= len(members):
        return members[int(text) - 1].value
    wanted = _plain(text)
    if not wanted:
        raise Invalid(f"give one of the choices: {', '.join(vocab.codes())}")
    for m in members:
        if wanted in (_plain(m.value), _plain(m.label)):
            return m.value
    words = wanted.split()
    partial = [m for m in members
               if all(any(w.startswith(part) for w in f"{_plain(m.value)} {_plain(m.label)}"
                          .split()) for part in words)]
    if len(partial) == 1:
        return partial[0].value
    if partial:
        raise Invalid(f"'{text}' could be any of: {', '.join(m.value for m in partial)}; "
                      "give more of the name")
    raise Invalid(f"'{text}' is not one of the choices: {', '.join(vocab.codes())}")
