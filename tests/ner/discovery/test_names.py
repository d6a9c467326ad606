"""Names built on a known one, and versions (jpnews_tags.ner.discovery.names)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新モデルZeta-2.5 Flashを投入", [("Zeta-2.5 Flash", "PRODUCT")]),
        ("Foo 2 Proが登場", [("Foo 2 Pro", "PRODUCT")]),
        ("Web3の時代", []),
        ("Chapter 3を読む", []),
        ("COVID-19の影響", []),
        ("National AI Strategy 2.0を策定", []),
    ],
)
def test_versioned_product_names(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label) for e in small.analyze(text).entities] == expected


def test_sibling_versions_of_a_known_numbered_product(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CG-1に続き、CG-4も稼働した。Trainium2の次はTrainium7だ。").entities
    got = {(e.text, e.label, e.source, e.parent) for e in ents}
    assert ("CG-1", "PRODUCT", "gazetteer", "condor-galaxy") in got
    assert ("CG-4", "PRODUCT", "discovery", "condor-galaxy") in got
    assert ("Trainium7", "PRODUCT", "discovery", "trainium") in got


def test_generic_words_do_not_extend_a_name(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("NVIDIA GPUの進化とNVIDIA Blackwell Ultraの発表").entities
    assert ("NVIDIA", "ORG") in [(e.text, e.label) for e in ents]
    assert "NVIDIA GPU" not in [e.text for e in ents]


def test_an_event_with_its_year_attached(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CESで提唱された。｢CES2026｣の会場で目立った。").entities
    assert [(e.text, e.label, e.parent) for e in ents] == [("CES", "EVENT", None), ("CES2026", "EVENT", "ces")]


def test_a_known_name_with_a_legal_form_is_a_company(analyzer: Analyzer) -> None:
    # IBM is known; "IBM Corporation" is the company with its legal form, not a product named after it (as
    # "NVIDIA Blackwell" is)
    ents = analyzer.analyze("主要企業としては、**IBM Corporation**や**IBM Watson**が挙げられます。").entities
    got = {(e.text, e.label) for e in ents}
    assert ("IBM Corporation", "ORG") in got
    assert ("IBM Corporation", "PRODUCT") not in got
