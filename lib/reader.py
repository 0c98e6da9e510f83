"""Dates and numbers in the reader's calendar and digits (pure functions, no Django).

- Persian (``fa``): the Solar Hijri calendar (via jdatetime) with Persian month names, and
  Persian digits (۰۱۲۳۴۵۶۷۸۹): 2017-07-15 → ۲۴ تیر ۱۳۹۶.
- Arabic (``ar``): the Gregorian calendar with the Arabic month names used in the Levant and
  Iraq (كانون الثاني … كانون الأول), and Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩): ١٥ تموز ٢٠١٧,
  ١٥/٠٧/٢٠١٧.
- Anything else: Gregorian, English month names, ASCII digits: 15 July 2017.
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime

_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "ar": "٠١٢٣٤٥٦٧٨٩"}
_TABLES = {lang: str.maketrans("0123456789", digits) for lang, digits in _DIGITS.items()}
_DECIMAL = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3})")
_PERSIAN_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
_ARABIC_MONTHS = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def base_language(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


def digits(value: object, language: str | None) -> str:
    """``value`` as text with its ASCII digits in the reader's digits (Persian, Arabic-Indic),
    and the decimal point and thousands comma between digits as those scripts write them
    (٫ and ٬): 1,740.5 → ۱٬۷۴۰٫۵."""
    table = _TABLES.get(base_language(language))
    text = "" if value is None else str(value)
    if not table:
        return text
    text = _DECIMAL.sub("\u066b", _THOUSANDS.sub("\u066c", text))
    return text.translate(table)


def long_date(day: dt.date, language: str | None) -> str:
    """A date as readers write it: day, month name, year, in their calendar and digits."""
    lang = base_language(language)
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=day)
        return digits(f"{j.day} {_PERSIAN_MONTHS[j.month - 1]} {j.year}", lang)
    months = _ARABIC_MONTHS if lang == "ar" else _ENGLISH_MONTHS
    return digits(f"{day.day} {months[day.month - 1]} {day.year}", lang)


def short_date(day: dt.date, language: str | None) -> str:
    """A compact date in the reader's digits: in Persian YYYY/MM/DD (Solar Hijri), in Arabic
    DD/MM/YYYY, else YYYY-MM-DD. Slashes keep the date one run of digits in right-to-left text
    (a hyphen between Arabic-Indic digits would let the parts reorder)."""
    lang = base_language(language)
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=day)
        return digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}", lang)
    if lang == "ar":
        return digits(f"{day.day:02d}/{day.month:02d}/{day.year:04d}", lang)
    return day.isoformat()
