"""The finder's synonyms file: reviewed data, checked at build time with precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehab_directory.publish.search import FINDER_FILTERS
from rehab_directory.publish.synonyms import SYNONYMS_FILE, SynonymsError, load_synonyms

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_file_is_valid_and_covers_the_words_people_use():
    entries = load_synonyms(ROOT)
    words = {w: e for e in entries for w in e.words}
    for word in ("women", "mothers", "men", "couples", "young people", "nhs", "free",
                 "self referral", "12 step", "faith", "spice", "near me"):
        assert word in words, word
    assert words["women only"].filters == {"gender": ("women_only",)}
    assert words["self referral"].filters == {"referral": ("self_referral",)}
    assert words["spice"].filters == {"substance": ("novel_psychoactive",)}
    assert words["near me"].place == "me"
    for entry in entries:
        for name, values in entry.filters.items():
            assert set(values) <= set(FINDER_FILTERS[name][0])


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / SYNONYMS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("synonyms:\n" + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("body", "where", "what"), [
    ("  - words: [women]\n    filters: {sex: women}\n    means: x\n", ":3:15:",
     "'sex' is not one of the finder's filters"),
    ("  - words: [women]\n    filters: {gender: ladies}\n    means: x\n", ":3:23:",
     "'ladies' is not a value of the gender filter"),
    ("  - words: [women, woman]\n    filters: {gender: women}\n    means: x\n"
     "  - words: [girls, Women]\n    filters: {gender: women}\n    means: y\n", ":5:20:",
     "'Women' is already in the entry at item 1"),
    ("  - words: [nhs]\n    means: x\n", ":2:5:", "give filters, or place: me"),
    ("  - words: [nhs]\n    filters: {funding: nhs}\n", ":2:5:", "give 'means'"),
    ("  - words: [here]\n    place: there\n    means: x\n", ":3:12:", "place must be me"),
    ("  - words: [nhs]\n    filters: {gender: [women, men]}\n    means: x\n", ":3:15:",
     "the gender filter takes one value"),
])
def test_mistakes_are_pointed_at(tmp_path, body, where, what):
    root = write(tmp_path, body)
    with pytest.raises(SynonymsError) as caught:
        load_synonyms(root)
    message = str(caught.value)
    assert message.startswith(f"{SYNONYMS_FILE.as_posix()}{where}"), message
    assert what in message


def test_a_site_without_the_file_has_no_synonyms_and_an_unreadable_one_stops(tmp_path):
    assert load_synonyms(tmp_path) == []
    (tmp_path / SYNONYMS_FILE).mkdir(parents=True)  # there, but not a file
    with pytest.raises(SynonymsError, match="cannot be read"):
        load_synonyms(tmp_path)
