"""Whole documents: a file's decoded text with optional front matter, analyzed as title + body.

Example:
    >>> from jpnews_tags import Analyzer
    >>> text = "---\\ntitle: AWSの発表\\n---\\nAWSは発表した。\\n"
    >>> a = analyze_document(Analyzer(), text)
    >>> [(e.text, e.start) for e in a.entities][:1]
    [('AWS', 22)]
    >>> text[22:25]
    'AWS'
"""

from __future__ import annotations

from ..analyzer import Analyzer
from ..frontmatter.header import split_front_matter
from ..models import Analysis


def shift_offsets(analysis: Analysis, offset: int) -> Analysis:
    if not offset:
        return analysis
    ents = [e.model_copy(update={"start": e.start + offset, "end": e.end + offset}) for e in analysis.entities]
    return analysis.model_copy(update={"entities": ents})


def analyze_document(analyzer: Analyzer, text: str, title: str | None = None) -> Analysis:
    """Analyze a whole file's text: front matter gives the title and is not analyzed as body.

    Offsets in the result index ``text`` (the whole decoded file).
    """
    fm = split_front_matter(text)
    body = text[fm.body_start :]
    result = shift_offsets(analyzer.analyze(body, title=title or fm.title), fm.body_start)
    if fm.error:
        result = result.model_copy(update={"warnings": [*result.warnings, fm.error]})
    return result
