"""Where the shipped data lives (no heavy imports: every stage may use it).

>>> (dictionary_dir() / "entities").is_dir()
True
"""

from __future__ import annotations

from pathlib import Path


class DataNotFoundError(FileNotFoundError):
    """The package's dictionaries are missing (a broken install)."""


def dictionary_dir() -> Path:
    """The dictionaries shipped with the package (or the repository's ``dictionaries/`` when run from source)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "dictionaries", package.parent / "dictionaries"):
        if (candidate / "entities").is_dir():
            return candidate
    raise DataNotFoundError(f"no dictionaries found next to {package}")
