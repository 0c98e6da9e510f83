"""Phrase matching over folded text, blind to spaces and ZWNJ.

Phrases are compiled to name keys (letters and digits only, `lib.text.name_key`) into one
Aho-Corasick automaton (pyahocorasick). The text is matched in the same compact form, so
`البو کمال`, `البوکمال` and `نیروهای دموکراتیک‌سوریه` all meet their phrase; a match counts
only where it starts at a word start (or after an attached prefix of the text's language: و in
Persian, و ف ب ل ك in Arabic) and ends at a word end (or before a suffix of the language:
ها، های، ی، ای، هایی in Persian; see `lexicons/affixes.tsv`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick
import numpy as np

from lib.text import name_key

PREFIXES = frozenset({"", "و"})
SUFFIXES = ("", "ها", "های", "هایی", "ی", "ای", "یی")


@dataclass(frozen=True, slots=True)
class Compact:
    """The letters and digits of a text, with each one's index in the text."""

    chars: str
    index: list[int]
    word_start: list[bool]  # compact position i begins a word of the text
    word_first: list[int]  # the compact position where the word holding position i begins
    word_last: list[int]  # ... and where it ends (inclusive)

    @classmethod
    def of(cls, text: str) -> Compact:
        if not text:
            return cls("", [], [], [], [])
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        alnum = np.zeros(len(codes), dtype=bool)
        low = codes < len(_ALNUM)
        alnum[low] = _ALNUM[codes[low]]
        if not low.all():  # beyond the BMP: ask Python
            for i in np.flatnonzero(~low):
                alnum[i] = text[i].isalnum()
        index = np.flatnonzero(alnum)
        previous = np.concatenate(([False], alnum[:-1]))
        starts = (alnum & ~previous)[index]
        chars = codes[index].astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
        # A word of the text is a run of letters and digits: a run of compact positions.
        positions = np.arange(len(index))
        first = np.maximum.accumulate(np.where(starts, positions, 0))
        ends = np.append(starts[1:], True)
        last = np.minimum.accumulate(np.where(ends, positions, len(index))[::-1])[::-1]
        return cls(chars, index.tolist(), starts.tolist(), first.tolist(), last.tolist())


_ALNUM = np.array([chr(cp).isalnum() for cp in range(0x10000)], dtype=bool)


#: Endings a verb or noun phrase may carry in running text (شده، کردند، حملات).
VERB_SUFFIXES = (*SUFFIXES, "ه", "ند", "ید", "یم", "ن", "ات", "اند", "ست")


class PhraseMatcher[P]:
    def __init__(
        self, phrases: Iterable[tuple[str, P]], *, min_length: int = 2, suffixes: tuple[str, ...] = SUFFIXES
    ) -> None:
        """phrases: (phrase, payload); payloads of phrases with the same key are collected."""
        self.suffixes = frozenset(suffixes)
        self.payloads: dict[str, list[P]] = {}
        for phrase, payload in phrases:
            key = name_key(phrase)
            if len(key) >= min_length:
                self.payloads.setdefault(key, []).append(payload)
        self.automaton = ahocorasick.Automaton()
        for key in self.payloads:
            self.automaton.add_word(key, key)
        if self.payloads:
            self.automaton.make_automaton()

    def find(
        self,
        text: str,
        compact: Compact | None = None,
        *,
        prefixes: frozenset[str] = PREFIXES,
        suffixes: frozenset[str] | None = None,
        accept: Callable[[int, int, str], bool] | None = None,
    ) -> list[tuple[int, int, str, list[P]]]:
        """Leftmost-longest matches as (start, end, key, payloads); offsets into `text`.
        `prefixes` and `suffixes` (each with "") may be attached; suffixes default to the
        matcher's own. `accept(start, end, key)`, when given, rules a match out before the
        longest is chosen, so that a shorter one it overlaps can still be found (`من دير` is not
        the one-word name `مندير`, and `دير الزور` after it is found)."""
        suffixes = self.suffixes if suffixes is None else suffixes
        if not self.payloads:
            return []
        compact = compact or Compact.of(text)
        # Each valid match as one integer that sorts by start, then longest first (sorting
        # plain integers is several times faster than sorting tuples by a key function).
        width = len(text) + 1
        found: dict[int, str] = {}
        for end_c, key in self.automaton.iter(compact.chars):
            start_c = end_c - len(key) + 1
            start, end = compact.index[start_c], compact.index[end_c] + 1
            first = compact.word_first[start_c]
            if first != start_c and compact.chars[first:start_c] not in prefixes:
                continue  # inside a word, after letters that are no attached prefix
            last = compact.word_last[end_c]
            if last != end_c and compact.chars[end_c + 1 : last + 1] not in suffixes:
                continue  # inside a word, before letters that are no suffix
            if accept is not None and not accept(start, end, key):
                continue
            found[start * width + width - end] = key
        out: list[tuple[int, int, str, list[P]]] = []
        last_end = -1
        for code in sorted(found):
            start, rest = divmod(code, width)
            end = width - rest
            if start >= last_end:
                key = found[code]
                out.append((start, end, key, self.payloads[key]))
                last_end = end
        return out
