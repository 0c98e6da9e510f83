"""The project's one text normaliser, for report text and gazetteer names alike.

`normalize(raw)` folds a text to a canonical form and keeps, for every character of the
result, the index of the raw character it came from, so that anything found in the
normalised text can be pointed at in the raw text, which is never rewritten.

Folding rules (each is one entry of the character table below):

* Arabic letter variants to Persian ones: ي ى ئ → ی, ك → ک, ة ۀ ھ → ه, أ إ آ ٱ → ا, ؤ → و;
  the lone hamza ء is dropped.
* Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel are dropped.
* Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII digits.
* ZWNJ and hyphens become a space; ZWJ, bidi controls, BOM and soft hyphen are dropped;
  every kind of white space becomes a plain space (newlines stay), and runs of spaces
  collapse to one.
* Latin letters are lower-cased and stripped of diacritics (Ā → a, Ş → s); apostrophes
  and the ayn/hamza marks of transliterations (' ’ ‘ ` ʿ ʾ) are dropped.

`name_key(name)` is the matching key of a name: the normalised text with every character
that is not a letter or digit removed, so `البو کمال`, `البوکمال` and `البوكمال` share one
key. `bare_key(name)` also drops the Arabic article from each word (`البوکمال` → `بوکمال`,
`تل الجایر` → `تلجایر`, `Al-Qaim` → `qaim`), so names written with and without it meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["Normalized", "normalize", "fold", "name_key", "bare_key", "script_of", "ARTICLE_PREFIX"]

_TABLE_SIZE = 0x10000  # the Basic Multilingual Plane; characters above it map to themselves
ARTICLE_PREFIX = "ال"
_LATIN_ARTICLES = frozenset(
    {"al", "el", "ul", "an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "ez", "es", "ed", "er", "en"}
)

_SPACE = " "


def _build_table() -> list[str]:
    """Return, for each code point below _TABLE_SIZE, the string it folds to."""
    table = [chr(cp) for cp in range(_TABLE_SIZE)]

    def put(chars: str, to: str) -> None:
        for ch in chars:
            table[ord(ch)] = to

    # Latin: lower-case, strip diacritics (via NFKD), for the Latin blocks.
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if cp in (0xD7, 0xF7):  # × ÷
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if base and base.isascii():
            table[cp] = base
        elif ch.lower() != ch:
            table[cp] = ch.lower()
    put("ßẞ", "ss")
    put("ıİ", "i")
    put("øØ", "o")
    put("łŁ", "l")
    put("đĐ", "d")
    put("ħĦ", "h")
    put("æÆ", "ae")
    put("œŒ", "oe")
    put("þÞ", "th")
    # Combining marks (Latin transliterations written in NFD).
    for cp in range(0x300, 0x370):
        table[cp] = ""
    # Apostrophes, ayn and hamza marks of transliterations, and straight/curly quotes in names.
    put("'’‘`´ʿʾʻʼʹ′", "")
    # Hyphens and dashes separate words.
    put("-‐‑‒–—―_", _SPACE)

    # Arabic letter variants → the Persian letters.
    put("يىئےۍېۑ", "ی")
    put("كڪګ", "ک")
    put("ةۀھہۃەۂ", "ه")
    put("أإآٱٲٳٵ", "ا")
    put("ؤۄۅۆۇۈۉۋ", "و")
    put("ء", "")
    # Arabic diacritics, Quranic marks and tatweel.
    for cp in list(range(0x610, 0x61B)) + list(range(0x64B, 0x660)) + [0x670] + list(range(0x6D6, 0x6EE)):
        table[cp] = ""
    put("\u0640", "")
    # Digits.
    for i in range(10):
        table[0x660 + i] = str(i)
        table[0x6F0 + i] = str(i)
    # Joiners, bidi controls, BOM, soft hyphen.
    put("\u200c", _SPACE)  # ZWNJ separates the parts of a word; treat it as a space
    put("\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\u061c", "")
    # White space.
    put(
        "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c",
        _SPACE,
    )
    put("\r\u2028\u2029\x85", "\n")
    # Other control characters are dropped.
    for cp in list(range(0x20)) + list(range(0x7F, 0xA0)):
        if chr(cp) not in "\n\t\r\x0b\x0c\x85":
            table[cp] = ""
    # Arabic presentation forms (ﻻ, ﺍ, ...) and full-width forms decompose to the ordinary
    # letters, then fold; variation selectors are dropped.
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)) + list(range(0xFF01, 0xFFEF)):
        decomposed = unicodedata.normalize("NFKC", chr(cp))
        table[cp] = "".join(table[ord(c)] for c in decomposed)
    for cp in range(0xFE00, 0xFE10):
        table[cp] = ""
    table[0xFEFF] = ""  # BOM / zero-width no-break space
    return table


_TABLE = _build_table()
_TRANSLATE = {cp: to for cp, to in enumerate(_TABLE) if to != chr(cp)}
_TRANSLATE.update(dict.fromkeys(range(917504, 917632), ""))
_LENGTHS = np.array([len(to) for to in _TABLE], dtype=np.int64)
#: Each code point's folded character, where it folds to exactly one (a look-up table for numpy).
_SINGLE = np.array([ord(to) if len(to) == 1 else 0 for to in _TABLE], dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the raw index of each of its characters.

    `offsets` has one entry per character of `text` plus a final entry equal to the raw
    length, so `raw_span(start, end)` works for any span of `text`, including an empty one
    at the end.
    """

    raw: str
    text: str
    offsets: np.ndarray

    def raw_start(self, start: int) -> int:
        return int(self.offsets[start])

    def raw_end(self, end: int) -> int:
        """Raw index just past the raw character behind text[end - 1]."""
        if end <= 0:
            return int(self.offsets[0]) if len(self.offsets) else 0
        return int(self.offsets[end - 1]) + 1 if end <= len(self.text) else len(self.raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `text` to the smallest raw span that produced it."""
        if start >= end:
            pos = int(self.offsets[start])
            return pos, pos
        return self.raw_start(start), self.raw_end(end)


def _codes(raw: str) -> np.ndarray:
    return np.frombuffer(raw.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def normalize(raw: str) -> Normalized:
    """Fold `raw` and keep the map back to it. Runs of spaces collapse to one; spaces at the
    start and end of lines are kept (offsets stay exact either way)."""
    if not raw:
        return Normalized(raw, "", np.zeros(1, dtype=np.int64))
    codes = _codes(raw)
    high = codes >= _TABLE_SIZE
    if high.any():
        lengths = np.ones(len(codes), dtype=np.int64)
        lengths[~high] = _LENGTHS[codes[~high]]
        lengths[high & (codes >= 0xE0000) & (codes <= 0xE007F)] = 0  # tag characters
    else:
        lengths = _LENGTHS[codes]
    if not high.any() and lengths.max() <= 1:
        # Every character folds to one character or to none: a table look-up over the whole
        # text (the same result as str.translate, many times faster on long texts).
        folded = _SINGLE[codes][lengths == 1].tobytes().decode("utf-32-le", "surrogatepass")
    else:
        folded = raw.translate(_TRANSLATE)
    offsets = np.repeat(np.arange(len(codes), dtype=np.int64), lengths)
    # Collapse runs of spaces: drop a space that follows a space.
    if "  " in folded:
        out = _codes(folded)
        space = out == 32
        dup = space.copy()
        dup[1:] &= space[:-1]
        dup[0] = False
        keep = ~dup
        folded = _take(folded, keep)
        offsets = offsets[keep]
    offsets = np.append(offsets, len(raw))
    return Normalized(raw, folded, offsets)


def _take(text: str, keep: np.ndarray) -> str:
    """Characters of `text` where `keep` is true, fast for long texts."""
    codes = _codes(text)[keep]
    return str(codes.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass"))


_SPACE_RUN = re.compile(" {2,}")


def fold(text: str) -> str:
    """The normalised text alone, without the offset map (same result as normalize().text)."""
    return _SPACE_RUN.sub(" ", text.translate(_TRANSLATE))


def _words(name: str) -> list[str]:
    return [w for w in fold(name).split() if w]


def _alnum(text: str) -> str:
    return "".join(filter(str.isalnum, text))


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Matching key of a name: folded, letters and digits only."""
    return _alnum(name.translate(_TRANSLATE))


def _strip_article(word: str) -> str:
    if word.startswith(ARTICLE_PREFIX) and len(word) >= len(ARTICLE_PREFIX) + 2:
        return word[len(ARTICLE_PREFIX) :]
    return word


@lru_cache(maxsize=200_000)
def bare_key(name: str) -> str:
    """Key with the Arabic article dropped from every word (`al-`, `ash-`, `ال`)."""
    words = []
    for word in _words(name):
        if word in _LATIN_ARTICLES:
            continue
        words.append(_strip_article(word))
    return _alnum("".join(words))


def script_of(name: str) -> str:
    """Rough script of a name: 'arabic' (Arabic or Persian letters), 'latin' or 'other'."""
    for ch in name:
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            return "arabic"
        if ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f":
            return "latin"
    return "other"


# --- transliteration skeletons -------------------------------------------------------------------

#: Latin letter groups → consonant classes (longest first); vowels, w and y are dropped, since
#: English spellings of Arabic names differ mostly there (Raqa/Raqqa, Deraa/Daraa, Bayji/Baiji).
_LATIN_CLASSES = (
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "z"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("k", "k"),
    ("x", "ks"),
    ("g", "g"),
    ("j", "j"),
    ("s", "s"),
    ("z", "z"),
    ("t", "t"),
    ("d", "d"),
    ("h", "h"),
    ("f", "f"),
    ("v", "f"),
    ("p", "b"),
    ("b", "b"),
    ("l", "l"),
    ("m", "m"),
    ("n", "n"),
    ("r", "r"),
)
#: Arabic and Persian letters (folded: ی ک ه) → the same classes; alef, waw, ya, ayn and hamza
#: are dropped like Latin vowels.
_ARABIC_CLASSES = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "ج": "j",
    "چ": "j",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ض": "d",
    "ذ": "z",
    "ز": "z",
    "ظ": "z",
    "ژ": "z",
    "ر": "r",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "غ": "g",
    "گ": "g",
    "ف": "f",
    "ق": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_ARABIC_ARTICLE = "ال"
MIN_SKELETON = 2


_LATIN_CLASS = dict(_LATIN_CLASSES)
_LATIN_LETTERS = re.compile("|".join(sorted(_LATIN_CLASS, key=len, reverse=True)))


def _latin_skeleton(word: str) -> str:
    """Consonant classes of a Latin word (vowels, w, y and digits dropped)."""
    return "".join(_LATIN_CLASS[m] for m in _LATIN_LETTERS.findall(word))


def _arabic_skeleton(word: str) -> str:
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        word = word[2:]
    if word.endswith("ه"):
        word = word[:-1]  # ta marbuta (folded to ه): not a consonant English spellings keep
    return "".join(_ARABIC_CLASSES.get(ch, "") for ch in word)


#: Words that tell apart places of one name (Tal Abyad Sharqi and Gharbi, Foo East and West): the
#: skeleton keeps them as a mark of their meaning, the same in either script, instead of their
#: consonants (`east` and `west` have the same skeleton: vowels and w are dropped).
_QUALIFIER_MARKS = {
    mark: frozenset(words)
    for mark, words in (
        ("E", ("east", "eastern", "sharqi", "sharqiya", "sharqiyah", "sharki", "sharqiyya", "شرقی", "شرقیه")),
        ("W", ("west", "western", "gharbi", "gharbiya", "gharbiyah", "garbi", "gharbiyya", "غربی", "غربیه")),
        ("N", ("north", "northern", "shamali", "shamaliya", "shimali", "shamaliyah", "شمالی", "شمالیه")),
        ("S", ("south", "southern", "janubi", "janoubi", "jnoubi", "janubiya", "janubiyah", "جنوبی", "جنوبیه")),
        ("B", ("big", "great", "greater", "kabir", "kebir", "kbir", "kabira", "kabirah", "کبیر", "کبیره")),
        ("L", ("small", "little", "lesser", "saghir", "sghir", "saghira", "saghirah", "صغیر", "صغیره")),
        ("U", ("upper", "fawqani", "fouqani", "foqani", "فوقانی")),
        ("D", ("lower", "tahtani", "tahtaniya", "تحتانی")),
    )
}
_QUALIFIER = {word: mark for mark, words in _QUALIFIER_MARKS.items() for word in words}


def _fold_words(name: str) -> list[str]:
    return fold(name).split()


@lru_cache(maxsize=200_000)
def skeleton_key(name: str) -> str:
    """The consonant skeleton of a name, the same for its Arabic spelling and its English ones:
    articles dropped, vowels (and w, y, alef, waw, ya, ayn) dropped, letters that English spells
    several ways in one class (q/k, s/sh, t/th, z/dh; kh stays apart, so Khan is not the Kurdish
    Kani), doubled letters once, a final h dropped. `Raqqa`, `Raqqah`, `al-Raqa` and `الرقة` all give `rk`; `Deir ez-Zor`,
    `Dayr Az Zawr` and `دير الزور` give `drzr`. Qualifiers (east, Sharqi, الشرقية; upper, small...)
    give an upper-case mark of their meaning, so `Foo East` and `Foo West` differ. Skeletons shorter than MIN_SKELETON letters (too
    many names share them) are returned as ""."""
    parts = []
    for word in _fold_words(name):
        if word in _LATIN_ARTICLES or word == _ARABIC_ARTICLE:
            continue
        bare = word.removeprefix(_ARABIC_ARTICLE) if not word.isascii() else word.removeprefix("al-")
        if bare in _QUALIFIER:
            parts.append(_QUALIFIER[bare])
            continue
        if word.isascii():
            word = word.removeprefix("al") if len(word) > 4 and word.startswith("al") and "-" not in word else word
            skeleton = _latin_skeleton(word.rstrip("h") if len(word) > 3 and word[-2:-1] in "aeiou" else word)
        else:
            skeleton = _arabic_skeleton(word)
        parts.append(skeleton)
    joined = "".join(parts)
    collapsed = "".join(ch for i, ch in enumerate(joined) if i == 0 or ch != joined[i - 1])
    return collapsed if len(collapsed) >= MIN_SKELETON else ""
