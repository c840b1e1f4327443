"""Generated listings written to a folder, one ``<slug>.yaml`` each."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from rehab_directory.support.clock import uk_today

from .listing import generate_listing


def write_listings(folder: Path, n: int, seed: int = 1, today: date | None = None
                   ) -> list[Path]:
    """Write ``n`` listings into ``folder`` (created if needed); return their paths. The same
    seed and day give the same files, byte for byte."""
    today = today or uk_today()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        text = generate_listing(i, rng, today)
        slug = text.split("\nslug: ", 1)[1].split("\n", 1)[0]
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
