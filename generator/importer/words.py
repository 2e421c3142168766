"""The importer's word lists, kept in words.yml next to this module.

Lists of words change more often than the code that uses them, and whoever
adds a site's boilerplate phrase or a generic word should not have to read
Python to do it. Loaded once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

WORDS = Path(__file__).with_name("words.yml")


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The lists in words.yml, by name."""
    return yaml.safe_load(WORDS.read_text("utf-8")) or {}
