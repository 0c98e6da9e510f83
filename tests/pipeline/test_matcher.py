"""Phrase matching blind to spaces and ZWNJ, at word boundaries, with attached و and endings."""

import pytest

from events.pipeline.matcher import VERB_SUFFIXES, PhraseMatcher
from lib.text import fold


def found(phrases, text, **kw):
    matcher = PhraseMatcher([(p, p) for p in phrases], **kw)
    text = fold(text)
    return [text[s:e] for s, e, _, _ in matcher.find(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("نیروها به البو کمال رسیدند", ["البو کمال"]),  # space inside the name
        ("نیروها به البوكمال رسیدند", ["البوکمال"]),  # Arabic kaf
        ("در دیر الزور و حمص", ["دیر الزور", "حمص"]),
        ("وحمص", ["حمص"]),  # attached conjunction: the span is the name alone
        ("حمصی ها", ["حمص"]),  # an ending is allowed, not part of the span
        ("حمصیان", []),  # not a word boundary
        ("الحمص", []),  # inside another word
    ],
)
def test_place_like_phrases(text, expected):
    assert found(["البو کمال", "دیرالزور", "حمص"], text) == expected


def test_longest_match_wins():
    assert found(["نیروهای دموکراتیک سوریه", "سوریه"], "نیروهای دموکراتیک‌سوریه در سوریه") == [
        "نیروهای دموکراتیک سوریه",
        "سوریه",
    ]


def test_verb_endings_only_where_asked():
    assert found(["آزاد شد"], "روستا آزاد شده است") == []
    assert found(["آزاد شد"], "روستا آزاد شده است", suffixes=VERB_SUFFIXES) == [fold("آزاد شد")]
    assert found(["آزاد کرد"], "آنها را آزاد کردند", suffixes=VERB_SUFFIXES) == [fold("آزاد کرد")]


def test_offsets_point_into_the_folded_text():
    text = fold("حملات هوایی ائتلاف بر هجین")
    matcher = PhraseMatcher([("هجین", 1)])
    ((start, end, key, payloads),) = matcher.find(text)
    assert text[start:end] == "هجین" and payloads == [1]


ARABIC_PREFIXES = frozenset({"", "و", "ب", "ل", "وب", "لل"})


@pytest.mark.parametrize(
    "text,expected",
    [
        ("دخلت القوات بالرقة", ["الرقة"]),  # one attached letter
        ("وبالرقة", ["الرقة"]),  # two
        ("عبالرقة", []),  # letters that are no prefix
        ("الرقةان", []),  # letters that are no suffix
        ("في الرقة، ثم الرقة.", ["الرقة", "الرقة"]),  # every occurrence, offsets in order
    ],
)
def test_attached_prefixes_of_the_language(text, expected):
    text = fold(text)
    matcher = PhraseMatcher([(fold("الرقة"), 1)])
    assert [text[s:e] for s, e, _, _ in matcher.find(text, prefixes=ARABIC_PREFIXES)] == [fold(x) for x in expected]


def test_the_longest_of_matches_starting_at_one_letter_wins_and_overlaps_are_dropped():
    text = fold("دير الزور الجديدة والزور")
    matcher = PhraseMatcher([(fold(p), p) for p in ("دير الزور", "دير الزور الجديدة", "الزور الجديدة", "الزور")])
    assert [payloads for _, _, _, payloads in matcher.find(text)] == [["دير الزور الجديدة"], ["الزور"]]


def test_a_match_ruled_out_before_the_choice_leaves_room_for_the_one_it_overlaps():
    # "من دير" spells the one-word name "مندير"; ruled out, "دير الزور" after it is found
    text = fold("قصف الجيش أجزاء من دير الزور")
    matcher = PhraseMatcher([(fold(p), p) for p in ("مندير", "دير الزور")])
    assert [payloads for _, _, _, payloads in matcher.find(text)] == [["مندير"]]
    one_word = matcher.find(text, accept=lambda s, e, key: len(text[s:e].split()) == 1 or key != "مندیر")
    assert [payloads for _, _, _, payloads in one_word] == [["دير الزور"]]
