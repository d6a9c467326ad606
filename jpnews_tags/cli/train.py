"""``jpnews-tags train PATH... -o MODEL``: train the recognizer of unknown names on an archive of posts."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import AnalyzerOptions
from ..training import TrainOptions, train_recognizer
from .common import add_command, input_files, read_documents
from .output import OK, CommandError, check_output


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "train",
        help="train the recognizer of names no dictionary entry holds, on an archive (yours: your house style)",
        description="Label an archive with the analyzer (dictionaries, rules, discovery), learn from those labels "
        "how names are written and used, and write the model: use it with --model MODEL. See docs/recognizer.md.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="posts: files or directories (.md, .markdown, .txt, .text)")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="the model file to write (.npz, atomically)")
    g = p.add_argument_group("dictionary options")
    g.add_argument("--dict", action="append", metavar="PATH", help="user dictionary file or directory (repeatable)")
    g.add_argument("--no-package-dict", action="store_true", help="use only the --dict dictionaries")
    t = p.add_argument_group("training options")
    t.add_argument("--epochs", type=int, default=TrainOptions.epochs, metavar="N", help="passes over the examples")
    t.add_argument("--seed", type=int, default=TrainOptions.seed, metavar="N", help="seed of every random choice")
    t.add_argument(
        "--holdout",
        type=float,
        default=TrainOptions.holdout,
        metavar="X",
        help=f"share of documents kept aside to calibrate the confidence (default {TrainOptions.holdout})",
    )
    t.add_argument(
        "--buckets",
        type=int,
        default=int(math.log2(TrainOptions.dims)),
        metavar="BITS",
        help=f"2**BITS hash buckets for the features (default {int(math.log2(TrainOptions.dims))})",
    )
    t.add_argument(
        "--exclude-names",
        metavar="FILE",
        type=Path,
        help="never show the model these names (a gold JSON Lines file: its names; or one name a line): "
        "for evaluating on names the model has never seen",
    )
    p.set_defaults(func=run)


#: Gold labels that are not names (a gold file's amounts and dates are not hidden from the model).
NOT_NAMES = frozenset({"MONEY", "QUANTITY", "PERCENT", "DATE"})


def excluded_names(path: Path) -> frozenset[str]:
    """Names in a gold JSON Lines file (its mentions of names: numbers and dates are not names) or a plain list
    (one a line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot read: {exc}") from exc
    names: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                rec = json.loads(line)
                names.update(
                    e["text"]
                    for e in rec.get("entities", [])
                    if isinstance(e.get("text"), str) and e.get("label") not in NOT_NAMES
                )
            except (ValueError, AttributeError, TypeError) as exc:
                raise CommandError(f"{path}:{n}: not a gold record: {exc}") from exc
        else:
            names.add(line)
    return frozenset(names)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    check_output(args.output)
    if not 8 <= args.buckets <= 31:
        raise CommandError("--buckets must be between 8 and 31")
    if not 0 <= args.holdout < 1:
        raise CommandError("--holdout must be at least 0 and under 1")
    files = input_files(args.paths, err)
    options = TrainOptions(
        dims=1 << args.buckets,
        epochs=args.epochs,
        seed=args.seed,
        holdout=args.holdout,
        exclude_names=excluded_names(args.exclude_names) if args.exclude_names else frozenset(),
    )
    # the labels come from everything but a recognizer: a model must not learn from its own output
    analyzer = AnalyzerOptions(
        tuple(args.dict or ()), package_dictionaries=not args.no_package_dict, recognizer=False
    ).build()
    failures = [0]
    texts = ({"text": d.body, "title": d.title} for _, d in read_documents(files, err, failures))

    def progress(message: str) -> None:
        err.write(f"jpnews-tags: {message}\n")

    try:
        model, report = train_recognizer(analyzer, texts, options, progress=progress)
    except ValueError as exc:
        raise CommandError(f"{exc}; nothing written") from exc
    model.save(args.output)
    size = Path(args.output).stat().st_size
    out.write(
        f"{report.documents} documents ({report.heldout_documents} held out), {report.examples} token examples "
        f"({report.positives} in names), calibration {report.calibration}, {report.seconds} s -> {args.output} "
        f"({size / 1e6:.1f} MB)\n"
    )
    return OK
