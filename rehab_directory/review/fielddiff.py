"""Field-by-field differences between two versions of a YAML document, as plain data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# How an item of a list of groups is named in a field name: by its 'type' (services) or
# 'file' (photos) when those are unique, so inserting a service does not make every later
# one look changed. Framework files name theirs by 'id', 'year', or standard and provider.
ItemKey = Callable[[dict], str | None]
LISTING_KEYS: tuple[ItemKey, ...] = (lambda item: item.get("type"), lambda item: item.get("file"))

_INDEX = re.compile(r"\[[^\]]*\]")


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def flatten(data: Any, prefix: str = "", keys: Sequence[ItemKey] = LISTING_KEYS
            ) -> dict[str, Any]:
    """Plain data to {'services[residential_rehab].wait.days': 14, ...}.

    Lists of groups are keyed by the first of ``keys`` that names every item uniquely (else
    by position); lists of plain values stay whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten(value, name, keys))
    elif isinstance(data, list) and data and not all(map(_scalar, data)):
        names: list[str] = [str(i) for i in range(len(data))]
        for key in keys:
            found = [key(item) if isinstance(item, dict) else None for item in data]
            if all(isinstance(k, str) for k in found) and len(set(found)) == len(found):
                names = found
                break
        for name, item in zip(names, data, strict=True):
            out.update(flatten(item, f"{prefix}[{name}]", keys))
    elif data != []:  # an empty list says no more than a missing one
        out[prefix or "(file)"] = data
    return out


def field_diff(before: Any, after: Any, keys: Sequence[ItemKey] = LISTING_KEYS
               ) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs; None stands for absent."""
    a, b = flatten(before or {}, keys=keys), flatten(after or {}, keys=keys)
    missing = object()
    rows = []
    for name in list(b) + [n for n in a if n not in b]:
        old, new = a.get(name, missing), b.get(name, missing)
        if old != new or type(old) is not type(new):
            rows.append((name, None if old is missing else old, None if new is missing else new))
    return rows


def plain_name(field: str) -> str:
    """'services[residential_rehab].wait.stated' -> 'services.wait.stated' (the form the
    standards' ``evidence`` lists use)."""
    return _INDEX.sub("", field)


def touches(fields: Sequence[str], prefixes: Sequence[str]) -> bool:
    """Whether any of the changed ``fields`` is, or is inside, one of ``prefixes``."""
    plain = [plain_name(f) for f in fields]
    return any(f == p or f.startswith(p + ".") or p.startswith(f + ".")
               for f in plain for p in prefixes)
