"""A pull request is judged by what it changes, listing by listing.

A change fails when it makes a listing worse: a required standard it now fails that it met
before, a new error of another kind, a file that can no longer be read, or a new listing (or
one readable for the first time) that fails a required standard other than those only a
reviewer can meet (verification). A change that improves a listing, or leaves its failures as
they were, passes; the report then says the listing stays withheld, and what would bring it
back. So no provider is ever blocked by a field only a reviewer may change.

The table of every standard before and after is here too, with the one field that makes
several standards fail named first.
"""

from __future__ import annotations

from typing import Any

from rehab_directory.core.findings import Finding
from rehab_directory.framework.publication import Standing
from rehab_directory.framework.standards import Framework, Level
from rehab_directory.support.clock import how_long, long_date

from .report import Cause, ListingReview, Worse
from .workspace import Side

# Fields only a framework reviewer sets (scripts/verify.py), never a provider.
REVIEWER_FIELDS = ("last_verified", "verified_by")


def reviewer_only(framework: Framework) -> frozenset[str]:
    """The standards that only a reviewer's act can meet: all their evidence is reviewer-set."""
    return frozenset(sid for sid, std in framework.standards.items()
                     if std.evidence and set(std.evidence) <= set(REVIEWER_FIELDS))


def blocking(side: Side) -> set[str]:
    ev = side.checked.evaluation if side.checked else None
    return {r.standard.id for r in ev.results if r.blocks} if ev else set()


def _other_errors(side: Side, standards: set[str]) -> set[tuple[str, str]]:
    return {(f.rule, f.field) for f in side.errors if f.rule not in standards}


def worse(lr: ListingReview) -> Worse:
    """How the pull request makes this listing worse (falsy when it does not)."""
    head, base = lr.head, lr.base
    if head.path is None or head.context is None:
        return Worse()
    framework = head.context.framework
    ids = set(framework.standards) | (set(base.context.framework.standards)
                                      if base.context else set())
    if head.listing is None:
        if base.path is not None and base.listing is None:  # unreadable before and after
            new = _other_errors(head, ids) - _other_errors(base, ids)
            return Worse(errors=tuple(sorted({rule for rule, _ in new})))
        return Worse(invalid=True, new=base.path is None)
    if base.path is not None and base.listing is not None:
        return Worse(tuple(sorted(blocking(head) - blocking(base))), tuple(sorted(
            {rule for rule, _ in _other_errors(head, ids) - _other_errors(base, ids)})))
    exempt = reviewer_only(framework)
    return Worse(tuple(sorted(blocking(head) - exempt)),
                 tuple(sorted({rule for rule, _ in _other_errors(head, ids)})), new=True)


# ---------------------------------------------------------------------------- one cause first


def _present(data: Any, path: tuple) -> bool:
    value = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return False
        elif not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return value is not None


def _name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def causes(side: Side) -> list[Cause]:
    """Fields that each make two or more standards fail, most standards first. A problem is
    put down to the outermost group missing around its field (``policies`` when the whole
    group is missing), else to the field itself."""
    ev = side.checked.evaluation if side.checked else None
    if ev is None:
        return []
    by_root: dict[tuple, set[str]] = {}
    missing: dict[tuple, bool] = {}
    for result in ev.results:
        if result.status != "not_met":
            continue
        for problem in result.problems:
            path = tuple(problem.path)
            root = next((path[:i] for i in range(1, len(path) + 1)
                         if not _present(side.data, path[:i])), path)
            by_root.setdefault(root, set()).add(result.standard.id)
            missing[root] = not _present(side.data, root)
    found = [Cause(_name(root), missing[root], tuple(sorted(ids)))
             for root, ids in by_root.items() if len(ids) > 1]
    found.sort(key=lambda c: (-len(c.standards), c.field))
    return found


def cause_text(cause: Cause, framework: Framework) -> str:
    required = [s for s in cause.standards
                if s in framework.standards and framework.standards[s].level is Level.REQUIRED]
    what = (f"{len(required)} required standards" if len(required) == len(cause.standards)
            else f"{len(cause.standards)} standards")
    if cause.missing:
        return (f"{cause.field} is missing from the listing, and that alone makes {what} fail "
                f"({', '.join(cause.standards)}): add it first")
    return f"{cause.field} makes {what} fail ({', '.join(cause.standards)}): correct it first"


# ---------------------------------------------------------------------------- what brings it back


def _finding_line(f: Finding) -> str:
    return f"{f.rule} {f.field}: {f.message}; {f.fix}"


def bring_back(side: Side, slug: str) -> list[str]:
    """What would publish this version of the listing again, in plain words (empty when it
    is published), the one cause of many failures first."""
    a, ctx = side.assessment, side.context
    if a is None or ctx is None or a.published:
        return []
    framework, today = ctx.framework, ctx.today
    exempt = reviewer_only(framework)
    verify = (f"a framework reviewer checks the evidence with the provider and records the "
              f"verification (scripts/verify.py {slug} --by THEIR-HANDLE)")
    if a.standing is Standing.INVALID:
        return ["fix the errors below so that the file can be read as a listing"]
    if a.standing is Standing.UNVERIFIED:
        return [verify]
    out = [cause_text(c, framework) for c in causes(side)]
    if a.standing is Standing.LAPSED:
        for lapse in a.lapses:
            when = f"lapsed on {long_date(lapse.on)}, {how_long(lapse.on, today)}"
            if lapse.standard in exempt:
                out.append(f"{lapse.standard} ({lapse.title}) {when}: {verify}")
            else:
                fixes = [f.fix for f in a.errors if f.rule == lapse.standard]
                out.append(f"{lapse.standard} ({lapse.title}) {when}: "
                           + (fixes[0] if fixes else "update the evidence"))
        return out
    for f in a.errors:
        out.append(verify if f.rule in exempt else _finding_line(f))
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------- the table


def _statuses(side: Side) -> dict[str, Any]:
    ev = side.checked.evaluation if side.checked else None
    return {r.standard.id: r for r in ev.results} if ev else {}


def standards_table(lr: ListingReview, framework: Framework) -> list[dict]:
    """Every standard's status before and after: first the required standards this change
    makes fail (``lr.worse``), then those failing already, then advisory ones, then changes
    for the better, then the rest."""
    before, after = _statuses(lr.base), _statuses(lr.head)
    if lr.head.path is None:
        return []
    exempt = reviewer_only(framework)
    rows = []
    for sid, std in framework.standards.items():
        b, a = before.get(sid), after.get(sid)
        b_status = b.status if b else ("absent" if lr.base.path is None else "unchecked")
        a_status = a.status if a else "unchecked"
        required = std.level is Level.REQUIRED
        failing = a_status in ("not_met", "unchecked")
        newly = sid in lr.worse.standards or (
            not required and failing and b_status not in ("not_met", "unchecked"))
        if failing:
            order = (0 if newly else 1) if required else (2 if newly else 3)
        else:
            order = 4 if a_status != b_status else 5
        rows.append({
            "id": sid, "title": std.title, "level": std.level.value,
            "before": b_status, "after": a_status, "newly_failing": newly, "order": order,
            "reviewer_only": sid in exempt,
            "problems": [p.message for p in a.problems] if a and a.status != "met" else [],
            "exception": (f"approved by {a.exception.approved_by} until "
                          f"{a.exception.expires.isoformat()}") if a and a.exception else None,
        })
    rows.sort(key=lambda r: r["order"])
    return rows
