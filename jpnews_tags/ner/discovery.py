"""Discovery: names the dictionary does not know, found by patterns, marked ``source="discovery"``.

- Longer Latin names that begin with a known one: "Claude Sonnet 4.6", "Cisco Talos", "CES 2026",
  "Fidelity Management & Research Co." (the known entry becomes the ``parent``).
- Quoted Latin names: 「Lux」, 「HONOR WIN」 (PRODUCT, or ORG after words like スタートアップ/企業).
- Companies by legal form, 社 or apposition: 株式会社リコー, ゼノバイト社は (-> ゼノバイト), Acme Labs,
  米スタートアップのゼノバイト, ゼノバイトのCEO.
- Companies described by their business or head office (翻訳サービスを手掛けるNUVOは, ゼノバイト（東京都港区）) or
  written with a one-character country prefix (米Altium社, 独Helsingの, 米オルテアを: a katakana name only when it
  is not a common word).
- Places Sudachi knows as 地名 that the dictionary does not: 川崎, 河南省, 重慶 + 市 (LOC, or GPE for countries).
- Abbreviations and readings in brackets after a name, and long names before a known abbreviation:
  Metal Performance Shaders（MPS）, Apertus（アペルタス）, Model Evaluation & Threat Research (METR).
- Events with their year attached (CES -> CES2026) and policies named after a place (東京都AI戦略, LAW).
- Versioned product names: Zeta-2.5 Flash, Foo 2 Pro.
- People: katakana names joined by ・ that start with a known given name (ジェレミー・シーゲル), any katakana
  or Sudachi person-name word followed by 氏/CEO/社長... (バリー氏 -> バリー), Sudachi surname + given name
  (山根康宏); and a surname alone links to the person named in full earlier in the text.

Discovered entities have ``id`` null (except surname links), a lower confidence, and never beat a dictionary
entity of the same span. The cue words live in ``dictionaries/cues/person.yaml``.

Example:
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> cues = PersonCues(frozenset({"ジェレミー"}), ("氏",), ("CEO",))
    >>> text = "ジェレミー・シーゲル教授と山根康宏氏。シーゲルは語った。"
    >>> [(e.text, e.canonical) for e in discover(text, tok.tokenize(text), [], cues)]
    [('ジェレミー・シーゲル', 'ジェレミー・シーゲル'), ('山根康宏', '山根康宏'), ('シーゲル', 'ジェレミー・シーゲル')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from ..lexicon.schema import RuleCues
from ..models import Entity, EntityLabel
from ..text.tokenization import Tokens


@dataclass(frozen=True)
class PersonCues:
    given_names: frozenset[str]
    honorifics: tuple[str, ...]
    titles: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> PersonCues:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            frozenset(data.get("given_names", [])),
            tuple(data.get("honorifics", [])),
            tuple(sorted(data.get("titles", []), key=len, reverse=True)),
        )


_KATA = "ァ-ヺー"
_KATA_NAME = re.compile(rf"[{_KATA}](?<![{_KATA}・].)[{_KATA}]+(?:[・･=＝][{_KATA}]{{2,}}){{1,3}}(?![{_KATA}])")
# A katakana word ending right where the search window ends (just before an honorific).
_KATA_WORD_BEFORE = re.compile(rf"(?<![{_KATA}・])[{_KATA}]{{2,}}$")
# One letter in quotes is a grade or an ESG letter (「S」（社会）, 「C」評価) unless a product word introduces it.
_QUOTED_LATIN = re.compile(r"「([A-Z][A-Za-z0-9 .&'+:\-]{0,40}[A-Za-z0-9.+])」")
_ORG_BEFORE = re.compile(r"(スタートアップ|企業|会社|メーカー|ハウス|ファーム|事業者|団体|運営元)(の)?$")
_ORG_AFTER = re.compile(r"^(という(特定の)?(企業|会社|スタートアップ)|社)")
# A Latin tail that continues a known name: " Sonnet 4.6", " Talos", " 2026", "-grafana", " & Research Co."
_LATIN_TAIL = re.compile(r"(?:(?: |-)(?:[A-Z0-9][A-Za-z0-9.+']*|&)|-[a-z][a-z0-9]*)+")
_TAIL_STOP = frozenset(
    {
        "CEO",
        "CTO",
        "CFO",
        "COO",
        "API",
        "SDK",
        "AI",
        "The",
        "And",
        "Of",
        "GPU",
        "GPUs",
        "CPU",
        "NPU",
        "TPU",
        "PC",
        "PCs",
    }
)
_ORG_TAIL = re.compile(
    r"\b(Co\.?|Inc\.?|Corp\.?|Ltd\.?|LLC|Group|Holdings|Research|Labs?|Capital|Partners|Ventures|Technologies|"
    r"Systems|Foundation|Institute|University|ONE|Japan)$"
)
_PERSON_POS = ("名詞", "固有名詞", "人名")


def _ent(
    start: int,
    end: int,
    text: str,
    label: EntityLabel,
    kind: str,
    canonical: str,
    conf: float,
    *,
    id: str | None = None,
    parent: str | None = None,
    source: Literal["rule", "discovery"] = "discovery",
) -> Entity:
    return Entity(
        start=start,
        end=end,
        text=text[start:end],
        label=label,
        kind=kind,
        canonical=canonical,
        id=id,
        confidence=conf,
        source=source,
        value=None,
        parent=parent,
    )


def extend_latin_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Longer Latin names that start with a known ORG/PRODUCT/EVENT entity."""
    out: list[Entity] = []
    starts = {e.start for e in entities}
    for e in entities:
        if e.source != "gazetteer" or e.label not in ("ORG", "PRODUCT", "EVENT"):
            continue
        if not (e.text[-1:].isascii() and e.text[-1:].isalnum()):
            continue
        m = _LATIN_TAIL.match(text, e.end)
        if not m:
            continue
        end = e.end
        for part in re.finditer(r"(?: |-)?[^ \-]+|-", m.group(0)):
            word = part.group(0).strip(" -")
            if word in _TAIL_STOP or (e.end + part.start() + 1) in starts:
                break
            end = e.end + part.end()
        while end > e.end and text[end - 1] in ".-'&+ " and not re.search(r"(Co|Inc|Corp|Ltd)\.$", text[:end]):
            end -= 1
        if end <= e.end:
            continue
        span = text[e.start : end]
        label: EntityLabel
        if e.label == "EVENT":
            label, kind = "EVENT", e.kind or "event"
        elif e.label == "ORG" and not _ORG_TAIL.search(span):
            label, kind = "PRODUCT", "product"
        else:
            label, kind = e.label, e.kind or "company"
        out.append(_ent(e.start, end, text, label, kind, span, 0.6, parent=e.id))
    return out


def event_editions(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """An event named elsewhere in the text, written with its year attached: CES -> ｢CES2026｣ is the event too."""
    out: list[Entity] = []
    seen: set[str] = set()
    for e in entities:
        if e.label != "EVENT" or not e.text.isascii() or e.text in seen:
            continue
        seen.add(e.text)
        # The name first and the look-behind after it: a pattern that starts with a literal skips ahead in C.
        pat = re.compile(rf"{re.escape(e.text)}(?<![A-Za-z0-9].{{{len(e.text)}}})(?:20\d\d|'\d\d)(?![A-Za-z0-9])")
        for m in pat.finditer(text):
            out.append(
                _ent(m.start(), m.end(), text, "EVENT", e.kind or "event", m.group(0), 0.6, id=None, parent=e.id)
            )
    return out


_POLICY_YEARS = re.compile(r"[（(]\d{4}\s?[-−–〜~～]\s?(?:\d{4}|\d{2})年?度?[）)]")


def policy_names(text: str, entities: Sequence[Entity], cues: RuleCues) -> list[Entity]:
    """A place or government body with a policy word attached is a named policy or law: 東京都AI戦略,
    重慶市人工知能端末産業…行動計画 (LAW). Not across a particle: 日本のAI戦略 is not a name. The words are
    ``policy_words`` and ``business_plan_words`` in ``dictionaries/cues/rules.yaml``."""
    out: list[Entity] = []
    if not cues.policy_words:
        return out
    words = "|".join(map(re.escape, sorted(cues.policy_words, key=len, reverse=True)))
    tail = re.compile(rf"[\u4e00-\u9fffァ-ヺーA-Za-z0-9・]{{0,20}}?(?P<word>{words})(?![\u4e00-\u9fffァ-ヺー])")
    for e in entities:
        if not (e.label in ("GPE", "LOC") or (e.label == "ORG" and e.kind == "government")):
            continue
        m = tail.match(text, e.end)
        if m is None or (m.start("word") == e.end and m.group("word") not in ("行動計画", "基本計画", "基本法")):
            continue  # 日本戦略 (a company's plan for Japan), カリフォルニア州法: a topic word, not a name
        if any(w in m.group(0) for w in cues.business_plan_words):
            continue  # 米国投資計画, 香港IPO計画: a company's plan for that place
        kind = "law" if m.group("word") in ("基本法", "法案", "法", "条例") else "policy"
        end = m.end()
        years = _POLICY_YEARS.match(text, end)  # the period is part of the name: 〜行動計画（2026-2030年）
        span_end = years.end() if years else end
        out.append(_ent(e.start, span_end, text, "LAW", kind, text[e.start : end], 0.55))
    return out


_MODEL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*\d[A-Za-z0-9\-]*(?![A-Za-z0-9])")


def model_codes(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """A non-Latin company name with a model code attached: エアバスA321XLR -> PRODUCT."""
    out = []
    for e in entities:
        if e.source != "gazetteer" or e.label != "ORG" or not e.text or e.text[-1].isascii():
            continue
        m = _MODEL_CODE.match(text, e.end)
        if m:
            out.append(_ent(e.start, m.end(), text, "PRODUCT", "product", text[e.start : m.end()], 0.6, parent=e.id))
    return out


_NAME_CHARS = r"[ァ-ヺーA-Za-z0-9&・.＆]"
_AFTER_NAME = r"(?=[はがのをにともへでや、。・\s「」『』（）()]|$)"
_NAME_START_CLASS = r"[ァ-ヺーA-Za-z0-9&・]"
_NAME_START = rf"(?<!{_NAME_START_CLASS})"  # not inside a longer katakana or Latin word
# The first character of a name not inside a longer word. Patterns start with a character (class) and test what
# comes before it afterwards: one that starts with a look-behind cannot skip ahead, and scans 4-5x slower.
_NAME_FIRST = rf"{_NAME_CHARS}(?<!{_NAME_START_CLASS}.)"
_LEGAL_BEFORE = re.compile(rf"(?:株式会社|（株）|\(株\)|合同会社|有限会社){_NAME_CHARS}{{2,24}}?{_AFTER_NAME}")
_LEGAL_AFTER = re.compile(
    rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?:株式会社|ホールディングス|（株）|\(株\)){_AFTER_NAME}"
)
_NAME_SHA = re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=社(?:[はがのをにともへでや、。]|$))")
# 〇〇のCEO / 〇〇の社長 / 〇〇の創業者: the name before is a company.
_NAME_CEO = re.compile(rf"{_NAME_FIRST}{_NAME_CHARS}{{1,23}}(?=の(?:CEO|ＣＥＯ|社長|創業者|共同創業者|最高経営責任者))")
_LATIN_LEGAL = re.compile(
    r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)* "
    r"(?:Inc\.|Corp\.|Corporation|Co\., Ltd\.|Ltd\.|LLC|Labs|Technologies|Holdings)(?![A-Za-z])"
)


# Journalists put a one-character country before a foreign company: 米Altium社, 独Helsingの, 豪Macquarie Capital.
# Only mixed-case Latin names (all-capitals ones are as often indices or agencies: 米CPI, 米FRB).
# One-character country prefixes before a foreign company's name (米, 独...); rules.COUNTRY_PREFIXES also has 欧.
_COUNTRY_PREFIX = "[米中英独仏韓台印豪加蘭伊露]"
_COUNTRY_PREFIXED = re.compile(
    rf"{_COUNTRY_PREFIX}(?<![\u4e00-\u9fff].)"
    r"([A-Z][A-Za-z0-9.&\-]*[a-z][A-Za-z0-9.&\-]*(?: [A-Z][A-Za-z0-9.&\-]+){0,2})(?=[がはのとも、をにで]|社)"
)
# The same prefix before a katakana name (米オルテアを買収, 独ヘルシングの): kept only when the name is not a common
# word (米メディア, 米アナリスト, 米ベンチャーキャピタル are not companies).
_COUNTRY_PREFIXED_KANA = re.compile(
    rf"{_COUNTRY_PREFIX}(?<![\u4e00-\u9fffァ-ヺー].)([ァ-ヺ][ァ-ヺー・]{{2,15}})(?=[がはのとも、をにで]|社)"
)
_KANA_AI = re.compile(r"[ァ-ヺ][ァ-ヺー・]{1,14}AI")
_CEO_WORDS = ("CEO", "ＣＥＯ", "社長", "創業者", "最高経営責任者")
_LEGAL_PATTERNS = (
    (_LEGAL_BEFORE, ("株式会社", "（株）", "(株)", "合同会社", "有限会社")),
    (_LEGAL_AFTER, ("株式会社", "ホールディングス", "（株）", "(株)")),
    (_LATIN_LEGAL, ("Inc.", "Corp", "Co.,", "Ltd.", "LLC", "Labs", "Technologies", "Holdings")),
)


def _has_any(text: str, words: Sequence[str]) -> bool:
    return any(w in text for w in words)


def organizations(
    text: str, cues: RuleCues, titles: Sequence[str] = (), is_common: Callable[[str], bool] | None = None
) -> list[Entity]:
    """Company names marked by a legal form, 社 or an apposition: 株式会社リコー, ゼノバイト社は, Acme Labs,
    米スタートアップのゼノバイト, 子会社のBig Innovation Company, ゼノバイトのCEO."""
    out = []
    if cues.org_apposition:
        words = "|".join(map(re.escape, cues.org_apposition))
        # A name is one word, or capitalized Latin words (H Company, Thinking Machines Lab).
        name_re = rf"[A-Z][A-Za-z0-9&.]*(?: [A-Z][A-Za-z0-9&.]*){{1,3}}|{_NAME_CHARS}{{2,24}}"
        for m in re.finditer(rf"({words})(の|、)?({name_re}){_AFTER_NAME}", text):
            name = m.group(3)
            if m.group(1) == "企業" and (m.group(2) == "の" or (not m.group(2) and not name.isascii())):
                continue  # possessive (企業のレジリエンス) or a compound noun (企業レジリエンス); 企業Synvert is fine
            looks_like_name = name[:1].isupper() or not name.isascii()  # Latin names are capitalized
            generic = name in cues.not_company_words or name in cues.generic_quoted_words or name in titles
            # katakana + AI is how AI startups name themselves (ビーコンAI), even when both parts are words, and
            # capitalized Latin words together are a name (H Company)
            common = is_common is not None and " " not in name and not _KANA_AI.fullmatch(name) and is_common(name)
            if looks_like_name and not generic and not name.isdigit() and not common:
                out.append(_ent(m.start(3), m.end(3), text, "ORG", "company", name, 0.5))
    # Each pattern runs only when one of the literal words it needs is in the text (a C-speed test).
    for m in _NAME_CEO.finditer(text) if _has_any(text, _CEO_WORDS) else ():
        if m.group(0) not in cues.not_company_words and not (is_common and is_common(m.group(0))):
            out.append(_ent(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.5))
    for pat, needed in _LEGAL_PATTERNS:
        for m in pat.finditer(text) if _has_any(text, needed) else ():
            out.append(_ent(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.6))
    out += industry_names(text, cues, is_common)
    out += described_companies(text, cues, is_common)
    for m in _COUNTRY_PREFIXED.finditer(text):
        out.append(_ent(m.start(1), m.end(1), text, "ORG", "company", m.group(1), 0.55))
    if is_common is not None:  # without the common-word test, katakana after a prefix is too often a word
        for m in _COUNTRY_PREFIXED_KANA.finditer(text):
            name = m.group(1)
            if not name.endswith("・") and name not in cues.not_company_words and not is_common(name):
                out.append(_ent(m.start(1), m.end(1), text, "ORG", "company", name, 0.5))
    for m in _NAME_SHA.finditer(text):
        name = m.group(0)
        if name not in cues.not_company_words and not name.isdigit() and not (is_common and is_common(name)):
            out.append(_ent(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.55))
    return out


# A company named with its head office in brackets, press-release style: 〇〇（東京都港区、代表取締役…）,
# 〇〇（本社：大阪市）, 〇〇（東京・港）.
_OFFICE = (
    r"[（(](?:本社[：:・]\s*)?"
    r"(?:東京都|大阪府|京都府|北海道|[\u4e00-\u9fff]{1,3}県|東京・|大阪・|[\u4e00-\u9fff]{1,4}[市区][、,）)])"
)
_NAME_WITH_OFFICE = re.compile(
    rf"({_NAME_FIRST}{_NAME_CHARS}{{1,23}}|株式会社(?<!{_NAME_START_CLASS}.{{4}}){_NAME_CHARS}{{2,24}}){_OFFICE}"
)
# The bracket alone, searched first: a pattern that starts with a bracket skips ahead in C, and few texts have one.
_OFFICE_ANCHOR = re.compile(_OFFICE)
_DESCRIBED_NAME = r"([ァ-ヺ][ァ-ヺー・]{1,20}[ァ-ヺー]|[A-Z][A-Za-z0-9&]*(?: [A-Z][A-Za-z0-9&]*){0,2})"


def described_companies(text: str, cues: RuleCues, is_common: Callable[[str], bool] | None = None) -> list[Entity]:
    """Companies introduced by their business or their head office: 翻訳サービスを手掛けるNUVOは,
    風力発電機を開発するチャレナジーと, ゼノバイト（東京都港区）."""
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
        if name in generic or name.isdigit() or (is_common is not None and is_common(name)):
            continue
        if name.isascii() and name.isupper() and len(name) <= 2:
            continue
        out.append(_ent(s, e, text, "ORG", "company", name, 0.5))
    return out


@lru_cache(maxsize=8)
def _industry_pattern(strong: tuple[str, ...], weak: tuple[str, ...]) -> re.Pattern[str]:
    def alts(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"

    # The not-inside-a-word test comes after the first character: a pattern that starts with a character class
    # lets the regex engine skip ahead to candidate positions. Strong and weak suffixes are tried in one scan.
    not_inside = r"(?<![ァ-ヺーA-Za-z0-9&・].)"
    katakana_or_latin = r"(?:(?<=[ァ-ヺ])[ァ-ヺー・]{1,15}|(?<=[A-Z])[A-Za-z0-9&]{1,15})"
    return re.compile(
        rf"([ァ-ヺA-Z]{not_inside}{katakana_or_latin})・?(?:(?P<strong>{alts(strong)})|{alts(weak)}){_AFTER_NAME}"
    )


def industry_names(text: str, cues: RuleCues, is_common: Callable[[str], bool] | None = None) -> list[Entity]:
    """A katakana or Latin name followed by an industry word: ユナイテッド航空, USスチール, ウォートン・スクール."""
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
        if m.group("strong") is None and not latin_caps and is_common is not None and is_common(name):
            continue
        out.append(_ent(m.start(), m.end(), text, "ORG", "company", m.group(0), 0.5))
    return out


# A capitalized (not all-caps) word with a version number and optional edition words: Zeta-2.5 Flash, Foo 2 Pro.
# Not when a Latin word comes before it: 'National AI Strategy 2.0' is a longer name of unknown type.
_VERSIONED = re.compile(
    r"[A-Z](?<![A-Za-z0-9.\-].)(?<![A-Za-z] .)(?=[a-z])[A-Za-z]+(?:[- ]?v?\d+(?:\.\d+)*[a-z]?)"
    r"(?:[- ](?:Pro|Max|Mini|mini|Ultra|Flash|Turbo|Plus|Lite|Nano|Opus|Sonnet|Haiku|Instruct|Chat|Vision|Air))*"
    r"(?![A-Za-z0-9])"
)


_EDITION = re.compile(
    r" (?:Pro|Max|Mini|mini|Ultra|Flash|Turbo|Plus|Lite|Nano|Opus|Sonnet|Haiku|Instruct|Chat|Vision|Air)$"
)


_VERSION_TAIL = re.compile(r"^(.*?[A-Za-z])([- ]?)(\d{1,3})$")


def sibling_versions(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Other numbers of a known numbered product written the same way: CG-1 known, so CG-2 and CG-3 are
    products too (same parent)."""
    out: list[Entity] = []
    done: set[str] = set()
    for e in entities:
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
                    _ent(
                        hit.start(), hit.end(), text, "PRODUCT", e.kind or "product", hit.group(0), 0.55, parent=parent
                    )
                )
    return out


def versioned_names(text: str) -> list[Entity]:
    """Versioned product names the dictionary does not know: Zeta-2.5 Flash, Foo 2 Pro."""
    out = []
    for m in _VERSIONED.finditer(text):
        name = m.group(0)
        # 'Web3', 'Chapter 3' are words with a number: a version needs a dot, a hyphen or an edition word
        if "." in name or "-" in name or _EDITION.search(name):
            out.append(_ent(m.start(), m.end(), text, "PRODUCT", "product", name, 0.5))
    return out


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

    reading = r"(?:™|®)?(?:[（(][^）)\n]{1,30}[）)])?(?:\*\*)?」"  # a trade mark sign, a reading, closing bold
    quoted = (
        re.compile(rf"(?:{alts(products)})「(?:\*\*)?([^「」（）()\n*、。]{{1,40}}?){reading}") if products else None
    )
    titled = re.compile(rf"(?:{alts(works)})「(?:\*\*)?([^「」（）()\n*。]{{1,60}}?){reading}") if works else None
    # **A.I. Square**というイニシアチブ: the word must end there (not というソフトウェアエコシステム). The name
    # pattern runs only in texts where a search for its literal anchor (という + word) finds one.
    toiu = rf"という(?:{alts(products)})(?:[をはがのにでもと、。）)]|上)"
    named = (
        (
            re.compile(toiu),
            re.compile(rf"[A-Z](?<![A-Za-z0-9.\-].)[A-Za-z0-9.\-]*(?: [A-Z0-9][A-Za-z0-9.\-]*)*(?=(?:\*\*)?{toiu})"),
        )
        if products
        else None
    )
    # AIツールであるFinmile, 主力製品であるSigmaKit: a mixed-case Latin name after a kind of product.
    apposed = (
        re.compile(
            rf"(?:{alts(apposition)})(?:である|の)(?:\*\*)?"
            r"([A-Z](?=[A-Za-z0-9\-]*[a-z])[A-Za-z0-9\-]*(?: [A-Z][A-Za-z0-9\-]*)*)"
            r"(?=[はがのをにともでや、。「」（）\s*])"
        )
        if apposition
        else None
    )
    return quoted, titled, named, apposed


def introduced_names(
    text: str,
    cues: RuleCues,
    is_common: Callable[[str], bool] | None = None,
    entities: Sequence[Entity] = (),
) -> list[Entity]:
    """Products introduced by the kind of thing they are.

    - Names in 「」 right after a word that introduces a product (AIモデル「Apertus（アペルタス）」, サービス「**CLOVA
      X**」, アシスタント「ConnectAI™」): the name without bold marks, trade mark signs or a reading in brackets.
      Short katakana or kanji names must not be common words (マルチエージェント「チーム」).
    - Titles of works in 「」, which may hold a comma: 漫画「15日間、生成AIでやらかし続ける中小企業」.
    - A capitalized Latin name before という and such a word: **A.I. Square**というイニシアチブ.
    - A mixed-case Latin name after a kind of product and である or の: AIツールであるFinmile.

    The last two are left out when they span more than one known entity (チップであるAmazon EC2 Inferentia is two).
    """
    quoted, titled, named, apposed = _introduced_patterns(
        tuple(cues.product_intro_words), tuple(cues.work_intro_words), tuple(cues.product_apposition_words)
    )
    generic = cues.generic_quoted_words
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
                if not name.isascii() and len(name) <= 6 and is_common is not None and is_common(name):
                    continue
                out.append(_ent(m.start(1), m.end(1), text, "PRODUCT", "product", name, 0.5))
    if named is not None and "という" in text and named[0].search(text):
        for m in named[1].finditer(text):
            name = m.group(0)
            if name.split(" ")[0] in generic or (name.isupper() and len(name) <= 3) or name.endswith((".", "-")):
                continue
            if _known_inside(entities, m.start(), m.end()) < 2:
                out.append(_ent(m.start(), m.end(), text, "PRODUCT", "product", name, 0.5))
    for m in apposed.finditer(text) if apposed is not None else ():
        name = m.group(1)
        if name.split(" ")[0] not in generic and _known_inside(entities, m.start(1), m.end(1)) < 2:
            out.append(_ent(m.start(1), m.end(1), text, "PRODUCT", "product", name, 0.5))
    return out


_NUMERIC_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT", "DATE"})


def _known_inside(entities: Sequence[Entity], start: int, end: int) -> int:
    """How many names among ``entities`` (sorted by start) overlap ``start:end``; numbers and dates do not count
    (ERNIE-4.5-VL-28B-A3B-Thinking holds the quantity 28B)."""
    i = bisect.bisect_left([e.start for e in entities], start)
    while i > 0 and entities[i - 1].end > start:
        i -= 1
    n = 0
    while i < len(entities) and entities[i].start < end:
        n += entities[i].end > start and entities[i].label not in _NUMERIC_LABELS
        i += 1
    return n


@lru_cache(maxsize=8)
def _concept_patterns(words: tuple[str, ...], verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = "|".join(map(re.escape, words)) or "(?!)"
    v = "|".join(map(re.escape, verbs)) or "(?!)"
    return re.compile(rf"(?:と(?:は|いう)|の)(?:{w})"), re.compile(rf"(?:{v})$")


def quoted_names(text: str, cues: RuleCues) -> list[Entity]:
    """Capitalized Latin names in 「」: a product, or a company when a company word is next to it; not a concept
    (「Privacy by Design」という考え方, 提唱された「Phone Case 3.0」: ``concept_words``, ``concept_verbs``)."""
    out = []
    concept_after, concept_before = _concept_patterns(tuple(cues.concept_words), tuple(cues.concept_verbs))
    for m in _QUOTED_LATIN.finditer(text):
        g = 1
        s, e = m.span(g)
        if re.split(r"[ \-]", m.group(g))[0] in cues.generic_quoted_words:
            continue
        if concept_after.match(text, e + 1) or concept_before.search(text, max(0, s - 9), s - 1):
            continue
        before = text[max(0, s - 14) : s - 1]
        after = text[e + 1 : e + 12]
        if _ORG_BEFORE.search(before) or _ORG_AFTER.match(after):
            out.append(_ent(s, e, text, "ORG", "company", text[s:e], 0.55))
        else:
            out.append(_ent(s, e, text, "PRODUCT", "product", text[s:e], 0.5))
    return out


def _followed_by_marker(text: str, end: int, cues: PersonCues) -> bool:
    return text.startswith(cues.honorifics, end) or text.startswith(cues.titles, end)


_POS_ID_CACHE: dict[tuple[int, tuple[str, ...]], frozenset[int]] = {}


def _pos_ids(tokens: Tokens, prefix: tuple[str, ...]) -> frozenset[int]:
    """Sudachi POS ids whose POS starts with ``prefix`` (computed once per dictionary and prefix)."""
    ident = (id(getattr(tokens.pos_of, "__self__", tokens.pos_of)), prefix)  # the Sudachi dictionary
    cached = _POS_ID_CACHE.get(ident)
    if cached is None:
        ids: set[int] = set()
        for pid in range(10_000):
            pos = tokens.pos_of(pid)
            if pos is None:
                break
            if tuple(pos[: len(prefix)]) == prefix:
                ids.add(pid)
        cached = _POS_ID_CACHE[ident] = frozenset(ids)
    return cached


def _person_pos_ids(tokens: Tokens) -> tuple[frozenset[int], frozenset[int]]:
    """Sudachi POS ids of person surnames and given names."""
    return _pos_ids(tokens, (*_PERSON_POS, "姓")), _pos_ids(tokens, (*_PERSON_POS, "名"))


def people(text: str, tokens: Tokens, cues: PersonCues) -> list[Entity]:
    out: list[Entity] = []
    for m in _KATA_NAME.finditer(text):
        first = re.split("[・･=＝]", m.group(0))[0]
        if first in cues.given_names or _followed_by_marker(text, m.end(), cues):
            out.append(_ent(m.start(), m.end(), text, "PERSON", "person", m.group(0), 0.6))
    for h in cues.honorifics:
        for hm in re.finditer(re.escape(h), text):
            wm = _KATA_WORD_BEFORE.search(text, max(0, hm.start() - 30), hm.start())
            if wm:
                out.append(_ent(wm.start(), wm.end(), text, "PERSON", "person", wm.group(0), 0.55))
    rows = tokens.rows
    surname, given = _person_pos_ids(tokens)
    n = len(rows)
    skip_to = 0
    full_names: dict[str, str] = {}  # surname -> full name seen earlier (山根 -> 山根康宏)
    for i in tokens.indices_with_pos(surname):
        if i < skip_to:
            continue
        j = i + 1
        if j < n and rows[j][3] in given:
            s, e = rows[i][0], rows[j][1]
            out.append(_ent(s, e, text, "PERSON", "person", text[s:e], 0.6))
            full_names.setdefault(text[s : rows[i][1]], text[s:e])
            skip_to = j + 1
            continue
        s, e = rows[i][0], rows[i][1]
        if text.startswith(cues.honorifics, e) or text.startswith(cues.titles, e):
            # 山根氏 after 山根康宏 is the same person
            out.append(_ent(s, e, text, "PERSON", "person", full_names.get(text[s:e], text[s:e]), 0.55))
    return out


_KANA_OR_KANJI = re.compile(r"[ァ-ヺー\u4e00-\u9fff々]+")
_KATA_CHAR = re.compile(r"[ァ-ヺー・]")
_KANJI_CHAR = re.compile(r"[\u4e00-\u9fff々]")
_KANJI_NUMERALS = frozenset("一二三四五六七八九十百千")


def _place_pos_ids(tokens: Tokens) -> tuple[frozenset[int], frozenset[int]]:
    """Sudachi POS ids of place names: (all place names, country names)."""
    return _pos_ids(tokens, ("名詞", "固有名詞", "地名")), _pos_ids(tokens, ("名詞", "固有名詞", "地名", "国"))


def places(text: str, tokens: Tokens, cues: RuleCues, is_common: Callable[[str], bool] | None = None) -> list[Entity]:
    """Place names Sudachi knows (名詞-固有名詞-地名) and the dictionary does not: 川崎, ケンブリッジ, 河南省, with a
    suffix Sudachi splits off (重慶 + 市, ``place_suffixes``). Only whole words written in katakana or kanji, of two
    characters or more, that are not also common words alone (ロス, フリート) and not followed by 語, 人 or 大学
    (``not_place_after`` in ``dictionaries/cues/rules.yaml``)."""
    suffixes = frozenset(cues.place_suffixes)
    not_after = tuple(cues.not_place_after)
    rows = tokens.rows
    place, country = _place_pos_ids(tokens)
    n = len(rows)
    out: list[Entity] = []
    for i in tokens.indices_with_pos(place):
        a, b = rows[i][0], rows[i][1]
        word = text[a:b]
        if len(word) < 2 or not _KANA_OR_KANJI.fullmatch(word):
            continue
        before = text[a - 1] if a > 0 else ""
        after = text[b] if b < len(text) else ""
        katakana = bool(_KATA_CHAR.match(word[0]))
        if i + 1 < n and text[b : rows[i + 1][1]] in suffixes:
            b = rows[i + 1][1]
            after = text[b] if b < len(text) else ""
        # A whole word: not a piece of a longer katakana word (プラット|フォーマー) or kanji compound (物理|的形).
        pattern = _KATA_CHAR if katakana else _KANJI_CHAR
        if (before and pattern.match(before)) or (after and pattern.match(after)):
            continue
        if text.startswith(not_after, b) or (after.isascii() and after.isalnum()):
            continue  # アラビア語, ウォータールー大学; a product number follows: 崑崙5
        if word[0] in _KANJI_NUMERALS and b == rows[i][1]:
            continue  # 二重、三重 (counting), unless a suffix makes it the place: 三重県
        if is_common is not None and is_common(word):
            continue
        label, kind = _place_type(text[a:b], rows[i][3] in country)
        out.append(_ent(a, b, text, label, kind, text[a:b], 0.5))
    return out


def _place_type(name: str, is_country: bool) -> tuple[EntityLabel, str]:
    """GPE for countries and administrative units (カンザス州, 重慶市, 港区), LOC for the rest (アマゾン川, 川崎)."""
    if is_country:
        return "GPE", "country"
    if name.endswith(("州", "省", "県", "府", "自治区")):
        return "GPE", "state"
    if name.endswith(("市", "町", "村")):
        return "GPE", "city"
    if name.endswith(("区", "郡")):
        return "GPE", "district"
    if name.endswith("川"):
        return "LOC", "river"
    return "LOC", "area"


_BRACKET_AFTER = re.compile(
    r"(?:\*\*)?\s?[（(]([A-Z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+){0,3}|[ァ-ヺ][ァ-ヺー・]{1,24})[）)]"
)
_LATIN_BEFORE = re.compile(r"(?:[A-Z][A-Za-z0-9.\-]*|&|of|and|for|the)(?: (?:[A-Z][A-Za-z0-9.\-]*|&|of|and|for|the))*$")
_KATA_BEFORE = re.compile(r"[ァ-ヺ][ァ-ヺー・]{1,24}$")


def _abbreviation_of(short: str, long: str) -> bool:
    """'METR' for 'Model Evaluation & Threat Research', 'NAIS 2.0' for 'National AI Strategy 2.0'."""
    initials = "".join(w[0] for w in re.split(r"[ \-]+", long) if w[:1].isupper())
    letters = "".join(c for c in short.split(" ")[0] if c.isupper())
    return len(letters) >= 2 and letters.lower() in initials.lower()


# Katakana a Latin word may start with when read aloud (the first mora of the reading): M -> マミムメモ.
_KANA_ROWS = {
    "a": "アエ", "b": "バビブベボヴ", "c": "カキクケコサシスセソチ", "d": "ダヂヅデドジ", "e": "エイア", "f": "フ",
    "g": "ガギグゲゴジ", "h": "ハヒフヘホ", "i": "イア", "j": "ジ", "k": "カキクケコ", "l": "ラリルレロ",
    "m": "マミムメモ", "n": "ナニヌネノ", "o": "オア", "p": "パピプペポ", "q": "ク", "r": "ラリルレロ",
    "s": "サシスセソ", "t": "タチツテトト", "u": "ユアウ", "v": "ヴバビブベボ", "w": "ワウヴ", "x": "エザジ",
    "y": "ヤユヨイ", "z": "ザジズゼゾ",
}  # fmt: skip


def _reads_as(reading: str, name: str) -> bool:
    """Could ``reading`` (katakana) be how ``name`` (Latin) is read? Its first sound must fit the first letter:
    Apertus（アペルタス）, Mashing Up（マッシングアップ）, but not Magentic-One（マルチエージェントシステム）, which a
    common-word test rejects, or Magistral Medium（エンタープライズグレード）, which this one does."""
    first = next((c.lower() for c in name if c.isalpha()), "")
    return bool(first) and reading[:1] in _KANA_ROWS.get(first, "")


def _same_as(e: Entity, start: int, end: int, text: str) -> Entity:
    """Another mention of ``e`` (its abbreviation, reading or long form) at ``start:end``."""
    return _ent(
        start, end, text, e.label, e.kind or "", e.canonical or e.text, 0.6, id=e.id, parent=e.parent, source="rule"
    )


def bracketed_names(
    text: str, entities: Sequence[Entity], is_common: Callable[[str], bool] | None = None
) -> list[Entity]:
    """A name and its abbreviation or reading in brackets are two mentions of one thing:
    Metal Performance Shaders（MPS）, Mashing Up（マッシングアップ）; and the other way round, an unknown long name
    before a known abbreviation: Model Evaluation & Threat Research (METR). A bracketed katakana description of
    common words (マルチエージェントシステム) is not a reading."""
    out: list[Entity] = []
    starts = {e.start for e in entities}
    for e in entities:
        if e.label not in ("ORG", "PRODUCT", "LAW", "EVENT"):
            continue
        m = _BRACKET_AFTER.match(text, e.end)
        if m and m.start(1) not in starts:
            inner = m.group(1)
            reading = not inner.isascii()
            if reading and (
                not e.text.isascii() or not _reads_as(inner, e.text) or (is_common is not None and is_common(inner))
            ):
                continue  # a reading follows a Latin name, starts with its sound, and is not ordinary words
            if not reading and not _abbreviation_of(inner, e.text):
                continue  # an abbreviation matches the initials
            out.append(_same_as(e, m.start(1), m.end(1), text))
        # The other way round: the known name is the one in brackets.
        if e.start >= 2 and text[e.start - 1] in "（(" and text[e.end : e.end + 1] in "）)":
            window = max(0, e.start - 80)
            lm = _LATIN_BEFORE.search(text[window : e.start - 1].rstrip(" ")) if e.text.isascii() else None
            if lm is None or not _abbreviation_of(e.text, lm.group(0)):
                continue
            if window + lm.start() not in starts:
                out.append(_same_as(e, window + lm.start(), window + lm.end(), text))
    return out


def link_surnames(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """A surname alone after the full name: 'マイケル・バリー ... バリー' -> the same person."""
    out: list[Entity] = []
    seen: dict[str, Entity] = {}
    for e in entities:
        if e.label == "PERSON" and "・" in e.text:
            last = e.text.rsplit("・", 1)[1]
            if len(last) >= 2:
                seen.setdefault(last, e)
    for last, full in seen.items():
        for m in re.finditer(re.escape(last), text):
            if m.start() < full.end:
                continue
            if m.start() > 0 and (text[m.start() - 1] == "・" or re.match(f"[{_KATA}]", text[m.start() - 1])):
                continue
            if m.end() < len(text) and re.match(f"[{_KATA}・]", text[m.end()]):
                continue
            out.append(
                _ent(
                    m.start(),
                    m.end(),
                    text,
                    "PERSON",
                    "person",
                    full.canonical or full.text,
                    0.7,
                    id=full.id,
                    source="rule",
                )
            )
    return out


def discover(
    text: str,
    tokens: Tokens,
    entities: Sequence[Entity],
    cues: PersonCues,
    rule_cues: RuleCues | None = None,
    is_common: Callable[[str], bool] | None = None,
) -> list[Entity]:
    """New candidate entities (to be merged with ``entities`` by overlap resolution).

    ``is_common`` tells words the tokenizer knows as common nouns (ハブ, データセンター), which are never company names.
    """
    rc = rule_cues or RuleCues()
    found = extend_latin_names(text, entities)
    found += model_codes(text, entities)
    found += sibling_versions(text, entities)
    found += quoted_names(text, rc)
    found += introduced_names(text, rc, is_common, entities)
    found += versioned_names(text)
    found += organizations(text, rc, cues.titles, is_common)
    found += people(text, tokens, cues)
    found += places(text, tokens, rc, is_common)
    known = sorted([*entities, *found], key=lambda e: e.start)
    found += link_surnames(text, known)
    found += bracketed_names(text, known, is_common)
    found += event_editions(text, known)
    found += policy_names(text, known, rc)
    return found
