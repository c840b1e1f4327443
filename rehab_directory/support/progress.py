"""A progress bar for long work, shown only to a person at a terminal.

Quiet when standard error is not a terminal (pipes, files) and in CI (``CI`` set), so logs
stay plain; rich leaves out colour where ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


def wanted(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


@contextmanager
def progress(description: str, total: int, stream: TextIO | None = None
             ) -> Iterator[Callable[[int], None]]:
    """``with progress("Checking listings", n) as advance: ... advance(k)``; a no-op
    ``advance`` where no bar is wanted."""
    if not wanted(stream) or total <= 0:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(file=stream or sys.stderr)
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
