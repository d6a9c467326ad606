"""Laws and regulations the dictionary does not list, by how laws are named (LAW).

- Latin names ending in Act, Law, Directive or Regulation: the EU AI Act, CHIPS and Science Act, Digital Markets
  Act (capitalized words, at most five before the head word).
- A Latin name followed by 法: EU AI法, CHIPS法, NO FAKES法 (法 after a Latin word is the law's, not a method's:
  methods are 手法; not 法律, 法人, 法的, 法則...).
- Japanese names ending in a law's naming suffix: 個人情報保護法, AI推進法, 反トラスト法, 特別措置法, 〜法案
  (``law_name_endings``: a kind of law, not 法 alone, which ends 方法 and 手法 too), written with no particle inside,
  ending the word or followed by one of ``law_name_followers`` (反トラスト法裁判, 著作権法改正).
- An acronym written where only a law can be: GDPRに準拠, CCPA違反, DSAの施行 (``law_contexts_after``).
- An acronym glossed in brackets by a phrase ending in a law's head word, or that phrase glossed by the acronym:
  both are the law (GDPR（一般データ保護規則）, 個人情報保護法（PIPA）: ``law_gloss_heads``, ``law_name_endings``).

The words are data (``dictionaries/cues/rules.yaml``).

Example:
    >>> from jpnews_tags.lexicon.schema import NameCues, PersonCues, RuleCues
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> from .context import Context
    >>> text = "EUのAI ActとGDPRに準拠し、個人情報保護法も守る。新しい方法で。EU AI法とCHIPS法、法律、AI法人も。"
    >>> cues = RuleCues(law_name_endings=["保護法"], law_contexts_after=["に準拠"])
    >>> ctx = Context(text, Tokenizer().tokenize(text), [], PersonCues(), cues, NameCues())
    >>> [e.text for e in laws(ctx)]
    ['AI Act', 'GDPR', '個人情報保護法', 'EU AI法', 'CHIPS法']
    >>> text = "EUはGDPR（一般データ保護規則）を定め、韓国は個人情報保護法（PIPA）を改正した。強化学習手法（RLHF）も。"
    >>> cues = RuleCues(law_gloss_heads=["規則"], law_name_endings=["保護法"])
    >>> [e.text for e in laws(Context(text, Tokenizer().tokenize(text), [], PersonCues(), cues, NameCues()))]
    ['GDPR', '一般データ保護規則', '個人情報保護法', 'PIPA']
"""

from __future__ import annotations

import re

from ...lexicon.schema import RuleCues
from ...models import Entity
from ...text.scripts import KANJI, KATAKANA, bracket_gloss
from .context import Context, alternation, entity

_LATIN_ACT = re.compile(
    r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9&.\-]*(?: (?:[A-Z][A-Za-z0-9&.\-]*|and|of|for|on|the)){0,5}"
    r" (?:Act|Law|Directive|Regulation)(?![A-Za-z])"
)
_ACRONYM = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Z0-9]{2,6}(?![A-Za-z0-9])")
_DEICTIC = frozenset("本同当各此")
_LATIN_HO = re.compile(
    r"[A-Z](?<![A-Za-z0-9&\-.].)[A-Za-z0-9&\-]*(?: [A-Z][A-Za-z0-9&\-]*){0,3}法(?![律人的則務廷令規曹])"
)
#: An acronym next to a bracket: GDPR（一般データ保護規則）, 一般データ保護規則（GDPR）, or first in brackets with its
#: expansion after a colon, 一般データ保護規則（GDPR: General Data Protection Regulation）.
_BRACKETED_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,7}(?=[（()）：:])")
#: What a law's name is written with (a gloss of other characters is a sentence, not a name).
_LAW_NAME = re.compile(rf"[{KANJI}{KATAKANA}A-Za-z0-9・ ]{{2,30}}")
#: The characters a name is written with, and a run of them up to the end of the searched window.
_NAME_CHAR = re.compile(rf"[{KANJI}{KATAKANA}A-Za-z0-9・]")
_RUN_BEFORE = re.compile(rf"{_NAME_CHAR.pattern}*\Z")
_PATTERNS: dict[int, tuple[RuleCues, re.Pattern[str] | None, re.Pattern[str] | None]] = {}


def _patterns(cues: RuleCues) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    cached = _PATTERNS.get(id(cues))
    if cached is not None and cached[0] is cues:
        return cached[1], cached[2]
    endings = sorted(cues.law_name_endings, key=len, reverse=True)
    # the name ends the word, or one of law_name_followers comes next (反トラスト法裁判, 著作権法改正)
    followers = alternation(sorted(cues.law_name_followers, key=len, reverse=True))
    named = (
        re.compile(
            rf"[{KANJI}{KATAKANA}A-Za-z0-9](?<![{KANJI}{KATAKANA}A-Za-z0-9・].)[{KANJI}{KATAKANA}A-Za-z0-9・]{{0,15}}?"
            rf"(?:{alternation(endings)})(?:(?![{KANJI}{KATAKANA}])|(?=(?:{followers})))"
        )
        if endings
        else None
    )
    context = (
        re.compile(rf"(?:{alternation(sorted(cues.law_contexts_after, key=len, reverse=True))})")
        if (cues.law_contexts_after)
        else None
    )
    _PATTERNS[id(cues)] = (cues, named, context)
    return named, context


def _run_starts(text: str, endings: list[str]) -> list[int]:
    """Where the name pattern of ``endings`` can match: the starts of runs of name characters that hold the last
    character of an ending within the pattern's reach.

    A name starts where a run of name characters starts (the pattern's look-behind) and ends with an ending, at
    most 16 characters and the ending later; so the pattern needs trying only there, which finds what a scan of the
    whole text finds in a fraction of the time.
    """
    reach = 16 + max(map(len, endings))
    starts: set[int] = set()
    for final in {e[-1] for e in endings}:
        p = text.find(final)
        while p >= 0:
            lo = max(0, p - reach)
            m = _RUN_BEFORE.search(text, lo, p)
            if m is not None and (m.start() > lo or lo == 0 or not _NAME_CHAR.match(text, lo - 1)):
                starts.add(m.start())  # (a run starting further back reaches no ending this far on)
            p = text.find(final, p + 1)
    return sorted(starts)


def laws(ctx: Context) -> list[Entity]:
    """Laws named as laws are named (see the module doc)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if " Act" in text or " Law" in text or " Directive" in text or " Regulation" in text:
        for m in _LATIN_ACT.finditer(text):
            out.append(entity(m.start(), m.end(), text, "LAW", "law", m.group(0), 0.6))
    if "法" in text:
        for m in _LATIN_HO.finditer(text):
            out.append(entity(m.start(), m.end(), text, "LAW", "law", m.group(0), 0.6))
    named, context = _patterns(cues)
    if named is not None and "法" in text:
        for start in _run_starts(text, cues.law_name_endings):
            law = named.match(text, start)
            if law is None or law.group(0)[0] in _DEICTIC:
                continue  # (本法案, 同法: "this bill", not a name)
            out.append(entity(law.start(), law.end(), text, "LAW", "law", law.group(0), 0.55))
    if context is not None:
        for m in _ACRONYM.finditer(text):
            if context.match(text, m.end()):
                out.append(entity(m.start(), m.end(), text, "LAW", "regulation", m.group(0), 0.55))
    if cues.law_gloss_heads and ("（" in text or "(" in text):
        heads = (*cues.law_gloss_heads, *cues.law_name_endings)
        spans = {(e.start, e.end) for e in out}
        for m in _BRACKETED_ACRONYM.finditer(text):
            gloss = bracket_gloss(text, m.start(), m.end())
            if gloss is None:
                continue
            name = text[gloss[0] : gloss[1]]
            if name != name.strip() or not _LAW_NAME.fullmatch(name) or not name.endswith(heads) or name[0] in _DEICTIC:
                continue
            for span in sorted([m.span(), gloss]):
                if span not in spans:
                    out.append(entity(span[0], span[1], text, "LAW", "law", text[span[0] : span[1]], 0.6))
    return sorted(out, key=lambda e: e.start)
