"""`jpnews-tags discover` (jpnews_tags.lexicon.suggest): it needs only what the NameSource protocol names."""

from __future__ import annotations

from jpnews_tags import Analyzer
from jpnews_tags.lexicon.schema import NameCues
from jpnews_tags.lexicon.suggest import NameSource, find_candidates
from jpnews_tags.models import Analysis, Versions
from jpnews_tags.text.tokenization import Tokenizer


class _NoDictionary:
    """A name source that is not an Analyzer: no dictionary, no analysis beyond an empty one."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.gazetteer = self

    def lookup(self, name: str, tokenizer: Tokenizer) -> list[object]:
        return []

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        return Analysis(entities=[], groups=[], tags=[], versions=Versions(library="0", dictionary="0"))


def test_find_candidates_takes_any_name_source(tokenizer: Tokenizer) -> None:
    source: NameSource = _NoDictionary(tokenizer)
    docs = ["ゼノバイト社が新製品を発表。", "ゼノバイト社の決算。", "データを活用する。"]
    assert [(c.name, c.label, c.docs) for c in find_candidates(source, docs, min_docs=2)] == [("ゼノバイト", "ORG", 2)]


def test_the_marks_of_a_name_are_data(tokenizer: Tokenizer) -> None:
    """A country prefix marks a name (伊Zentrix); the prefixes are the one list of dictionaries/cues/names.yaml."""
    source = _NoDictionary(tokenizer)
    docs = ["伊Zentrixは語った。Zentrixの計画。Zentrixの話。"] * 2
    assert [c.name for c in find_candidates(source, docs)] == ["Zentrix"]
    no_prefixes = NameCues(candidate_org_after=["社"])
    assert find_candidates(source, docs, cues=no_prefixes) == []  # unmarked in more than 9 of 10 mentions


def test_an_analyzer_is_a_name_source() -> None:
    nlp: NameSource = Analyzer(package_dictionaries=False)
    assert find_candidates(nlp, ["ゼノバイト社の決算。"] * 2)[0].name == "ゼノバイト"
