"""User dictionaries and configuration files: checked as they are used, read safely, never the whole disk."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.cli.main import main
from jpnews_tags.lexicon import load
from jpnews_tags.lexicon.check import check
from jpnews_tags.lexicon.config import configured_dictionaries
from jpnews_tags.lexicon.load import DictionaryError, dictionary_files, load_entries
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
EXTENDS_SHIPPED = (
    "defaults: {label: PRODUCT, kind: chip}\n"
    "entries:\n"
    "  - {id: exynos-9999, name: Exynos 9999, parent: exynos, cue_entities: [samsung-electronics]}\n"
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(list(argv), out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


def test_a_user_dictionary_that_extends_the_shipped_one_passes_dict_check(tmp_path: Path) -> None:
    f = tmp_path / "ours.yaml"
    f.write_text(EXTENDS_SHIPPED, encoding="utf-8")
    assert [p for p in check([f]) if p.severity == "error"] == []
    rc, out, _ = _run("dict", "check", str(f))
    assert rc == 0 and out.endswith("0 error(s), 0 warning(s)\n")
    # Alone, the parent is not defined (a warning for a single file, an error for a folder)
    assert any("parent 'exynos' is not defined" in str(p) for p in check([f], shipped=False))
    rc, out, _ = _run("dict", "check", "--alone", str(tmp_path))
    assert rc == 1 and "parent 'exynos' is not defined" in out


def test_an_alias_of_a_shipped_entry_is_a_warning_and_an_override_is_fine(tmp_path: Path) -> None:
    f = tmp_path / "ours.yaml"
    f.write_text(
        "defaults: {label: ORG, kind: company}\n"
        "entries:\n"
        "  - {id: our-aws, name: Our AWS, aliases: [AWS]}\n"  # the shipped Amazon Web Services wins
        "  - {id: openai, name: OpenAI Inc., aliases: [OpenAI, オープンAI]}\n",  # overrides the shipped entry
        encoding="utf-8",
    )
    problems = check([f])
    assert [p.severity for p in problems] == ["warning"]
    assert "'AWS' of 'our-aws'" in problems[0].message and "amazon-web-services" in problems[0].message


def test_a_one_character_alias_loads_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "ours.yaml"
    f.write_text(
        "entries:\n  - {id: no-corp, name: No Corp, label: ORG, kind: company, aliases: [の]}\n", encoding="utf-8"
    )
    [p] = check([f])
    assert p.severity == "warning" and "one-character alias 'の'" in p.message
    assert [e.id for e in load_entries([f])] == ["no-corp"]
    marked = "entries:\n  - {id: no-corp, name: No Corp, label: ORG, kind: company, aliases: [の], ambiguous: [の],"
    f.write_text(marked + " cues: [No Corp]}\n", encoding="utf-8")
    assert check([f]) == []  # ambiguous: it needs a cue to match


def test_dict_check_validates_the_cue_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jpnews_tags.lexicon import check as check_module
    from jpnews_tags.lexicon.paths import dictionary_dir

    copy = tmp_path / "dictionaries"
    for sub in ("entities", "cues"):
        (copy / sub).mkdir(parents=True)
    (copy / "entities" / "x.yaml").write_text("entries: []\n", encoding="utf-8")
    for f in (dictionary_dir() / "cues").iterdir():
        (copy / "cues" / f.name).write_bytes(f.read_bytes())
    (copy / "topics.yaml").write_bytes((dictionary_dir() / "topics.yaml").read_bytes())
    monkeypatch.setattr(check_module, "default_dictionary_dir", lambda: copy)
    assert check([copy / "entities"]) == []
    (copy / "cues" / "names.yaml").write_text("country_prefixes: [米国]\nedition_words: [' Pro']\n", encoding="utf-8")
    messages = [str(p) for p in check([copy / "entities"])]
    assert any("names.yaml" in m and "a country prefix is one character" in m for m in messages)
    assert any("names.yaml" in m and "leading or trailing spaces" in m for m in messages)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [("dictionary_alias_bomb.yaml", "alias bombs are refused"), ("dictionary_deep.yaml", "nest")],
)
def test_a_hostile_user_dictionary_is_a_clear_error(fixture: str, message: str) -> None:
    t0 = time.perf_counter()
    with pytest.raises(DictionaryError, match=message) as caught:
        load_entries([HOSTILE / fixture])
    assert fixture in str(caught.value)
    with pytest.raises(DictionaryError):
        Analyzer([HOSTILE / fixture], package_dictionaries=False, use_cache=False)
    assert [p.severity for p in check([HOSTILE / fixture], shipped=False)] == ["error"]
    assert time.perf_counter() - t0 < 30  # refused before anything walks it


def test_a_hostile_configuration_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "jpnews-tags.toml").write_bytes((HOSTILE / "config_deep.toml").read_bytes())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DictionaryError, match="nests 3000 levels deep"):
        configured_dictionaries()
    (tmp_path / "post.md").write_text("AWSの発表", encoding="utf-8")
    rc, _, err = _run("analyze", "post.md")
    assert rc != 0 and err.startswith("jpnews-tags: ") and "Traceback" not in err and "3000 levels" in err


@pytest.mark.parametrize("where", ["root", "home"])
def test_a_dictionary_folder_is_never_the_root_or_the_home_folder(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    folder = Path(Path.cwd().anchor) if where == "root" else home
    project = tmp_path / "project"
    project.mkdir()
    (project / "jpnews-tags.toml").write_text(f"dictionaries = [{str(folder)!r}]\n", encoding="utf-8")
    monkeypatch.chdir(project)
    t0 = time.perf_counter()
    with pytest.raises(DictionaryError, match="the home folder" if where == "home" else "the root of the file system"):
        Analyzer(package_dictionaries=False, use_cache=False)
    assert time.perf_counter() - t0 < 30  # refused, not walked


def test_a_dictionary_folder_walk_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (tmp_path / f"notes{i}.txt").write_text("not a dictionary", encoding="utf-8")
    monkeypatch.setattr(load, "MAX_WALK", 3)
    with pytest.raises(DictionaryError, match="more than 3 files and folders"):
        dictionary_files([tmp_path])
