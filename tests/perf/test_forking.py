"""support.forking: workers get the caller's state through the pool, not a module global."""

from __future__ import annotations

import pytest

from rehab_directory.support import forking

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="needs fork")


def scaled(state: dict, item: int) -> tuple[str, int]:
    return state["name"], item * state["factor"]


def held_by_the_module(state: object) -> list[str]:
    """The names in support.forking (in this, the parent, process) that hold ``state``."""
    return [name for name, value in vars(forking).items()
            if value is state or (isinstance(value, tuple) and any(v is state for v in value))]


def test_workers_get_the_state_and_the_parent_module_holds_none_of_it():
    first, second = {"name": "first", "factor": 2}, {"name": "second", "factor": 10}
    with forking.forked_tasks(first, scaled, [1, 2, 3]) as one:
        assert held_by_the_module(first) == []
        with forking.forked_tasks(second, scaled, [4]) as two:  # two pools at once
            assert held_by_the_module(second) == []
            assert [r.get(timeout=30) for r in two] == [("second", 40)]
        assert [r.get(timeout=30) for r in one] == [("first", 2), ("first", 4), ("first", 6)]
    assert list(forking.forked_map(first, scaled, range(5), workers=2)) == [
        ("first", 0), ("first", 2), ("first", 4), ("first", 6), ("first", 8)]
    assert held_by_the_module(first) == []
