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
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

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


def moved_names(module: str, moved: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that still serves names which moved or were renamed, with a DeprecationWarning.

    ``moved`` maps an old name to ``"package.module:NewName"`` (relative to ``jpnews_tags``). Use it as
    ``__getattr__ = moved_names(__name__, {...})`` in the module the names left.

    >>> import warnings
    >>> get = moved_names("jpnews_tags.text.tokenization", {"Row": "text.tokenization:TokenRow"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     row = get("Row")
    >>> row is importlib.import_module("jpnews_tags.text.tokenization").TokenRow, str(caught[0].message)
    (True, 'jpnews_tags.text.tokenization.Row is deprecated; use jpnews_tags.text.tokenization.TokenRow')
    """

    def __getattr__(name: str) -> Any:
        target = moved.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        path, _, new = target.partition(":")
        warnings.warn(f"{module}.{name} is deprecated; use {_PACKAGE}.{path}.{new}", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(f"{_PACKAGE}.{path}"), new)

    return __getattr__


def install() -> None:
    """Register the finder once (called by ``jpnews_tags/__init__``)."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
