"""Developer tools, not part of the published package: run them from the repository root.

- ``listing_generator``: realistic, valid, fictional listings in bulk, for the benchmark and
  for tests at scale (``python -m tools.listing_generator FOLDER N``);
- ``bench``: the benchmark (``make bench``, or ``python -m tools.bench``); what it measures
  and why is in benchmarks/README.md.
"""
