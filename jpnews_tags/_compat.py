"""Old import paths, kept working for one release.

Version 0.1 had every module side by side in ``jpnews_tags/``; they now live in a package per stage and per
edge (``docs/design.md``). ``import jpnews_tags.tokenization`` still works: it gives the module that replaced it
(the same module object, so state is shared) with a :class:`DeprecationWarning` naming the new path. The
mapping is the one place that knows the old layout; it is removed in the release after next.

Example:
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     from jpnews_tags.tokenization import Tokenizer
    >>> Tokenizer.__module__, caught[0].category.__name__
    ('jpnews_tags.text.tokenization', 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

#: Old module (relative to ``jpnews_tags``) -> the module that holds its public names now.
MOVED: dict[str, str] = {
    "normalization": "text.normalization",
    "tokenization": "text.tokenization",
    "layout": "text.layout",
    "paths": "lexicon.paths",
    "schema": "lexicon.schema",
    "dictionary": "lexicon.load",
    "resources": "lexicon.resources",
    "dictcheck": "lexicon.check",
    "candidates": "lexicon.suggest",
    "gazetteer": "ner.gazetteer",
    "numeric": "ner.numeric",
    "rules": "ner.rules",
    "salience": "ner.salience",
    "discovery": "ner.discovery",
    "tags": "tagging.tagger",
    "keyphrases": "tagging.keyphrases",
    "tagnames": "tagging.names",
    "vocabulary": "tagging.vocabulary",
    "tag_comparison": "tagging.comparison",
    "textio": "documents.decoding",
    "files": "documents.files",
    "frontmatter_yaml": "frontmatter.yaml_format",
    "frontmatter_toml": "frontmatter.toml_format",
    "frontmatter_edit": "frontmatter.edit",
    "frontmatter_lex": "frontmatter.lex",
    "batch_inputs": "batch.inputs",
    "batch_output": "batch.output",
    "dask_integration": "batch.dask",
    "enrich_files": "enrich.files",
    "report_html": "report.html",
    "spacy_component": "integrations.spacy",
    "commands": "cli",
}

_PACKAGE = __name__.rpartition(".")[0]


class _Loader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        pass  # the target module is already executed


class _MovedFinder(importlib.abc.MetaPathFinder):
    """Finds ``jpnews_tags.<old>`` and answers with the module that replaced it."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != _PACKAGE or name not in MOVED:
            return None
        new = f"{_PACKAGE}.{MOVED[name]}"
        warnings.warn(f"{fullname} is deprecated; import {new}", DeprecationWarning, stacklevel=3)
        return importlib.machinery.ModuleSpec(fullname, _Loader(new))


def install() -> None:
    """Register the finder once (called by ``jpnews_tags/__init__``)."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
