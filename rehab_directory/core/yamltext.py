"""YAML written as text, for the files we write for people to edit (a new listing, generated
listings): strings quoted safely, short lists and mappings on one line. Reading YAML is
``yamlio``'s."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: 'Gull Point: "The # House"' reads back exactly (a JSON
    string is a valid YAML one)."""
    return json.dumps(text, ensure_ascii=False)


def flow(items: Iterable[object]) -> str:
    """A flow sequence: [alcohol, cocaine]."""
    return "[" + ", ".join(str(item) for item in items) + "]"


def mapping(data: Mapping[str, object]) -> str:
    """A flow mapping: {min: 950, max: 1200}."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in data.items()) + "}"
