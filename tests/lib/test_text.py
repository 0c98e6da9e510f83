"""The one normaliser: letter variants, diacritics, ZWNJ and spaces, digits, Latin names."""

import re

import pytest

from lib.text import bare_key, fold, name_key, normalize, skeleton_key

SAME_KEY = [
    # (a, b, rule)
    ("البو کمال", "البوکمال", "space inside a name"),
    ("البوكمال", "البوکمال", "Arabic kaf → Persian keheh"),
    ("دير الزور", "دیرالزور", "Arabic yeh and a space"),
    ("ديرالزورى", "دیرالزوری", "alef maksura → Persian yeh"),
    ("الرقة", "الرقه", "teh marbuta → heh"),
    ("أبو حامضة", "ابوحامضه", "alef with hamza above, teh marbuta"),
    ("إدلب", "ادلب", "alef with hamza below"),
    ("آمرلي", "امرلی", "alef with madda"),
    ("ٱلموصل", "الموصل", "alef wasla"),
    ("مؤتة", "موته", "waw with hamza"),
    ("الرقّة", "الرقه", "shadda"),
    ("حَمَص", "حمص", "harakat"),
    ("حـــمص", "حمص", "tatweel"),
    ("تل‌عفر", "تلعفر", "ZWNJ"),
    ("تل\u200fعفر", "تلعفر", "right-to-left mark"),
    ("ﻻذقیه", "لاذقیه", "presentation form of lam-alef"),
    ("۱۲۳", "123", "Persian digits"),
    ("١٢٣", "123", "Arabic-Indic digits"),
    ("Ālbū Kamāl", "Albu Kamal", "Latin diacritics"),
    ("ABU KAMAL", "abu kamal", "Latin case"),
    ("Ash Sha`fah", "Ash Shafah", "backtick for ayn"),
    ("Ash Sha‘fah", "Ash Sha'fah", "curly and straight apostrophes"),
    ("Deir ez-Zor", "Deir ez Zor", "hyphen"),
    ("Ra’s al ‘Ayn", "Ras al Ayn", "ayn and hamza marks"),
    ("Şallāḩ", "sallah", "cedilla and dot below"),
]


@pytest.mark.parametrize("a,b,rule", SAME_KEY, ids=[r for _, _, r in SAME_KEY])
def test_variants_share_one_key(a, b, rule):
    assert name_key(a) == name_key(b) != ""


DIFFERENT_KEY = [
    ("حمص", "حماه"),
    ("الرقه", "الرقیه"),
    ("Raqqa", "Rawa"),
]


@pytest.mark.parametrize("a,b", DIFFERENT_KEY)
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


BARE = [
    ("بوکمال", "البوکمال"),
    ("قائم", "القائم"),
    ("رقه", "الرقه"),
    ("تل جایر", "تل الجایر"),
    ("Qaim", "Al-Qaim"),
    ("Shafah", "ash-Shafah"),
    ("Raqqa", "ar Raqqa"),
]


@pytest.mark.parametrize("without,with_article", BARE)
def test_the_article_is_optional_in_the_bare_key(without, with_article):
    assert bare_key(without) == bare_key(with_article)
    assert name_key(without) != name_key(with_article)


def test_a_short_word_keeps_its_leading_alef_lam():
    # "الف" is too short to be article + name: dropping ال would leave one letter.
    assert bare_key("الف") == "الف"


def test_it_maps_offsets_back_to_raw_text():
    raw = "نيروهاي   دموكراتيك\u200cسوريه حَمَص ١٢ Āl-Bū"
    norm = normalize(raw)
    assert norm.text == "نیروهای دموکراتیک سوریه حمص 12 al bu"
    assert len(norm.offsets) == len(norm.text) + 1
    for word in ("دموکراتیک", "حمص", "12", "bu"):
        start = norm.text.index(word)
        rs, re_ = norm.raw_span(start, start + len(word))
        assert fold(raw[rs:re_]).replace(" ", "") == word


def test_offsets_are_monotonic_and_in_range_for_mixed_input():
    raw = "a\u200c\u200cب  ﻻ\tx\r\n😀 ي\u0640ك"
    norm = normalize(raw)
    offs = norm.offsets.tolist()
    assert offs == sorted(offs)
    assert all(0 <= o <= len(raw) for o in offs)
    assert offs[-1] == len(raw)
    # every normalised character comes from a raw character that folds to it
    for i, ch in enumerate(norm.text):
        if ch != " ":
            assert ch in fold(raw[offs[i]]) or ch in raw[offs[i]]


def test_the_raw_text_is_never_rewritten():
    raw = "دير الزور"
    norm = normalize(raw)
    assert norm.raw is raw


def test_newlines_are_kept_and_spaces_collapse():
    assert normalize("الف  \t ب\nج").text == "الف ب\nج"


def test_empty_text():
    norm = normalize("")
    assert norm.text == "" and norm.offsets.tolist() == [0]
    assert name_key("") == "" and bare_key("") == ""


@pytest.mark.parametrize("text", ["دير  الزور\u200c ١٢", "a  \t b", "", "ﻻ ﻻ", "x\U000e0041y  z"])
def test_fold_equals_the_text_of_normalize(text):
    assert fold(text) == normalize(text).text


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Raqqa", "الرقة"),
        ("al-Raqa", "Raqqah"),
        ("Deir ez-Zor", "Dayr Az Zawr"),
        ("Tal Abyad Sharqi", "تل أبيض الشرقي"),
        ("Khan Shekhon", "خان شيخون"),
    ],
)
def test_spellings_of_one_name_share_a_skeleton(one, other):
    assert skeleton_key(one) == skeleton_key(other) != ""


@pytest.mark.parametrize(
    ("one", "other"),
    [("Foo East", "Foo West"), ("Hamidiyah Sharqiyah", "الحميدية الغربية"), ("Upper Foo", "Lower Foo")],
)
def test_qualifiers_keep_places_of_one_name_apart(one, other):
    """East and west have one consonant skeleton (vowels and w drop); as qualifiers they differ."""
    assert skeleton_key(one) != skeleton_key(other)


@pytest.mark.parametrize(("one", "other"), [("Khan Shaykhun", "Kani Shaykhan"), ("خان", "كاني")])
def test_kh_is_not_k(one, other):
    """Khan (خان, an inn) is not the Kurdish Kani (a spring): English writes خ as kh, never k."""
    assert skeleton_key(one) != skeleton_key(other)


@pytest.mark.parametrize(
    "raw",
    [
        "نیروهای\u200cدموکراتیک  سوریه وارد شهر شدند",  # ZWNJ, a double space
        "سيطرت القوات على قريةِ الفاضلية ـــ أمس",  # a diacritic and tatweel folded away
        "Straße near Œcumenical Hall",  # letters that fold to two: str.translate
        "🙂 a character above the BMP",
        "",
    ],
)
def test_normalize_folds_as_translate_does_whichever_way_it_is_computed(raw):
    """Texts whose every character folds to one character or none take a numpy table look-up;
    the result is the same as folding character by character."""
    from lib.text import _TRANSLATE

    assert normalize(raw).text == re.sub(" {2,}", " ", raw.translate(_TRANSLATE))
