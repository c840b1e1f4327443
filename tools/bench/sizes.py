"""What the built site weighs: search files, pages, the whole output; gzipped as served."""

from __future__ import annotations

import gzip
import re
import statistics
from pathlib import Path
from typing import Any

from .settings import GZIP_LEVEL


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


GAZETTEER_FILES = ("search/places.json", "search/postcodes.json")


def sizes_of(out: Path, n: int) -> dict:
    """Search file sizes, page weights and the total size of the site."""
    result: dict[str, Any] = {}
    search = out / "search"
    if search.is_dir():
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(search.rglob("*"))
                 if p.is_file()}
        # The gazetteer is fetched only when a place may have been typed: not first tier.
        gazetteer = {k: v for k, v in files.items() if k in GAZETTEER_FILES}
        if gazetteer:
            result["gazetteer"] = {k: {"bytes": len(v), "gzip": gz(v)}
                                   for k, v in gazetteer.items()}
        lean = {k: v for k, v in files.items() if "/details/" not in k and k not in gazetteer}
        result["search"] = {
            "files": {k: {"bytes": len(v), "gzip": gz(v)} for k, v in lean.items()},
            "first_tier_bytes": sum(len(v) for v in lean.values()),
            "first_tier_gzip": sum(gz(v) for v in lean.values()),
            "all_bytes": sum(len(v) for v in files.values()),
            "all_gzip": sum(gz(v) for v in files.values()),
            "count": len(files),
        }
        s = result["search"]
        s["first_tier_gzip_per_listing"] = round(s["first_tier_gzip"] / n, 1)
        s["first_tier_bytes_per_listing"] = round(s["first_tier_bytes"] / n, 1)
    home = out / "index.html"
    if home.is_file():
        result["home"] = _page_weight(out, home)
    providers = sorted((out / "providers").glob("*/index.html"))
    if providers:
        weights = [_page_weight(out, p, assets=False) for p in providers]
        biggest = max(providers, key=lambda p: p.stat().st_size)
        result["provider"] = {
            "median_html_bytes": statistics.median(w["html_bytes"] for w in weights),
            "median_html_gzip": statistics.median(w["html_gzip"] for w in weights),
            "largest": _page_weight(out, biggest),
            "pages": len(providers),
        }
    total = files = 0
    for p in out.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    result["output"] = {"bytes": total, "files": files}
    return result


def _page_weight(out: Path, page: Path, assets: bool = True) -> dict:
    html = page.read_bytes()
    weight = {"html_bytes": len(html), "html_gzip": gz(html)}
    if assets:
        refs = re.findall(rb'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"',
                          html)
        total = total_gz = 0
        for ref in refs:
            target = out / ref.decode().split("?")[0].lstrip("/")
            if target.is_file():
                data = target.read_bytes()
                total, total_gz = total + len(data), total_gz + gz(data)
        weight["with_css_js_bytes"] = len(html) + total
        weight["with_css_js_gzip"] = weight["html_gzip"] + total_gz
    return weight
