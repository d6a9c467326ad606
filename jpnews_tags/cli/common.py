"""What every command shares: analyzer options, analyzer construction, JSON output and file discovery."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import Analyzer, AnalyzerOptions
from ..documents.files import walk_files
from ..tagging.tagger import TagOptions
from ..tagging.vocabulary import VocabularyError, load_vocabulary

#: Files a directory walk picks up by default.
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


def dump(obj: Any, out: TextIO, pretty: bool = False) -> None:
    """Write ``obj`` as one line of JSON (or indented with ``pretty``), keeping Japanese readable."""
    out.write(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None))
    out.write("\n")


def common_options(sp: argparse.ArgumentParser) -> None:
    """Add the analyzer options shared by every command that analyzes text."""
    sp.add_argument("--dict", action="append", metavar="PATH", help="user dictionary file or directory (repeatable)")
    sp.add_argument(
        "--no-package-dict",
        action="store_true",
        help="use only the --dict dictionaries, not the shipped ones",
    )
    sp.add_argument(
        "--no-discovery", action="store_true", help="only dictionary and rule entities, no discovered names"
    )
    sp.add_argument("--max-tags", type=int, default=TagOptions.max_tags, help="at most this many tags")
    sp.add_argument("--min-score", type=float, default=TagOptions.min_score, help="drop tags below this")
    sp.add_argument(
        "--vocabulary",
        metavar="FILE",
        help="site tag vocabulary (.txt, .yaml, .json; see harvest-tags): suggestions use the site's tags",
    )
    sp.add_argument(
        "--no-new-tags", action="store_true", help="with --vocabulary, suggest only tags already in the vocabulary"
    )
    sp.add_argument("--no-keyphrases", action="store_true", help="tags from entities and topics only")


def tag_options(args: argparse.Namespace) -> TagOptions:
    """Tag options from the shared command-line options (raises VocabularyError for a bad vocabulary file)."""
    vocabulary = load_vocabulary(args.vocabulary) if getattr(args, "vocabulary", None) else None
    if getattr(args, "no_new_tags", False) and vocabulary is None:
        raise VocabularyError("--no-new-tags needs --vocabulary")
    return TagOptions(
        max_tags=args.max_tags,
        min_score=args.min_score,
        vocabulary=vocabulary,
        allow_new=not getattr(args, "no_new_tags", False),
        max_keyphrases=0 if getattr(args, "no_keyphrases", False) else TagOptions.max_keyphrases,
    )


def analyzer_options(args: argparse.Namespace) -> AnalyzerOptions:
    """The analyzer options the shared command-line options describe (raises VocabularyError for a bad
    vocabulary file)."""
    return AnalyzerOptions(
        tuple(args.dict or ()),
        package_dictionaries=not args.no_package_dict,
        discovery=not getattr(args, "no_discovery", False),
        tag_options=tag_options(args),
    )


def make_analyzer(args: argparse.Namespace) -> Analyzer:
    """The analyzer the shared options describe."""
    return analyzer_options(args).build()


def iter_text_files(paths: Sequence[str], err: TextIO) -> tuple[list[Path], int]:
    """Files named, and text files under directories named (sorted by name, hidden entries skipped); also how many
    names did not exist."""
    files: list[Path] = []
    missing = 0
    for name in paths:
        p = Path(name)
        if p.is_dir():
            # hidden entries (.git, .venv) skipped, symlinked directories not followed: as batch walks
            files.extend(Path(f) for f, _ in walk_files(name) if Path(f).suffix.lower() in TEXT_SUFFIXES)
        elif p.is_file():
            files.append(p)
        else:
            err.write(f"jpnews-tags: {name}: no such file or directory\n")
            missing += 1
    return files, missing
