"""Sentences of the folded text, with offsets.

Persian, Dari and Arabic: hazm's sentence tokenizer within each line (a line never spans two),
aligned back to offsets (hazm's tokenizers return strings only).

English: a sentence ends at `.`, `!` or `?` (and closing quotes) before a capital, a quote or
the end, but not after an abbreviation or an initial (`U.S.`, `Gen.`, `Aug.`, `a.m.`, `J.`); a
blank line ends one; a single line break ends one only after closing punctuation or a short
line with no comma at its end (a headline, a dateline), since wire copy breaks lines inside
sentences. Capitals are read in the raw text through the offset map.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .doc import Doc, Span

_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> Any:  # hazm.SentenceTokenizer
    """hazm's sentence tokenizer, built once per process (hazm is imported on first use: it
    takes about 0.4 s, which commands that never parse a report should not pay)."""
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def _align(text: str, pieces: list[str], start: int, end: int, label: str) -> list[Span[None]]:
    spans, cursor = [], start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor, end)
        if at < 0:
            continue  # hazm changed the piece (rare on folded text); skip it
        spans.append(Span(at, at + len(piece), label, None, source="hazm"))
        cursor = at + len(piece)
    return spans


def split_sentences(text: str) -> list[Span[None]]:
    """Sentences: hazm's sentence tokenizer within each line (a line never spans two)."""
    sentence_tokenizer = _sentence_tokenizer()
    out: list[Span[None]] = []
    for line in _LINE.finditer(text):
        found = _align(text, sentence_tokenizer.tokenize(line.group()), line.start(), line.end(), "sentence")
        out.extend(found or [Span(line.start(), line.end(), "sentence", None, source="line")])
    return out


#: Words that end with a period without ending a sentence (folded: lower case).
ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "cpl",
        "brig",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "mt",
        "no",
        "nos",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "inc",
        "co",
        "corp",
        "ltd",
        "dept",
        "est",
        "approx",
    ]
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_SPACES = re.compile(r"\s*")
#: A line shorter than this with no comma at its end is a headline or dateline: it ends a sentence.
SHORT_LINE = 60


def split_english(text: str, raw: str, offsets: Any) -> list[Span[None]]:
    """English sentences (see the module docstring); `offsets` maps folded to raw indices."""
    cuts = [0]
    for m in _END.finditer(text):
        end = m.end()
        nxt = _SPACES.match(text, end).end()  # type: ignore[union-attr]  # \s* always matches
        if nxt >= len(text):
            continue
        if m.group() == "\n":
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].rstrip()  # the whole line, as wrapped
            blank = "\n" in text[end:nxt]
            closed = line[-1:] in ".!?:;\"”)'’"
            upper = raw[int(offsets[nxt])].isupper() or not raw[int(offsets[nxt])].isalpha()
            if blank or closed or (len(line) < SHORT_LINE and not line.endswith(",") and upper):
                cuts.append(nxt)
            continue
        stop = start = m.start() + 1  # the last token before the mark, the mark included
        while start > cuts[-1] and not text[start - 1].isspace():
            start -= 1
        word = text[start:stop].strip("\"'“‘(").rstrip(".").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        first = raw[int(offsets[nxt])]
        if first.islower():
            continue
        cuts.append(nxt)
    cuts.append(len(text))
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if piece.strip():
            out.append(Span(start + lead, start + trail, "sentence", None, source="rules"))
    return out


class SentenceSplitter:
    """The sentences of the folded text (the matchers need no word tokens)."""

    name = "sentences"
    requires = ("doc.lang",)
    assigns = ("doc.sentences",)

    def __call__(self, doc: Doc) -> Doc:
        if doc.lang.split("-")[0] == "en":
            doc.sentences = split_english(doc.text, doc.raw, doc.norm.offsets)
        else:
            doc.sentences = split_sentences(doc.text)
        return doc
