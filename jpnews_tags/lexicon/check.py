"""``jpnews-tags dict check``: every rule a dictionary must keep, reported with file and line.

Checks: the schema, duplicate ids, dangling ``parent`` and ``cue_entities`` ids, aliases of different
entries that meet on the same matching key (Sudachi-normalized or surface) unless both sides mark the alias
ambiguous, ambiguous aliases with no cue at all, and (as warnings) aliases repeated inside one entry and
one-character aliases not marked ambiguous (``の`` would be a company wherever the particle is).

A user dictionary is checked against the shipped one by default, as it is used: its ``parent`` and
``cue_entities`` may name shipped entries, an entry with a shipped id overrides that entry, and an alias that
meets a shipped entry's alias is a warning (the shipped entry wins at run time). ``shipped=False`` checks the
files alone. Checking the shipped entities also validates the cue files and topics (:func:`check_data_files`).

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.yaml").write_text(
    ...     "defaults: {label: ORG, kind: company}\\nentries:\\n"
    ...     "  - {id: a, name: Acme, aliases: [ACME]}\\n  - {id: b, name: Acme Corp, aliases: [ａｃｍｅ]}\\n")
    >>> [p.message[:60] for p in check([d]) if p.severity == "error"]
    ["alias 'ａｃｍｅ' of 'b' has the same key 'acme' as alias 'Acme' "]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from ..text.normalization import key
from ..text.tokenization import Tokenizer
from .background import BACKGROUND_FILE, load_background
from .index import alias_keys
from .load import DictionaryError, LocatedEntry, Problem, dictionary_files, iter_located, load_data_file, read_file
from .resources import (
    HEAD_CUES,
    LAYOUT_CUES,
    NAME_CUES,
    PERSON_CUES,
    RULE_CUES,
    TOPICS,
    UNITS,
    default_dictionary_dir,
)
from .schema import HeadCues, LayoutCues, NameCues, PersonCues, RuleCues, TopicFile, UnitTables

#: The data files beside the entity dictionaries, and their schema.
DATA_FILES: tuple[tuple[Path, type[BaseModel]], ...] = (
    (TOPICS, TopicFile),
    (PERSON_CUES, PersonCues),
    (RULE_CUES, RuleCues),
    (NAME_CUES, NameCues),
    (HEAD_CUES, HeadCues),
    (LAYOUT_CUES, LayoutCues),
    (UNITS, UnitTables),
)


def check_data_files(base: Path) -> list[Problem]:
    """The topics, the cue files and the keyphrase background under the dictionary directory ``base``."""
    problems = []
    for rel, model in DATA_FILES:
        try:
            load_data_file(base / rel, model)
        except DictionaryError as exc:
            problems.append(Problem(str(base / rel), None, str(exc).removeprefix(f"{base / rel}: ")))
    try:
        load_background(base)
    except DictionaryError as exc:
        problems.append(Problem(str(base / BACKGROUND_FILE), None, str(exc)))
    return problems


def check(paths: Iterable[Path | str], tokenizer: Tokenizer | None = None, *, shipped: bool = True) -> list[Problem]:
    """All problems in the dictionary files under ``paths`` (errors and warnings), checked against the shipped
    dictionaries unless ``shipped`` is False."""
    tok = tokenizer or Tokenizer()
    paths = list(paths)
    # Checking single files (not a whole dictionary directory): ids may live in sibling files.
    missing_ref = "warning" if any(Path(p).is_file() for p in paths) else "error"
    problems: list[Problem] = []
    located: list[LocatedEntry] = []
    checked: set[Path] = set()
    for f in dictionary_files(paths):
        checked.add(f.resolve())
        les, probs = read_file(f)
        problems.extend(probs)
        located.extend(les)
    context: list[LocatedEntry] = []  # shipped entries the checked files extend, not checked themselves
    if shipped:
        base = default_dictionary_dir()
        shipped_files = dictionary_files([base / "entities"])
        if all(f.resolve() in checked for f in shipped_files):
            problems += check_data_files(base)  # the shipped dictionaries themselves
        else:
            own_ids = {le.entry.id for le in located}
            for les, _ in iter_located(f for f in shipped_files if f.resolve() not in checked):
                context += [le for le in les if le.entry.id not in own_ids]  # an entry of the same id overrides

    first_seen: dict[str, LocatedEntry] = {}
    for le in located:
        prev = first_seen.get(le.entry.id)
        if prev is not None:
            problems.append(
                Problem(
                    le.path,
                    le.line,
                    f"duplicate id {le.entry.id!r} (first at {prev.path}:{prev.line})",
                )
            )
        else:
            first_seen[le.entry.id] = le

    defined = set(first_seen) | {le.entry.id for le in context}
    for le in located:
        e = le.entry
        if e.parent is not None and e.parent not in defined:
            problems.append(
                Problem(
                    le.path,
                    le.line,
                    f"entry {e.id!r}: parent {e.parent!r} is not defined",
                    missing_ref,
                )
            )
        if e.parent == e.id:
            problems.append(Problem(le.path, le.line, f"entry {e.id!r} is its own parent"))
        for c in e.cue_entities:
            if c not in defined:
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"entry {e.id!r}: cue entity {c!r} is not defined",
                        missing_ref,
                    )
                )
        if e.ambiguous and not (e.cues or e.cue_entities):
            problems.append(
                Problem(
                    le.path,
                    le.line,
                    f"entry {e.id!r}: ambiguous aliases need cues or cue_entities",
                )
            )

    # Parent cycles.
    by_id = {**{le.entry.id: le for le in context}, **first_seen}
    for le in located:
        seen = {le.entry.id}
        p = le.entry.parent
        while p is not None and p in by_id:
            if p in seen:
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"entry {le.entry.id!r}: parent cycle through {p!r}",
                    )
                )
                break
            seen.add(p)
            p = by_id[p].entry.parent

    # Alias keys: collisions between entries, repeats inside one entry.
    owners: dict[str, tuple[LocatedEntry, str]] = {}
    for le in context:
        for alias in le.entry.all_aliases():
            for k in alias_keys(alias, tok):
                if k:
                    owners.setdefault(k, (le, alias))
    extended = {id(le) for le in context}
    for le in located:
        e = le.entry
        amb = set(e.ambiguous)
        own_keys: dict[str, str] = {}
        for alias in e.all_aliases():
            if len(key(alias)) == 1 and alias not in amb:
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"entry {e.id!r}: one-character alias {alias!r} matches wherever it stands as a word of "
                        "its own; mark it ambiguous with cues, or use a longer alias",
                        "warning",
                    )
                )
            keys = alias_keys(alias, tok)
            if not keys[0] and not keys[-1]:
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"entry {e.id!r}: alias {alias!r} has an empty key",
                    )
                )
                continue
            if keys[-1] in own_keys and own_keys[keys[-1]] != alias:
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"entry {e.id!r}: alias {alias!r} repeats {own_keys[keys[-1]]!r} (same key)",
                        "warning",
                    )
                )
            own_keys.setdefault(keys[-1], alias)
            for k in keys:
                if not k:
                    continue
                other = owners.get(k)
                if other is None:
                    owners[k] = (le, alias)
                    continue
                ole, oalias = other
                if ole.entry.id == e.id:
                    continue
                if alias in amb and oalias in set(ole.entry.ambiguous):
                    continue
                if id(ole) in extended:
                    problems.append(
                        Problem(
                            le.path,
                            le.line,
                            f"alias {alias!r} of {e.id!r} has the same key {k!r} as alias {oalias!r} of the shipped "
                            f"entry {ole.entry.id!r} ({Path(ole.path).name}:{ole.line}), which wins at run time; "
                            "override that entry (same id) or mark both ambiguous with cues",
                            "warning",
                        )
                    )
                    break
                problems.append(
                    Problem(
                        le.path,
                        le.line,
                        f"alias {alias!r} of {e.id!r} has the same key {k!r} as alias {oalias!r} of "
                        f"{ole.entry.id!r} ({Path(ole.path).name}:{ole.line}); mark both ambiguous with cues "
                        "or remove one",
                    )
                )
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths: list[Path | str] = [*args] or [default_dictionary_dir() / "entities"]
    problems = check(paths)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{errors} errors, {len(problems) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
