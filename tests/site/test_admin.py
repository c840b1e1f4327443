"""The listing editor at /admin/ is built with the site but kept apart from it: no public
page links to it or loads anything from it, the sitemap leaves it out, robots.txt disallows
it, and it has its own Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from xml.etree import ElementTree

import yaml

from rehab_directory.build import build
from rehab_directory.site.cms import Backend, cms_config

REPO = Path(__file__).resolve().parents[2]


def test_the_editor_is_built(site):
    admin = site / "admin"
    for name in ("index.html", "config.yml", "setup.js", "admin.js", "admin.css",
                 "decap/decap-cms.js", "vendor/yaml/index.js"):
        assert (admin / name).is_file(), name
    # with the default settings, the built configuration is the committed one
    built = yaml.safe_load((admin / "config.yml").read_text())
    assert built == cms_config(Backend()) == yaml.safe_load(
        (REPO / "theme" / "admin" / "config.yml").read_text())


def test_the_editor_page_has_its_own_policy_and_is_not_indexed(site):
    html = (site / "admin" / "index.html").read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "script-src 'self' 'unsafe-eval'" in csp and "object-src 'none'" in csp
    assert "connect-src 'self' blob: https://api.github.com http://localhost:8081" in csp
    assert '<meta name="robots" content="noindex, nofollow">' in html
    for src, integrity in re.findall(r'<script src="([^"]+)" defer integrity="([^"]+)">', html):
        digest = hashlib.sha384((site / "admin" / src).read_bytes()).digest()
        assert integrity == "sha384-" + base64.b64encode(digest).decode()
    headers = (site / "_headers").read_text()
    assert "\n/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: " in headers


def test_no_public_page_links_to_or_loads_the_editor(site, html_pages):
    public = {name: html for name, html in html_pages.items() if not name.startswith("admin/")}
    assert len(public) > 40
    for name, html in public.items():
        assert not re.search(r'(href|src)="[^"]*/admin/', html), name
        assert "decap" not in html.lower(), name
    for file in [*site.glob("theme/**/*.js"), *site.glob("theme/**/*.css")]:
        text = file.read_text(encoding="utf-8")
        assert "/admin/" not in text and "decap" not in text.lower(), file


def test_sitemap_and_robots_leave_the_editor_out(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = [e.text for e in tree.iter() if e.tag.endswith("loc")]
    assert locs and not any("/admin" in loc for loc in locs)
    robots = (site / "robots.txt").read_text().splitlines()
    assert "Disallow: /admin/" in robots


def test_a_site_below_a_path_disallows_its_own_editor(site_root, tmp_path, today):
    out = tmp_path / "public"
    assert build(out, site_root, today, site_url="https://owner.example.org.uk/directory",
                 settings={"REPO_URL": "https://github.com/owner/directory",
                           "CMS_AUTH_URL": "https://auth.example.org.uk"}) == 0
    assert "Disallow: /directory/admin/" in (out / "robots.txt").read_text().splitlines()
    config = yaml.safe_load((out / "admin" / "config.yml").read_text())
    assert config["backend"]["repo"] == "owner/directory"
    assert config["backend"]["base_url"] == "https://auth.example.org.uk"
    assert config["site_url"] == "https://owner.example.org.uk/directory"
    assert "https://auth.example.org.uk" in (out / "admin" / "index.html").read_text()


def test_the_editor_can_be_left_out(site_root, tmp_path, today):
    out = tmp_path / "public"
    assert build(out, site_root, today, settings={"CMS_EDITOR": False}) == 0
    assert not (out / "admin").exists() and (out / "index.html").is_file()
