"""Replace a file in one step: a reader, or a crash, never sees half of it.

Every command that rewrites a file a person keeps (a listing, a photo, a report, derived
data) writes it through ``write_atomically``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes | str, mode: int | None = None) -> None:
    """Write ``data`` (text is written as UTF-8, newlines as given) to ``path`` through a
    temporary file beside it, renamed over it once complete and on disk. The file keeps its
    permissions (``mode``, or 0o644, for a new file)."""
    path = Path(path)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o644
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
