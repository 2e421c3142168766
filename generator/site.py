"""Every name the generator and the MkDocs side share, defined once.

The generator writes into the MkDocs docs folder; the hooks under ``hooks/``
and the theme override read what it wrote. Each side imports these names
instead of repeating the strings.
"""

from __future__ import annotations

GENERATED_DIR = "library"
"""Folder inside ``docs/`` that the generator owns (the writer's manifest lives there)."""
GENERATED_URL_PREFIX = f"{GENERATED_DIR}/"
"""Source URIs of generated pages start with this; only they are sanitised as data."""
HOME_SNIPPET = "_home.md"
"""Generated snippet included by the hand-written home page (not a page itself)."""
SEARCH_DIR = "search"
"""Folder of the search worker and its index, inside the generated tree."""
SEARCH_WORKER = f"{GENERATED_DIR}/{SEARCH_DIR}/worker.js"
"""Site path of the search worker, set as the theme's worker URL in ``overrides/main.html``."""
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
       "frame-src 'self'; child-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
"""Content-Security-Policy of every page: the site's own files only, so a hole in
content or theme can never make a reader's browser reach another host."""
PRINT_PAGE = f"{GENERATED_DIR}/print.md"
"""The print-everything page: generated as a frame, filled with the case pages' HTML by
``hooks/print_from_case_pages.py`` (see :mod:`generator.print_all`)."""
CASES_DIR = f"{GENERATED_DIR}/cases"
"""Folder of the generated case pages, inside ``docs/``."""
