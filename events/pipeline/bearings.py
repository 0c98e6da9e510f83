"""Which way from a place a report puts what happened: "the northern countryside of Hama", "north
of Hama", "30 km south of Mosul", «ریف شمالی حلب», «شمال حلب», «ريف حماة الشمالي». A place mention
told so gets a bearing (degrees clockwise from north) and, where the text gives one, a distance.

An event told at such a mention is put that way from the place's point (`extraction`, with
`offset_km` and `moved`): the countryside north of a city is not the city. Where the text gives no
distance, the offset depends on the place's kind (`OFFSET_KM`): a city's or a province's
countryside starts beyond its houses, a town's closer, a village's is the village. A region, a
river or a country is never moved: a direction from it names no point.

The patterns are data, per language: grammar row `bearing`, one regular expression over the words
around the mention in folded text, with `@` standing for the mention; the direction words and
their bearings are `place_words.tsv` set `bearing` (degrees in the note).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geopy.distance import great_circle

from gazetteer.kinds import POINT_KINDS
from lib.text import fold

from .doc import Doc, PlaceMention, Span
from .grammar import base_language, grammar
from .lexicon import place_word_notes

#: the offset of an event told in the countryside of a place the text gives no distance for, km.
#: Measured on UCDP's headlines (an event within 25 km of UCDP's village): cities and provinces
#: best at 20 km (15: −23 rows, 25: −66), towns at 10.
OFFSET_KM = {"city": 20.0, "governorate": 20.0, "town": 10.0}
#: a distance the text gives is taken up to this far (a larger one is a typo or a road's length)
MAX_DISTANCE_KM = 150.0
MILE_KM = 1.609344
#: the kinds whose point a direction is told from: settlements, landmarks, provinces and districts
_MOVABLE_KINDS = POINT_KINDS | {"governorate", "district"}

_WINDOW = 60  # characters read before a mention (after it: half as many)
_DISTANCE = re.compile(r"(\d+(?:\.\d+)?) ?(\w+)")  # a number and its unit (km unless miles)


@lru_cache(maxsize=16)
def bearing_words(lang: str) -> tuple[tuple[str, float], ...]:
    """The folded direction words of a language and their bearings, longest first."""
    words = [
        (fold(phrase), float(note))
        for (set_name, code, phrase), note in place_word_notes().items()
        if set_name == "bearing" and code in (lang, base_language(lang))
    ]
    return tuple(sorted(words, key=lambda w: -len(w[0])))


def bearing_in(text: str, lang: str) -> float | None:
    """The bearing of the longest direction word in `text` (`north-eastern` → 45)."""
    return next((degrees for word, degrees in bearing_words(lang) if word in text), None)


def tag_bearings(doc: Doc, spans: list[Span[PlaceMention]], area_prefix: re.Pattern[str]) -> None:
    """Mark the mentions told as a point of reference (grammar row `reference`: "near X"), and set
    the bearing (and a distance the text gives) of every mention told with a direction.
    `area_prefix` matches the area words a mention's span may begin with (`ریف شمالی` of
    «ریف شمالی حلب»), which the pattern reads as words before the name."""
    g = grammar(doc.lang)
    pattern, reference = g["bearing"], g["reference"]
    text = doc.text
    for span in spans:
        if reference.search(text[max(0, span.start - 30) : span.start]):
            span.value.near = True  # "near X", "north of X", «در نزدیکی X»: the assembler's points of reference
        head = area_prefix.match(text, span.start, span.end)
        name_start = head.end() if head else span.start
        window = text[max(0, span.start - _WINDOW) : name_start] + "@" + text[span.end : span.end + _WINDOW // 2]
        match = pattern.search(window)
        if not match:
            continue
        said = match.group()
        bearing = bearing_in(said, doc.lang)
        if bearing is None:
            continue
        span.value.bearing = bearing
        number = _DISTANCE.search(said)
        if number:
            km = float(number.group(1)) * (MILE_KM if number.group(2).startswith("mile") else 1.0)
            span.value.distance_km = km if 0 < km <= MAX_DISTANCE_KM else None


def offset_km(kind: str | None, distance_km: float | None) -> float:
    """How far from a place's point an event told that way from it is put (0: not moved)."""
    if kind not in _MOVABLE_KINDS:
        return 0.0  # a region, a river, a country: a direction from it names no point
    return distance_km if distance_km is not None else OFFSET_KM.get(kind, 0.0)


def moved(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) along `bearing`, rounded as the gazetteer's points are."""
    point = great_circle(kilometers=km).destination((lat, lon), bearing)
    return round(point.latitude, 4), round(point.longitude, 4)


__all__ = ["OFFSET_KM", "bearing_in", "bearing_words", "moved", "offset_km", "tag_bearings"]
