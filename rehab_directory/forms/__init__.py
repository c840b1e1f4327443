"""Quick updates by form: GitHub issue forms that become pull requests.

Providers change their waits, contact details, beds and admissions by filling in an issue
form on GitHub; the ``Listing update from a form`` workflow runs ``python -m
rehab_directory.forms`` on the submitted issue, which edits only those fields of the listing
(comments and layout kept) and checks the result with the validator, and the workflow opens a
pull request that closes the issue when merged.

* ``definitions``: the forms' questions (also written out as ``.github/ISSUE_TEMPLATE/``);
* ``body``: reading a submitted form back from the issue's Markdown;
* ``edit``: editing a listing's YAML in place (ruamel.yaml's round trip);
* ``apply``: from a form to a checked edit of one listing;
* ``command``: the command line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .definitions import FORMS

TEMPLATES = Path(".github") / "ISSUE_TEMPLATE"
_HEADER = ("# Generated from rehab_directory/forms/definitions.py by\n"
           "# `python -m rehab_directory.generated`; do not edit by hand. The workflow finds\n"
           "# each answer in a submitted issue by its question's label, so labels change\n"
           "# there, together with the code that reads them.\n")


class _Dumper(yaml.SafeDumper):
    """Paragraphs as literal blocks, as a person would write the form."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def issue_templates(root: Path) -> dict[Path, str]:
    """Every form as a GitHub issue form, by the path it is committed at."""
    return {root / TEMPLATES / f"{form.kind}.yml":
            _HEADER + yaml.dump(form.template(), Dumper=_Dumper, sort_keys=False,
                                allow_unicode=True, width=100)
            for form in FORMS}
