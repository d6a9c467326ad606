"""The shipped dictionary's coverage (issue: thousands of entities, curated as data)."""

from __future__ import annotations

from collections import Counter

from jpnews_tags.lexicon.check import check
from jpnews_tags.lexicon.load import load_entries
from jpnews_tags.lexicon.resources import default_dictionary_dir

ENTITIES = default_dictionary_dir() / "entities"


def test_coverage_counts() -> None:
    entries = load_entries([ENTITIES])
    aliases = sum(len(e.aliases) for e in entries)
    assert len(entries) >= 2000
    assert aliases >= 6000
    labels = Counter(e.label for e in entries)
    assert labels["ORG"] >= 1000 and labels["PRODUCT"] >= 800 and labels["PERSON"] >= 200
    assert labels["EVENT"] >= 50 and labels["LAW"] >= 50 and labels["GPE"] + labels["LOC"] >= 200
    assert sum(e.kind == "government" for e in entries) >= 100


def test_named_entities_of_the_brief_are_present() -> None:
    by_name = {e.name: e for e in load_entries([ENTITIES])}
    for name in [
        "OpenAI",
        "Anthropic",
        "xAI",
        "Mistral AI",
        "Sakana AI",
        "Preferred Networks",
        "NTT",
        "KDDI",
        "Amazon Bedrock",
        "AWS GovCloud (US)",
        "Trainium3",
        "GPT-4o mini",
        "Claude 3.5 Sonnet",
        "Digital Agency",
        "Sam Altman",
        "Jensen Huang",
        "General Data Protection Regulation",
    ]:
        assert name in by_name, name
    assert by_name["Trainium3"].parent and by_name["Amazon Bedrock"].parent


def test_parents_roll_up_to_companies() -> None:
    entries = {e.id: e for e in load_entries([ENTITIES])}
    e = entries["trainium3"]
    chain = []
    while e.parent:
        chain.append(e.parent)
        e = entries[e.parent]
    assert chain[-1] == "amazon"


def test_shipped_dictionary_is_clean() -> None:
    assert [str(p) for p in check([ENTITIES]) if p.severity == "error"] == []
