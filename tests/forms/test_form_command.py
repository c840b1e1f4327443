"""The form command (python -m rehab_directory.forms / scripts/update_from_form.py), the issue
forms it reads (generated from the same definitions), and the editor on listings at scale."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from forms_helpers import BEACON, BEACON_OWNER, ROOT, TODAY, github_body
from test_form_apply import REAL_WAITS_BODY, changed

from rehab_directory.forms import issue_templates
from rehab_directory.forms.body import read
from rehab_directory.forms.command import main
from rehab_directory.forms.definitions import CHECKBOXES, DROPDOWN, FORMS
from rehab_directory.forms.edit import Editor
from tools.listing_generator import generate_listing


def command(repo: Path, tmp_path: Path, body: str, *args: str) -> tuple[int, dict]:
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    code = main([str(tmp_path / "body.md"), "--root", str(repo), "--today", TODAY,
                 "--output-dir", str(out), "--issue", "41", *args])
    return code, json.loads((out / "result.json").read_text("utf-8"))


def test_applies_and_writes_what_the_workflow_needs(repo, tmp_path, capsys):
    code, result = command(repo, tmp_path, REAL_WAITS_BODY, "--author", BEACON_OWNER)
    assert code == 0
    assert result["applied"] and result["slug"] == "beacon-lodge-leeds"
    assert result["path"] == BEACON and result["branch"] == "listing-update/issue-41"
    assert result["labels"] == ["listing-update"] and not result["maintainer_check"]
    assert "wait: {days: 21, stated: 2026-11-20}" in (repo / BEACON).read_text()
    body = (tmp_path / "out" / "pull-request.md").read_text()
    assert "Closes #41" in body and "| `services[inpatient_detox].wait.days` | 10 | 21 |" in body
    assert "changed content/providers/beacon-lodge-leeds.yaml" in capsys.readouterr().err


def test_someone_else_gets_a_pull_request_marked_for_a_check(repo, tmp_path):
    code, result = command(repo, tmp_path, REAL_WAITS_BODY, "--author", "not-the-owner")
    assert code == 0 and result["maintainer_check"]
    assert result["labels"] == ["listing-update", "needs-maintainer-check"]
    assert result["title"].startswith("[Maintainer check] ")
    body = (tmp_path / "out" / "pull-request.md").read_text()
    assert "A maintainer must check this" in body and "`beacon-lodge-admissions`" in body


def test_a_refused_form_writes_nothing_and_explains(repo, tmp_path, capsys):
    before = (repo / BEACON).read_bytes()
    body = github_body("contact", {"listing": "beacon-lodge-leeds",
                                   "website": "<script>alert(1)</script>"})
    code, result = command(repo, tmp_path, body, "--author", BEACON_OWNER)
    assert code == 1 and not result["applied"]
    assert result["problems"] == [{"question": "Website", "message": "write plain text, "
                                   "without HTML tags or Markdown links and pictures"}]
    assert (repo / BEACON).read_bytes() == before
    assert not (tmp_path / "out" / "pull-request.md").exists()
    comment = (tmp_path / "out" / "comment.md").read_text()
    assert "nothing was changed" in comment and "<script>" not in comment
    err = capsys.readouterr().err
    assert "Website: write plain text" in err and "Traceback" not in err


def test_dry_run_prints_the_listing_and_writes_nothing(repo, tmp_path, capsys):
    before = (repo / BEACON).read_bytes()
    (tmp_path / "b.md").write_text(REAL_WAITS_BODY)
    assert main([str(tmp_path / "b.md"), "--author", BEACON_OWNER, "--root", str(repo),
                 "--today", TODAY, "--dry-run"]) == 0
    assert "wait: {days: 21, stated: 2026-11-20}" in capsys.readouterr().out
    assert (repo / BEACON).read_bytes() == before


@pytest.mark.parametrize("args", [
    ["missing.md", "--author", BEACON_OWNER],
    ["body.md", "--author", "not a handle"],
    ["body.md"],
    ["body.md", "--author", BEACON_OWNER, "--today", "yesterday"],
    ["body.md", "--author", BEACON_OWNER, "--form", "photos"],
])
def test_usage_errors_exit_2(repo, tmp_path, monkeypatch, capsys, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "body.md").write_text(REAL_WAITS_BODY)
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--root", str(repo)])
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_script_and_the_module_run_with_help():
    for cmd in ([sys.executable, "scripts/update_from_form.py", "--help"],
                [sys.executable, "-m", "rehab_directory.forms", "--help"]):
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "BODY_FILE" in result.stdout and "--author" in \
            result.stdout


def test_the_script_reads_standard_input_and_never_shows_a_traceback(repo):
    result = subprocess.run(
        [sys.executable, "scripts/update_from_form.py", "-", "--author", BEACON_OWNER,
         "--root", str(repo), "--today", TODAY], cwd=ROOT, input=b"\xff\xfe garbage \x00",
        capture_output=True, timeout=60)
    assert result.returncode == 1
    assert b"does not look like one of the update forms" in result.stderr
    assert b"Traceback" not in result.stderr


# ---------------------------------------------------------------------------- issue forms


def test_issue_forms_are_current():
    for path, text in issue_templates(ROOT).items():
        assert path.read_text("utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date: run python -m rehab_directory.generated")


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_each_issue_form_follows_githubs_schema(form):
    template = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / f"{form.kind}.yml")
                              .read_text("utf-8"))
    assert set(template) <= {"name", "description", "title", "labels", "assignees", "body"}
    assert template["name"] and template["description"]
    elements = [e for e in template["body"] if e["type"] != "markdown"]
    ids = [e["id"] for e in elements]
    labels = [e["attributes"]["label"] for e in elements]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    for element in elements:
        assert element["type"] in ("input", "textarea", "dropdown", "checkboxes")
        assert all(c.isalnum() or c in "-_" for c in element["id"]), element["id"]
        if element["type"] == DROPDOWN:
            options = element["attributes"]["options"]
            assert len(set(options)) == len(options) and "None" not in options
        if element["type"] == CHECKBOXES:
            assert all(set(o) <= {"label", "required"} for o in element["attributes"]["options"])
    assert labels[0] == "Your listing" and labels[-1] == "Who is asking"


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_every_form_is_read_back_from_the_body_github_writes(form):
    answers = {q.id: f"answer to {q.id}" for q in form.questions
               if q.kind not in (CHECKBOXES, DROPDOWN)}
    answers.update({q.id: q.options[-1] for q in form.questions if q.kind == DROPDOWN})
    submission = read(github_body(form.kind, answers, newline="\r\n"))
    assert submission.form is form
    for qid, value in answers.items():
        assert submission.text(qid) == value
    assert submission.ticked("confirm") == {"yes"}


# ---------------------------------------------------------------------------- at scale


def test_the_editor_keeps_every_sample_and_generated_listing_byte_for_byte():
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "content" / "providers").glob("*.yaml"))]
    rng = random.Random(15)
    texts += [generate_listing(i, rng, date(2026, 11, 23)) for i in range(60)]
    for text in texts:
        editor = Editor(text)
        assert editor.text() == text
        old_beds = editor.get(("services", 0, "beds"))
        editor.set(("services", 0, "beds"), 499)
        expected = ["+    beds: 499"] if old_beds is None else [f"-    beds: {old_beds}",
                                                                "+    beds: 499"]
        assert changed(text, editor.text()) == expected
