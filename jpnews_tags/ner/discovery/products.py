"""Products (and a few companies) named in quotes or introduced by the kind of thing they are.

- Capitalized Latin names in 「」: 「Lux」, 「HONOR WIN」 (PRODUCT, or ORG after words like スタートアップ/企業);
  not a concept (「Privacy by Design」という考え方).
- Names in 「」 after a word that introduces a product or a work: AIモデル「Apertus（アペルタス）」, 漫画「…」.
- A capitalized Latin name before という and such a word (**A.I. Square**というイニシアチブ), or after one and である
  or の (AIツールであるFinmile).
- A model name after a word that only a product takes (新型エアバスA321XLR, 新型iPad: ``new_model_words``).
- A name in 「」 right after a company (and の, が or は): Microsoftが「AI Foundry」を, NTT「tsuzumi 2」, Googleの
  「NotebookLM」: what a company names is its product, project or work; not its words (「…」と述べた).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ...models import Entity
from ...text.scripts import KANJI_WORD, KATAKANA, KATAKANA_LETTERS
from .context import CAPITAL, Context, alternation, chained_finditer, entity, has_any, quoted_as_company
from .examples import listed_examples

# One letter in quotes is a grade or an ESG letter (「S」（社会）, 「C」評価) unless a product word introduces it.
_QUOTED_LATIN = re.compile(r"「([A-Z][A-Za-z0-9 .&'+:\-]{0,40}[A-Za-z0-9.+])」")
_WORD_SPLIT = re.compile(r"[ \-]")


@lru_cache(maxsize=8)
def _concept_patterns(words: tuple[str, ...], verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = "|".join(map(re.escape, words)) or "(?!)"
    v = "|".join(map(re.escape, verbs)) or "(?!)"
    return re.compile(rf"(?:と(?:は|いう)|の)(?:{w})"), re.compile(rf"(?:{v})$")


def quoted_names(ctx: Context) -> list[Entity]:
    """Capitalized Latin names in 「」: a product, or a company when a company word is next to it
    (``quoted_org_before``, ``quoted_org_after``); not a concept (「Privacy by Design」という考え方, 提唱された
    「Phone Case 3.0」: ``concept_words``, ``concept_verbs``) nor a strategy (「ACT」戦略: ``strategy_words``)."""
    text, cues = ctx.text, ctx.rules
    out = []
    concept_after, concept_before = _concept_patterns(tuple(cues.concept_words), tuple(cues.concept_verbs))
    for m in _QUOTED_LATIN.finditer(text):
        s, e = m.span(1)
        if _WORD_SPLIT.split(m.group(1))[0] in cues.generic_quoted_words:
            continue
        strategy = bool(cues.strategy_words) and text.startswith(tuple(cues.strategy_words), e + 1)
        if strategy or concept_after.match(text, e + 1) or concept_before.search(text, max(0, s - 9), s - 1):
            continue
        if quoted_as_company(text, s, e, ctx.names):
            out.append(entity(s, e, text, "ORG", "company", text[s:e], 0.55))
        else:
            out.append(entity(s, e, text, "PRODUCT", "product", text[s:e], 0.5))
    return out


#: Characters of a Latin name before という, and the characters a later word of it may start with.
_NAME_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-")
_NAME_WORD_START = CAPITAL | frozenset("0123456789")


@lru_cache(maxsize=8)
def _introduced_patterns(
    products: tuple[str, ...], works: tuple[str, ...], apposition: tuple[str, ...]
) -> tuple[
    re.Pattern[str] | None,
    re.Pattern[str] | None,
    tuple[re.Pattern[str], re.Pattern[str]] | None,
    re.Pattern[str] | None,
]:
    def alts(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    # a trade mark sign, a reading, closing bold or code marks (「**CLOVA X**」, 「`Heron R2`」)
    reading = r"(?:™|®)?(?:[（(][^）)\n]{1,30}[）)])?(?:\*\*|`)?」"
    quoted = (
        re.compile(rf"(?:{alts(products)})「(?:\*\*|`)?([^「」（）()\n*`、。]{{1,40}}?){reading}") if products else None
    )
    titled = re.compile(rf"(?:{alts(works)})「(?:\*\*|`)?([^「」（）()\n*`。]{{1,60}}?){reading}") if works else None
    # **A.I. Square**というイニシアチブ: the word must end there (not というソフトウェアエコシステム). The names are
    # found from each という + word backwards (see _named), so a long run of capitalized words costs its length once.
    toiu = rf"という(?:{alts(products)})(?:[をはがのにでもと、。）)]|上)"
    named = (
        (
            re.compile(rf"と(?=({toiu[1:]}))"),
            re.compile(rf"[A-Z](?<![A-Za-z0-9.\-].)[A-Za-z0-9.\-]*(?: [A-Z0-9][A-Za-z0-9.\-]*)*(?=(?:\*\*)?{toiu})"),
        )
        if products
        else None
    )
    # AIツールであるFinmile, 主力製品であるSigmaKit, スマートグラスNovaLens 2: a mixed-case Latin name after a kind of
    # product (and its version or edition words).
    apposed = (
        re.compile(
            rf"(?:{alts(apposition)})(?:である|の)?(?:\*\*)?"
            r"([A-Z](?=[A-Za-z0-9\-]*[a-z])[A-Za-z0-9\-]*(?: [A-Z0-9][A-Za-z0-9\-]*)*)"
            r"(?=[はがのをにともでや、。「」（）\s*])"
        )
        if apposition
        else None
    )
    return quoted, titled, named, apposed


def _named(text: str, named: tuple[re.Pattern[str], re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """The capitalized Latin names right before という and a kind of product, in linear time."""
    toiu, name = named

    def anchors() -> Iterator[tuple[int, int]]:
        for m in toiu.finditer(text):
            end = m.start() - 2 if text[m.start() - 2 : m.start()] == "**" else m.start()
            yield end, m.end() + len(m.group(1))

    return chained_finditer(name, text, anchors(), _NAME_WORD, _NAME_WORD_START)


def introduced_names(ctx: Context) -> list[Entity]:
    """Products introduced by the kind of thing they are.

    - Names in 「」 right after a word that introduces a product (AIモデル「Apertus（アペルタス）」, サービス「**CLOVA
      X**」, アシスタント「ConnectAI™」): the name without bold marks, trade mark signs or a reading in brackets.
      Short katakana or kanji names must not be common words (マルチエージェント「チーム」), unless katakana of two
      words or more (サービス「ミライノート」, プロジェクト「スターゲート」).
    - Titles of works in 「」, which may hold a comma: 漫画「15日間、生成AIでやらかし続ける中小企業」.
    - A capitalized Latin name before という and such a word: **A.I. Square**というイニシアチブ.
    - A mixed-case Latin name after a kind of product, with である or の or right after it: AIツールであるFinmile,
      スマートグラスNovaLens 2.

    The last two are left out when they span more than one known entity (チップであるAmazon EC2 Inferentia is two).
    """
    text, cues, entities = ctx.text, ctx.rules, ctx.entities
    quoted, titled, named, apposed = _introduced_patterns(
        tuple(cues.product_intro_words), tuple(cues.work_intro_words), tuple(cues.product_apposition_words)
    )
    generic = cues.generic_quoted_words
    starts = [e.start for e in entities]
    out = []
    if "「" in text:
        for pat in (quoted, titled):
            for m in pat.finditer(text) if pat is not None else ():
                name = m.group(1)
                single_letter = len(name) == 1 and "A" <= name <= "Z"
                if name != name.strip() or name.isdigit() or (len(name) < 2 and not single_letter) or "/" in name:
                    continue
                if name.split(" ")[0] in generic:
                    continue
                if not name.isascii() and len(name) <= 6 and not ctx.may_be_name(m.start(1), m.end(1)):
                    continue  # a common word (チーム), not a name coined of two (ミライ|ノート, スター|ゲート)
                out.append(entity(m.start(1), m.end(1), text, "PRODUCT", "product", name, 0.5))
    if named is not None and "という" in text:
        for m in _named(text, named):
            name = m.group(0)
            if name.split(" ")[0] in generic or (name.isupper() and len(name) <= 3) or name.endswith((".", "-")):
                continue
            if _known_inside(entities, starts, m.start(), m.end()) < 2:
                out.append(entity(m.start(), m.end(), text, "PRODUCT", "product", name, 0.5))
    for m in apposed.finditer(text) if apposed is not None else ():
        name = m.group(1)
        if name.split(" ")[0] not in generic and _known_inside(entities, starts, m.start(1), m.end(1)) < 2:
            out.append(entity(m.start(1), m.end(1), text, "PRODUCT", "product", name, 0.5))
    return out


# A model name: katakana or Latin, with a Latin letter somewhere (エアバスA321XLR, iPad, Mac mini), up to 3 more
# Latin words (Galaxy S25 Ultra, Mac mini); what follows is a particle, punctuation or the end.
_MODEL_NAME = (
    r"([ァ-ヺA-Za-z][ァ-ヺーA-Za-z0-9・\-]{1,30}(?: [A-Za-z0-9][A-Za-z0-9\-]*){0,3})"
    r"(?=[はがのをにともへでや、。「」（）()\s]|$)"
)


@lru_cache(maxsize=8)
def _new_model_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(rf"(?:{alternation(words)}){_MODEL_NAME}") if words else None


def _kind_before_latin(name: str, kinds: tuple[str, ...]) -> str:
    """The kind of product ``name`` starts with when a capitalized Latin name follows it (スマホ of スマホZephyr X1),
    else ''."""
    for kind in kinds:
        if name.startswith(kind) and name[len(kind) : len(kind) + 1].isascii() and name[len(kind) :][:1].isupper():
            return kind
    return ""


def new_models(ctx: Context) -> list[Entity]:
    """A model name after a word only a product takes: 新型エアバスA321XLR, 新型iPad (``new_model_words``), without
    a kind of product before it (新型スマホZephyr X1: ``product_apposition_words``). The name has a Latin letter
    and is not common words alone (新型AIロボット, 新型CPU and 新型コロナウイルス are not names)."""
    text, cues = ctx.text, ctx.rules
    pattern = _new_model_pattern(tuple(cues.new_model_words))
    kinds = tuple(cues.product_apposition_words)
    out: list[Entity] = []
    for m in pattern.finditer(text) if pattern is not None and has_any(text, cues.new_model_words) else ():
        name, start = m.group(1), m.start(1)
        kind = _kind_before_latin(name, kinds)
        if kind:  # 新型スマホZephyr X1: the name is what comes after the kind of product
            name, start = name[len(kind) :], start + len(kind)
        if not _LATIN_LETTER.search(name) or name.split(" ")[0] in cues.generic_quoted_words or ctx.common(name):
            continue
        out.append(entity(start, start + len(name), text, "PRODUCT", "product", name, 0.5))
    return out


_LATIN_LETTER = re.compile(r"[A-Za-z]")  # a Latin letter anywhere in a name
_NUMERIC_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT", "DATE"})


def _known_inside(entities: Sequence[Entity], starts: Sequence[int], start: int, end: int) -> int:
    """How many names among ``entities`` (sorted by start; ``starts`` their starts) overlap ``start:end``; numbers
    and dates do not count (ERNIE-4.5-VL-28B-A3B-Thinking holds the quantity 28B)."""
    i = bisect.bisect_left(starts, start)
    while i > 0 and entities[i - 1].end > start:
        i -= 1
    n = 0
    while i < len(entities) and entities[i].start < end:
        n += entities[i].end > start and entities[i].label not in _NUMERIC_LABELS
        i += 1
    return n


# A quoted name: no hiragana but の (a company's words are sentences: 「検索を再発明する」と述べた), a letter, kana or
# kanji in it, at most 40 characters.
_OWNED_QUOTE = re.compile(r"(?:の|が|は)?「([^「」ぁ-ねは-んゝゞ。、！？!?\n]{1,40})」")
_QUOTED_SPEECH_AFTER = ("と", "って", "との")
_OWNER_LABELS = frozenset({"ORG"})


def owned_names(ctx: Context) -> list[Entity]:
    """A name in 「」 right after a company, with の, が or は between or nothing: Microsoftが「AI Foundry」を
    打ち出した, NTT「tsuzumi 2」, Googleの「NotebookLM」, LayerXの「バクラク」. Only names with a Latin letter or
    katakana names that are not common words (a company's 「安全性」 or 「シリコン戦略」 is a word it uses); not the
    company's words (followed by と: 「…」と述べた), not a concept or a strategy (``concept_words``,
    ``strategy_words`` after it: 「カスタマーゼロ」戦略), not a generic word alone (「AI」)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if "「" not in text:
        return out
    concept_after, _ = _concept_patterns(tuple(cues.concept_words), tuple(cues.concept_verbs))
    generic = frozenset(cues.generic_quoted_words)
    attached = _generic_attached(tuple(cues.generic_quoted_words))
    strategy_words = tuple(cues.strategy_words)
    for e in ctx.entities:
        if e.label not in _OWNER_LABELS:
            continue
        m = _OWNED_QUOTE.match(text, e.end)
        if m is None:
            continue
        after = m.end()
        speech = text.startswith(_QUOTED_SPEECH_AFTER, after) and not text.startswith("と「", after)  # 「A」と「B」
        strategy = bool(strategy_words) and text.startswith(strategy_words, after)
        if speech or strategy or concept_after.match(text, after):
            continue
        for s, end in _quoted_parts(text, *m.span(1)):
            name = text[s:end]
            if name != name.strip() or name in generic:
                continue
            if _KANJI_END.search(name):
                continue  # a phrase: 「シリコン戦略」, 「Gemini時代」, 「脱NVIDIA依存」
            # what is left without the generic Latin words (AI of フィジカルAI, 光AI, AIクラウド) must be a name
            core = attached.sub("", " ".join(w for w in _WORD_SPLIT.split(name) if w not in generic))
            if _LATIN_LETTER.search(core) or (_KATAKANA_NAME.fullmatch(core) and not ctx.common(core)):
                out.append(entity(s, end, text, "PRODUCT", "product", name, 0.5))
            # (else words, not names: 「安全性」, 「フィジカルAI」, 「AIネイティブ企業」)
    return out


#: Markdown emphasis around the whole of a quoted name: 「**AWS Neuron SDK**」.
_EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(.+)\1")
#: A gloss in brackets at the end of a quoted name: 「文心一言（Ernie Bot）」.
_TRAILING_GLOSS = re.compile(r"[（(]([^（()）]+)[)）]$")


def _quoted_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names a quote holds: its text without markdown emphasis around it (「**AWS Neuron SDK**」), and a name
    and its gloss in brackets as two (「**文心一言（Ernie Bot）**」: 文心一言 and Ernie Bot, as the guidelines count a
    name and its bracketed abbreviation)."""
    if (em := _EMPHASIS.fullmatch(text, start, end)) is not None:
        start, end = em.span(2)
    gloss = _TRAILING_GLOSS.search(text, start, end)
    if gloss is None or gloss.start() == start:
        return [(start, end)]
    return [(start, gloss.start()), gloss.span(1)]


_KATAKANA_NAME = re.compile(rf"[{KATAKANA_LETTERS}][{KATAKANA}・]*")
_KANJI_END = re.compile(rf"[{KANJI_WORD}]$")


@lru_cache(maxsize=8)
def _generic_attached(words: tuple[str, ...]) -> re.Pattern[str]:
    """A generic Latin word (``generic_quoted_words``) written against Japanese (フィジカルAI, 光AI, AIクラウド): not
    what makes a name Latin."""
    w = alternation(words) if words else "(?!)"
    return re.compile(rf"(?<=[^\x00-\x7f])(?:{w})|(?:{w})(?=[^\x00-\x7f])")


#: A listed Latin product name: capitalized words (Create ML, Deep Learning AMIs, IMX501, Apollo.io).
_LISTED_PRODUCT = re.compile(r"[A-Z][A-Za-z0-9.&+\- ]*")
#: A word that makes a name of the list: capitalized with a lower-case letter (Groove, AutoML), or letters and a
#: number (IMX501); not an acronym alone (ERP, SCM).
_LISTED_NAME_WORD = re.compile(r"[A-Z].*[a-z]|.*[A-Za-z][0-9]")


def examples_of_products(ctx: Context) -> list[Entity]:
    """Latin names given as examples of a kind of product: Core MLやCreate MLといったフレームワーク, Echo等の物理
    デバイス, Grooveのような実用的なツール (``product_example_links``, ``product_example_heads``). Each item that
    is capitalized and has a word that is neither generic (``generic_quoted_words``: AI PC) nor an acronym alone
    (ERP) is a product; not where the kind goes on with a company word (``product_example_not_after``: Googleの
    ようなプラットフォーム企業). A late rule (:data:`jpnews_tags.ner.discovery.LATE_RULES`): the analyzer adds its
    names only where nothing else, the recognizer included, found one."""
    text, cues = ctx.text, ctx.rules
    generic = frozenset(cues.generic_quoted_words)
    out: list[Entity] = []
    lists = listed_examples(
        text,
        tuple(cues.product_example_links),
        tuple(cues.product_example_heads),
        tuple(cues.product_example_not_after),
    )
    for items in lists:
        for s, e in items:
            name = text[s:e]
            if _LISTED_PRODUCT.fullmatch(name) is None:
                continue
            if any(_LISTED_NAME_WORD.match(w) for w in _WORD_SPLIT.split(name) if w not in generic):
                out.append(entity(s, e, text, "PRODUCT", "product", name, 0.5))
    return out
