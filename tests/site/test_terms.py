"""Glossary terms marked in a page's HTML (site/terms.py): where a link goes, where it cannot,
and that a build's shared memory of text (``found``) never changes what a page gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehab_directory.framework.glossary import Glossary
from rehab_directory.site.terms import Marks

REPO = Path(__file__).resolve().parent.parent.parent
URL = "/glossary/"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO)


def link(glossary: Glossary, word: str) -> str:
    (start, end, term), *_ = glossary.find(word)
    return f'<a class="term" href="{URL}#{term.id}">{word[start:end]}</a>'


def marks(glossary: Glossary, found: dict | None = None) -> Marks:
    return Marks(glossary, URL, box=lambda terms: "|".join(t.id for t in terms), found=found)


def test_the_first_place_a_term_is_written_is_linked_once(glossary):
    m = marks(glossary)
    out = str(m.html("<p>We offer DBT.</p><p>DBT helps, and <b>DBT</b> again.</p>"))
    assert out == f"<p>We offer {link(glossary, 'DBT')}.</p><p>DBT helps, and <b>DBT</b> again.</p>"
    assert [t.id for t in m.block.values()] == [glossary.find("DBT").__next__()[2].id]


def test_no_link_in_headings_labels_or_links_but_the_term_is_explained(glossary):
    m = marks(glossary)
    html = ('<h2>DBT</h2><label for="x">detox</label><a href="/x/">DBT</a>'
            '<script>var s = "DBT";</script><p>detox and DBT</p>')
    out = str(m.html(html))
    assert out.startswith('<h2>DBT</h2><label for="x">detox</label><a href="/x/">DBT</a>'
                          '<script>var s = "DBT";</script><p>')
    # Recorded in the heading and label, so linked at their first place in the text.
    assert out.endswith(f"<p>{link(glossary, 'detox')} and {link(glossary, 'DBT')}</p>")
    words = {t.id for t in m.block.values()}
    assert words == {glossary.find("detox").__next__()[2].id,
                     glossary.find("DBT").__next__()[2].id}
    assert str(m.box()) == "|".join(m.page)  # heading's term first, in the order written


def test_a_term_inside_a_tag_is_not_a_term(glossary):
    out = str(marks(glossary).html('<a href="/guides/detox/" title="detox">Guides</a> x'))
    assert out == '<a href="/guides/detox/" title="detox">Guides</a> x'


def test_a_link_made_already_is_left_as_it_is_and_its_term_explained(glossary):
    m = marks(glossary)
    made = link(glossary, "detox")  # as Marks.value writes a listing value's label
    out = str(m.html(f"<p>{made} and no other term</p>"))
    assert out == f"<p>{made} and no other term</p>"
    assert list(m.block) == [glossary.find("detox").__next__()[2].id]


def test_a_builds_shared_text_gives_each_page_what_it_would_get_alone(glossary):
    pages = ["<p>detox <b>and</b> DBT</p><label>DBT</label>",
             "<h3>detox</h3><p>detox, DBT, detox</p>",
             "<p>detox <b>and</b> DBT</p><label>DBT</label>"]
    found: dict = {}
    shared = [(str(marks(glossary, found).html(p))) for p in pages]
    alone = [str(marks(glossary).html(p)) for p in pages]
    assert shared == alone and found
