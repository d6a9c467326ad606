"""Whole-corpus proof (skipped without ../shared): enrich a copy of every post of the dev corpus and check that
only the target keys' lines changed, bodies are byte-identical, the new headers parse to the old values plus the
new tags, and a second run changes nothing."""

from __future__ import annotations

import difflib
import io
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.cli.main import main
from jpnews_tags.enrich.files import collect_files, enrich_file
from jpnews_tags.enrich.plan import EnrichOptions, entity_records
from jpnews_tags.frontmatter.header import split_front_matter
from jpnews_tags.models import Analysis

from ..conftest import SHARED
from .test_enrich import FixedTags

CORPUS = SHARED / "corpus" / "_posts"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
_KEY_LINE = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"][^:#]*?))\s*:(?:\s|$)""")


class Lead:
    """The real analyzer on the title and the first characters of the body (memoized), to keep the run short."""

    def __init__(self, analyzer: Analyzer, chars: int) -> None:
        self.analyzer = analyzer
        self.chars = chars
        self.memo: dict[tuple[str, str | None], Analysis] = {}

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        key = (text[: self.chars], title)
        if key not in self.memo:
            self.memo[key] = self.analyzer.analyze(*key)
        return self.memo[key]


def header_lines(text: str) -> tuple[list[str], list[str | None]]:
    """The header's lines and, for each, the top-level key whose entry it belongs to."""
    fm = split_front_matter(text)
    first = text.index("\n") + 1
    lines = text[first : fm.body_start].splitlines(keepends=True)[:-1]  # without the fences
    owners: list[str | None] = []
    owner: str | None = None
    for line in lines:
        m = _KEY_LINE.match(line)
        if m:
            owner = next(g for g in m.groups() if g)
        owners.append(owner)
    return lines, owners


def changed_keys(old: str, new: str) -> tuple[set[str | None], set[str | None]]:
    """Which keys own the header lines that differ (old side, new side)."""
    a, a_own = header_lines(old)
    b, b_own = header_lines(new)
    old_keys: set[str | None] = set()
    new_keys: set[str | None] = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            old_keys.update(a_own[i1:i2])
            new_keys.update(b_own[j1:j2])
    return old_keys, new_keys


def check_round_trip(
    originals: dict[Path, bytes], copies: Iterable[Path], changed_ok: set[str], expect: dict[Path, dict[str, object]]
) -> None:
    for f in copies:
        old_b, new_b = originals[f], f.read_bytes()
        old, new = old_b.decode("utf-8"), new_b.decode("utf-8")
        assert new_b == new.encode("utf-8")
        fo, fn = split_front_matter(old), split_front_matter(new)
        assert fn.error is None, (f, fn.error)
        assert new_b[len(new[: fn.body_start].encode()) :] == old_b[len(old[: fo.body_start].encode()) :], f
        old_keys, new_keys = changed_keys(old, new)
        assert old_keys <= changed_ok and new_keys <= changed_ok, (f, old_keys, new_keys)
        want = {**fo.meta, **expect.get(f, {})}
        assert fn.meta == want, f
        assert [k for k in fn.meta if k in fo.meta] == list(fo.meta)


def test_whole_corpus_round_trip(tmp_path: Path, analyzer: Analyzer) -> None:
    posts = tmp_path / "_posts"
    shutil.copytree(CORPUS, posts)
    files, problems, roots = collect_files([posts])
    assert not problems and len(files) == len(list(CORPUS.glob("*.md")))
    originals = {f: f.read_bytes() for f in files}
    lead = Lead(analyzer, 800)
    opts = EnrichOptions(max_new=5, entities_key="entities")
    results = {f: enrich_file(f, lead, opts, write=True, roots=roots) for f in files}
    statuses = Counter(r.status for r in results.values())
    failures = {str(f): r.message for f, r in results.items() if r.status == "failed"}
    assert not failures, failures
    expect: dict[Path, dict[str, object]] = {}
    for f, r in results.items():
        meta = split_front_matter(originals[f].decode("utf-8")).meta
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        body = originals[f].decode("utf-8")[split_front_matter(originals[f].decode("utf-8")).body_start :]
        expect[f] = {
            "tags": [*(meta.get("tags") or []), *r.added],
            "entities": entity_records(lead.analyze(body, title)),
        }
        if not expect[f]["entities"]:
            del expect[f]["entities"]
    check_round_trip(originals, files, {"tags", "entities"}, expect)
    assert statuses["changed"] > 0.9 * len(files), statuses
    # idempotent: a second run changes nothing
    again = Counter(enrich_file(f, lead, opts, write=True, roots=roots).status for f in files)
    assert again == Counter({"unchanged": len(files)})


def test_whole_corpus_missing_key_and_tricky_tags(tmp_path: Path) -> None:
    """Adding a key none of the posts has, with tags that need quoting, under the replace policy."""
    posts = tmp_path / "_posts"
    shutil.copytree(CORPUS, posts)
    files, _, roots = collect_files([posts])
    originals = {f: f.read_bytes() for f in files}
    tricky = ["C++", "yes", "a: b", "#1", "3.5", "日本語 タグ", "'q'"]
    opts = EnrichOptions(key="keywords", policy="replace", max_new=10)
    results = [enrich_file(f, FixedTags(tricky), opts, write=True, roots=roots) for f in files]
    assert Counter(r.status for r in results) == Counter({"changed": len(files)})
    check_round_trip(originals, files, {"keywords"}, {f: {"keywords": tricky} for f in files})


def test_cli_dry_run_on_real_posts_with_the_full_analyzer(tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    for f in sorted(CORPUS.glob("*.md"))[:8]:
        shutil.copyfile(f, posts / f.name)
    before = {f.name: f.read_bytes() for f in posts.iterdir()}
    out, err = io.StringIO(), io.StringIO()
    assert main(["enrich", str(posts)], out, err) == 0
    assert {f.name: f.read_bytes() for f in posts.iterdir()} == before
    changed = [line for line in out.getvalue().splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed and all(line[1:].startswith("tags: ") for line in changed)
    assert "8 file(s): " in err.getvalue()
