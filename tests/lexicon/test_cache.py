"""The compile cache: data that cannot execute, keyed on everything that shapes it, trusted only when private."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import shutil
import warnings
from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.lexicon import cache

ACME = "entries:\n  - {id: a, name: Acme, label: ORG, kind: company}\n"


def _dictionary(tmp_path: Path, body: str = ACME, name: str = "d") -> Path:
    d = tmp_path / name
    d.mkdir()
    (d / "x.yaml").write_text(body, encoding="utf-8")
    return d


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JPNEWS_TAGS_CACHE", str(folder))
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.json"))


def _canonicals(a: Analyzer, text: str) -> list[str | None]:
    return [e.canonical for e in a.analyze(text).entities]


def _forge(path: Path, rename: tuple[str, str]) -> None:
    """Rewrite a cache file's entries the way someone who can write the folder could, checksum and all."""
    first, _, payload = path.read_bytes().partition(b"\n")
    header = json.loads(first)
    data = json.loads(gzip.decompress(payload))
    name = data["fields"].index("name")
    for row in data["entries"]:
        if row[name] == rename[0]:
            row[name] = rename[1]
    payload = gzip.compress(json.dumps(data).encode())
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _entries(path: Path) -> list[dict[str, object]]:
    data = json.loads(gzip.decompress(path.read_bytes().partition(b"\n")[2]))
    return [dict(zip(data["fields"], row, strict=True)) for row in data["entries"]]


def _names(path: Path) -> list[object]:
    return [e["name"] for e in _entries(path)]


def test_the_cache_is_keyed_by_content(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    before = set(_files(private_cache))
    (d / "x.yaml").write_text(ACME.replace("Acme", "Zenith"), encoding="utf-8")
    a = Analyzer([d], package_dictionaries=False)
    assert _canonicals(a, "Zenithが発表") == ["Zenith"]
    assert set(_files(private_cache)) - before


def test_a_warm_start_reads_the_cache(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    _forge(f, ("Acme", "Acme (from the cache)"))  # a private file: trusted, so its content is what we get
    assert _canonicals(Analyzer([d], package_dictionaries=False), "Acmeが発表") == ["Acme (from the cache)"]


def test_the_file_is_json_that_says_what_it_was_built_from(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    first, _, payload = f.read_bytes().partition(b"\n")
    header = json.loads(first)
    assert header["sha256"] == hashlib.sha256(payload).hexdigest()
    built = header["built_from"]
    assert {"path": str(d / "x.yaml"), "sha256": hashlib.sha256(ACME.encode()).hexdigest()} in built["files"]
    assert any(p["path"].endswith("names.yaml") for p in built["files"])  # the cue files too
    assert {"library", "sudachi_dictionary", "python", "unicode", "format"} <= set(built)
    assert "jpnews_tags.lexicon.index" in built["modules"] and "jpnews_tags.text.tokenization" in built["modules"]
    assert [e["id"] for e in _entries(f)] == ["a"]  # plain data: nothing in it can run


def test_a_corrupt_or_foreign_file_is_rebuilt(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    raw = f.read_bytes()
    for broken in (b"garbage", raw[:-10], raw.replace(b'"format": 3', b'"format": 2'), pickle.dumps({"a": 1})):
        f.write_bytes(broken)
        assert _canonicals(Analyzer([d], package_dictionaries=False), "Acmeが発表") == ["Acme"]


def test_a_tampered_payload_fails_its_checksum(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    first, _, payload = f.read_bytes().partition(b"\n")
    data = json.loads(gzip.decompress(payload))
    data["entries"][0][data["fields"].index("name")] = "Forged"
    f.write_bytes(first + b"\n" + gzip.compress(json.dumps(data).encode()))  # the old checksum
    assert _canonicals(Analyzer([d], package_dictionaries=False), "Acmeが発表") == ["Acme"]


def test_a_cache_built_from_other_dictionaries_is_not_used(tmp_path: Path, private_cache: Path) -> None:
    acme = _dictionary(tmp_path, name="acme")
    zenith = _dictionary(tmp_path, ACME.replace("Acme", "Zenith"), name="zenith")
    Analyzer([acme], package_dictionaries=False)
    [built] = _files(private_cache)
    Analyzer([zenith], package_dictionaries=False)
    [mine] = [f for f in _files(private_cache) if f != built]
    shutil.copyfile(built, mine)  # the file the zenith dictionaries look for holds the acme index
    a = Analyzer([zenith], package_dictionaries=False, recognizer=False)
    assert _canonicals(a, "ZenithとAcme") == ["Zenith"]


def test_a_file_in_a_folder_others_can_write_is_not_trusted(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    _forge(f, ("Acme", "Planted"))
    private_cache.chmod(0o777)  # a shared JPNEWS_TAGS_CACHE for CI or Dask workers
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = Analyzer([d], package_dictionaries=False)
    assert _canonicals(a, "Acmeが発表") == ["Acme"]  # compiled instead, no traceback
    assert any("writable by others" in str(w.message) for w in caught)
    assert _names(f) == ["Planted"]  # and not rewritten there either


def test_a_file_others_can_write_is_not_trusted(tmp_path: Path, private_cache: Path) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    _forge(f, ("Acme", "Planted"))
    f.chmod(0o666)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _canonicals(Analyzer([d], package_dictionaries=False), "Acmeが発表") == ["Acme"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners here")
def test_a_file_owned_by_someone_else_is_not_trusted(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = _dictionary(tmp_path)
    Analyzer([d], package_dictionaries=False)
    [f] = _files(private_cache)
    _forge(f, ("Acme", "Planted"))
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # every file now belongs to someone else
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = Analyzer([d], package_dictionaries=False)
    assert _canonicals(a, "Acmeが発表") == ["Acme"]
    assert any("not owned by you" in str(w.message) for w in caught)


def test_stale_files_are_removed(tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private_cache.mkdir(mode=0o700)
    old_pickle = private_cache / "gazetteer-0123456789abcdef.pickle"
    old_pickle.write_bytes(pickle.dumps("the old format could run code"))
    other_code = private_cache / "index-0000000000000000-0000000000000000.json"
    other_code.write_text("{}\n")
    monkeypatch.setattr(cache, "KEEP", 2)
    for n in range(3):
        Analyzer([_dictionary(tmp_path, ACME.replace("Acme", f"Acme{n}"), name=f"d{n}")], package_dictionaries=False)
    assert not old_pickle.exists() and not other_code.exists()
    assert len(_files(private_cache)) == 2  # the two most recently used


def test_an_unwritable_cache_folder_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JPNEWS_TAGS_CACHE", str(blocker / "cache"))
    a = Analyzer([_dictionary(tmp_path)], package_dictionaries=False)
    assert _canonicals(a, "Acmeが発表") == ["Acme"]


def test_the_key_covers_every_module_the_compiler_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modules = cache.compiler_modules()
    for m in ("lexicon.index", "lexicon.load", "lexicon.schema", "text.normalization", "text.tokenization"):
        assert f"jpnews_tags.{m}" in modules
    assert "jpnews_tags.safe_data" in modules  # imported by lexicon.load: found through the imports
    # A change to the source of a module reached only through imports changes the key.
    package = tmp_path / "jpnews_tags"
    shutil.copytree(Path(cache.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    inputs = cache.BuildInputs.of([])
    before = inputs.code_key()
    normalization = package / "text" / "normalization.py"
    normalization.write_text(normalization.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE_DIR", package)
    cache.compiler_modules.cache_clear()
    cache._code.cache_clear()
    try:
        assert inputs.code_key() != before
    finally:
        monkeypatch.undo()
        cache.compiler_modules.cache_clear()
        cache._code.cache_clear()
    assert inputs.code_key() == before
