"""Generator for the community-governance case handbook.

Reads case files under ``data/``, checks them, links them and writes the
Markdown pages that MkDocs builds into the site. Run ``python -m generator
--help``.
"""

from .build import build, check
from .errors import BuildFailed, DataError
from .settings import Settings

__all__ = ["build", "check", "BuildFailed", "DataError", "Settings"]
