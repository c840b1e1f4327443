"""The results as Markdown: one column per size, then every target and whether it is met."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .settings import NA


def value_at(d: dict, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def seconds(v: Any) -> str:
    return "n/a" if v is None else f"{v:.2f} s" if v >= 1 else f"{v * 1000:.0f} ms"


def size(v: Any) -> str:
    if v is None:
        return "n/a"
    if v >= 1e6:
        return f"{v / 1e6:.1f} MB"
    if v >= 1e4:
        return f"{v / 1e3:.0f} kB"
    return f"{v:,.0f} B"


def megabytes(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} MB"


ROWS: list[tuple[str, Callable[[dict], str]]] = [
    ("Floor: PyYAML C loader, all listings",
     lambda r: seconds(value_at(r, "floor_yaml_c_loader", "seconds"))),
    ("Floor: PyYAML C composer (nodes with marks)",
     lambda r: seconds(value_at(r, "floor_yaml_c_compose_with_marks", "seconds"))),
    ("Floor: bare Jinja2 provider pages, written",
     lambda r: seconds(value_at(r, "floor_bare_jinja2", "seconds"))),
    ("Validate all (in process)",
     lambda r: seconds(value_at(r, "validate_all_in_process", "seconds"))),
    ("… minus the YAML floor",
     lambda r: seconds(difference(r, "validate_all_in_process", "floor_yaml_c_loader"))),
    ("… as a ratio of the YAML floor", lambda r: _ratio(r, "validate_all_in_process",
                                                         "floor_yaml_c_loader")),
    ("Validate all (command line, wall)",
     lambda r: seconds(value_at(r, "validate_all_cli", "seconds"))),
    ("Validate one changed listing (command line, wall)",
     lambda r: seconds(value_at(r, "validate_one_cli", "seconds"))),
    ("Full cold build (wall)", lambda r: seconds(value_at(r, "build_cold", "seconds"))),
    ("… per listing", lambda r: _per(r, "build_cold")),
    ("… as a ratio of the bare Jinja2 floor", lambda r: _ratio(r, "build_cold",
                                                                "floor_bare_jinja2")),
    ("Rebuild after one listing changed (wall)",
     lambda r: seconds(value_at(r, "rebuild_one_changed", "seconds"))),
    ("Preview (make serve): a saved listing shown on its served page",
     lambda r: seconds(value_at(r, "preview", "seconds"))),
    ("Preview (make serve): a saved content page shown on its served page",
     lambda r: seconds(value_at(r, "preview", "page_seconds"))),
    ("… of which the rebuild, as the preview reports it (median of both)",
     lambda r: seconds(value_at(r, "preview", "rebuild_seconds_said"))),
    ("Reference: stock Pelican, the same listings as Markdown articles (wall)",
     lambda r: seconds(value_at(r, "pelican_stock", "seconds"))),
    ("… full cold build, times faster", lambda r: _faster(r)),
    ("Search files, first tier (index + table), raw",
     lambda r: size(value_at(r, "sizes", "search", "first_tier_bytes"))),
    ("Search files, first tier, gzipped",
     lambda r: size(value_at(r, "sizes", "search", "first_tier_gzip"))),
    ("… gzipped per listing", lambda r: bytes_per_listing(value_at(r, "sizes", "search",
                                                  "first_tier_gzip_per_listing"))),
    ("Search data downloaded before the first result, gzipped, per listing",
     lambda r: bytes_per_listing(value_at(r, "browser", "search_payload_gzip_per_listing"))),
    ("First result after first keystroke (Chromium, page loaded)",
     lambda r: milliseconds(value_at(r, "browser", "after_load", "ms"))),
    ("First result after first keystroke (Chromium, typing at once)",
     lambda r: milliseconds(value_at(r, "browser", "at_once", "ms"))),
    ("Place typed (\"near Harrogate\") to the first result with its distance",
     lambda r: milliseconds(value_at(r, "browser", "place", "ms"))),
    ("Gazetteer, gzipped (places.json / postcodes.json)",
     lambda r: _pair(value_at(r, "sizes", "gazetteer", "search/places.json", "gzip"),
                     value_at(r, "sizes", "gazetteer", "search/postcodes.json", "gzip"))),
    ("Lighthouse mobile performance: home / provider / compare",
     lambda r: " / ".join(str(value_at(r, "lighthouse", p, "score") or "n/a")
                          for p in ("home", "provider", "compare"))),
    ("… largest layout shift of the three",
     lambda r: _cls(r)),
    ("Home page (HTML gzipped / with CSS+JS gzipped)",
     lambda r: _pair(value_at(r, "sizes", "home", "html_gzip"),
                     value_at(r, "sizes", "home", "with_css_js_gzip"))),
    ("Home page HTML raw", lambda r: size(value_at(r, "sizes", "home", "html_bytes"))),
    ("Provider page (median HTML raw / gzipped)",
     lambda r: _pair(value_at(r, "sizes", "provider", "median_html_bytes"),
                     value_at(r, "sizes", "provider", "median_html_gzip"))),
    ("Total output (files)", lambda r: _total(r)),
    ("Peak memory: full build (process tree)",
     lambda r: megabytes(value_at(r, "build_cold", "peak_tree_mb"))),
    ("Peak memory: rebuild (process tree)",
     lambda r: megabytes(value_at(r, "rebuild_one_changed", "peak_tree_mb"))),
    ("Peak memory: validate all (command line)",
     lambda r: megabytes(value_at(r, "validate_all_cli", "peak_tree_mb"))),
]


def _cls(r: dict) -> str:
    shifts = [value_at(r, "lighthouse", p, "cls") for p in ("home", "provider", "compare")]
    shifts = [s for s in shifts if s is not None]
    return "n/a" if not shifts else f"{max(shifts):.3f}"


def difference(r: dict, a: str, b: str) -> float | None:
    x, y = value_at(r, a, "seconds"), value_at(r, b, "seconds")
    return None if x is None or y is None else x - y


def _ratio(r: dict, a: str, b: str) -> str:
    x, y = value_at(r, a, "seconds"), value_at(r, b, "seconds")
    return "n/a" if x is None or not y else f"{x / y:.1f}×"


def _faster(r: dict) -> str:
    x, y = value_at(r, "pelican_stock", "seconds"), value_at(r, "build_cold", "seconds")
    return "n/a" if x is None or not y else f"{x / y:.1f}×"


def _per(r: dict, a: str) -> str:
    x = value_at(r, a, "seconds")
    return "n/a" if x is None else f"{x / r['listings'] * 1000:.2f} ms"


def bytes_per_listing(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} B"


def milliseconds(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} ms"


def _pair(a: Any, b: Any) -> str:
    return f"{size(a)} / {size(b)}"


def _total(r: dict) -> str:
    o = value_at(r, "sizes", "output")
    return "n/a" if not o else f"{size(o['bytes'])} ({o['files']:,})"


def _runs(report: dict) -> str:
    counts = {k: v.get("runs", report["runs"]) for k, v in report["sizes"].items()}
    if len(set(counts.values())) <= 1:
        return f"{report['runs']} run{'s' * (report['runs'] != 1)}"
    return ", ".join(f"{n} run{'s' * (n != 1)} at {int(k):,}" for k, n in counts.items())


def markdown(report: dict) -> str:
    m = report["machine"]
    keys = list(report["sizes"])
    lines = [
        f"Measured {report['finished']} on {m['cores']} cores ({m['usable_cores']} usable), "
        f"{m['cpu'] or 'unknown CPU'}, {m['memory_gb']} GB RAM, Python {m['python']}, "
        f"{m['system']}; median of {_runs(report)}; "
        f"`python -m tools.bench {report['argv']}`.".replace("  ", " "),
        f"Load average (1 min) {m['load_average'][0]} at the start, "
        f"{report.get('load_average_at_end', ['?'])[0]} at the end: other work on the machine "
        "slows every figure alike, so compare against the floors.",
        "",
        "| Measure | " + " | ".join(f"{int(k):,} listings" for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for label, fn in ROWS:
        lines.append(f"| {label} | " + " | ".join(fn(report["sizes"][k]) for k in keys) + " |")
    na = {}
    for k in keys:
        for name, value in report["sizes"][k].items():
            if isinstance(value, dict) and value.get("status") == NA:
                na.setdefault(name, value.get("reason", ""))
    if na:
        lines += ["", "Not available in this run: " + "; ".join(
            f"{name.replace('_', ' ')} ({reason})" for name, reason in na.items()) + "."]
    lines += ["", "| Target | Listings | Measured | Status |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['listings']} | {t['measured']} | {t['status']} |")
    lines += ["", "Gzip sizes use level 6. \"Page loaded\": the visitor types once the page "
              "has loaded; \"typing at once\": as soon as the HTML is parsed. Both time from "
              "the first keydown to the first result card containing the query, in a fresh "
              "browser profile (nothing cached), site served from 127.0.0.1.",
              "Timed runs are not sampled for memory: peak memory comes from one more run "
              "of its own (sampling slows what it samples).",
              "Stock Pelican: the project's pinned Pelican, with its default theme and "
              "settings, and Python-Markdown, over the same listings written as Markdown "
              "articles (region as category, substances as tags, description as body); one "
              "run at 10,000.",
              "Reference (issue #6, same machine): stock Pelican renders 1,000 minimal pages "
              "in about 4.8 s and 10,000 in 55–66 s; a bare YAML → pydantic → Jinja2 → write "
              "pipeline does 1,000 listings in 1.4–2.0 s and 10,000 in 10.7–15.6 s."]
    return "\n".join(lines) + "\n"
