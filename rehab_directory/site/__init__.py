"""The Open Rehab Directory's Pelican plugin: ``PLUGINS = ["rehab_directory.site"]``.

Pelican's own article and page pipeline is switched off in pelicanconf.py; this plugin adds
one generator that writes the whole site from the validated listings (see ``pages.py``), and
one that writes the listing editor into /admin/, apart from the public pages (``admin.py``).
"""

from __future__ import annotations

from pelican import signals


def get_generators(pelican_object):
    from .admin import AdminGenerator
    from .generator import DirectoryGenerator

    return [DirectoryGenerator, AdminGenerator]


def register() -> None:
    signals.get_generators.connect(get_generators)
