"""One name, one reading per text: a name found once without the dictionary is found wherever it recurs.

Discovery rules and the recognizer find a new name where its context says what it is (米Perplexityは, 「Dify」の
サポートチーム, Xが発表); the same name a sentence later, bare (Perplexityも), has no such context and was left
out. A news text keeps one reading of a name throughout (one sense per discourse), so every later or earlier
occurrence of a name found so, on token boundaries and outside everything else already found, becomes a
mention of the same name with the same label: this is how a reader tells it, and it depends on no list.

Only names found without the dictionary are repeated (the gazetteer finds every occurrence of its own); when
one string was found with two labels, a discovery rule's reading (evidence) or else the one with the larger
summed confidence is the one repeated, and
:func:`one_reading` gives it to every mention found so; a string the tokenizer knows as a common word (a
generic term taken once for a name) is never repeated, unless a discovery rule found it as a person (トランプ in
トランプ大統領: the title is the evidence).

Example:
    >>> from jpnews_tags.models import Entity
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> text = "米ゼノバイトは新型チップを発表した。ゼノバイトの株価も上がった。"
    >>> seed = Entity(start=1, end=6, text="ゼノバイト", label="ORG", canonical="ゼノバイト",
    ...               confidence=0.8, source="discovery")
    >>> [(e.start, e.text, e.label) for e in repeat_names(text, tok.tokenize(text), [seed], tok.is_common_word)]
    [(18, 'ゼノバイト', 'ORG')]
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from ..lexicon.suggest import DEFAULT_KIND, cuts_a_word
from ..models import Entity
from ..text.scripts import occurrences
from ..text.tokenization import Tokens
from .discovery.context import PLACE_LABELS
from .discovery.places import overrulable

#: Sources of names found without the dictionary.
REPEATED_SOURCES = frozenset({"discovery", "model"})
#: Labels of names (numbers and dates are never repeated: each one is its own).
NAME_LABELS = frozenset({"ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW"})
#: The confidence a found name needs for its other occurrences to be taken as the same name.
MIN_CONFIDENCE = 0.5


#: The labels a name's words-after cue chooses between (:class:`jpnews_tags.ner.rules.WordsAfter`).
CUED_LABELS = frozenset({"ORG", "PRODUCT"})
#: What a mention's words-after cue says: the label, or None (no cue, or none given).
Cue = Callable[[Entity], str | None]


def _readings(entities: Sequence[Entity], min_confidence: float, cue: Cue | None = None) -> dict[str, Entity]:
    """The one reading of each repeatable name: where the words right after its company-or-product mentions say
    which it is (``cue``: Blackwellチップ, Alphabet傘下), the label most of them say; else a label a discovery rule
    gave it (a rule's evidence, 米X, X社, is surer than a model's guess: on the corpus's entry cross-validation 0.90
    of discovery's names were right against 0.79 of the recognizer's), else the label with the largest summed
    confidence; its most confident mention is the model of the copies (relabelled when the cue chose)."""
    by_label: dict[str, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
    for e in entities:
        if e.source in REPEATED_SOURCES and e.label in NAME_LABELS and e.confidence >= min_confidence:
            by_label[e.text][e.label].append(e)
    out: dict[str, Entity] = {}
    for name, labels in by_label.items():
        best = max(
            labels.values(),
            key=lambda es: (any(e.source == "discovery" for e in es), sum(e.confidence for e in es), es[0].label),
        )
        reading = max(best, key=lambda e: e.confidence)
        places = [e for label in labels.keys() & PLACE_LABELS for e in labels[label]]
        if cue is not None and (set(labels) <= CUED_LABELS or (places and all(map(overrulable, places)))):
            # a place Sudachi alone read in katakana (アマゾン, the river) with a company's words after a mention
            # (アマゾン傘下の, アマゾンのCEO: the cue's words no place takes) is the company
            votes = Counter(c for es in labels.values() for e in es if (c := cue(e)) is not None)
            ranked = votes.most_common(2)
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) and ranked[0][0] != reading.label:
                label = ranked[0][0]
                kind = DEFAULT_KIND[label]  # company, product, or event (a name's last word: X Summit)
                reading = reading.model_copy(update={"label": label, "kind": kind})
        out[name] = reading
    return out


def one_reading(
    entities: Sequence[Entity], min_confidence: float = MIN_CONFIDENCE, cue: Cue | None = None
) -> list[Entity]:
    """``entities`` with every name found without the dictionary under its one reading (:func:`_readings`): a
    string labelled two ways in one text (Adobe a company here, a product there) takes one label, the one the
    words after its mentions say (``cue``) or else the one of larger summed confidence."""
    readings = _readings(entities, min_confidence, cue)
    out: list[Entity] = []
    for e in entities:
        r = readings.get(e.text)
        if r is not None and e.source in REPEATED_SOURCES and e.id is None and e.label != r.label:
            e = e.model_copy(update={"label": r.label, "kind": r.kind})
        out.append(e)
    return out


def repeat_names(
    text: str,
    tokens: Tokens,
    entities: Sequence[Entity],
    is_common: Callable[[str], bool],
    decided: Sequence[tuple[int, int]] = (),
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Entity]:
    """The other occurrences of the names in ``entities`` found without the dictionary (see the module doc),
    outside every entity and every span in ``decided`` (where the dictionary matched an alias and its
    context rejected it); new entities only, in text order."""
    readings = _readings(entities, min_confidence)
    if not readings:
        return []
    rows = tokens.rows

    def on_tokens(s: int, e: int) -> bool:
        k = bisect.bisect_left(rows, (s,))
        if k == len(rows) or rows[k][0] != s:
            return False
        k = bisect.bisect_left(rows, (e,), k) - 1
        return rows[k][1] == e

    taken = sorted([(e.start, e.end) for e in entities] + list(decided))
    longest = max((e - s for s, e in taken), default=0)  # a repeated name is never longer than what it repeats

    def free(s: int, e: int) -> bool:
        k = bisect.bisect_left(taken, (s - longest,))
        while k < len(taken) and taken[k][0] < e:
            if taken[k][1] > s:
                return False
            k += 1
        return True

    out: list[Entity] = []
    # longer names first, so that a name inside a longer one (Gemini in Gemini Pro) is not repeated there
    for name in sorted(readings, key=len, reverse=True):
        seed = readings[name]
        if len(name) < 2 or (is_common(name) and not (seed.label == "PERSON" and seed.source == "discovery")):
            continue
        for i in occurrences(text, name):
            j = i + len(name)
            if on_tokens(i, j) and free(i, j) and not cuts_a_word(text, i, j):
                e = seed.model_copy(update={"start": i, "end": j})
                out.append(e)
                bisect.insort(taken, (i, j))
    return sorted(out, key=lambda e: (e.start, e.end))
