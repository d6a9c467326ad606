"""``jpnews-tags dict check``: every rule a dictionary must keep, reported with file and line.

Checks: the schema, duplicate ids, dangling ``parent`` and ``cue_entities`` ids, aliases of different
entries that meet on the same matching key (Sudachi-normalized or surface) unless both sides mark the alias
ambiguous, ambiguous aliases with no cue at all, and (as warnings) aliases repeated inside one entry.

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

from ..ner.gazetteer import alias_keys
from ..text.tokenization import Tokenizer
from .load import LocatedEntry, Problem, iter_located


def check(paths: Iterable[Path | str], tokenizer: Tokenizer | None = None) -> list[Problem]:
    """All problems in the dictionary files under ``paths`` (errors and warnings)."""
    tok = tokenizer or Tokenizer()
    paths = list(paths)
    # Checking single files (not a whole dictionary directory): ids may live in sibling files.
    missing_ref = "warning" if any(Path(p).is_file() for p in paths) else "error"
    problems: list[Problem] = []
    located: list[LocatedEntry] = []
    for les, probs in iter_located(paths):
        problems.extend(probs)
        located.extend(les)

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

    for le in located:
        e = le.entry
        if e.parent is not None and e.parent not in first_seen:
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
            if c not in first_seen:
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
    for le in located:
        seen = {le.entry.id}
        p = le.entry.parent
        while p is not None and p in first_seen:
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
            p = first_seen[p].entry.parent

    # Alias keys: collisions between entries, repeats inside one entry.
    owners: dict[str, tuple[LocatedEntry, str]] = {}
    for le in located:
        e = le.entry
        amb = set(e.ambiguous)
        own_keys: dict[str, str] = {}
        for alias in e.all_aliases():
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
    paths = args or ["dictionaries"]
    problems = check(paths)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{errors} errors, {len(problems) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
