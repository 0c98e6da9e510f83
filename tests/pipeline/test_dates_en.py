"""English date expressions, resolved against the publication date (`dates_en.py`)."""

import datetime as dt

import pytest

from events.pipeline.dates_en import find_english_dates
from lib.text import fold

P = dt.date(2016, 8, 19)  # a Friday


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("capturing the dam on August 7", "2016-08-07", "2016-08-07", 1),  # month and day: this year
        ("on Aug. 19, 2016", "2016-08-19", "2016-08-19", 1),  # abbreviation with a period
        ("the 7th of August 2014", "2014-08-07", "2014-08-07", 1),  # day first, ordinal
        ("since June 2014", "2014-06-01", "2014-06-30", 3),  # a whole month
        ("in mid-September", "2015-09-11", "2015-09-20", 3),  # part of a month not yet reached: last year
        ("On Sunday, rebels", "2016-08-14", "2016-08-14", 1),  # the latest Sunday
        ("last Friday", "2016-08-12", "2016-08-12", 1),  # "last": strictly before publication
        ("two days ago", "2016-08-17", "2016-08-17", 1),
        ("earlier this week", "2016-08-13", "2016-08-19", 2),
        ("yesterday", "2016-08-18", "2016-08-18", 1),
        ("Dhu-AlQa'dah 16, 1437", "2016-08-19", "2016-08-19", 1),  # Hijri (hijridate)
        ("May 4th-5th 2015: Tal Afar", "2015-05-04", "2015-05-05", 2),  # days of one month, with a year
        ("March 3 to 9, 2016", "2016-03-03", "2016-03-09", 2),
    ],
)
def test_english_dates_resolve_against_publication(text, first, last, precision):
    (found,) = find_english_dates(fold(text), published=P)
    assert (found.first.isoformat(), found.last.isoformat(), found.precision) == (first, last, precision)


def test_words_that_look_like_months_are_not_dates():
    assert find_english_dates(fold("Iraq may lose Mosul, a march on the city"), published=P) == []


def test_without_publication_only_full_dates_resolve():
    found = find_english_dates(fold("On Sunday, 14 August 2016, and yesterday"), published=None)
    assert [d.first.isoformat() for d in found] == ["2016-08-14"]


def test_arabic_relative_phrases_resolve_too():
    from events.pipeline.dates import find_dates

    (found,) = find_dates(fold("قتلوا الأسبوع الماضي"), published=P)
    assert (found.first.isoformat(), found.last.isoformat()) == ("2016-08-12", "2016-08-18")


def test_a_number_after_a_day_is_no_range_without_a_year():
    # "on May 4 5 people died": the day, then a count
    (found,) = find_english_dates(fold("on May 4 5 people died"), published=P)
    assert (found.first.isoformat(), found.last.isoformat()) == ("2016-05-04", "2016-05-04")
