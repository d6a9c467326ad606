"""jpnews-tags: typed, canonical entities and editor-quality tags for Japanese tech news.

Example:
    >>> from jpnews_tags import Analyzer
    >>> [e.canonical for e in Analyzer().analyze("エヌビディアのGPU").entities]
    ['NVIDIA']
"""

from . import _compat
from .analyzer import Analyzer, AnalyzerOptions
from .models import Analysis, Entity, EntityGroup, Mention, Tag, Value, Versions
from .tagging.tagger import TagOptions
from .version import __version__

__all__ = [
    "Analysis",
    "Analyzer",
    "AnalyzerOptions",
    "Entity",
    "EntityGroup",
    "Mention",
    "Tag",
    "TagOptions",
    "Value",
    "Versions",
    "__version__",
]

_compat.install()
