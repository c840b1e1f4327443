"""The pass over the listings (site/pieces.py) on its own: it is given a function that renders
one checked listing and one that writes a cached one again, and needs nothing of the site
writer."""

from __future__ import annotations

import shutil

import pytest

from rehab_directory.site.pieces import ListingPass, Rendered
from rehab_directory.validator.engine import Validator


class Site:
    """A stand-in for the site: writes a one-line page per listing and counts its calls."""

    def __init__(self, out):
        self.out, self.rendered, self.restored = out, [], []

    def render(self, checked) -> Rendered:
        slug = checked.listing.slug
        self.rendered.append(slug)
        page = f"{checked.listing.name}\n".encode()
        folder = self.out / "providers" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_bytes(page)
        return Rendered(page, (), f"<li>{checked.listing.name}</li>")

    def restore(self, slug: str, rendered: Rendered) -> None:
        self.restored.append(slug)
        folder = self.out / "providers" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_bytes(rendered.page)


@pytest.fixture
def repo(tmp_path, new_root):
    root = new_root(tmp_path / "repo")
    providers = root / "content" / "providers"
    # A second copy of a listing under another file name: withheld (FILE-001, FILE-002).
    shutil.copy(providers / "tyne-view-gateshead.yaml", providers / "zz-copy.yaml")
    return root


def run(root, today, out, workers=1, cache=None):
    out.mkdir(parents=True)
    site = Site(out)
    validator = Validator(root, today)
    slices = []
    pieces = ListingPass(validator, out, render=site.render, restore=site.restore,
                         site_url="https://dir.example.org.uk", cache=cache, salt=b"test",
                         workers=workers).run(validator.listing_files(),
                                              lambda done, part: slices.append((done, part)))
    return site, pieces, slices


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pass_renders_each_publishable_listing_with_the_function_it_is_given(
        repo, today, tmp_path, workers):
    out = tmp_path / "site"
    site, pieces, slices = run(repo, today, out, workers)
    assert [p.display.rsplit("/", 1)[-1] for p in pieces] == [
        "calm-harbour-hull.yaml", "tyne-view-gateshead.yaml", "zz-copy.yaml"]
    published = [p.slug for p in pieces if p.withheld is None]
    assert published == ["calm-harbour-hull", "tyne-view-gateshead"]
    assert pieces[2].withheld is not None
    assert {f.rule for f in pieces[2].findings} >= {"FILE-001", "FILE-002"}
    # The render function's card is the listing's card on the browse pages.
    assert pieces[0].facts.card == f"<li>{pieces[0].facts.name}</li>"
    # Each page was written by the function given, in this process or in a worker.
    for slug in published:
        assert (out / "providers" / slug / "index.html").read_bytes().strip()
    if workers == 1:
        assert site.rendered == published
    # Every slice came back with its open data; nothing of the workers' part files is left.
    assert [p for done, _part in slices for p in done] == pieces
    assert "https://dir.example.org.uk/providers/calm-harbour-hull/" in "".join(
        part.providers_json for _done, part in slices)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".parts-")] == []


def test_a_second_pass_restores_cached_listings_instead_of_rendering_them(repo, today,
                                                                           tmp_path):
    cache = tmp_path / "cache" / "pieces.sqlite"
    first, pieces, _slices = run(repo, today, tmp_path / "first", cache=cache)
    second, again, _slices = run(repo, today, tmp_path / "second", cache=cache)
    published = [p.slug for p in pieces if p.withheld is None]
    assert first.rendered == published and first.restored == []
    assert second.rendered == [] and second.restored == published
    assert [p.facts for p in again] == [p.facts for p in pieces]
    for slug in published:
        assert ((tmp_path / "second" / "providers" / slug / "index.html").read_bytes()
                == (tmp_path / "first" / "providers" / slug / "index.html").read_bytes())
