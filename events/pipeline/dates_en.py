"""Date expressions in English news text (folded: lower case), resolved to Gregorian days.

`find_english_dates(text, published=...)` returns `DateMention`s like `dates.find_dates`:
non-overlapping, in text order, each with its first and last day and an ACLED time precision.

Recognised:

* `August 7`, `Aug. 7, 2014`, `May 4th-5th 2016`, `June 27th/28th 2017` (days of one month, with their year), `7 August 2014`, `August 2014`, `in August` (a month alone only
  after `in`, `since`, `early`, `mid`, `late`, `until`, `by`), with `early`/`mid`/`late` as parts of
  the month; a date without a year takes the latest one on or before publication;
* weekdays (`on Sunday`, `Tuesday night`, `last Saturday`): the latest on or before publication
  (`last` strictly before);
* `today`, `tonight`, `yesterday`, `last night`, `earlier this week`, `this week`, `last week`,
  `last month`, `last year`, `this year`, `N days/weeks/months/years ago`, `recently`;
* Hijri dates (`Dhu al-Qa'dah 16, 1437`) through hijridate.

With `published=None` relative and year-less mentions are skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from hijridate import Hijri

from .doc import DateMention, DisjointRanges

_D = dt.timedelta
#: The longest span of days of one month a range gives (`May 4th-5th 2016`, `March 3 to 9, 2017`).
MAX_RANGE_DAYS = 7
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
HIJRI_MONTHS = {
    "muharram": 1,
    "safar": 2,
    "rabi al awwal": 3,
    "rabi al thani": 4,
    "rabi al akhir": 4,
    "jumada al ula": 5,
    "jumada al awwal": 5,
    "jumada al akhira": 6,
    "jumada al thani": 6,
    "rajab": 7,
    "shaban": 8,
    "ramadan": 9,
    "shawwal": 10,
    "dhu al qadah": 11,
    "dhu alqadah": 11,
    "dhul qadah": 11,
    "dhu al hijjah": 12,
    "dhu alhijjah": 12,
    "dhul hijjah": 12,
}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "a few": 3,
    "several": 3,
}


def _alt(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_MON = _alt(list(MONTHS))
_PART = r"(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of)"
_DAY_FIRST = re.compile(
    rf"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{_MON})\.?(?:,? (?P<y>(?:19|20)[0-9]{{2}}))?\b"
)
_MONTH_FIRST = re.compile(
    rf"\b(?P<mon>{_MON})\.? (?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:(?: ?/ ?| (?:to |and |or )?)(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?(?=,? (?:19|20)[0-9]{{2}}\b))?"
    rf"(?!,? ?[0-9]{{3}}\b)(?:,? (?P<y>(?:19|20)[0-9]{{2}}))?"
)
_MONTH_YEAR = re.compile(rf"\b(?:{_PART} )?(?P<mon>{_MON})\.?,? (?P<y>(?:19|20)[0-9]{{2}})\b")
_MONTH_AFTER_WORD = re.compile(rf"\b(?:in|since|until|by|during) (?:{_PART} )?(?P<mon>{_MON})\b(?! [0-9])")
_MONTH_PART = re.compile(rf"\b{_PART} (?P<mon>{_MON})\b(?! [0-9])")
_WEEKDAY = re.compile(
    rf"\b(?:(?P<last>last|this past) )?(?P<wd>{_alt(list(WEEKDAYS))})(?: (?:night|morning|evening|afternoon))?\b"
)
_AGO = re.compile(rf"\b(?P<n>[0-9]{{1,3}}|{_alt(list(NUMBERS))}) (?P<unit>day|week|month|year)s? ago\b")
_HIJRI = re.compile(rf"\b(?P<mon>{_alt(list(HIJRI_MONTHS))}) (?P<d>[0-9]{{1,2}}),? (?P<y>1[34][0-9]{{2}})\b")
_WORDS: dict[str, tuple[int, int, int]] = {  # phrase → (days back to the first, to the last, precision)
    "today": (0, 0, 1),
    "tonight": (0, 0, 1),
    "this morning": (0, 0, 1),
    "yesterday": (1, 1, 1),
    "last night": (1, 1, 1),
    "the day before yesterday": (2, 2, 1),
    "earlier this week": (6, 0, 2),
    "this week": (6, 0, 2),
    "last week": (7, 1, 2),
    "recently": (7, 0, 2),
    "in recent days": (7, 0, 2),
    "in recent weeks": (28, 0, 3),
}
_WORD_RE = re.compile(rf"\b(?P<word>{_alt(list(_WORDS))}|last month|this month|last year|this year)\b")


def _month_days(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _latest_year(m: int, d: int, published: dt.date) -> int | None:
    """The year of the latest `m`/`d` on or before publication (None: an invalid day)."""
    for y in (published.year, published.year - 1):
        try:
            if dt.date(y, m, d) <= published:
                return y
        except ValueError:
            return None
    return None


def _precision(first: dt.date, last: dt.date) -> int:
    days = (last - first).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def _part(part: str | None, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    if not part:
        return first, last
    if part == "early" or "beginning" in part:
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    return first.replace(day=21), last


def _day(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    month, day = MONTHS[m.group("mon")], int(m.group("d"))
    if m.group("y"):
        year: int | None = int(m.group("y"))
    elif published is not None:
        year = _latest_year(month, day, published)
    else:
        return None
    try:
        date = dt.date(year, month, day) if year else None
        last = date.replace(day=int(m.group("d2"))) if date and m.groupdict().get("d2") else date
    except ValueError:
        return None
    if not date or not last or not 0 <= (last - date).days <= MAX_RANGE_DAYS:
        return None
    return date, last, not m.group("y")


def _month(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    month = MONTHS[m.group("mon")]
    if "y" in m.groupdict() and m.group("y"):
        year = int(m.group("y"))
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return None
    first, last = _part(m.group("part"), *_month_days(year, month))
    return first, last, not ("y" in m.groupdict() and m.group("y"))


def _weekday(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    if published is None:
        return None
    back = (published.weekday() - WEEKDAYS[m.group("wd")]) % 7
    if m.group("last") and back == 0:
        back = 7
    day = published - _D(back)
    return day, day, True


def _ago(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    if published is None:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else NUMBERS[m.group("n")]
    unit = m.group("unit")
    if unit == "day":
        day = published - _D(n)
        return day, day, True
    if unit == "week":
        return published - _D(7 * n + 3), published - _D(7 * n - 3), True
    if unit == "month":
        y, m0 = divmod(published.year * 12 + published.month - 1 - n, 12)
        return (*_month_days(y, m0 + 1), True)
    return dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31), True


def _word(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    if published is None:
        return None
    word = m.group("word")
    if word in _WORDS:
        first_back, last_back, _ = _WORDS[word]
        return published - _D(first_back), published - _D(last_back), True
    if word == "last month":
        y, m0 = divmod(published.year * 12 + published.month - 2, 12)
        return (*_month_days(y, m0 + 1), True)
    if word == "this month":
        return published.replace(day=1), published, True
    if word == "last year":
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), True
    return dt.date(published.year, 1, 1), published, True


def _hijri(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    try:
        day = Hijri(int(m.group("y")), HIJRI_MONTHS[m.group("mon")], int(m.group("d"))).to_gregorian()
    except (ValueError, OverflowError):
        return None
    date = dt.date(day.year, day.month, day.day)
    return date, date, False


_PATTERNS = (
    (_HIJRI, _hijri),
    (_DAY_FIRST, _day),
    (_MONTH_FIRST, _day),
    (_MONTH_YEAR, _month),
    (_MONTH_AFTER_WORD, _month),
    (_MONTH_PART, _month),
    (_AGO, _ago),
    (_WORD_RE, _word),
    (_WEEKDAY, _weekday),
)


def find_english_dates(text: str, *, published: dt.date | None) -> list[DateMention]:
    """Date mentions of English folded text (see the module docstring), longest first."""
    found = DisjointRanges[DateMention]()  # an earlier pattern wins an overlap
    for pattern, resolve in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            i = found.slot(s, e)
            if i is None or (days := resolve(m, published)) is None:
                continue
            first, last, relative = days
            found.insert(i, s, e, DateMention(s, e, m.group(), first, last, _precision(first, last), relative))
    return found.values


__all__ = ["find_english_dates"]
