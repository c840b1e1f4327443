"""Paused admissions are said wherever people and programs choose between services: the
result cards of the browse pages (no JavaScript), the finder's search data, providers.json,
providers.csv, HSDS and the provider page's JSON-LD. An open listing says nothing of the
kind, and a listing that never stated its admissions is taken as taking people."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from rehab_directory.build import build
from rehab_directory.core.model import Listing

PAUSED = "calm-harbour-hull"
OPEN = "tyne-view-gateshead"
MARK = "Not taking new admissions for now (expected to reopen 11 January 2027)"
# Built the day after the stated reopening, with no change to the listing (nightly builds).
LATE = date(2027, 1, 12)
LATE_MARK = ("Not taking new admissions when last stated (expected to reopen 11 January "
             "2027: ask if they have reopened)")
# The official HSDS schemas, shared beside the project (as tests/export uses them).
HSDS = Path(__file__).resolve().parents[2].parent / "shared" / "hsds"


def add_admissions(root: Path, slug: str, block: str) -> None:
    path = root / "content" / "providers" / f"{slug}.yaml"
    text = path.read_text()
    assert "\nsubstances:" in text
    path.write_text(text.replace("\nsubstances:", f"\n{block}substances:", 1))


@pytest.fixture(scope="module")
def root(tmp_path_factory, new_root) -> Path:
    root = new_root(tmp_path_factory.mktemp("adm") / "repo")
    add_admissions(root, PAUSED, "admissions:\n  status: paused\n  stated: 2026-11-20\n"
                   "  reopens: 2027-01-11\n  note: =Referrals still join our waiting list.\n")
    add_admissions(root, OPEN, "admissions: {status: open, stated: 2026-11-21}\n")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory, root, today) -> Path:
    out = tmp_path_factory.mktemp("adm") / "public"
    assert build(out, root, today) == 0
    return out


@pytest.fixture(scope="module")
def late_site(tmp_path_factory, root) -> Path:
    """The same listings built on ``LATE``, after the paused one's reopening day."""
    out = tmp_path_factory.mktemp("adm-late") / "public"
    assert build(out, root, LATE) == 0
    return out


def cards(site: Path, slug: str) -> list[str]:
    """The text of every result card of ``slug`` on the built pages, by page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text()
        for m in re.finditer(rf'<li class="card[^"]*" id="p-{slug}">(.*?)</li>', text, re.S):
            found.append(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split()))
    return found


def test_paused_card_says_so_on_every_browse_page(site):
    paused, open_ = cards(site, PAUSED), cards(site, OPEN)
    assert paused and open_
    for text in paused:
        assert MARK in text
        # under the place, before the summary and the facts
        assert text.index("Hull") < text.index(MARK) < text.index("Services")
    for text in open_:
        assert "admissions" not in text.lower()
    page = (site / "browse" / "region" / "yorkshire-and-the-humber" / "index.html").read_text()
    assert f'<p class="card-admissions"><strong>{MARK}</strong></p>' in page


def test_search_table_carries_the_pause(site):
    table = json.loads((site / "search" / "table.json").read_text())
    assert table["version"] == 3
    cols = table["columns"]
    by_slug = {slug: i for i, slug in enumerate(cols["slug"])}
    assert cols["paused"][by_slug[PAUSED]] == 1
    assert cols["reopens"][by_slug[PAUSED]] == "2027-01-11"
    assert cols["reopen_passed"][by_slug[PAUSED]] == 0  # built before that day
    assert cols["paused"][by_slug[OPEN]] == 0
    assert cols["reopens"][by_slug[OPEN]] is None
    assert set(cols["reopen_passed"]) == {0}


def test_providers_json(site, today):
    data = json.loads((site / "data" / "providers.json").read_text())
    assert data["version"] == 2
    items = {p["slug"]: p for p in data["providers"]}
    assert items[PAUSED]["taking_new_admissions"] is False
    assert items[PAUSED]["admissions_notice"] == MARK
    assert items[PAUSED]["listing"]["admissions"]["reopens"] == "2027-01-11"
    assert items[OPEN]["taking_new_admissions"] is True
    assert items[OPEN]["admissions_notice"] is None
    # the listing still reads back as the same listing
    back = Listing.model_validate(items[PAUSED]["listing"], context={"today": today})
    assert back.admissions.reopens.isoformat() == "2027-01-11"


def test_providers_csv(site):
    text = (site / "data" / "providers.csv").read_text(encoding="utf-8")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    paused, open_ = rows[PAUSED], rows[OPEN]
    assert (paused["taking_new_admissions"], paused["admissions"], paused["admissions_stated"],
            paused["admissions_reopens"]) == ("false", "paused", "2026-11-20", "2027-01-11")
    # a note starting with "=" is never run as a formula by a spreadsheet
    assert paused["admissions_note"] == "'=Referrals still join our waiting list."
    assert (open_["taking_new_admissions"], open_["admissions"], open_["admissions_stated"],
            open_["admissions_reopens"], open_["admissions_note"]) == (
        "true", "open", "2026-11-21", "", "")


def test_hsds_alert_and_status(site):
    if not HSDS.is_dir():
        pytest.skip(f"the shared HSDS schemas are not at {HSDS} (see ../shared/hsds/README.md)")
    services = json.loads((site / "data" / "hsds" / "services.json").read_text())
    validators = [jsonschema.Draft202012Validator(json.loads(
        (HSDS / profile / "service.json").read_text())) for profile in ("openreferral-3.0",
                                                                        "uk-profile-3.0")]
    paused = [s for s in services if s["name"].startswith("Calm Harbour")]
    open_ = [s for s in services if s["name"].startswith("Tyne View")]
    assert paused and open_
    for service in paused + open_:
        for validator in validators:
            assert [e.message for e in validator.iter_errors(service)] == []
        assert service["status"] == "active"  # it still runs for the people already there
    for service in paused:
        assert service["alert"] == (f"{MARK}, as the provider said on 20 November 2026. "
                                    "=Referrals still join our waiting list.")
    assert all("alert" not in s for s in open_)


def jsonld(site: Path, slug: str) -> dict:
    page = (site / "providers" / slug / "index.html").read_text()
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def test_jsonld_is_accepting_new_patients(site):
    assert jsonld(site, PAUSED)["isAcceptingNewPatients"] is False
    assert jsonld(site, OPEN)["isAcceptingNewPatients"] is True


# ---------------------------------------------------------------- after the reopening day


def test_reopening_day_itself_is_still_ahead():
    """On the day they expected to reopen, the date is not yet gone by; the day after, it is."""
    from rehab_directory.core.model import Admissions
    from rehab_directory.publish.wording import admissions_notice

    adm = Admissions.model_validate({"status": "paused", "stated": "2026-11-20",
                                     "reopens": "2027-01-11"})
    assert admissions_notice(adm, date(2027, 1, 11)) == MARK
    assert admissions_notice(adm, LATE) == LATE_MARK
    undated = Admissions.model_validate({"status": "paused", "stated": "2026-11-20"})
    assert admissions_notice(undated, LATE) == "Not taking new admissions for now"


def test_late_build_says_the_pause_is_as_last_stated(late_site):
    """Built after the reopening day, with no change to the listing: no card, page or open
    data speaks of that day as still to come."""
    paused = cards(late_site, PAUSED)
    assert paused
    for text in paused:
        assert LATE_MARK in text and MARK not in text
    assert all("admissions" not in text.lower() for text in cards(late_site, OPEN))
    table = json.loads((late_site / "search" / "table.json").read_text())
    cols = table["columns"]
    by_slug = {slug: i for i, slug in enumerate(cols["slug"])}
    assert cols["reopen_passed"][by_slug[PAUSED]] == 1
    assert cols["reopens"][by_slug[PAUSED]] == "2027-01-11"
    assert cols["reopen_passed"][by_slug[OPEN]] == 0
    items = {p["slug"]: p for p in json.loads(
        (late_site / "data" / "providers.json").read_text())["providers"]}
    assert items[PAUSED]["admissions_notice"] == LATE_MARK
    assert items[PAUSED]["taking_new_admissions"] is False  # as last stated
    services = json.loads((late_site / "data" / "hsds" / "services.json").read_text())
    alerts = [s["alert"] for s in services if s["name"].startswith("Calm Harbour")]
    assert alerts and all(a.startswith(LATE_MARK + ", as the provider said on 20 November "
                                       "2026.") for a in alerts)
    page = (late_site / "providers" / PAUSED / "index.html").read_text()
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert LATE_MARK in said and MARK not in said
    assert "expected to reopen" not in said.replace(LATE_MARK, "")
