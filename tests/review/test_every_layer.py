"""The review report runs every layer the validator and the build run (``Validator.complete``):
a change the build would withhold for a plausibility finding (GEO-, VAL-) is not passed, and a
plain-language finding (TXT-) is shown as advisory."""

from __future__ import annotations

from review_helpers import BEACON, REVIEWER, ROOT

from rehab_directory.validate import main as validate

HARD = ("Each day includes group work, one-to-one counselling and time for exercise and rest.",
        "Notwithstanding multidisciplinary interdisciplinary considerations, individualised "
        "psychotherapeutic interventions necessitate comprehensive biopsychosocial "
        "characterisation preceding institutionalisation.")


def test_a_change_the_validator_refuses_for_plausibility_is_not_passed(repo, capsys):
    repo.edit(BEACON, ("latitude: 53.8329", "latitude: 50.8329"),
              ("name: Beacon Lodge", 'name: "“Beacon Lodge”"'))
    repo.commit("moved, and the name in quotation marks")
    assert validate([str(repo.path / BEACON), "--today", "2026-11-23"]) == 1
    refused = capsys.readouterr().out
    assert "GEO-001" in refused and "VAL-003" in refused
    result = repo.review("--author", REVIEWER)
    assert result.code == 1, result.markdown
    assert "✅" not in result.markdown
    entry = result.listing("beacon-lodge-leeds")
    assert entry["after"]["standing"]["standing"] != "published"
    rules = {f["rule"] for f in entry["after"]["standing"]["errors"]}
    assert {"GEO-001", "VAL-003"} <= rules
    assert entry["worse"]
    assert "Passes" not in result.markdown and "Published** after" not in result.markdown
    for rule in ("GEO-001", "VAL-003"):
        assert f"error **{rule}**" in result.markdown


def test_a_plain_language_finding_is_shown_as_advisory(repo):
    repo.edit(BEACON, HARD)
    repo.commit("a hard sentence")
    result = repo.review("--author", REVIEWER)
    assert result.code == 0, result.markdown
    entry = result.listing("beacon-lodge-leeds")
    assert entry["worse"] is None
    assert entry["after"]["standing"]["standing"] == "published"
    [txt] = [f for f in entry["after"]["findings"] if f["rule"].startswith("TXT-")]
    assert (txt["rule"], txt["severity"]) == ("TXT-001", "warning")
    assert "warning **TXT-001** `description`: the description is hard to read" in (
        result.markdown)
    assert "**Published** after this change." in result.markdown


def test_the_glossary_of_the_base_revision_is_used_for_the_text_checks(repo):
    """TXT-002 needs the glossary: the review reads the base revision's, as the build reads
    the repository's."""
    repo.write("content/glossary.yaml", (ROOT / "content" / "glossary.yaml").read_text(
        encoding="utf-8"))
    repo.base = repo.commit("the glossary")
    repo.edit(BEACON, (HARD[0], HARD[0] + " Naloxone is kept in every room."))
    repo.commit("a term without its meaning")
    result = repo.review("--author", REVIEWER)
    assert result.code == 0, result.markdown
    after = result.listing("beacon-lodge-leeds")["after"]["findings"]
    assert [(f["rule"], f["severity"]) for f in after if f["rule"].startswith("TXT-")] == [
        ("TXT-002", "warning")]
    assert "warning **TXT-002** `description`: 'Naloxone' is used without saying" in (
        result.markdown)
