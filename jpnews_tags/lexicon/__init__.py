"""Stage 2, lexicon: the dictionaries as data (schema, loading, compile cache, checks, lookup, suggestions)."""
