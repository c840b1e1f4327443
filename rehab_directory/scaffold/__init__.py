"""Start a new listing: ask for the essentials, write every field, validate it.

    python scripts/new_listing.py                 # asks in the terminal
    python scripts/new_listing.py --name "Harbour House" --town Hull ... --yes   # for scripts

Each answer is checked as it is given, with the listing format's own rules (the same types the
validator uses), so a mistake is caught at the question, not later. Answers are taken as
people give them: part of a region's name ("yorkshire"), a position pasted from a map as one
pair ("53.74, -0.33"), y/n/yes/no in any case, a web address without https://, a weekly cost
as "950-1200".

Nothing is claimed for the provider. Every question about what the service offers or whom it
takes (mental health support, gender, pregnancy, wheelchair access...) needs an answer; there
is no default to take with Enter. With ``--yes`` (nothing asked), a claim not given as an
option is written as ``TODO``, which the validator refuses with a plain message until the
provider answers it. Beds, waits and costs are asked for each service; Enter leaves them as
commented lines to fill in later.

A new listing is unverified: the scaffold never writes ``last_verified`` or ``verified_by``
(a framework reviewer records a verification, see REVIEWING.md). The file written to
``content/providers/<slug>.yaml`` has every field of the format; the framework's evidence
(regulation, policies, pay, training, feedback) is written as commented blocks that explain
what to write, and the validator then says which standards still need it.

The modules, by concern:

- ``answers``: each kind of answer, checked and taken as people give it;
- ``questions``: the questions, which apply given the answers so far, and the slug;
- ``asking``: asking in the terminal until an answer fits;
- ``writing`` and ``listing.yaml.j2``: the file, from a template whose words about the
  framework take their figures from ``standards/``;
- ``command``: the command line.
"""

from .answers import Invalid, pick, position, website, yes_no
from .questions import QUESTIONS, slugify
from .writing import render

__all__ = ["QUESTIONS", "Invalid", "build_parser", "main", "pick", "position", "render",
           "slugify", "website", "yes_no"]


def __getattr__(name: str):
    # The command line is imported when asked for, not with the package: ``python -m
    # rehab_directory.scaffold.command`` would otherwise find the module already imported.
    if name in ("main", "build_parser"):
        from . import command

        return getattr(command, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
