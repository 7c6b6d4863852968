"""One catalog of words per language (ru.py, en.py), keyed by code."""
