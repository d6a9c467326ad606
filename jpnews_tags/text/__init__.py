"""Stage 1, text: normalization, Sudachi tokenization with original offsets, and the layout of a text."""
