"""Ranking over a tiny in-memory gazetteer: tiers, cue words, near, country, duplicates."""

import pytest

from gazetteer.geocoder import GazetteerGeocoder

from .tiny import tiny_index

HASAKAH = (36.50, 40.75)
HATRA = (35.58, 42.73)


@pytest.fixture(scope="module")
def geocoder():
    return GazetteerGeocoder(index=tiny_index())


@pytest.mark.parametrize("query", ["البو کمال", "البوکمال", "البوكمال", "Abu Kamal", "ALBU KAMAL"])
def test_bukamal_in_any_spelling_is_the_syrian_border_town(geocoder, query):
    loc = geocoder.geocode(query)
    assert loc.raw["place_id"] == 1
    assert loc.raw["country"] == "SY"


def test_the_iraqi_village_is_the_runner_up(geocoder):
    loc = geocoder.geocode("البو کمال")
    assert [c["place_id"] for c in loc.raw["candidates"]] == [2]


def test_country_restriction_picks_the_iraqi_albu_kamal(geocoder):
    loc = geocoder.geocode("البو کمال", country_codes="IQ")
    assert loc.raw["place_id"] == 2


def test_tuwaymin_in_hasakah_vs_nineveh_is_decided_by_near(geocoder):
    assert geocoder.geocode("التویمین", near=[HASAKAH]).raw["place_id"] == 3
    assert geocoder.geocode("التویمین", near=[HATRA]).raw["place_id"] == 4
    loc = geocoder.geocode("التویمین", near=[HASAKAH])
    assert loc.raw["distance_km"] < loc.raw["candidates"][0]["distance_km"]


def test_a_cue_word_asks_for_the_governorate(geocoder):
    assert geocoder.geocode("دیرالزور").raw["kind"] == "city"
    assert geocoder.geocode("دیرالزور", kinds="governorate").raw["place_id"] == 8
    assert geocoder.geocode("دیر الزور", kinds=["city"]).raw["place_id"] == 7


def test_a_name_without_its_article_is_found_as_an_alias(geocoder):
    loc = geocoder.geocode("قائم")
    assert loc.raw["place_id"] == 9 and loc.raw["match"] == "alias"
    assert geocoder.geocode("رقه").raw["place_id"] == 10
    assert geocoder.geocode("تل جایر").raw["place_id"] == 5


def test_exact_beats_alias_beats_fuzzy(geocoder):
    assert geocoder.geocode("الدشیشه").raw["match"] == "exact"
    assert geocoder.geocode("دشیشه").raw["match"] == "alias"
    fuzzy = geocoder.geocode("الدشیشته")  # one extra letter
    assert fuzzy.raw["place_id"] == 6 and fuzzy.raw["match"] == "fuzzy"
    assert fuzzy.raw["score"] < geocoder.geocode("الدشیشه").raw["score"]


def test_short_names_are_never_matched_fuzzily(geocoder):
    assert geocoder.geocode("هجیم") is None  # one letter from هجین, but too short to guess


@pytest.mark.parametrize("query", ["کابل", "Springfield", "نیروهای دموکراتیک", "   ", "؟!"])
def test_no_match_returns_none(geocoder, query):
    assert geocoder.geocode(query) is None


def test_duplicate_records_of_one_place_are_listed_once(geocoder):
    found = geocoder.geocode("منبج", exactly_one=False)
    assert [loc.raw["place_id"] for loc in found] == [11]


def test_location_is_a_geopy_location_with_raw_details(geocoder):
    from geopy.location import Location

    loc = geocoder.geocode("هجین")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (34.6927, 40.827)
    assert {"place_id", "kind", "country", "admin1", "score", "matched_name", "candidates"} <= set(loc.raw)
    assert "Hajin" in loc.address


def test_reverse_returns_the_nearest_place(geocoder):
    loc = geocoder.reverse((34.46, 40.93))
    assert loc.raw["place_id"] == 1
    assert loc.raw["distance_km"] < 2
    assert geocoder.reverse("36.03, 41.10").raw["place_id"] == 5


def test_query_must_be_a_string(geocoder):
    with pytest.raises(TypeError):
        geocoder.geocode(None)


def test_fuzzy_look_ups_are_remembered_and_forgotten_when_too_many(monkeypatch):
    from gazetteer import ranking
    from lib.text import name_key

    index = tiny_index()
    key = name_key("الدشیشته")
    first = ranking.fuzzy_keys(index, key)
    assert first and index.fuzzy_seen[key] == first
    assert ranking.fuzzy_keys(index, key) == first  # the same answer from memory
    monkeypatch.setattr(ranking, "FUZZY_SEEN_MAX", 1)
    other = name_key("التویمیین")
    assert ranking.fuzzy_keys(index, other) and list(index.fuzzy_seen) == [other]


def test_near_points_give_the_same_nearest_distance_as_measuring_every_point():
    """`NearPoints` skips points too far in latitude; the distance must be the very same float."""
    import random

    from gazetteer.ranking import NearPoints, haversine_km

    rng = random.Random(12)
    for _ in range(2000):
        here = (rng.uniform(30, 38), rng.uniform(35, 48))
        points = [(rng.uniform(30, 38), rng.uniform(35, 48)) for _ in range(rng.randint(1, 60))]
        points += [here, points[0]] if rng.random() < 0.3 else []  # the place itself, a repeated point
        expected = min(haversine_km(*here, lat, lon) for lat, lon in points)
        assert NearPoints(points).nearest_km(*here) == expected
    assert NearPoints([(0.0, 0.0), (89.0, 179.0), (-89.0, -179.0)]).nearest_km(-89.5, 179.5) == min(
        haversine_km(-89.5, 179.5, lat, lon) for lat, lon in [(0.0, 0.0), (89.0, 179.0), (-89.0, -179.0)]
    )
