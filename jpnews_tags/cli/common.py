"""What the commands share: adding a command, the option groups, analyzer construction, finding files.

The policy of the family (exit statuses, errors, ``--format``, output files) is in :mod:`.output`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from ..analyzer import Analyzer, AnalyzerOptions
from ..documents import Document, analyze_document, read_document
from ..documents.decoding import InputError
from ..documents.files import TEXT_FILES, walk_files
from ..ner.recognizer import DEFAULT_THRESHOLD
from ..tagging.names import TAG_NAME_POLICIES
from ..tagging.site import DEFAULT_MAX_SHARE, DEFAULT_SAMPLE, FirstPass
from ..tagging.tagger import FAMILY_POLICIES, TagOptions
from ..tagging.vocabulary import VocabularyError, load_vocabulary
from .output import CommandError

N = TypeVar("N", int, float)


def add_command(sub: Any, name: str, *, help: str, description: str | None = None) -> argparse.ArgumentParser:
    """Add the sub-command ``name`` to ``sub`` (``help``: its line in ``jpnews-tags --help``; ``description``:
    the paragraph of its own ``--help``), with the options every command has."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description or _sentence(help))
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the Python traceback of an error"
    )
    p.set_defaults(command=name)
    return p


def _sentence(s: str) -> str:
    return s[:1].upper() + s[1:] + "."


def add_dictionary_options(p: argparse.ArgumentParser, *, discovery: bool = True) -> None:
    """The ``dictionary options`` group: which dictionaries name the entities (and, with ``discovery``, whether
    names outside them are found too)."""
    g = p.add_argument_group("dictionary options")
    g.add_argument("--dict", action="append", metavar="PATH", help="user dictionary file or directory (repeatable)")
    g.add_argument(
        "--no-package-dict",
        action="store_true",
        help="use only the --dict dictionaries, not the shipped ones",
    )
    if discovery:
        g.add_argument(
            "--no-discovery", action="store_true", help="only dictionary and rule entities, no discovered names"
        )
        g.add_argument(
            "--no-recognizer", action="store_true", help="no names from the learned recognizer (source model)"
        )
        g.add_argument(
            "--model", metavar="FILE", help="the recognizer model to use (made by jpnews-tags train; default: shipped)"
        )
        g.add_argument(
            "--model-threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            metavar="X",
            help=f"confidence a recognized name needs (default {DEFAULT_THRESHOLD})",
        )


def add_tag_options(p: argparse.ArgumentParser) -> None:
    """The ``tag options`` group: how many tags, how good, from which vocabulary."""
    g = p.add_argument_group("tag options")
    g.add_argument(
        "--max-tags",
        type=int,
        default=TagOptions.max_tags,
        metavar="N",
        help=f"at most N tags per document (default {TagOptions.max_tags})",
    )
    g.add_argument(
        "--min-score",
        type=float,
        default=TagOptions.min_score,
        metavar="X",
        help=f"drop tags scored below X (default {TagOptions.min_score})",
    )
    g.add_argument(
        "--vocabulary",
        metavar="FILE",
        help="site tag vocabulary (.txt, .yaml, .json; see harvest-tags): suggestions use the site's tags",
    )
    g.add_argument(
        "--no-new-tags", action="store_true", help="with --vocabulary, suggest only tags already in the vocabulary"
    )
    g.add_argument("--no-keyphrases", action="store_true", help="tags from entities and topics only")
    g.add_argument(
        "--families",
        choices=FAMILY_POLICIES,
        default=TagOptions.families,
        help="a product version and its family (Llama 4, Llama): tag the family (default), the specific version, "
        "or both",
    )
    g.add_argument(
        "--tag-names",
        choices=TAG_NAME_POLICIES,
        default=TagOptions.tag_names,
        help="which name an entity tag uses: native (ソニー, Samsung Electronics), japanese, latin, or auto "
        "(default: the site's own script with --vocabulary, else native)",
    )


def add_archive_options(p: argparse.ArgumentParser) -> None:
    """The ``archive options`` group of the commands that tag a folder (``tags``, ``enrich``, ``batch``): a first
    pass finds the tags that land on most of its posts and demotes them (docs/tags.md, site-aware tags)."""
    g = p.add_argument_group("archive options (site-aware tags, for 20 documents or more)")
    g.add_argument(
        "--max-tag-share",
        type=_share,
        default=DEFAULT_MAX_SHARE,
        metavar="X",
        help=f"demote tags on more than this share of the archive's posts unless the vocabulary pins them "
        f"(default {DEFAULT_MAX_SHARE}; 1: off)",
    )
    g.add_argument(
        "--archive-sample",
        type=_count,
        default=DEFAULT_SAMPLE,
        metavar="N",
        help=f"posts the first pass tags to measure that share (default {DEFAULT_SAMPLE}; 0: all)",
    )


def number_type(
    convert: Callable[[str], N], ok: Callable[[N], bool], rule: str, what: str = "a number"
) -> Callable[[str], N]:
    """An argparse ``type``: ``convert`` the value (``what`` it must be), then check it (``rule`` says how)."""

    def parse(value: str) -> N:
        try:
            n = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {value!r}") from None
        if not ok(n):
            raise argparse.ArgumentTypeError(rule)
        return n

    return parse


_share = number_type(float, lambda x: 0 < x <= 1, "must be over 0 and at most 1 (1: no demotion)")
_count = number_type(int, lambda n: n >= 0, "must be 0 (all) or more", "a whole number")


def archive_first_pass(analyzer: Analyzer, files: Sequence[Path], args: argparse.Namespace, err: TextIO) -> None:
    """Site-aware tags for a folder: tag a sample of ``files`` (``--archive-sample``) and have the analyzer demote
    the tags on more than ``--max-tag-share`` of them; nothing for fewer than 20 files (the rule of every first
    pass: :class:`jpnews_tags.tagging.site.FirstPass`). Files that cannot be read are left out here (the command
    reports them)."""
    rule = FirstPass(getattr(args, "archive_sample", DEFAULT_SAMPLE), getattr(args, "max_tag_share", 1.0))
    archive = rule.archive(_tag_lists(analyzer, [files[i] for i in rule.positions(len(files))]))
    if archive is None:
        return
    analyzer.use_archive(archive)
    note = rule.note(archive)
    if note:
        err.write(f"jpnews-tags: note: {note}\n")


def _tag_lists(analyzer: Analyzer, files: Sequence[Path]) -> Iterator[list[str]]:
    """The tag names of each file that can be read and analyzed."""
    for f in files:
        try:
            result = analyze_document(analyzer, read_document(f))
        except (InputError, ValueError):
            continue
        yield [t.tag for t in result.tags]


def common_options(sp: argparse.ArgumentParser) -> None:
    """The dictionary and tag options together (for commands that name entities and suggest tags)."""
    add_dictionary_options(sp)
    add_tag_options(sp)


def tag_options(args: argparse.Namespace) -> TagOptions:
    """Tag options from the shared command-line options (raises VocabularyError for a bad vocabulary file)."""
    vocabulary = load_vocabulary(args.vocabulary) if getattr(args, "vocabulary", None) else None
    if getattr(args, "no_new_tags", False) and vocabulary is None:
        raise VocabularyError("--no-new-tags needs --vocabulary")
    return TagOptions(
        max_tags=getattr(args, "max_tags", TagOptions.max_tags),
        min_score=getattr(args, "min_score", TagOptions.min_score),
        vocabulary=vocabulary,
        allow_new=not getattr(args, "no_new_tags", False),
        max_keyphrases=0 if getattr(args, "no_keyphrases", False) else TagOptions.max_keyphrases,
        families=getattr(args, "families", TagOptions.families),
        max_tag_share=getattr(args, "max_tag_share", TagOptions.max_tag_share),
        tag_names=getattr(args, "tag_names", TagOptions.tag_names),
    )


def analyzer_options(args: argparse.Namespace) -> AnalyzerOptions:
    """The analyzer options the shared command-line options describe (raises VocabularyError for a bad
    vocabulary file)."""
    return AnalyzerOptions(
        tuple(args.dict or ()),
        package_dictionaries=not args.no_package_dict,
        discovery=not getattr(args, "no_discovery", False),
        tag_options=tag_options(args),
        **recognizer_options(args),
    )


def make_analyzer(args: argparse.Namespace) -> Analyzer:
    """The analyzer the shared options describe."""
    return analyzer_options(args).build()


def recognizer_options(args: argparse.Namespace) -> dict[str, Any]:
    """The Analyzer keywords of ``--no-recognizer``, ``--model`` and ``--model-threshold``."""
    return {
        "recognizer": not getattr(args, "no_recognizer", False),
        "model": getattr(args, "model", None),
        "recognizer_threshold": getattr(args, "model_threshold", DEFAULT_THRESHOLD),
    }


def input_files(paths: Sequence[str], err: TextIO) -> list[Path]:
    """The files :func:`iter_text_files` finds under ``paths``; a usage error, before anything is done, when a
    path does not exist or no file is found (a typo must never produce an empty result)."""
    files, missing = iter_text_files(paths, err)
    if missing:
        raise CommandError("nothing done: every input path must exist")
    if not files:
        raise CommandError(f"no input files under {' '.join(paths)} (looked for {' '.join(TEXT_FILES)})")
    return files


def iter_text_files(paths: Sequence[str], err: TextIO) -> tuple[list[Path], int]:
    """Files named, and text files (:data:`jpnews_tags.documents.files.TEXT_FILES`) under directories named, walked
    as every command walks them (name order, hidden entries skipped); also how many names did not exist."""
    files: list[Path] = []
    missing = 0
    for name in paths:
        p = Path(name)
        if p.is_dir():
            files.extend(Path(f) for f, _ in walk_files(name, TEXT_FILES))
        elif p.is_file():
            files.append(p)
        else:
            err.write(f"jpnews-tags: {name}: no such file or directory\n")
            missing += 1
    return files, missing


def refused_header(path: Path, error: str, err: TextIO, *, failed: bool = False) -> None:
    """Say that a file's front matter was refused: an error when the command needed it (``harvest-tags``), else a
    warning (the body is still analyzed, as ``analyze`` does)."""
    if failed:
        err.write(f"jpnews-tags: {path}: {error}\n")
    else:
        err.write(f"jpnews-tags: warning: {path}: {error} (the rest of the file is used)\n")


def read_documents(
    files: Sequence[Path], err: TextIO, failures: list[int], *, header_needed: bool = False
) -> Iterator[tuple[Path, Document]]:
    """The documents of ``files``, read by the one reader (:func:`jpnews_tags.documents.read_document`). A file
    that cannot be read is reported and counted in ``failures[0]``; a refused header is reported, and counted as a
    failure when the command reads nothing else of the file (``header_needed``)."""
    for f in files:
        try:
            doc = read_document(f)
        except InputError as exc:
            err.write(f"jpnews-tags: {exc}\n")
            failures[0] += 1
            continue
        if doc.error:
            refused_header(f, doc.error, err, failed=header_needed)
            failures[0] += header_needed
        yield f, doc
