"""Screenshots for CONTRIBUTING.md of the two routes that do not run in our own pages.

* The quick-update form runs on GitHub, which the tests cannot reach, so it is drawn here from
  the same definitions GitHub's form is generated from (rehab_directory/forms/definitions.py),
  and every screenshot says in a banner that it is a mock-up, not GitHub's page.
* The git route runs in a terminal: the page shows the commands a provider types and the
  validator's real output on a copy of a sample listing with one wait changed.

The editor's screenshots are real (test_editor.py). As in test_screenshots.py, normal runs
write into a temporary folder; UPDATE_SCREENSHOTS=1 writes docs/screenshots/.
"""

from __future__ import annotations

import html
import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from browser_harness import ROOT
from test_screenshots import SHOTS, png_size, shrink

from rehab_directory.forms.definitions import CHECKBOXES, DROPDOWN, TEXTAREA, WAITS
from rehab_directory.validate import main as validate

pytestmark = pytest.mark.browser

MOCK_BANNER = ("Mock-up drawn for this guide from .github/ISSUE_TEMPLATE/waits.yml: GitHub's own "
               "page has the same questions but looks different.")
STYLE = """
body { font: 15px/1.5 -apple-system, "Segoe UI", system-ui, sans-serif; margin: 0;
  color: #1f2328; background: #fff; }
.banner { background: #fff8c5; border-bottom: 2px solid #d4a72c; padding: 10px 24px;
  font-weight: 600; }
main { max-width: 760px; margin: 24px auto; padding: 0 24px; }
h1 { font-size: 22px; font-weight: 600; }
.intro { background: #f6f8fa; border: 1px solid #d1d9e0; border-radius: 6px;
  padding: 8px 16px; }
label { display: block; font-weight: 600; margin-top: 18px; }
.hint { color: #59636e; font-size: 13px; margin: 2px 0 6px; }
input[type=text], textarea, select { width: 100%; box-sizing: border-box; font: inherit;
  padding: 5px 12px; border: 1px solid #d1d9e0; border-radius: 6px; }
.required { color: #d1242f; }
button { margin-top: 20px; background: #1f883d; color: #fff; border: 0; border-radius: 6px;
  padding: 6px 16px; font: inherit; font-weight: 600; }
.terminal { background: #0d1117; color: #e6edf3; font: 14px/1.45 ui-monospace, monospace;
  padding: 18px 22px; border-radius: 8px; white-space: pre-wrap; }
.prompt { color: #7ee787; }
"""


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return SHOTS
    return tmp_path_factory.mktemp("route-shots")


def page_html(banner: str, body: str) -> str:
    return (f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>Mock-up"
            f"</title><style>{STYLE}</style></head><body><div class='banner'>{html.escape(banner)}"
            f"</div><main>{body}</main></body></html>")


def form_mock(answers: dict[str, str]) -> str:
    parts = [f"<h1>{html.escape(WAITS.name)}</h1>",
             f"<div class='intro'>{html.escape(WAITS.intro.split(chr(10))[0])}</div>"]
    shown = ("listing", "inpatient_detox-days", "inpatient_detox-stated",
             "residential_rehab-days", "residential_rehab-stated", "confirm")
    for question in WAITS.questions:
        if question.id not in shown:
            continue
        star = " <span class='required'>*</span>" if question.required else ""
        parts.append(f"<label>{html.escape(question.label)}{star}</label>")
        if question.description:
            parts.append(f"<p class='hint'>{html.escape(question.description)}</p>")
        value = html.escape(answers.get(question.id, ""))
        if question.kind == CHECKBOXES:
            parts += [f"<p><input type='checkbox' checked> {html.escape(o)}</p>"
                      for o in question.options]
        elif question.kind == TEXTAREA:
            parts.append(f"<textarea rows='3'>{value}</textarea>")
        elif question.kind == DROPDOWN:
            parts.append("<select>" + "".join(f"<option>{html.escape(o)}</option>"
                                              for o in question.options) + "</select>")
        else:
            placeholder = html.escape(question.placeholder)
            parts.append(f"<input type='text' value='{value}' placeholder='{placeholder}'>")
    parts.append("<button type='button'>Create</button>")
    return page_html(MOCK_BANNER, "\n".join(parts))


def shoot(page, markup: str, folder: Path, name: str) -> Path:
    page.set_content(markup)
    path = folder / f"{name}.png"
    wide, _ = png_size(page.screenshot(path=path, full_page=True, animations="disabled"))
    assert wide == 1000 and path.stat().st_size > 10_000, f"{name} looks blank"
    if folder == SHOTS:
        shrink(path)
    return path


def test_the_form_mock_up_shows_the_real_questions_and_says_it_is_a_mock_up(
        new_page, shots_dir):
    page = new_page(viewport={"width": 1000, "height": 700})
    markup = form_mock({"listing": "beacon-lodge-leeds", "inpatient_detox-days": "21",
                        "inpatient_detox-stated": "20/11/2026"})
    shoot(page, markup, shots_dir, "route-form-mockup")
    assert page.get_by_text(MOCK_BANNER).is_visible()
    for question in WAITS.questions[:3]:
        assert page.locator("label", has_text=question.label).first.is_visible()


def test_the_git_route_shows_the_validators_own_output(new_page, shots_dir, tmp_path):
    folder = tmp_path / "content" / "providers"
    folder.mkdir(parents=True)
    listing = folder / "beacon-lodge-leeds.yaml"
    shutil.copyfile(ROOT / "content" / "providers" / "beacon-lodge-leeds.yaml", listing)
    text = listing.read_text()
    assert "wait: {days: 10, stated: 2026-11-16}" in text
    listing.write_text(text.replace("wait: {days: 10, stated: 2026-11-16}",
                                    "wait: {days: 21, stated: 2026-12-20}"))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = validate([str(listing), "--root", str(ROOT), "--today", "2026-11-23"])
    assert code == 1
    said = (out.getvalue() + err.getvalue()).replace(str(tmp_path) + "/", "")
    assert "is in the future" in said
    commands = ("git switch -c wait-times-november\n"
                "$EDITOR content/providers/beacon-lodge-leeds.yaml\n"
                "python scripts/validate.py content/providers/beacon-lodge-leeds.yaml")
    lines = "".join(f"<span class='prompt'>$</span> {html.escape(c)}\n"
                    for c in commands.splitlines()[:-1])
    lines += (f"<span class='prompt'>$</span> {html.escape(commands.splitlines()[-1])}\n"
              f"{html.escape(said)}")
    page = new_page(viewport={"width": 1000, "height": 320})
    shoot(page, page_html("A terminal, drawn for this guide: the commands a provider types, "
                          "and the validator's real output when a date is wrong.",
                          f"<div class='terminal'>{lines}</div>"), shots_dir, "route-git")
    assert page.get_by_text("is in the future", exact=False).is_visible()
