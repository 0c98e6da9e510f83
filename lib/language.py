"""Which language a report is in: Persian (`fa`), Dari (`fa-AF`), Arabic (`ar`) or English (`en`).

A rule on script and function words (`tests/lib/test_language.py`; on the development corpora,
164 of 165 records right: a Dari text with no Dari word reads as Persian, which the pipeline treats
alike), at a tiny cost and with no model to load:

* more Latin letters than Arabic-script ones: English;
* Arabic script: the letters only Persian has (پ چ ژ گ) and Persian function words (`از`, `در`,
  `را`, `است`, `می`, `های`...) against Arabic ones (`في`, `من`, `على`, `إلى`, `التي`, `الذي`...),
  counted on the raw text (Arabic ي/ك against Persian ی/ک count too);
* Persian with Dari words (`ولایت`, `کنترول`, `اردوی ملی`, Dari month names): Dari.

`detect(text)` returns None when the text has too few letters to tell.
"""

from __future__ import annotations

import re

LANGUAGES = ("fa", "fa-AF", "ar", "en")

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PERSIAN_LETTERS = re.compile(r"[پچژگ]")
_ARABIC_LETTERS = re.compile(r"[يكة]")  # Persian writes ی ک ه; Arabic text uses these

_WORD = re.compile(r"[\u0600-\u06ff]+")
#: Frequent words of each language that the other does not use (as whole words, raw spelling
#: and the common folded one).
_PERSIAN_WORDS = frozenset(
    [
        "از",
        "در",
        "به",
        "را",
        "که",
        "این",
        "است",
        "با",
        "برای",
        "می",
        "شد",
        "شده",
        "های",
        "ها",
        "هم",
        "یک",
        "آن",
        "نیز",
        "بود",
        "کرد",
        "کردند",
        "شدند",
        "خود",
        "پس",
        "تا",
        "اما",
        "ولی",
        "گفت",
        "میگوید",
        "میگویند",
        "کرده",
        "شود",
    ]
)
_ARABIC_WORDS = frozenset(
    [
        "في",
        "فی",
        "من",
        "على",
        "علی",
        "إلى",
        "الی",
        "الى",
        "أن",
        "ان",
        "التي",
        "الذي",
        "الذین",
        "الذين",
        "عن",
        "مع",
        "قد",
        "كان",
        "کان",
        "هذا",
        "هذه",
        "وقال",
        "وقالت",
        "بعد",
        "حيث",
        "لم",
        "لا",
        "كما",
        "بين",
        "ضد",
        "خلال",
        "اليوم",
        "وفي",
        "ومن",
    ]
)
#: Dari words (Iranian Persian says کنترل, فرمانده, ساکنان, هستند, ارتش, استان): the first set alone
#: tells, the second needs company.
_DARI_STRONG = frozenset(
    ["کنترول", "ولسوالی", "قوماندان", "قوماندانی", "قوماند", "باشندگان", "استند", "اردوی", "جنوری", "فبروری", "دسمبر"]
)
_DARI_WORDS = frozenset(["ولایت", "اردو", "اپریل", "جولای", "سپتمبر", "اکتوبر", "نمودند"])
MIN_LETTERS = 12


def detect(text: str) -> str | None:
    """The language of `text` (one of LANGUAGES), or None when it is too short to tell."""
    sample = text[:20_000]
    arabic_script = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic_script + latin < MIN_LETTERS:
        return None
    if latin > arabic_script:
        return "en"
    words = _WORD.findall(sample)
    persian = sum(w in _PERSIAN_WORDS for w in words) + 2 * len(_PERSIAN_LETTERS.findall(sample))
    arabic = sum(w in _ARABIC_WORDS for w in words) + len(_ARABIC_LETTERS.findall(sample)) // 2
    if arabic > persian:
        return "ar"
    dari = 2 * len({w for w in words if w in _DARI_STRONG}) + len({w for w in words if w in _DARI_WORDS})
    return "fa-AF" if dari >= 2 else "fa"


__all__ = ["LANGUAGES", "detect"]
