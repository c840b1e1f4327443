"""Duplicates across listings: copies are caught in the review, never by withholding both."""

from __future__ import annotations

from review_helpers import BEACON, BEACON_OWNER, HARBOUR, HARBOUR_OWNER, gull_text

from rehab_directory.review.duplicates import name_words, normalise, similar
from rehab_directory.validator.engine import Validator

COPY = "content/providers/beacon-lodge-roundhay.yaml"


def copycat(repo) -> str:
    """Another provider's listing with only the phone and slug changed (and no last_verified,
    as a provider would send it)."""
    return (repo.read(BEACON).replace("slug: beacon-lodge-leeds", "slug: beacon-lodge-roundhay")
            .replace('"0113 496 0871"', '"0113 496 0999"')
            .replace("last_verified: 2026-10-30\n", "")
            .replace(f"[{BEACON_OWNER}]", "[copy-cat]"))


def test_a_copycat_listing_is_an_error_naming_the_genuine_one(repo):
    repo.write(COPY, copycat(repo))
    repo.commit()
    result = repo.review("--author", "copy-cat")
    assert result.code == 1
    [error] = result.data["errors"]
    assert (error["rule"], error["slug"], error["other"]) == (
        "DUP-001", "beacon-lodge-roundhay", "beacon-lodge-leeds")
    assert "1-901234568" in error["message"] and BEACON in error["message"]
    assert result.data["failures"] == [
        "beacon-lodge-roundhay has the regulator's location ID of beacon-lodge-leeds (DUP-001)"]
    assert "### Errors across listings" in result.markdown
    assert "- Errors across listings: 1" in result.markdown


def test_the_genuine_listing_stays_publishable_beside_a_copy(repo):
    # The validator does not compare listings' regulator IDs, so a copy merged by mistake
    # cannot get the genuine listing withheld from the public build: only the review stops it.
    repo.write(COPY, copycat(repo))
    checked = {c.listing.slug: c for c in Validator(repo.path).check_listings(
        [repo.path / BEACON, repo.path / COPY])}
    assert checked["beacon-lodge-leeds"].publishable
    assert [f.rule for f in checked["beacon-lodge-roundhay"].findings] == ["TRA-002"]


def test_moving_a_listing_onto_another_ones_location_id_is_an_error(repo):
    repo.edit(HARBOUR, ('location_id: "1-902345679"', 'location_id: "1-901234568"'))
    repo.commit()
    result = repo.review("--author", HARBOUR_OWNER)
    assert result.code == 1
    assert [(e["slug"], e["other"]) for e in result.data["errors"]] == [
        ("harbour-house-hull", "beacon-lodge-leeds")]


def test_a_duplicate_the_change_did_not_touch_does_not_fire(repo):
    repo.edit(HARBOUR, ('location_id: "1-902345679"', 'location_id: "1-901234568"'))
    repo.base = repo.commit("an old duplicate already on main")
    repo.edit(BEACON, ("beds: 18", "beds: 19"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    assert result.data["errors"] == [] and "WEIGH-012" not in result.rules("warnings")


def test_same_phone_and_postcode_with_a_similar_name_is_a_warning_naming_the_other(repo):
    text = (gull_text().replace("name: Gull Point\n", "name: Beacon Lodge Harrogate\n")
            .replace('"0113 496 0123"', '"0113 4960871"')  # Beacon Lodge's number, respaced
            .replace("postcode: LS7 3AB", "postcode: ls82jh"))
    repo.write("content/providers/gull-point-scarborough.yaml", text)
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    [warning] = [w for w in result.data["warnings"] if w["rule"] == "WEIGH-012"]
    assert (warning["slug"], warning["other"]) == ("gull-point-scarborough",
                                                   "beacon-lodge-leeds")
    assert warning["message"].startswith("the same phone number, postcode as Beacon Lodge ("
                                         f"{BEACON}), whose name is similar")
    assert result.data["errors"] == []
    assert result.code == 0  # a warning to weigh: one organisation may run two services


def test_same_phone_with_an_unrelated_name_does_not_warn(repo):
    text = gull_text().replace('"0113 496 0123"', '"0113 496 0871"')
    repo.write("content/providers/gull-point-scarborough.yaml", text)
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    assert "WEIGH-012" not in result.rules("warnings")


def test_same_provider_id_and_email_with_a_similar_organisation_name(repo):
    text = (gull_text().replace("name: Gull Point Care", "name: Beacon Recovery Trust")
            .replace('provider_id: "1-903456789"', 'provider_id: "1-901234567"')
            .replace("admissions@gull-point.example.org.uk",
                     "Admissions@Beacon-Lodge.example.org.uk"))
    repo.write("content/providers/gull-point-scarborough.yaml", text)
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    [warning] = [w for w in result.data["warnings"] if w["rule"] == "WEIGH-012"]
    assert "regulator's provider ID, email address" in warning["message"]


def test_a_changed_phone_that_matches_warns_but_an_unchanged_one_does_not(repo):
    repo.write("content/providers/beacon-lodge-harrogate.yaml", gull_text(BEACON_OWNER).replace(
        "slug: gull-point-scarborough", "slug: beacon-lodge-harrogate").replace(
        "name: Gull Point\n", "name: Beacon Lodge Harrogate\n"))
    repo.base = repo.commit("a second Beacon Lodge")
    repo.edit("content/providers/beacon-lodge-harrogate.yaml", ("beds: 18", "beds: 19"))
    repo.commit()
    assert "WEIGH-012" not in repo.review("--author", BEACON_OWNER).rules("warnings")
    repo.edit("content/providers/beacon-lodge-harrogate.yaml",
              ('"0113 496 0123"', '"0113 496 0871"'))
    repo.commit()
    assert "WEIGH-012" in repo.review("--author", BEACON_OWNER).rules("warnings")


def test_normalising_and_comparing_names():
    assert normalise("phone", "0113 496 0871") == normalise("phone", "+44 113 4960871")
    assert normalise("address.postcode", " ls8 2jh") == "LS82JH"
    assert normalise("email", "A@B.example") == "a@b.example"
    assert normalise("phone", "") is None and normalise("email", None) is None
    assert name_words("The Beacon Lodge & Café Ltd") == "beacon lodge cafe"
    assert similar(["Beacon Lodge"], ["Beacon Lodge Harrogate"])
    assert similar(["Beacon Lodge"], ["Beacon Lodg"])
    assert not similar(["Beacon Lodge"], ["Harbour House"])
    assert not similar([], ["Harbour House"])
