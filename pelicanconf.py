"""Pelican settings for the Open Rehab Directory.

Pelican is a thin layer here: its article and page pipeline is switched off, and our plugin
(rehab_directory.site) writes every page from the validated listings. Build with
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
PLUGINS = ["rehab_directory.site"]
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"

# Our generator copies theme/static itself (to hash scripts for SRI from the files written).
THEME_STATIC_PATHS = []
# Scripts every page loads, relative to /theme/ (None: each page loads those its template
# uses, PAGE_SCRIPTS in rehab_directory/site/pages.py, minified at build time).
SCRIPTS = None

# Nothing for Pelican's own pipeline to read or write.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
TEMPLATE_PAGES = {}
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = False  # build.py writes into a fresh folder and swaps it in
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
RELATIVE_URLS = False
