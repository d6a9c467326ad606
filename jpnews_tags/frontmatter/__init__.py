"""Front matter of posts: finding the header, reading it safely, and editing one key byte-exactly."""

from .header import FrontMatter, split_front_matter

__all__ = ["FrontMatter", "split_front_matter"]
