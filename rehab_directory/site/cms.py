"""The browser editor's configuration (Decap CMS), generated from the listing model.

Every field of a listing becomes a field of the editor's form, read from the model
(``modelinfo``): its label (the field's title, or its name in words), its help text (the
field's description), the widget that fits its kind, its choices (the vocabulary's codes
with their labels), its limits, and whether it is required. Nothing here restates the model,
so ``theme/admin/config.yml`` (committed, kept current by ``python -m rehab_directory.generated``
and a test) changes whenever the model does, and a reviewer sees the editor change with it.

Decap cannot say "required if this optional group is used" (an organisation needs a name only
if there is an organisation), so fields like that are optional in the form and marked
``group_required``; the editor's own script (``theme/admin/admin.js``) refuses to save a group that
is started but not finished. Fields only a framework reviewer sets
(``publication.VERIFICATION_FIELDS``) are hidden: they keep their values but cannot be edited
here.

The site build writes ``/admin/config.yml`` from the same function, with the repository, the
sign-in service and the local backend taken from the site's settings (``Backend``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pycountry
import yaml

from rehab_directory.core import fields
from rehab_directory.core.fields import GITHUB_HANDLE_RE, POSTCODE_RE, SLUG_RE
from rehab_directory.core.model import Listing
from rehab_directory.core.modelinfo import (
    BOOL,
    CHOICE,
    CHOICES,
    DATE,
    FLOAT,
    GROUP,
    GROUPS,
    INT,
    LONG_TEXT,
    MONEY,
    TEXT,
    TEXTS,
    FieldSpec,
    fields_of,
)
from rehab_directory.framework.publication import VERIFICATION_FIELDS
from rehab_directory.validator.files import MAX_IMAGE_SIDE

COLLECTION = "providers"
FOLDER = "content/providers"
FORMAT = "listing-yaml"  # registered by theme/admin/admin.js: edits the file in place
PHOTO_WIDTH = 2400  # pixels: photos are resized to this width before they are committed
PHOTO_QUALITY = 85
_EXAMPLE = re.compile(r"\s*Example: .*$")
_WORDS = {"url": "web address", "id": "ID", "cqc": "CQC"}


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and saves listings, and how people sign in."""

    repo: str = "OWNER/REPOSITORY"  # owner/name on GitHub
    branch: str = "main"
    auth_url: str = ""  # the OAuth proxy's address (empty: Netlify's, which we do not use)
    site_url: str = ""
    local_backend: bool | dict[str, Any] = True  # decap-server on this machine
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Backend:
        """From pelicanconf.py: REPO_URL (https://github.com/owner/name), CMS_BRANCH,
        CMS_AUTH_URL, SITEURL and CMS_LOCAL_BACKEND."""
        repo = cls.repo
        parts = urlsplit(settings.get("REPO_URL") or "")
        path = parts.path.strip("/").removesuffix(".git")
        if parts.hostname == "github.com" and path.count("/") == 1:
            repo = path
        return cls(repo=repo, branch=settings.get("CMS_BRANCH") or "main",
                   auth_url=(settings.get("CMS_AUTH_URL") or "").rstrip("/"),
                   site_url=(settings.get("SITEURL") or "").rstrip("/"),
                   local_backend=settings.get("CMS_LOCAL_BACKEND", True))

    def connect_sources(self) -> list[str]:
        """The origins the editor talks to, for its Content-Security-Policy."""
        sources = ["https://api.github.com"]
        if self.auth_url:
            sources.append(_origin(self.auth_url))
        if self.local_backend:
            url = (self.local_backend.get("url") if isinstance(self.local_backend, dict)
                   else None) or "http://localhost:8081/api/v1"
            sources.append(_origin(url))
        return sources


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def label(spec: FieldSpec) -> str:
    if spec.title and spec.title != spec.name.replace("_", " ").capitalize():
        return spec.title
    words = [_WORDS.get(w, w) for w in spec.name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _hint(spec: FieldSpec, shows_choices: bool) -> str:
    text = spec.help
    if shows_choices:
        text = _EXAMPLE.sub("", text)
    return text.replace("``", "")


def _options(vocab) -> list[dict[str, str]]:
    return [{"label": member.label, "value": member.value} for member in vocab]


def language_options() -> list[dict[str, str]]:
    """Every ISO 639-1 language, and every sign language (British Sign Language is 'bfi')."""
    found = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None and "Sign Language" in language.name:
            code = language.alpha_3
        if code is not None:
            found[code] = f"{language.name} ({code})"
    return [{"label": name, "value": code}
            for code, name in sorted(found.items(), key=lambda item: item[1])]


# The model's checks that have a pattern a browser can test as the person types.
_PATTERNS = {
    fields._check_slug: (SLUG_RE.pattern, "lower-case letters, digits and single hyphens, "
                                          "e.g. harbour-house-hull"),
    fields._check_handle: (GITHUB_HANDLE_RE.pattern, "a GitHub user name, without @"),
    fields._check_postcode: ("^" + POSTCODE_RE.pattern.strip("^$").replace("[A-Z]", "[A-Za-z]")
                             + "$", "a UK postcode, e.g. HU1 2AB"),
    fields._check_image_name: (fields.IMAGE_NAME_RE.pattern, "a .jpg, .png or .webp file"),
}


def _pattern(spec: FieldSpec) -> list[str] | None:
    for check in spec.checks:
        if check in _PATTERNS:
            regex, words = _PATTERNS[check]
            return [regex, f"Write {words}."]
    if spec.pattern:
        return [spec.pattern, "Check the form of this value (see the help text)."]
    return None


def _field(spec: FieldSpec, optional_parent: bool) -> dict[str, Any]:
    # The widget shows the choices, or the group its fields: a YAML example would confuse.
    shows_choices = spec.kind in (CHOICE, CHOICES, BOOL, DATE, GROUP, GROUPS)
    out: dict[str, Any] = {"name": spec.name, "label": label(spec)}
    hint = _hint(spec, shows_choices)
    required = spec.required and not optional_parent
    if spec.name in VERIFICATION_FIELDS and len(spec.path) == 1:
        return {**out, "widget": "hidden", "required": False}
    kind = spec.kind
    if kind == TEXT and fields._check_image_name in spec.checks:
        out.update(widget="image", choose_url=False, allow_multiple=False)
    elif kind == TEXT:
        out["widget"] = "string"
        if pattern := _pattern(spec):
            out["pattern"] = pattern
    elif kind == LONG_TEXT:
        out["widget"] = "text"
    elif kind in (INT, FLOAT, MONEY):
        out.update(widget="number", value_type="int" if kind == INT else "float")
        if kind == MONEY:
            out["step"] = 0.01
        elif kind == FLOAT:
            out["step"] = 0.0001
        if spec.minimum is not None:
            out["min"] = spec.minimum
        if spec.maximum is not None:
            out["max"] = spec.maximum
    elif kind == DATE:
        # A date picker, stored as YYYY-MM-DD; no default, so no date is filled in for you.
        out.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                   time_format=False)
    elif kind == BOOL:
        # A switch shows "off" until touched. A yes/no the model requires starts as no (as
        # the scaffold does); one it leaves unsaid (strip_search) is written only if touched.
        if isinstance(spec.default, bool) or spec.required:
            out.update(widget="boolean", default=spec.default if isinstance(spec.default, bool)
                       else False)
        else:  # a yes/no that may be left unsaid: admin.js's two choices, no default
            out["widget"] = "yesno"
        required = False  # "required" would refuse a switch left at no
    elif kind in (CHOICE, CHOICES):
        out.update(widget="select", options=_options(spec.vocab))
        if kind == CHOICES:
            out["multiple"] = True
            if spec.min_length:
                out["min"] = spec.min_length
    elif kind == TEXTS and fields._check_language in spec.checks:
        out.update(widget="select", multiple=True, options=language_options())
        if spec.min_length:
            out["min"] = spec.min_length
    elif kind == TEXTS:
        item = {"name": "item", "widget": "string",
                "label": "GitHub user name" if fields._check_handle in spec.checks
                else label(spec)}
        if pattern := _pattern(spec):
            item["pattern"] = pattern
        out.update(widget="list", field=item)
        if spec.min_length:
            out["min"] = spec.min_length
        if spec.max_length:
            out["max"] = spec.max_length
    elif kind in (GROUP, GROUPS):
        inner_optional = optional_parent or not spec.required
        if kind == GROUPS:
            inner_optional = optional_parent  # each item of a list is a whole group
        out["fields"] = [_field(sub, inner_optional) for sub in spec.fields]
        if kind == GROUP:
            out.update(widget="object", collapsed=not spec.required)
        else:
            out.update(widget="list", collapsed=True,
                       summary="{{fields." + spec.fields[0].name + "}}")
            if spec.min_length:
                out["min"] = spec.min_length
            if spec.max_length:
                out["max"] = spec.max_length
    else:  # pragma: no cover - modelinfo knows no other kind
        raise TypeError(f"no widget for {kind}")
    if spec.required and optional_parent and kind != BOOL:
        out["group_required"] = True
        hint = (hint + " " if hint else "") + "Needed if you fill in this group."
    if hint:
        out["hint"] = hint
    out["required"] = required
    return out


def cms_fields() -> list[dict[str, Any]]:
    return [_field(spec, False) for spec in fields_of(Listing)]


def _photo_fields(fields: list[dict[str, Any]]) -> None:
    """Photos are resized (logos are not: they are small and must stay sharp)."""
    for item in fields:
        if item["name"] == "photos":
            for sub in item["fields"]:
                if sub.get("widget") == "image":
                    sub["media_processing"] = {
                        "enabled": True, "strip_metadata": True, "quality": PHOTO_QUALITY,
                        "width": min(PHOTO_WIDTH, MAX_IMAGE_SIDE)}


def cms_config(backend: Backend = Backend()) -> dict[str, Any]:
    """The whole Decap CMS configuration."""
    fields = cms_fields()
    _photo_fields(fields)
    github: dict[str, Any] = {"name": "github", "repo": backend.repo, "branch": backend.branch,
                              "open_authoring": True, "always_fork": True,
                              "auth_scope": "public_repo",  # no more than a public repo needs
                              "squash_merges": True, "cms_label_prefix": "editor/",
                              "commit_messages": {
                                  "create": "{{slug}}: new listing (editor)",
                                  "update": "{{slug}}: changed in the editor",
                                  "delete": "{{slug}}: removed in the editor",
                                  "uploadMedia": "{{path}}: photo added in the editor",
                                  "deleteMedia": "{{path}}: photo removed in the editor",
                                  "openAuthoring": "{{message}}"}}
    if backend.auth_url:
        github["base_url"] = backend.auth_url
    github.update(backend.extra)
    config: dict[str, Any] = {
        "backend": github,
        "publish_mode": "editorial_workflow",
        "local_backend": backend.local_backend,
        "locale": "en",
        "media_folder": FOLDER,
        "public_folder": "",
        # Photos lose their metadata (GPS position, camera owner...) in the browser, before
        # they are committed: Decap re-encodes them through a canvas.
        "media_processing": {"enabled": True, "strip_metadata": True,
                             "quality": PHOTO_QUALITY},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": COLLECTION,
            "label": "Listings",
            "label_singular": "Listing",
            "description": "One detox or rehab service per listing. Each save becomes a pull "
                           "request that a framework reviewer checks before it is published.",
            "folder": FOLDER,
            "extension": "yaml",
            "format": FORMAT,
            "create": True,
            "delete": False,
            "identifier_field": "name",
            "slug": "{{fields.slug}}",
            "summary": "{{name}}",
            "media_folder": "{{filename}}",  # the listing's own folder, beside its file
            "public_folder": "",
            "editor": {"preview": False},
            "fields": fields,
        }],
    }
    if backend.site_url:
        config["site_url"] = config["display_url"] = backend.site_url
    return config


HEADER = ("# The browser editor's configuration (Decap CMS), generated from the listing model\n"
          "# by `python -m rehab_directory.generated`; do not edit by hand. The site build\n"
          "# writes /admin/config.yml the same way, with backend.repo, base_url and\n"
          "# local_backend from pelicanconf.py (REPO_URL, CMS_AUTH_URL, CMS_LOCAL_BACKEND).\n")


def config_text(config: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def outputs(root) -> dict:
    """The committed copy, with the default backend: ``theme/admin/config.yml``."""
    return {root / "theme" / "admin" / "config.yml": config_text(cms_config())}
