"""Forms to listing edits: real GitHub issue bodies change only their fields, comments and
layout kept; hostile bodies change nothing and say why in plain words."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from forms_helpers import BEACON, BEACON_OWNER, github_body

from rehab_directory.forms.apply import apply
from rehab_directory.forms.body import MAX_BODY
from rehab_directory.validator.engine import Validator

TODAY = date(2026, 11, 23)

# Exactly what GitHub wrote for a submitted waits form (copied from an issue's raw body).
REAL_WAITS_BODY = """### Your listing

beacon-lodge-leeds

### Inpatient detox (medically managed): wait in days

21

### Inpatient detox (medically managed): date this wait was true

20/11/2026

### Residential rehab: wait in days

14 days

### Residential rehab: date this wait was true

2026-11-20

### Day programme: wait in days

_No response_

### Day programme: date this wait was true

_No response_

### Aftercare: wait in days

_No response_

### Aftercare: date this wait was true

_No response_

### Anything a reviewer should know

A detox nurse is on leave until January.

### Who is asking

- [X] I work for this service and may update its listing.
"""


def changed(before: str, after: str) -> list[str]:
    """The lines a diff of the two texts shows, '-' removed and '+' added."""
    return [line.rstrip("\n") for line in difflib.unified_diff(
        before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "-+" and not line.startswith(("---", "+++"))]


def run(repo: Path, body: str, author: str = BEACON_OWNER, **kwargs):
    return apply(body, author, repo, TODAY, **kwargs)


def test_a_real_waits_body_changes_only_the_two_waits(repo):
    before = (repo / BEACON).read_text()
    outcome = run(repo, REAL_WAITS_BODY)
    assert outcome.applied, outcome.problems
    assert outcome.form == "waits" and outcome.path == BEACON
    assert not outcome.maintainer_check and not outcome.reformatted
    assert changed(before, outcome.text) == [
        "-    wait: {days: 10, stated: 2026-11-16}",
        "+    wait: {days: 21, stated: 2026-11-20}",
        "-    wait: {days: 14, stated: 2026-11-16}",
        "+    wait: {days: 14, stated: 2026-11-20}",
    ]
    assert outcome.fields == [
        ("services[inpatient_detox].wait.days", 10, 21),
        ("services[inpatient_detox].wait.stated", "2026-11-16", "2026-11-20"),
        ("services[residential_rehab].wait.stated", "2026-11-16", "2026-11-20"),
    ]
    # the new file is a listing the validator accepts
    checked = Validator(repo, TODAY).check_bytes(outcome.text.encode(), repo / BEACON)
    assert checked.publishable, [f.text() for f in checked.findings]


def test_windows_line_endings_in_the_body_and_the_file(repo):
    path = repo / BEACON
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    body = REAL_WAITS_BODY.replace("\n", "\r\n")
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert outcome.text.count("\r\n") == outcome.text.count("\n")
    assert "    wait: {days: 21, stated: 2026-11-20}\r\n" in outcome.text


def test_a_new_wait_goes_where_the_model_puts_it(repo):
    before = (repo / BEACON).read_text()
    body = github_body("waits", {"listing": "beacon-lodge-leeds", "aftercare-days": "0",
                                 "aftercare-stated": "23 November 2026"})
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert changed(before, outcome.text) == ["+    wait: {days: 0, stated: 2026-11-23}"]
    lines = outcome.text.splitlines()
    at = lines.index("+    wait: {days: 0, stated: 2026-11-23}"[1:])
    assert lines[at - 1].startswith("    description: Weekly evening group in Leeds")


def comment_everywhere(text: str) -> str:
    """The sample with comments in many places, a list written with its dashes not indented,
    a line ending in spaces and a document start marker: ruamel would not write it back as it
    is."""
    edits = [
        ("  - type: inpatient_detox\n", "  # Detox first: our busiest service\n"
                                        "  - type: inpatient_detox\n"),
        ("    wait: {days: 10, stated: 2026-11-16}\n",
         "    wait: {days: 10, stated: 2026-11-16}   # ask Sam before changing\n"),
        ("\nsubstances:", "\n\n# ---- who we help ----\nsubstances:"),
        ('phone: "0113 496 0871"', "phone: '0113 496 0871'   # the admissions line"),
        ("funding: [local_authority, self_funded, charity]\n",
         "funding:\n- local_authority   \n- self_funded\n- charity\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return "---\n" + text


def test_comments_and_layout_are_kept_where_ruamel_would_rewrite_them(repo):
    path = repo / BEACON
    text = comment_everywhere(path.read_text())
    path.write_text(text)
    body = github_body("waits", {"listing": "beacon-lodge-leeds",
                                 "inpatient_detox-days": "12",
                                 "inpatient_detox-stated": "2026-11-21"})
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert changed(text, outcome.text) == [
        "-    wait: {days: 10, stated: 2026-11-16}   # ask Sam before changing",
        "+    wait: {days: 12, stated: 2026-11-21}   # ask Sam before changing",
    ]
    assert outcome.text.startswith("---\n") and not outcome.reformatted


def test_contact_details_keep_their_quoting(repo):
    path = repo / BEACON
    before = path.read_text()
    body = github_body("contact", {"listing": "beacon-lodge-leeds",
                                   "phone": "0113 496 0999",
                                   "email": "intake@beacon-lodge.example.org.uk"})
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert changed(before, outcome.text) == [
        '-phone: "0113 496 0871"', "-email: admissions@beacon-lodge.example.org.uk",
        '+phone: "0113 496 0999"', "+email: intake@beacon-lodge.example.org.uk",
    ]


def test_beds(repo):
    before = (repo / BEACON).read_text()
    body = github_body("beds", {"listing": "beacon-lodge-leeds", "residential_rehab-beds": "20"})
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert changed(before, outcome.text) == ["-    beds: 18", "+    beds: 20"]


def test_admissions_paused_then_reopened(repo):
    path = repo / BEACON
    before = path.read_text()
    paused = github_body("admissions", {
        "listing": "beacon-lodge-leeds", "status": "Paused: we are not taking new admissions",
        "stated": "2026-11-20", "reopens": "11 January 2027",
        "message": "Referrals still join our waiting list."})
    outcome = run(repo, paused)
    assert outcome.applied, outcome.problems
    assert changed(before, outcome.text) == [
        "+admissions:",
        "+  status: paused",
        "+  stated: 2026-11-20",
        "+  reopens: 2027-01-11",
        "+  note: Referrals still join our waiting list.",
    ]
    lines = outcome.text.splitlines()
    assert lines[lines.index("admissions:") + 5].startswith("substances:")
    path.write_text(outcome.text)

    reopened = github_body("admissions", {
        "listing": "beacon-lodge-leeds", "status": "Open: we are taking new admissions again",
        "stated": "2026-11-23"})
    again = run(repo, reopened)
    assert again.applied, again.problems
    assert changed(outcome.text, again.text) == [
        "-  status: paused", "-  stated: 2026-11-20", "-  reopens: 2027-01-11",
        "-  note: Referrals still join our waiting list.",
        "+  status: open", "+  stated: 2026-11-23",
    ]
    assert Validator(repo, TODAY).check_bytes(again.text.encode(), path).publishable


def test_a_listing_the_author_does_not_maintain_is_marked_for_a_check(repo):
    outcome = run(repo, REAL_WAITS_BODY, author="someone-else")
    assert outcome.applied and outcome.maintainer_check
    assert outcome.maintainers == [BEACON_OWNER]
    # a framework reviewer's form is not marked; a maintainer's handle is case-blind
    assert not run(repo, REAL_WAITS_BODY, author="robin-example-reviewer").maintainer_check
    assert run(repo, REAL_WAITS_BODY, author="robin-example-reviewer",
               reviewers=frozenset()).maintainer_check
    assert not run(repo, REAL_WAITS_BODY, author=BEACON_OWNER.upper()).maintainer_check


# ---------------------------------------------------------------------------- hostile bodies


def waits(**answers) -> str:
    return github_body("waits", {"listing": "beacon-lodge-leeds", **answers})


@pytest.mark.parametrize(("body", "question", "words"), [
    (waits(**{"inpatient_detox-days": "three weeks", "inpatient_detox-stated": "2026-11-20"}),
     "Inpatient detox (medically managed): wait in days", "not a whole number"),
    (waits(**{"inpatient_detox-days": "-3", "inpatient_detox-stated": "2026-11-20"}),
     "Inpatient detox (medically managed): wait in days", "not a whole number"),
    (waits(**{"inpatient_detox-days": "900", "inpatient_detox-stated": "2026-11-20"}),
     "Inpatient detox (medically managed): wait in days", "above the highest allowed value, 730"),
    (waits(**{"inpatient_detox-days": "7", "inpatient_detox-stated": "31/02/2026"}),
     "Inpatient detox (medically managed): date this wait was true", "not a real date"),
    (waits(**{"inpatient_detox-days": "7", "inpatient_detox-stated": "11/30/2026"}),
     "Inpatient detox (medically managed): date this wait was true", "not a real date"),
    (waits(**{"inpatient_detox-days": "7", "inpatient_detox-stated": "next Tuesday"}),
     "Inpatient detox (medically managed): date this wait was true", "not a date we can read"),
    (waits(**{"inpatient_detox-days": "7", "inpatient_detox-stated": "2026-12-25"}),
     "Inpatient detox (medically managed): date this wait was true", "is in the future"),
    (waits(**{"inpatient_detox-days": "7"}),
     "Inpatient detox (medically managed): date this wait was true", "give the date"),
    (waits(**{"day_programme-days": "7", "day_programme-stated": "2026-11-20"}),
     "Day programme: wait in days", "has no day programme service"),
    (waits(), None, "gives no wait"),
    (github_body("contact", {"listing": "beacon-lodge-leeds", "phone": "<b>0113 496 0999</b>"}),
     "Phone number", "plain text"),
    (github_body("contact", {"listing": "beacon-lodge-leeds",
                             "website": "[our site](javascript:alert(1))"}),
     "Website", "plain text"),
    (github_body("contact", {"listing": "beacon-lodge-leeds", "website": "javascript:alert(1)"}),
     "Website", "not a web link"),
    (github_body("contact", {"listing": "beacon-lodge-leeds", "phone": "999"}),
     "Phone number", "not a valid UK phone number"),
    (github_body("admissions", {"listing": "beacon-lodge-leeds",
                                "status": "Paused: we are not taking new admissions",
                                "stated": "2026-11-20",
                                "message": '<img src=x onerror="alert(1)">'}),
     "Message for people looking for help", "plain text"),
    (github_body("admissions", {"listing": "beacon-lodge-leeds",
                                "status": "Open: we are taking new admissions again",
                                "stated": "2026-11-20", "reopens": "2027-01-04"}),
     "Expected to reopen", "leave this empty"),
    (github_body("admissions", {"listing": "beacon-lodge-leeds",
                                "status": "Closed for ever", "stated": "2026-11-20"}),
     "Admissions", "choose whether"),
    (github_body("admissions", {"listing": "beacon-lodge-leeds",
                                "status": "Paused: we are not taking new admissions",
                                "stated": "2026-11-20", "reopens": "2026-11-01"}),
     "Admissions", "reopens (2026-11-01) is not after stated (2026-11-20). Give the day"),
    (waits(confirm=set()), "Who is asking", "tick the box"),
])
def test_bad_answers_change_nothing_and_say_which_question(repo, body, question, words):
    before = (repo / BEACON).read_bytes()
    outcome = run(repo, body)
    assert not outcome.applied and outcome.text is None
    assert any(p.question == question and words in p.message for p in outcome.problems), \
        [p.text() for p in outcome.problems]
    assert (repo / BEACON).read_bytes() == before


@pytest.mark.parametrize(("listing", "words"), [
    ("beacon-lodge-leed", "no listing called 'beacon-lodge-leed'; did you mean beacon-lodge-leeds"),
    ("harbour-house-hull", "no listing called 'harbour-house-hull'"),
    ("../../standards/standards", "is not a listing's name"),
    ("Beacon Lodge, Leeds", "is not a listing's name"),
    ("`beacon-lodge-leeds`; rm -rf /", "is not a listing's name"),
])
def test_a_listing_that_does_not_exist(repo, listing, words):
    outcome = run(repo, github_body("beds", {"listing": listing, "residential_rehab-beds": "2"}))
    assert not outcome.applied
    assert outcome.problems[0].question == "Your listing"
    assert words in outcome.problems[0].message


def test_the_page_address_names_the_listing_too(repo):
    body = github_body("beds", {"listing": "https://rehab.example.org.uk/providers/"
                                           "beacon-lodge-leeds/", "residential_rehab-beds": "2"})
    assert run(repo, body).applied


def test_a_linked_listing_file_is_refused(repo):
    link = repo / "content" / "providers" / "linked-lodge-leeds.yaml"
    link.symlink_to(repo / BEACON)
    outcome = run(repo, github_body("beds", {"listing": "linked-lodge-leeds",
                                             "residential_rehab-beds": "2"}))
    assert not outcome.applied and "no listing called" in outcome.problems[0].message


@pytest.mark.parametrize(("body", "words"), [
    ("", "does not look like one of the update forms"),
    ("Please change our wait to 3 weeks, thanks!", "does not look like one of the update forms"),
    ("### Your listing\n\nbeacon-lodge-leeds\n", "does not look like one of the update forms"),
    (REAL_WAITS_BODY.replace("### Aftercare: wait in days\n\n_No response_",
                             "### Aftercare: wait in days\n\n### Your listing\n\nother"),
     "appears twice"),
    (REAL_WAITS_BODY + "\n" + "x" * MAX_BODY, "more than a form can be"),
    (REAL_WAITS_BODY.replace("A detox nurse is on leave until January.", "y" * 5000),
     "at most 2,000 fit"),
    (REAL_WAITS_BODY.replace("\n21\n", "\n" + "2" * 400 + "\n"), "at most 300 fit"),
    ("\x00\x01### Your listing\x00", "does not look like one of the update forms"),
])
def test_bodies_that_are_not_a_form(repo, body, words):
    outcome = run(repo, body)
    assert not outcome.applied
    assert words in outcome.problems[0].message, outcome.problems


def test_a_heading_inside_fenced_code_is_part_of_the_answer(repo):
    body = REAL_WAITS_BODY.replace(
        "A detox nurse is on leave until January.",
        "```\n### Your listing\n\nanother-listing\n```")
    assert run(repo, body).applied


def test_nothing_to_change(repo):
    body = github_body("beds", {"listing": "beacon-lodge-leeds", "residential_rehab-beds": "18"})
    outcome = run(repo, body)
    assert not outcome.applied and "already says exactly this" in outcome.problems[0].message


def test_a_listing_file_that_is_not_yaml(repo):
    (repo / BEACON).write_text("slug: [unclosed\n")
    outcome = run(repo, REAL_WAITS_BODY)
    assert not outcome.applied and "cannot be read as it is" in outcome.problems[0].message


def test_the_layout_test_file_is_one_ruamel_rewrites(repo):
    from rehab_directory.forms.edit import Editor

    text = comment_everywhere((repo / BEACON).read_text())
    editor = Editor(text)
    assert editor._dump(editor.data) != text  # so the splice is what keeps the layout


def test_a_new_group_is_spliced_into_a_file_ruamel_rewrites(repo):
    path = repo / BEACON
    text = comment_everywhere(path.read_text())
    path.write_text(text)
    body = github_body("admissions", {"listing": "beacon-lodge-leeds",
                                      "status": "Paused: we are not taking new admissions",
                                      "stated": "2026-11-20"})
    outcome = run(repo, body)
    assert outcome.applied, outcome.problems
    assert changed(text, outcome.text) == ["+admissions:", "+  status: paused",
                                           "+  stated: 2026-11-20"]
    assert not outcome.reformatted
    # the comment written above substances stays above it, not above the new group
    assert "  stated: 2026-11-20\n# ---- who we help ----\nsubstances:" in outcome.text
