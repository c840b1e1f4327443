"""The targets of issue #6 (and #13's preview target), each judged on its measured figure."""

from __future__ import annotations

from typing import Any

from .table import bytes_per_listing, difference, megabytes, milliseconds, seconds, size, value_at


def targets(report: dict) -> list[dict]:
    """Every target of issue #6 with its measured figure."""
    sizes = report["sizes"]
    out = []

    def add(target: str, size: str, value: Any, limit: float, shown: str) -> None:
        status = "not measured" if value is None else "met" if value < limit else "not met"
        out.append({"target": target, "listings": size, "measured": shown, "status": status})

    r1k, r10k = sizes.get("1000", {}), sizes.get("10000", {})
    for key, r in (("1000", r1k),):
        v = difference(r, "validate_all_in_process", "floor_yaml_c_loader")
        add("Validate all: under 1 s beyond the YAML-parse floor", key, v, 1.0, seconds(v))
    for key, r in sizes.items():
        v = value_at(r, "validate_one_cli", "seconds")
        add("One changed listing validated, start-up included: under 0.5 s", key, v, 0.5,
            seconds(v))
    v = value_at(r1k, "build_cold", "seconds")
    add("Full cold build with search index: under 4 s", "1000", v, 4.0, seconds(v))
    v = value_at(r10k, "build_cold", "seconds")
    add("Full cold build with search index: under 20 s", "10000", v, 20.0, seconds(v))
    a, b = value_at(r1k, "build_cold", "seconds"), value_at(r10k, "build_cold", "seconds")
    growth = None if a is None or b is None else b / a
    add("Build cost grows linearly (10k/1k time ratio ≤ 12)", "1k→10k", growth, 12.01,
        "n/a" if growth is None else f"{growth:.1f}×")
    # "3x faster than stock Pelican", judged twice: against the reference (55 s, the
    # faster end of the 55-66 s it measured on this machine) and against stock Pelican timed
    # in this run, which moves with the machine's speed as the build does.
    v, ref = value_at(r10k, "build_cold", "seconds"), value_at(r10k, "pelican_stock", "seconds")
    add("At least 3× faster than stock Pelican: the issue's 55 s", "10000",
        None if v is None else v * 3, 55.0001, "n/a" if v is None else f"{55 / v:.1f}×")
    add("At least 3× faster than stock Pelican timed in this run", "10000",
        None if v is None or ref is None else v * 3, (ref or 0) + 0.0001,
        "n/a" if v is None or ref is None else f"{ref / v:.1f}× ({ref:.1f} s)")
    v = value_at(r1k, "rebuild_one_changed", "seconds")
    add("Rebuild after one listing changed: under 2 s", "1000", v, 2.0, seconds(v))
    shown = [value_at(r1k, "preview", k) for k in ("seconds", "page_seconds")]
    v = None if None in shown else max(shown)  # the slower of a listing and a page
    add("Preview shows a saved change: under 2 s", "1000", v, 2.0, seconds(v))
    for key, r in (("1000", r1k), ("10000", r10k)):  # fixed overhead dominates below
        v = value_at(r, "browser", "search_payload_gzip_per_listing")
        if v is None:
            v = value_at(r, "sizes", "search", "first_tier_gzip_per_listing")
        add("Search payload before the first result: ≤ 150 B gzipped per listing", key, v,
            150.01, bytes_per_listing(v))
    v = value_at(r1k, "browser", "after_load", "ms")
    add("First result after the first keystroke: under 300 ms", "1000", v, 300, milliseconds(v))
    v = value_at(r10k, "browser", "after_load", "ms")
    add("First result after the first keystroke: under 1 s", "10000", v, 1000, milliseconds(v))
    for key, r, limit in (("1000", r1k, 300), ("10000", r10k, 1000)):
        v = value_at(r, "browser", "place", "ms")
        add(f"Place typed to first result: under {limit} ms", key, v, limit, milliseconds(v))
    for key, r in (("1000", r1k), ("10000", r10k)):
        v = value_at(r, "sizes", "gazetteer", "search/places.json", "gzip")
        add("Gazetteer: 40 KB or less gzipped", key, v, 40 * 1024 + 1, size(v))
        for page in ("home", "provider", "compare"):
            v = value_at(r, "lighthouse", page, "score")
            add(f"Lighthouse mobile performance 100: {page}", key,
                None if v is None else 100 - v, 0.5, "n/a" if v is None else str(v))
            v = value_at(r, "lighthouse", page, "cls")
            add(f"Layout shift under 0.02: {page}", key, v, 0.02,
                "n/a" if v is None else f"{v:.3f}")
    v = value_at(r10k, "build_cold", "peak_tree_mb")
    add("Peak memory under 500 MB", "10000", v, 500, megabytes(v))
    v = value_at(r10k, "sizes", "home", "html_bytes")
    add("Home page under 100 KB (site contract)", "10000", v, 100_000, size(v))
    return out
