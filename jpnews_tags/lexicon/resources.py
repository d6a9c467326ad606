"""Finding, loading and caching the dictionaries: entity files, user dictionaries and topics.

The compiled gazetteer is cached (pickle) under ``$JPNEWS_TAGS_CACHE`` or the user cache directory,
keyed by the SHA-256 of every dictionary file, the library version, the Sudachi dictionary version and
the cache format; a stale or unreadable cache is rebuilt, never trusted.

Example:
    >>> d = default_dictionary_dir()
    >>> (d / "entities").is_dir()
    True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..ner.discovery import PersonCues
from ..ner.gazetteer import Gazetteer
from ..tagging.keyphrases import Background
from ..text.tokenization import Tokenizer
from ..version import __version__
from .load import DictionaryError, dictionary_files, load_entries
from .paths import DataNotFoundError, dictionary_dir
from .schema import RuleCues

_CACHE_FORMAT = "2"
#: Modules whose code shapes the compiled gazetteer: their source is part of the cache key.
_COMPILER_MODULES = (
    "ner/gazetteer.py",
    "text/normalization.py",
    "text/tokenization.py",
    "lexicon/schema.py",
    "lexicon/load.py",
)


def _compiler_fingerprint() -> str:
    h = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]
    for name in _COMPILER_MODULES:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def default_dictionary_dir() -> Path:
    """The dictionaries shipped with the package (see :func:`jpnews_tags.lexicon.paths.dictionary_dir`)."""
    try:
        return dictionary_dir()
    except DataNotFoundError as exc:
        raise DictionaryError(str(exc)) from exc


CONFIG_FILE_NAME = "jpnews-tags.toml"


def config_files() -> list[Path]:
    """Configuration files in effect: ``./jpnews-tags.toml``, then the user's ``~/.config/jpnews-tags/config.toml``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates = [Path.cwd() / CONFIG_FILE_NAME, Path(base) / "jpnews-tags" / "config.toml"]
    return [p for p in candidates if p.is_file()]


def configured_dictionaries() -> list[Path]:
    """User dictionaries named by ``$JPNEWS_TAGS_DICTIONARIES`` (os.pathsep-separated) and config files.

    A config file lists them as ``dictionaries = ["newsroom.yaml", "more/"]``, relative to the file itself.
    """
    out: list[Path] = []
    env = os.environ.get("JPNEWS_TAGS_DICTIONARIES")
    if env:
        out.extend(Path(p) for p in env.split(os.pathsep) if p)
    for cfg in config_files():
        try:
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise DictionaryError(f"{cfg}: cannot read configuration: {exc}") from exc
        paths = data.get("dictionaries", [])
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise DictionaryError(f"{cfg}: 'dictionaries' must be a list of paths")
        out.extend((cfg.parent / p) for p in paths)
    return out


def cache_dir() -> Path:
    env = os.environ.get("JPNEWS_TAGS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jpnews-tags"


class Topic(BaseModel):
    """A topic of the tag taxonomy, triggered by terms and by entities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    en: str | None = None
    terms: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list, description="Entity ids that suggest the topic.")
    kinds: list[str] = Field(default_factory=list, description="Entity kinds that suggest the topic.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names sites tag the topic with (for vocabulary mapping only)."
    )


class TopicFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topics: list[Topic]


def load_topics(path: Path) -> list[Topic]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        return TopicFile.model_validate(doc).topics
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DictionaryError(f"{path}: {exc}") from exc


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    topics: list[Topic]
    dictionary_version: str
    person_cues: PersonCues
    rule_cues: RuleCues
    background: Background


def _fingerprint(files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.name).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _sudachi_dict_version() -> str:
    try:
        return metadata.version("sudachidict_core")
    except metadata.PackageNotFoundError:  # pragma: no cover - sudachidict_core is a dependency
        return "unknown"


def load_resources(
    tokenizer: Tokenizer,
    user_dictionaries: Sequence[Path | str] = (),
    *,
    use_cache: bool = True,
    package_dictionaries: bool = True,
) -> Resources:
    """Load package dictionaries plus user dictionaries (which override entries with the same id).

    With ``package_dictionaries=False`` only the user dictionaries are used (the topics still ship).
    """
    base = default_dictionary_dir()
    roots = [base / "entities"] if package_dictionaries else []
    files = dictionary_files([*roots, *user_dictionaries])
    topics_path = base / "topics.yaml"
    person_path = base / "cues" / "person.yaml"
    rules_path = base / "cues" / "rules.yaml"
    units_path = base / "cues" / "units.yaml"
    background_path = base / BACKGROUND_FILE
    extra = [background_path] if background_path.is_file() else []
    fingerprint = _fingerprint([*files, topics_path, person_path, rules_path, units_path, *extra])
    try:
        rule_cues = RuleCues.model_validate(yaml.safe_load(rules_path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DictionaryError(f"{rules_path}: {exc}") from exc
    dictionary_version = fingerprint[:12]
    cache_key = hashlib.sha256(
        f"{fingerprint}|{__version__}|{_sudachi_dict_version()}|{_CACHE_FORMAT}|{_compiler_fingerprint()}|"
        f"{sys.version_info[:2]}".encode()
    ).hexdigest()[:24]
    cache_file = cache_dir() / f"gazetteer-{cache_key}.pickle"
    gazetteer: Gazetteer | None = None
    if use_cache and cache_file.is_file():
        try:
            with cache_file.open("rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, Gazetteer):
                gazetteer = loaded
        except Exception:
            gazetteer = None
    if gazetteer is None:
        gazetteer = Gazetteer.compile(load_entries(files), tokenizer, rule_cues.compound_suffixes)
        if use_cache:
            _write_cache(cache_file, gazetteer)
    try:
        person_cues = PersonCues.load(person_path)
    except (OSError, yaml.YAMLError) as exc:
        raise DictionaryError(f"{person_path}: {exc}") from exc
    return Resources(
        gazetteer, load_topics(topics_path), dictionary_version, person_cues, rule_cues, load_background(base)
    )


#: The shipped keyphrase document frequencies, relative to the dictionary directory.
BACKGROUND_FILE = Path("background") / "keyphrase_df.tsv"


def load_background(base: Path) -> Background:
    """The keyphrase background table; an absent table means every phrase counts as specific."""
    path = base / BACKGROUND_FILE
    if not path.is_file():
        return Background.empty()
    try:
        return Background.load(path)
    except (OSError, ValueError) as exc:
        raise DictionaryError(str(exc)) from exc


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home is fine: we just compile each time
