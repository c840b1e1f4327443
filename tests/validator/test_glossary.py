"""The glossary as data (content/glossary.yaml) and the plain-language checks (TXT-001/002).

A broken glossary stops the validator with findings that say where, as a broken standards/
file does; the words it lists are found whole, in any case, longest first; a description that
reads hard or uses a term without saying what it means gets an advisory finding with a fix.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from rehab_directory.core.findings import Severity
from rehab_directory.core.vocab import RehabStage
from rehab_directory.framework.glossary import GLOSSARY_FILE, Glossary, check_ref, listing_refs
from rehab_directory.framework.plain import (
    READING_EASE_MIN,
    blocks,
    description_blocks,
    markdown_reading_ease,
    reading_ease,
    sentences_text,
    unexplained_terms,
)
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.validate import main as validate_main
from rehab_directory.validator.engine import Validator

REPO = Path(__file__).resolve().parent.parent.parent

ENTRY = """\
  - id: dbt
    term: Dialectical behaviour therapy (DBT)
    meaning: A talking therapy that teaches skills to cope with strong feelings.
    guide: approaches
    explains: [method.dbt]
    words: [DBT, dialectical behaviour therapy]
    plain_words: [talking therapy, strong feelings]
"""


def glossary_root(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    (tmp_path / GLOSSARY_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def load(tmp_path: Path, text: str) -> Glossary:
    return Glossary.load(glossary_root(tmp_path, text), tmp_path)


def findings_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(StandardsDataError) as caught:
        load(tmp_path, text)
    return [f"{f.line}:{f.column} {f.rule} {f.field}: {f.message}" for f in caught.value.findings]


# ---------------------------------------------------------------------------- the real file


def test_the_glossary_loads_and_every_entry_belongs_to_a_guide_that_exists():
    glossary = Glossary.load(REPO)
    assert len(glossary.terms) >= 40
    guides = {p.stem for p in (REPO / "content" / "guides").glob("*.md")}
    for term in glossary.terms:
        assert term.guide in guides, f"{term.id}: no guide content/guides/{term.guide}.md"


def test_the_glossary_explains_the_words_the_issue_names():
    glossary = Glossary.load(REPO)
    for words in ("second stage", "12-step informed", "12-step based", "DBT",
                  "Specialist dual diagnosis service", "medically managed",
                  "unplanned discharge policy", "naloxone",
                  "Local authority or framework funded", "CQC", "supported housing"):
        found = list(glossary.find(words))
        assert [(s, e) for s, e, _ in found] == [(0, len(words))], words


def test_a_second_stage_entry_says_what_you_need_before_you_go():
    term = Glossary.load(REPO).for_value(RehabStage.SECONDARY)
    assert term is not None and term.before_you_go
    assert "cannot go there first" in term.before_you_go


def test_a_repository_without_a_glossary_has_an_empty_one(tmp_path):
    assert Glossary.load(tmp_path).terms == ()
    assert list(Glossary.load(tmp_path).find("DBT and naloxone")) == []


# ---------------------------------------------------------------------------- broken files


def test_a_broken_glossary_is_data_004_with_where_and_why(tmp_path):
    twice = "terms:\n" + ENTRY + ENTRY.replace("method.dbt", "method.cbt").replace(
        "[DBT, dialectical behaviour therapy]", "[CBT]")
    assert findings_of(tmp_path, twice) == [
        "9:9 DATA-004 terms[1].id: the id 'dbt' is also entry 1's"]
    same_word = "terms:\n" + ENTRY + ENTRY.replace("id: dbt", "id: dbt2").replace(
        "method.dbt", "method.cbt")
    assert findings_of(tmp_path, same_word) == [
        "14:13 DATA-004 terms[1].words[0]: 'DBT' is also a word of entry 1, so a page could "
        "not tell which one it means",
        "14:18 DATA-004 terms[1].words[1]: 'dialectical behaviour therapy' is also a word of "
        "entry 1, so a page could not tell which one it means"]
    same_value = "terms:\n" + ENTRY + ENTRY.replace("id: dbt", "id: dbt2").replace(
        "[DBT, dialectical behaviour therapy]", "[DBT two]")
    assert findings_of(tmp_path, same_value) == [
        "13:16 DATA-004 terms[1].explains[0]: 'method.dbt' is also explained by entry 1"]


@pytest.mark.parametrize(("edit", "rule", "field", "part"), [
    (("method.dbt", "method.dbx"), "SCH", "terms[0].explains[0]", "'dbx' is not a method value"),
    (("method.dbt", "therapy.dbt"), "SCH", "terms[0].explains[0]", "kind is one of: service"),
    (("guide: approaches", "guide: Approaches To"), "SCH", "terms[0].guide", ""),
    (("    guide: approaches\n", "    guide: approaches\n    colour: blue\n"), "SCH",
     "terms[0].colour", "not a field"),
    (("    meaning: A talking", "    meanig: A talking"), "SCH", "terms[0]", ""),
    (("id: dbt", "id: [dbt"), "YAML", "(file)", ""),
])
def test_a_mistake_in_an_entry_stops_loading_with_file_line_and_field(tmp_path, edit, rule,
                                                                    field, part):
    text = "terms:\n" + ENTRY.replace(*edit)
    with pytest.raises(StandardsDataError) as caught:
        load(tmp_path, text)
    found = caught.value.findings
    assert found and all(f.severity is Severity.ERROR for f in found)
    assert all(f.file == str(GLOSSARY_FILE) for f in found)
    assert any(f.rule.startswith(rule) and f.field.startswith(field) and part in f.message
               and f.line > 1 for f in found), [f.text() for f in found]


def test_the_validator_and_its_command_refuse_a_broken_glossary(tmp_path, capsys):
    import shutil

    shutil.copytree(REPO / "standards", tmp_path / "standards")
    glossary_root(tmp_path, "terms:\n" + ENTRY.replace("method.dbt", "method.nope"))
    with pytest.raises(StandardsDataError):
        Validator(tmp_path)
    assert validate_main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    shown = out.replace(str(tmp_path) + "/", "")
    assert "content/glossary.yaml:6:16: error SCH-005 terms[0].explains[0]: " in shown


def test_check_ref_names_what_a_listing_can_have():
    assert check_ref("service.inpatient_detox") == "service.inpatient_detox"
    assert check_ref("eligibility.pregnancy", flags=True) == "eligibility.pregnancy"
    with pytest.raises(ValueError, match="not written kind.code"):
        check_ref("eligibility.pregnancy")
    with pytest.raises(ValueError, match="'detox' is not a service value"):
        check_ref("service.detox")


# ---------------------------------------------------------------------------- finding words


def test_words_are_found_whole_in_any_case_and_the_longest_wins(tmp_path):
    glossary = Glossary.load(REPO)
    text = ("We are 12-step informed, or 12-step based; a 12-step group. DBT, dbt and "
            "non-DBT; detoxes but not detoxing. Care Inspectorate Wales, Care Inspectorate.")
    found = [(text[s:e], t.id) for s, e, t in glossary.find(text)]
    assert found == [("12-step informed", "twelve-step-informed"),
                     ("12-step based", "twelve-step-based"), ("12-step", "twelve-steps"),
                     ("DBT", "dbt"), ("dbt", "dbt"), ("detoxes", "detox"),
                     ("Care Inspectorate Wales", "care-inspectorate-wales"),
                     ("Care Inspectorate", "care-inspectorate")]


def test_places_stay_right_after_characters_whose_lower_case_is_longer():
    glossary = Glossary.load(REPO)
    text = "İİ Istanbul: naloxone\nand  DBT"
    assert [(text[s:e]) for s, e, _ in glossary.find(text)] == ["naloxone", "DBT"]


def test_a_listing_as_references(validator):
    checked = validator.check_file(REPO / "content" / "providers" / "beacon-lodge-leeds.yaml")
    refs = listing_refs(checked.listing)
    assert {"service.inpatient_detox", "service.residential_rehab", "stage.secondary",
            "twelve_step.informed", "method.cbt", "regulator.cqc", "rating.good",
            "funding.local_authority"} <= refs
    assert "eligibility.pregnancy" not in refs


# ---------------------------------------------------------------------------- plain language


def test_markdown_is_read_as_a_person_reads_it():
    md = textwrap.dedent("""\
        A **bold** word and [a link](https://example.org/long/address).

        - one item
        - another item
        """)
    assert blocks(md) == ["A bold word and a link.", "one item", "another item"]
    assert sentences_text(blocks(md)) == "A bold word and a link. one item. another item."


def test_reading_ease_tells_plain_from_hard():
    plain = "You can call us. We will talk it through with you. There is no charge."
    hard = ("Comprehensive multidisciplinary interventions facilitate sustainable behavioural "
            "modification through individually formulated psychoeducational programming.")
    assert reading_ease(plain) >= READING_EASE_MIN > reading_ease(hard)
    assert markdown_reading_ease("- " + plain) == pytest.approx(reading_ease(plain))


def test_reading_ease_is_textstats_score_exactly():
    """``reading_ease`` counts syllables a word at a time (cached); textstat's own
    ``flesch_reading_ease`` must give the same number for every text we score: each sample
    description, each of its sentences, every page and guide, and odd cases."""
    from textstat import textstat

    texts = ["", "Hello.", "a b c", "!!!", "Don't stop \u2014 it's fine; really? Yes!",
             "Caf\u00e9 na\u00efve co-operate 12-step 24/7 St. Mary's."]
    for path in sorted((REPO / "content" / "providers").glob("*.yaml")):
        listing = yaml_description(path)
        whole = sentences_text(description_blocks(listing))
        texts += [whole, *whole.split(". ")]
    for path in sorted((REPO / "content").glob("**/*.md")):
        texts.append(sentences_text(blocks(path.read_text(encoding="utf-8"))))
    assert len(texts) > 100
    for text in texts:
        assert reading_ease(text) == float(textstat.flesch_reading_ease(text)), text[:80]


def yaml_description(path: Path) -> str:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["description"]


@pytest.mark.parametrize(("text", "flagged"), [
    ("We offer DBT every week.", ["DBT"]),
    ("We offer DBT (a talking therapy for strong feelings).", []),
    ("We offer DBT. It is a talking therapy.", []),
    ("DBT (weekly).", ["DBT"]),  # brackets, but they do not say what it is
    ("Our second stage follows the first stage here.", []),
    ("You can move on to our second stage.", ["second stage"]),
    ("Naloxone for everyone, and a plan. Naloxone again.", ["Naloxone"]),
    ("Group work every day.", []),  # a term with no plain_words is never flagged
])
def test_terms_without_a_plain_explanation(text, flagged):
    glossary = Glossary.load(REPO)
    assert [written for _, written in unexplained_terms(text, glossary)] == flagged


def test_no_sample_listing_warns_about_its_words(validator):
    for path in validator.listing_files():
        checked = validator.check_file(path)
        txt = [f.text() for f in checked.findings if f.rule.startswith("TXT")]
        assert txt == [], txt
