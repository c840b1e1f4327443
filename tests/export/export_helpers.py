"""Reference writers for the open-data tests: each whole file made in one go, in one process,
to hold against what the build streams a listing at a time (``open_data``), and the
JSON-LD element as the provider page's template writes it.

Only the tests use these; the build writes through ``open_data.ExportWriter``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rehab_directory.publish.open_data import (
    ExportWriter,
    OpenData,
    export_fragments,
    join_fragments,
)
from rehab_directory.publish.providers_csv import CSV_COLUMNS, csv_row, csv_text
from rehab_directory.publish.providers_json import (
    providers_head,
    providers_item,
    standards_summary,
)
from rehab_directory.site.render import json_script
from rehab_directory.validator.checked import Checked


def by_slug(checked: Iterable[Checked]) -> list[Checked]:
    """The listings that were read, in slug order (the order of every open-data file)."""
    return sorted((c for c in checked if c.listing is not None), key=lambda c: c.listing.slug)


def evaluated_standards(items: Iterable[Checked]) -> list[Any]:
    """The ``Standard`` objects the listings were evaluated against."""
    return list({r.standard.id: r.standard for c in items
                 for r in (c.evaluation.results if c.evaluation else ())}.values())


def providers_document(checked: list[Checked], site_url: str) -> dict:
    """providers.json as one document (the build writes the same bytes a listing at a time)."""
    items = by_slug(checked)
    document = providers_head(len(items), evaluated_standards(items))
    document["providers"] = [providers_item(c, site_url, standards_summary(c)) for c in items]
    return document


def providers_csv(checked: list[Checked], site_url: str) -> bytes:
    """providers.csv as one document."""
    rows = [csv_row(c, site_url) for c in by_slug(checked)]
    return csv_text([CSV_COLUMNS, *rows]).encode("utf-8")


def write_export_files(out: Path, count: int, standards: Iterable[Any],
                       parts: Iterable[OpenData]) -> None:
    """Write the open-data files from ``parts``, as the build does (see ``ExportWriter``)."""
    writer = ExportWriter(out)
    try:
        for part in parts:
            writer.add(part)
        writer.finish(count, standards)
    finally:
        writer.close()


def write_exports(checked: list[Checked], out: Path, site_url: str) -> None:
    """Write every open-data file under ``out/data/`` in one process, one part for all the
    listings."""
    items = by_slug(checked)
    write_export_files(out, len(items), evaluated_standards(items),
                       [join_fragments(export_fragments(c, site_url) for c in items)])


def jsonld_script(data: dict) -> str:
    """The ``<script type="application/ld+json">`` element as provider.html writes it."""
    return f'<script type="application/ld+json">{json_script(data)}</script>'
