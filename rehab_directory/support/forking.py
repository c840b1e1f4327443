"""Work spread over forked worker processes, the one way the package uses more than one core.

Workers are forked, so they inherit the caller's state (a validator, a site writer with its
Jinja environment) instead of having it pickled to them; only each task's argument and
result cross between processes. The state and the function go to the workers as the pool's
``initializer``/``initargs`` (with "fork", inherited, not pickled, and given again to any
worker the pool replaces): each worker keeps them in ``_WORKER`` as it starts. The parent
never sets ``_WORKER``, so two pools at once cannot see each other's state. Forking needs a
POSIX system: ``can_fork()`` says whether it is available, and callers fall back to working
in one process.

The garbage collector is kept off what does not need it: objects that exist before the
fork are frozen (so the workers' collections never walk, and copy, the parent's pages), and
results the parent gathers are frozen as they accumulate (they live until the end, so
walking them again at every full collection is wasted: ~15% of checking 10,000 listings).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

FREEZE_EVERY = 1000  # results
# Listings from which work is spread over workers; below this, forking costs more than it
# saves. The validator (checking) and the build (checking and rendering) both use it.
PARALLEL_FROM = 400

# In a worker process only: its pool's (state, func), set once by ``_adopt`` as it starts.
_WORKER: tuple[Any, Callable] | None = None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


def workers_for(count: int, parallel_from: int = PARALLEL_FROM) -> int:
    """How many processes should share the work on ``count`` items: one below
    ``parallel_from`` (or where forking is not available), else ``default_workers()``."""
    return default_workers() if count >= parallel_from and can_fork() else 1


def _adopt(state: Any, func: Callable) -> None:
    """A worker's ``initializer``: keep its pool's state and function for ``_call``."""
    global _WORKER  # this worker process's own; the parent's stays None
    _WORKER = (state, func)


def _call(item: Any) -> Any:
    state, func = _WORKER
    return func(state, item)


@contextmanager
def _forked(state: Any, func: Callable, workers: int):
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_adopt,
                                                      initargs=(state, func)) as pool:
            yield pool
    finally:
        gc.unfreeze()


def forked_map(state: T, func: Callable[[T, Any], R], items: Iterable[Any], workers: int,
               chunksize: int = 1) -> Iterator[R]:
    """``func(state, item)`` for each item, in order, computed by ``workers`` forked
    processes that inherit ``state``."""
    with _forked(state, func, workers) as pool:
        for count, result in enumerate(pool.imap(_call, items, chunksize), 1):
            yield result
            if count % FREEZE_EVERY == 0:
                gc.freeze()


@contextmanager
def forked_tasks(state: T, func: Callable[[T, Any], R], items: list[Any]):
    """Start ``func(state, item)`` for each item, each in a forked process of its own; yields
    their ``AsyncResult``s so the caller can work meanwhile and ``.get()`` them (which
    raises what a task raised)."""
    with _forked(state, func, len(items)) as pool:
        yield [pool.apply_async(_call, (item,)) for item in items]
