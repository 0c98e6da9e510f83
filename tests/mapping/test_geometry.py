"""mapping.geometry: areas of control, front lines, changes, siege rings and their GeoJSON.

Pure functions: no database. Small hand-made configurations whose answer is known, then one
check on the real 2017 Wikipedia control points when ../shared is present.
"""

from __future__ import annotations

import csv
import json
import math
import random

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from mapping.geometry import (
    Change,
    ControlPoint,
    FrontLine,
    LocalProjection,
    Ring,
    area_km2,
    areas_to_geojson,
    changed_areas,
    changes_to_geojson,
    control_areas,
    front_lines,
    fronts_to_geojson,
    length_km,
    prepare_clip,
    rings_to_geojson,
    siege_rings,
    to_geojson,
)
from tests.conftest import shared_path

KM_PER_DEGREE_LAT = math.pi * 6371.0088 / 180  # on the sphere the module uses
CLIP = box(39.0, 34.0, 41.0, 36.0)  # centred on (40, 35): the projection's centre


def split_grid(step: float = 0.2) -> list[ControlPoint]:
    """Points every `step` degrees over the clip: "a" west of the meridian 40, "b" east of it,
    mirror images of each other, so the border between them is the meridian 40 itself."""
    points = []
    offsets = np.arange(step / 2, 1.0, step)  # 0.1, 0.3, ... 0.9 from the clip's centre
    for dlon in offsets:
        for lat in 35.0 + np.concatenate([-offsets, offsets]):
            points.append(ControlPoint(round(40.0 - dlon, 6), round(lat, 6), "a"))
            points.append(ControlPoint(round(40.0 + dlon, 6), round(lat, 6), "b"))
    return points


def wkt(areas: dict) -> dict:
    return {holder: geom.wkt for holder, geom in areas.items()}


def ring_radii_km(point: tuple[float, float], geometry) -> np.ndarray:
    """Distances in km from `point` to every vertex of `geometry`."""
    xy = LocalProjection(*point).forward_coords(shapely.get_coordinates(geometry))
    return np.hypot(xy[:, 0], xy[:, 1])


# --- areas --------------------------------------------------------------------------------------


def test_two_holders_split_by_a_meridian_give_one_front_along_it():
    areas = control_areas(split_grid(), CLIP)
    assert sorted(areas) == ["a", "b"]
    # Each side fills its half of the clip (the caps of 25 km overlap on a 20 km grid).
    half = area_km2(box(39.0, 34.0, 40.0, 36.0))
    assert area_km2(areas["a"]) == pytest.approx(half, rel=0.01)
    assert area_km2(areas["b"]) == pytest.approx(half, rel=0.01)

    fronts = front_lines(areas)
    assert [(f.a, f.b) for f in fronts] == [("a", "b")]
    front = fronts[0]
    lon_lat = shapely.get_coordinates(front.geometry)
    assert np.allclose(lon_lat[:, 0], 40.0, atol=1e-6)  # on the bisector
    assert lon_lat[:, 1].min() == pytest.approx(34.0, abs=1e-6)  # from the clip's south edge...
    assert lon_lat[:, 1].max() == pytest.approx(36.0, abs=1e-6)  # ...to its north edge
    assert front.length_km == pytest.approx(2 * KM_PER_DEGREE_LAT, rel=0.002)
    assert length_km(front.geometry) == pytest.approx(front.length_km, rel=0.002)


def test_three_holders_meet_at_the_circumcentre():
    # Three points 30 km from the centre at 120° from each other; caps of 100 km.
    projection = LocalProjection(40.0, 35.0)
    angles = np.radians([90.0, 210.0, 330.0])
    xy = np.column_stack([30 * np.cos(angles), 30 * np.sin(angles)])
    lon_lat = projection.inverse_coords(xy)
    points = [ControlPoint(lon, lat, holder) for (lon, lat), holder in zip(lon_lat, "abc")]
    clip = box(36.0, 31.0, 44.0, 39.0)
    areas = control_areas(points, clip, cap_km=100.0)
    fronts = front_lines(areas)
    assert [(f.a, f.b) for f in fronts] == [("a", "b"), ("a", "c"), ("b", "c")]
    # Every front runs from the centre to where the caps end: t with t² - 30t + 900 = 100².
    reach = (30 + math.sqrt(30**2 + 4 * (100**2 - 900))) / 2
    for front in fronts:
        assert front.geometry.geom_type == "LineString"
        ends = [shapely.get_point(front.geometry, 0), shapely.get_point(front.geometry, -1)]
        assert min(e.distance(shapely.Point(40.0, 35.0)) for e in ends) < 3e-5  # fronts snap to ~2 m
        assert front.length_km == pytest.approx(reach, rel=0.01)
    # They meet edge to edge, even where the border leaves the caps.
    assert shapely.coverage_is_valid(np.array(list(areas.values())))
    # Each area is its third of the union of the three discs.
    total = sum(area_km2(g) for g in areas.values())
    assert all(area_km2(g) == pytest.approx(total / 3, rel=0.005) for g in areas.values())


def test_a_lone_point_claims_a_disc_of_the_cap_radius():
    areas = control_areas([ControlPoint(40.0, 35.0, "a")], CLIP, cap_km=25.0)
    disc = areas["a"]
    assert disc.geom_type == "Polygon"
    assert area_km2(disc) == pytest.approx(math.pi * 25**2, rel=0.02)
    assert ring_radii_km((40.0, 35.0), disc) == pytest.approx(25.0, rel=0.001)
    assert len(shapely.get_coordinates(disc)) >= 33  # round enough: 32 sides


def test_areas_are_clipped_to_the_outline():
    # A point 10 km inside the clip's west edge: its disc is cut by the edge.
    point = ControlPoint(39.0 + 10 / (KM_PER_DEGREE_LAT * math.cos(math.radians(35))), 35.0, "a")
    disc_area = math.pi * 25**2
    area = control_areas([point], CLIP)["a"]
    assert area.difference(CLIP).area < 1e-12
    assert shapely.get_coordinates(area)[:, 0].min() == pytest.approx(39.0, abs=1e-9)
    assert 0.5 * disc_area < area_km2(area) < 0.9 * disc_area
    # With no cap the single cell fills the whole clip.
    assert control_areas([point], CLIP, cap_km=None)["a"].symmetric_difference(CLIP).area < 1e-12
    # An invalid clip (a bow tie) is repaired rather than failing.
    bow_tie = shapely.Polygon([(39, 34), (41, 36), (41, 34), (39, 36), (39, 34)])
    assert not bow_tie.is_valid
    assert control_areas([point], bow_tie)["a"].is_valid
    # A point far outside the clip claims nothing.
    assert control_areas([ControlPoint(45.0, 35.0, "a")], CLIP) == {}


def test_outer_border_is_not_a_front():
    # Caps that do not meet: two islands, no front between them.
    apart = [ControlPoint(39.5, 35.0, "a"), ControlPoint(40.5, 35.0, "b")]
    areas = control_areas(apart, CLIP, cap_km=25.0)
    assert sorted(areas) == ["a", "b"] and front_lines(areas) == []
    # Caps that meet: the front is only the chord where they overlap, 2·sqrt(25² - d²) long.
    near = [ControlPoint(39.9, 35.0, "a"), ControlPoint(40.1, 35.0, "b")]
    areas = control_areas(near, CLIP, cap_km=25.0)
    half_gap = 0.1 * KM_PER_DEGREE_LAT * math.cos(math.radians(35))
    (front,) = front_lines(areas)
    assert front.length_km == pytest.approx(2 * math.sqrt(25**2 - half_gap**2), rel=0.01)
    assert np.allclose(shapely.get_coordinates(front.geometry)[:, 0], 40.0, atol=1e-6)


def test_points_of_one_holder_make_no_front():
    points = [ControlPoint(p.lon, p.lat, "a") for p in split_grid()]
    areas = control_areas(points, CLIP)
    assert list(areas) == ["a"]
    assert area_km2(areas["a"]) == pytest.approx(area_km2(CLIP), rel=0.01)
    assert front_lines(areas) == []


def test_same_input_in_any_order_gives_identical_geometry():
    rng = random.Random(3)
    points = split_grid(0.1)
    holders = ["gov", "isis", "sdf", "rebels"]
    points = [ControlPoint(p.lon + rng.uniform(-0.04, 0.04), p.lat, rng.choice(holders)) for p in points]
    points += points[:20]  # with duplicates
    first = control_areas(points, CLIP)
    first_fronts = [(f.a, f.b, f.geometry.wkt, f.length_km) for f in front_lines(first)]
    for _ in range(3):
        rng.shuffle(points)
        again = control_areas(points, CLIP)
        assert list(again) == list(first) == sorted(first)
        assert wkt(again) == wkt(first)
        assert [(f.a, f.b, f.geometry.wkt, f.length_km) for f in front_lines(again)] == first_fronts


def test_duplicate_points_are_one_cell_held_by_the_majority():
    spot = (40.0, 35.0)
    other = ControlPoint(40.3, 35.0, "c")
    # Two "b" against one "a": the spot is "b"'s, and "a" has nothing.
    areas = control_areas([ControlPoint(*spot, "a"), ControlPoint(*spot, "b"), ControlPoint(*spot, "b"), other], CLIP)
    assert sorted(areas) == ["b", "c"]
    assert areas["b"].contains(shapely.Point(spot))
    # A tie goes to the first name, whatever the order.
    for pair in (["z", "y"], ["y", "z"]):
        areas = control_areas([ControlPoint(*spot, h) for h in pair] + [other], CLIP)
        assert sorted(areas) == ["c", "y"]
    # One cell: the same as a single point there.
    single = control_areas([ControlPoint(*spot, "y"), other], CLIP)
    assert areas["y"].wkt == single["y"].wkt


def test_empty_input_and_points_without_holder():
    assert control_areas([], CLIP) == {}
    assert control_areas([ControlPoint(40.0, 35.0, "")], CLIP) == {}
    assert control_areas([ControlPoint(float("nan"), 35.0, "a")], CLIP) == {}
    assert control_areas([ControlPoint(40.0, 35.0, "a")], shapely.Polygon()) == {}
    assert front_lines({}) == []
    assert changed_areas({}, {}) == []
    assert siege_rings([]) == []
    assert to_geojson({}) == {"type": "FeatureCollection", "features": []}
    with pytest.raises(ValueError):
        control_areas([ControlPoint(40.0, 35.0, "a")], None, cap_km=None)
    # No clip: the caps alone bound the areas.
    assert area_km2(control_areas([ControlPoint(40.0, 35.0, "a")], None)["a"]) == pytest.approx(
        math.pi * 25**2, rel=0.02
    )


# --- fronts from any polygons -------------------------------------------------------------------


def test_fronts_tolerate_numeric_noise_but_not_slivers_or_short_contacts():
    west = box(39.0, 34.0, 40.0, 35.0)
    east = box(40.0 + 1e-9, 34.0, 41.0, 35.0)  # a gap of 0.1 mm: still a front
    (front,) = front_lines({"west": west, "east": east})
    assert (front.a, front.b) == ("east", "west")
    assert front.length_km == pytest.approx(KM_PER_DEGREE_LAT, rel=0.002)
    # A sliver of a third holder along that border (0.5 m wide) makes no front of its own.
    sliver = box(40.0 - 5e-6, 34.0, 40.0, 35.0)
    fronts = front_lines({"west": west.difference(sliver), "east": east, "noise": sliver})
    assert [(f.a, f.b) for f in fronts] == [("east", "west")]
    # Boxes that touch along 0.3 km only: below the 0.5 km minimum.
    corner = box(40.0, 35.0 - 0.3 / KM_PER_DEGREE_LAT, 41.0, 36.0)
    assert front_lines({"west": box(39.0, 34.0, 40.0, 35.0), "corner": corner}) == []
    assert len(front_lines({"west": box(39.0, 34.0, 40.0, 35.0), "corner": corner}, min_length_km=0.1)) == 1


# --- changes ------------------------------------------------------------------------------------


def test_one_town_changing_hands():
    before_points = split_grid()
    town = next(p for p in before_points if p.holder == "a" and p.lon == 39.9 and p.lat == 35.1)
    after_points = [ControlPoint(p.lon, p.lat, "b") if p is town else p for p in before_points]
    before, after = control_areas(before_points, CLIP), control_areas(after_points, CLIP)
    # The town's cell: what it holds when it is a side of its own.
    cell = control_areas([ControlPoint(p.lon, p.lat, "x") if p is town else p for p in before_points], CLIP)["x"]

    changes = changed_areas(before, after)
    assert [(c.gainer, c.loser) for c in changes] == [("b", "a")]
    assert changes[0].area_km2 == pytest.approx(area_km2(cell), rel=0.01)
    assert changes[0].geometry.contains(shapely.Point(town.lon, town.lat))
    assert changes[0].geometry.symmetric_difference(cell).area < 1e-9
    # Nothing changes: nothing reported (unchanged borders leave no slivers).
    assert changed_areas(before, before) == []
    assert changed_areas(before, control_areas(list(reversed(before_points)), CLIP)) == []
    # Reversed: the mirror change.
    assert [(c.gainer, c.loser) for c in changed_areas(after, before)] == [("a", "b")]


def test_newly_claimed_and_abandoned_land_have_an_empty_side():
    base = [ControlPoint(39.5, 35.0, "a")]
    more = base + [ControlPoint(40.5, 35.0, "b")]  # 90 km away: its disc is new land
    before, after = control_areas(base, CLIP), control_areas(more, CLIP)
    (new,) = changed_areas(before, after)
    assert (new.gainer, new.loser) == ("b", "")
    assert new.area_km2 == pytest.approx(math.pi * 25**2, rel=0.02)
    (gone,) = changed_areas(after, before)
    assert (gone.gainer, gone.loser) == ("", "b")
    assert changed_areas(before, after, unclaimed=False) == []
    # Below the minimum area: not reported.
    assert changed_areas(before, after, min_area_km2=5000) == []


# --- sieges -------------------------------------------------------------------------------------


def test_siege_rings_surround_besieged_places():
    points = [
        ControlPoint(40.0, 35.0, "gov", place_id=7, besieged_by=("isis",)),
        ControlPoint(40.0, 35.0, "gov", place_id=8, besieged_by=("hts", "isis")),  # same spot
        ControlPoint(39.5, 34.5, "sdf"),  # not besieged
        ControlPoint(39.0, 34.0, "rebels", besieged_by=("gov",)),
    ]
    rings = siege_rings(points, radius_km=3.0)
    assert [(r.lon, r.lat) for r in rings] == [(39.0, 34.0), (40.0, 35.0)]
    ring = rings[1]
    assert isinstance(ring, Ring)
    assert (ring.holder, ring.besiegers, ring.place_id, ring.radius_km) == ("gov", ("hts", "isis"), 7, 3.0)
    assert ring.geometry.geom_type == "LineString" and ring.geometry.is_ring
    assert ring_radii_km((40.0, 35.0), ring.geometry) == pytest.approx(3.0, rel=1e-6)
    assert len(shapely.get_coordinates(ring.geometry)) == 33
    assert rings[0].besiegers == ("gov",) and rings[0].place_id is None


# --- GeoJSON ------------------------------------------------------------------------------------


def decimals(collection: dict) -> int:
    """The most decimals any coordinate of a FeatureCollection has."""
    text = json.dumps(collection)
    most = 0
    for feature in collection["features"]:
        for value in shapely.get_coordinates(shapely.from_geojson(json.dumps(feature["geometry"]))).ravel():
            most = max(most, len(repr(float(value)).partition(".")[2]))
    assert "NaN" not in text and "Infinity" not in text
    return most


def test_geojson_of_every_result():
    rng = random.Random(5)
    points = [
        ControlPoint(p.lon + rng.uniform(-0.05, 0.05), p.lat + rng.uniform(-0.05, 0.05), p.holder)
        for p in split_grid(0.1)
    ]
    areas = control_areas(points, CLIP)
    fronts = front_lines(areas)
    after = control_areas(
        [ControlPoint(p.lon, p.lat, "b") if p.lon < 39.3 and p.lat < 34.5 else p for p in points], CLIP
    )
    changes = changed_areas(areas, after)
    rings = siege_rings([ControlPoint(40.0, 35.0, "a", place_id=1, besieged_by=("b",))])
    assert fronts and changes

    collection = to_geojson(areas)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["holder"] for f in collection["features"]] == ["a", "b"]
    for feature, holder in zip(collection["features"], ["a", "b"]):
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["area_km2"] == pytest.approx(area_km2(areas[holder]), abs=0.01)
        simplified = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert simplified.is_valid
        assert shapely.get_num_coordinates(simplified) < shapely.get_num_coordinates(areas[holder])
        assert area_km2(simplified) == pytest.approx(area_km2(areas[holder]), rel=0.01)
    assert decimals(collection) <= 5

    lines = to_geojson(fronts)
    assert [tuple(f["properties"][k] for k in ("a", "b")) for f in lines["features"]] == [("a", "b")]
    assert lines["features"][0]["properties"]["length_km"] == round(fronts[0].length_km, 2)
    assert lines["features"][0]["geometry"]["type"] in ("LineString", "MultiLineString")
    assert decimals(lines) <= 5

    changed = to_geojson(changes)
    assert {(f["properties"]["gainer"], f["properties"]["loser"]) for f in changed["features"]} == {("b", "a")}
    assert all(f["properties"]["area_km2"] > 0 for f in changed["features"])
    assert decimals(changed) <= 5

    ringed = to_geojson(rings)
    assert ringed["features"][0]["properties"] == {"holder": "a", "besiegers": ["b"], "place_id": 1, "radius_km": 3.0}
    assert ringed["features"][0]["geometry"]["type"] == "LineString"
    assert decimals(ringed) <= 5

    for collection in (to_geojson(areas, precision=3), to_geojson(fronts, precision=3)):
        assert decimals(collection) <= 3
    json.dumps([to_geojson(areas), lines, changed, ringed])  # serialisable as is
    # The helper per kind and the dispatcher agree.
    assert areas_to_geojson(areas) == to_geojson(areas)
    assert fronts_to_geojson(fronts) == lines
    assert changes_to_geojson(changes) == changed
    assert rings_to_geojson(rings) == ringed
    assert to_geojson([]) == {"type": "FeatureCollection", "features": []}
    with pytest.raises(TypeError):
        to_geojson([object()])
    with pytest.raises(TypeError):
        to_geojson([*fronts, *rings])


def test_prepare_clip_merges_and_simplifies():
    detailed = shapely.Point(40.0, 35.0).buffer(1.0, quad_segs=256)  # 1,024 sides
    clip = prepare_clip([shapely.geometry.mapping(detailed), box(40.0, 34.0, 42.0, 36.0)], tolerance=0.01)
    assert clip.geom_type == "Polygon" and clip.is_valid
    assert shapely.get_num_coordinates(clip) < 200
    assert clip.symmetric_difference(detailed.union(box(40.0, 34.0, 42.0, 36.0))).area < 0.05


def test_result_types():
    areas = control_areas(split_grid(), CLIP)
    (front,) = front_lines(areas)
    assert isinstance(front, FrontLine)
    after = control_areas([ControlPoint(p.lon, p.lat, "b") for p in split_grid()], CLIP)
    (change,) = changed_areas(areas, after)
    assert isinstance(change, Change) and (change.gainer, change.loser) == ("b", "a")
    assert change.area_km2 == pytest.approx(area_km2(areas["a"]), rel=0.001)


# --- the real 2017 snapshot ---------------------------------------------------------------------

HOLDERS = ("government", "rebels", "sdf", "hts", "isis", "turkey")


@pytest.mark.shared
def test_real_control_points_of_syria_and_iraq():
    from gazetteer.loaders.boundaries import natural_earth_countries

    points = []
    for name in ("wikipedia_syria_detailed_map.tsv", "wikipedia_iraq_detailed_map.tsv"):
        with shared_path("data", "control", name).open(encoding="utf-8") as f:
            points += [
                ControlPoint(float(row["lon"]), float(row["lat"]), row["controller"])
                for row in csv.DictReader(f, delimiter="\t")
                if row["controller"] in HOLDERS
            ]
    assert len(points) > 7000
    clip = prepare_clip([c["geometry"] for c in natural_earth_countries()])

    areas = control_areas(points, clip)
    assert sorted(areas) == sorted(HOLDERS)
    assert areas["isis"].contains(shapely.Point(40.45, 35.015))  # Mayadin, Euphrates valley
    assert areas["sdf"].contains(shapely.Point(40.75, 36.50))  # Hasakah
    assert areas["government"].contains(shapely.Point(44.36, 33.31))  # Baghdad
    assert all(g.is_valid for g in areas.values())
    assert shapely.coverage_is_valid(np.array(list(areas.values())))
    claimed = sum(area_km2(g) for g in areas.values())
    assert 0.4 * area_km2(clip) < claimed < area_km2(clip)

    fronts = {(f.a, f.b): f for f in front_lines(areas)}
    assert ("isis", "sdf") in fronts and fronts[("isis", "sdf")].length_km > 100
    assert ("government", "isis") in fronts
    # Fronts lie on both areas' borders, not on the outline of the countries.
    outline = clip.boundary.buffer(1e-4)
    for front in fronts.values():
        for holder in (front.a, front.b):
            assert front.geometry.difference(areas[holder].boundary.buffer(3e-5)).length < 1e-9  # snapped to ~2 m
        assert front.geometry.intersection(outline).length < 0.01 * front.geometry.length
