"""Changes to the framework's files, value by value, before and after.

``standards/standards.yaml`` (each standard's level, title, area, evidence, thresholds in
``params``, and its words), ``standards/living_wage.yaml`` (each year's rates and dates),
``standards/exceptions.yaml`` (each exception) and ``.github/reviewers.yaml`` (who is a
reviewer). Read from the raw files, so a change is shown even when the new file is broken.
Every such change needs a second reviewer.
"""

from __future__ import annotations

from typing import Any

from rehab_directory.review.reviewers import REVIEWERS_FILE
from rehab_directory.support.money import pounds_and_pence

from .fielddiff import field_diff
from .gitread import STANDARDS, Git
from .report import ValueChange
from .workspace import read_data


def _exception_key(item: dict) -> str | None:
    if not all(isinstance(item.get(k), str) for k in ("standard", "provider")):
        return None
    return f"{item['standard']} for {item['provider']}, approved {item.get('approved')}"


_KEYS = (lambda item: item.get("id"), lambda item: item.get("year"), _exception_key)
_MONEY_FIELDS = {f"{STANDARDS}living_wage.yaml": ("uk", "london")}


def governance_path(path: str) -> bool:
    """Whether ``path`` is one of the framework's files (those that need a second reviewer)."""
    return path.startswith(STANDARDS) or path == REVIEWERS_FILE


def _split(name: str) -> tuple[str, str]:
    """'standards[DIG-001].params.within_months' -> ('DIG-001', 'params.within_months');
    'areas.regulation' -> ('areas', 'regulation')."""
    if "[" in name and name.index("[") < name.find("]"):
        start, end = name.index("["), name.index("]")
        item, rest = name[start + 1:end], name[end + 1:].lstrip(".")
        return item, rest or "(whole)"
    group, _, rest = name.partition(".")
    return group, rest or "(whole)"


def _show(file: str, field: str, value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and field in (
            _MONEY_FIELDS.get(file, ())):
        return pounds_and_pence(value)
    return value


def value_changes(file: str, before: Any, after: Any) -> list[ValueChange]:
    """Every value of one framework file that differs between ``before`` and ``after``."""
    if file == REVIEWERS_FILE:
        old = _handles(before)
        new = _handles(after)
        rows = [ValueChange(file, "reviewers", "added", None, h) for h in sorted(new - old)]
        return rows + [ValueChange(file, "reviewers", "removed", h, None)
                       for h in sorted(old - new)]
    titles = {}
    for data in (before, after):
        for std in (data or {}).get("standards", []) if isinstance(data, dict) else []:
            if isinstance(std, dict) and isinstance(std.get("id"), str):
                titles.setdefault(std["id"], std.get("title"))
    rows = []
    for name, old, new in field_diff(before, after, keys=_KEYS):
        item, field = _split(name)
        if isinstance(titles.get(item), str):
            item = f"{item} ({titles[item]})"
        rows.append(ValueChange(file, item, field, _show(file, field, old),
                                _show(file, field, new)))
    return rows


def _handles(data: Any) -> set[str]:
    names = data.get("reviewers") if isinstance(data, dict) else None
    return {str(n).lower() for n in names} if isinstance(names, list) else set()


def framework_changes(git: Git, base: str, head: str, paths: list[str]) -> list[ValueChange]:
    """Value-by-value changes of the framework files in ``paths``, between two revisions."""
    out: list[ValueChange] = []
    for path in sorted(set(paths)):
        sides = []
        for rev in (base, head):
            entry = git.entry(rev, path)
            raw = git.blob(entry.oid) if entry is not None and entry.is_file else b""
            sides.append(read_data(raw, path) if raw else None)
        rows = value_changes(path, *sides)
        if not rows and sides[0] != sides[1]:
            rows = [ValueChange(path, "(file)", "(whole)", "readable" if sides[0] else "absent",
                                "readable" if sides[1] else "absent or unreadable")]
        out.extend(rows)
    return out
