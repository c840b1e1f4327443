"""Publish what passes, withhold what does not: a lapsed, a never-verified, an unreadable and
a failing listing are withheld, the rest published, and the withheld addresses keep a page."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from rehab_directory.build import build, main
from rehab_directory.support.clock import uk_today

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = ["calm-harbour-hull", "tyne-view-gateshead"]
WITHHELD = {"zz-lapsed": "lapsed", "zz-new": "unverified", "zz-broken": "invalid",
            "zz-failing": "failing"}


def _variant(text: str, slug: str, *swaps: tuple[str, str]) -> str:
    text = text.replace("slug: tyne-view-gateshead", f"slug: {slug}")
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, new_root, today):
    """The fixture site plus four listings the build must withhold, built once."""
    tmp = tmp_path_factory.mktemp("withheld")
    root = new_root(tmp / "repo")
    providers = root / "content" / "providers"
    text = (providers / "tyne-view-gateshead.yaml").read_text()
    # Met when a reviewer verified it in January; its safeguarding training (2024-11-01)
    # went past 24 months on 2 November 2026.
    (providers / "zz-lapsed.yaml").write_text(_variant(
        text, "zz-lapsed", ("safeguarding: 2026-05-01", "safeguarding: 2024-11-01"),
        ("trauma_informed: 2024-01-10", "trauma_informed: 2026-05-01"),
        ("last_verified: 2026-11-10", "last_verified: 2026-01-10"),
        ("name: Tyne View", "name: Lapsed Lodge")))
    (providers / "zz-new.yaml").write_text(_variant(
        text, "zz-new", ("last_verified: 2026-11-10\n", ""),
        ("trauma_informed: 2024-01-10", "trauma_informed: 2026-05-01"),
        ("name: Tyne View", "name: Newly Joined House")))
    (providers / "zz-broken.yaml").write_text("slug: zz-broken\nname: [unclosed\n")
    (providers / "zz-failing.yaml").write_text(_variant(
        text, "zz-failing", ("strip_search: false", "strip_search: true"),
        ("trauma_informed: 2024-01-10", "trauma_informed: 2026-05-01"),
        ("name: Tyne View", "name: Failing Place")))
    out = tmp / "public"
    report = tmp / "report.json"
    return root, out, report, build(out, root, today, report_path=report)


def test_the_build_publishes_the_rest_and_exits_0(mixed, capsys):
    _, out, _, status = mixed
    assert status == 0
    for slug in PUBLISHED:
        html = (out / "providers" / slug / "index.html").read_text()
        assert 'class="provider"' in html and "being checked" not in html


def test_each_withheld_address_keeps_a_short_page(mixed):
    _, out, _, _ = mixed
    for slug, standing in WITHHELD.items():
        html = (out / "providers" / slug / "index.html").read_text()
        assert "this listing is being checked" in html.lower()
        assert '<meta name="robots" content="noindex">' in html
        main = html.split('<main', 1)[1].split("</main>", 1)[0]
        for number in ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"',
                       'href="tel:03001236600"'):
            assert number in main
        # Similar services: published ones only, nearest first, never another withheld one.
        linked = re.findall(r'href="/providers/([\w-]+)/"', main)
        assert linked and set(linked) <= set(PUBLISHED)
        assert 'class="provider"' not in html  # none of the listing's own details
        if standing == "unverified":
            assert "once one of the framework's reviewers has checked it" in html
        elif standing == "lapsed":
            assert "needs to be brought up to date" in html
    lapsed = (out / "providers" / "zz-lapsed" / "index.html").read_text()
    assert "Lapsed Lodge" in lapsed and "phone" not in lapsed.split("<main", 1)[1].lower()
    # Gateshead's twin is nearest to Gateshead; Hull is further.
    main = lapsed.split('<main', 1)[1]
    assert main.index("/providers/tyne-view-gateshead/") < main.index(
        "/providers/calm-harbour-hull/")
    assert re.search(r"Tyne View</a>, Gateshead \(about 0 miles away\)", main)


def test_withheld_listings_are_offered_nowhere(mixed):
    """Not in search, browse pages, the compare data, the sitemap, the feed, the open data."""
    _, out, _, _ = mixed
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix in (".jpg", ".webp", ".png", ".svg", ".js",
                                                  ".css"):
            continue
        rel = path.relative_to(out).as_posix()
        if any(rel == f"providers/{slug}/index.html" for slug in WITHHELD):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for slug in WITHHELD:
            assert slug not in text, f"{rel} mentions {slug}"
        for name in ("Lapsed Lodge", "Newly Joined House", "Failing Place"):
            assert name not in text, f"{rel} mentions {name}"
    sitemap = (out / "sitemap.xml").read_text()
    assert all(f"/providers/{s}/" in sitemap for s in PUBLISHED)
    data = json.loads((out / "data" / "providers.json").read_text())
    assert sorted(p["slug"] for p in data["providers"]) == PUBLISHED


def test_the_report_says_what_was_withheld_and_why(mixed):
    _, _, report, _ = mixed
    data = json.loads(report.read_text())
    assert data["published"] == PUBLISHED
    assert data["published_count"] == 2 and data["withheld_count"] == 4
    by_slug = {w["slug"]: w for w in data["withheld"]}
    assert {s: w["standing"] for s, w in by_slug.items()} == WITHHELD
    lapsed = by_slug["zz-lapsed"]
    assert lapsed["lapsed_on"] == "2026-11-02"
    assert [(x["standard"], x["on"]) for x in lapsed["lapses"]] == [("TRN-001", "2026-11-02")]
    assert {e["rule"] for e in by_slug["zz-new"]["errors"]} == {"TRA-002"}
    assert {e["rule"] for e in by_slug["zz-failing"]["errors"]} == {"DIG-001"}
    assert by_slug["zz-broken"]["errors"][0]["rule"].startswith("YAML-")
    assert by_slug["zz-broken"]["name"] is None


def test_the_summary_names_each_withheld_listing(tmp_path, new_root, today, capsys):
    root = new_root(tmp_path / "repo")
    providers = root / "content" / "providers"
    text = (providers / "tyne-view-gateshead.yaml").read_text()
    (providers / "zz-new.yaml").write_text(_variant(
        text, "zz-new", ("last_verified: 2026-11-10\n", ""),
        ("trauma_informed: 2024-01-10", "trauma_informed: 2026-05-01")))
    assert build(tmp_path / "out", root, today) == 0
    printed = capsys.readouterr()
    assert "zz-new.yaml:" in printed.out and "error TRA-002 last_verified" in printed.out
    assert "build: published 2 listing(s)" in printed.err and "withheld 1" in printed.err
    assert "withheld zz-new: awaiting verification by a framework reviewer" in printed.err
    assert (tmp_path / "out.report.json").is_file()  # the default report, beside the output
    assert "Traceback" not in printed.err


def test_an_unreadable_file_is_withheld_not_fatal(tmp_path, new_root, today):
    root = new_root(tmp_path / "repo")
    bad = root / "content" / "providers" / "zz-unreadable.yaml"
    bad.write_bytes(b"\xff\xfe\x00 not text")
    report = tmp_path / "r.json"
    assert build(tmp_path / "out", root, today, report_path=report) == 0
    withheld = json.loads(report.read_text())["withheld"]
    assert [(w["slug"], w["standing"]) for w in withheld] == [("zz-unreadable", "invalid")]
    assert (tmp_path / "out" / "providers" / "zz-unreadable" / "index.html").is_file()


def test_every_sample_listing_lapsed_still_publishes_a_working_site(tmp_path):
    """Years on, with no commit, every real sample has lapsed: the site still builds, says
    what it withheld, and each address still answers."""
    out, report = tmp_path / "site", tmp_path / "report.json"
    assert main(["--output", str(out), "--root", str(REPO), "--today", "2031-01-01",
                 "--report", str(report)]) == 0
    data = json.loads(report.read_text())
    samples = sorted(p.stem for p in (REPO / "content" / "providers").glob("*.yaml"))
    assert data["published"] == [] and sorted(w["slug"] for w in data["withheld"]) == samples
    assert {w["standing"] for w in data["withheld"]} == {"lapsed"}
    for slug in samples:
        assert "being checked" in (out / "providers" / slug / "index.html").read_text()
    assert "Browse 0 services" in (out / "index.html").read_text()


def test_a_failed_build_leaves_the_previous_site_and_report(tmp_path, new_root, today,
                                                            snapshot):
    root = new_root(tmp_path / "repo")
    out, report = tmp_path / "public", tmp_path / "report.json"
    assert build(out, root, today, report_path=report) == 0
    before, report_before = snapshot(out), report.read_bytes()
    shutil.copy(root / "standards" / "standards.yaml", tmp_path / "standards.bak")
    (root / "standards" / "standards.yaml").write_text("areas: [oops\n")
    assert build(out, root, today, report_path=report) == 1
    assert snapshot(out) == before and report.read_bytes() == report_before


def test_uk_time_decides_the_day():
    from datetime import UTC, datetime

    # 23:30 UTC on 30 June is already 1 July in London (BST); in January UTC is UK time.
    assert uk_today(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == date(2027, 7, 1)
    assert uk_today(datetime(2027, 1, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 31)
    assert uk_today(datetime(2027, 6, 30, 23, 30)) == date(2027, 7, 1)  # naive: UTC


def test_the_build_judges_by_uk_time_by_default(tmp_path, new_root, monkeypatch):
    """Without --today, the validator's day is the UK's (not the machine's time zone)."""
    import rehab_directory.validator.engine as engine

    monkeypatch.setattr(engine, "uk_today", lambda: date(2026, 11, 23))
    root = new_root(tmp_path / "repo")
    report = tmp_path / "r.json"
    assert build(tmp_path / "out", root, None, report_path=report) == 0
    assert json.loads(report.read_text())["today"] == "2026-11-23"



def test_a_finding_the_pass_adds_is_judged_again_by_publication_assess(mixed, today):
    """A withheld listing given a cross-listing finding after its check (FILE-002) takes the
    standing ``publication.assess`` gives it with that finding, not one of its own."""
    from rehab_directory.core.findings import Finding, Severity
    from rehab_directory.framework.publication import assess
    from rehab_directory.site.withheld import withheld_of
    from rehab_directory.validator.engine import Validator

    root = mixed[0]
    validator = Validator(root, today)
    path = root / "content" / "providers" / "zz-lapsed.yaml"
    checked = validator.check_file(path)
    before = assess(checked.listing, checked.findings, validator.context)
    withheld = withheld_of(path, checked, before)
    assert before.standing.value == "lapsed"
    assert withheld.with_findings(list(checked.findings), validator.context) is withheld
    duplicate = Finding(checked.display, 2, 7, Severity.ERROR, "FILE-002", "slug",
                        "'zz-lapsed' is also the slug of zz-copy.yaml", "give it its own slug")
    findings = [*checked.findings, duplicate]
    after = withheld.with_findings(findings, validator.context)
    assert after.assessment == assess(checked.listing, findings, validator.context)
    assert after.assessment.standing.value == "failing"
    assert duplicate in after.assessment.errors
    assert after.name == withheld.name == "Lapsed Lodge"
