"""The listing editor at /admin/ (Decap CMS), written into the built site apart from it.

This is the Pelican adapter's second generator (``AdminGenerator``, after the directory's
own): it writes ``admin/`` from

* ``setup.js`` and ``admin.js`` from the theme's ``admin/`` folder (the editor's own rules);
* ``config.yml``, made by ``rehab_directory.site.cms`` from the listing model, with the repository
  and sign-in service from the settings (``Backend.from_settings``);
* Decap CMS's browser bundle and the ``yaml`` library's browser build, copied from
  ``node_modules`` (npm packages ``decap-cms`` and ``yaml``, pinned in package.json);
* ``index.html``, a small page that loads them under a Content-Security-Policy of its own.

Nothing on the public pages links to it or loads any of it; robots.txt disallows it, it is
not in the sitemap, and it says ``noindex``. ``CMS_EDITOR = False`` in the settings leaves it
out of the build.
"""

from __future__ import annotations

import base64
import hashlib
import html
import shutil
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from rehab_directory.site import extras
from rehab_directory.site.cms import Backend, cms_config, config_text

from .pages import QUICK_EXIT_URL
from .render import write_text

DECAP = Path("node_modules/decap-cms/dist")
YAML_BROWSER = Path("node_modules/yaml/browser/dist")


def admin_csp(backend: Backend) -> str:
    """What Decap CMS needs and no more: its own scripts (it compiles its configuration's
    schema with ``new Function``: 'unsafe-eval'), its injected styles, pictures as blobs,
    GitHub's API and avatars, and the sign-in service and local backend if configured."""
    connect = " ".join(["'self'", "blob:", *backend.connect_sources()])
    return ("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob: https://avatars.githubusercontent.com; "
            f"connect-src {connect}; font-src 'self' data:; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'none'")


def _sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Listing editor – {site}</title>
<link rel="stylesheet" href="admin.css">
{scripts}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="admin-shell">
<a id="quick-exit" class="quick-exit" href="{quick_exit}">Leave this site quickly</a>
<main id="main">
<h1>Listing editor</h1>
<p class="admin-loading">Loading the editor. It is a large program, so the first visit can
take a minute on a slow connection.</p>
<noscript><p>The editor needs JavaScript. You can also change your listing with a short form
or by pull request: see the guide for providers, CONTRIBUTING.md, in the repository.</p>
</noscript>
</main>
</div>
</body>
</html>
"""

STYLES = """/* The editor's loading page; Decap CMS styles itself. */
.admin-shell { font: 1.1rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;
  padding: 0 1rem; color: #1d1d1b; }
.admin-ready .admin-shell, .admin-ready .skip-link { display: none; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; }
.admin-choice { margin-right: 1.5rem; }
.admin-unsay { margin-left: 1rem; }
.quick-exit { float: right; background: #b10e1e; color: #fff; padding: 0.4rem 0.8rem;
  border-radius: 4px; font-weight: 700; }
"""


def write_admin(out: Path, root: Path, theme: Path, settings: dict[str, Any]) -> None:
    """Write ``out/admin/`` (raises FileNotFoundError, saying what to install, if the npm
    packages or the editor's scripts are missing)."""
    target = out / extras.ADMIN_PATH.strip("/")
    decap, yaml_lib, sources = root / DECAP, root / YAML_BROWSER, theme / "admin"
    for needed in (decap / "decap-cms.js", yaml_lib / "index.js"):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing: run 'npm ci' (make deps) to "
                                    "install the editor's packages")
    for name in ("setup.js", "admin.js"):
        if not (sources / name).is_file():
            raise FileNotFoundError(f"{sources / name} is missing from the theme")
    (target / "decap").mkdir(parents=True, exist_ok=True)
    for file in sorted(decap.iterdir()):
        name = file.name
        if name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm")) or \
                name == "decap-cms.js.LICENSE.txt":
            shutil.copyfile(file, target / "decap" / name)
    shutil.copytree(yaml_lib, target / "vendor" / "yaml", dirs_exist_ok=True)
    for name in ("setup.js", "admin.js"):
        shutil.copyfile(sources / name, target / name)
    backend = Backend.from_settings(settings)
    write_text(out, "admin/config.yml", config_text(cms_config(backend)))
    write_text(out, "admin/admin.css", STYLES)
    scripts = "\n".join(
        f'<script src="{src}" defer integrity="{_sri((target / src).read_bytes())}"></script>'
        for src in ("setup.js", "decap/decap-cms.js", "admin.js"))
    page = PAGE.format(csp=html.escape(admin_csp(backend), quote=False).replace('"', "&quot;"),
                       scripts=scripts,
                       site=html.escape(settings.get("SITENAME", "")),
                       quick_exit=QUICK_EXIT_URL)
    write_text(out, "admin/index.html", page)
    extras.add_headers(out, extras.ADMIN_PATH + "*", [
        "! Content-Security-Policy",
        f"Content-Security-Policy: {admin_csp(backend)}; frame-ancestors 'none'",
        "X-Robots-Tag: noindex, nofollow"])


class AdminGenerator(Generator):
    """Writes the editor after the directory's pages (which write _headers first)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:  # noqa: ARG002 - Pelican's writer is unused
        if self.settings.get("CMS_EDITOR", True) is False:
            return
        root = Path(self.settings.get("DIRECTORY_ROOT") or Path(self.path).parent)
        write_admin(Path(self.output_path), root, Path(self.theme), self.settings)
