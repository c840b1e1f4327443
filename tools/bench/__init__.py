"""Benchmark: how the directory copes with 100, 1,000 and 10,000 listings.

    python -m tools.bench [--sizes 100,1000,10000] [--runs 3] [--quick] [--no-browser]
                          [--only preview] [--out benchmarks/] [--update-readme]

For each size it generates that many realistic, valid, fictional listings
(``tools.listing_generator``, seeded) in a temporary copy of the repository, then measures,
each as the median of ``--runs`` runs:

* validation of every listing (schema and standards), in-process and as the command line
  runs it, and of one changed listing as a pull request check runs it (start-up included);
* the preview (``make serve``): from saving one listing, and one content page, to the page
  served over HTTP showing the change, with the preview running (``preview``);
* a cold full build (``python -m rehab_directory.build``) and a rebuild after one listing
  changed; peak memory of both (the whole process tree, sampled in a run of its own, as
  sampling slows what it samples);
* stock Pelican (default theme and settings, Python-Markdown) over the same listings written
  as Markdown articles: the reference of the "3x faster than stock Pelican" target, timed in
  the same run so that the ratio holds when the machine is slower or faster;
* the search files: bytes raw and gzipped, per listing; in Chromium (Playwright), the time from
  the first keystroke in the search box to the first matching result card, and what the
  browser downloaded before it;
* page weights (home, provider pages) and the total size of the built site;
* two floors from the same run, so figures compare as ratios on a noisy machine: parsing the
  same YAML with PyYAML's C loader alone, and rendering the same provider pages with bare
  Jinja2 alone.

Stages whose code is not in the repository yet are reported as "not available". Results go
to ``benchmarks/results.md`` and ``benchmarks/results.json`` and the table is printed.
Timed work runs in fresh interpreters (``worker``), so one measurement cannot warm another.

The modules: ``settings``; ``measuring`` (a command's time and memory); ``worker`` (in-process
measures); ``stages`` (the repository copy, stock Pelican, the build); ``sizes`` (what the
site weighs); ``browser`` (Chromium and Lighthouse); ``preview`` (``make serve``);
``one_size`` (every measure at one size); ``table``, ``targets`` and ``readme`` (the report);
``command``.
"""
