"""Text helpers: the description sanitiser, dates, phone links and card wording."""

from __future__ import annotations

from datetime import date

import pytest

from rehab_directory.site.cards import cost_text, days_text
from rehab_directory.site.render import json_script
from rehab_directory.site.text import markdown_to_html, tel_href
from rehab_directory.support.clock import long_date


@pytest.mark.parametrize(("source", "expected"), [
    ("plain words", "<p>plain words</p>"),
    ("**bold** and _it_", "<p><strong>bold</strong> and <em>it</em></p>"),
    ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ('<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>"),
    ("[x](vbscript:msgbox)", "<p>[x](vbscript:msgbox)</p>"),
    ("[x](ftp://files.example.com/)", "<p>[x](ftp://files.example.com/)</p>"),
    ("[x](/relative/path)", "<p>[x](/relative/path)</p>"),
    ('<a href="https://a.example.com/" onclick="x()">a</a>',
     '<p>&lt;a href="https://a.example.com/" onclick="x()"&gt;a&lt;/a&gt;</p>'),
    ("[x](https://a.example.com/?q=1&r=2)",
     '<p><a href="https://a.example.com/?q=1&amp;r=2" rel="nofollow noopener">x</a></p>'),
    ('[x](https://a.example.com/ "title")',
     '<p><a href="https://a.example.com/" rel="nofollow noopener">x</a></p>'),
    ("# Heading", "<p># Heading</p>"),
    ("> quote", "<p>&gt; quote</p>"),
    ("`code`", "<p>`code`</p>"),
])
def test_markdown_is_limited_and_sanitised(source, expected):
    assert markdown_to_html(source) == expected


def test_dates_phones_and_card_wording():
    assert long_date(date(2026, 11, 6)) == "6 November 2026"
    assert long_date(None) == ""
    assert tel_href("0113 496 0871") == "tel:+441134960871"
    assert tel_href("0808 157 0123") == "tel:+448081570123"
    assert [days_text(d) for d in (None, 0, 1, 14)] == ["Not stated", "No wait", "1 day",
                                                         "14 days"]
    assert cost_text(None, None) == "Not stated"
    assert cost_text(950, None) == "£950 a week"
    assert cost_text(950, 950) == "£950 a week"
    assert cost_text(950, 1900) == "£950 to £1,900 a week"
    assert cost_text(0, None) == "Free"
    assert cost_text(0, 0) == "Free"
    assert cost_text(0, 400) == "Free to £400 a week"


def test_json_ld_cannot_close_its_script_element():
    text = str(json_script({"name": "</script><script>alert(1)</script> & more"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
