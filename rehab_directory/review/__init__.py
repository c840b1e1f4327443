"""The review report: what a pull request changes in the directory, judged by what it changes.

    python scripts/review.py --base REF [--head REF] --author HANDLE [--output-dir DIR]
    python scripts/review.py --all [--output-dir DIR] [--today YYYY-MM-DD]

The modules, by concern:

- ``gitread``: read-only git (trees, diffs, blobs; never a checkout, never a shell);
- ``workspace``: one revision's version of a listing, checked by the project's validator;
- ``fielddiff``: field-by-field differences;
- ``judge``: whether a change makes a listing worse, its standing after, what would bring
  it back, and the standards table (one missing field that fails many standards first);
- ``warnings``, ``duplicates``, ``scope``: what a person should weigh, copies of other
  listings, and what the author may change (the reviewer role from ``rehab_directory.
  reviewers``);
- ``frameworkdiff``: changes to ``standards/`` and the reviewers list, value by value;
- ``compare``: the review itself; ``report``: what it holds and its rule IDs;
- ``render`` and ``markup``: Markdown and JSON, with listing text made inert;
- ``attention`` (``--all``) and ``issues`` (one issue per listing, for the weekly workflow);
- ``command``: the command line.
"""

from .compare import review
from .fielddiff import field_diff, flatten
from .gitread import ReviewError
from .markup import md
from .report import CHECKLIST, ERROR_RULES, SCOPE_RULES, WEIGH_RULES, Report

__all__ = ["CHECKLIST", "ERROR_RULES", "SCOPE_RULES", "WEIGH_RULES", "Report", "ReviewError",
           "field_diff", "flatten", "main", "md", "review"]


def __getattr__(name: str):
    # ``main`` is imported when asked for, not with the package: ``python -m
    # rehab_directory.review.command`` would otherwise find the module already imported.
    if name == "main":
        from .command import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
