"""The finder's search files (rehab_directory.publish.search): deterministic, compact, loadable
by lunr.js.

Sizes are reported (run with -s to see them, or read the test report's captured output);
the size budget is asserted at scale, on 1,000 generated listings, where the fixed cost of
the vocabulary header no longer dominates.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest
from lunr.index import Index

from rehab_directory.framework.publication import wait_window_days
from rehab_directory.publish.search import (
    COLUMNS,
    SHARD_SIZE,
    join_search,
    search_entry,
    short_id,
)
from rehab_directory.publish.synonyms import load_synonyms
from rehab_directory.validator.engine import Validator

# Bytes (gzipped) per listing a browser downloads before it can show the first result:
# search/index.json + search/table.json. See rehab_directory/publish/search.py.
FIRST_TIER_BUDGET = 150


@pytest.fixture(scope="module")
def search_files(validator, root):
    """``search_files(checked, cache=None)``: the search files as the build makes them
    (``SiteWriter.write_search``): each published listing's ``search_entry`` in slug order,
    joined by ``join_search`` with the finder's synonyms and the wait standard's window."""
    synonyms = load_synonyms(root)
    window = wait_window_days(validator.framework)

    def make(checked, cache=None) -> dict[str, str]:
        published = sorted((c for c in checked if c.publishable), key=lambda c: c.listing.slug)
        return join_search([search_entry(c) for c in published], cache, synonyms=synonyms,
                           stale_after_days=window, today=validator.context.today)
    return make


@pytest.fixture(scope="module")
def sample_checked(validator):
    checked = validator.check_listings(validator.listing_files())
    assert checked and all(c.publishable for c in checked)
    return checked


@pytest.fixture(scope="module")
def generated_checked(tmp_path_factory, root, today):
    generate = pytest.importorskip("tools.listing_generator")
    folder = tmp_path_factory.mktemp("generated")
    paths = generate.write_listings(folder, 1000, today=today)
    checked = Validator(root, today).check_listings(paths)
    assert all(c.publishable for c in checked)
    return checked


def first_tier(files: dict[str, str]) -> tuple[int, int]:
    raw = gz = 0
    for name in ("search/index.json", "search/table.json"):
        data = files[name].encode("utf-8")
        raw += len(data)
        gz += len(gzip.compress(data, 9, mtime=0))
    return raw, gz


def report(label: str, files: dict[str, str], n: int) -> None:
    for name in sorted(files):
        if name.startswith("search/details/") and not name.endswith("/0.json"):
            continue
        data = files[name].encode("utf-8")
        print(f"{label}: {name}: {len(data)} B raw, {len(gzip.compress(data, 9))} B gzipped")
    raw, gz = first_tier(files)
    print(f"{label}: first tier for {n} listings: {raw} B raw ({raw / n:.0f} B each), "
          f"{gz} B gzipped ({gz / n:.0f} B each)")


def test_short_ids_are_base_36():
    assert [short_id(n) for n in (0, 9, 10, 35, 36, 1295, 1296)] == [
        "0", "9", "a", "z", "10", "zz", "100"]


def test_two_builds_write_identical_files(sample_checked, search_files):
    a = search_files(sample_checked)
    assert search_files(list(reversed(sample_checked))) == a
    assert "search/index.json" in a and "search/table.json" in a
    table = json.loads(a["search/table.json"])
    assert table["synonyms"] and table["stale_after_days"] is not None  # as the build has it


def test_cached_index_is_the_index_and_never_stale(sample_checked, search_files,
                                                   tmp_path: Path):
    """The lunr index is cached by the documents it indexes: same bytes from the cache, and
    a change to an indexed field builds a new one."""
    cache = tmp_path / "cache"
    plain = search_files(sample_checked)
    assert search_files(sample_checked, cache) == plain  # cold: built and stored
    assert (cache / "search-index.json").is_file()
    assert search_files(sample_checked, cache) == plain  # warm: from the cache
    first = sample_checked[0]
    renamed = dataclasses.replace(first, listing=first.listing.model_copy(
        update={"name": "Quite Another Name"}))
    changed = [renamed, *sample_checked[1:]]
    assert search_files(changed, cache) == search_files(changed)
    assert search_files(changed)["search/index.json"] != plain["search/index.json"]


def test_files_are_minified_with_sorted_keys(sample_checked, search_files):
    for name, text in search_files(sample_checked).items():
        data = json.loads(text)
        assert text == json.dumps(data, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False), name


def test_table_rows_match_the_listings(sample_checked, search_files):
    files = search_files(sample_checked)
    table = json.loads(files["search/table.json"])
    listings = sorted((c.listing for c in sample_checked), key=lambda item: item.slug)
    assert table["count"] == len(listings)
    assert sorted(table["columns"]) == sorted(COLUMNS)
    cols = table["columns"]
    services = [code for code, _ in table["vocab"]["service"]]
    for i, listing in enumerate(listings):
        assert cols["slug"][i] == listing.slug
        assert cols["name"][i] == listing.name
        decoded = [services[int(digit, 36)] for digit in cols["services"][i]]
        assert decoded == [t.value for t in listing.service_types]  # in the listing's order
        substances = [code for bit, code in enumerate(table["vocab"]["substance"])
                      if cols["substances"][i] >> bit & 1]
        assert {code for code, _ in substances} == {s.value for s in listing.substances}
        wait = listing.shortest_wait
        assert cols["wait_days"][i] == (wait.days if wait else None)
        assert cols["cost_min"][i] == listing.lowest_weekly_cost
        assert cols["lat"][i] == round(listing.location.latitude, 3)
    # No description in the first tier; the summary is in the detail shards only.
    for listing in listings:
        assert listing.summary not in files["search/table.json"]
        assert listing.summary not in files["search/index.json"]
    shard = json.loads(files["search/details/0.json"])
    assert shard["first"] == 0 and len(shard["rows"]) == min(SHARD_SIZE, len(listings))
    assert shard["rows"][0][0] == listings[0].summary


def test_index_refs_are_the_table_rows(sample_checked, search_files):
    files = search_files(sample_checked)
    index = Index.load(json.loads(files["search/index.json"]))
    slugs = json.loads(files["search/table.json"])["columns"]["slug"]
    hits = index.search("Leeds")
    assert hits, "the sample data has a service in Leeds"
    assert all("leeds" in slugs[int(hit["ref"], 36)] for hit in hits)
    # Accents are folded, so a name can be found however it is typed.
    assert {slugs[int(h["ref"], 36)] for h in index.search("ty afon")} == {"ty-afon-cardiff"}


def test_sample_sizes_are_reported(sample_checked, search_files):
    files = search_files(sample_checked)
    report("samples", files, len(sample_checked))
    raw, gz = first_tier(files)
    assert 0 < gz < raw


def test_first_tier_is_small_at_scale(generated_checked, search_files):
    files = search_files(generated_checked)
    n = len(generated_checked)
    report("1,000 generated", files, n)
    _, gz = first_tier(files)
    assert gz / n <= FIRST_TIER_BUDGET, f"{gz / n:.0f} B gzipped per listing"
    assert len([f for f in files if f.startswith("search/details/")]) == -(-n // SHARD_SIZE)
