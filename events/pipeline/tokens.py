"""Sentences of the folded text, from hazm's sentence tokenizer, aligned back to offsets (hazm's
tokenizers return strings only)."""

from __future__ import annotations

import re
from functools import lru_cache

from .doc import Doc, Span

_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _sentence_tokenizer():  # -> hazm.SentenceTokenizer
    """hazm's sentence tokenizer, built once per process (hazm is imported on first use: it
    takes about 0.4 s, which commands that never parse a report should not pay)."""
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def _align(text: str, pieces: list[str], start: int, end: int, label: str) -> list[Span]:
    spans, cursor = [], start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor, end)
        if at < 0:
            continue  # hazm changed the piece (rare on folded text); skip it
        spans.append(Span(at, at + len(piece), label, source="hazm"))
        cursor = at + len(piece)
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentences: hazm's sentence tokenizer within each line (a line never spans two)."""
    sentence_tokenizer = _sentence_tokenizer()
    out: list[Span] = []
    for line in _LINE.finditer(text):
        found = _align(text, sentence_tokenizer.tokenize(line.group()), line.start(), line.end(), "sentence")
        out.extend(found or [Span(line.start(), line.end(), "sentence", source="line")])
    return out


def tokenize(doc: Doc) -> Doc:
    """The sentences of the folded text (the matchers need no word tokens)."""
    doc.sentences = split_sentences(doc.text)
    return doc
