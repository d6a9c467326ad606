"""The analyzer: one object that loads the dictionaries once and analyzes many texts.

Example:
    >>> from jpnews_tags import Analyzer
    >>> nlp = Analyzer()
    >>> result = nlp.analyze("米OpenAIとAWSが500億ドルを投資。", title="AWSの投資")
    >>> [(e.text, e.label, e.canonical) for e in result.entities]
    [('OpenAI', 'ORG', 'OpenAI'), ('AWS', 'ORG', 'Amazon Web Services'), ('500億ドル', 'MONEY', None)]
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from ._compat import moved_names
from .documents.document import analyze_document, read_document
from .lexicon.config import configured_dictionaries
from .lexicon.index import TermIndex
from .lexicon.resources import load_resources
from .lexicon.schema import NAMED_LABELS
from .lexicon.suggest import LOWER_CASE, NameFilter, cuts_a_word, is_unknown_name
from .models import Analysis, Entity, EntityLabel, Versions
from .ner.discovery import LATE_RULES, NAME_EXTENSIONS, DiscoveryRule, discover
from .ner.discovery.context import quoted_as_company
from .ner.gazetteer import Gazetteer
from .ner.numeric import NumberFinder, resolve_day
from .ner.recognizer import DEFAULT_THRESHOLD, Recognizer, default_model_path, overrulable
from .ner.repeats import one_reading, repeat_names
from .ner.rules import (
    CommonWordRules,
    FieldTerms,
    GlossedTerms,
    WordsAfter,
    labels_in_context,
    outside_urls,
    remove_overlaps,
    resolve,
)
from .ner.salience import group_entities
from .tagging.keyphrases import MAX_KEYPHRASE_WORDS, PhraseRules
from .tagging.names import TagNamer, version_families, vocabulary_script
from .tagging.site import ArchiveTags
from .tagging.tagger import EntityInfo, TagCandidate, Tagger, TagOptions, TopicSpec, phrase_keys
from .text.layout import Layout
from .text.normalization import normalize
from .text.scripts import KATAKANA, beside_latin_word
from .text.tokenization import Tokenizer, Tokens
from .version import __version__

__getattr__ = moved_names(
    __name__,
    {
        "tag_name": "tagging.names:tag_name",
        "LONG_TAG_NAME": "tagging.names:LONG_TAG_NAME",
        "configured_dictionaries": "lexicon.config:configured_dictionaries",
    },
)

#: Longest text accepted (characters); longer input gets a clear error instead of exhausting memory.
MAX_TEXT_CHARS = 20_000_000


#: Texts :meth:`Analyzer.pipe` tokenizes together before running the later stages on them.
PIPE_BATCH = 32
#: ... or fewer, once their text reaches this many characters (about 27 posts of the dev corpus).
PIPE_BATCH_CHARS = 400_000


class _Tokenized(NamedTuple):
    text: str
    title: str | None
    tokens: Tokens
    title_tokens: Tokens | None
    date: str | None = None


def _text_and_title(item: str | Mapping[str, object]) -> tuple[str, str | None, str | None]:
    if isinstance(item, str):
        return item, None, None
    if not isinstance(item, Mapping):
        raise TypeError(f"each item must be a str or a mapping, not {type(item).__name__}")
    text = item.get("text")
    title = item.get("title")
    date = item.get("date")
    if not isinstance(text, str):
        raise TypeError("each mapping needs a 'text' string")
    return text, title if isinstance(title, str) else None, date if isinstance(date, str) else None


_MARKS = "™®©℠"


def _without_marks(e: Entity) -> Entity:
    """A name found without the dictionary, without the trademark signs written after it (Nomad™ is Nomad)."""
    if e.id is not None or not e.text.endswith(tuple(_MARKS)) or not e.text.rstrip(_MARKS):
        return e
    name = e.text.rstrip(_MARKS)
    canonical = e.canonical.rstrip(_MARKS) if e.canonical else name
    return e.model_copy(update={"end": e.start + len(name), "text": name, "canonical": canonical or name})


#: A name ending in initials (U.S, Jesta I.S, L.P): the full stop after them is the last one's.
_INITIALS_END = re.compile(r"(?<![A-Za-z0-9])[A-Za-z](?:\.[A-Za-z])+\Z")
_KATAKANA_CHAR = re.compile(f"[{KATAKANA}]")


def _in_dotted_katakana(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is joined by ・ to katakana on either side (アンメット・メディカル)."""
    after = text[end : end + 1] == "・" and _KATAKANA_CHAR.match(text, end + 1) is not None
    return after or (start >= 2 and text[start - 1] == "・" and _KATAKANA_CHAR.match(text, start - 2) is not None)


def _with_initials_closed(text: str, e: Entity) -> Entity:
    """A name that ends in initials written with full stops, with the full stop of its last initial: U.S. AI,
    Jesta I.S.の事例 (the stop is cut off where a tokenizer reads it as punctuation), not a stop before a
    letter or a digit (the dot of U.S.A is the next initial's)."""
    end = e.end
    if not text.startswith(".", end) or _INITIALS_END.search(e.text) is None:
        return e
    if end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].isalnum():
        return e
    update: dict[str, object] = {"end": end + 1, "text": e.text + "."}
    if e.canonical == e.text:
        update["canonical"] = e.text + "."
    return e.model_copy(update=update)


def _without_kind(e: Entity, kinds: tuple[str, ...]) -> Entity:
    """A name found without the dictionary (discovery's, the recognizer's), without a kind of product written
    right after its Latin name (``kinds``, longest first: ``product_apposition_words``): ZenLMモデル is the model
    ZenLM, X3モデル the X3. The kind is no part of the name (GUIDELINES.md: NVIDIA製GPU -> NVIDIA), and it says
    the name is a product. Not a name built on a known one (Adobeアプリ, parent Adobe: the known name is not a
    product)."""
    if e.id is not None or e.parent is not None or e.source not in ("discovery", "model"):
        return e
    for kind in kinds:
        if e.text.endswith(kind):
            name = e.text[: -len(kind)].rstrip(" ")
            if len(name) < 2 or not (name[-1].isascii() and name[-1].isalnum()):
                return e
            update = {"end": e.start + len(name), "text": name, "canonical": name}
            if e.label != "PRODUCT":
                update |= {"label": "PRODUCT", "kind": "product"}
            return e.model_copy(update=update)
    return e


#: The labels a field word after a mention shows to be a term (VFX業界): a company or a product, not a place; and a
#: law (an acronym the recognizer reads as one: BFSIセクター is a sector, not an act).
_FIELD_LABELS = ("ORG", "PRODUCT", "LAW")
#: The readings of the recognizer that replace a place discovery read from Sudachi's 地名 alone (``overrulable``).
_OVERRULING = frozenset({"ORG", "PRODUCT"})


def _as_read_by(e: Entity, seed: Entity | None) -> Entity:
    """``e``, a longer name built on the recognized name ``seed``, as the recognizer's reading (its source and
    confidence): only a discovery rule's own evidence counts as a rule's."""
    if seed is None or seed.source != "model":
        return e
    return e.model_copy(update={"source": "model", "confidence": seed.confidence})


def _outside(new: Sequence[Entity], entities: Sequence[Entity]) -> list[Entity]:
    """The entities of ``new`` that overlap none of ``entities`` (sorted, not overlapping each other: so only the
    last one starting before a new entity ends can overlap it)."""
    starts = [x.start for x in entities]
    out = []
    for e in new:
        i = bisect.bisect_left(starts, e.end)
        if i == 0 or entities[i - 1].end <= e.start:
            out.append(e)
    return out


class Analyzer:
    """Tokenizer, gazetteer, rules and tag step, loaded once.

    Args:
        user_dictionaries: extra dictionary files or directories (YAML/TSV); their entries add to or
            override (same id) the shipped ones.
        tag_options: tag count, cut-off and roll-up settings.
        use_cache: reuse the compiled dictionary cache (see :mod:`jpnews_tags.lexicon.cache`).
        package_dictionaries: load the shipped entity dictionaries (``False``: only yours).
        discovery: also report names the dictionary does not know (``source="discovery"``).
        use_config: also load the user dictionaries named in ``./jpnews-tags.toml``,
            ``~/.config/jpnews-tags/config.toml`` or ``$JPNEWS_TAGS_DICTIONARIES`` (before ``user_dictionaries``).
        recognizer: also label names no entry holds with the learned recognizer (``source="model"``).
        model: the recognizer's model file (``jpnews-tags train``); default: the shipped one.
        recognizer_threshold: the confidence a recognized name needs.
    """

    def __init__(
        self,
        user_dictionaries: Sequence[Path | str] = (),
        *,
        tag_options: TagOptions | None = None,
        use_cache: bool = True,
        package_dictionaries: bool = True,
        discovery: bool = True,
        use_config: bool = True,
        recognizer: bool = True,
        model: Path | str | None = None,
        recognizer_threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.tokenizer = Tokenizer()
        self.recognizer: Recognizer | None = None
        if recognizer and (model is not None or default_model_path() is not None):
            self.recognizer = Recognizer.load(model, self.tokenizer, recognizer_threshold)
        if use_config:
            user_dictionaries = [*configured_dictionaries(), *user_dictionaries]
        res = load_resources(
            self.tokenizer, user_dictionaries, use_cache=use_cache, package_dictionaries=package_dictionaries
        )
        self.gazetteer = Gazetteer.of(res.index)
        self.discovery = discovery
        self._person_cues = res.person_cues
        self._rule_cues = res.rule_cues
        self._words_after = WordsAfter(res.rule_cues, res.name_cues.latin_org_words, res.name_cues.latin_event_words)
        self._name_cues = res.name_cues
        #: kinds of product, longest first: a found name ending in one is the name before it (ZenLMモデル)
        self._product_kinds = tuple(sorted(res.rule_cues.product_apposition_words, key=len, reverse=True))
        self._not_names = NameFilter.of(res.name_cues, res.rule_cues)
        self._head_cues = res.head_cues
        if self.recognizer is not None:
            self.recognizer.not_edges = frozenset(res.name_cues.latin_function_words)
            self.recognizer.heads = tuple(w for group in res.head_cues.heads for w in group.words)
        org_heads = [w for group in res.head_cues.heads if group.label == "ORG" for w in group.words]
        legal = [*res.name_cues.legal_forms_before, *res.name_cues.legal_forms_after]
        self._glossed_term = GlossedTerms(
            self.tokenizer,
            res.rule_cues,
            org_heads,
            legal,
            res.name_cues.latin_org_words,
            res.name_cues.latin_function_words,
        )
        self._field_term = FieldTerms(res.rule_cues.term_field_heads)
        self._held_term = FieldTerms((), before=res.rule_cues.term_verbs_before, adjectival=True)
        self._acronym_term = FieldTerms(res.rule_cues.acronym_term_heads, acronyms_only=True)
        #: the words of the boilerplate patterns (``dictionaries/cues/layout.yaml``): ``Layout.of(text, ..., words)``
        self.layout_words = res.layout_cues.words()
        self._numbers = NumberFinder(res.units)
        self._common_words = CommonWordRules.of(res.rule_cues)
        self._person_followers = (*res.person_cues.honorifics, *res.person_cues.titles)
        self.tag_options = tag_options or TagOptions()
        self.versions = Versions(
            library=__version__,
            dictionary=res.dictionary_version,
            model=self.recognizer.model.meta["checksum"][:12] if self.recognizer else None,
        )
        entries = self.gazetteer.entries
        tag_name = TagNamer.of(res.name_cues)
        script = self.tag_options.tag_names
        if script == "auto":
            vocabulary = self.tag_options.vocabulary
            script = (vocabulary_script(vocabulary.tags, entries) if vocabulary else None) or "native"
        info = EntityInfo(
            tag_names={e.id: tag_name.in_script(e, script) for e in entries},
            parents={e.id: e.parent for e in entries},
            names={e.id: (e.name, *e.tags, *e.aliases) for e in entries},
            labels={e.id: e.label for e in entries},
            kinds={e.id: e.kind for e in entries},
            families=version_families(entries, res.name_cues.edition_words),
        )
        topics = [
            TopicSpec(t.id, t.name, frozenset(t.entities), frozenset(t.kinds), (*([t.en] if t.en else []), *t.aliases))
            for t in res.topics
        ]
        topic_terms: TermIndex[int] = TermIndex.build(
            ((term, i) for i, t in enumerate(res.topics) for term in [t.name, *t.terms]), self.tokenizer
        )
        reserved = phrase_keys([term for t in res.topics for term in (t.name, *t.terms)])
        cues = res.rule_cues
        action_words = frozenset(cues.keyphrase_action_words)
        phrase_rules = PhraseRules(
            action_words=action_words,
            generic_heads=frozenset(cues.keyphrase_generic_heads),
            property_suffixes=frozenset(cues.keyphrase_property_suffixes),
            deictic_words=frozenset(cues.keyphrase_deictic_words),
            max_words=MAX_KEYPHRASE_WORDS,
            is_common_word=self.tokenizer.is_common_word,
            generic_modifiers=frozenset(cues.keyphrase_generic_modifiers),
        )
        self.tagger = Tagger(
            topics, topic_terms, info, res.background, self.tag_options, reserved, action_words, phrase_rules
        )

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        """Entities (offsets into ``text``) and tags of one text; ``title`` helps salience and ambiguity;
        ``date`` (ISO 8601, the article's) turns a bare day of the month (12日) into a full date."""
        return self._analyze_tokens(self._tokenize(text, title, date))

    def analyze_file(self, path: str | Path, title: str | None = None) -> Analysis:
        """Entities and tags of a post on disk, as ``jpnews-tags analyze FILE`` gives them.

        The file is decoded as ``batch`` decodes it (UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP); its front matter
        is not analyzed, its ``title`` is used (unless ``title`` is given), and every offset (entities and
        group mentions) indexes the whole decoded file. A refused header is a warning of the result;
        :class:`jpnews_tags.documents.decoding.InputError` (a ``ValueError``) when the file cannot be read.
        """
        return analyze_document(self, read_document(path), title)

    def pipe(self, texts: Iterable[str | Mapping[str, object]], batch_size: int = PIPE_BATCH) -> Iterator[Analysis]:
        """Analyze a stream of texts (``str`` or ``{"text": ..., "title": ...}``), lazily, in order.

        Texts are read ``batch_size`` at a time (fewer when their text passes ``PIPE_BATCH_CHARS``) and
        tokenized together before the later stages run: Sudachi keeps its working set in the CPU caches that
        way, which makes a stream 10-15% faster than calling :meth:`analyze` on each text (bench/throughput.py
        measures both). On 400 posts, batches of 8, 16, 32 and 64 took 13.7, 13.1, 12.5 and 12.0 s in one
        run, and 32, 64 and 128 took 11.8, 11.8 and 12.0 s in another: 32 keeps most of the gain. The results
        are the same. An invalid item raises when its turn comes, after the results before it.
        """
        for result in self.pipe_results(texts, batch_size):
            if isinstance(result, Exception):
                raise result
            yield result

    def pipe_results(
        self,
        texts: Iterable[str | Mapping[str, object]],
        batch_size: int = PIPE_BATCH,
        *,
        candidates: Callable[[list[TagCandidate]], None] | None = None,
    ) -> Iterator[Analysis | Exception]:
        """Like :meth:`pipe`, but a text that cannot be analyzed yields its exception and the stream goes on.

        ``candidates``, when given, is called with each text's tag candidates before the archive's demotion (plain
        copies, see :meth:`~jpnews_tags.tagging.tagger.Tagger.candidates`) just before its analysis is yielded:
        with :func:`~jpnews_tags.tagging.tagger.rank_tags` they give the text's tags under any archive's
        frequencies without analyzing it again (``batch`` keeps them for the documents of its first pass).
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        it = iter(texts)
        while True:
            prepared: deque[_Tokenized | Exception] = deque()
            chars = 0
            for item in it:
                try:
                    t = self._tokenize(*_text_and_title(item))
                    chars += len(t.text)
                    prepared.append(t)
                except Exception as exc:  # kept for its turn: the caller decides what a bad item means
                    prepared.append(exc)
                if len(prepared) >= batch_size or chars >= PIPE_BATCH_CHARS:
                    break  # memory stays bounded however long the texts are
            if not prepared:
                return
            while prepared:
                p = prepared.popleft()  # the tokens of a text are freed once it is analyzed
                if isinstance(p, Exception):
                    yield p
                    continue
                try:
                    yield self._analyze_tokens(p, candidates)
                except Exception as exc:
                    yield exc

    def _tokenize(self, text: str, title: str | None, date: str | None = None) -> _Tokenized:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be str or None, not {type(title).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        title_tokens = self.tokenizer.tokenize(title) if title else None
        return _Tokenized(text, title, self.tokenizer.tokenize(text), title_tokens, date)

    def _analyze_tokens(
        self, t: _Tokenized, candidates: Callable[[list[TagCandidate]], None] | None = None
    ) -> Analysis:
        text, title, tokens, title_tokens = t.text, t.title, t.tokens, t.title_tokens
        matches = self.gazetteer.match(tokens, text)
        numeric = self._numbers.find(text, normalize(text))
        if t.date:
            numeric = [dataclasses.replace(f, value=resolve_day(f.value, t.date)) for f in numeric]
        entities = resolve(
            self.gazetteer,
            matches,
            numeric,
            text,
            title,
            person_followers=self._person_followers,
            org_followers=self._rule_cues.org_followers,
            country_prefixes=self._name_cues.country_prefixes,
            company_acts=self._rule_cues.company_acts,
        )
        entities = labels_in_context(entities, self.gazetteer, text, self._rule_cues)
        if self.discovery:
            found = self._discover(text, tokens, entities)
            if found:
                entities = remove_overlaps([*entities, *found])
        decided = [(m.start, m.end) for m in matches]
        if self.recognizer is not None:
            # a learned name only where nothing else named anything: every other stage wins an overlap, except a
            # place read from Sudachi's 地名 alone, which the model's company or product reading replaces
            weak = {(e.start, e.end) for e in entities if overrulable(e)}
            base = [e for e in entities if (e.start, e.end) not in weak] if weak else entities
            found = self.recognizer.recognize(text, tokens, base, decided)
            if weak:
                replaced = {(e.start, e.end) for e in found if (e.start, e.end) in weak and e.label in _OVERRULING}
                entities = [e for e in entities if (e.start, e.end) not in replaced] if replaced else entities
            new = _outside(found, entities)
            if new:
                longer = _outside(self._discover(text, tokens, new, rules=NAME_EXTENSIONS), entities)
                if longer:
                    # a recognized name made longer (Atlantic -> Atlantic Quantum) is still the model's reading, with
                    # its confidence: not a rule's evidence of its type when one reading per text is chosen
                    seeds = {e.start: e for e in new}
                    longer = [_as_read_by(e, seeds.get(e.start)) for e in longer]
                    new = remove_overlaps([*new, *longer])
                entities = sorted([*entities, *new], key=lambda e: (e.start, e.end))
        if self.discovery:
            # the late rules' names (LATE_RULES) only where nothing else named anything, and only names the text
            # does not name elsewhere (Olas, the company at its other mentions, is not made a product by one list)
            late = _outside(self._discover(text, tokens, entities, rules=LATE_RULES), entities)
            if late:
                elsewhere = {e.text for e in entities}
                late = [e for e in late if e.text not in elsewhere]
            if late:
                entities = sorted([*entities, *late], key=lambda e: (e.start, e.end))
        if self.discovery or self.recognizer is not None:
            # what the cue files say is never a name (a concept, a term, generic words only) is not one here either
            kinds = self._product_kinds
            entities = [e for e in (_without_kind(_without_marks(x), kinds) for x in entities)
                        if not self._not_a_name(text, e)]  # fmt: skip
            # an acronym glossed by common words at one of its mentions is a term at all of them: 電力使用効率（PUE）
            unknown = [e for e in entities if is_unknown_name(e)]
            named = [(e.start, e.end) for e in entities if e.label in NAMED_LABELS] if unknown else []
            terms = self._glossed_term.terms_in(text, {e.text for e in unknown}, named)
            # a company or product name that one of its mentions shows as a field is a term too: VFX業界, BFSIセクター
            # (companies and products only: the same string read as a place elsewhere in the text stays a place)
            # (and an acronym that one of its mentions shows as a kind of technology: GAAトランジスタ, DIMC技術)
            field_names = {e.text for e in unknown if e.label in _FIELD_LABELS}
            fields = self._field_term.terms_in(text, field_names) | self._acronym_term.terms_in(text, field_names)
            # a company's or product's name quoted as what one holds up is a slogan or a vision: 掲げる「Bet AI」;
            # quoted before な and a word, a quality: 「Clarity」な視点
            fields |= self._held_term.terms_in(text, {e.text for e in unknown if e.label in ("ORG", "PRODUCT")})
            if fields:  # unless another mention is called a company or a product: 「Clarity」という名前の企業
                fields -= {
                    e.text for e in unknown if e.text in fields and self._words_after(text, e, uses=False) is not None
                }
            if terms or fields:
                entities = [
                    e
                    for e in entities
                    if not (is_unknown_name(e) and (e.text in terms or (e.text in fields and e.label in _FIELD_LABELS)))
                ]
            # a name found without the dictionary is the same name wherever it recurs in the text
            entities = one_reading(entities)
            again = repeat_names(text, tokens, entities, self.tokenizer.is_common_word, decided)
            if again:
                entities = sorted([*entities, *again], key=lambda e: (e.start, e.end))
            # every mention now found: the words after them may say which a company-or-product name is
            entities = one_reading(entities, cue=lambda e: self._type_said(text, e))
        entities = self._common_words.apply(text, outside_urls(text, entities), self.tokenizer)
        entities = [_with_initials_closed(text, e) for e in entities]
        title_ids: set[str] = set()
        if title and title_tokens is not None:
            doc_ids = {e.id for e in entities if e.id}
            for m in self.gazetteer.match(title_tokens, title):
                for c in m.candidates:
                    eid = self.gazetteer.entries[c.entry].id
                    if not c.ambiguous or eid in doc_ids:
                        title_ids.add(eid)
                        break
        layout = Layout.of(text, self.tokenizer.is_common_word, self.layout_words)
        if layout.boilerplate:  # mentions in related-article lists, credits, bylines: kept, flagged
            entities = [e.model_copy(update={"zone": z}) if (z := layout.zone_of(e.start)) else e for e in entities]
        groups = group_entities(text, entities, title_ids, layout)
        cands = self.tagger.candidates(tokens, entities, layout, title, title_tokens, title_ids)
        if candidates is not None:
            candidates([c.plain() for c in cands])
        return Analysis(
            title=title, entities=entities, groups=groups, tags=self.tagger.rank(cands), versions=self.versions
        )

    def use_archive(self, archive: ArchiveTags | None) -> None:
        """Tag from now on as part of an archive whose tag frequencies are ``archive`` (a first pass over it, see
        :mod:`jpnews_tags.tagging.site`): tags on most of its posts are demoted. None: a text on its own again."""
        self.tag_options = dataclasses.replace(self.tag_options, archive=archive)
        self.tagger.options = self.tag_options

    def _type_said(self, text: str, e: Entity) -> EntityLabel | None:
        """What the words around a mention of a company-or-product name say it is: the words right after it
        (Blackwellチップ, Alphabet傘下: ``WordsAfter``), or quotes with a company word (新会社「TDK SensEI」)."""
        said = self._words_after(text, e)
        if said is None and quoted_as_company(text, e.start, e.end, self._name_cues):
            return "ORG"
        return said

    def _not_a_name(self, text: str, e: Entity) -> bool:
        """A name found without the dictionary that the cue files say is no name (``not_names``: FinTech,
        ハルシネーション; Latin generic words only: Agentic AI, Responsible AI), or a piece of a word or of a
        longer name; a lower-case name is one here (tsuzumi, gpt-oss), though not a dictionary candidate."""
        if e.id is not None or e.source not in ("discovery", "model"):
            return False
        reason = self._not_names.rejects(e.text)
        if reason is not None and reason != LOWER_CASE:
            return True
        # a piece of a word or of a longer name (深掘りさ of 深掘りされ, Soulful of Soulful AI, Gen of Gen 2)
        if cuts_a_word(text, e.start, e.end):
            return True
        # the recognizer's word of a katakana run joined by ・ (アンメット of アンメット・メディカル・ニーズ, インベスト
        # of インベスト・ニュージーランド, ベンチャーズ of NTTドコモ・ベンチャーズ): a piece of a longer name or term
        if e.source == "model" and _in_dotted_katakana(text, e.start, e.end):
            return True
        # one English common word beside another Latin word is a word of a phrase (Copilot for Finance, io Products,
        # Purpose and character), not a name of its own
        return " " not in e.text and beside_latin_word(text, e.start, e.end) and self.tokenizer.is_common_word(e.text)

    def _discover(
        self, text: str, tokens: Tokens, entities: Sequence[Entity], rules: Sequence[DiscoveryRule] | None = None
    ) -> list[Entity]:
        """Discovery's rules (``rules``: some of them; default: all) over ``entities`` found so far."""
        return discover(
            text,
            tokens,
            entities,
            self._person_cues,
            self._rule_cues,
            self.tokenizer.is_common_word,
            self._name_cues,
            head_cues=self._head_cues,
            is_new_word=self.tokenizer.is_oov,
            **({"rules": rules} if rules is not None else {}),
        )

    def entities(self, text: str) -> list[Entity]:
        """Just the entities of ``text``."""
        return self.analyze(text).entities


@dataclasses.dataclass(frozen=True)
class AnalyzerOptions:
    """How to build an :class:`Analyzer`: the one description every entry point builds its analyzer from (the
    commands, the batch's worker processes, Dask and Spark workers, the spaCy component).

    Frozen and picklable, so that every worker process builds the same analyzer from it. ``dictionaries`` may be
    given as any sequence of paths; it is kept as a tuple of strings.

    Example:
        >>> opts = AnalyzerOptions(discovery=False, tag_options=TagOptions(max_tags=3))
        >>> nlp = opts.build()
        >>> nlp.discovery, nlp.tag_options.max_tags
        (False, 3)
        >>> import pickle
        >>> pickle.loads(pickle.dumps(opts)) == opts
        True
    """

    dictionaries: tuple[str, ...] = ()
    package_dictionaries: bool = True
    discovery: bool = True
    tag_options: TagOptions | None = None
    use_config: bool = True
    use_cache: bool = True
    recognizer: bool = True
    model: str | None = None
    recognizer_threshold: float = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        object.__setattr__(self, "dictionaries", tuple(str(d) for d in self.dictionaries))
        if self.model is not None:
            object.__setattr__(self, "model", str(self.model))

    def build(self) -> Analyzer:
        """The analyzer these options describe."""
        return Analyzer(
            self.dictionaries,
            tag_options=self.tag_options,
            use_cache=self.use_cache,
            package_dictionaries=self.package_dictionaries,
            discovery=self.discovery,
            use_config=self.use_config,
            recognizer=self.recognizer,
            model=self.model,
            recognizer_threshold=self.recognizer_threshold,
        )

    def __call__(self) -> Analyzer:
        """The same as :meth:`build` (options are also an analyzer factory)."""
        return self.build()

    def fingerprint(self) -> dict[str, object]:
        """What, besides the versions, changes the output (a batch keeps it in its manifest; the dictionaries
        are part of the dictionary version)."""
        # the archive's tag frequencies are left out: a batch resumed after posts were added keeps its output
        tags = _plain(dataclasses.asdict(dataclasses.replace(self.tag_options or TagOptions(), archive=None)))
        digest = hashlib.sha256(json.dumps(tags, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
        return {
            "package_dictionaries": self.package_dictionaries,
            "discovery": self.discovery,
            "tag_options": digest,
            "recognizer": self.recognizer_threshold if self.recognizer else None,
        }


def _plain(v: object) -> object:
    """A JSON-able picture of option values (for the fingerprint)."""
    if v is None or isinstance(v, str | int | float | bool):
        return v
    if isinstance(v, BaseModel):
        return _plain(v.model_dump(mode="json"))
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _plain(dataclasses.asdict(v))
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, set | frozenset):
        return sorted((_plain(x) for x in v), key=repr)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    return type(v).__name__
