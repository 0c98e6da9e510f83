"""What a word is, for the taggers: how common it is as a word of the language (so a gazetteer name
that is also a common word needs a cue), whether it is a verb, whether an ending makes it an
inflection of a common word.

Persian and Dari: hazm's word list with its frequencies (its stop words and the `function-word`
set of `lexicons/place_words.tsv` count as very common) and hazm's lemmatizer, which gives verbs
as `past#present` stems. hazm is imported on first use (about 0.4 s).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lib.text import fold, name_key

from .lexicon import place_words

#: The frequency given to stop words and function words: never places, cue or not.
STOPWORD = 10**9
#: From this hazm frequency a word is common (a one-word name from the large sources needs a cue).
COMMON_WORD = 20_000
#: Endings that make a plural, ezafe or indefinite form of a word.
ENDINGS = ("هایی", "های", "ها", "ای", "یی", "ی")


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """hazm's Persian word list, by name key; stop words and function words count as very common."""
    from hazm import stopwords_list, words_list

    out: dict[str, int] = {}
    for word, freq, _ in words_list():
        key = name_key(word)
        out[key] = max(freq, out.get(key, 0))
    for word in [*stopwords_list(), *place_words().get(("function-word", "fa"), ())]:
        out[name_key(word)] = STOPWORD
    return out


def is_stopword(word: str) -> bool:
    return word_frequencies().get(name_key(word), 0) >= STOPWORD


@lru_cache(maxsize=50_000)
def inflects_common_word(word: str) -> bool:
    """`نیروهای`, `روستای`, `کوچکی`: a common word, or one with a plural/ezafe ending."""
    freqs = word_frequencies()
    key = name_key(word)
    if freqs.get(key, 0) >= COMMON_WORD:
        return True
    return any(
        key.endswith(e) and freqs.get(key[: -len(e)], 0) >= COMMON_WORD for e in ENDINGS if len(key) > len(e) + 1
    )


@lru_cache(maxsize=50_000)
def name_frequency(name: str) -> int:
    """How common a one-word name is as a Persian word (0 for longer names and unknown words)."""
    words = fold(name).split()
    if len(words) != 1:
        return 0
    return word_frequencies().get(name_key(words[0]), 0)


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:  # hazm.Lemmatizer, imported on first use
    from hazm import Lemmatizer

    return Lemmatizer()


@lru_cache(maxsize=50_000)
def is_verb(word: str) -> bool:
    """hazm's lemmatizer gives verbs as `past#present` stems (`فرستادند` → `فرستاد#فرست`)."""
    return "#" in _lemmatizer().lemmatize(word)


__all__ = [
    "COMMON_WORD",
    "STOPWORD",
    "function_word",
    "inflects_common_word",
    "is_stopword",
    "is_verb",
    "name_frequency",
    "word_frequencies",
]


# --- Arabic and English: wordfreq's frequencies (Zipf scale: 6 is one word in a thousand) --------

#: From this Zipf frequency a word is a grammatical word: never a place, cue or not.
FUNCTION_ZIPF = 6.2


@lru_cache(maxsize=100_000)
def zipf(word: str, lang: str) -> float:
    """How common `word` (as written, in Arabic or Latin letters) is in `lang` (`ar`, `en`), on
    wordfreq's Zipf scale; 0 for words it does not know."""
    from wordfreq import zipf_frequency  # its data files load on first use (about 1 s)

    return float(zipf_frequency(word, lang))


def function_word(word: str, lang: str) -> bool:
    """A grammatical word of `lang` (`في`, `of`, `در`): never a name, cue or not. Persian: hazm's
    stop words and the `function-word` set; Arabic and English: Zipf frequency from FUNCTION_ZIPF."""
    base = lang.split("-")[0]
    if base not in ("ar", "en"):
        return is_stopword(word)
    return max(zipf(w, base) for w in _spellings(word, base)) >= FUNCTION_ZIPF


#: Arabic and English: from this Zipf frequency a word ends a facility's name (`بالكامل`, `after`).
COMMON_ZIPF = 4.5


def common_word(word: str, lang: str) -> bool:
    """Whether `word` is an ordinary word of `lang` rather than part of a name: Persian, a common
    word, an inflection of one or a verb (hazm); Arabic and English, a frequent word (wordfreq), or
    in Arabic a word carrying the conjunction و (`وترفع` "and raises")."""
    base = lang.split("-")[0]
    if base == "fa" or base not in ("ar", "en"):
        return inflects_common_word(word) or is_verb(word)
    if base == "ar" and word.startswith("و") and len(word) > 3:
        return True
    return max(zipf(w, base) for w in _spellings(word, base)) >= COMMON_ZIPF


def _spellings(word: str, lang: str) -> tuple[str, ...]:
    """How a folded word may be written in `lang` (folding wrote Arabic ي ك ة as Persian ی ک ه,
    and dropped the hamza of a final اء)."""
    if lang != "ar":
        return (word,)
    arabic = word.replace("ی", "ي").replace("ک", "ك")
    if arabic.endswith("ه"):
        return (arabic, arabic[:-1] + "ة")
    if arabic.endswith("ا"):
        return (arabic, arabic + "ء")  # folding drops the final hamza: الكهربا is الكهرباء
    return (arabic,)


#: Arabic and English: below this Zipf frequency a word may be part of a name (`الخان`, not `التابعة`).
NAME_ZIPF = 3.5


def rare_word(word: str, lang: str) -> bool:
    """Whether `word` is rare enough in `lang` (Arabic, English) to be part of a name."""
    base = lang.split("-")[0]
    return max(zipf(w, base) for w in _spellings(word, base)) < NAME_ZIPF
