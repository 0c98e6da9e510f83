"""Date expressions in folded Persian, Dari and Arabic news text, resolved to Gregorian days.

`find_dates(text, published=...)` scans text folded by `lib.text.fold()`/`lib.text.normalize()` (Persian
letters, ASCII digits, ZWNJ as a space) and returns `DateMention`s: non-overlapping, in text
order, the longest candidate winning, each with the first and last Gregorian day it can mean and
an ACLED time precision (1 day, 2 week or a few days, 3 month or vaguer).

Recognised:

* Month names with a day, a day range (`۱۲ تا ۱۴ مه`), a part of the month (اوایل/اوائل 1-10,
  اواسط 11-20, اواخر 21-end; Arabic مطلع, منتصف), the word ماه, and/or a year; optional weekday
  and روز/یوم before, سال گذشته/امسال/گذشته after. Gregorian months in Persian, Dari (جنوری،
  اپریل...), Levantine (کانون الثانی، شباط...) and Egyptian (ینایر، مایو...) spelling; Solar
  Hijri months in Iranian (فروردین...) and Dari (حمل، ثور...) spelling, converted with jdatetime.
  A month name alone is never a date (مهر, تیر, دی, مه, اسد, میزان are common words), and «می»
  followed by a verb-like word (`۱۴ می رسد`) is the verb prefix, not May.
* Numeric dates: Y-M-D, D/M/Y, Y/M/D with - / . (and `2018 05 14`, the folded form of ISO);
  a year 1300-1499 is Solar Hijri.
* `سال ۲۰۱۴`, `عام/سنه ۲۰۱۴` (a bare number is never a year).
* Relative to publication: امروز، امشب، دیروز، دیشب، شب گذشته، روز گذشته، پریروز، Arabic الیوم،
  امس; weekdays (the latest on or before publication, `شب جمعه` = Thursday, `دوشنبه گذشته`
  strictly before); `N روز/هفته/ماه/سال/ساعت پیش|قبل` (that unit; N digits, یک..ده or چند) and
  `N ... گذشته|اخیر` (from then to the day before publication; hours: to publication); هفته
  گذشته = published-7..published-1; ماه/سال گذشته = previous calendar month/year; اخیرا، روزهای
  اخیر = published-7..published; این هفته (from Saturday), این ماه، امسال، سال روان up to
  publication. «... پیش از/قبل از» (before some other event) is not resolved.

Dates without a year take the latest one starting on or before publication, within a year.
With `published=None` relative and year-less mentions are skipped. Invalid dates (30 فوریه,
30 اسفند of a common year) are dropped and do not let a shorter part of them match instead.

Limits: ordinal days (دوم خرداد), number words as days, a month name with nothing beside it
(در فوریه), year ranges (سال‌های ۲۰۱۴ تا ۲۰۱۶), two-digit years (سال ۹۶) and lunar Hijri dates
are not read; سال گذشته/امسال are Gregorian years even in Iranian text; «۱۴ تیر» may still be
"14 arrows" and «جمعه» a name (only امام/نماز جمعه and جمعه خان/گل are excluded).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

import jdatetime

from .dates_en import find_english_dates
from .doc import DateMention, DisjointRanges, Doc, Span

__all__ = ["DateTagger", "find_dates"]

Days = tuple[dt.date, dt.date]
Result = tuple[dt.date, dt.date, int, bool]  # first, last, precision, relative
Resolver = Callable[[re.Match[str], dt.date | None], Result | None]
_D = dt.timedelta


# --- calendars ----------------------------------------------------------------------------


def _g_len(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _s_len(y: int, m: int) -> int:
    if not 1 <= m <= 12:
        raise ValueError("month out of range")
    return 31 if m <= 6 else 30 if m <= 11 else 30 if jdatetime.date(y, 1, 1).isleap() else 29


def _month_span(solar: bool, y: int, m: int, lo: int, hi: int | None) -> Days:
    """Days lo..hi (hi None = month end) of month m of year y; ValueError when invalid."""
    n = _s_len(y, m) if solar else _g_len(y, m)
    hi = n if hi is None else hi
    if not 1 <= lo <= hi <= n:
        raise ValueError("day out of range")
    if solar:
        return jdatetime.date(y, m, lo).togregorian(), jdatetime.date(y, m, hi).togregorian()
    return dt.date(y, m, lo), dt.date(y, m, hi)


def _year_span(solar: bool, y: int) -> Days:
    if solar:
        return jdatetime.date(y, 1, 1).togregorian(), jdatetime.date(y + 1, 1, 1).togregorian() - _D(1)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _year_ok(solar: bool, y: int) -> bool:
    return 1300 <= y <= 1499 if solar else 1000 <= y <= 2199 and not 1300 <= y <= 1499


def _cal_year(solar: bool, p: dt.date) -> int:
    return jdatetime.date.fromgregorian(date=p).year if solar else p.year


def _prec(first: dt.date, last: dt.date) -> int:
    days = (last - first).days
    return 1 if days == 0 else 2 if days <= 7 else 3


# --- vocabulary -----------------------------------------------------------------------------

# One entry per month, spellings separated by spaces; "_" stands for a space inside a name.
_G_NAMES = (
    "ژانویه ینایر جنوری کانون_الثانی کانون_ثانی",
    "فوریه فبرایر فبروری شباط",
    "مارس مارچ اذار",
    "اوریل اپریل ابریل نیسان",
    "مه می مایو ایار",
    "ژوین یونیو یونیه جون حزیران",
    "ژوییه جولای یولیو یولیه تموز",
    "اوت اگوست اگست اغسطس اب",
    "سپتامبر سپتمبر سبتمبر ایلول",
    "اکتبر اکتوبر تشرین_الاول تشرین_اول",
    "نوامبر نومبر نوفمبر تشرین_الثانی تشرین_ثانی",
    "دسامبر دسمبر دیسمبر کانون_الاول کانون_اول",
)
_S_NAMES = (
    "فروردین حمل",
    "اردیبهشت ثور",
    "خرداد جوزا",
    "تیر سرطان",
    "مرداد امرداد اسد",
    "شهریور سنبله",
    "مهر میزان",
    "ابان عقرب",
    "اذر قوس",
    "دی جدی",
    "بهمن دلو",
    "اسفند حوت",
)
_MONTHS: dict[str, tuple[bool, int]] = {
    name.replace("_", " "): (solar, i + 1)
    for solar, table in ((False, _G_NAMES), (True, _S_NAMES))
    for i, names in enumerate(table)
    for name in names.split()
}
# Names that are also common words: a following «گذشته» alone does not make them a date.
_AMBIGUOUS = frozenset(
    [
        "مه",
        "می",
        "مهر",
        "تیر",
        "دی",
        "اذر",
        "اب",
        "اسد",
        "سرطان",
        "میزان",
        "قوس",
        "جدی",
        "حمل",
        "ثور",
        "دلو",
        "حوت",
        "جوزا",
        "عقرب",
        "سنبله",
        "جون",
        "تموز",
        "نیسان",
        "اذار",
        "ایار",
    ]
)
_PARTS = {"اوایل": (1, 10), "مطلع": (1, 10), "اواسط": (11, 20), "منتصف": (11, 20), "اواخر": (21, None)}
_WEEKDAYS = {
    "شنبه": 5,
    "یکشنبه": 6,
    "دوشنبه": 0,
    "سهشنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "جمعه": 4,
    "السبت": 5,
    "الاحد": 6,
    "الاثنین": 0,
    "الثلاثا": 1,
    "الاربعا": 2,
    "الخمیس": 3,
    "الجمعه": 4,
}
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده"])}


def _week_start(p: dt.date) -> dt.date:  # the Iranian week starts on Saturday
    return p - _D((p.weekday() - 5) % 7)


# Fixed relative phrases: " " is a required space, "+" an optional one (ZWNJ that may be missing).
_WORD_SPECS: tuple[tuple[str, int, Callable[[dt.date], Days]], ...] = (
    ("امروز امشب الیوم", 1, lambda p: (p, p)),
    ("دیروز دیشب امس البارحه روز_گذشته شب_گذشته", 1, lambda p: (p - _D(1), p - _D(1))),
    ("پریروز پریشب اول_امس", 1, lambda p: (p - _D(2), p - _D(2))),
    ("اخیرا روز+های_اخیر روز+های_گذشته مواخرا الایام_الماضیه الایام_الاخیره", 2, lambda p: (p - _D(7), p)),
    ("هفته+های_اخیر هفته+های_گذشته", 3, lambda p: (p - _D(28), p)),
    ("ماه+های_اخیر ماه+های_گذشته", 3, lambda p: (_back(p, "ماه", 3)[0], p)),
    ("هفته_گذشته هفته_پیش هفته_قبل الاسبوع_الماضی", 2, lambda p: (p - _D(7), p - _D(1))),
    ("ماه_گذشته ماه_پیش ماه_قبل الشهر_الماضی", 3, lambda p: _back(p, "ماه", 1)),
    ("سال_گذشته سال_پیش سال_قبل پارسال العام_الماضی السنه_الماضیه", 3, lambda p: _back(p, "سال", 1)),
    ("این_هفته هفته_جاری هذا_الاسبوع", 2, lambda p: (_week_start(p), p)),
    ("این_ماه ماه_جاری ماه_روان", 3, lambda p: (p.replace(day=1), p)),
    ("امسال سال_جاری سال_روان هذا_العام العام_الجاری", 3, lambda p: (p.replace(month=1, day=1), p)),
)
_WORDS = {ph.replace("+", "").replace("_", ""): (prec, fn) for phs, prec, fn in _WORD_SPECS for ph in phs.split()}


def _back(p: dt.date, unit: str, n: int) -> Days:
    """The unit (day, hour, week, calendar month, calendar year) lying n units before p."""
    if unit == "روز":
        return p - _D(n), p - _D(n)
    if unit == "ساعت":
        return p - _D(-(-n // 24)), p - _D(n // 24)
    if unit == "هفته":
        return p - _D(7 * n), p - _D(7 * n - 6)
    if unit == "ماه":
        y, m0 = divmod(p.year * 12 + p.month - 1 - n, 12)
        return dt.date(y, m0 + 1, 1), dt.date(y, m0 + 1, _g_len(y, m0 + 1))
    return dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31)


# --- patterns -------------------------------------------------------------------------------


def _alt(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_NL = r"(?![^\W\d_])"  # no letter follows
_WD = (
    r"(?:یک|دو|سه|چهار|پنج) ?شنبه|شنبه|(?<!امام )(?<!نماز )(?<!خطیب )(?<!اییمه )جمعه(?! خان| گل)"
    r"|السبت|الاحد|الاثنین|الثلاثا|الاربعا|الخمیس|الجمعه"
)
_MON = _alt([n for n in _MONTHS if n != "میزان"]) + r"|(?<!به )میزان"
_Y4 = r"(?:1[3489]|2[01])[0-9]{2}"

_MONTH_RE = re.compile(
    r"(?<![\w/.:,])(?:(?:روز|یوم) )?(?:(?:" + _WD + r")[،,]? )?(?:(?:روز|یوم) )?"
    r"(?:(?P<part>اوایل|اواسط|اواخر|مطلع|منتصف) (?:ماه )?"
    r"|(?:(?P<d0>[0-9]{1,2}) (?:تا|و|الی) )?(?P<d>[0-9]{1,2}) ?"
    r"|(?P<mw>ماه ))?"
    r"(?P<mon>" + _MON + r")(?P<mw2> ?ماه)?" + _NL + r"(?: ?[،,]? ?(?:ی )?(?:سال )?(?P<y>" + _Y4 + r")(?![0-9])"
    r"(?: (?:میلادی|هجری شمسی|شمسی|خورشیدی)" + _NL + ")?"
    r"| (?P<rel>سال (?:گذشته|قبل|پیش|جاری|روان)|پارسال|امسال|گذشته)" + _NL + ")?"
)
_MI_VERB = re.compile(r" (?!ساعت|بعد)[^\W\d_]*[دمت]" + _NL)  # «می» + رسد/کنند/رفت...: verb prefix
_NUMERIC_RE = re.compile(
    r"(?<![\w/.\-])(?:(?P<y>[0-9]{4})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"
    r"|(?P<d2>[0-9]{1,2})(?P<s2>[-/.])(?P<m2>[0-9]{1,2})(?P=s2)(?P<y2>[0-9]{4})"
    r"|(?P<y3>[0-9]{4}) (?P<m3>[01][0-9]) (?P<d3>[0-3][0-9]))(?![0-9]|[-/.][0-9])"
)
_YEAR_RE = re.compile(r"(?<!\w)(?P<kw>سال|عام|سنه) (?P<y>[0-9]{4})(?![0-9])(?! ?(?:ه\.? ?ق|قمری|هجری قمری))")
_PHRASES = sorted((ph for phs, _, _ in _WORD_SPECS for ph in phs.split()), key=len, reverse=True)
_REL_RE = re.compile(
    r"(?<!\w)(?:(?P<n>[0-9]{1,3}|چند|" + _alt(list(_NUMBER_WORDS)) + r") (?P<unit>روز|هفته|ماه|سال|ساعت)"
    r" (?P<dir>پیش|قبل|گذشته|اخیر)(?! از)"
    r"|(?:(?:روز|یوم) )?(?P<eve>شب )?(?P<wd>" + _WD + r")(?: (?P<ago>گذشته|پیش|قبل)" + _NL + r")?"
    r"|(?P<word>" + "|".join(re.escape(ph).replace(r"\+", " ?").replace("_", " ") for ph in _PHRASES) + r"))" + _NL
)


# --- resolution -----------------------------------------------------------------------------


def _month(m: re.Match[str], p: dt.date | None) -> Result | None:
    name, d, part, rel = m["mon"], m["d"], m["part"], m["rel"]
    solar, month = _MONTHS[name]
    y = int(m["y"]) if m["y"] else None
    if not (d or part or y or m["mw"] or m["mw2"] or (rel and name not in _AMBIGUOUS)):
        return None  # a month name alone is not a date
    if name == "می" and y is None and _MI_VERB.match(m.string, m.end()):
        return None
    if part:
        (lo, hi), prec = _PARTS[part], 2
    elif d:
        hi = int(d)
        lo = int(m["d0"]) if m["d0"] else hi
        prec = 1 if lo == hi else 2 if hi - lo <= 7 else 3
    else:
        lo, hi, prec = 1, None, 3
    if y is not None:
        if not _year_ok(solar, y):
            return None
        return (*_month_span(solar, y, month, lo, hi), prec, False)
    if p is None:
        return None
    cy = _cal_year(solar, p)
    fixed = rel is not None and rel != "گذشته"
    years = (cy,) if rel in ("امسال", "سال جاری", "سال روان") else (cy - 1,) if fixed else (cy, cy - 1)
    for yy in years:
        try:
            first, last = _month_span(solar, yy, month, lo, hi)
        except ValueError:
            continue
        if fixed or first <= p:
            return first, last, prec, True
    return None


def _numeric(m: re.Match[str], p: dt.date | None) -> Result | None:
    k = "" if m["y"] else "2" if m["y2"] else "3"
    y, mo, d = m["y" + k], m["m" + k], m["d" + k]
    year = int(y)
    solar = 1300 <= year <= 1499
    if not _year_ok(solar, year):
        return None
    day = int(d)
    return (*_month_span(solar, year, int(mo), day, day), 1, False)


def _year(m: re.Match[str], p: dt.date | None) -> Result | None:
    y = int(m["y"])
    solar = 1300 <= y <= 1499
    if not _year_ok(solar, y) or (solar and m["kw"] != "سال"):  # عام ۱۴۳۸ is a lunar Hijri year
        return None
    return (*_year_span(solar, y), 3, False)


def _relative(m: re.Match[str], p: dt.date | None) -> Result | None:
    if p is None:
        return None
    if m["word"]:
        prec, span = _WORDS[m["word"].replace(" ", "")]
        return (*span(p), prec, True)
    if m["wd"]:
        wd = _WEEKDAYS[m["wd"].replace(" ", "")]
        if m["eve"]:
            wd = (wd - 1) % 7  # شب جمعه is Thursday night
        delta = (p.weekday() - wd) % 7 or (7 if m["ago"] else 0)
        return p - _D(delta), p - _D(delta), 1, True
    n, unit = m["n"], m["unit"]
    lo, hi = (2, 7) if n == "چند" else (_NUMBER_WORDS.get(n) or int(n),) * 2
    if lo < 1:
        return None  # "0 روز گذشته": no span of time
    first = _back(p, unit, hi)[0]
    last = _back(p, unit, lo)[1] if m["dir"] in ("پیش", "قبل") else p if unit == "ساعت" else p - _D(1)
    return first, last, 3 if unit in ("ماه", "سال") else _prec(first, last), True


_SCANNERS: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (_MONTH_RE, _month),
    (_NUMERIC_RE, _numeric),
    (_YEAR_RE, _year),
    (_REL_RE, _relative),
)


#: The scanners that can match in English text: numbers (month and relative words are Persian
#: and Arabic; dates_en.py reads English ones).
_DIGIT_SCANNERS = tuple((rx, resolve) for rx, resolve in _SCANNERS if resolve in (_numeric, _year))


def find_dates(text: str, *, published: dt.date | None, digits_only: bool = False) -> list[DateMention]:
    """Date mentions of folded `text`, resolved against the publication date (only the numeric
    ones with ``digits_only``, for English text)."""
    if isinstance(published, dt.datetime):
        published = published.date()
    scanners = _DIGIT_SCANNERS if digits_only else _SCANNERS
    found = [(m.start(), m.end(), m, resolve) for rx, resolve in scanners for m in rx.finditer(text)]
    found.sort(key=lambda c: (c[0] - c[1], c[0]))  # longest first, then leftmost
    chosen = DisjointRanges[tuple[re.Match[str], Resolver]]()
    for s, e, m, resolve in found:
        if s != e:
            chosen.add(s, e, (m, resolve))
    out: list[DateMention] = []
    for m, resolve in chosen.values:
        try:
            r = resolve(m, published)
        except (ValueError, OverflowError):
            r = None  # invalid dates are dropped, still blocking shorter readings of the span
        if r is not None:
            out.append(DateMention(m.start(), m.end(), m.group(), *r))
    return out


class DateTagger:
    """Date mentions, resolved against the publication date (`find_dates`)."""

    name = "dates"
    requires = ("doc.sentences",)
    assigns = ("spans.date",)

    def __call__(self, doc: Doc) -> Doc:
        english_text = doc.lang.split("-")[0] == "en"
        found = find_dates(doc.text, published=doc.published, digits_only=english_text)
        if english_text:
            english = find_english_dates(doc.text, published=doc.published)
            taken = DisjointRanges([(e.start, e.end, e) for e in english])
            found = sorted(
                english + [d for d in found if taken.slot(d.start, d.end) is not None], key=lambda d: d.start
            )
        doc.spans["date"] = [Span(m.start, m.end, "date", m, source=self.name) for m in found]
        return doc
