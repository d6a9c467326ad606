"""Adapters to other libraries (spaCy)."""
