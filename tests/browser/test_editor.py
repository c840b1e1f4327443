"""The listing editor at /admin/, end to end: Decap CMS in Chromium, saving through its local
backend (decap-server, started here on 127.0.0.1 and stopped after) into a throw-away git
repository, as its editorial workflow saves each listing into a pull request's branch.

A provider creates a new listing through the form, changes a wait on an existing one and
adds a photo carrying a GPS position. Then: each branch holds exactly those edits (the
existing listing's diff is the changed lines and nothing else), the photo reached git without
its metadata, every file validates, and the review report lists exactly those fields.

The editor is written by the site build's own ``write_admin`` into a folder of its own (the
rest of the site is not needed), so Decap's 5 MB bundle is copied, not built.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image
from test_screenshots import SHOTS, png_size, shrink

from rehab_directory import review
from rehab_directory.site.admin import write_admin

# `make test` runs this module in a pytest process of its own, after the rest: in the shared
# two-worker run on a clean clone the editor's entry list never appeared (twice), while alone
# it passed (about 20 s). The cause is not pinned down: with two workers beside Lighthouse, in
# the whole browser folder and beside a Lighthouse run at a load of 15 it passed (editor loaded
# in 8-11 s), but alone at a load of 15-24 (other sessions) it failed twice in five runs, once
# clicking Beacon Lodge in the list after the first save (the element kept being replaced for
# 30 s), which points to a starved CPU rather than to anything the shared run sets up. Until
# tests/conftest.py's fix, xdist_group was ignored, so the earlier remedy (this module in
# Lighthouse's group) never took effect. If it fails before the list shows, the message says
# what the page showed, each call to decap-server and its answer, the console and its log.
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"
DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"
BEACON = "content/providers/beacon-lodge-leeds.yaml"
NEW = "content/providers/riverside-recovery-leeds.yaml"
ALT = "The garden behind the house, with benches under an apple tree."


def git(repo: Path, *args: str, binary: bool = False):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, env=env,
                         check=True).stdout
    return out if binary else out.decode().strip()


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory) -> Path:
    """docs/screenshots/ with UPDATE_SCREENSHOTS=1 (for CONTRIBUTING.md), else a temporary
    folder, as test_screenshots.py does."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return SHOTS
    return tmp_path_factory.mktemp("editor-shots")


def shoot(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    wide, high = png_size(page.screenshot(path=path, animations="disabled"))
    assert (wide, high) == (1280, 900) and path.stat().st_size > 10_000, f"{name} looks blank"
    if folder == SHOTS:
        shrink(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def editor(tmp_path_factory, serve):
    """(repository, editor URL): decap-server in git mode on a copy of the repository."""
    work = tmp_path_factory.mktemp("editor")
    repo = work / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copytree(ROOT / "standards", repo / "standards")
    (repo / ".github").mkdir()
    shutil.copyfile(ROOT / ".github" / "reviewers.yaml", repo / ".github" / "reviewers.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Editor test")
    git(repo, "config", "user.email", "editor@example.org.uk")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    port = free_port()
    log = (work / "decap-server.log").open("w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PORT=str(port), BIND_HOST="127.0.0.1", MODE="git", GIT_REPO_DIRECTORY=str(repo),
               LOG_LEVEL="warn", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    server = subprocess.Popen([str(DECAP_SERVER)], cwd=repo, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (work / "decap-server.log").read_text()
                assert time.monotonic() < deadline, "decap-server did not start in 30 s"
                time.sleep(0.2)
        site = work / "site"
        write_admin(site, ROOT, ROOT / "theme", {
            "SITENAME": "Open Rehab Directory",
            "CMS_LOCAL_BACKEND": {"url": f"http://127.0.0.1:{port}/api/v1",
                                  "allowed_hosts": ["127.0.0.1"]}})
        yield repo, serve(site) + "/admin/", work / "decap-server.log"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# ---------------------------------------------------------------------------- the form


class Form:
    """Decap's form, found by its labels as a person finds it. ``within``: a group that
    ``expand`` opened (several groups have a field labelled "Reviewed" or "Stated")."""

    def __init__(self, page):
        self.page = page

    def label(self, text: str, within=None):
        for label in (within or self.page).locator(f"label:text-is('{text}')").all():
            if label.is_visible():
                return label
        raise AssertionError(f"no visible field labelled {text!r}")

    def control(self, text: str, within=None):
        return self.page.locator("#" + self.label(text, within).get_attribute("for"))

    def fill(self, text: str, value: str, within=None) -> None:
        self.control(text, within).fill(value)

    def choose(self, text: str, *options: str, within=None) -> None:
        box = self.control(text, within)
        for option in options:
            box.click()
            box.fill(option)
            self.page.get_by_role("option", name=option, exact=True).click()

    def expand(self, text: str, within=None):
        """Open the group labelled ``text`` (if it is closed); returns the group."""
        group = self.control(text, within)  # a group's label points at the group itself
        opener = group.locator("> div > div > button[aria-label='Expand']")
        if opener.count():
            opener.first.click()
        return group

    def yes_no(self, text: str, answer: str, within=None) -> None:
        self.control(text, within).get_by_label(answer, exact=True).check()

    def save(self) -> None:
        self.page.get_by_role("button", name="Save", exact=True).click()
        self.page.get_by_text("Changes saved", exact=False).first.wait_for(timeout=30_000)


def gps_photo(path: Path) -> Path:
    """A phone-sized JPEG with a GPS position and the camera owner's name in its EXIF."""
    img = Image.new("RGB", (3200, 2400), (70, 120, 90))
    for x in range(0, 3200, 50):
        img.paste((200, 190, 120), (x, 0, x + 12, 2400))
    exif = Image.Exif()
    exif[0x010F], exif[0x013B] = "FixtureCam", "Jo Bloggs"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (53.0, 49.0, 58.0), "W", (1.0, 29.0, 55.0)
    img.save(path, "JPEG", exif=exif, quality=90)
    return path


def new_listing(form: Form) -> None:
    form.fill("Slug", "riverside-recovery-leeds")
    form.fill("Name", "Riverside Recovery House")
    form.fill("Summary", "Day programme for adults by the river in Leeds.")
    form.fill("Description", "Riverside is a small day service.\n\nWe run a 12-week programme.")
    form.fill("Phone", "0113 496 0555")
    form.fill("Street", "2 Mill Lane")
    form.fill("Town", "Leeds")
    form.fill("Postcode", "LS6 2AB")
    form.fill("Latitude", "53.82")
    form.fill("Longitude", "-1.57")
    form.choose("Region", "Yorkshire and the Humber")
    form.choose("Referral routes", "Self-referral", "Through a GP")
    form.page.get_by_role("button", name="Add services").click()
    form.choose("Type", "Day programme")
    wait = form.expand("Wait")
    form.fill("Days", "7", within=wait)
    form.fill("Stated", "2026-11-20", within=wait)
    form.choose("Substances", "Alcohol", "Cannabis")
    form.choose("Mental health", "Mental health support")
    form.choose("Twelve step", "12-step informed")
    form.choose("Languages", "English (en)", "British Sign Language (bfi)")
    form.choose("Gender", "Mixed (all genders)")
    form.fill("Min age", "18")
    form.choose("Funding", "Self-funded")
    regulation = form.expand("Regulation")
    form.choose("Regulator", "Care Quality Commission (CQC)", within=regulation)
    form.fill("Provider ID", "1-912345678", within=regulation)
    form.fill("Location ID", "1-912345679", within=regulation)
    form.choose("Rating", "Good", within=regulation)
    form.fill("Rating date", "2025-06-10", within=regulation)
    policies = form.expand("Policies")
    form.yes_no("Strip search", "No", within=policies)
    for name in ("Dignity and respect", "Safeguarding", "Complaints", "Unplanned discharge"):
        policy = form.expand(name, within=policies)
        form.fill("Reviewed", "2026-03-02", within=policy)
        if name == "Dignity and respect":
            form.fill("Web address", "https://www.riverside.example.org.uk/dignity",
                      within=policy)
    pay = form.expand("Pay")
    form.fill("Lowest hourly rate", "13.60", within=pay)
    form.fill("Stated", "2026-05-01", within=pay)
    training = form.expand("Training")
    for course, day in (("Safeguarding", "2026-01-12"), ("Overdose response", "2026-02-09"),
                        ("Trauma informed", "2026-04-20")):
        form.fill(course, day, within=training)
    lived = form.expand("Lived experience")
    form.fill("Mechanism", "A monthly residents' forum and an exit survey.", within=lived)
    form.fill("Last round", "2026-10-05", within=lived)
    form.page.get_by_role("button", name="Add maintainers").click()
    form.fill("GitHub user name", "riverside-leeds")


class Trace:
    """What the editor's page did (failed requests, every call to decap-server, the console),
    to say why it did not load when it does not."""

    def __init__(self, page):
        self.page = page
        self.events: list[str] = []
        t0 = time.monotonic()
        stamp = lambda: f"{time.monotonic() - t0:6.1f}s"  # noqa: E731
        page.on("requestfailed", lambda r: self.events.append(
            f"{stamp()} FAILED {r.method} {r.url} {r.failure}"))
        page.on("response", lambda r: None if r.request.method == "GET" and r.ok else
                self.events.append(f"{stamp()} {r.status} {r.request.method} {r.url[:120]} "
                                   f"{(r.request.post_data or '')[:200]}"))
        page.on("console", lambda m: self.events.append(f"{stamp()} console.{m.type}: "
                                                        f"{m.text[:300]}"))

    def why(self, error, network, server_log: Path, started: float) -> str:
        try:
            text = self.page.inner_text("body", timeout=2_000)[:1500]
        except Exception as failed:  # noqa: BLE001 - a diagnosis must not hide the failure
            text = f"(no page text: {failed})"
        return "\n".join([
            f"the editor did not load in {time.monotonic() - started:.1f} s: {error}",
            f"page text: {text!r}", f"blocked: {network.blocked}",
            f"page errors: {network.page_errors}", "events:", *self.events[-80:],
            "decap-server's log:", server_log.read_text(errors="replace")[-3000:]])


def run_review(repo: Path, out: Path, branch: str, author: str) -> dict:
    code = review.main(["--repo", str(repo), "--base", "main", "--head", branch,
                        "--author", author, "--today", TODAY, "--output-dir", str(out)])
    data = json.loads((out / "report.json").read_text("utf-8"))
    data["exit"] = code
    return data


def test_a_provider_creates_a_listing_changes_a_wait_and_adds_a_photo(
        editor, new_page, network, tmp_path, shots_dir):
    repo, url, server_log = editor
    page = new_page(timezone_id="Europe/London")
    page.set_default_timeout(30_000)
    trace = Trace(page)
    started = time.monotonic()
    try:
        page.goto(url)
        page.get_by_role("button", name="Login").click(timeout=90_000)
        page.get_by_text("Beacon Lodge", exact=True).wait_for(timeout=30_000)
    except Exception as error:
        raise AssertionError(trace.why(error, network, server_log, started)) from error
    loaded = time.monotonic() - started
    shoot(page, shots_dir, "editor-listings")
    form = Form(page)

    # A new listing, through the whole form.
    page.goto(url + "#/collections/providers/new")
    page.locator("label:text-is('Slug')").first.wait_for()
    new_listing(form)
    form.save()

    # An existing listing: a new wait for detox, and a photo straight from a phone.
    page.get_by_text("Writing in Listings collection").click()
    page.get_by_text("Beacon Lodge", exact=True).click()
    page.get_by_text("inpatient_detox", exact=True).wait_for()
    detox = page.get_by_text("inpatient_detox", exact=True).locator("xpath=..")
    detox.locator("button").first.click()
    wait = form.expand("Wait", within=detox)
    form.fill("Days", "21", within=wait)
    form.fill("Stated", "2026-11-20", within=wait)
    form.label("Days", wait).scroll_into_view_if_needed()
    shoot(page, shots_dir, "editor-wait")
    page.get_by_role("button", name="Add photos").click()
    page.get_by_role("button", name="Choose an image").first.click()
    page.set_input_files("input[type=file]", gps_photo(tmp_path / "Garden Photo.JPG"))
    page.get_by_text("garden-photo.jpg", exact=True).wait_for()
    page.get_by_role("button", name="Choose selected").click()
    form.fill("Alt", ALT)
    form.save()
    print(f"\neditor loaded in {loaded:.1f} s; whole run {time.monotonic() - started:.1f} s")

    # Nothing left 127.0.0.1, and the editor's own policy let everything it needs run.
    assert not network.foreign(), network.foreign()
    assert not network.csp_violations, network.csp_violations
    assert not network.page_errors, network.page_errors

    # Each save is a branch, as it would be a pull request on GitHub.
    branches = set(git(repo, "branch", "--format=%(refname:short)").split())
    assert branches == {"main", "cms/providers/riverside-recovery-leeds",
                        "cms/providers/beacon-lodge-leeds"}

    # The existing listing: the changed lines and nothing else.
    diff = git(repo, "diff", "--unified=0", "main", "cms/providers/beacon-lodge-leeds", "--",
               BEACON)
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-photos: []", "+photos:", "+  - file: garden-photo.jpg",
                       f"+    alt: {ALT}",
                       "-    wait: {days: 10, stated: 2026-11-16}",
                       "+    wait: {days: 21, stated: 2026-11-20}"]

    # The photo: resized for the site, and without its GPS position or owner's name.
    photo = git(repo, "show", "cms/providers/beacon-lodge-leeds:content/providers/"
                      "beacon-lodge-leeds/garden-photo.jpg", binary=True)
    (tmp_path / "committed.jpg").write_bytes(photo)
    with Image.open(tmp_path / "committed.jpg") as img:
        assert img.format == "JPEG" and img.size == (2400, 1800)
        assert not img.getexif() and "exif" not in img.info and "xmp" not in img.info

    # The review report: exactly those edits, and the listing still meets every standard.
    beacon = run_review(repo, tmp_path / "beacon", "cms/providers/beacon-lodge-leeds",
                        "beacon-lodge-admissions")
    [entry] = beacon["listings"]
    assert entry["status"] == "changed"
    assert [(f["field"], f["before"], f["after"]) for f in entry["fields"]] == [
        ("photos[garden-photo.jpg].file", None, "garden-photo.jpg"),
        ("photos[garden-photo.jpg].alt", None, ALT),
        ("services[inpatient_detox].wait.days", 10, 21),
        ("services[inpatient_detox].wait.stated", "2026-11-16", "2026-11-20"),
    ]
    assert [(a["status"], a["path"]) for a in entry["assets"]] == [
        ("A", "content/providers/beacon-lodge-leeds/garden-photo.jpg")]
    assert entry["after"]["publishable"] and not entry["after"]["findings"]
    assert beacon["exit"] == 0 and not beacon["scope"]

    # The new listing: valid as saved; only a reviewer's verification is still to come.
    added = run_review(repo, tmp_path / "new", "cms/providers/riverside-recovery-leeds",
                       "riverside-leeds")
    [entry] = added["listings"]
    assert entry["status"] == "added" and entry["after"]["valid"]
    assert {f["rule"] for f in entry["after"]["findings"]} == {"TRA-002"}
    text = git(repo, "show", f"cms/providers/riverside-recovery-leeds:{NEW}")
    assert text.startswith("# yaml-language-server: $schema=../../schema/listing.schema.json\n"
                           "slug: riverside-recovery-leeds\n")
    assert 'phone: "0113 496 0555"\n' in text and "  street: 2 Mill Lane\n" in text
    assert "  strip_search: false\n" in text
