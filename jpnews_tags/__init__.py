"""jpnews-tags: typed, canonical entities and editor-quality tags for Japanese tech news.

Example:
    >>> from jpnews_tags import Analyzer
    >>> [e.canonical for e in Analyzer().analyze("エヌビディアのGPU").entities]
    ['NVIDIA']
"""

__version__ = "0.1.0"

from .analyzer import Analyzer
from .models import Analysis, Entity, EntityGroup, Mention, Tag, Value, Versions
from .tags import TagOptions

__all__ = [
    "Analysis",
    "Analyzer",
    "Entity",
    "EntityGroup",
    "Mention",
    "Tag",
    "TagOptions",
    "Value",
    "Versions",
    "__version__",
]
