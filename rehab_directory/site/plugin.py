"""The Open Rehab Directory's Pelican plugin: ``PLUGINS = ["rehab_directory.site.plugin"]``.

It adds one generator that writes the whole site from the checked listings (``pages.py``)
and one that writes the listing editor into /admin/, apart from the public pages
(``admin.py``). Pelican's own pipeline, made for a blog, reads and writes nothing: the plugin
switches it off when Pelican starts (``BLOG_OFF``), so pelicanconf.py holds only the settings
a person chooses. ARCHITECTURE.md says why Pelican is kept as the shell.
"""

from __future__ import annotations

from pelican import signals

from .admin import AdminGenerator
from .generator import DirectoryGenerator

# Pelican's blog pipeline, off: no articles or pages read from content/ (our generators read
# the listings, guides and pages themselves), no static files copied (the generator copies
# theme/static to hash the scripts it writes), no index, tag, category, author or archive
# pages and no feed of articles (the directory writes its own feed of checked listings).
BLOG_OFF = {
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [],
    "STATIC_PATHS": [],
    "THEME_STATIC_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
}


def switch_blog_off(pelican_object) -> None:
    """Before Pelican makes its generators, which read these settings. (build.py also gives
    them to Pelican's read_settings, which would otherwise warn of feeds without SITEURL.)"""
    pelican_object.settings.update(BLOG_OFF)


def get_generators(pelican_object):
    return [DirectoryGenerator, AdminGenerator]


def register() -> None:
    signals.initialized.connect(switch_blog_off)
    signals.get_generators.connect(get_generators)
