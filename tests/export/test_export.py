"""The open-data exports: providers.json, providers.csv, HSDS 3.0, and schema.org JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import Counter
from pathlib import Path

import pytest
from export_helpers import (
    jsonld_script,
    providers_csv,
    providers_document,
    write_export_files,
    write_exports,
)
from hypothesis import given
from hypothesis import strategies as st

from rehab_directory.core.model import Listing
from rehab_directory.publish.hsds import hsds_services, taxonomy_document
from rehab_directory.publish.ids import NAMESPACE, stable_id
from rehab_directory.publish.jsonld import provider_jsonld
from rehab_directory.publish.jsontext import json_file, json_text
from rehab_directory.publish.open_data import export_fragments, join_fragments
from rehab_directory.publish.providers_csv import CSV_COLUMNS, FORMULA_STARTS, csv_safe
from rehab_directory.validator.checked import Checked

SITE_URL = "https://directory.example.org.uk"  # as in conftest.py
TERM_CODES = {t["id"]: t["code"] for v in taxonomy_document()["vocabularies"]
              for t in v["terms"]}


def _ids(value, path="$"):
    """Every (path, id, object) in a JSON value."""
    if isinstance(value, dict):
        if "id" in value:
            yield path, value["id"], value
        for key, item in value.items():
            yield from _ids(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _ids(item, f"{path}[{i}]")


def _variant(checked: Checked, today, **changes) -> Checked:
    """A copy of a sample listing with some fields changed, validated like a real one."""
    data = checked.listing.model_dump(mode="json")
    data.update(changes)
    listing = Listing.model_validate(data, context={"today": today})
    return Checked(checked.path, checked.display, listing, checked.marks, checked.evaluation)


# ---------------------------------------------------------------------------- HSDS


def test_every_service_validates_against_hsds(services, checked, hsds_validator):
    assert len(services) == sum(len(c.listing.services) for c in checked)
    problems = []
    for service in services:
        for error in hsds_validator.iter_errors(service):
            where = "/".join(map(str, error.absolute_path))
            problems.append(f"{service['name']}: {where}: {error.message}")
    assert problems == []


def test_hsds_schema_check_is_not_toothless(services, hsds_validator):
    broken = json.loads(json.dumps(services[0]))
    broken["status"] = "open"
    del broken["name"]
    broken["service_at_locations"][0]["location"]["addresses"][0].pop("postal_code")
    messages = [e.message for e in hsds_validator.iter_errors(broken)]
    assert any("'name' is a required property" in m for m in messages)
    assert any("'postal_code' is a required property" in m for m in messages)
    assert any("'open' is not one of" in m for m in messages)


def test_one_service_per_service_offered(services, checked):
    by_org = Counter(s["organization"]["id"] for s in services)
    for c in checked:
        listing = c.listing
        mine = [s for s in services if s["organization"]["id"] ==
                str(uuid.uuid5(NAMESPACE, f"{listing.slug}/organization"))]
        assert [s["name"] for s in mine] == [f"{listing.name}: {svc.type.label}"
                                             for svc in listing.services]
        assert by_org[mine[0]["organization"]["id"]] == len(listing.services)
        for service, svc in zip(mine, listing.services, strict=True):
            assert service["status"] == "active"
            assert service["assured_date"] == listing.last_verified.isoformat()
            assert service["minimum_age"] == listing.eligibility.min_age
            assert [lang["code"] for lang in service["languages"]] == listing.languages
            address = service["service_at_locations"][0]["location"]["addresses"][0]
            assert address["postal_code"] == listing.address.postcode
            assert address["country"] == "GB"
            codes = {TERM_CODES[a["taxonomy_term_id"]] for a in service["attributes"]}
            assert f"service_type:{svc.type.value}" in codes
            assert {f"substance:{s.value}" for s in listing.substances} <= codes
            if svc.weekly_cost is None:
                assert "cost_options" not in service
            else:
                amounts = [o["amount"] for o in service["cost_options"]]
                assert amounts[0] == svc.weekly_cost.min
                assert amounts[-1] == (svc.weekly_cost.max or svc.weekly_cost.min)
                assert {o["currency"] for o in service["cost_options"]} == {"GBP"}
            if listing.regulation is not None:
                assert listing.regulation.rating.label in service["accreditations"]


def test_ids_are_uuids_and_one_id_means_one_thing(services):
    seen: dict[str, object] = {}
    for path, value, obj in _ids(services):
        parsed = uuid.UUID(value)
        assert parsed.version == 5, path
        # The same ID may appear twice only for the same thing (a shared location or term).
        assert seen.setdefault(value, obj) == obj, f"{path}: {value} names two things"
    assert len({s["id"] for s in services}) == len(services)


def test_ids_are_stable_across_runs_and_sites(checked, services, tmp_path):
    write_exports(checked, tmp_path, "https://elsewhere.example.com/rehab")
    again = json.loads((tmp_path / "data" / "hsds" / "services.json").read_text("utf-8"))
    assert [i for _, i, _ in _ids(again)] == [i for _, i, _ in _ids(services)]
    # Derived from the slug alone: the documented recipe gives the service's ID.
    first = checked[0].listing
    expected = uuid.uuid5(NAMESPACE, f"{first.slug}/service/{first.services[0].type.value}")
    assert hsds_services(first, "")[0]["id"] == str(expected)
    assert str(NAMESPACE) == "517b11a0-5a2e-562e-a2db-5d6a26e102e5"


def test_attributes_use_terms_of_the_published_taxonomy(services, exported):
    taxonomy = json.loads((exported / "hsds" / "taxonomy.json").read_text("utf-8"))
    terms = {t["id"]: t for v in taxonomy["vocabularies"] for t in v["terms"]}
    assert len({t["code"] for t in terms.values()}) == len(terms)
    for service in services:
        for attribute in service["attributes"]:
            assert "taxonomy_term" not in attribute  # by ID: the terms are in taxonomy.json
            term = terms[attribute["taxonomy_term_id"]]
            assert term["code"].startswith(attribute["link_type"] + ":")



def test_free_service_organisation_and_nation(checked, today):
    original = checked[0].listing.model_dump(mode="json")
    services = [dict(original["services"][0], weekly_cost={"min": 0})]
    address = dict(original["address"], county=None)
    listing = _variant(checked[0], today, services=services, organisation=None,
                       address=address, region="scotland").listing
    (service,) = hsds_services(listing, "")
    assert service["fees_description"] == "Free: there is no charge."
    assert [(o["option"], o["amount"]) for o in service["cost_options"]] == [("Free", 0)]
    # With no organisation named, the provider is its own organisation.
    assert service["organization"]["name"] == listing.name
    assert service["organization"]["description"] == listing.summary
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert address["state_province"] == "Scotland"  # no county: the nation
    assert address["region"] == "Scotland"
    assert provider_jsonld(listing, "/p/")["priceRange"] == "Free"


# ---------------------------------------------------------------------------- providers.json


def test_providers_json_loses_nothing(exported, checked, today):
    document = json.loads((exported / "providers.json").read_text("utf-8"))
    items = document["providers"]
    assert document["count"] == len(items) == len(checked)
    assert [i["slug"] for i in items] == sorted(c.listing.slug for c in checked)
    by_slug = {c.listing.slug: c for c in checked}
    for item in items:
        original = by_slug[item["slug"]]
        loaded = Listing.model_validate(item["listing"], context={"today": today})
        assert loaded == original.listing
        assert item["url"] == f"{SITE_URL}/providers/{item['slug']}/"


def test_providers_json_carries_standards_apart_from_the_listing(exported, checked):
    document = json.loads((exported / "providers.json").read_text("utf-8"))
    ids = [s["id"] for s in document["standards"]]
    assert ids == sorted(ids) and ids
    by_slug = {c.listing.slug: c for c in checked}
    for item in document["providers"]:
        evaluation = by_slug[item["slug"]].evaluation
        standards = item["standards"]
        assert standards["total"] == len(evaluation.results) == len(ids)
        assert standards["met"] == sum(r.met for r in evaluation.results)
        for result in evaluation.results:
            assert standards["results"][result.standard.id]["status"] == result.status
        assert "standards" not in item["listing"]


# ---------------------------------------------------------------------------- providers.csv


def _read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_has_one_row_per_provider(exported, checked):
    raw = (exported / "providers.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= len(checked) + 1  # RFC 4180 line ends
    rows = _read_csv(raw)
    assert list(rows[0].keys()) == list(CSV_COLUMNS)
    assert [r["slug"] for r in rows] == sorted(c.listing.slug for c in checked)
    for row in rows:
        listing = next(c.listing for c in checked if c.listing.slug == row["slug"])
        assert row["name"] == listing.name or row["name"] == "'" + listing.name
        assert row["postcode"] == listing.address.postcode
        assert float(row["longitude"]) == listing.location.longitude
        assert row["services"].split("; ") == [s.type.value for s in listing.services]


def test_csv_neutralises_formulas(checked, today, tmp_path):
    hostile = _variant(checked[0], today, name='=HYPERLINK("https://evil.example.com","x")',
                       summary="+SUM(1,2) looks like a formula to a spreadsheet",
                       description="-2+3 is not a number here")
    write_exports([hostile], tmp_path, "")
    (row,) = _read_csv((tmp_path / "data" / "providers.csv").read_bytes())
    assert row["name"] == "'" + hostile.listing.name
    assert row["summary"].startswith("'+SUM")
    # A negative longitude is a number we wrote, not text: it stays a number.
    assert row["longitude"] == str(hostile.listing.location.longitude)
    assert row["longitude"].startswith("-")


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_safe_prefixes_every_formula_start(start):
    assert csv_safe(start + "1+1") == "'" + start + "1+1"
    assert csv_safe("a" + start) == "a" + start


# ---------------------------------------------------------------------------- JSON-LD


def test_jsonld_describes_the_provider(checked):
    for c in checked:
        listing = c.listing
        url = f"{SITE_URL}/providers/{listing.slug}/"
        data = provider_jsonld(listing, url)
        text = json_text(data)
        assert json.loads(text) == data
        assert data["@context"] == "https://schema.org"
        assert data["name"] == listing.name
        assert data["address"]["postalCode"] == listing.address.postcode
        assert data["telephone"].startswith("+44 ")
        assert data["mainEntityOfPage"] == url
        assert [s["name"] for s in data["availableService"]] == [
            s.type.label for s in listing.services]
        assert "<" not in text and ">" not in text


def test_json_text_is_compact_sorted_and_takes_what_orjson_refuses():
    """json_text writes what json.dumps would (compact, keys sorted, not ASCII-escaped),
    whichever of its two writers does it."""
    data = {"b": [1, 2.5, None, True], "a": "Tŷ Afon", "c": {"z": 54.1654, "y": -1.0}}
    assert json_text(data) == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                         separators=(",", ":"))
    # orjson refuses these; json writes them.
    assert json_text({"n": 2 ** 70}) == '{"n":1180591620717411303424}'
    assert json_text({2: "b", 1: "a"}) == '{"1":"a","2":"b"}'


def _script_body(script: str) -> str:
    return script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")


def test_jsonld_cannot_break_out_of_its_script(checked, today):
    attack = "</script><script>alert(1)</script> <!-- & x"
    listing = _variant(checked[0], today, summary=attack).listing
    body = _script_body(jsonld_script(provider_jsonld(listing, "/providers/x/")))
    assert "<" not in body and ">" not in body and "&" not in body
    assert "\\u003c/script\\u003e" in body
    assert json.loads(body)["description"] == attack


def test_jsonld_escapes_line_separators():
    # Listings cannot hold U+2028/2029 (the model refuses them), but the serialiser must not
    # depend on that: they end a line in older JavaScript parsers.
    data = {"description": "a\u2028b\u2029c"}
    body = _script_body(jsonld_script(data))
    assert "\u2028" not in body and "\u2029" not in body
    assert json.loads(body) == data


# ---------------------------------------------------------------------------- determinism


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file()}


def test_output_is_byte_identical_across_runs(checked, tmp_path):
    write_exports(checked, tmp_path / "a", SITE_URL)
    write_exports(list(reversed(checked)), tmp_path / "b", SITE_URL)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert set(a) == {"data/providers.json", "data/providers.csv",
                      "data/hsds/services.json", "data/hsds/taxonomy.json"}
    assert a == b


def test_streamed_files_equal_the_whole_documents(checked, tmp_path):
    """Written a listing at a time (as the build's workers do) the files are exactly the
    documents dumped whole."""
    whole = {
        "data/providers.json": json_file(providers_document(checked, SITE_URL)),
        "data/providers.csv": providers_csv(checked, SITE_URL),
        "data/hsds/services.json": json_file([s for c in checked
                                              for s in hsds_services(c.listing, SITE_URL)]),
        "data/hsds/taxonomy.json": json_file(taxonomy_document()),
    }
    write_exports(checked, tmp_path / "plain", SITE_URL)
    assert _tree(tmp_path / "plain") == whole
    # In parts, as the build joins them: one part per slice of consecutive listings.
    items = sorted(checked, key=lambda c: c.listing.slug)
    standards = {r.standard.id: r.standard for c in items for r in c.evaluation.results}
    parts = [join_fragments(export_fragments(c, SITE_URL) for c in items[i:i + 3])
             for i in range(0, len(items), 3)]
    write_export_files(tmp_path / "parts", len(items), standards.values(),
                       [*parts, join_fragments([])])
    assert _tree(tmp_path / "parts") == whole


def test_no_listings_gives_empty_but_valid_files(tmp_path):
    write_exports([], tmp_path, "")
    assert json.loads((tmp_path / "data" / "hsds" / "services.json").read_bytes()) == []
    assert json.loads((tmp_path / "data" / "providers.json").read_bytes())["providers"] == []
    assert _read_csv((tmp_path / "data" / "providers.csv").read_bytes()) == []


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=4))
def test_ids_are_exactly_uuid5_in_our_namespace(parts):
    assert stable_id(*parts) == str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def test_an_extension_goes_where_each_format_keeps_it(checked, today, hsds_validator):
    """HSDS keeps an extension in its own field, as a number; schema.org and people read it
    after the number; a phone dials it after a pause."""
    from rehab_directory.site.text import tel_href

    listing = _variant(checked[0], today, phone="0113 496 0871 ext 2").listing
    assert listing.phone == "0113 496 0871 ext. 2"
    services = hsds_services(listing, SITE_URL)
    for service in services:
        (phone,) = service["phones"]
        assert (phone["number"], phone["extension"]) == ("+44 113 496 0871", 2)
        assert list(hsds_validator.iter_errors(service)) == []
    assert "extension" not in hsds_services(checked[0].listing, SITE_URL)[0]["phones"][0]
    assert provider_jsonld(listing, "/p/")["telephone"] == "+44 113 496 0871 ext. 2"
    assert tel_href(listing.phone) == "tel:+441134960871,2"
    assert tel_href(checked[0].listing.phone).count(",") == 0


def test_a_listings_open_data_is_a_named_record_that_crosses_processes(checked):
    """The fragments a worker hands back name each file's text, and survive pickling (the
    build's forked workers send them to the parent) unchanged."""
    import pickle

    from rehab_directory.publish.open_data import OpenData

    c = sorted(checked, key=lambda c: c.listing.slug)[0]
    made = export_fragments(c, SITE_URL)
    assert isinstance(made, OpenData)
    assert json.loads(made.providers_json)["slug"] == c.listing.slug
    assert made.providers_csv.endswith("\n") and c.listing.slug in made.providers_csv
    assert json.loads(f"[{made.hsds_services}]")
    assert pickle.loads(pickle.dumps(made, pickle.HIGHEST_PROTOCOL)) == made
    joined = join_fragments([made, made])
    assert joined.providers_json == f"{made.providers_json},{made.providers_json}"
    assert join_fragments([]) == OpenData("", "", "")
