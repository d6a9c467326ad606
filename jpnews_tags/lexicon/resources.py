"""Everything the analyzer needs from the data, loaded in one call: :func:`load_resources`.

The entity dictionaries (shipped, then the user's, which add entries or override those with the same id) are
compiled into an :class:`~jpnews_tags.lexicon.index.EntityIndex`, read from the compile cache when it fits
(:mod:`jpnews_tags.lexicon.cache`); the topics, the cue files and the keyphrase background come with it. Where
each piece is read: :mod:`~jpnews_tags.lexicon.load` (files), :mod:`~jpnews_tags.lexicon.config` (which user
dictionaries), :mod:`~jpnews_tags.lexicon.background` (the keyphrase table).

Example:
    >>> d = default_dictionary_dir()
    >>> (d / "entities").is_dir()
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .._compat import moved_names
from ..text.layout import LayoutWords
from ..text.tokenization import Tokenizer
from . import cache
from .background import BACKGROUND_FILE, Background, load_background
from .index import EntityIndex
from .load import DictionaryError, dictionary_files, load_data_file, load_entries, load_topics
from .paths import DataNotFoundError, dictionary_dir
from .schema import HeadCues, LayoutCues, NameCues, PersonCues, RuleCues, Topic, UnitTables

__getattr__ = moved_names(
    __name__,
    {
        "CONFIG_FILE_NAME": "lexicon.config:CONFIG_FILE_NAME",
        "config_files": "lexicon.config:config_files",
        "configured_dictionaries": "lexicon.config:configured_dictionaries",
        "cache_dir": "lexicon.cache:cache_dir",
        "TopicFile": "lexicon.schema:TopicFile",
        "Topic": "lexicon.schema:Topic",
        "load_topics": "lexicon.load:load_topics",
        "load_background": "lexicon.background:load_background",
        "BACKGROUND_FILE": "lexicon.background:BACKGROUND_FILE",
    },
)

#: The cue files, relative to the dictionary directory.
PERSON_CUES = Path("cues") / "person.yaml"
RULE_CUES = Path("cues") / "rules.yaml"
NAME_CUES = Path("cues") / "names.yaml"
HEAD_CUES = Path("cues") / "heads.yaml"
LAYOUT_CUES = Path("cues") / "layout.yaml"
UNITS = Path("cues") / "units.yaml"
TOPICS = Path("topics.yaml")


def default_dictionary_dir() -> Path:
    """The dictionaries shipped with the package (see :func:`jpnews_tags.lexicon.paths.dictionary_dir`)."""
    try:
        return dictionary_dir()
    except DataNotFoundError as exc:
        raise DictionaryError(str(exc)) from exc


@dataclass(frozen=True)
class Resources:
    """The compiled dictionary and every table the later stages use."""

    index: EntityIndex
    topics: list[Topic]
    dictionary_version: str
    person_cues: PersonCues
    rule_cues: RuleCues
    name_cues: NameCues
    units: UnitTables
    background: Background
    head_cues: HeadCues
    layout_cues: LayoutCues


def load_resources(
    tokenizer: Tokenizer,
    user_dictionaries: Sequence[Path | str] = (),
    *,
    use_cache: bool = True,
    package_dictionaries: bool = True,
) -> Resources:
    """Load package dictionaries plus user dictionaries (which override entries with the same id).

    With ``package_dictionaries=False`` only the user dictionaries are used (the topics and cues still ship).
    """
    base = default_dictionary_dir()
    roots = [base / "entities"] if package_dictionaries else []
    files = dictionary_files([*roots, *user_dictionaries])
    background_path = base / BACKGROUND_FILE
    extra = [background_path] if background_path.is_file() else []
    cue_files = [
        base / PERSON_CUES,
        base / RULE_CUES,
        base / UNITS,
        base / NAME_CUES,
        base / HEAD_CUES,
        base / LAYOUT_CUES,
    ]
    data_files = [*files, base / TOPICS, *cue_files, *extra]
    rule_cues = load_data_file(base / RULE_CUES, RuleCues)
    name_cues = load_data_file(base / NAME_CUES, NameCues)
    inputs = cache.BuildInputs.of(data_files)
    folder = cache.cache_dir()
    index = cache.read(folder, inputs) if use_cache else None
    if index is None:
        index = EntityIndex.compile(
            load_entries(files), tokenizer, rule_cues.compound_suffixes, name_cues.case_variant_others
        )
        if use_cache:
            cache.write(folder, index, inputs)
    return Resources(
        index,
        load_topics(base / TOPICS),
        inputs.data_key()[:12],
        load_data_file(base / PERSON_CUES, PersonCues),
        rule_cues,
        name_cues,
        load_data_file(base / UNITS, UnitTables),
        load_background(base),
        load_data_file(base / HEAD_CUES, HeadCues),
        load_data_file(base / LAYOUT_CUES, LayoutCues),
    )


@lru_cache(maxsize=1)
def shipped_units() -> UnitTables:
    """The shipped unit tables (for callers of the number rules that do not load all the resources)."""
    return load_data_file(default_dictionary_dir() / UNITS, UnitTables)


@lru_cache(maxsize=1)
def shipped_head_cues() -> HeadCues:
    """The shipped heads of longer names and event words, for callers that do not load all the resources."""
    return load_data_file(default_dictionary_dir() / HEAD_CUES, HeadCues)


@lru_cache(maxsize=1)
def shipped_layout_words() -> LayoutWords:
    """The shipped words of the boilerplate patterns (:mod:`jpnews_tags.text.layout`), for callers that do not load
    all the resources."""
    return load_data_file(default_dictionary_dir() / LAYOUT_CUES, LayoutCues).words()


@lru_cache(maxsize=1)
def shipped_name_cues() -> NameCues:
    """The shipped name cues (legal forms, country prefixes...), for callers that do not load all the resources."""
    return load_data_file(default_dictionary_dir() / NAME_CUES, NameCues)


@lru_cache(maxsize=1)
def shipped_rule_cues() -> RuleCues:
    """The shipped rule cues (generic words, title suffixes...), for callers that do not load all the resources."""
    return load_data_file(default_dictionary_dir() / RULE_CUES, RuleCues)


@lru_cache(maxsize=1)
def shipped_entry_ids() -> frozenset[str]:
    """The ids of the shipped dictionary's entries (a new entry must not take one: it would replace that entry)."""
    return frozenset(e.id for e in load_entries([default_dictionary_dir() / "entities"]))
