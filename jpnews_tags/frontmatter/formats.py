"""One interface for every front matter format, and the registry that the finder and the editor go through.

The design is python-frontmatter's handler per format: one module per format (:mod:`.yaml_format`,
:mod:`.toml_format`, :mod:`.json_format`), each with a handler that knows the format's fence, reads a header
with the safe loader of :mod:`jpnews_tags.safe_data`, edits one key byte-exactly and writes an empty header.
Where a header is and which format it is, is decided once, by :func:`jpnews_tags.frontmatter.header.find_header`;
everything after that dispatches through :func:`handler`. A new format is one module and one line here.

Example:
    >>> [(h.name, h.fence) for h in HANDLERS.values()]
    [('yaml', '---'), ('toml', '+++'), ('json', None)]
    >>> handler("toml").load('tags = ["AI"]', DOCUMENT_LIMITS)
    {'tags': ['AI']}
    >>> handler("yaml").empty("\\n")
    '---\\n---\\n'
"""

from __future__ import annotations

from typing import Any, Protocol

from ..safe_data import DOCUMENT_LIMITS, Limits
from . import json_format, toml_format, yaml_format
from .lex import ListEdit, RecordsEdit

__all__ = ["DOCUMENT_LIMITS", "FENCES", "HANDLERS", "FormatHandler", "handler"]


class FormatHandler(Protocol):
    """What the finder and the editor need from a front matter format."""

    #: ``yaml``, ``toml`` or ``json``: what :attr:`Header.format` says.
    name: str
    #: The line that opens and closes the header (``---``, ``+++``); None when the header is a JSON object.
    fence: str | None

    def load(self, raw: str, limits: Limits = DOCUMENT_LIMITS) -> dict[str, Any]:
        """The mapping the header text holds (the text between the fences, or the JSON object), read with the
        safe loader under ``limits``; :class:`FrontMatterError` when it is malformed, refused or not a mapping."""
        ...

    def edit(self, raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
        """(the header text with one key changed, the value the key now holds when only the handler knows it
        (strings), notes for the user); :class:`EditError` when the key cannot be edited safely."""
        ...

    def empty(self, nl: str) -> str:
        """An empty header with its fences, ending in ``nl``, to put before a text that has none."""
        ...


#: Every format, by name, in the order the finder tries the fenced ones.
HANDLERS: dict[str, FormatHandler] = {
    h.name: h for h in (yaml_format.HANDLER, toml_format.HANDLER, json_format.HANDLER)
}
#: Fence -> handler, for the formats whose header sits between two fence lines.
FENCES: dict[str, FormatHandler] = {h.fence: h for h in HANDLERS.values() if h.fence}


def handler(fmt: str) -> FormatHandler:
    """The handler of a format name (``KeyError`` for an unknown one)."""
    return HANDLERS[fmt]
