"""Front matter of posts: the one finder of headers, a handler per format (YAML, TOML, JSON) that reads it
safely, and byte-exact edits of one key (:mod:`.edit`)."""

from .header import FrontMatter, FrontMatterError, Header, find_header, read_header, split_front_matter

__all__ = ["FrontMatter", "FrontMatterError", "Header", "find_header", "read_header", "split_front_matter"]
