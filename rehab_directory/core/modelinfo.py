"""The listing model read as a tree of fields, for what is generated from it or edits by it.

The browser editor's configuration (``cms.py``) and the issue forms' in-place edits
(``forms/``) both need to know, for every field of a listing, what kind of value it holds,
whether it is required, its title and help text, its choices and limits, and the order the
fields come in. Pydantic knows all of it; this module reads it out of the model's own field
definitions once, so nothing restates the model.

    for spec in fields_of(Listing):
        print(spec.path, spec.kind, spec.required, spec.title)
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticUndefined

from .vocab import Vocab

# The kinds of value a field holds.
GROUP = "group"  # a nested group of fields (a model)
GROUPS = "groups"  # a list of groups (services, photos)
CHOICE = "choice"  # one code from a vocabulary
CHOICES = "choices"  # a list of codes from a vocabulary
TEXT = "text"  # one line of text
LONG_TEXT = "long_text"  # paragraphs
TEXTS = "texts"  # a list of short texts (maintainers, languages)
INT = "int"
FLOAT = "float"
MONEY = "money"  # pounds and pence
DATE = "date"
BOOL = "bool"

LONG_TEXT_FROM = 1000  # characters: a text field allowing this many is paragraphs, not a line


@dataclass(frozen=True)
class FieldSpec:
    """One field of the model, as tools outside pydantic need it."""

    name: str
    path: tuple[str, ...]
    kind: str
    required: bool  # must be present whenever its group is
    title: str
    help: str
    default: Any = PydanticUndefined  # PydanticUndefined: none
    vocab: type[Vocab] | None = None
    model: type[BaseModel] | None = None  # for GROUP and GROUPS
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # a regular expression the whole value must match
    checks: tuple[Any, ...] = ()  # the model's own validator functions for the value

    @property
    def has_default(self) -> bool:
        return self.default is not PydanticUndefined

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return fields_of(self.model, self.path) if self.model is not None else ()


def humanise(name: str) -> str:
    """'min_age' -> 'Min age': the fallback when a field has no title."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _strip(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(the bare type, the Annotated metadata found on the way, whether None is allowed)."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"cannot describe the union {annotation!r}")
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _limits(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    checks = []
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            out["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            out["maximum"] = item.le
        elif isinstance(item, annotated_types.MinLen):
            out["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            out["max_length"] = item.max_length
        elif isinstance(item, AfterValidator):
            checks.append(item.func)
        elif isinstance(getattr(item, "pattern", None), str):
            out["pattern"] = item.pattern
        elif hasattr(item, "metadata"):  # a FieldInfo inside Annotated (Field(...))
            out.update({k: v for k, v in _limits(list(item.metadata)).items() if k != "checks"})
    out["checks"] = tuple(checks)
    return out


def _kind(bare: Any, max_length: int | None) -> tuple[str, type[Vocab] | None, Any]:
    if isinstance(bare, type) and issubclass(bare, Vocab):
        return CHOICE, bare, None
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return GROUP, None, bare
    if bare is bool:
        return BOOL, None, None
    if bare is int:
        return INT, None, None
    if bare is float:
        return FLOAT, None, None
    if bare is Decimal:
        return MONEY, None, None
    if bare is date:
        return DATE, None, None
    if bare is str:
        return (LONG_TEXT if (max_length or 0) >= LONG_TEXT_FROM else TEXT), None, None
    raise TypeError(f"cannot describe a field of type {bare!r}")


def describe(model: type[BaseModel], name: str, parent: tuple[str, ...] = ()) -> FieldSpec:
    info = model.model_fields[name]
    bare, metadata, optional = _strip(info.annotation)
    limits = _limits([*metadata, *info.metadata])
    item_checks: tuple[Any, ...] = ()
    if get_origin(bare) is list:
        item, item_meta, _ = _strip(get_args(bare)[0])
        item_limits = _limits(item_meta)
        kind, vocab, sub = _kind(item, item_limits.get("max_length"))
        kind = {CHOICE: CHOICES, GROUP: GROUPS, TEXT: TEXTS}.get(kind)
        if kind is None:
            raise TypeError(f"cannot describe a list of {item!r} ({model.__name__}.{name})")
        item_checks = item_limits["checks"]
    else:
        kind, vocab, sub = _kind(bare, limits.get("max_length"))
    default = info.default
    if info.default_factory is not None:
        default = info.default_factory()
    checks = limits.pop("checks") + item_checks
    return FieldSpec(
        name=name, path=(*parent, name), kind=kind,
        required=info.is_required() and not optional,
        title=info.title or humanise(name),
        help=" ".join((info.description or "").split()),
        default=default, vocab=vocab, model=sub, checks=checks, **limits)


@cache
def fields_of(model: type[BaseModel], parent: tuple[str, ...] = ()) -> tuple[FieldSpec, ...]:
    """Every field of ``model``, in the model's order."""
    return tuple(describe(model, name, parent) for name in model.model_fields)


def model_at(root: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the group at ``path`` (list indexes are skipped): ('services', 0) ->
    Service; None if ``path`` does not lead to a group."""
    model: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = describe(model, part).model
    return model
