"""Realistic, valid, fictional listings in bulk, for the benchmark and for tests at scale.

    python -m tools.listing_generator FOLDER N [--seed S] [--today YYYY-MM-DD]

``write_listings(folder, n)`` writes ``n`` listings ``<slug>.yaml`` into ``folder``. The same
seed and date give the same files, byte for byte. Every listing passes the validator and
every required standard on ``today``: all evidence is present and recent.

Everything is invented: provider names are made from word lists, phone numbers come from
Ofcom's drama ranges, web and email domains end in .example.org.uk, CQC-style IDs start
"1-9". The towns are real English, Welsh, Scottish and Northern Irish towns with plausible
coordinates and postcode districts, so maps, regions and postcode search behave as they would
with real data. No images are generated (listings without photos are valid).

The modules: ``towns`` (where), ``words`` (names and sentences), ``description``,
``services``, ``listing`` (one listing; its choices are the model's vocabularies), ``writing``
(a folder of them) and ``command``.
"""

from .listing import generate_listing
from .writing import write_listings

__all__ = ["generate_listing", "write_listings"]
