"""Hostile pull requests: each must be caught, and none may run code or inject markup."""

from __future__ import annotations

import re

from review_helpers import BEACON, BEACON_OWNER, HARBOUR, HARBOUR_OWNER, jpeg

PHOTO = "photos:\n  - {file: garden.jpg, alt: The garden in summer}"


def test_path_traversal_in_a_photo_name_is_refused(repo):
    repo.write("content/providers/harbour-house-hull/garden.jpg", jpeg())
    repo.edit(BEACON, ("photos: []", "photos:\n  - {file: ../harbour-house-hull/garden.jpg, "
                                     "alt: The garden in summer}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    after = result.listing("beacon-lodge-leeds")["after"]
    assert after["valid"] is False
    [finding] = after["findings"]
    assert (finding["rule"], finding["field"]) == ("SCH-005", "photos[0].file")
    # ...and writing into the other provider's folder is a scope problem of its own.
    assert "SCOPE-004" in result.rules("scope") and "SCOPE-003" in result.rules("scope")


def test_a_provider_editing_another_providers_listing(repo):
    repo.edit(HARBOUR, ('"0113 496 0555"', '"0113 496 0871"'))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert result.data["scope"] == [{
        "rule": "SCOPE-004", "slug": "harbour-house-hull", "path": None, "service": None,
        "other": None,
        "message": f"{BEACON_OWNER} is not a maintainer of harbour-house-hull (maintainers in "
                   f"the base version: {HARBOUR_OWNER})"}]


def test_adding_yourself_as_maintainer_of_someone_elses_listing_does_not_help(repo):
    repo.edit(HARBOUR, (f"[{HARBOUR_OWNER}]", f"[{HARBOUR_OWNER}, {BEACON_OWNER}]"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert result.rules("scope") == ["SCOPE-004"]  # judged by the base version's maintainers
    assert "WEIGH-007" in result.rules("warnings")


def test_one_provider_per_pull_request(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.edit(HARBOUR, ("beds: 18", "beds: 20"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert sorted(result.rules("scope")) == ["SCOPE-003", "SCOPE-004"]
    assert result.code == 1


def test_photos_in_another_providers_folder(repo):
    repo.write("content/providers/harbour-house-hull/extra.jpg", jpeg())
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.rules("scope") == ["SCOPE-004"]
    assert result.listing("harbour-house-hull")["status"] == "photos changed"
    assert result.code == 1


def test_a_change_to_standards_is_out_of_scope_and_does_not_relax_the_check(repo):
    repo.edit("standards/standards.yaml",
              ("title: No strip searches of residents\n    level: required",
               "title: No strip searches of residents\n    level: advisory"))
    repo.edit(BEACON, ("strip_search: false", "strip_search: true"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert "SCOPE-001" in result.rules("scope")
    row = result.listing("beacon-lodge-leeds")["standards"][0]
    # A provider's pull request is judged by the base revision's standards.
    assert (row["id"], row["level"], row["after"]) == ("DIG-001", "required", "not_met")
    assert [e["slug"] for e in result.data["listings"]] == ["beacon-lodge-leeds"]


def test_changes_to_theme_scripts_and_workflows_are_out_of_scope(repo):
    repo.write("theme/templates/base.html", "<script src=https://evil.example.com/x.js>")
    repo.write("scripts/validate.py", "import sys; sys.exit(0)\n")
    repo.write(".github/workflows/pull-request.yml", "on: pull_request_target\n")
    repo.write("content/providers/README.md", "notes\n")
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    paths = {(i["rule"], i["path"]) for i in result.data["scope"]}
    assert paths == {("SCOPE-001", "theme/templates/base.html"),
                     ("SCOPE-001", "scripts/validate.py"),
                     ("SCOPE-001", ".github/workflows/pull-request.yml"),
                     ("SCOPE-002", "content/providers/README.md")}


def test_a_symlinked_photo_is_refused_and_never_followed(repo):
    (repo.path / "content/providers/beacon-lodge-leeds").mkdir()
    (repo.path / "content/providers/beacon-lodge-leeds/garden.jpg").symlink_to(
        "../../../standards/standards.yaml")
    repo.edit(BEACON, ("photos: []", PHOTO))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert ("SCOPE-005", "content/providers/beacon-lodge-leeds/garden.jpg") in {
        (i["rule"], i["path"]) for i in result.data["scope"]}
    [finding] = result.listing("beacon-lodge-leeds")["after"]["findings"]
    assert finding["rule"] == "FILE-006" and "is a link" in finding["message"]


def test_a_symlinked_folder_is_refused(repo):
    (repo.path / "content/providers/harbour-house-hull").mkdir()
    (repo.path / "content/providers/harbour-house-hull/garden.jpg").write_bytes(jpeg())
    repo.base = repo.commit("harbour photo")
    (repo.path / "content/providers/beacon-lodge-leeds").symlink_to("harbour-house-hull")
    repo.edit(BEACON, ("photos: []", PHOTO))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    [finding] = result.listing("beacon-lodge-leeds")["after"]["findings"]
    assert finding["rule"] == "FILE-006"


def test_an_oversized_image_is_refused_by_size(repo):
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg",
               jpeg() + b"\0" * (5 * 1024 * 1024))
    repo.edit(BEACON, ("photos: []", PHOTO))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    [finding] = result.listing("beacon-lodge-leeds")["after"]["findings"]
    assert finding["rule"] == "FILE-005"
    assert result.code == 1


def test_hostile_yaml_is_an_error_not_a_traceback(repo):
    repo.write(BEACON, "a: &x [1]\nb: *x\n")
    repo.write("content/providers/gull-point-scarborough.yaml",
               "slug: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    rules = {e["slug"]: [f["rule"] for f in e["after"]["findings"]]
             for e in result.data["listings"]}
    assert rules == {"beacon-lodge-leeds": ["YAML-003"], "gull-point-scarborough": ["YAML-007"]}
    assert result.listing("gull-point-scarborough")["standards"][0]["after"] == "unchecked"
    assert result.data["failures"][:2] == ["beacon-lodge-leeds is not a valid listing",
                                           "gull-point-scarborough is not a valid listing"]


def test_listing_text_cannot_inject_markup_into_the_comment(repo):
    repo.edit(BEACON, ("name: Beacon Lodge",
                       'name: "Beacon <img src=x onerror=alert(1)> | [win](https://evil.'
                       'example.com) `code` @everyone"'),
              ("summary: Medically", 'summary: "Line one\\n## Approved ✅\\nMedically'),
              ("Roundhay Park.", 'Roundhay Park."'))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    text = result.markdown
    assert "<img" not in text and "](https://evil" not in text and "@everyone" not in text
    assert "\n## Approved" not in text
    # Every table row still has exactly its four cell borders.
    for line in text.splitlines():
        if line.startswith("| `name`") or line.startswith("| `summary`"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 4, line
