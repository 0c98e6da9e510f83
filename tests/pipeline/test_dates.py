"""Date expressions: Gregorian, Solar Hijri (Iranian and Dari), Arabic month names, numeric and
relative dates, resolved against the publication date with ACLED time precision."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.pipeline.dates import DateMention, find_dates
from lib.text import fold, normalize

P = dt.date(2018, 5, 14)  # a Monday; 24 Ordibehesht 1397
JAN = dt.date(2019, 1, 3)  # a Thursday, just after a year boundary

CASES = [
    # (input, published, expected iso or None for no mention, precision)
    ("۱۴ مه ۲۰۱۸", P, "2018-05-14", 1),  # Gregorian day + Persian month + year
    ("درگیری در روز ۱۰ مه آغاز شد", P, "2018-05-10", 1),  # روز + day month, no year
    ("۲۰ مه", P, "2017-05-20", 1),  # no year, would be after publication: previous year
    ("مه ۲۰۱۸", P, "2018-05", 3),  # month + year: whole calendar month
    ("۱۴ می ۲۰۱۸", P, "2018-05-14", 1),  # می spelling of May
    ("تا ۱۴ می، نیروها", P, "2018-05-14", 1),  # می with a day, followed by punctuation
    ("شمار کشته‌ها به ۱۴ می‌رسد", P, None, 0),  # می as the verb prefix, not May
    ("مه غلیظ جاده را بست", P, None, 0),  # مه = fog without a day or year
    ("ماه مه ۲۰۱۷", P, "2017-05", 3),  # ماه + month + year
    ("۱۶ آگوست", dt.date(2016, 8, 23), "2016-08-16", 1),  # آگوست folded to اگوست
    ("۱۲ تا ۱۴ مه ۲۰۱۸", P, "2018-05-12/2018-05-14", 2),  # day range within a month
    ("۲۵ مهر ۱۳۹۶", P, "2017-10-17", 1),  # Solar Hijri day month year
    ("۲۵ مهرماه ۱۳۹۶", P, "2017-10-17", 1),  # month with ماه attached
    ("مهر ۱۳۹۶", P, "2017-09-23/2017-10-22", 3),  # whole Solar month as a range
    ("۲۵ مهر", P, "2017-10-17", 1),  # Solar day month, no year: previous Solar year
    ("۲۴ اردیبهشت", P, "2018-05-14", 1),  # no year, falls on the publication day
    ("دوشنبه ۲۴ اردیبهشت ۱۳۹۷", P, "2018-05-14", 1),  # weekday absorbed into the longer date
    ("نامه را مهر و موم کردند", P, None, 0),  # مهر = seal
    ("با تیر خلاص کشته شد", P, None, 0),  # تیر = bullet
    ("با تیر", P, None, 0),  # تیر alone
    ("در ماه دی", P, "2017-12-22/2018-01-20", 3),  # ambiguous دی accepted after ماه
    ("۳۰ اسفند ۱۳۹۵", P, "2017-03-20", 1),  # 1395 is a Solar leap year
    ("۳۰ اسفند ۱۳۹۶", P, None, 0),  # 1396 is not: invalid date skipped
    ("۳۰ اسفند ۱۳۹۹", P, "2021-03-20", 1),  # 1399 is a Solar leap year
    ("۲۹ فوریه ۲۰۱۶", P, "2016-02-29", 1),  # Gregorian leap day
    ("۲۹ فوریه ۲۰۱۸", P, None, 0),  # not a leap year: skipped, no month fallback
    ("۳۰ فوریه", P, None, 0),  # never valid
    ("١٤ أيار ٢٠١٨", P, "2018-05-14", 1),  # Levantine month, Arabic-Indic digits, hamza
    ("٣ تشرين الأول ٢٠١٧", P, "2017-10-03", 1),  # two-word Levantine month
    ("١٥ كانون الثاني ٢٠١٩", P, "2019-01-15", 1),  # كانون الثاني with Arabic kaf and yeh
    ("٢ آب ٢٠١٨", P, "2018-08-02", 1),  # آب (August) only with a day or year
    ("١٤ مايو ٢٠١٨", P, "2018-05-14", 1),  # Egyptian month name
    ("أواخر أبريل", P, "2018-04-21/2018-04-30", 2),  # Arabic part of month, Egyptian name
    ("منتصف آذار ٢٠١٨", P, "2018-03-11/2018-03-20", 2),  # Arabic «mid» + آذار (March)
    ("اواخر آوریل", P, "2018-04-21/2018-04-30", 2),  # part of month, latest one before publication
    ("اوایل مهر ۱۳۹۶", P, "2017-09-23/2017-10-02", 2),  # part of a Solar month
    ("اواسط ماه مه ۲۰۱۷", P, "2017-05-11/2017-05-20", 2),  # part + ماه + month + year
    ("اواخر دسامبر", JAN, "2018-12-21/2018-12-31", 2),  # year boundary: previous year
    ("اوائل ژانویه", JAN, "2019-01-01/2019-01-10", 2),  # اوائل spelling; period already started
    ("اواخر آبان گذشته", dt.date(2018, 6, 18), "2017-11-12/2017-11-21", 2),  # «last» Solar month part
    ("ژوئن گذشته", dt.date(2014, 8, 31), "2014-06", 3),  # month + گذشته
    ("۲۵ اسد ۱۳۹۸", P, "2019-08-16", 1),  # Dari month (= Mordad) with a year
    ("۷ ثور", dt.date(2019, 5, 1), "2019-04-27", 1),  # Dari month with a day, no year
    ("روز دوشنبه ۱۹ سرطان", dt.date(2017, 7, 10), "2017-07-10", 1),  # Dari month (= Tir)
    ("حمل ۱۳۹۸", P, "2019-03-21/2019-04-20", 3),  # Dari month + year
    ("حکومت بشار اسد", P, None, 0),  # اسد is a name without a day or year
    ("به میزان ۱۳۰۰ تن", P, None, 0),  # میزان = amount
    ("2018-05-14", P, "2018-05-14", 1),  # ISO (folded: hyphens become spaces)
    ("14/05/2018", P, "2018-05-14", 1),  # day/month/year
    ("۱۳۹۷/۰۲/۲۴", P, "2018-05-14", 1),  # numeric Solar Hijri date
    ("31/04/2018", P, None, 0),  # invalid numeric date
    ("امروز", P, "2018-05-14", 1),  # today
    ("دیروز", P, "2018-05-13", 1),  # yesterday
    ("پریروز", P, "2018-05-12", 1),  # the day before yesterday
    ("دیشب", P, "2018-05-13", 1),  # last night = yesterday
    ("شب گذشته", P, "2018-05-13", 1),  # last night, two words
    ("فردا", P, None, 0),  # future: ignored
    ("روز دوشنبه", P, "2018-05-14", 1),  # weekday = publication weekday: same day
    ("شنبه", P, "2018-05-12", 1),  # latest Saturday on or before publication
    ("سه‌شنبه", P, "2018-05-08", 1),  # ZWNJ folded to a space
    ("سهشنبه", P, "2018-05-08", 1),  # missing ZWNJ
    ("پنج شنبه", P, "2018-05-10", 1),  # two-word weekday
    ("يوم الثلاثاء", P, "2018-05-08", 1),  # Arabic weekday
    ("دوشنبه گذشته", P, "2018-05-07", 1),  # «last Monday»: strictly before
    ("شب جمعه", P, "2018-05-10", 1),  # Friday eve is Thursday night
    ("امام جمعه", P, None, 0),  # Friday prayer leader, not a date
    ("هفته گذشته", P, "2018-05-07/2018-05-13", 2),  # last week
    ("ماه گذشته", P, "2018-04", 3),  # previous calendar month
    ("ماه گذشته", JAN, "2018-12", 3),  # previous month across a year boundary
    ("سال گذشته", P, "2017-01-01/2017-12-31", 3),  # previous year
    ("۳ روز پیش", P, "2018-05-11", 1),  # N days ago
    ("دو روز قبل", P, "2018-05-12", 1),  # number word, قبل
    ("دو روز پیش از حمله", P, None, 0),  # «before the attack»: not relative to publication
    ("سه روز گذشته", P, "2018-05-11/2018-05-13", 2),  # the past N days
    ("۲۴ ساعت گذشته", P, "2018-05-13/2018-05-14", 2),  # the past 24 hours
    ("اخیراً", P, "2018-05-07/2018-05-14", 2),  # recently (tanwin dropped by folding)
    ("روزهای اخیر", P, "2018-05-07/2018-05-14", 2),  # recent days, missing ZWNJ
    ("در سال ۲۰۱۴", P, "2014-01-01/2014-12-31", 3),  # سال + Gregorian year
    ("سال ۱۳۹۶", P, "2017-03-21/2018-03-20", 3),  # سال + Solar year
    ("۲۰۱۴ نفر کشته شدند", P, None, 0),  # a bare 4-digit number is a count
    ("۱۴ مه سال گذشته", P, "2017-05-14", 1),  # day month + «last year»
    ("اردیبهشت ماه گذشته", P, "2018-04-21/2018-05-21", 3),  # named month + ماه گذشته
]


@pytest.mark.parametrize("raw,published,iso,precision", CASES, ids=[c[0] for c in CASES])
def test_resolves(raw, published, iso, precision):
    found = find_dates(fold(raw), published=published)
    if iso is None:
        assert found == []
    else:
        assert [(m.iso, m.precision) for m in found] == [(iso, precision)]


def test_relative_flag_and_fields():
    text = fold("روز دوشنبه ۲۴ اردیبهشت ۱۳۹۷ و دیروز و ۱۰ مه")
    found = find_dates(text, published=P)
    assert [m.relative for m in found] == [False, True, True]
    assert [(m.first, m.last) for m in found] == [(P, P), (dt.date(2018, 5, 13),) * 2, (dt.date(2018, 5, 10),) * 2]


def test_without_publication_date_only_absolute_dates_resolve():
    text = fold("۱۴ مه ۲۰۱۸، دیروز، روز شنبه، ۱۰ مه، اواخر آوریل، ماه گذشته و ۲۵ مهر ۱۳۹۶")
    assert [m.iso for m in find_dates(text, published=None)] == ["2018-05-14", "2017-10-17"]


def test_offsets_point_into_the_folded_text_in_order():
    raw = "به گزارش خبرگزاری، ارتش سوريه روز سه‌شنبه ۲۵ مهر ۱۳۹۶ (۱۷ اكتبر ۲۰۱۷) وارد شهر شد؛ دیروز نیز درگیری بود."
    norm = normalize(raw)
    found = find_dates(norm.text, published=dt.date(2017, 10, 18))
    assert [m.text for m in found] == ["روز سه شنبه 25 مهر 1396", "17 اکتبر 2017", "دیروز"]
    assert [m.iso for m in found] == ["2017-10-17", "2017-10-17", "2017-10-17"]
    for m in found:
        assert norm.text[m.start : m.end] == m.text
    assert raw[slice(*norm.raw_span(found[1].start, found[1].end))] == "۱۷ اكتبر ۲۰۱۷"
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_longest_match_wins():
    # «۱۴ مه سال گذشته» beats «سال گذشته»; «دو هفته گذشته» beats «هفته گذشته».
    assert [m.text for m in find_dates(fold("۱۴ مه سال گذشته"), published=P)] == ["14 مه سال گذشته"]
    found = find_dates(fold("طی دو هفته گذشته"), published=P)
    assert [(m.text, m.iso, m.precision) for m in found] == [("دو هفته گذشته", "2018-04-30/2018-05-13", 3)]


def test_iso_formats():
    d = dt.date
    assert DateMention(0, 1, "x", d(2018, 5, 14), d(2018, 5, 14), 1, False).iso == "2018-05-14"
    assert DateMention(0, 1, "x", d(2018, 2, 1), d(2018, 2, 28), 3, False).iso == "2018-02"
    assert DateMention(0, 1, "x", d(2018, 5, 1), d(2018, 5, 10), 2, False).iso == "2018-05-01/2018-05-10"


def test_datetime_publication_is_accepted():
    assert find_dates("دیروز", published=dt.datetime(2018, 5, 14, 23, 0))[0].iso == "2018-05-13"


_TOKENS = [
    "۱۴",
    "31",
    "30",
    "2018",
    "۱۳۹۶",
    "1397/02/24",
    "14/05/2018",
    "2018 05 14",
    "مه",
    "می",
    "مهر",
    "ماه",
    "اسفند",
    "فوریه",
    "کانون الثانی",
    "اسد",
    "میزان",
    "اواخر",
    "اوایل",
    "روز",
    "دوشنبه",
    "سه",
    "شنبه",
    "جمعه",
    "شب",
    "سال",
    "گذشته",
    "پیش",
    "قبل",
    "از",
    "هفته",
    "امروز",
    "دیروز",
    "چند",
    "تا",
    "و",
    "،",
    ".",
    "/",
    "-",
    " ",
    "\n",
    "رسد",
    "عام",
    "1438",
    "ساعت",
    "0",
    "99",
    "9999",
]


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=6)), max_size=30),
    sep=st.sampled_from([" ", "", "  "]),
    published=st.one_of(st.none(), st.dates(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
)
def test_never_raises_and_offsets_are_valid(parts, sep, published):
    for text in (sep.join(parts), fold(sep.join(parts))):
        found = find_dates(text, published=published)
        last_end = 0
        for m in found:
            assert last_end <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
            assert m.first <= m.last and m.precision in (1, 2, 3)
            assert m.iso
            last_end = m.end


def test_zero_days_ago_is_no_date():
    """Found by the property test above: "0 روز گذشته" made a span that ends before it starts."""
    assert [d for d in find_dates(fold("0 روز گذشته"), published=dt.date(2018, 5, 15)) if d.first > d.last] == []


def test_disjoint_ranges_keep_the_first_of_two_overlapping_readings():
    from events.pipeline.doc import DisjointRanges

    kept = DisjointRanges([(10, 20, "long"), (0, 5, "first")])
    assert not kept.add(15, 25, "overlaps the long one")
    assert not kept.add(3, 11, "overlaps both")
    assert kept.add(5, 10, "between") and kept.add(20, 22, "after")
    assert kept.values == ["first", "between", "long", "after"]
    assert kept.slot(21, 30) is None and kept.slot(30, 31) == 4
