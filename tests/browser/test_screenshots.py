"""Screenshots of the main pages at phone (375) and desktop (1280) widths.

Normal runs take the screenshots into a temporary folder and check them, so the work tree is
never dirtied. Run with UPDATE_SCREENSHOTS=1 to write them to docs/screenshots/:

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from browser_harness import DESKTOP, PHONE, ROOT
from browser_pages import open_page, page_types

pytestmark = pytest.mark.browser

SHOTS = ROOT / "docs" / "screenshots"
# name -> (page type, full page?)
PAGES = {
    "home": ("home-search", True),
    "provider": ("provider-photos", True),
    "compare": ("compare-two", True),
    "help": ("help", True),
}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        return SHOTS
    return tmp_path_factory.mktemp("screenshots")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(new_page, site_url, site_dir, shots_dir, name, width):
    kind, full = PAGES[name]
    viewport = WIDTHS[width]
    page = new_page(viewport=viewport, is_mobile=width == "phone", has_touch=width == "phone",
                    device_scale_factor=1, reduced_motion="reduce")
    open_page(page, site_url, page_types(site_dir)[kind])
    if full:  # let lazy images load before the full-page shot
        for image in page.locator("img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        page.evaluate("window.scrollTo(0, 0)")
    path = shots_dir / f"{name}-{width}.png"
    data = page.screenshot(path=path, full_page=full, animations="disabled")
    wide, high = png_size(data)
    assert wide == viewport["width"], f"{path.name} is {wide} px wide: the page scrolls sideways?"
    assert high >= viewport["height"]
    assert path.stat().st_size > 5_000, f"{path.name} looks blank"
    if shots_dir == SHOTS:
        shrink(path)


def shrink(path: Path) -> None:
    """Re-save as a 128-colour PNG: flat UI colours survive, the repository stays small."""
    from PIL import Image

    with Image.open(path) as image:
        flat = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                                             dither=Image.Dither.NONE)
    flat.save(path, optimize=True)
