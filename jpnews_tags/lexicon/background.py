"""The keyphrase background table: document frequencies of phrases in a news corpus, shipped as data.

``dictionaries/background/keyphrase_df.tsv`` holds ``# docs<TAB>N`` and one ``phrase<TAB>df`` line per phrase key;
:meth:`Background.specificity` turns a frequency into how specific a phrase is. The table is built from texts by
:func:`jpnews_tags.tagging.keyphrases.build_background` (``jpnews-tags build-background``); this module only holds,
reads and writes it.

Example:
    >>> b = Background(100, {"aiモデル": 90})
    >>> round(b.specificity("aiモデル"), 2), b.specificity("量子誤り訂正")
    (0.02, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from .load import DictionaryError

#: The first line of a table written by :meth:`Background.dump`.
HEADER = "# jpnews-tags keyphrase document frequencies (jpnews-tags build-background)"
#: The shipped table, relative to the dictionary directory.
BACKGROUND_FILE = Path("background") / "keyphrase_df.tsv"


@dataclass(frozen=True)
class Background:
    """Document frequencies of phrase keys in a background corpus of ``docs`` documents."""

    docs: int
    df: dict[str, int]

    def specificity(self, key: str) -> float:
        """1.0 for a phrase never seen in the background, near 0.0 for one in every document."""
        n = max(1, self.docs)
        return math.log((n + 1) / (self.df.get(key, 0) + 1)) / math.log(n + 1)

    @classmethod
    def empty(cls) -> Background:
        return cls(0, {})

    @classmethod
    def load(cls, path: Path) -> Background:
        """Read a table written by :meth:`dump` (``# docs<TAB>N`` then ``phrase<TAB>df`` lines)."""
        docs = 0
        df: dict[str, int] = {}
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                line = line.rstrip("\n")
                if line.startswith("# docs\t"):
                    docs = int(line.split("\t", 1)[1])
                    continue
                if not line or line.startswith("#"):
                    continue
                phrase, sep, count = line.rpartition("\t")
                if not sep or not count.isdigit():
                    raise ValueError(f"{path}:{lineno}: expected 'phrase<TAB>count'")
                df[phrase] = int(count)
        if docs <= 0:
            raise ValueError(f"{path}: missing '# docs<TAB>N' line")
        return cls(docs, df)

    def dump(self, path: Path) -> None:
        lines = [HEADER, f"# docs\t{self.docs}"]
        lines += [f"{k}\t{v}" for k, v in sorted(self.df.items(), key=lambda x: (-x[1], x[0]))]
        write_atomic(path, "\n".join(lines) + "\n")


def load_background(base: Path) -> Background:
    """The table under the dictionary directory ``base``; an absent table means every phrase counts as specific."""
    path = base / BACKGROUND_FILE
    if not path.is_file():
        return Background.empty()
    try:
        return Background.load(path)
    except (OSError, ValueError) as exc:
        raise DictionaryError(str(exc)) from exc
