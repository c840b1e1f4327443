"""Pydantic errors, translated into findings a provider can act on.

Each error's ``loc`` is mapped back to the YAML mark of that value (a missing field points at
its parent key), and its message is chosen by pydantic's error *type*, never by its text.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, field_name
from .model import Listing
from .rules import RULES
from .yamlio import Marks


@cache
def _schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema(mode="validation")


def _resolve(node: dict, defs: dict) -> dict:
    while True:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            node = next((n for n in node["anyOf"] if n.get("type") != "null"), {})
        elif "allOf" in node and len(node["allOf"]) == 1:
            node = node["allOf"][0]
        else:
            return node


def _schema_at(model: type[BaseModel], loc: tuple) -> dict:
    schema = _schema(model)
    defs = schema.get("$defs", {})
    node = _resolve(schema, defs)
    for part in loc:
        node = _resolve(node.get("items", {}) if isinstance(part, int)
                        else node.get("properties", {}).get(part, {}), defs)
    return node


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value).lower() \
        if isinstance(value, bool) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _choices(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


# One message and fix for each kind of value, whichever of pydantic's error types says so.
_TRUE_FALSE = ("{shown} is not true or false", "write true or false (not yes/no, on/off or 1/0)")
_WHOLE_NUMBER = ("expected a whole number, found {shown}",
                 "write a whole number such as 12, without quotes, units or decimals")
_NUMBER = ("expected a number, found {shown}",
           "write a number such as 52.5, without quotes or units")
_MONEY = ("expected an amount of money, found {shown}",
          "write pounds and pence as a number, e.g. 13.45 (no £ sign)")
_DATE = ("{shown} is not a date", "write the date as YYYY-MM-DD, e.g. 2026-05-01")
_GROUP = ("expected a group of fields, found {shown}",
          "indent the fields of this group under its name")

_TYPES = {
    "string_type": ("expected text, found {shown}",
                    "put the value in quotes, e.g. \"0113 496 0871\""),
    "bool_type": _TRUE_FALSE,
    "bool_parsing": _TRUE_FALSE,
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": ("expected a whole number, found {shown}",
                       "write a whole number such as 12, without decimals"),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _MONEY,
    "decimal_parsing": _MONEY,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": ("{shown} is not a valid date",
                                   "write a real date as YYYY-MM-DD, e.g. 2026-05-01"),
    "date_from_datetime_inexact": ("{shown} has a time as well as a date",
                                   "write just the date, YYYY-MM-DD"),
    "list_type": ("expected a list, found {shown}",
                  "write a list: each item on its own line starting with '- '"),
    "model_type": _GROUP,
    "model_attributes_type": _GROUP,
    "dict_type": _GROUP,
}

_LIMITS = {
    "too_short": ("the list needs at least {min_length} item(s)", "add what is missing"),
    "too_long": ("the list has more than {max_length} items",
                 "keep the {max_length} that matter most"),
    "string_too_short": ("{shown} is too short (at least {min_length} characters)",
                         "write a fuller value"),
    "string_too_long": ("the text is too long ({length} characters; at most {max_length})",
                        "shorten it to {max_length} characters or fewer"),
    "string_pattern_mismatch": ("{shown} is not in the expected form",
                                "follow the pattern {pattern}"),
    "greater_than_equal": ("{shown} is below the lowest allowed value, {ge}",
                           "check the value; it must be at least {ge}"),
    "less_than_equal": ("{shown} is above the highest allowed value, {le}",
                        "check the value; it must be at most {le}"),
    "greater_than": ("{shown} must be more than {gt}", "check the value"),
    "less_than": ("{shown} must be less than {lt}", "check the value"),
    "decimal_max_places": ("{shown} has more than {decimal_places} decimal places",
                           "round it to pounds and pence, e.g. 13.45"),
    "decimal_max_digits": ("{shown} has too many digits", "check the amount"),
    "decimal_whole_digits": ("{shown} has too many digits", "check the amount"),
}


_GROUP_TYPES = {"model_type", "model_attributes_type", "dict_type"}
_RANGE_TEXT = re.compile(r"^\s*£?\s*(\d+)\s*(?:-|–|—|to)\s*£?\s*(\d+)\s*[a-z ]*$", re.I)


def _range_hint(value: Any, schema: dict) -> str | None:
    """A range written as text ("950-1200") or one number, where a {min, max} group is
    expected: the group to write instead ("{min: 950, max: 1200}")."""
    if not {"min", "max"} <= set(schema.get("properties", {})):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{{min: {value}}}, or {{min: {value}, max: ...}}"
    match = _RANGE_TEXT.match(value.replace(",", "")) if isinstance(value, str) else None
    if match is None:
        return None
    low, high = sorted((int(match[1]), int(match[2])))
    return f"{{min: {low}, max: {high}}}"


def _is_todo(value: Any) -> bool:
    return isinstance(value, str) and value.strip().upper().rstrip(".:!") == "TODO"


def _finding(file: str, marks: Marks, error: dict, model: type[BaseModel]) -> Finding:
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = dict(error.get("ctx") or {})
    value = error.get("input")
    fields = dict(ctx, shown=_show(value))
    where = marks.locate(loc)

    if kind == "missing":
        name = loc[-1]
        parent = loc[:-1]
        where = marks.key(parent) if parent else (1, 1)
        about = _schema_at(model, loc).get("description")
        place = f" under '{field_name(parent)}'" if parent else ""
        rule, message = "SCH-001", f"required field '{name}' is missing"
        fix = f"add '{name}:'{place}" + (f" ({about.rstrip('.')})" if about else "")
    elif kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = sorted(_schema_at(model, loc[:-1]).get("properties", {}))
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        where = marks.key(loc)
        rule, message = "SCH-002", f"'{name}' is not a field of {field_name(loc[:-1])}"
        fix = (f"did you mean '{close[0]}'?" if close
               else f"remove it; the fields here are: {', '.join(allowed)}")
        if not loc[:-1]:
            message = f"'{name}' is not a field here"
    elif kind == "enum":
        choices = _choices(ctx)
        close = difflib.get_close_matches(str(value), [c.strip() for c in
                                          choices.replace(" or ", ", ").split(",")], n=1)
        rule, message = "SCH-004", f"{_show(value)} is not one of the choices"
        fix = (f"did you mean '{close[0]}'? Use" if close else "use") + f" one of: {choices}"
    elif kind == "listing_value":
        rule = "SCH-005"
        message = error["msg"]
        fix = ctx.get("fix", RULES[rule].fix)
        if "at" in ctx:  # a group's check about one of its fields: point at that field
            loc = (*loc, ctx["at"])
            where = marks.locate(loc)
    elif kind in _TYPES:
        rule = "SCH-003"
        message, fix = (s.format_map(fields) for s in _TYPES[kind])
        hint = _range_hint(value, _schema_at(model, loc)) if kind in _GROUP_TYPES else None
        if hint:
            fix = f"write it as a range: {hint}"
    elif kind in _LIMITS:
        rule = "SCH-005"
        if kind == "string_too_long" and isinstance(value, str):
            fields["length"] = len(value)
        message, fix = (s.format_map(fields) for s in _LIMITS[kind])
    else:
        rule, message, fix = "SCH-005", error["msg"], RULES["SCH-005"].fix
    if _is_todo(value) and kind not in ("missing", "extra_forbidden"):
        # A question left for the provider (scripts/new_listing.py writes TODO rather than
        # assume an answer): say so, with the answer's form from the finding made above.
        rule, message = "SCH-001", f"'{field_name(loc)}' still says TODO: it needs your answer"
    return Finding(file, where[0], where[1], RULES[rule].severity, rule, field_name(loc),
                   message, fix)


def translate(exc: ValidationError, file: str, marks: Marks,
              model: type[BaseModel] = Listing) -> list[Finding]:
    """Findings for every error of ``exc``, raised validating ``model`` from ``file``."""
    return [_finding(file, marks, error, model) for error in exc.errors(include_url=False)]
