"""Strict, safe YAML for listings, with the line and column of every value kept.

Listings come from outside the team, so the loader treats every file as hostile:

* it reads at most ``MAX_BYTES`` and refuses binary (NUL bytes) and non-UTF-8 text;
* it builds data from libyaml's event stream with an explicit stack (PyYAML's C parser, so it
  is fast; no recursion, so deep nesting cannot exhaust the stack), so it never constructs
  arbitrary objects: tags such as ``!!python/object`` are refused, not executed;
* anchors and aliases are refused (listings never need them, and they are how
  "billion laughs" bombs work); duplicate keys and more than one document are errors;
* scalars follow a small, explicit schema instead of YAML 1.1's implicit typing: only
  ``true``/``false`` are booleans, only plain decimal numbers are numbers, so ``NO`` stays
  the text "NO", ``0123 456789`` stays text and ``1e3`` is not a number.

The result is plain data plus ``Marks``, which map a path such as ``('services', 0, 'wait')``
to the line and column a finding should point at.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .findings import Finding, Path, Severity, field_name
from .rules import RULES

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_NODES = 20_000

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_STR_TAG = "tag:yaml.org,2002:str"
_TYPED_STARTS = frozenset("0123456789+-~nNtTfF")  # how a null, boolean or number can start
_ALLOWED_COLLECTION_TAGS = {None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALAR = yaml.ScalarEvent
_SEQUENCE = yaml.SequenceStartEvent
_COLLECTIONS = (dict, list)  # what the loader makes of groups and lists


class Marks:
    """Where each value of a listing stands in its file (1-based line and column)."""

    __slots__ = ("_at", "_keys")

    def __init__(self) -> None:
        self._at: dict[Path, tuple[int, int]] = {(): (1, 1)}
        self._keys: dict[Path, tuple[int, int]] = {}

    def key(self, path: Path) -> tuple[int, int]:
        """The mark of the key that names ``path`` (for unknown or misplaced fields)."""
        path = tuple(path)
        return self._keys.get(path) or self.locate(path)

    def __contains__(self, path: Path) -> bool:
        return tuple(path) in self._at

    def locate(self, path: Path) -> tuple[int, int]:
        """The mark of ``path``, or of its nearest ancestor present in the file.

        A missing field thus points at its parent key, as a compiler would."""
        path = tuple(path)
        while path not in self._at:
            path = path[:-1]
        return self._at[path]


@dataclass
class Document:
    data: Any
    marks: Marks
    findings: list[Finding] = field(default_factory=list)  # warnings that did not stop loading


class YamlError(Exception):
    """The file could not be read as a listing; ``findings`` say why and where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(findings[0].text() if findings else "YAML error")
        self.findings = findings


def _finding(file: str, rule: str, line: int, col: int, message: str, path: Path = (),
             fix: str | None = None, severity: Severity | None = None) -> Finding:
    spec = RULES[rule]
    return Finding(file, line, col, severity or spec.severity, rule, field_name(path),
                   message, fix or spec.fix)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(raw: bytes, file: str) -> tuple[str, list[Finding]]:
    """Bytes to text, refusing what is not a small UTF-8 text file."""
    if len(raw) > MAX_BYTES:
        raise YamlError([_finding(file, "YAML-006", 1, 1,
                                  f"the file is larger than {MAX_BYTES // 1024} KiB")])
    if not raw.strip():
        raise YamlError([_finding(file, "YAML-009", 1, 1, "the file is empty")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError([_finding(file, "YAML-005", 1, 1,
                                  "the file is UTF-16 text, not UTF-8")])
    nul = raw.find(b"\0")
    if nul >= 0:
        line, col = _line_col(raw.decode("latin-1"), nul)
        raise YamlError([_finding(file, "YAML-005", line, col,
                                  "the file contains binary data (a NUL byte), not text")])
    warnings = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(_finding(file, "YAML-011", 1, 1, "the file starts with a byte-order mark"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise YamlError([_finding(
            file, "YAML-005", line, col,
            f"byte 0x{raw[exc.start]:02X} is not UTF-8 text (the file was probably saved "
            "in another encoding, such as Windows-1252)")]) from None
    if "\t" in text:  # rare: look for a tab in some line's indentation
        for lineno, line in enumerate(text.splitlines(), 1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                raise YamlError([_finding(file, "YAML-004", lineno, line.index("\t") + 1,
                                          "a tab is used for indentation")])
    return text, warnings


def _scalar(event: yaml.ScalarEvent, as_key: bool) -> Any:
    tag = event.tag
    if tag is not None and tag not in ("!", _STR_TAG):
        return _Refused(tag)
    value = event.value
    if (as_key or event.style or tag is not None  # C parser: plain style is ""
            or (value and value[0] not in _TYPED_STARTS)):
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (4,300): leave it as text
            return value
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


class _Refused:
    def __init__(self, tag: str):
        self.tag = tag


_SYNTAX_FIXES = (
    ("mapping values are not allowed", "put quotes around text that contains ': ', "
                                       "e.g. summary: \"Detox: 7 to 10 days\""),
    ("could not find expected ':'", "write each field as 'name: value' and check the "
                                    "indentation of this line and the one before it"),
    ("did not find expected key", "check the indentation: fields of the same group must "
                                  "start in the same column"),
    ("did not find expected '-' indicator", "check the indentation of this list item"),
    ("found unexpected end of stream", "close the quote or bracket opened earlier"),
    ("found character that cannot start any token", "put quotes around this value"),
    ("found undefined tag handle", "remove the '!' tag, or put the value in quotes"),
)


_KEY_WORD = re.compile(r"[^\s:#\[\]{},'\"]+")


def _missing_colon(text: str, exc: yaml.MarkedYAMLError) -> Finding | None:
    """Where a field's ':' is missing, as the person who left it out would look for it.

    libyaml reports a missing colon one line late: ``name Beacon Lodge`` as "could not find
    expected ':'" on the line after (its context mark is the line itself), and ``street 14
    Park Avenue`` inside a group as "mapping values are not allowed" at the colon of the next
    field, whose name it has read as the end of this line's text."""
    problem = exc.problem or ""
    lines = text.splitlines()
    at: tuple[int, int] | None = None
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        at = exc.context_mark.line, exc.context_mark.column
    elif (("mapping values are not allowed" in problem or "did not find expected key" in problem)
          and exc.problem_mark is not None):
        line = exc.problem_mark.line
        here = lines[line] if line < len(lines) else ""
        key = re.match(r"^(\s*(?:- +)?)[^\s:#]+:(?:\s|$)", here)
        if key is None or exc.problem_mark.column > key.end():
            return None  # a colon inside a value, or another mistake: not a missing colon
        previous = line - 1
        while previous >= 0 and (not lines[previous].strip()
                                 or lines[previous].lstrip().startswith("#")):
            previous -= 1
        if previous < 0:
            return None
        before = lines[previous]
        item = re.match(r"^\s*- +", before)
        start = item.end() if item else len(before) - len(before.lstrip())
        if start != len(key.group(1)) or re.search(r":(\s|$)", before):
            return None
        at = previous, start
    if at is None or at[0] >= len(lines):
        return None
    line_no, col = at
    word = _KEY_WORD.match(lines[line_no], col)
    if word is None:
        return None
    name, rest = word.group(), lines[line_no][word.end():].strip()
    example = f"{name}: {rest}" if rest else f"{name}: <its value>"
    return _finding("", "YAML-001", line_no + 1, word.end() + 1,
                    f"there is no ':' after '{name}'",
                    fix=f"write '{example}': a colon and a space after the field's name")


def _syntax_error(file: str, exc: yaml.MarkedYAMLError, text: str = "") -> Finding:
    missing = _missing_colon(text, exc) if text else None
    if missing is not None:
        return dataclasses.replace(missing, file=file)
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or str(exc)
    fix = next((fix for key, fix in _SYNTAX_FIXES if key in problem), None)
    if exc.context and exc.context_mark and exc.context_mark.line != (mark.line if mark else -1):
        problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return _finding(file, "YAML-001", line, col, problem, fix=fix)


@dataclass(slots=True)
class _Frame:
    """A group (mapping) or list (sequence) being read: its contents so far, its path, where
    it starts and, in a group, the key whose value comes next."""

    container: dict[str, Any] | list[Any]
    path: Path
    mark: yaml.Mark
    key: str | None = None
    key_mark: yaml.Mark | None = None

    @property
    def wants_key(self) -> bool:
        return self.key is None and type(self.container) is dict

    @property
    def next_path(self) -> Path:
        """The path of the next value placed here."""
        if type(self.container) is list:
            return (*self.path, len(self.container))
        return (*self.path, self.key)

    @property
    def here(self) -> Path:
        """The field being read: the next value's path, or the group's when a key is next."""
        return self.path if self.wants_key else self.next_path


def parse(text: str, file: str) -> Document:
    """Text to data and marks, or ``YamlError``."""
    marks = Marks()
    at_mark, key_marks = marks._at, marks._keys  # bound once: this loop runs per value
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    nodes = 0

    def fail(rule: str, mark: yaml.Mark, message: str, path: Path = (), fix=None) -> YamlError:
        return YamlError([_finding(file, rule, mark.line + 1, mark.column + 1, message, path, fix)])

    def here() -> Path:
        return stack[-1].here if stack else ()

    def take_key(frame: _Frame, key: Any, mark: yaml.Mark) -> None:
        """``key`` names the next value of the group ``frame``: a plain name, not yet used."""
        if not isinstance(key, str):
            raise fail("YAML-001", mark, "a key must be a plain name", frame.path,
                       "write keys as simple names such as 'phone:'")
        if key in frame.container:
            first = marks.locate((*frame.path, key))
            raise fail("YAML-002", mark,
                       f"'{key}' appears twice in this group (first at line {first[0]})",
                       (*frame.path, key))
        frame.key, frame.key_mark = key, mark

    def place(value: Any, mark: yaml.Mark) -> None:
        """Put a finished value (or a key) into the group or list being read, and record its
        mark: a list's item and a scalar at the value, a group or list in a group at its key."""
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame.container
        if type(container) is list:
            at_mark[(*frame.path, len(container))] = (mark.line + 1, mark.column + 1)
            container.append(value)
            return
        key = frame.key
        if key is None:
            take_key(frame, value, mark)
            return
        child = (*frame.path, key)
        container[key] = value
        frame.key = None
        key_mark = frame.key_mark
        key_at = (key_mark.line + 1, key_mark.column + 1)
        at_mark[child] = key_at if type(value) in _COLLECTIONS else (mark.line + 1,
                                                                     mark.column + 1)
        key_marks[child] = key_at

    # libyaml's parser directly: PyYAML's yaml.parse() wrapper costs a Python generator step
    # and a check_event() call per event, which doubled the time of this loop. Values, and
    # of them scalars (two events in three), are tested for first: this loop is most of the
    # cost of reading a listing.
    parser = yaml.CSafeLoader(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR or kind is yaml.MappingStartEvent or kind is _SEQUENCE:
                if event.anchor is not None:
                    raise fail("YAML-003", event.start_mark,
                               f"an anchor (&{event.anchor}) is used", here())
                nodes += 1
                if nodes > MAX_NODES:
                    raise fail("YAML-006", event.start_mark, f"the file has more than "
                               f"{MAX_NODES} values")
            if kind is _SCALAR:
                value = _scalar(event, bool(stack) and stack[-1].wants_key)
                if type(value) is _Refused:
                    raise fail("YAML-007", event.start_mark, f"the tag '{value.tag}' is not "
                               "allowed", here())
                place(value, event.start_mark)
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                place(frame.container, frame.mark)
                continue
            if kind is yaml.StreamEndEvent:
                break
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("YAML-008", event.start_mark, "the file holds more than one "
                               "YAML document (a second '---')")
                continue
            if kind is yaml.AliasEvent:
                raise fail("YAML-003", event.start_mark,
                           f"an alias (*{event.anchor}) repeats another part of the file",
                           here())
            # MappingStartEvent / SequenceStartEvent
            if event.tag not in _ALLOWED_COLLECTION_TAGS:
                raise fail("YAML-007", event.start_mark, f"the tag '{event.tag}' is not "
                           "allowed", here())
            container: Any = {} if kind is yaml.MappingStartEvent else []
            if stack and stack[-1].wants_key:
                take_key(stack[-1], container, event.start_mark)  # refused: not a plain name
            if len(stack) >= MAX_DEPTH:
                raise fail("YAML-010", event.start_mark, f"values are nested more than "
                           f"{MAX_DEPTH} levels deep", stack[-1].path)
            stack.append(_Frame(container, stack[-1].next_path if stack else (),
                                event.start_mark))
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise YamlError([_syntax_error(file, exc, text)]) from None
    except yaml.reader.ReaderError as exc:  # a control character; position is a UTF-8 offset
        offset = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, col = _line_col(text, offset)
        raise YamlError([_finding(
            file, "YAML-001", line, col,
            f"the file contains an invisible control character (U+{exc.character:04X})",
            fix="delete it and retype the text around it: it was probably pasted from "
                "another program")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we know
        raise YamlError([_finding(file, "YAML-001", 1, 1, str(exc))]) from None
    finally:
        parser.dispose()

    if not isinstance(root, dict):
        what = ("empty" if root is None else "a list, not a set of fields"
                if isinstance(root, list) else "a single value, not a set of fields")
        raise YamlError([_finding(file, "YAML-009", 1, 1, f"the file's content is {what}")])
    return Document(root, marks)


def load(raw: bytes, file: str) -> Document:
    text, warnings = decode(raw, file)
    document = parse(text, file)
    document.findings.extend(warnings)
    return document
