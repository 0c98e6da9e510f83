"""What English text tells about its place names that folded text hides: capitals.

The folded text the matchers see is lower-cased, so these read the raw text through the offset map:

* a place name is capitalised (`since`, `dam` and `hit` written in lower case are words, not
  places); all-caps datelines (`BEIRUT`) count;
* a name inside a longer run of capitalised words is part of a person's or an organisation's
  name (`President Bashar Assad`, `Agence France Presse`, `Talal al-Barazi`), unless the other
  words of the run are directions, demonyms or place words (`Northern Syria`, `Hit District`) or the
  run starts the sentence with an ordinary word (`In Raqqa`); headline-case sentences are not
  judged this way;
* `'s` after a name is a possessive (`Syria's Homs`), but a plain `s` makes another word
  (`Iraqis`);
* demonyms are not places (`Iraqi`, `Syrian`);
* `the Turkish border` is a place mention (unresolved), `the Syrian border town` is not;
* a name right before a verb of saying is the speaker's (`Amin said`), unless a curated place
  has that name;
* words after a name: a facility noun is part of the mention (`Mosul dam`, `Baiji refinery`,
  `Tabaqa air base`); an administrative word asks for a kind (`Homs province` → the
  governorate) and is part of the mention only when capitalised (`Salah al-Din Province`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lib.text import fold, name_key

from .doc import Doc
from .lexicon import place_word_notes, place_words
from .words import zipf

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-‑]*")
#: A sentence is headline case when this share of its words (of four or more) is capitalised.
HEADLINE_SHARE = 0.7
#: What may stand before a sentence's first word (quotes, brackets, bullets, dashes).
LEADING = " \t\n\"'“‘(•·*-–—"
#: A capitalised word before a name this common is a title-case or line-initial ordinary word
#: (`Near Bayji`, `In Raqqa`), not part of the name.
COMMON_CAPITALISED = 5.0
#: Lower-case articles inside English spellings of Arabic names.
ARTICLES = frozenset({"al", "el", "ad", "ash", "as", "ar", "az", "at", "an", "ez", "es", "ed", "ur", "un"})
#: Articles that are English words too: inside a name only when hyphenated (`as-Sukhnah`), not in
#: "near Tikrit as Iraqi troops advanced".
ENGLISH_ARTICLES = frozenset({"as", "at", "an"})
APOSTROPHES = "'’`"


@dataclass(frozen=True)
class EnglishWords:
    demonyms: frozenset[str]
    run_ok: frozenset[str]
    facility_after: tuple[str, ...]  # folded, longest first
    admin_after: dict[str, str]  # folded word → the kind it asks for
    speaker_after: frozenset[str]  # folded verbs of saying
    border_words: frozenset[str]
    border_nouns: frozenset[str]
    run_ok_or_demonym: frozenset[str]  # the words that do not make a run of capitals another name
    place_before: re.Pattern[str]  # a word right before a name that says it is a place (`in`, `the village of`)

    @classmethod
    def load(cls) -> EnglishWords:
        words, notes = place_words(), place_word_notes()
        demonyms = frozenset(name_key(w) for w in words.get(("demonym", "en"), ()))
        run_ok = frozenset(name_key(w) for w in words.get(("run-ok", "en"), ()))
        facility = sorted({fold(w) for w in words.get(("facility-after", "en"), ())}, key=len, reverse=True)
        admin = {fold(w): notes[("admin-after", "en", w)] for w in words.get(("admin-after", "en"), ())}
        return cls(
            demonyms=demonyms,
            run_ok=run_ok,
            facility_after=tuple(facility),
            admin_after=admin,
            speaker_after=frozenset(fold(w) for w in words.get(("speaker-after", "en"), ())),
            border_words=frozenset(fold(w) for w in words.get(("border-word", "en"), ())),
            border_nouns=frozenset(fold(w) for w in words.get(("border-noun", "en"), ())),
            run_ok_or_demonym=run_ok | demonyms,
            place_before=re.compile(
                rf"(?:\b(?:{'|'.join(re.escape(w) for w in words.get(('place-before', 'en'), ()))})\s+(?:the\s+)?)$",
                re.IGNORECASE,
            ),
        )


@lru_cache(maxsize=1)
def english_words() -> EnglishWords:
    return EnglishWords.load()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=50_000)
def capitalised(written: str) -> bool:
    """Whether the raw words of a match (`written`: the match as the raw text writes it) include a
    capitalised one (`al-Qaim` counts)."""
    return any(_name_word(w) for w in _WORD.findall(written))


_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=50_000)
def arabic_script(written: str) -> bool:
    """Whether a match is written in Arabic letters (`السكرية Sukariya`: English reports and
    incident logs give a name in Arabic beside its transliteration). Such a name is judged as an
    Arabic word, not by English capitals."""
    return bool(_ARABIC_LETTER.search(written)) and not _LATIN_LETTER.search(written)


@lru_cache(maxsize=50_000)
def starts_as_a_name(written: str) -> bool:
    """Whether the raw words of a match (as written) start with a capitalised word, an article
    (`al Qaim`) or a direction (`eastern Aleppo`): the matcher is blind to spaces, and `or "At` is
    no name (`ORAT`)."""
    words = _WORD.findall(written)
    if not words or _name_word(words[0]):
        return True
    first = words[0].strip("-‑")
    return first.lower() in ARTICLES or name_key(first) in english_words().run_ok  # "eastern Aleppo"


def possessive_or_plain(doc: Doc, end: int) -> bool:
    """A match the matcher took before an `s`: only a possessive (`Syria's`) keeps it."""
    if doc.text[end : end + 1] != "s":
        return True
    raw_end = doc.raw_span(end - 1, end)[1]
    return doc.raw[raw_end : raw_end + 1] in APOSTROPHES


def speaker(doc: Doc, end: int) -> bool:
    """Whether a verb of saying follows the name (`Amin said`): the name is the speaker's."""
    word = re.match(r" ([a-z]+)\b", doc.text[end : end + 16])
    return word is not None and word.group(1) in english_words().speaker_after


def is_demonym(key: str) -> bool:
    return key in english_words().demonyms


def _sentence_of(doc: Doc, position: int) -> tuple[int, int]:
    sentence = doc.sentence_at(position)
    return doc.raw_span(sentence.start, sentence.end) if sentence else (0, len(doc.raw))


@lru_cache(maxsize=4096)
def _headline(sentence: str) -> bool:
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return False
    return sum(_capitalised(w) for w in words) >= HEADLINE_SHARE * len(words)


def sentence_initial(doc: Doc, start: int) -> bool:
    """Whether the match is the first word of its sentence (its capital says nothing)."""
    raw_start = doc.raw_span(start, start + 1)[0]
    s_start, _ = _sentence_of(doc, start)
    return not doc.raw[s_start:raw_start].strip(LEADING)


def kind_of_the_name_before(doc: Doc, cue_start: int) -> bool:
    """Whether a cue word follows a name (`Sukkar neighbourhood of Mosul`, `Halabsa village of
    Fallujah`): it tells the kind of the name before it, and what follows its `of` is the town the
    place lies in, not a place of the cue's kind. A demonym is no name (`the Syrian town of X`), nor
    is a word of a headline whose every word is capitalised."""
    raw_start = doc.raw_span(cue_start, cue_start + 1)[0]
    before = _WORD.findall(doc.raw[max(0, raw_start - 40) : raw_start])
    if not before or not doc.raw.endswith(before[-1] + " ", 0, raw_start) or not _name_word(before[-1]):
        return False
    s_start, s_end = _sentence_of(doc, cue_start)
    return not is_demonym(name_key(before[-1])) and not _headline(doc.raw[s_start:s_end])


def inside_other_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the match is part of a longer capitalised name that is not a place's."""
    raw_start, raw_end = doc.raw_span(start, end)
    s_start, s_end = _sentence_of(doc, start)
    sentence = doc.raw[s_start:s_end]
    if _headline(sentence):
        return False
    ok = english_words().run_ok_or_demonym
    before = list(_WORD.finditer(doc.raw, max(s_start, raw_start - 64), raw_start))  # the last words only
    after = _WORD.search(doc.raw, raw_end, s_end)
    if before and doc.raw[before[-1].end() : raw_start].strip() == "":
        word = before[-1].group()
        first = not doc.raw[s_start : before[-1].start()].strip(LEADING)
        common = zipf(word.lower(), "en") >= (4.0 if first else COMMON_CAPITALISED)
        possessive = word.endswith(("'s", "’s"))  # "Iraq's Ramadi": the possessive ends its own name
        if _capitalised(word) and not common and not possessive and name_key(word) not in ok:
            return True
    if after and doc.raw[raw_end : after.start()].strip() == "":
        word = after.group()
        if _name_word(word) and name_key(word) not in ok and not _place_word(fold(word)):
            return True  # "Bashar al-Assad", "Hadi al-Amiri"
        rest = doc.raw[after.end() : after.end() + 3].lstrip(" -‑")
        article = word.strip("-‑").lower()
        hyphenated = doc.raw[after.end() : after.end() + 1] in ("-", "‑")
        if article in ARTICLES and (hyphenated or article not in ENGLISH_ARTICLES) and _capitalised(rest[:1]):
            return True  # "Jisr al Shugur", "Bashar al- Assad": a longer name than the gazetteer's
    return False


def _name_word(word: str) -> bool:
    """A capitalised word, or an article joined to one (`al-Amiri`)."""
    if _capitalised(word):
        return True
    head, _, tail = word.replace("‑", "-").partition("-")
    return head.lower() in ARTICLES and _capitalised(tail)


def _place_word(word: str) -> bool:
    words = english_words()
    return word in words.admin_after or any(f.split()[0] == word for f in words.facility_after)


@dataclass(frozen=True, slots=True)
class After:
    """Words after a name: where the mention ends, the cue read there, the kinds it asks for."""

    end: int
    cue: str | None
    kinds: tuple[str, ...] | None


def words_after(doc: Doc, end: int) -> After:
    """A facility noun or an administrative word right after a name (see the module docstring)."""
    text = doc.text
    rest = text[end : end + 40]
    if not rest.startswith(" "):
        return After(end, None, None)
    words = english_words()
    facility = _facility_pattern(whole_word=True).match(rest)
    if facility:
        return After(end + facility.end(), facility.group(1), None)
    two = re.match(r" ([a-z\-]+ [a-z\-]+)", rest)  # "Sub-district", folded "sub district"
    word = two if two and two.group(1) in words.admin_after else re.match(r" ([a-z\-]+)", rest)
    if word and word.group(1) in words.admin_after:
        kinds = tuple(words.admin_after[word.group(1)].split(","))  # "city": a city or a town
        raw_start = doc.raw_span(end + 1, end + 2)[0]
        capital = _capitalised(doc.raw[raw_start : raw_start + 1])
        return After(end + word.end() if capital else end, word.group(1), kinds)
    return After(end, None, None)


__all__ = [
    "After",
    "borders",
    "capitalised",
    "capitalised_names",
    "inside_other_name",
    "is_demonym",
    "kind_of_the_name_before",
    "possessive_or_plain",
    "sentence_initial",
    "starts_as_a_name",
    "speaker",
    "words_after",
]


#: A capitalised name: up to four words, with lower-case articles and hyphens inside (`Jisr al
#: Shugur`, `Dar al-Kebira`).
_NAME_RUN = re.compile(
    r"\b[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'’]+(?:[A-Z][a-z]{2,})?"  # `KafrZitta`: two words run together
    r"(?:[\s\-‑](?:(?:al|el|ad|ash|as|ar|az|at|an|ez|es|ed|ur|un)[\s\-‑])?"
    r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'’]+){0,3}"
)
#: A lower-case Arabic article before a capitalised name is part of it (`al Hol`); `at`, `an`
#: and `as` are English words too, so only these two.
_ARTICLE_BEFORE = re.compile(r"(?<![A-Za-z])(?:al|el)[\s\-‑]$")
#: The kinds an administrative word after an unknown name asks for that make the name a place
#: by themselves (`Khorsiyat village`); `region` or `countryside` follow other nouns too.
SETTLEMENT_CUE_KINDS = frozenset({"village", "town", "city"})
#: From this Zipf frequency a single capitalised word is an ordinary English word or a first name.
NAME_ZIPF = 3.5


@lru_cache(maxsize=1)
def _border_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(english_words().border_words))
    return re.compile(rf"\bthe ([a-z]+(?:[- ][a-z]+)?) ({alternation})\b")  # folding makes a hyphen a space


def borders(doc: Doc) -> list[tuple[int, int]]:
    """`the Turkish border`, `the Syrian-Iraqi border`: (start, end) of the demonyms and the border
    word, in the folded text; not when a noun follows (`the Syrian border town`)."""
    words, out = english_words(), []
    for m in _border_pattern().finditer(doc.text):
        if not all(name_key(part) in words.demonyms for part in re.split("[- ]", m.group(1))):
            continue
        after = re.match(r" ([a-z]+)", doc.text[m.end() : m.end() + 20])
        if after and after.group(1) in words.border_nouns:
            continue
        out.append((m.start(1), m.end()))
    return out


def capitalised_names(doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised names in places where English puts place names (after `in`, `near`, `the village
    of`...) that no gazetteer name or actor covers: (start, end) in the folded text, for a look-up
    by their transliteration skeleton."""
    out = []
    taken = sorted(taken)
    taken_starts = [a for a, _ in taken]
    longest = max((b - a for a, b in taken), default=0)
    lexicon = english_words()
    for m in _NAME_RUN.finditer(doc.raw):
        name_end = m.end() - 2 if m.group().endswith(("'s", "’s")) else m.end()
        words = [w for w in re.split(r"[\s\-‑]+", doc.raw[m.start() : name_end]) if w]
        if len(words) == 1 and zipf(words[0].lower(), "en") >= NAME_ZIPF:
            continue
        article = _ARTICLE_BEFORE.search(doc.raw, max(0, m.start() - 4), m.start())  # "the al Hol camp"
        name_start = article.start() if article else m.start()  # "near al-Tabaqa": the cue is before the article
        if all(name_key(w) in lexicon.demonyms for w in words):
            continue  # "the Kurdish Syrian town of"
        if not (
            lexicon.place_before.search(doc.raw[max(0, name_start - 30) : name_start])
            or _facility_after(doc.raw, name_end)
        ):
            continue
        start, end = _folded_span(doc, name_start, name_end)
        lo, hi = bisect_left(taken_starts, start - longest), bisect_left(taken_starts, end)
        if any(start < b and a < end for a, b in taken[lo:hi]):
            continue
        out.append((start, end))
    return out


def _facility_after(raw: str, end: int) -> bool:
    """A facility noun right after a name (`the Shayrat air base`): the name is a place's."""
    return _facility_pattern().match(fold(raw[end : end + 20])) is not None


@lru_cache(maxsize=2)
def _facility_pattern(*, whole_word: bool = False) -> re.Pattern[str]:
    """A space and a facility noun (the longest first); `whole_word`: with no letter or digit after."""
    alternation = "|".join(re.escape(p) for p in english_words().facility_after)
    return re.compile(f" ({alternation})" + ("(?![^\\W_])" if whole_word else ""))


def _folded_span(doc: Doc, raw_start: int, raw_end: int) -> tuple[int, int]:
    """The folded-text span of a raw span (the offset map read backwards)."""
    offsets = doc.norm.offsets
    start = int(np.searchsorted(offsets[:-1], raw_start, side="left"))
    end = int(np.searchsorted(offsets[:-1], raw_end, side="left"))
    return start, end
