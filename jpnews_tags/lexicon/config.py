"""Which user dictionaries are in effect: ``$JPNEWS_TAGS_DICTIONARIES`` and the configuration files.

A configuration file (``./jpnews-tags.toml``, then ``~/.config/jpnews-tags/config.toml``) lists user
dictionaries as ``dictionaries = ["newsroom.yaml", "more/"]``, relative to the file itself. The file in the
working directory may come from a cloned repository, so it is read through :mod:`jpnews_tags.safe_data` with
the document limits: an oversized or deeply nested file is a one-line :class:`DictionaryError`.

Example:
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / CONFIG_FILE_NAME).write_text('dictionaries = ["ours.yaml"]\\n')
    >>> dictionaries_in(d / CONFIG_FILE_NAME) == [d / "ours.yaml"]
    True
"""

from __future__ import annotations

import os
from pathlib import Path

from ..safe_data import DOCUMENT_LIMITS, UnsafeDataError, load_toml
from .load import DictionaryError

CONFIG_FILE_NAME = "jpnews-tags.toml"
#: Environment variable naming user dictionaries (os.pathsep-separated).
DICTIONARIES_ENV = "JPNEWS_TAGS_DICTIONARIES"


def config_files() -> list[Path]:
    """Configuration files in effect: ``./jpnews-tags.toml``, then the user's ``~/.config/jpnews-tags/config.toml``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates = [Path.cwd() / CONFIG_FILE_NAME, Path(base) / "jpnews-tags" / "config.toml"]
    return [p for p in candidates if p.is_file()]


def dictionaries_in(cfg: Path) -> list[Path]:
    """The user dictionaries one configuration file names, relative to the file."""
    try:
        data = load_toml(cfg.read_text(encoding="utf-8"), DOCUMENT_LIMITS, "TOML")
    except (OSError, UnicodeDecodeError, UnsafeDataError) as exc:
        raise DictionaryError(f"{cfg}: cannot read configuration: {exc}") from exc
    paths = data.get("dictionaries", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise DictionaryError(f"{cfg}: 'dictionaries' must be a list of paths")
    return [cfg.parent / p for p in paths]


def configured_dictionaries() -> list[Path]:
    """User dictionaries named by ``$JPNEWS_TAGS_DICTIONARIES`` and the configuration files, in that order."""
    out: list[Path] = []
    env = os.environ.get(DICTIONARIES_ENV)
    if env:
        out.extend(Path(p) for p in env.split(os.pathsep) if p)
    for cfg in config_files():
        out.extend(dictionaries_in(cfg))
    return out
