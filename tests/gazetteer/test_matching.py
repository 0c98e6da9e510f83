"""The one matcher from a named point to a gazetteer place (gazetteer.matching), without a command
and, but for the country outlines read from the database, without a database: name within the
distance, snap to the nearest, homonyms far away, country by outline, a table matched to a fixed
point, and the thresholds each caller uses."""

from __future__ import annotations

import random

import pytest

from events.acled_reader import PLACE_NAME_KM, PLACE_SNAP_KM
from gazetteer.index import GazetteerIndex, PlaceRecord
from gazetteer.kinds import SETTLEMENT_KINDS
from gazetteer.loaders.base import MERGE_KM
from gazetteer.matching import (
    NAME_KINDS,
    CountryLocator,
    Match,
    NamedPoint,
    NoCountry,
    PlaceMatcher,
    match_points,
    settle,
)
from gazetteer.models import Boundary
from gazetteer.ranking import haversine_km

PLACES = [
    # id, name, kind, country, lat, lon, other names
    (1, "Hajin", "town", "SY", 34.6927, 40.8270, ["هجين"]),
    (2, "Tall Abyad", "town", "SY", 36.000, 39.000, []),
    (3, "Tall Abyad", "village", "SY", 36.054, 39.000, []),  # a homonym 6 km north
    (4, "Qaryat Foo", "village", "SY", 35.500, 39.500, []),
    (5, "Foo Air Base", "site", "SY", 35.5045, 39.5055, []),  # a site nearer some points than the village
    (6, "Deir ez-Zor Governorate", "governorate", "SY", 35.1439, 40.3168, ["Deir ez-Zor", "دير الزور"]),
    (7, "Brigade 18", "site", "SY", 33.850, 36.700, []),
    (8, "Brigade 81", "site", "SY", 33.950, 36.750, []),  # 12 km from Brigade 18
    (9, "Tall Jarrad", "village", "SY", 36.200, 38.500, []),
    (10, "Al-Bukamal", "city", "SY", 34.4529, 40.9187, ["البوكمال", "Albu Kamal"]),
    (11, "Albu Kamal", "village", "IQ", 34.4700, 40.9450, ["البو كمال"]),  # 3 km over the border
    (12, "Mosul", "city", "IQ", 36.340, 43.130, ["الموصل"]),
]
SYRIA = {"type": "Polygon", "coordinates": [[[38.0, 34.0], [42.0, 34.0], [42.0, 37.0], [38.0, 37.0], [38.0, 34.0]]]}


def index_of(places=PLACES, extra: list[PlaceRecord] = (), names: list[tuple[int, str]] = ()) -> GazetteerIndex:
    records = [PlaceRecord(pid, name, kind, cc, "", "", lat, lon, 0) for pid, name, kind, cc, lat, lon, _ in places]
    pairs = [(pid, n) for pid, *_, others in places for n in others]
    return GazetteerIndex.from_records([*records, *extra], [*pairs, *names])


@pytest.fixture(scope="module")
def index() -> GazetteerIndex:
    return index_of()


def point(lat: float, lon: float, *names: str, **kw) -> NamedPoint:
    return NamedPoint(lat, lon, names, **kw)


# --- one point ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Hajin", "HAJIN", "هجين", "Al-Hajin"])  # any case, script or article
def test_a_place_of_the_name_within_max_km_is_taken_by_name(index, name):
    match = PlaceMatcher(index).match(point(34.700, 40.840, name))
    assert (match.place, match.method) == (1, "name")
    assert match.km == pytest.approx(haversine_km(34.700, 40.840, 34.6927, 40.8270))


def test_the_nearest_of_several_places_of_the_name_is_taken(index):
    assert PlaceMatcher(index).match(point(36.040, 39.000, "Tall Abyad")).place == 3
    assert PlaceMatcher(index).match(point(36.010, 39.000, "Tall Abyad")).place == 2


def test_a_homonym_farther_than_max_km_is_not_taken(index):
    matcher = PlaceMatcher(index)
    assert matcher.match(point(35.200, 38.200, "Hajin")) is None  # 250 km from Hajin, nothing near
    assert matcher.match(point(34.6455, 40.827, "Hajin")) is None  # 5.2 km
    assert matcher.match(point(34.6505, 40.827, "Hajin")).place == 1  # 4.7 km


def test_without_a_place_of_the_name_the_nearest_settlement_within_snap_km_is_taken(index):
    matcher = PlaceMatcher(index)
    match = matcher.match(point(35.5045, 39.5045, "Unlisted Hamlet"))  # the site is nearer, not a settlement
    assert (match.place, match.method) == (4, "distance") and match.km < 1.5
    assert matcher.match(point(35.5045, 39.5045)) == match  # a point without a name snaps the same way
    assert matcher.match(point(35.530, 39.500)) is None  # 3.3 km from everything
    assert PlaceMatcher(index, snap_km=0).match(point(35.5045, 39.5045)) is None


def test_a_known_name_farther_away_is_not_matched_to_a_look_alike_nearby(index):
    # Brigade 81 exists, 14 km away: the fuzzy look-alike Brigade 18, 2 km away, is not it.
    assert PlaceMatcher(index, max_km=20).match(point(33.8307, 36.7027, "Brigade 81")).place == 8
    assert PlaceMatcher(index).match(point(33.8307, 36.7027, "Brigade 81")) is None
    # An unknown spelling is matched fuzzily, unless fuzzy matching is off.
    assert PlaceMatcher(index).match(point(36.205, 38.505, "Tall Jarad")) == Match(
        9, "name", pytest.approx(haversine_km(36.205, 38.505, 36.2, 38.5))
    )
    assert PlaceMatcher(index, fuzzy=False, snap_km=0).match(point(36.205, 38.505, "Tall Jarad")) is None


def test_names_are_tried_in_order(index):
    # The first name is unknown: the second decides.
    assert PlaceMatcher(index).match(point(34.700, 40.840, "Nowhere", "هجين")).place == 1


def test_kinds_restrict_the_places_taken_by_name(index):
    at_governorate = point(35.1439, 40.3168, "Deir ez-Zor")
    assert PlaceMatcher(index, snap_km=0).match(at_governorate) is None  # settlements and sites only
    assert PlaceMatcher(index, name_kinds=None).match(at_governorate).place == 6
    hinted = point(35.1439, 40.3168, "Deir ez-Zor", kinds=frozenset({"governorate"}))
    assert PlaceMatcher(index).match(hinted).place == 6  # the point's own kind hints win


def test_the_points_country_restricts_the_places_taken_by_name(index):
    assert PlaceMatcher(index).match(point(34.455, 40.922, "Albu Kamal")).place == 10  # the nearer
    assert PlaceMatcher(index).match(point(34.455, 40.922, "Albu Kamal", country="IQ")).place == 11  # 2.7 km
    assert PlaceMatcher(index, snap_km=0).match(point(36.34, 43.13, "Mosul", country="SY")) is None


def test_snapping_finds_the_nearest_place_as_a_full_scan_does():
    rng = random.Random(11)
    places = [
        PlaceRecord(i, f"p{i}", "village", "SY", "", "", rng.uniform(-70, 70), rng.uniform(-179, 179), 0)
        for i in range(400)
    ]
    places += [  # a dense patch, and places at high latitudes where a degree of longitude is short
        PlaceRecord(1000 + i, f"q{i}", "village", "SY", "", "", 35 + rng.uniform(0, 0.1), 39 + rng.uniform(0, 0.1), 0)
        for i in range(300)
    ] + [
        PlaceRecord(2000 + i, f"r{i}", "village", "SY", "", "", 69 + rng.uniform(0, 0.3), rng.uniform(0, 1), 0)
        for i in range(100)
    ]
    matcher = PlaceMatcher(GazetteerIndex.from_records(places, []), snap_km=3.0)
    for _ in range(300):
        lat, lon = rng.choice([(35.05, 39.05), (69.15, 0.5), (0.0, 0.0)])
        lat, lon = lat + rng.uniform(-0.06, 0.06), lon + rng.uniform(-0.06, 0.06)
        within = sorted((haversine_km(lat, lon, p.lat, p.lon), p.id) for p in places)
        found = matcher.by_distance(lat, lon)
        if within[0][0] > 3.0:
            assert found is None, (lat, lon)
        else:
            assert found is not None and (found.place, found.km) == (within[0][1], within[0][0]), (lat, lon)


# --- each caller's thresholds -------------------------------------------------------------------


def test_the_control_imports_thresholds_are_the_defaults(index):
    matcher = PlaceMatcher(index)
    assert (matcher.max_km, matcher.snap_km, matcher.name_kinds, matcher.snap_kinds) == (
        5.0,
        1.5,
        NAME_KINDS,
        SETTLEMENT_KINDS,  # snapping without a name: settlements only, never a landmark
    )
    assert matcher.match(point(34.629, 40.827, "Hajin")) is None  # 7 km


def test_the_acled_imports_thresholds(index):
    matcher = PlaceMatcher(index, max_km=PLACE_NAME_KM, snap_km=PLACE_SNAP_KM, name_kinds=None, snap_kinds=None)
    assert matcher.match(point(34.629, 40.827, "Hajin")).place == 1  # 7 km: within 10 km by name
    assert matcher.match(point(34.600, 40.827, "Hajin")) is None  # 10.3 km
    snapped = matcher.match(point(35.5045, 39.5050, "Somewhere"))
    assert (snapped.place, snapped.method) == (5, "distance")  # the nearest place of any kind, the site
    assert matcher.match(point(35.1439, 40.3168, "Deir ez-Zor")).place == 6  # any kind by name


def test_the_loaders_merge_thresholds(index):
    def merge(rec_kind: str, group_kinds: frozenset[str], *names: str, lat: float, lon: float, country: str):
        group = "settlement" if rec_kind in NAME_KINDS else rec_kind
        matcher = PlaceMatcher(index, max_km=MERGE_KM[group], snap_km=0, name_kinds=group_kinds, fuzzy=False)
        return matcher.by_name(NamedPoint(lat, lon, names, country=country))

    assert merge("village", NAME_KINDS, "Qaryat Foo", lat=35.550, lon=39.500, country="SY").place == 4  # 5.6 km
    assert merge("village", NAME_KINDS, "Qaryat Foo", lat=35.500, lon=39.500, country="IQ") is None
    assert merge("village", NAME_KINDS, "Tall Jarad", lat=36.2, lon=38.5, country="SY") is None  # no fuzzy merge
    gov = frozenset({"governorate"})
    assert merge("governorate", gov, "Deir ez-Zor", lat=35.6, lon=40.0, country="SY").place == 6  # 57 km
    assert merge("governorate", gov, "Hajin", lat=34.6927, lon=40.8270, country="SY") is None  # not a governorate


# --- country ------------------------------------------------------------------------------------


def test_the_country_is_the_outline_that_holds_the_point_else_the_nearest_places(index):
    locate = CountryLocator(index, outlines=[("SY", SYRIA)])
    assert locate(35.0, 39.0) == "SY"
    assert locate(36.3, 43.0) == "IQ"  # outside every outline: Mosul is the nearest settlement
    assert CountryLocator(index, outlines=[])(34.46, 40.95) == "IQ"  # no outlines: the nearest place
    assert CountryLocator(index_of(places=[]), outlines=[])(35.0, 39.0) is None


@pytest.mark.django_db
def test_the_country_outlines_come_from_the_gazetteer_by_default(index):
    Boundary.objects.create(level="country", country="IQ", code="IQ", name="Iraq", source="t", geometry=SYRIA)
    assert CountryLocator(index)(35.0, 39.0) == "IQ"  # the stored outline wins over the nearest place


# --- a table ------------------------------------------------------------------------------------


def test_a_table_matches_by_name_by_distance_or_makes_places(index):
    points = [
        point(34.700, 40.840, "Hajin", group=1),
        point(35.501, 39.501, "Unlisted Hamlet", group=1),
        point(35.200, 38.200, "Hajin", group=1, kind="village"),  # far from the known Hajin
        point(35.300, 38.300, "Airbase", group=1, kind="site"),
        point(33.000, 37.000, group=1),  # no name, nothing near
    ]
    matching = match_points(points, index, locator=CountryLocator(index, outlines=[("SY", SYRIA)]))
    hajin, hamlet, far, airbase, nothing = matching.matches
    assert (hajin.place, hajin.method, hajin.country) == (1, "name", "SY")
    assert (hamlet.place, hamlet.method) == (4, "distance")
    assert (far.place, far.method, far.km, far.country) == (-1, "name", 0.0, "SY")
    assert airbase.place == -2 and nothing is None
    assert {pid: (new.record.name, new.record.kind, new.point) for pid, new in matching.new_places.items()} == {
        -1: ("Hajin", "village", 2),
        -2: ("Airbase", "site", 3),
    }


def test_a_second_run_with_the_new_places_in_the_gazetteer_matches_the_same_way(index):
    points = [
        point(35.200, 38.200, "New Village", group=1),
        point(35.203, 38.203, "New Village", group=1),  # the same village written twice, 0.4 km
        point(35.230, 38.230, "New Village", group=1),  # another one 4 km away
        point(35.300, 38.300, "Other", group=1),
    ]
    first = match_points(points, index, country="SY")
    assert [m.place for m in first.matches] == [-1, -1, -2, -3]
    created = [replace_id(new.record, 100 - pid) for pid, new in first.new_places.items()]
    again = match_points(points, index_of(extra=created), country="SY")
    assert [m.place for m in again.matches] == [101, 101, 102, 103] and again.new_places == {}


def replace_id(record: PlaceRecord, pid: int) -> PlaceRecord:
    return PlaceRecord(pid, record.name, record.kind, record.country, "", "", record.lat, record.lon, 0)


def test_rows_of_one_group_meeting_on_one_place_are_settled(index):
    points = [
        point(34.6927, 40.8270, "Hajin", group="2017"),
        point(34.7200, 40.8500, "Hajin", group="2017"),  # another Hajin 3.7 km away: a place of its own
        point(34.7000, 40.8400, "Hajin", group="2018"),  # another date: Hajin is its own
    ]
    matching = match_points(points, index, country="SY")
    assert [m.place for m in matching.matches] == [1, -1, 1]


def test_settle_gives_a_place_to_the_nearest_naming_row_then_to_the_nearest_snapping_one():
    points = [point(0, 0, "a", group=1), point(0, 0, "b", group=1), point(0, 0, "c", group=1)]
    matches = [Match(7, "distance", 0.2), Match(7, "name", 1.0), Match(7, "name", 0.5)]
    settle(points, matches, 1.5)
    assert matches == [None, Match(7, "name", 1.0), Match(7, "name", 0.5)]  # both name it within 1.5 km
    matches = [Match(7, "distance", 0.2), Match(7, "name", 2.0), Match(7, "distance", 0.1)]
    settle(points, matches, 1.5)
    assert matches == [None, Match(7, "name", 2.0), None]
    matches = [Match(7, "distance", 0.9), Match(7, "distance", 0.3), None]
    settle(points, matches, 1.5)
    assert matches == [None, Match(7, "distance", 0.3), None]


def test_a_point_of_no_known_country_raises_no_country():
    empty = index_of(places=[])
    with pytest.raises(NoCountry) as exc:
        match_points(
            [point(35.0, 38.0, group=1), point(35.0, 38.0, "Nowhere", group=1)],
            empty,
            locator=CountryLocator(empty, outlines=[]),
        )
    assert exc.value.point == 1
    assert match_points([point(35.0, 38.0, "Nowhere")], empty, country="IQ").matches[0].country == "IQ"


def test_a_code_is_found_as_written_but_not_by_its_skeleton():
    """An airport code among a city's names (`KSW`) shares its two-letter skeleton with ordinary
    words (`Axes`): it is found as written, never as a spelling of another word."""
    from gazetteer.ranking import find_matches

    index = GazetteerIndex.from_records(
        [PlaceRecord(1, "Example City", "city", "SY", "", "", 35.0, 37.0, 0)], [(1, "KSW")]
    )
    assert [tier for tier, _ in find_matches(index, "KSW")][:1] == ["exact"]
    assert list(find_matches(index, "Axes")) == []
