"""Pelican settings for the Open Rehab Directory.

Only what a person of the project sets. Pelican is the engine's shell here: our plugin
(rehab_directory.site.plugin) writes every page from the checked listings and switches
Pelican's own blog pipeline off itself (ARCHITECTURE.md says why). Build with
``python -m rehab_directory.build --output DIR`` (it validates first and publishes atomically).
"""

SITENAME = "Open Rehab Directory"
SITEURL = ""  # root-relative links; build.py --site-url sets the public address
REPORT_EMAIL = "listings@open-rehab-directory.example.org.uk"
REPO_URL = ""  # e.g. the GitHub repository's address: "report a problem" then opens an issue
# The listing editor at /admin/ (docs/editor.md): it saves to the GitHub repository REPO_URL
# names, on CMS_BRANCH, and signs people in through the OAuth proxy at CMS_AUTH_URL.
CMS_EDITOR = True
CMS_BRANCH = "main"
CMS_AUTH_URL = ""

PATH = "content"
THEME = "theme"
PLUGINS = ["rehab_directory.site.plugin"]
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"

# Scripts every page loads, relative to /theme/ (None: each page loads those its template
# uses, PAGE_SCRIPTS in rehab_directory/site/pages.py, minified at build time).
SCRIPTS = None
