"""Names built on a known one, and versions: longer Latin names, model codes, sibling and versioned product names,
events with their year.

- Longer Latin names that begin with a known one: "Claude Sonnet 4.6", "Cisco Talos", "CES 2026",
  "Fidelity Management & Research Co." (the known entry becomes the ``parent``).
- A non-Latin company name with a model code attached: エアバスA321XLR.
- Other numbers of a known numbered product (CG-1 known, so CG-2), versioned names (Zeta-2.5 Flash, Foo 2 Pro).
- An event named in the text, written with its year attached (CES -> CES2026).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon.suggest import cuts_a_word
from ...models import Entity, EntityLabel
from ...text.scripts import KANJI_WORD, KATAKANA, KATAKANA_LETTERS, LATIN_ALNUM
from .context import PLACE_LABELS, Context, TakenSpans, alternation, entity, quoted_as_company

# A Latin tail that continues a known name: " Sonnet 4.6", " Talos", " 2026", "-grafana", " & Research Co.", " C&T",
# " for Sovereignty" (for only before a capitalized word: Microsoft Cloud for Sovereignty, Kozuchi for Vision)
_LATIN_TAIL = re.compile(
    r"(?:(?: |-)(?:[A-Z0-9](?:[A-Za-z0-9.+']|&(?=[A-Za-z0-9]))*|&|for(?= [A-Z0-9]))|-[a-z][a-z0-9]*)+"
)
_TAIL_PART = re.compile(r"(?: |-)?[^ \-]+|-")


#: Names these rules build on: the dictionary's, and the recognizer's (run again on its names, after it).
EXTENDED_SOURCES = frozenset({"gazetteer", "model"})


@lru_cache(maxsize=8)
def _org_words(words: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """A name ending in one of ``latin_org_words`` is a company; those written with a full stop keep it. So is a
    name ending in capitals joined by an ampersand, the way companies and their divisions abbreviate (Samsung C&T,
    NTT R&D: a product is not named so)."""
    return (
        re.compile(rf"\b(?:{alternation(words)}|[A-Z]{{1,3}}&[A-Z]{{1,3}})$"),
        tuple(w for w in words if w.endswith(".")),
    )


def extend_latin_names(ctx: Context) -> list[Entity]:
    """Longer Latin names that start with a known (or recognized) ORG/PRODUCT/EVENT entity."""
    text, entities = ctx.text, ctx.entities
    stop = frozenset(ctx.names.latin_tail_stop_words)
    org_tail, abbreviations = _org_words(tuple(ctx.names.latin_org_words))
    out: list[Entity] = []
    starts = {e.start: e for e in entities}
    org_words = frozenset(ctx.names.latin_org_words)
    for e in entities:
        if e.source not in EXTENDED_SOURCES or e.label not in ("ORG", "PRODUCT", "EVENT"):
            continue
        if not (e.text[-1:].isascii() and e.text[-1:].isalnum()):
            continue
        m = _LATIN_TAIL.match(text, e.end)
        if not m:
            continue
        end = e.end
        before_for = -1  # where the name stood before a " for" in its tail
        for part in _TAIL_PART.finditer(m.group(0)):
            word = part.group(0).strip(" -")
            there = starts.get(e.end + part.start() + 1)
            if there is not None and e.label == "ORG" and there.label in PLACE_LABELS and word in org_words:
                # a company's branch named by its country (Snowflake Japan, DeepL Japan), unless a longer name goes
                # on after it (dentsu Japan AIセンター: the place stays)
                if not cuts_a_word(text, e.start, e.end + part.end()):
                    end = e.end + part.end()
                break
            if word in stop or there is not None:
                if before_for >= 0:  # a phrase after for that a generic word ends: X for Human-Centered AI is X
                    end = before_for
                break
            if word == "for":
                before_for = end
            end = e.end + part.end()
        while end > e.end and text[end - 1] in ".-'&+ " and not text.endswith(abbreviations, 0, end):
            end -= 1
        if end <= e.end or (" for " in text[e.start : end] and cuts_a_word(text, e.start, end)):
            continue  # (a name with for that a word before it continues: AI Copilot for Finance stays Copilot)
        span = text[e.start : end]
        label: EntityLabel
        if e.label == "EVENT":
            label, kind = "EVENT", e.kind or "event"
        elif (
            e.label == "ORG"
            and not org_tail.search(span.split(" for ", 1)[0])  # IBM Institute for Business Value: the institute
            and not org_tail.search(span)
            and not quoted_as_company(text, e.start, end, ctx.names)
        ):
            label, kind = "PRODUCT", "product"
        else:
            label, kind = e.label, e.kind or "company"
        out.append(entity(e.start, end, text, label, kind, span, 0.6, parent=e.id))
    return out


#: A company's name as a service's is written: Latin (Google) or katakana (グーグル).
_COMPANY_WORD = re.compile(rf"[{LATIN_ALNUM}][{LATIN_ALNUM}&!.' -]*|[{KATAKANA_LETTERS}][{KATAKANA}・]*")
#: What continues a service word into a longer one (アプリ|ケーション, 検索|エンジン): katakana or a Latin letter.
_WORD_GOES_ON = re.compile(rf"[{KATAKANA}{LATIN_ALNUM}]")


def service_names(ctx: Context) -> list[Entity]:
    """A company's name with the word of one of its services attached is that service (``service_words`` in
    ``dictionaries/cues/names.yaml``): Google検索, Googleアプリ, Yahoo!ショッピング. Not when the word goes on
    into a longer one (Googleアプリケーション, Google検索エンジン)."""
    text = ctx.text
    words = tuple(sorted(ctx.names.service_words, key=len, reverse=True))
    out: list[Entity] = []
    if not words:
        return out
    for e in ctx.entities:
        if e.label != "ORG" or e.source not in EXTENDED_SOURCES or not text.startswith(words, e.end):
            continue
        if _COMPANY_WORD.fullmatch(e.text) is None:
            continue  # a ministry or a kanji name: 総務省アプリ is no product name
        end = e.end + len(next(w for w in words if text.startswith(w, e.end)))
        if _WORD_GOES_ON.match(text, end) is None:
            out.append(entity(e.start, end, text, "PRODUCT", "product", text[e.start : end], 0.6, parent=e.id))
    return out


_MODEL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*\d[A-Za-z0-9\-]*(?![A-Za-z0-9])")


def model_codes(ctx: Context) -> list[Entity]:
    """A non-Latin company name with a model code attached: エアバスA321XLR -> PRODUCT."""
    text = ctx.text
    out = []
    for e in ctx.entities:
        if e.source not in EXTENDED_SOURCES or e.label != "ORG" or not e.text or e.text[-1].isascii():
            continue
        m = _MODEL_CODE.match(text, e.end)
        if m:
            out.append(entity(e.start, m.end(), text, "PRODUCT", "product", text[e.start : m.end()], 0.6, parent=e.id))
    return out


_VERSION_TAIL = re.compile(r"^(.*?[A-Za-z])([- ]?)(\d{1,3})$")


def sibling_versions(ctx: Context) -> list[Entity]:
    """Other numbers of a known numbered product written the same way: CG-1 known, so CG-2 and CG-3 are
    products too (same parent)."""
    text = ctx.text
    out: list[Entity] = []
    done: set[str] = set()
    for e in ctx.entities:
        if e.source != "gazetteer" or e.label != "PRODUCT":
            continue
        m = _VERSION_TAIL.match(e.text)
        if m is None or m.group(1) in done:
            continue
        done.add(m.group(1))
        stem = m.group(1) + m.group(2)  # the stem first, then the look-behind: the engine skips ahead in C
        pat = re.compile(rf"{re.escape(stem)}(?<![A-Za-z0-9].{{{len(stem)}}})(\d{{1,3}})(?![A-Za-z0-9.])")
        # A version entry (Trainium2) shares its parent with its siblings; a family entry reached through a
        # numbered alias (Condor Galaxy via CG-1) is itself the parent.
        is_version = (e.canonical or "").rstrip().endswith(m.group(3))
        parent = e.parent if is_version else (e.id or e.parent)
        for hit in pat.finditer(text):
            if hit.group(1) != m.group(3):
                out.append(
                    entity(
                        hit.start(), hit.end(), text, "PRODUCT", e.kind or "product", hit.group(0), 0.55, parent=parent
                    )
                )
    return out


@lru_cache(maxsize=8)
def _versioned(editions: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A capitalized (not all-caps) word with a version number and optional edition words (``edition_words``):
    Zeta-2.5 Flash, Foo 2 Pro; not when a Latin word comes before it ('National AI Strategy 2.0' is a longer
    name of unknown type). The second pattern finds an edition word at the end of a name."""
    words = alternation(editions)
    versioned = re.compile(
        r"[A-Z](?<![A-Za-z0-9.\-].)(?<![A-Za-z] .)(?=[a-z])[A-Za-z]+(?:[- ]?v?\d+(?:\.\d+)*[a-z]?)"
        rf"(?:[- ](?:{words}))*"
        r"(?![A-Za-z0-9])"
    )
    return versioned, re.compile(rf" (?:{words})$")


#: A capitalized word, a space and a bare number of one to three digits (Llama 4, Telum 2, Maia 200): not a year.
_WORD_AND_NUMBER = re.compile(r"([A-Za-z]+) \d{1,3}")
#: What makes a bare number part of something else: a unit or a numeral after it (Amazon 500億ドル, 2 %), a hyphen
#: (National 4-H Council), more digits after a point or a comma (Amazon 1,000).
_NUMBER_GOES_ON = re.compile(rf"[{KANJI_WORD}{KATAKANA}%％\-]|[.,]\d")


@lru_cache(maxsize=8)
def _casefolded(words: tuple[str, ...]) -> frozenset[str]:
    """``words`` case-folded, as a set (the numbered words, the generic Latin words)."""
    return frozenset(w.casefold() for w in words)


def _bare_version(text: str, end: int, name: str, numbered: frozenset[str]) -> bool:
    """A word and a bare number ending at ``end`` (Llama 4), not a word English writes with a number (Phase 2), and
    the number not going on into a unit or a longer word (Amazon 500億ドル, National 4-H)."""
    bare = _WORD_AND_NUMBER.fullmatch(name)
    return bare is not None and bare.group(1).casefold() not in numbered and _NUMBER_GOES_ON.match(text, end) is None


#: Two to four capitalized words and a version (Condor Galaxy 1, Gemini Robotics 1.5, Galaxy Z Fold 7), not after a
#: Latin word or sign.
_WORDS_AND_VERSION = re.compile(
    r"(?<![A-Za-z0-9.\-&'])(?<![A-Za-z0-9.\-&'] )"
    r"[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*){1,3} (?:\d{1,3}(?:\.\d+)*)(?![A-Za-z0-9.])"
)


def _several_words_versions(ctx: Context, numbered: frozenset[str]) -> list[Entity]:
    """Versions named with several capitalized words where no other name is (Condor Galaxy 1): not when a word is
    one written with a number (``numbered_words``: SAE Level 4, National AI Strategy 2.0, a plan) or a generic one
    (``not_name_words``), nor when the number goes on (Stargate Project 500億ドル); not over a known name."""
    text = ctx.text
    out: list[Entity] = []
    taken = None
    generic = _casefolded(tuple(ctx.names.not_name_words))
    for m in _WORDS_AND_VERSION.finditer(text):
        words = [w.casefold() for w in m.group(0).split(" ")[:-1]]
        if any(w in numbered or w in generic for w in words):
            continue
        if _NUMBER_GOES_ON.match(text, m.end()) is not None:
            continue
        taken = taken or TakenSpans(ctx.entities)
        if not taken.overlap(m.start(), m.end()):
            out.append(entity(m.start(), m.end(), text, "PRODUCT", "product", m.group(0), 0.5))
    return out


def versioned_names(ctx: Context) -> list[Entity]:
    """Versioned product names the dictionary does not know: Zeta-2.5 Flash, Foo 2 Pro, Llama 4.

    'Web3' is a word with a number; a version needs a dot, a hyphen, an edition word, or a space before a bare
    number after a word that is not one English writes with a number (``numbered_words`` in
    ``dictionaries/cues/names.yaml``: Chapter 3, Phase 2, Tier 1, May 5)."""
    text = ctx.text
    versioned, edition = _versioned(tuple(ctx.names.edition_words))
    numbered = _casefolded(tuple(ctx.names.numbered_words))
    out = []
    for m in versioned.finditer(text):
        name = m.group(0)
        marked = "." in name or "-" in name or edition.search(name) is not None
        if marked or _bare_version(text, m.end(), name, numbered):
            out.append(entity(m.start(), m.end(), text, "PRODUCT", "product", name, 0.5))
    return out + _several_words_versions(ctx, numbered)


_YEAR = re.compile(r"(?:20\d\d|'\d\d)(?![A-Za-z0-9])")


def event_editions(ctx: Context) -> list[Entity]:
    """An event named elsewhere in the text, written with its year attached: CES -> ｢CES2026｣ is the event too.

    Each year in the text is looked up once against the events' names (by length), so the time follows the text,
    not the number of events times the text.
    """
    text = ctx.text
    events: dict[str, Entity] = {}
    for e in ctx.entities:
        if e.label == "EVENT" and e.text.isascii():
            events.setdefault(e.text, e)
    if not events:
        return []
    by_length: dict[int, set[str]] = {}
    for name in events:
        by_length.setdefault(len(name), set()).add(name)
    hits: dict[str, list[tuple[int, int]]] = {}
    for m in _YEAR.finditer(text):
        y = m.start()
        for length, names in by_length.items():
            start = y - length
            if start < 0 or text[start:y] not in names:
                continue
            before = text[start - 1] if start > 0 else ""
            if before.isascii() and before.isalnum():
                continue  # inside a longer Latin word
            hits.setdefault(text[start:y], []).append((start, m.end()))
    out: list[Entity] = []
    for name, e in events.items():
        last_end = 0
        for start, end in hits.get(name, ()):
            if start < last_end:
                continue  # overlaps the previous edition of the same name
            last_end = end
            out.append(entity(start, end, text, "EVENT", e.kind or "event", text[start:end], 0.6, id=None, parent=e.id))
    return out
