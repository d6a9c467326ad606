"""A name and its abbreviation or reading in brackets are two mentions of one thing (second pass).

Metal Performance Shaders（MPS）, Apertus（アペルタス）, and the other way round, an unknown long name before a
known abbreviation: Model Evaluation & Threat Research (METR).
"""

from __future__ import annotations

import re

from ...models import Entity
from ...text.scripts import KANA_FOR_LETTER, KATAKANA, KATAKANA_LETTERS
from .context import Context, entity

_BRACKET_AFTER = re.compile(
    r"(?:\*\*)?\s?[（(]([A-Z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+){0,3}"
    rf"|[{KATAKANA_LETTERS}][{KATAKANA}・]{{1,24}})[）)]"
)
_LATIN_BEFORE = re.compile(r"(?:[A-Z][A-Za-z0-9.\-]*|&|of|and|for|the)(?: (?:[A-Z][A-Za-z0-9.\-]*|&|of|and|for|the))*$")
_WORDS = re.compile(r"[ \-]+")
#: How far before a bracketed abbreviation its long form is looked for (characters).
LONG_FORM_WINDOW = 80


def _abbreviation_of(short: str, long: str) -> bool:
    """'METR' for 'Model Evaluation & Threat Research', 'NAIS 2.0' for 'National AI Strategy 2.0'."""
    initials = "".join(w[0] for w in _WORDS.split(long) if w[:1].isupper())
    letters = "".join(c for c in short.split(" ")[0] if c.isupper())
    return len(letters) >= 2 and letters.lower() in initials.lower()


def _reads_as(reading: str, name: str) -> bool:
    """Could ``reading`` (katakana) be how ``name`` (Latin) is read? Its first sound must fit the first letter:
    Apertus（アペルタス）, Mashing Up（マッシングアップ）, but not Magentic-One（マルチエージェントシステム）, which a
    common-word test rejects, or Magistral Medium（エンタープライズグレード）, which this one does."""
    first = next((c.lower() for c in name if c.isalpha()), "")
    return bool(first) and reading[:1] in KANA_FOR_LETTER.get(first, "")


def _same_as(e: Entity, start: int, end: int, text: str) -> Entity:
    """Another mention of ``e`` (its abbreviation, reading or long form) at ``start:end``."""
    return entity(
        start, end, text, e.label, e.kind or "", e.canonical or e.text, 0.6, id=e.id, parent=e.parent, source="rule"
    )


def bracketed_names(ctx: Context) -> list[Entity]:
    """A name and its abbreviation or reading in brackets are two mentions of one thing:
    Metal Performance Shaders（MPS）, Mashing Up（マッシングアップ）; and the other way round, an unknown long name
    before a known abbreviation: Model Evaluation & Threat Research (METR). A bracketed katakana description of
    common words (マルチエージェントシステム) is not a reading."""
    text, entities = ctx.text, ctx.entities
    out: list[Entity] = []
    starts = {e.start for e in entities}
    for e in entities:
        if e.label not in ("ORG", "PRODUCT", "LAW", "EVENT"):
            continue
        m = _BRACKET_AFTER.match(text, e.end)
        if m and m.start(1) not in starts:
            inner = m.group(1)
            reading = not inner.isascii()
            if reading and (not e.text.isascii() or not _reads_as(inner, e.text) or ctx.common(inner)):
                continue  # a reading follows a Latin name, starts with its sound, and is not ordinary words
            if not reading and not _abbreviation_of(inner, e.text):
                continue  # an abbreviation matches the initials
            out.append(_same_as(e, m.start(1), m.end(1), text))
        # The other way round: the known name is the one in brackets.
        if e.start >= 2 and text[e.start - 1] in "（(" and text[e.end : e.end + 1] in "）)":
            window = max(0, e.start - LONG_FORM_WINDOW)
            lm = _LATIN_BEFORE.search(text[window : e.start - 1].rstrip(" ")) if e.text.isascii() else None
            if lm is None or not _abbreviation_of(e.text, lm.group(0)):
                continue
            if window + lm.start() not in starts:
                out.append(_same_as(e, window + lm.start(), window + lm.end(), text))
    return out
