"""Matching keys of place names. A thin wrapper: the folding rules live in the one
normaliser, `events.pipeline.normalize`, so the pipeline and the gazetteer always agree."""

from events.pipeline.normalize import bare_key, fold, name_key

__all__ = ["name_key", "bare_key", "fold", "script_of"]


def script_of(name: str) -> str:
    """Rough script of a name: 'arabic' (Arabic or Persian letters), 'latin' or 'other'."""
    for ch in name:
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            return "arabic"
        if ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f":
            return "latin"
    return "other"
