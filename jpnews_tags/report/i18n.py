"""The report's words in Japanese (the default) and English: the page's interface and the tag reasons.

The tagger writes its reasons in English, in a few fixed patterns (``in the title, the lead; 14 mention(s) in 6 of
8 sections, first at 1% of the text``); the batch records keep them so. The report translates them when it renders
the page, from a table of those patterns (:data:`REASONS`); a reason that fits none is shown as it is.
``tests/test_report_i18n.py`` checks that every reason the tagger writes fits a pattern.

Example:
    >>> ja = Messages("ja")
    >>> ja("documents"), ja.label("ORG"), ja.count(3, "documents")
    ('文書', '組織', '3件')
    >>> translate_reason("PRODUCT Titan 2.0 (ai_model): in the title, the lead; 14 mention(s) in 6 of 8 sections, "
    ...                  "first at 1% of the text", "ja")
    'PRODUCT Titan 2.0（ai_model）: タイトル・リードに登場。言及14回（8節中6節）、初出は本文の1%の位置'
    >>> translate_reason("terms AI×23, 生成AI×4", "ja"), translate_reason("something new", "ja")
    ('語: AI×23, 生成AI×4', 'something new')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

#: The interface's words: key -> (Japanese, English). ``{n}`` and the like are filled by :meth:`Messages.__call__`.
MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("jpnews-tags レポート", "jpnews-tags report"),
    "generated": ("{when} に jpnews-tags {version} で作成", "generated {when} by jpnews-tags {version}"),
    "analyzed with": ("解析に使った版: {versions}", "analyzed with: {versions}"),
    "version pair": ("ライブラリ {lib}、辞書 {dict}（{n}）", "library {lib}, dictionary {dict} ({n})"),
    "more versions": ("ほか {n} 通り", "and {n} more"),
    "unknown versions": ("不明", "unknown versions"),
    "documents": ("文書", "documents"),
    "with errors": ("エラー", "with errors"),
    "entity mentions": ("エンティティの出現", "entity mentions"),
    "distinct named entities": ("固有表現の種類", "distinct named entities"),
    "tags suggested": ("提案したタグ", "tags suggested"),
    "distinct tags": ("タグの種類", "distinct tags"),
    "unknown names": ("未知の名前", "unknown names"),
    "malformed lines skipped": ("読み飛ばした不正な行", "malformed lines skipped"),
    "nav entities": ("主なエンティティ", "Top entities"),
    "nav tags": ("主なタグ", "Top tags"),
    "nav timeline": ("タグの推移", "Tags over time"),
    "nav unknown": ("未知の名前", "Unknown names"),
    "nav articles": ("記事", "Articles"),
    "nav errors": ("エラー", "Errors"),
    "entities heading": ("主なエンティティ", "Top entities"),
    "entities note": (
        "固有表現（{labels}）を、出現する文書の数の多い順に上位 {shown} 件（全 {total} 種類）。辞書の id ごとに 1 行、"
        "辞書にない名前はラベルと名前ごとに 1 行です。",
        "Named entities ({labels}) by the number of documents they appear in, the top {shown} of {total}; one row "
        "per dictionary id (or per label and name for names the dictionary does not know).",
    ),
    "no entities": ("固有表現はありません。", "No named entities."),
    "col entity": ("エンティティ", "entity"),
    "col label": ("ラベル", "label"),
    "col kind": ("種別", "kind"),
    "col id": ("id", "id"),
    "col documents": ("文書数", "documents"),
    "col mentions": ("出現数", "mentions"),
    "col written as": ("表記", "written as"),
    "col tag": ("タグ", "tag"),
    "col source": ("出どころ", "source"),
    "col mean score": ("平均スコア", "mean score"),
    "col already tagged": ("既存タグと一致", "already tagged"),
    "col name": ("名前", "name"),
    "col example": ("例の記事", "example article"),
    "col document": ("文書", "document"),
    "col message": ("内容", "message"),
    "col line": ("行", "line"),
    "col problem": ("問題", "problem"),
    "none id": ("なし（{source}）", "none ({source})"),
    "tags heading": ("主なタグ", "Top tags"),
    "tags note": (
        "提案したタグを、提案した文書の数の多い順に上位 {shown} 件（全 {total} 種類）。平均スコアと、そのうちフロント"
        "マターにすでにそのタグがある文書の数を添えています。",
        "Suggested tags by the number of documents they were suggested for, the top {shown} of {total}, with their "
        "mean score and how many of those documents already carry the tag in their front matter.",
    ),
    "no tags": ("タグはありません。", "No tags."),
    "timeline heading": ("タグの推移", "Tags over time"),
    "timeline note": (
        "上位 {n} 個のタグについて、{unit}ごとの文書数（フロントマターの日付）。色の濃さはその{unit}の文書に占める割合"
        "です。",
        "Documents per {unit} (front matter date) for the top {n} tags; the shade is the share of that {unit}'s "
        "documents.",
    ),
    "month": ("月", "month"),
    "year": ("年", "year"),
    "undated": ("日付のない文書が {n} 件あります。", "{n} documents have no date."),
    "earlier": ("{year}年以前", "up to {year}"),
    "no dated documents": ("日付のある文書はありません。", "No dated documents."),
    "all documents": ("全文書", "all documents"),
    "heat tip": (
        "{tag}: {bucket} の {total} 件中 {n} 件（{pct}%）",
        "{tag}: {n} of {total} documents in {bucket} ({pct}%)",
    ),
    "unknown heading": ("未知の名前の候補", "Unknown-name candidates"),
    "unknown note": (
        "解析で見つかったが辞書のどのエントリーにもない名前（<code>id</code> が null、source が <code>discovery</code> "
        "か <code>model</code>）を、出現する文書の数の多い順に上位 {shown} 件（全 {total} 件）。概念語や一般語は除いて"
        "います。辞書に加える候補で、<code>jpnews-tags discover</code> が同じ名前を貼り付けられる YAML で出力します。",
        "Names the analysis found that no dictionary entry holds (<code>id</code> null, source <code>discovery</code> "
        "or <code>model</code>) by the number of documents, the top {shown} of {total}, concepts and generic words "
        "left out: candidates for the dictionary. <code>jpnews-tags discover</code> gives the same names as YAML to "
        "paste.",
    ),
    "no unknown names": ("未知の名前はありません。", "No unknown names."),
    "articles heading": ("記事", "Articles"),
    "articles note": (
        "解析した {total} 件のうち新しい {n} 件と、本文の冒頭 {chars} 字。塗りつぶしのタグはフロントマターに"
        "すでにあるものです。タグにカーソルを置くとスコアと理由、エンティティでは正規名と id が出ます。"
        "破線で囲んだ名前は辞書にありません。",
        "The {n} newest of {total} analyzed documents, with the first {chars} characters of each body. Tags filled "
        "in are already in the front matter; hover a tag for its score and reasons, an entity for its canonical "
        "name and id. Names with a dashed outline are unknown to the dictionary.",
    ),
    "entities count": ("エンティティ {n} 件", "{n} entities"),
    "suggested": ("提案: ", "suggested: "),
    "front matter only": ("フロントマターのみ: ", "front matter only: "),
    "none": ("なし", "none"),
    "more": ("ほか {n} 件", "{n} more"),
    "no date": ("日付なし", "no date"),
    "text not available": (
        "本文がありません（{why}）。見つかったエンティティを示します。",
        "Text not available ({why}): showing the entities found.",
    ),
    "unknown reason": ("理由不明", "unknown reason"),
    "truncated": (
        "冒頭 {shown} 字を表示（全 {total} 字）。",
        "Truncated: showing the first {shown} of {total} characters.",
    ),
    "score tip": ("スコア {score}（{source}）", "score {score} ({source})"),
    "unknown name": ("未知の名前", "unknown name"),
    "no entities found": ("エンティティはありません。", "No entities."),
    "errors heading": ("エラー", "Errors"),
    "no errors": ("エラーはありません。", "No errors."),
    "errors note": ("{n} 件の文書を解析できませんでした。", "{n} documents could not be analyzed."),
    "skipped note": ("入力の {n} 行を読み飛ばしました:", "{n} input lines skipped:"),
    "and more": ("… ほか {n} 件。", "… and {n} more."),
}

#: Label names shown beside the codes (the codes stay on the highlights).
LABEL_NAMES: dict[str, tuple[str, str]] = {
    "ORG": ("組織", "organization"),
    "PRODUCT": ("製品", "product"),
    "PERSON": ("人物", "person"),
    "GPE": ("国・地域", "country, region"),
    "LOC": ("場所", "place"),
    "EVENT": ("イベント", "event"),
    "LAW": ("法律・政策", "law, policy"),
    "MONEY": ("金額", "money"),
    "QUANTITY": ("数量", "quantity"),
    "PERCENT": ("割合", "percent"),
    "DATE": ("日付", "date"),
}

#: Tag sources.
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "entity": ("エンティティ", "entity"),
    "topic": ("トピック", "topic"),
    "keyphrase": ("キーフレーズ", "keyphrase"),
    "gazetteer": ("辞書", "gazetteer"),
    "rule": ("規則", "rule"),
    "discovery": ("発見", "discovery"),
    "model": ("モデル", "model"),
}

_COUNT_WORDS: dict[str, tuple[str, str, str]] = {  # (Japanese counter, English singular, English plural)
    "documents": ("件", "document", "documents"),
    "lines": ("行", "line", "lines"),
    "names": ("件", "name", "names"),
}


class Messages:
    """The words of one language: ``m("key", n=3)`` is the message filled in, ``m.label("ORG")`` a label's name."""

    def __init__(self, lang: Lang = "ja") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang: Lang = lang
        self._i = LANGS.index(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = MESSAGES[key][self._i]
        return text.format(**values) if values else text

    def label(self, label: str) -> str:
        return LABEL_NAMES[label][self._i] if label in LABEL_NAMES else label

    def source(self, source: str) -> str:
        return SOURCE_NAMES[source][self._i] if source in SOURCE_NAMES else source

    def count(self, n: int, what: str) -> str:
        """``3件`` / ``3 documents``, with thousands separators."""
        counter, one, many = _COUNT_WORDS[what]
        return f"{n:,}{counter}" if self.lang == "ja" else f"{n:,} {one if n == 1 else many}"

    def reason(self, reason: str) -> str:
        return translate_reason(reason, self.lang)


# ------------------------------------------------------------------------------------------------ tag reasons

_SUMMARY = re.compile(
    r"(?:in (?P<where>[^;]+); )?(?P<n>\d[\d,]*) mention\(s\)(?: in (?P<hit>\d+) of (?P<sec>\d+) sections)?"
    r"(?:, first at (?P<pct>\d+)% of the text)?"
)
_HEADINGS = re.compile(r"(\d+) heading\(s\)")
_WHERE_JA = {"the title": "タイトル", "the lead": "リード"}


def _summary_ja(text: str) -> str | None:
    """``in the title, the lead; 14 mention(s) in 6 of 8 sections, first at 1% of the text`` in Japanese."""
    if text == "not found":
        return "見つからず"
    m = _SUMMARY.fullmatch(text)
    if m is None:
        return None
    out = ""
    if m["where"]:
        places = []
        for w in m["where"].split(", "):
            h = _HEADINGS.fullmatch(w)
            if h:
                places.append(f"見出し{h[1]}件")
            elif w in _WHERE_JA:
                places.append(_WHERE_JA[w])
            else:
                return None
        out += "・".join(places) + "に登場。"
    out += f"言及{m['n']}回"
    if m["sec"]:
        out += f"（{m['sec']}節中{m['hit']}節）"
    if m["pct"]:
        out += f"、初出は本文の{m['pct']}%の位置"
    return out


def _with_summary(head: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str | None]:
    def render(m: re.Match[str]) -> str | None:
        if m["summary"] is None:
            return head(m)
        summary = _summary_ja(m["summary"])
        return None if summary is None else f"{head(m)}: {summary}"

    return render


_LABELS = "|".join(LABEL_NAMES)
_THEN_SUMMARY = r"(?:: (?P<summary>(?:in [^;]+; )?\d[\d,]* mention\(s\).*|not found))?"

#: The tagger's reason patterns and their Japanese (English is the reason itself). A render returning None means
#: "does not fit after all" (the reason is then shown as it is).
REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (
        re.compile(rf"(?P<label>{_LABELS}) (?P<name>.+?) \((?P<kind>[A-Za-z_]+)\){_THEN_SUMMARY}"),
        _with_summary(lambda m: f"{m['label']} {m['name']}（{m['kind']}）"),
    ),
    (re.compile(r"named in the title only"), lambda m: "タイトルにのみ登場"),
    (re.compile(r"written (?P<forms>.+)"), lambda m: f"表記: {m['forms']}"),
    (
        re.compile(r"parent of (?P<name>.+) \((?P<n>\d[\d,]*) mention\(s\)\)"),
        lambda m: f"{m['name']} の親（言及{m['n']}回）",
    ),
    (re.compile(rf"topic (?P<name>.+?){_THEN_SUMMARY}"), _with_summary(lambda m: f"トピック {m['name']}")),
    (re.compile(r"terms (?P<terms>.+)"), lambda m: f"語: {m['terms']}"),
    (re.compile(r"entities (?P<names>.+)"), lambda m: f"エンティティ: {m['names']}"),
    (re.compile(rf"phrase (?P<name>.+?){_THEN_SUMMARY}"), _with_summary(lambda m: f"キーフレーズ {m['name']}")),
    (
        re.compile(r"specificity (?P<s>[\d.]+) \(in (?P<df>[\d,]+) of (?P<docs>[\d,]+) background documents\)"),
        lambda m: f"特異度 {m['s']}（背景コーパス{m['docs']}件中{m['df']}件に出現）",
    ),
    (
        re.compile(
            r"site tag (?P<site>'[^']*'|\"[^\"]*\")(?: \(matched as (?P<via>'[^']*'|\"[^\"]*\")\))?"
            r"(?: through the parent (?P<parent>.+))?"
        ),
        lambda m: (
            f"サイトのタグ {m['site']}"
            + (f"（{m['via']} として一致）" if m["via"] else "")
            + (f"（親 {m['parent']} 経由）" if m["parent"] else "")
        ),
    ),
    (re.compile(r"new tag \(not in the site vocabulary\)"), lambda m: "新しいタグ（サイトの語彙にない）"),
    (re.compile(r"the family of (?P<versions>.+)"), lambda m: f"{m['versions']} の系列"),
    (
        re.compile(r"on (?P<share>\d+)% of the archive's posts \(over (?P<max>\d+)%\): score x(?P<f>[\d.]+)"),
        lambda m: f"サイトの投稿の{m['share']}%に付くタグ（上限{m['max']}%）: スコア x{m['f']}",
    ),
]


def translate_reason(reason: str, lang: Lang) -> str:
    """A tag reason in ``lang``: the tagger's English as it is for ``en``, the Japanese of the first pattern of
    :data:`REASONS` it fits for ``ja``, else the reason as it is."""
    if lang == "en":
        return reason
    for pattern, render in REASONS:
        m = pattern.fullmatch(reason)
        if m is not None:
            out = render(m)
            if out is not None:
                return out
    return reason
