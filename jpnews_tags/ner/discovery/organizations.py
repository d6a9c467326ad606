"""Companies the dictionary does not know, by how they are written about.

- By apposition: 米スタートアップのゼノバイト, 子会社のBig Innovation Company, 開発企業であるUnitree
  (``org_apposition``); a kanji name too when Sudachi tells where it is: 出版社の秀和システム, EVメーカー、蔚来汽車.
- By the head they have: ゼノバイトのCEO (``company_head_words``), サカナテックの佐々木健一社長 (the head named).
- As a company's partner: 富士通とARYAの提携 (``partnership_words``); as a subsidiary: Alphabet傘下のIntrinsicと
  (``subsidiary_words_before``).
- By a legal form: 株式会社リコー, リコー株式会社, Acme Labs (``legal_forms_*``, ``latin_legal_forms``).
- By an industry word: ユナイテッド航空, USスチール, ウォートン・スクール (``org_suffixes_*``).
- By their business or head office: 翻訳サービスを手掛けるNUVOは, ゼノバイト（東京都港区）.
- With a one-character country prefix: 米Altium社, 独Helsingの, 米オルテアを (``country_prefixes``; a katakana
  name only when it is not a common word, or katakana and AI: 仏ビーコンAIが).
- Before 社: ゼノバイト社は (-> ゼノバイト).
- Given as examples of companies: グーグル、リフトといった企業, NVIDIAのような企業 (``org_example_*``).
- Leading a sentence that says what only a company is or does (calls it 自社, raises money, was founded) or
  refers back to it as 同社: OpenAIは、ハッカーが同社の… (``org_subject_words``, ``org_anaphors_back``).
- A known company, a space and a katakana name: パナソニック コネクト (a company named after its parent).

The word lists are in ``dictionaries/cues/rules.yaml`` and ``dictionaries/cues/names.yaml``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...lexicon.suggest import cuts_a_word
from ...models import Entity
from ...text.scripts import KANJI, KATAKANA, KATAKANA_LETTERS, NAME_CHARS
from ...text.tokenization import PERSON_NAME, PLACE_NAME, PROPER_NOUN, Tokens
from .context import (
    CAPITAL,
    LATIN_WORDS,
    NAME_RUN_CHAR,
    WORD,
    Context,
    TakenSpans,
    alternation,
    chained_finditer,
    entity,
    has_any,
    sentences_holding,
)
from .examples import listed_examples

_NAME_CHARS = NAME_RUN_CHAR
_AFTER_NAME = r"(?=[はがのをにともへでや、。・\s「」『』（）()]|$)"
_NAME_START_CLASS = rf"[{NAME_CHARS}]"
# The first character of a name not inside a longer word. Patterns start with a character (class) and test what
# comes before it afterwards: one that starts with a look-behind cannot skip ahead, and scans 4-5x slower.
_NAME_FIRST = rf"{_NAME_CHARS}(?<!{_NAME_START_CLASS}.)"
_KANA_AI = re.compile(rf"[{KATAKANA_LETTERS}][{KATAKANA}・]{{1,14}}AI")


@lru_cache(maxsize=8)
def _examples_before(links: tuple[str, ...]) -> re.Pattern[str]:
    """What ends right before the kind named companies are examples of (AやBといった大手X, AとBという2つの大手X):
    a link word and maybe a count; the X after it is that kind, not a name."""
    return re.compile(rf"(?:{alternation([*links, 'という'])})(?:[0-9０-９一二三四五六七八九十数]+(?:つ|社)の)?$")


def apposition(ctx: Context) -> list[Entity]:
    """A name after a word that says it is a company: 米スタートアップのゼノバイト, 半導体商社マクニカ,
    子会社のBig Innovation Company, ロボット開発企業であるUnitree (``org_apposition``); not the kind of company
    named companies are examples of (AやBといった大手ハイパースケーラー)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if not cues.org_apposition:
        return out
    words = "|".join(map(re.escape, cues.org_apposition))
    # A name is one word, or capitalized Latin words, & between two of them too (H Company, Thinking Machines
    # Lab, Model Evaluation & Threat Research).
    name_re = rf"[A-Z][A-Za-z0-9&.]*(?:(?: &)? [A-Z][A-Za-z0-9&.]*){{1,4}}|{_NAME_CHARS}{{2,24}}"
    titles = ctx.person.titles
    examples = _examples_before(tuple(cues.org_example_links))
    for m in re.finditer(rf"({words})(の|、|である)?({name_re}){_AFTER_NAME}", text):
        name = m.group(3)
        if not m.group(2) and examples.search(text, max(0, m.start() - 12), m.start()):
            continue
        if m.group(1) == "企業" and (m.group(2) == "の" or (not m.group(2) and not name.isascii())):
            continue  # possessive (企業のレジリエンス) or a compound noun (企業レジリエンス); 企業Synvert is fine
        looks_like_name = name[:1].isupper() or not name.isascii()  # Latin names are capitalized
        generic = name in cues.not_company_words or name in cues.generic_quoted_words or name in titles
        # katakana + AI is how AI startups name themselves (ビーコンAI), even when both parts are words, and
        # capitalized Latin words together are a name (H Company)
        common = " " not in name and not _KANA_AI.fullmatch(name) and ctx.common(name)
        if looks_like_name and not generic and not name.isdigit() and not common:
            out.append(entity(m.start(3), m.end(3), text, "ORG", "company", name, 0.5))
    return out


def kanji_apposition(ctx: Context) -> list[Entity]:
    """A kanji name after a word that says it is a company, where Sudachi tells the name's extent: 出版社の
    秀和システム, EVメーカー、蔚来汽車, 製薬大手である塩野義製薬 (``org_apposition``; see :func:`_kanji_name_end`)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if not cues.org_apposition:
        return out
    for m in re.finditer(rf"({alternation(cues.org_apposition)})(の|、|である)(?=[{KANJI}])", text):
        if m.group(1) == "企業" and m.group(2) == "の":
            continue  # possessive: 企業の境界線
        end = _kanji_name_end(ctx, m.end())
        if end is not None:
            name = text[m.end() : end]
            if name not in cues.not_company_words and not ctx.common(name):
                out.append(entity(m.end(), end, text, "ORG", "company", name, 0.5))
    return out


_NOUN = ("名詞", "普通名詞")
_KANJI_OR_KATAKANA = re.compile(rf"[{KANJI}{KATAKANA}]+")
_KATAKANA_WORD = re.compile(rf"[{KATAKANA}]+")


def _name_pos(tokens: Tokens) -> tuple[frozenset[int], frozenset[int]]:
    """(POS ids a kanji name can start with: proper nouns but places and people, POS ids it goes on with: nouns)."""
    proper = tokens.pos_ids(PROPER_NOUN) - tokens.pos_ids(PLACE_NAME) - tokens.pos_ids(PERSON_NAME)
    return proper, tokens.pos_ids(_NOUN) | tokens.pos_ids(PROPER_NOUN)


def _kanji_name_end(ctx: Context, start: int) -> int | None:
    """Where a kanji name starting at ``start`` ends, when Sudachi says it is one: its first word a proper noun
    (秀和, not a place or a person: 日本法人, 田中氏) or a word of two characters or more Sudachi does not know
    (蔚来), then up to two more nouns, in katakana (秀和|システム), or in kanji after a word Sudachi does not know
    (蔚来|汽車; 光通信|技術 is the company 光通信 and its technology), ending before a particle or a punctuation
    mark. None when there is no such name there."""
    tokens, text = ctx.tokens, ctx.text
    rows = tokens.rows
    i = bisect.bisect_left(rows, (start,))
    if i >= len(rows) or rows[i][0] != start:
        return None
    proper, nouns = _name_pos(tokens)
    first = text[rows[i][0] : rows[i][1]]
    new_word = len(first) >= 2 and ctx.is_new_word is not None and ctx.is_new_word(first)
    if not _KANJI_OR_KATAKANA.fullmatch(first) or not (rows[i][3] in proper or new_word):
        return None
    more = _KANJI_OR_KATAKANA if new_word else _KATAKANA_WORD
    j = i + 1
    while j < len(rows) and j < i + 3 and rows[j][3] in nouns and more.fullmatch(text[rows[j][0] : rows[j][1]]):
        j += 1
    end = rows[j - 1][1]
    if end - start < 2 or not re.match(_AFTER_NAME, text[end : end + 1]):
        return None
    return end


@lru_cache(maxsize=8)
def _head_of(words: tuple[str, ...]) -> re.Pattern[str]:
    # 〇〇のCEO / 〇〇の社長 / 〇〇の創業者: the name before is a company.
    return re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=の(?:{alternation(words)}))")


def heads_of(ctx: Context) -> list[Entity]:
    """The name before の and the title of a company's head: ゼノバイトのCEO (``company_head_words``)."""
    text, cues = ctx.text, ctx.rules
    words = ctx.names.company_head_words
    out: list[Entity] = []
    # The pattern runs only when one of the literal words it needs is in the text (a C-speed test).
    for m in _head_of(tuple(words)).finditer(text) if has_any(text, words) else ():
        if m.group(0) not in cues.not_company_words and not ctx.common(m.group(0)):
            out.append(entity(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.5))
    return out


#: A name right before の, ending where the の is (searched in a window that ends at the の).
_NAME_BEFORE_NO = re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=の$)")


_KATAKANA_WORD = re.compile(rf"[{KATAKANA}]+")


@lru_cache(maxsize=8)
def _name_before_title(words: tuple[str, ...]) -> re.Pattern[str]:
    """A name right before a company head's title (matched where the name starts)."""
    return re.compile(rf"({_NAME_CHARS}{{2,24}}?)(?:{alternation(words)})")


def heads_named(ctx: Context) -> list[Entity]:
    """The name before の, a person and the title of a company's head: サカナテックの佐々木健一社長, ゼノバイトの
    ジョン・スミスCEO (second pass: the person found first, by the dictionary or a rule; ``company_head_words``, 氏
    or a space between them allowed: ルミナフローのケビン・タナー CEO); and the other way round, the person, ・ and the
    name before the title: 山田太郎・ゼノバイト社長. A common word is no name (同社の, 今回の, 日本法人の,
    代表取締役), unless it is katakana of two words or more (サカナ|テック: :meth:`Context.may_be_name`); nor is a name
    that overlaps one found."""
    text, cues = ctx.text, ctx.rules
    words = tuple(ctx.names.company_head_words)
    out: list[Entity] = []
    if not words:
        return out
    taken = TakenSpans(ctx.entities)
    after_dot = _name_before_title(words)
    for p in ctx.entities:
        if p.label == "PERSON" and text[p.end : p.end + 1] == "・":  # 山田太郎・ゼノバイト社長: the newspapers' order
            if _KATAKANA_WORD.fullmatch(p.text):
                continue  # one katakana word: a given name whose family name follows (ジョン・スミス社長)
            d = after_dot.match(text, p.end + 1)
            if d is None or taken.overlap(*d.span(1)) or d.group(1) in cues.not_company_words:
                continue
            if ctx.may_be_name(*d.span(1)):
                out.append(entity(d.start(1), d.end(1), text, "ORG", "company", d.group(1), 0.5))
            continue
        if p.label != "PERSON" or p.start < 2 or text[p.start - 1] != "の":
            continue
        at = p.end + 1 if text.startswith("氏", p.end) else p.end
        at += text[at : at + 1] in (" ", "\u3000")  # a space before the title: ケビン・タナー CEO
        if not text.startswith(words, at):
            continue
        m = _NAME_BEFORE_NO.search(text, max(0, p.start - 25), p.start)
        if m is None:
            continue
        name = m.group(0)
        if taken.overlap(m.start(), m.end()) or name in cues.not_company_words or not ctx.may_be_name(*m.span()):
            continue
        out.append(entity(m.start(), m.end(), text, "ORG", "company", name, 0.5))
    return out


#: A name right before と, ending where the と is (searched in a window that ends at the と).
_NAME_BEFORE_TO = re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=と$)")


#: Partnership words whose object a name before の may be (BroadcomとカスタムAIハードウェアの共同開発: the hardware
#: is what is developed with Broadcom): after の they say nothing of the name.
_WITH_OBJECT = ("共同開発", "共同研究")


@lru_cache(maxsize=8)
def _partnership(words: tuple[str, ...]) -> str:
    # は/が and any word, or の and a word that takes no object (〇〇の提携: a partnership of 〇〇)
    no_object = [w for w in words if not w.startswith(_WITH_OBJECT)]
    return rf"(?:(?:は|が)(?:{alternation(words)})|の(?:{alternation(no_object) if no_object else '(?!)'}))"


@lru_cache(maxsize=8)
def _partner_after(words: tuple[str, ...]) -> re.Pattern[str]:
    # と〇〇が提携 / と〇〇の提携 (matched at the と right after a company)
    return re.compile(rf"と({_NAME_CHARS}{{2,24}}?){_partnership(words)}")


@lru_cache(maxsize=8)
def _partnership_after(words: tuple[str, ...]) -> re.Pattern[str]:
    # (〇〇と)company が提携: what follows the company
    return re.compile(_partnership(words))


def partners(ctx: Context) -> list[Entity]:
    """A name written with a company found before it and a partnership word (``partnership_words``): 富士通と
    ARYAの提携, 日立とハピネスプラネットが共同開発, ゼノバイトとNECが資本業務提携: the partner is a company too
    (second pass: the company found by the dictionary or a rule). A common word is none (カスタムAIハードウェアの
    共同開発), unless katakana of two words or more (ハピネス|プラネット); nor is a name that overlaps one found."""
    text, cues = ctx.text, ctx.rules
    words = tuple(cues.partnership_words)
    out: list[Entity] = []
    if not words or not has_any(text, words):
        return out
    after, follows = _partner_after(words), _partnership_after(words)
    taken = TakenSpans(ctx.entities)

    def add(start: int, end: int) -> None:
        name = text[start:end]
        if not taken.overlap(start, end) and name not in cues.not_company_words and ctx.may_be_name(start, end):
            out.append(entity(start, end, text, "ORG", "company", name, 0.5))

    for c in ctx.entities:
        if c.label != "ORG":
            continue
        m = after.match(text, c.end)
        if m is not None:
            add(m.start(1), m.end(1))
        if c.start >= 2 and text[c.start - 1] == "と" and follows.match(text, c.end):
            b = _NAME_BEFORE_TO.search(text, max(0, c.start - 25), c.start)
            if b is not None:
                add(b.start(), b.end())
    return out


@lru_cache(maxsize=8)
def _subsidiary(words: tuple[str, ...]) -> re.Pattern[str]:
    # 傘下の〇〇が / 子会社である〇〇は: the whole katakana or Latin run (or capitalized Latin words with spaces:
    # Hakuhodo DY ONE), then a particle or a punctuation mark
    return re.compile(rf"(?:{alternation(words)})({LATIN_WORDS}|{_NAME_CHARS}{{2,24}}){_AFTER_NAME}")


def subsidiaries(ctx: Context) -> list[Entity]:
    """A katakana or Latin name right after 傘下の or 子会社である (``subsidiary_words_before``) is a subsidiary, a
    company: Alphabet傘下のIntrinsicと, 傘下のSBエナジーが, 子会社であるRADが, 傘下のHakuhodo DY ONEは. Not a common
    word (傘下のグループ会社, 傘下のロボティクス企業: a kind, and the run must end the word) unless it starts with a
    capital (Intrinsic, RAD, SBエナジー: common words to Sudachi); nor one before a quoted name, its kind
    (傘下のCVCファンド「NX…」); nor a name that overlaps one found (second pass)."""
    text, cues = ctx.text, ctx.rules
    words = tuple(cues.subsidiary_words_before)
    out: list[Entity] = []
    if not words or not has_any(text, words):
        return out
    taken = TakenSpans(ctx.entities)
    for m in _subsidiary(words).finditer(text):
        start, end = m.span(1)
        name = m.group(1)
        if taken.overlap(start, end) or name in cues.not_company_words or not any(c.isalpha() for c in name):
            continue
        if cuts_a_word(text, start, end):
            continue
        if text[end : end + 1] in ("「", "『"):
            continue  # a kind before the quoted name: 傘下のCVCファンド「NXグローバルイノベーション」
        if ctx.common(name) and not ("A" <= name[0] <= "Z"):
            continue
        out.append(entity(start, end, text, "ORG", "company", name, 0.5))
    return out


@lru_cache(maxsize=8)
def _legal(
    before: tuple[str, ...], after: tuple[str, ...], latin: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"(?:{alternation(before)}){_NAME_CHARS}{{2,24}}?{_AFTER_NAME}"),
        re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?:{alternation(after)}){_AFTER_NAME}"),
        # Capitalized Latin words before a legal form, after a comma or not: Acme Labs, Foo Bar Co., Ltd., Roush
        # Industries, Inc.
        re.compile(
            r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)*,? "
            rf"(?:{alternation(latin)})(?![A-Za-z])"
        ),
        # Where such a name can end: the comma or the space before a legal form.
        re.compile(rf",? (?=({alternation(latin)})(?![A-Za-z]))"),
    )


def legal_forms(ctx: Context) -> list[Entity]:
    """A company's name with its legal form: 株式会社リコー, リコー株式会社, Acme Labs (``legal_forms_before``,
    ``legal_forms_after``, ``latin_legal_forms``). The Latin names are found from their legal form backwards
    (:func:`~.context.chained_finditer`): linear in the text, however long a run of capitalized words it has."""
    text, names = ctx.text, ctx.names
    before, after, latin, latin_ends = _legal(
        tuple(names.legal_forms_before), tuple(names.legal_forms_after), tuple(names.latin_legal_forms)
    )
    matches: list[re.Match[str]] = []
    if has_any(text, names.legal_forms_before):
        matches += before.finditer(text)
    if has_any(text, names.legal_forms_after):
        matches += after.finditer(text)
    if has_any(text, names.latin_legal_forms):
        anchors = ((a.start(), a.end() + len(a.group(1))) for a in latin_ends.finditer(text))
        matches += chained_finditer(latin, text, anchors, WORD, CAPITAL)
    if not matches:
        return []
    forms = {*names.legal_forms_before, *names.legal_forms_after, *names.latin_legal_forms}
    known = {(e.start, e.end): e for e in ctx.entities if e.id is not None and e.label == "ORG"}
    return [_with_legal_form(m.start(), m.end(), text, known, forms) for m in matches]


def _with_legal_form(start: int, end: int, text: str, known: dict[tuple[int, int], Entity], forms: set[str]) -> Entity:
    """The company named at ``start:end`` with its legal form; a known company's (its id and canonical name) when
    the rest is one of ``known`` (``known``: the dictionary's companies by span): Salesforce, Inc. is Salesforce,
    NTTデータ株式会社 is NTTデータ."""
    for (a, b), e in known.items():
        if start <= a and b <= end and (a, b) != (start, end):
            rest = (text[start:a] + text[b:end]).strip(" ,")
            if rest in forms:
                conf = e.confidence if e.confidence is not None else 0.6  # as sure as the name alone
                return entity(start, end, text, "ORG", e.kind or "company", e.canonical or e.text, conf, id=e.id,
                              parent=e.parent, source="rule")  # fmt: skip
    return entity(start, end, text, "ORG", "company", text[start:end], 0.6)


@lru_cache(maxsize=8)
def _industry_pattern(strong: tuple[str, ...], weak: tuple[str, ...]) -> re.Pattern[str]:
    def alts(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"

    # The not-inside-a-word test comes after the first character: a pattern that starts with a character class
    # lets the regex engine skip ahead to candidate positions. Strong and weak suffixes are tried in one scan.
    not_inside = rf"(?<![{NAME_CHARS}].)"
    katakana_or_latin = rf"(?:(?<=[{KATAKANA_LETTERS}])[{KATAKANA}・]{{1,15}}|(?<=[A-Z])[A-Za-z0-9&]{{1,15}})"
    return re.compile(
        rf"([{KATAKANA_LETTERS}A-Z]{not_inside}{katakana_or_latin})・?(?:(?P<strong>{alts(strong)})|{alts(weak)})"
        rf"{_AFTER_NAME}"
    )


def industry_names(ctx: Context) -> list[Entity]:
    """A katakana or Latin name followed by an industry word: ユナイテッド航空, USスチール, ウォートン・スクール."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if not cues.org_suffixes_strong and not cues.org_suffixes_weak:
        return out
    generic = set(cues.generic_name_prefixes)
    endings = tuple(cues.generic_name_endings)
    for m in _industry_pattern(tuple(cues.org_suffixes_strong), tuple(cues.org_suffixes_weak)).finditer(text):
        name = m.group(1).rstrip("・")
        if name in generic or name in cues.not_company_words or name.endswith(endings):
            continue
        latin_caps = name.isascii() and name[:2].isupper()
        if m.group("strong") is None and not latin_caps and ctx.common(name):
            continue
        out.append(entity(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.5))
    return out


# A company named with its head office in brackets, press-release style: 〇〇（東京都港区、代表取締役…）,
# 〇〇（本社：大阪市）, 〇〇（東京・港）.
_OFFICE = (
    r"[（(](?:本社[：:・]\s*)?"
    rf"(?:東京都|大阪府|京都府|北海道|[{KANJI}]{{1,3}}県|東京・|大阪・|[{KANJI}]{{1,4}}[市区][、,）)])"
)
_NAME_WITH_OFFICE = re.compile(
    rf"({_NAME_FIRST}{_NAME_CHARS}{{1,23}}|株式会社(?<!{_NAME_START_CLASS}.{{4}}){_NAME_CHARS}{{2,24}}){_OFFICE}"
)
# The bracket alone, searched first: a pattern that starts with a bracket skips ahead in C, and few texts have one.
_OFFICE_ANCHOR = re.compile(_OFFICE)
_DESCRIBED_NAME = (
    rf"([{KATAKANA_LETTERS}][{KATAKANA}・]{{1,20}}[{KATAKANA}]|[A-Z][A-Za-z0-9&]*(?: [A-Z][A-Za-z0-9&]*){{0,2}})"
)


def described_companies(ctx: Context) -> list[Entity]:
    """Companies introduced by their business or their head office: 翻訳サービスを手掛けるNUVOは,
    風力発電機を開発するチャレナジーと, ゼノバイト（東京都港区）."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    generic = {*cues.generic_quoted_words, *cues.not_company_words}
    candidates: list[tuple[int, int]] = []
    if cues.org_business_verbs:
        verbs = "|".join(map(re.escape, sorted(cues.org_business_verbs, key=len, reverse=True)))
        for m in re.finditer(rf"を[^、。\s「」]{{0,6}}?(?:{verbs}){_DESCRIBED_NAME}(?=[はがとのも、])", text):
            candidates.append(m.span(1))
    for m in _NAME_WITH_OFFICE.finditer(text) if _OFFICE_ANCHOR.search(text) else ():
        candidates.append(m.span(1))
    for s, e in candidates:
        name = text[s:e]
        if name in generic or name.isdigit() or ctx.common(name):
            continue
        if name.isascii() and name.isupper() and len(name) <= 2:
            continue
        out.append(entity(s, e, text, "ORG", "company", name, 0.5))
    return out


# A name leading its sentence as its topic or subject (Xは, Xが, or X、 as a headline has it; after the line's
# markup), and the rest of the sentence after it.
_SENTENCE_TOPIC = re.compile(
    rf"(?:^|(?<=[。！？!?\n]))[ \t\u3000*#>\-]*"
    rf"([A-Z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*){{0,2}}|[{KATAKANA_LETTERS}][{KATAKANA}]{{1,20}}(?:AI)?)"
    r"(?:(は|が)、?|、)([^。！？!?\n]*)"
)


def _before_other_subject(rest: str, word: str) -> bool:
    """Whether ``word`` is in ``rest`` with no other topic or subject before it: what it says is said of the name
    (オープンAIは近頃、自社開発した…), not of another (…Studioは、企業が自社のポリシーを…)."""
    at = rest.find(word)
    return at >= 0 and "は" not in rest[:at] and "が" not in rest[:at]


def company_subjects(ctx: Context) -> list[Entity]:
    """A name leading its sentence of which the rest says what only a company is or does, before any other topic
    or subject: it calls it 自社, its own; it raises money, was founded, went public (``org_subject_words``:
    ビーコンは自社開発の…, Third Intelligenceが80億円もの資金を調達, Spring Healthは2016年に設立された…); or it
    refers back to it as 同社, the company (``org_anaphors_back``, anywhere but right after the name:
    OpenAIは、ハッカーが同社の分析パートナーから…, but Azure AIは、同社のクラウド… names a product of a company
    named before); or it quotes a product named after it (HONORが…「HONOR WIN」を発表: the maker names its
    products so; on the posts 106 of 108 such subjects the dictionary knows are companies, the other two, Suno and
    NetSuite announcing, acting as ones). Not Bell Cyberが提供するSECaaSは、自社で… (the customers' own), not a
    katakana name with ・ (a person's: サム・アルトマンは自社の…), not a common word, a generic word or two capitals.
    A headline's X、 counts as a subject for the first kind only."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    said, back = tuple(cues.org_subject_words), tuple(cues.org_anaphors_back)
    if not (has_any(text, said) or has_any(text, back) or "「" in text):
        return out
    generic = {*cues.not_company_words, *cues.generic_quoted_words, *ctx.person.titles}
    taken = TakenSpans(ctx.entities)
    for start, end in sentences_holding(text, (*said, *back, "「")):
        for m in _SENTENCE_TOPIC.finditer(text, start, end):
            name, rest = m.group(1), m.group(3)
            if not (
                any(_before_other_subject(rest, w) for w in said)
                or (m.group(2) and any(w in rest[1:] for w in back))
                or (m.group(2) and (f"「{name} " in rest or f"「{name}\u3000" in rest))
            ):
                continue
            if name in generic or (name.isascii() and name.isupper() and len(name) <= 2):
                continue
            if not name.isascii() and not _KANA_AI.fullmatch(name) and ctx.common(name):
                continue
            if not taken.overlap(m.start(1), m.end(1)):
                out.append(entity(m.start(1), m.end(1), text, "ORG", "company", name, 0.5))
    return out


@lru_cache(maxsize=8)
def _country_prefixed(prefixes: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    prefix = f"[{re.escape(prefixes)}]" if prefixes else "(?!)"
    # Journalists put a one-character country before a foreign company: 米Altium社, 独Helsingの, 豪Macquarie
    # Capital. Only mixed-case Latin names (all-capitals ones are as often indices or agencies: 米CPI, 米FRB): a
    # capital, a lower-case letter somewhere in the word (looked for ahead, so that a long word is read once).
    latin = re.compile(
        rf"{prefix}(?<![{KANJI}].)"
        r"([A-Z](?=[A-Za-z0-9.&\-]*?[a-z])[A-Za-z0-9.&\-]*+(?: [A-Z][A-Za-z0-9.&\-]++){0,2})(?=[がはのとも、をにで]|社)"
    )
    # The same prefix before a katakana name (米オルテアを買収, 独ヘルシングの): kept only when the name is not a
    # common word (米メディア, 米アナリスト, 米ベンチャーキャピタル are not companies).
    kana = re.compile(
        rf"{prefix}(?<![{KANJI}{KATAKANA}].)([{KATAKANA_LETTERS}][{KATAKANA}・]{{2,15}}(?:AI)?)(?=[がはのとも、をにで]|社)"
    )
    return latin, kana


def country_prefixed(ctx: Context) -> list[Entity]:
    """A company written with a one-character country prefix: 米Altium社, 独Helsingの, 米オルテアを, 仏ビーコンAIが
    (katakana and AI, though both are words)."""
    text, cues = ctx.text, ctx.rules
    latin, kana = _country_prefixed("".join(ctx.names.country_prefixes))
    out = [entity(m.start(1), m.end(1), text, "ORG", "company", m.group(1), 0.55) for m in latin.finditer(text)]
    if ctx.is_common is not None:  # without the common-word test, katakana after a prefix is too often a word
        for m in kana.finditer(text):
            name = m.group(1)
            if name.endswith("・") or name in cues.not_company_words:
                continue
            if _KANA_AI.fullmatch(name) or not ctx.is_common(name):  # katakana + AI: 仏ミストラルAIが
                out.append(entity(m.start(1), m.end(1), text, "ORG", "company", name, 0.5))
    return out


_NAME_SHA = re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=社(?:[はがのをにともへでや、。]|$))")


def named_with_sha(ctx: Context) -> list[Entity]:
    """A name before 社 and a particle: ゼノバイト社は -> ゼノバイト."""
    text, cues = ctx.text, ctx.rules
    out = []
    for m in _NAME_SHA.finditer(text):
        name = m.group(0)
        if name not in cues.not_company_words and not name.isdigit() and not ctx.common(name):
            out.append(entity(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.55))
    return out


def examples_of_companies(ctx: Context) -> list[Entity]:
    """Names given as examples of companies: グーグル、リフトといった企業, NVIDIAのような企業, OpenAIなどのAI企業
    (``org_example_links``, ``org_example_heads``). Each item is a company; a common word only in a list of two or
    more where another item is not a common word (リフト, next to グーグル), and never a generic word (AI, メディア)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if not (cues.org_example_links and cues.org_example_heads):
        return out
    generic = {*cues.not_company_words, *cues.generic_quoted_words, *ctx.person.titles}
    for items in listed_examples(text, tuple(cues.org_example_links), tuple(cues.org_example_heads)):
        names = [(s, e) for s, e in items if text[s:e] not in generic and not text[s:e].isdigit()]
        common = [ctx.common(text[s:e]) for s, e in names]
        if not names or all(common) or (len(items) == 1 and common[0]):
            continue
        out += [entity(s, e, text, "ORG", "company", text[s:e], 0.5) for s, e in names]
    return out


_SPACED_NAME = re.compile(rf"[ 　]([ァ-ヺ][ァ-ヺー・]{{2,20}}[ァ-ヺー]){_AFTER_NAME}")


def spaced_subsidiaries(ctx: Context) -> list[Entity]:
    """A known company, one space and a katakana name that is not a common word: one company named after its
    parent (パナソニック コネクト, ソニー インタラクティブ), not the parent and a stray word. Not a person written
    after the company (a given name, or a title or honorific after the name: ソニー ジョンソン氏)."""
    text = ctx.text
    out: list[Entity] = []
    after_person = (*ctx.person.honorifics, *ctx.person.titles)
    for e in ctx.entities:
        if e.label != "ORG" or text[e.end : e.end + 1] not in (" ", "　"):
            continue
        m = _SPACED_NAME.match(text, e.end)
        if m is None:
            continue
        name = m.group(1)
        first = name.split("・")[0]
        if ctx.common(name) or first in ctx.person.given_names or text.startswith(after_person, m.end(1)):
            continue
        out.append(entity(e.start, m.end(1), text, "ORG", "company", text[e.start : m.end(1)], 0.5))
    return out
