"""The build's pass splits the listings into slices for its workers."""

from __future__ import annotations

import pytest

from rehab_directory.site.pieces import SLICE_MAX, SLICE_MIN, slice_bounds


@pytest.mark.parametrize("count", [0, 1, 39, 400, 1000, 10_000, 15_001])
@pytest.mark.parametrize("workers", [2, 4])
def test_slices_cover_every_listing_once_and_shrink_towards_the_end(count, workers):
    bounds = slice_bounds(count, workers)
    # Consecutive, in order, every listing once (the export parts join in slug order).
    assert [i for start, stop in bounds for i in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in bounds]
    assert all(0 < size <= SLICE_MAX for size in sizes)
    assert all(size >= SLICE_MIN for size in sizes[:-1])  # only the last may be a remainder
    assert sizes == sorted(sizes, reverse=True)
    if count >= 10_000:
        # Big slices first (few part files), then smaller ones, so workers end together.
        assert sizes[0] == SLICE_MAX and sizes[-2] <= 2 * SLICE_MIN
