"""The public site: every page and file, written from the checked listings.

The Pelican plugin that runs it is ``plugin.py``; ``pages.py`` writes the site.
"""
