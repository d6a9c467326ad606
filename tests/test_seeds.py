"""End-to-end on the two seed articles (../shared/seeds): the entities a reader sees, with labels and names."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.documents import analyze_document

from .conftest import SHARED

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")

EXPECTED_000 = {
    ("Amazon", "ORG", "Amazon"),
    ("AWS", "ORG", "Amazon Web Services"),
    ("AWS GovCloud (US)", "PRODUCT", "AWS GovCloud (US)"),
    ("AWS Secret", "PRODUCT", None),
    ("AWS Top Secret", "PRODUCT", None),
    ("Amazon SageMaker", "PRODUCT", "Amazon SageMaker"),
    ("Amazon Bedrock", "PRODUCT", "Amazon Bedrock"),
    ("Bedrock", "PRODUCT", "Amazon Bedrock"),
    ("Amazon Nova", "PRODUCT", "Amazon Nova"),
    ("Trainium 2", "PRODUCT", "Trainium2"),
    ("Trainium 3", "PRODUCT", "Trainium3"),
    ("NVIDIA", "ORG", "NVIDIA"),
    ("Anthropic", "ORG", "Anthropic"),
    ("Claude", "PRODUCT", "Claude"),
    ("OpenAI", "ORG", "OpenAI"),
    ("Meta", "ORG", "Meta"),
    ("Mistral AI", "ORG", "Mistral AI"),
    ("Stability AI", "ORG", "Stability AI"),
    ("Oracle", "ORG", "Oracle"),
    ("500億ドル", "MONEY", None),
    ("7兆8000億円", "MONEY", None),
    ("1.3ギガワット", "QUANTITY", None),
}
EXPECTED_003 = {
    ("Amazon", "ORG", "Amazon"),
    ("Amazon Web Services", "ORG", "Amazon Web Services"),
    ("AWS", "ORG", "Amazon Web Services"),
    ("米国政府", "ORG", "United States Government"),
    ("Microsoft", "ORG", "Microsoft"),
    ("Google", "ORG", "Google"),
    ("500億ドル", "MONEY", None),
    ("1.3ギガワット", "QUANTITY", None),
    ("2026年", "DATE", None),
}


@pytest.fixture(scope="module")
def nlp() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("name", "expected"), [("000_08ad077397201ccf.txt", EXPECTED_000), ("003_a0ecd02d5776feb7.txt", EXPECTED_003)]
)
def test_seed_entities(nlp: Analyzer, name: str, expected: set[tuple[str, str, str | None]]) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    result = analyze_document(nlp, text)
    got = {(e.text, e.label, e.canonical if e.source != "discovery" else None) for e in result.entities}
    missing = expected - got
    assert not missing, f"missing {sorted(missing, key=str)}"
    for e in result.entities:
        assert text[e.start : e.end] == e.text
    government = [e for e in result.entities if e.text in ("米国政府", "米政府")]
    assert all(e.kind == "government" for e in government)
    money = next(e for e in result.entities if e.text == "500億ドル")
    assert money.value is not None and money.value.number == 5e10 and money.value.unit == "USD"


def test_seed_front_matter_and_tags(nlp: Analyzer) -> None:
    text = (SEEDS / "000_08ad077397201ccf.txt").read_text(encoding="utf-8")
    result = analyze_document(nlp, text)
    assert result.title == "AmazonのAI投資500億ドル、その深層には何が隠されているのか？"
    header_end = text.index("---", 3) + 3
    assert all(e.start >= header_end for e in result.entities)
    tags = [t.tag for t in result.tags]
    assert tags[0] == "Amazon"
    assert "OS" not in {e.text for e in result.entities}


#: Tags a reader of the seed articles expects (the tags issue): each group must be represented.
EXPECTED_TAG_GROUPS = [{"Amazon", "AWS"}, {"AI"}, {"投資"}, {"政府・公共"}, {"データセンター", "クラウド"}]
#: Every tag suggested for a seed must be one of these: tags that make sense for an article on Amazon's
#: AI investment for the US government.
SENSIBLE_SEED_TAGS = {
    "Amazon", "AWS", "AI", "投資", "政府・公共", "データセンター", "クラウド", "半導体", "セキュリティ", "LLM",
    "生成AI", "AWS Trainium", "Amazon Bedrock", "Amazon Nova", "NVIDIA", "米国政府", "AIインフラ",
    "AWS GovCloud (US)", "Anthropic", "OpenAI", "Claude",
}  # fmt: skip


@pytest.mark.parametrize("name", ["000_08ad077397201ccf.txt", "003_a0ecd02d5776feb7.txt"])
def test_seed_tags_are_what_a_reader_expects(nlp: Analyzer, name: str) -> None:
    result = analyze_document(nlp, (SEEDS / name).read_text(encoding="utf-8"))
    tags = [t.tag for t in result.tags]
    assert 3 <= len(tags) <= 8
    for group in EXPECTED_TAG_GROUPS:
        assert group & set(tags), f"none of {group} in {tags}"
    assert set(tags) <= SENSIBLE_SEED_TAGS, f"unexpected {set(tags) - SENSIBLE_SEED_TAGS}"
    for t in result.tags:
        assert t.reasons and 0.0 <= t.score <= 1.0
