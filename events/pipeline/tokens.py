"""Sentences and tokens of the folded text, from hazm, aligned back to offsets (hazm's
tokenizers return strings only)."""

from __future__ import annotations

import re
from functools import lru_cache

from .doc import Doc, Span

_LINE = re.compile(r"[^\n]+")
_FALLBACK_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=1)
def _tokenizers():
    """hazm's tokenizers, built once per process (WordTokenizer takes about 0.5 s)."""
    from hazm import SentenceTokenizer, WordTokenizer

    return SentenceTokenizer(), WordTokenizer(join_verb_parts=False, separate_emoji=False, replace_links=False, replace_ids=False, replace_emails=False, replace_numbers=False, replace_hashtags=False)


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
    sentence_tokenizer, _ = _tokenizers()
    out: list[Span] = []
    for line in _LINE.finditer(text):
        found = _align(text, sentence_tokenizer.tokenize(line.group()), line.start(), line.end(), "sentence")
        out.extend(found or [Span(line.start(), line.end(), "sentence", source="line")])
    return out


def word_tokens(doc: Doc) -> list[Span]:
    """hazm's word tokens of each sentence, aligned to offsets into the folded text."""
    _, word_tokenizer = _tokenizers()
    text = doc.text
    tokens: list[Span] = []
    for sentence in doc.sentences:
        chunk = text[sentence.start : sentence.end]
        try:
            pieces = word_tokenizer.tokenize(chunk)
        except Exception:  # noqa: BLE001 - hazm on odd input; fall back to a regex
            pieces = _FALLBACK_TOKEN.findall(chunk)
        tokens.extend(_align(text, pieces, sentence.start, sentence.end, "token"))
    return tokens


def tokenize(doc: Doc) -> Doc:
    """Sentences now; word tokens on first use of `doc.tokens`."""
    doc.sentences = split_sentences(doc.text)
    return doc
