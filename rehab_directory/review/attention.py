"""``scripts/review.py --all``: what needs attention, listing by listing, judged in UK time.

For every listing in the working tree: whether it is withheld from the public build now
(cannot be read, fails a required standard, awaits verification, or its evidence lapsed, and
since when), and what lapses within the next 60 days (evidence, re-verification, an
exception), each with its exact date, and the listing's maintainers, who can act on it. The
weekly workflow turns each listing's entry into an issue of its own (``issues.py``).

A standard whose evidence lasts only a short time (wait times, stated for 30 days) is warned
about a quarter of that time ahead, not 60 days, so that a wait stated yesterday is not
already "lapsing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rehab_directory.core.fields import GITHUB_HANDLE_RE
from rehab_directory.framework.publication import Standing, assess, lapses_within
from rehab_directory.framework.standards import Level, Standard
from rehab_directory.support.clock import how_long, long_date

from ..validator.engine import Validator, read_limited
from .judge import cause_text, causes, reviewer_only
from .markup import code, md
from .workspace import Side, read_data

AHEAD_DAYS = 60


def notice_days(standard: Standard, lapses_on: date) -> int:
    """How many days ahead a lapse on ``lapses_on`` is warned about: 60, or a quarter of the
    time the standard's evidence lasts when that is shorter (counted in the calendar: the
    month before 1 March is 28 days, the one before 1 August 31)."""
    lasts = standard.lasts
    if lasts is None:
        return AHEAD_DAYS
    return min(AHEAD_DAYS, (lapses_on - (lapses_on - lasts)).days // 4)


@dataclass(frozen=True)
class Notice:
    """One thing about a listing that needs someone to act."""

    kind: str  # invalid, failing, unverified, lapsed, lapses, exception
    standard: str | None
    title: str
    on: date | None  # the day it lapsed or lapses (None: not a matter of time)
    action: str  # what to do about it

    def when(self, today: date) -> str:
        if self.on is None:
            return {"invalid": "cannot be read", "unverified": "not yet verified",
                    "advisory": "not met now (advisory: the listing stays published)"}.get(
                self.kind, "not met")
        verb = "lapsed" if self.on <= today else "lapses"
        return f"{verb} on {long_date(self.on)}, {how_long(self.on, today)}"

    def as_dict(self, today: date) -> dict:
        return {"kind": self.kind, "standard": self.standard, "title": self.title,
                "on": self.on.isoformat() if self.on else None,
                "days": (self.on - today).days if self.on else None,
                "when": self.when(today), "action": self.action}


@dataclass
class Attention:
    """One listing that needs attention."""

    slug: str
    path: str
    name: str | None
    maintainers: tuple[str, ...]
    standing: Standing
    notices: list[Notice] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return self.standing is not Standing.PUBLISHED

    @property
    def first(self) -> date | None:
        return min((n.on for n in self.notices if n.on), default=None)

    def as_dict(self, today: date) -> dict:
        return {"slug": self.slug, "name": self.name, "path": self.path,
                "maintainers": list(self.maintainers), "standing": self.standing.value,
                "reason": self.standing.label, "withheld": self.withheld,
                "notices": [n.as_dict(today) for n in self.notices]}


def _handles(data: dict | None) -> tuple[str, ...]:
    names = data.get("maintainers") if isinstance(data, dict) else None
    if not isinstance(names, list):
        return ()
    return tuple(dict.fromkeys(n for n in names if isinstance(n, str)
                               and GITHUB_HANDLE_RE.match(n)))


def _raw(path: Path, display: str) -> dict | None:
    try:
        return read_data(read_limited(path), display)
    except OSError:
        return None


def attention(root: Path, today: date) -> list[Attention]:
    """Every listing of ``root`` that is withheld now or lapses soon, most urgent first."""
    validator = Validator(root, today)
    framework, context = validator.framework, validator.context
    exempt = reviewer_only(framework)
    out: list[Attention] = []
    for c in validator.check_listings(validator.listing_files()):
        slug = c.path.name.removesuffix(".yaml")
        a = assess(c.listing, c.findings, context)
        # The file as plain data only when it is needed: to name an unreadable listing's
        # maintainers, or to find the one missing field behind several failures.
        data = _raw(c.path, c.display) if a.standing in (Standing.INVALID,
                                                         Standing.FAILING) else None
        if c.listing is not None:
            name, maintainers = c.listing.name, tuple(c.listing.maintainers)
        else:
            name = data.get("name") if data and isinstance(data.get("name"), str) else None
            maintainers = _handles(data)
        item = Attention(slug, c.display, name, maintainers, a.standing)
        verify = f"a framework reviewer re-verifies it (scripts/verify.py {slug})"
        if a.standing is Standing.INVALID:
            item.notices.append(Notice("invalid", None, "the file cannot be read as a "
                                       "listing", None, f"run scripts/validate.py {c.display} "
                                       "and fix what it reports"))
        elif a.standing is Standing.UNVERIFIED:
            item.notices.append(Notice("unverified", None, "awaiting verification", None,
                                       f"a framework reviewer verifies it (scripts/verify.py "
                                       f"{slug})"))
        elif a.standing is Standing.LAPSED:
            fixes = {f.rule: f.fix for f in a.errors}
            item.notices.extend(Notice("lapsed", lp.standard, lp.title, lp.on,
                                       verify if lp.standard in exempt
                                       else fixes.get(lp.standard, "update the evidence"))
                                for lp in a.lapses)
        elif a.standing is Standing.FAILING:
            side = Side(c.display, data, c, context, a)
            item.notices.extend(Notice("failing", None, "one cause of several failures", None,
                                       cause_text(cause, framework))
                                for cause in causes(side))
            titles = {sid: std.title for sid, std in framework.standards.items()}
            item.notices.extend(Notice("failing", f.rule, titles.get(f.rule, f.field), None,
                                       verify if f.rule in exempt
                                       else f"{f.field}: {f.message}; {f.fix}")
                                for f in a.errors)
        if c.listing is not None:
            item.notices.extend(_ahead(c, framework, today, slug))
        if item.notices:
            out.append(item)
    out.sort(key=lambda i: (not i.withheld, i.first or today, i.slug))
    return out


def _ahead(checked, framework, today: date, slug: str) -> list[Notice]:
    exempt = reviewer_only(framework)
    results = checked.evaluation.by_id if checked.evaluation else {}
    out = [Notice("advisory", sid, r.standard.title, None,
                  "; ".join(f"{p.message}: {p.fix or r.standard.how}" for p in r.problems))
           for sid, r in results.items()
           if r.status == "not_met" and r.standard.level is not Level.REQUIRED]
    for lapse in lapses_within(checked.listing, framework, today, AHEAD_DAYS):
        std = framework.standards[lapse.standard]
        if lapse.on > today + timedelta(days=notice_days(std, lapse.on)):
            continue
        result = results.get(lapse.standard)
        if result is not None and result.exception is not None:
            out.append(Notice("exception", lapse.standard, lapse.title, lapse.on,
                              f"the exception approved by {result.exception.approved_by} "
                              "expires: meet the standard by then, or ask for a new review"))
        elif lapse.standard in exempt:
            out.append(Notice("lapses", lapse.standard, lapse.title, lapse.on,
                              "re-verification by a framework reviewer is due "
                              f"(scripts/verify.py {slug})"))
        else:
            out.append(Notice("lapses", lapse.standard, lapse.title, lapse.on,
                              f"renew the evidence ({', '.join(std.evidence)}) before then"))
    return out


def attention_json(items: list[Attention], today: date) -> dict:
    return {"kind": "attention", "today": today.isoformat(), "ahead_days": AHEAD_DAYS,
            "count": len(items), "withheld": sum(1 for i in items if i.withheld),
            "listings": [i.as_dict(today) for i in items]}


def render_attention(items: list[Attention], today: date) -> str:
    lines = [f"## Listings that need attention (as on {long_date(today)}, UK time)", ""]
    if not items:
        lines.append(f"Nothing needs attention: every listing is published and nothing lapses "
                     f"within {AHEAD_DAYS} days.")
    else:
        withheld = sum(1 for i in items if i.withheld)
        lines += [f"{len(items)} listing(s): {withheld} withheld from the public directory now, "
                  f"{len(items) - withheld} with something that lapses within {AHEAD_DAYS} days; "
                  "most urgent first.", ""]
    for item in items:
        state = f"withheld: {item.standing.label}" if item.withheld else "published"
        name = f"{md(item.name)} ({code(item.slug)})" if item.name else code(item.slug)
        lines += [f"### {name}: {state}", "",
                  f"Maintainers: {md(', '.join(item.maintainers)) if item.maintainers else '—'}",
                  "", "| What | When | What to do |", "| --- | --- | --- |"]
        for n in item.notices:
            what = f"**{n.standard}** {md(n.title)}" if n.standard else md(n.title)
            lines.append(f"| {what} | {md(n.when(today))} | {md(n.action)} |")
        lines.append("")
    lines += ["See REVIEWING.md for how to re-verify a listing."]
    return "\n".join(lines) + "\n"
