from __future__ import annotations

import os
from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.text.tokenization import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))

#: The flags that run Debian's Chromium headless here, offline and without a profile of its own (add a new empty
#: ``--user-data-dir``): the report's test and the editor's page test both use them.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not present")


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["JPNEWS_TAGS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    # a developer's own ~/.config/jpnews-tags must not change what the tests see
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    os.environ.pop("JPNEWS_TAGS_DICTIONARIES", None)


@pytest.fixture(scope="session")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="session")
def small() -> Analyzer:
    """An analyzer with only the small test dictionary (independent of the shipped data and model)."""
    return Analyzer([FIXTURES / "dictionary"], package_dictionaries=False, recognizer=False)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The analyzer with the shipped dictionaries."""
    return Analyzer()
