from __future__ import annotations

from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.lexicon.check import check
from jpnews_tags.lexicon.load import DictionaryError, load_entries
from tests.conftest import FIXTURES


def test_user_dictionary_adds_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "defaults: {label: ORG, kind: company}\n"
        "entries:\n"
        "  - {id: oishii-farm, name: Oishii Farm, aliases: [オイシイファーム]}\n"
        "  - {id: openai, name: OpenAI Inc., aliases: [OpenAI, オープンAI]}\n",
        encoding="utf-8",
    )
    a = Analyzer([FIXTURES / "dictionary", tmp_path], package_dictionaries=False)
    ents = a.analyze("オイシイファームとOpenAI").entities
    assert [(e.text, e.canonical) for e in ents] == [
        ("オイシイファーム", "Oishii Farm"),
        ("OpenAI", "OpenAI Inc."),
    ]


def test_tsv_dictionary(tmp_path: Path) -> None:
    (tmp_path / "people.tsv").write_text(
        "id\tname\tlabel\tkind\taliases\nkazato-hiroshi\t風戸広史\tPERSON\tperson\t風戸氏|Hiroshi Kazato\n",
        encoding="utf-8",
    )
    [e] = load_entries([tmp_path])
    assert e.aliases == ["風戸氏", "Hiroshi Kazato"]
    a = Analyzer([tmp_path], package_dictionaries=False)
    assert [x.canonical for x in a.analyze("Hiroshi Kazatoが登壇").entities] == ["風戸広史"]


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("entries:\n  - {id: a, name: [\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"broken.yaml:\d+: error: invalid YAML"):
        load_entries([tmp_path])


def test_missing_entries_key(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="top-level 'entries:'"):
        load_entries([tmp_path])


def test_ambiguous_alias_must_be_an_alias_and_needs_cues(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "entries:\n"
        "  - {id: a, name: Apple, label: ORG, kind: company, ambiguous: [Apple]}\n"
        "  - {id: b, name: Bee, label: ORG, kind: company, ambiguous: [Honey]}\n",
        encoding="utf-8",
    )
    msgs = [str(p) for p in check([tmp_path])]
    assert any("x.yaml:2" in m and "ambiguous aliases need cues" in m for m in msgs)
    assert any("x.yaml:3" in m and "'Honey' is not among" in m for m in msgs)


def test_shared_ambiguous_alias_is_allowed_when_both_sides_mark_it(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "entries:\n"
        "  - {id: gemini-model, name: Gemini, label: PRODUCT, kind: ai_model, ambiguous: [Gemini], cues: [Google]}\n"
        "  - {id: gemini-exchange, name: Gemini Trust, label: ORG, kind: company, aliases: [Gemini],\n"
        "     ambiguous: [Gemini], cues: [暗号資産]}\n",
        encoding="utf-8",
    )
    assert [p for p in check([tmp_path]) if p.severity == "error"] == []
    a = Analyzer([tmp_path], package_dictionaries=False, recognizer=False)  # the dictionary's entities only
    assert [e.id for e in a.analyze("GoogleのGeminiが新機能").entities] == ["gemini-model"]
    assert [e.id for e in a.analyze("暗号資産取引所のGeminiが上場").entities] == ["gemini-exchange"]


def test_config_file_and_environment_name_user_dictionaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "dicts"
    d.mkdir()
    (d / "a.yaml").write_text("entries:\n  - {id: acme, name: Acme, label: ORG, kind: company}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "entries:\n  - {id: zenith, name: Zenith, label: ORG, kind: company}\n", encoding="utf-8"
    )
    (tmp_path / "jpnews-tags.toml").write_text('dictionaries = ["dicts"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPNEWS_TAGS_DICTIONARIES", str(tmp_path / "b.yaml"))
    a = Analyzer(package_dictionaries=False)
    assert [e.canonical for e in a.analyze("AcmeとZenith").entities] == ["Acme", "Zenith"]
    assert (
        Analyzer(package_dictionaries=False, use_config=False, recognizer=False).analyze("AcmeとZenith").entities == []
    )


def test_broken_config_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "jpnews-tags.toml").write_text("dictionaries = 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DictionaryError, match="must be a list of paths"):
        Analyzer(package_dictionaries=False)
