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
    index: np.ndarray  # int64: each compact position's index in the text
    word_first: np.ndarray  # int64: the compact position where the word holding position i begins
    word_last: np.ndarray  # int64: ... and where it ends (inclusive)

    @classmethod
    def of(cls, text: str) -> Compact:
        if not text:
            empty = np.zeros(0, dtype=np.int64)
            return cls("", empty, empty, empty)
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
        return cls(chars, index.astype(np.int64), first.astype(np.int64), last.astype(np.int64))


_ALNUM = np.array([chr(cp).isalnum() for cp in range(0x10000)], dtype=bool)


#: Endings a verb or noun phrase may carry in running text (شده، کردند، حملات).
VERB_SUFFIXES = (*SUFFIXES, "ه", "ند", "ید", "یم", "ن", "ات", "اند", "ست")


class PhraseMatcher[P]:
    def __init__(
        self, phrases: Iterable[tuple[str, P]], *, min_length: int = 2, suffixes: tuple[str, ...] = SUFFIXES
    ) -> None:
        """phrases: (phrase, payload); payloads of phrases with the same key are collected."""
        self.suffixes = frozenset(suffixes)
        self.longest_suffix = max(map(len, self.suffixes), default=0)
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
        longest_suffix = self.longest_suffix if suffixes is None else max(map(len, suffixes), default=0)
        suffixes = self.suffixes if suffixes is None else suffixes
        if not self.payloads:
            return []
        compact = compact or Compact.of(text)
        hits = list(self.automaton.iter(compact.chars))  # (compact end, key) of every occurrence
        if not hits:
            return []
        # Most occurrences lie inside longer words: those with more letters before them (after
        # them) in their word than any prefix (suffix) has are ruled out at once, in numpy.
        ends_c = np.fromiter((e for e, _ in hits), dtype=np.int64, count=len(hits))
        starts_c = ends_c - np.fromiter((len(k) for _, k in hits), dtype=np.int64, count=len(hits)) + 1
        before = starts_c - compact.word_first[starts_c]
        after = compact.word_last[ends_c] - ends_c
        possible = np.flatnonzero((before <= max(map(len, prefixes), default=0)) & (after <= longest_suffix))
        chars = compact.chars
        # Each valid match as one integer that sorts by start, then longest first (sorting
        # plain integers is several times faster than sorting tuples by a key function).
        width = len(text) + 1
        found: dict[int, str] = {}
        for i, start_c, end_c, n_before, n_after, start, last in zip(
            possible.tolist(),
            starts_c[possible].tolist(),
            ends_c[possible].tolist(),
            before[possible].tolist(),
            after[possible].tolist(),
            compact.index[starts_c[possible]].tolist(),
            compact.index[ends_c[possible]].tolist(),
            strict=True,
        ):
            if n_before and chars[start_c - n_before : start_c] not in prefixes:
                continue  # inside a word, after letters that are no attached prefix
            if n_after and chars[end_c + 1 : end_c + 1 + n_after] not in suffixes:
                continue  # inside a word, before letters that are no suffix
            key = hits[i][1]
            end = last + 1
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
