"""jpnews-tags: typed, canonical entities and editor-quality tags for Japanese tech news.

Example:
    >>> from jpnews_tags import Analyzer
    >>> [e.canonical for e in Analyzer().analyze("エヌビディアのGPU").entities]
    ['NVIDIA']
"""

__version__ = "0.1.0"

from .analyzer import Analyzer  # noqa: E402
from .models import Analysis, Entity, Tag, Value, Versions  # noqa: E402
from .tags import TagOptions  # noqa: E402

__all__ = ["Analysis", "Analyzer", "Entity", "Tag", "TagOptions", "Value", "Versions", "__version__"]
