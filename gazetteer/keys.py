"""Matching keys of place names: a re-export of the one normaliser, `lib.text` (kept for
migration 0005 and for readers who look for keys in the gazetteer)."""

from lib.text import bare_key, fold, name_key, script_of

__all__ = ["name_key", "bare_key", "fold", "script_of"]
