"""Page weight: what a page makes the browser download, gzipped, stays within budget.

The files the page loads in Chromium (from its responses) are mapped back to the built files
and gzip-compressed (level 6, what static hosts use), so the measure does not depend on the
server. A provider page's HTML, CSS and JavaScript must be under 60 KB before photos; the home
page under 100 KB before the search index (which it fetches only to search).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_pages import page_types

pytestmark = pytest.mark.browser

KB = 1024
BUDGETS = {"home": 100 * KB, "provider-photos": 60 * KB, "provider-stale-wait": 60 * KB}


def built_file(site_dir: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    file = site_dir / path.lstrip("/")
    return file / "index.html" if path.endswith("/") else file


def weigh(page, site_url: str, site_dir: Path, path: str) -> dict[str, int]:
    urls: list[str] = []
    page.on("response", lambda response: urls.append(response.url))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = {}
    for url in dict.fromkeys(urls):
        file = built_file(site_dir, url)
        assert file.is_file(), f"{url} has no built file {file}"
        sizes[urlsplit(url).path] = len(gzip.compress(file.read_bytes(), compresslevel=6))
    return sizes


def is_counted(path: str) -> bool:
    """HTML, CSS and JavaScript; not images (photos, logo, icon) nor the search index."""
    return not path.startswith("/search/") and (
        path.endswith(("/", ".html", ".css", ".js")))


@pytest.mark.parametrize("name", BUDGETS)
def test_page_weight_within_budget(page, site_url, site_dir, name):
    kind = page_types(site_dir)[name]
    sizes = weigh(page, site_url, site_dir, kind.path)
    counted = {p: n for p, n in sizes.items() if is_counted(p)}
    total = sum(counted.values())
    table = "\n".join(f"  {n / KB:6.1f} KB  {p}" for p, n in sorted(counted.items()))
    print(f"\n{name} ({kind.path}): {total / KB:.1f} KB gzipped (HTML, CSS, JS)\n{table}")
    others = {p: n for p, n in sizes.items() if p not in counted}
    if others:
        print(f"  not counted: {sum(others.values()) / KB:.1f} KB in {len(others)} files")
    assert any(p.endswith(".css") for p in counted), "no stylesheet was loaded?"
    assert total < BUDGETS[name], f"{name} weighs {total / KB:.1f} KB:\n{table}"
    if name == "home":
        assert not any(p.startswith("/search/") for p in sizes), \
            "the home page fetched the search index before anyone searched"
