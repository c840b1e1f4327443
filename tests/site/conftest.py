"""The site build's fixtures: a small fixture site, built once per session.

``tests/site/fixtures/`` holds two fictional listings and the framework's data (with one
approved exception). ``site_root`` copies it into a temporary repository beside the real
theme, pelicanconf.py and node_modules, and adds a photo carrying camera EXIF metadata;
``site`` builds it once with ``build()`` as on the tests' ``today``.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from rehab_directory.build import build

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parent.parent


def make_photo(path: Path, size=(1600, 1200)) -> None:
    """A JPEG with camera EXIF, as a camera would save it (a GPS position would be refused
    by the validator, FILE-007: see tests/validator/test_photos.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, (70, 120, 90))
    for x in range(0, size[0], 40):  # some detail, so resizing has work to do
        img.paste((200, 190, 120), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "FixtureCam"  # Make
    exif[0x0110] = "Model 1"  # Model
    exif[0x0132] = "2026:11:01 10:00:00"  # DateTime
    img.save(path, "JPEG", exif=exif, quality=90)


def make_root(target: Path) -> Path:
    """A repository to build: the fixture listings with the real theme and settings."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "content", target / "content")
    shutil.copytree(FIXTURES / "standards", target / "standards")
    shutil.copytree(REPO / "content" / "pages", target / "content" / "pages")
    shutil.copytree(REPO / "content" / "guides", target / "content" / "guides")
    shutil.copyfile(REPO / "content" / "glossary.yaml", target / "content" / "glossary.yaml")
    for name in ("theme", "pelicanconf.py", "node_modules"):
        (target / name).symlink_to(REPO / name)
    make_photo(target / "content" / "providers" / "calm-harbour-hull" / "garden.jpg")
    return target


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> Path:
    return make_root(tmp_path_factory.mktemp("site-repo") / "repo")


@pytest.fixture(scope="session")
def site(site_root: Path, tmp_path_factory, today: date) -> Path:
    out = tmp_path_factory.mktemp("site-out") / "public"
    assert build(out, site_root, today) == 0
    return out


@pytest.fixture(scope="session")
def html_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="session")
def new_root():
    """A factory: ``new_root(folder)`` makes a fresh repository to build (see make_root)."""
    return make_root


@pytest.fixture(scope="session")
def snapshot():
    """``snapshot(folder)``: every file under it with its bytes, to compare two trees."""
    return tree
