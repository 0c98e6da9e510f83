"""Events told that way from a place ("the northern countryside of Raqqa", "30 km south of Mosul",
«شمال الرقة», «ریف شمالی رقه») are put that way from the place's point; the place itself keeps
its point. Self-written sentences over the tiny gazetteer."""

import datetime as dt

import pytest

from events.pipeline.bearings import OFFSET_KM, bearing_in, moved, offset_km
from events.pipeline.runner import Pipeline
from gazetteer.ranking import haversine_km

from .tiny_gazetteer import tiny_index

RAQQA = (35.9528, 39.0079)
MOSUL = (36.335, 43.1189)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(index=tiny_index())


def event_point(pipeline, text, lang):
    extraction = pipeline.extract(text, published=dt.date(2018, 5, 15), lang=lang)
    (event,) = extraction.events
    (place,) = event.places
    return extraction, event, place


def km_and_side(point, origin):
    """How far `point` lies from `origin` and whether it is north (+1), south (−1) or level (0)."""
    lat, lon = point
    north = 0 if abs(lat - origin[0]) < 0.01 else (1 if lat > origin[0] else -1)
    return round(haversine_km(lat, lon, *origin)), north


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Warplanes struck the northern countryside of Raqqa on Monday.", "en"),
        ("Warplanes struck north of Raqqa on Monday.", "en"),
        ("Warplanes struck the northern Raqqa countryside on Monday.", "en"),
        ("Warplanes struck Raqqa's northern countryside on Monday.", "en"),
        ("غارات جوية على ريف الرقة الشمالي", "ar"),
        ("غارات جوية على الريف الشمالي للرقة", "ar"),
        ("غارات جوية على شمال الرقة", "ar"),
        ("حملات هوایی به ریف شمالی رقه", "fa"),
        ("حملات هوایی به شمال رقه", "fa"),
    ],
)
def test_an_event_in_the_countryside_north_of_a_city_is_put_north_of_it(pipeline, text, lang):
    extraction, event, place = event_point(pipeline, text, lang)
    assert place.name == "Raqqa" and place.bearing == 0
    assert km_and_side((place.lat, place.lon), RAQQA) == (OFFSET_KM["city"], 1)
    assert event.geo_precision == 2  # near the place, not at it
    (mention,) = extraction.places
    assert (mention.lat, mention.lon) == RAQQA  # the place keeps its own point


@pytest.mark.parametrize(
    ("text", "lang", "km"),
    [
        ("A car bomb killed five people 30 km south of Mosul.", "en", 30),
        ("A car bomb killed five people 19 miles south of Mosul.", "en", 31),
        ("A car bomb killed five people 30 km (19 miles) south of Mosul.", "en", 30),
        ("قتل خمسة مدنيين بانفجار سيارة مفخخة على بعد 30 كم جنوب الموصل", "ar", 30),
    ],
)
def test_a_distance_the_text_gives_is_the_offset(pipeline, text, lang, km):
    _, _, place = event_point(pipeline, text, lang)
    assert km_and_side((place.lat, place.lon), MOSUL) == (km, -1)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Warplanes struck Raqqa on Monday.", "en"),
        ("Warplanes struck the northern outskirts of Raqqa on Monday.", "en"),  # the outskirts are at the city
        ("حملات هوایی به محله‌های شرقی رقه", "fa"),  # the eastern quarters are in the city
        ("داعش به دو محله در جنوب شهر رقه حمله کرد", "fa"),  # the south of the city itself
        ("Warplanes struck west of the Euphrates on Monday.", "en"),  # a river names no point to move from
    ],
)
def test_a_place_told_without_a_way_from_it_or_a_river_is_not_moved(pipeline, text, lang):
    extraction, _, place = event_point(pipeline, text, lang)
    (mention,) = extraction.places
    assert (place.lat, place.lon) == (mention.lat, mention.lon)


def test_a_capture_north_of_a_city_moves_the_event_not_the_place_that_changed_hands(pipeline):
    extraction = pipeline.extract("نیروهای دموکراتیک سوریه شمال رقه را از کنترل داعش خارج کردند.", lang="fa")
    (claim,) = extraction.control
    assert (claim.place.lat, claim.place.lon) == RAQQA
    (event,) = extraction.events
    assert km_and_side((event.places[0].lat, event.places[0].lon), RAQQA) == (OFFSET_KM["city"], 1)


def test_the_longest_direction_word_gives_the_bearing():
    assert bearing_in("the north eastern countryside of", "en") == 45
    assert bearing_in("northern countryside", "en") == 0
    assert bearing_in("الریف الشمالی الغربی", "ar") == 315
    assert bearing_in("the countryside of", "en") is None


def test_only_settlements_and_provinces_are_moved_without_a_distance():
    assert offset_km("city", None) == OFFSET_KM["city"]
    assert offset_km("village", None) == 0  # a village's surroundings are the village's point
    assert offset_km("village", 5.0) == 5.0
    assert offset_km("river", 30.0) == offset_km("country", None) == offset_km("region", 10.0) == 0


def test_a_point_moved_lies_that_far_that_way():
    lat, lon = moved(*RAQQA, 90, 20)
    assert round(haversine_km(lat, lon, *RAQQA)) == 20 and abs(lat - RAQQA[0]) < 0.01 and lon > RAQQA[1]


@pytest.mark.parametrize(
    ("text", "lang", "precision"),
    [
        ("Clashes near Raqqa left five dead.", "en", 2),
        ("Clashes outside Mosul left five dead.", "en", 2),
        ("درگیری در نزدیکی موصل پنج کشته بر جای گذاشت.", "fa", 2),
        ("Clashes in Raqqa left five dead.", "en", 1),
    ],
)
def test_an_event_told_near_a_place_is_coded_near_it(pipeline, text, lang, precision):
    _, event, place = event_point(pipeline, text, lang)
    assert event.geo_precision == precision
    assert place.offset_km == 0  # near, with no direction: the place's own point
