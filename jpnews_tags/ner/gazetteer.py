"""The gazetteer: dictionary aliases found in a text's tokens, as :class:`Match` spans with their candidates.

The compiled dictionary (alias keys, the term index, lookup by name) is the lexicon's
(:class:`~jpnews_tags.lexicon.index.EntityIndex`); a :class:`Gazetteer` is that index plus matching: the
longest-match walk over the tokens, then for each span the candidates whose case fits the text ("Meta" must be
written so, "meta" is a word; an all-caps form such as "ARM" names Arm unless it is itself another thing: see
:func:`~jpnews_tags.lexicon.index.case_variants`), the alias actually written first. The rule layer
(:mod:`jpnews_tags.ner.rules`) chooses among them.

Example:
    >>> from jpnews_tags.lexicon.schema import Entry
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> g = Gazetteer.compile([Entry(id="aws", name="Amazon Web Services", label="ORG", kind="company",
    ...                              aliases=["AWS"])], tok)
    >>> text = "ＡＷＳとaws"
    >>> [(m.start, m.end, g.entries[m.candidates[0].entry].id) for m in g.match(tok.tokenize(text), text)]
    [(0, 3, 'aws'), (4, 7, 'aws')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from .._compat import moved_names
from ..lexicon.index import Candidate, EntityIndex
from ..text.normalization import cased_key, key
from ..text.tokenization import Tokens

__getattr__ = moved_names(
    __name__,
    {
        "TermIndex": "lexicon.index:TermIndex",
        "alias_keys": "lexicon.index:alias_keys",
        "Candidate": "lexicon.index:Candidate",
        "_latin_boundaries_ok": "text.scripts:latin_boundaries_ok",
    },
)


@dataclass(frozen=True, slots=True)
class Match:
    """A span of the original text and the entries it may name, best first."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]


class Gazetteer(EntityIndex):
    """The compiled dictionary (:class:`~jpnews_tags.lexicon.index.EntityIndex`) with matching over tokens."""

    @classmethod
    def of(cls, index: EntityIndex) -> Self:
        """The gazetteer of an index compiled (or read from the cache) by the lexicon; shares its tables."""
        gazetteer = cls.__new__(cls)
        gazetteer.__dict__.update(vars(index))
        return gazetteer

    def match(self, tokens: Tokens, text: str) -> list[Match]:
        """Longest, left-to-right matches of dictionary aliases in ``tokens`` of ``text``."""
        out: list[Match] = []
        for start, end, cands in self.terms.spans(tokens, text):
            m = _accept(start, end, cands, text)
            if m is not None:
                out.append(m)
        return out


def _accept(start: int, end: int, cands: tuple[Candidate, ...], text: str) -> Match | None:
    """The match of a span: candidates whose case the text shows, those of the alias written first."""
    span = text[start:end]
    kept = cands
    if any(c.cased is not None for c in cands):
        form = cased_key(span)
        kept = tuple(c for c in cands if c.case_fits(form))
        if not kept:
            return None
    skey = key(span)
    exact = tuple(c for c in kept if c.surface_key == skey)
    if exact:
        kept = exact + tuple(c for c in kept if c.surface_key != skey)
    return Match(start, end, kept)
