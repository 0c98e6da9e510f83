"""Dates and numbers in the reader's calendar and digits (lib/reader.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from lib import reader


@pytest.mark.parametrize(
    ("day", "lang", "long", "short"),
    [
        (dt.date(2017, 7, 15), "fa", "۲۴ تیر ۱۳۹۶", "۱۳۹۶/۰۴/۲۴"),  # Solar Hijri, Persian digits
        (dt.date(2019, 3, 21), "fa", "۱ فروردین ۱۳۹۸", "۱۳۹۸/۰۱/۰۱"),  # Nowruz: the year turns
        (dt.date(2017, 7, 15), "ar", "١٥ تموز ٢٠١٧", "١٥/٠٧/٢٠١٧"),  # Gregorian, Levantine month names
        (dt.date(2017, 1, 1), "ar", "١ كانون الثاني ٢٠١٧", "٠١/٠١/٢٠١٧"),
        (dt.date(2017, 7, 15), "en", "15 July 2017", "2017-07-15"),
        (dt.date(2017, 7, 15), "fa-ir", "۲۴ تیر ۱۳۹۶", "۱۳۹۶/۰۴/۲۴"),  # a regional variant
        (dt.date(2017, 7, 15), None, "15 July 2017", "2017-07-15"),
    ],
)
def test_dates_in_the_readers_calendar(day, lang, long, short):
    assert reader.long_date(day, lang) == long
    assert reader.short_date(day, lang) == short


def test_digits_in_the_readers_script():
    assert reader.digits("1,740 places", "fa") == "۱٬۷۴۰ places"  # Persian thousands separator
    assert reader.digits("35.9528, 39.0079", "ar") == "٣٥٫٩٥٢٨, ٣٩٫٠٠٧٩"  # decimal separator; a list comma stays
    assert reader.digits("2017/07/15", "fa") == "۲۰۱۷/۰۷/۱۵"
    assert reader.digits(2019, "ar") == "٢٠١٩"
    assert reader.digits(12, "en") == "12"
    assert reader.digits(None, "fa") == ""
