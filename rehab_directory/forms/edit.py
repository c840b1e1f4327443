"""Edit a few fields of a listing's YAML and keep everything else as it was.

ruamel.yaml's round trip keeps comments, key order, flow or block style and quoting; the
sample listings come back from it byte for byte. A file it cannot reproduce exactly (an
unusual indentation, a ``---`` line, trailing spaces) is still edited faithfully: the edit is
made on ruamel's version, and only the lines the edit changed are spliced into the original
text, so the rest keeps its own layout. Only if the changed lines cannot be placed (they
overlap lines ruamel would have rewritten anyway) is ruamel's whole version used, and
``reformatted`` says so.

New keys go where the model puts them (``wait`` after ``beds``, ``admissions`` after
``services``), a new small group of plain values is written inline like the sample listings'
``wait: {days: 14, stated: 2026-11-30}``, and a new text of digits (a phone number, an ID)
is double-quoted, as CONTRIBUTING.md asks providers to write them.
"""

from __future__ import annotations

import difflib
import io
import re
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from rehab_directory.core.model import Listing
from rehab_directory.core.modelinfo import model_at

Path = tuple[str | int, ...]
INLINE_GROUP_MAX = 3  # a new group of at most this many plain values is written inline
_NUMBERISH = re.compile(r"\+?[0-9][0-9 ()+-]*")  # "0113 496 0871", "1-123456789": quoted


class EditError(Exception):
    """The listing's text cannot be edited (it is not a YAML mapping)."""


def _indents(text: str) -> tuple[int, int]:
    """(how far a group's fields are indented, how far a list's dashes are) under the first
    top-level key that has them; (2, 2) when the file does not say."""
    mapping = dash = None
    parent = False  # the line before was a top-level key with nothing after its colon
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if parent and indent:
            if stripped.startswith("- ") and dash is None:
                dash = indent
            elif not stripped.startswith("- ") and mapping is None:
                mapping = indent
        parent = indent == 0 and stripped.rstrip().endswith(":")
        if mapping is not None and dash is not None:
            break
    return mapping or 2, dash if dash is not None else 2


def _yaml(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    mapping, dash = _indents(text)
    yaml.indent(mapping=mapping, sequence=dash + 2, offset=dash)
    return yaml


def _scalar_like(old: Any, value: Any) -> Any:
    """``value`` in the quoting style of the scalar it replaces."""
    if isinstance(value, str) and isinstance(old, ScalarString):
        return type(old)(value)
    return _fresh(value)


def _fresh(value: Any, nested: bool = True) -> Any:
    """A new value as the house style writes it (a top-level group is never inline)."""
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if _NUMBERISH.fullmatch(value) else value
    if isinstance(value, dict):
        group = CommentedMap((k, _fresh(v)) for k, v in value.items())
        if nested and len(value) <= INLINE_GROUP_MAX and not any(
                isinstance(v, dict | list) or (isinstance(v, str) and len(v) > 40)
                for v in value.values()):
            group.fa.set_flow_style()
        return group
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v) for v in value)
        if all(isinstance(v, str | int | float | date) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _insert_at(group: CommentedMap, key: str, path: Path) -> int:
    """Where ``key`` goes in ``group`` (at ``path``): after the keys the model puts before it."""
    model = model_at(Listing, path)
    if model is None or key not in model.model_fields:
        return len(group)
    order = list(model.model_fields)
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(group):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    return position


class Editor:
    """One listing's text, with edits made in place."""

    def __init__(self, text: str):
        self.original = text
        self._bom = text.startswith("\ufeff")
        self._crlf = "\r\n" in text
        self._text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        self._yaml = _yaml(self._text)
        try:
            self.data = self._yaml.load(self._text)
        except YAMLError as exc:
            raise EditError(f"the listing is not valid YAML ({str(exc).splitlines()[0]})") \
                from None
        if not isinstance(self.data, CommentedMap):
            raise EditError("the listing is not a YAML mapping of fields")
        self.reformatted = False

    def _parent(self, path: Path) -> tuple[Any, str | int]:
        node: Any = self.data
        for part in path[:-1]:
            node = node[part]
        return node, path[-1]

    def get(self, path: Path, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: Path, value: Any) -> None:
        """Give the field at ``path`` this value (a group's fields are set one by one, so the
        group keeps its style and the fields not named keep their values)."""
        parent, key = self._parent(path)
        if isinstance(value, dict) and isinstance(parent.get(key) if isinstance(
                parent, CommentedMap) else None, CommentedMap):
            for sub, sub_value in value.items():
                self.set((*path, sub), sub_value)
            return
        if isinstance(parent, CommentedMap) and key in parent:
            parent[key] = _scalar_like(parent[key], value)
        elif isinstance(parent, CommentedMap):
            parent.insert(_insert_at(parent, str(key), path[:-1]), key,
                          _fresh(value, nested=len(path) > 1))
        else:
            parent[key] = _fresh(value)

    def remove(self, path: Path) -> None:
        parent, key = self._parent(path)
        if isinstance(parent, CommentedMap) and key in parent:
            del parent[key]

    def _dump(self, data: Any) -> str:
        out = io.StringIO()
        self._yaml.dump(data, out)
        return out.getvalue()

    def text(self) -> str:
        """The edited listing, with the original's line endings and byte-order mark."""
        plain = self._dump(self._yaml.load(self._text))
        edited = _lift_insertions(plain, self._dump(self.data))
        if plain != self._text:
            spliced = _splice(self._text, plain, edited)
            self.reformatted = spliced is None
            edited = edited if spliced is None else spliced
        if self._crlf:
            edited = edited.replace("\n", "\r\n")
        return ("\ufeff" if self._bom else "") + edited


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _lift_insertions(plain: str, edited: str) -> str:
    """Put each block of new lines above the comments that head the key after it.

    ruamel keeps a comment line with the value before it, so a key inserted before
    ``substances:`` would land between ``substances`` and the comment written above it. Blank
    lines and comments at the new block's own indentation belong to the key below them."""
    old, new = plain.splitlines(keepends=True), edited.splitlines(keepends=True)
    out: list[str] = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        if tag != "insert":
            out.extend(new[j1:j2])
            continue
        block = new[j1:j2]
        depth = _indent(block[0])
        heading = 0  # how many lines just above belong to the key after the block
        while heading < len(out):
            line = out[-1 - heading]
            if line.strip() and not (line.lstrip(" ").startswith("#")
                                     and _indent(line) == depth):
                break
            heading += 1
        while heading and not out[-heading].strip():  # keep the blank lines above the block
            heading -= 1
        at = len(out) - heading
        out[at:at] = block
    return "".join(out)


def _splice(original: str, plain: str, edited: str) -> str | None:
    """Apply the change from ``plain`` (ruamel's unedited version of ``original``) to
    ``edited`` onto ``original`` itself; None when a changed line has no counterpart there."""
    ours, theirs, new = (s.splitlines(keepends=True) for s in (original, plain, edited))
    # plain line index -> original line index, wherever the two agree
    same: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, theirs, ours, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            same[block.a + k] = block.b + k
    out: list[str] = []
    cursor = 0  # next original line not yet copied
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, theirs, new,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # the changed plain lines i1..i2 must all be lines the original has as they are
        if any(i not in same for i in range(i1, i2)):
            return None
        if i1 < i2:
            start, end = same[i1], same[i2 - 1] + 1
            if end - start != i2 - i1:
                return None
        else:  # a pure insertion: after the original line matching plain line i1 - 1
            if i1 == 0:
                start = 0
            elif i1 - 1 in same:
                start = same[i1 - 1] + 1
            else:
                return None
            end = start
        if start < cursor:
            return None
        out.extend(ours[cursor:start])
        out.extend(new[j1:j2])
        cursor = end
    out.extend(ours[cursor:])
    return "".join(out)
