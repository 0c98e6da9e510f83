"""mapping.territory: each rule of the areas that read as territory, then the whole on small
hand-made ground whose answer is known, then the held-out check on the real 2017 Wikipedia
snapshots when ../shared is present.
"""

from __future__ import annotations

import csv
import random
from collections import Counter

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from mapping.geometry import ControlPoint, LocalProjection, area_km2, prepare_clip
from mapping.territory import (
    TerritoryRules,
    clean_areas,
    enclave_sites,
    filled_triangles,
    local_reach,
    neighbour_edges,
    own_land,
    shared_borders,
    split_at_barriers,
    territory_areas,
)
from tests.conftest import shared_path

CLIP = box(38.0, 33.0, 42.0, 37.0)
PROJ = LocalProjection(40.0, 35.0)
RULES = TerritoryRules()


def km(lon: float, lat: float) -> tuple[float, float]:
    x, y = PROJ.forward_coords(np.array([[lon, lat]]))[0]
    return float(x), float(y)


def grid(holder_of, step: float = 0.1, lon0: float = 39.5, lat0: float = 34.5, n: int = 11) -> list[ControlPoint]:
    """Points every ``step`` degrees, held by ``holder_of(lon, lat)``."""
    return [
        ControlPoint(round(lon0 + i * step, 6), round(lat0 + j * step, 6), holder_of(lon0 + i * step, lat0 + j * step))
        for i in range(n)
        for j in range(n)
    ]


def holder_at(areas: dict, lon: float, lat: float) -> str | None:
    found = [h for h, g in areas.items() if g.contains(Point(lon, lat))]
    assert len(found) <= 1, f"areas overlap at {lon}, {lat}: {found}"
    return found[0] if found else None


# --- the rules, one by one ----------------------------------------------------------------------


def test_neighbours_are_the_delaunay_links_and_no_place_is_left_alone():
    square = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 11.0], [10.0, 11.0]])
    edges, triangles = neighbour_edges(square)
    assert len(triangles) == 2 and len(edges) == 5  # four sides and one diagonal
    assert set(np.unique(edges)) == {0, 1, 2, 3}
    line = np.array([[0.0, 0.0], [5.0, 0.0], [20.0, 0.0]])  # collinear: no triangle, nearest links only
    edges, triangles = neighbour_edges(line)
    assert len(triangles) == 0 and {tuple(e) for e in edges.tolist()} == {(0, 1), (1, 2)}
    assert neighbour_edges(np.array([[1.0, 2.0]]))[0].shape == (0, 2)


def test_reach_follows_local_density_within_its_bounds():
    village_grid = np.array([(x, y) for x in range(0, 20, 2) for y in range(0, 20, 2)], dtype=float)
    outpost = np.array([[80.0, 10.0]])
    xy = np.concatenate([village_grid, outpost])
    reach = local_reach(xy, neighbour_edges(xy)[0], RULES)
    assert reach[0] == RULES.min_reach_km  # 2 km spacing: the floor
    assert reach[-1] == pytest.approx(RULES.reach_factor * 62.0, rel=0.05)  # 62 km to the nearest village
    assert reach[-1] > 5 * reach[0]
    far = np.array([[0.0, 0.0], [500.0, 0.0]])
    assert local_reach(far, neighbour_edges(far)[0], RULES).tolist() == [RULES.max_reach_km] * 2
    assert local_reach(np.array([[0.0, 0.0]]), np.empty((0, 2), dtype=int), RULES).tolist() == [RULES.max_reach_km]


def test_an_enclave_is_a_place_none_of_whose_neighbours_its_side_holds():
    points = grid(lambda lon, lat: "b" if (round(lon, 3), round(lat, 3)) == (40.0, 35.0) else "a")
    xy = np.array([km(p.lon, p.lat) for p in points])
    lonely = enclave_sites([p.holder for p in points], neighbour_edges(xy)[0])
    assert [points[i].holder for i in np.flatnonzero(lonely)] == ["b"]
    halves = grid(lambda lon, lat: "a" if lon < 40.0 else "b")
    xy = np.array([km(p.lon, p.lat) for p in halves])
    assert not enclave_sites([p.holder for p in halves], neighbour_edges(xy)[0]).any()
    # A share: "b" with one of its five neighbours "b" is an enclave at 0.2, not at 0.
    star = np.array([[0.0, 0.0], [10.0, 0.0], [3.1, 9.5], [-8.1, 5.9], [-8.1, -5.9], [3.1, -9.5]])
    edges = np.array([[0, k] for k in range(1, 6)])
    assert enclave_sites(["b", "b", "a", "a", "a", "a"], edges, max_share=0.2)[0]
    assert not enclave_sites(["b", "b", "a", "a", "a", "a"], edges)[0]
    assert not enclave_sites(["b", "b", "b", "a", "a", "a"], edges, max_share=0.2)[0]
    assert len(star) == 6
    pair = np.array([[0.0, 0.0], [10.0, 0.0]])  # too few neighbours to call anyone an enclave
    assert not enclave_sites(["a", "b"], neighbour_edges(pair)[0]).any()


def test_triangles_of_neighbours_within_reach_are_filled():
    xy = np.array([[0.0, 0.0], [30.0, 0.0], [15.0, 26.0]])
    triangles = neighbour_edges(xy)[1]
    assert len(filled_triangles(xy, triangles, np.full(3, 20.0), RULES)) == 1  # 30 ≤ 20 + 20
    assert len(filled_triangles(xy, triangles, np.full(3, 14.0), RULES)) == 0  # 30 > 14 + 14


def test_a_cell_does_not_cross_a_barrier():
    # Two points west of a river on x = 0 and one far east of it: the land just east of the river
    # is nearest to the western point at (-2, 0), but belongs to the eastern one.
    xy = np.array([[-2.0, 0.0], [-2.0, 30.0], [40.0, 0.0]])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=box(-100, -100, 100, 100), ordered=True)
    )
    river = LineString([(0.0, -100.0), (0.0, 100.0)])
    pieces, owner, whole = split_at_barriers(cells, xy, river, search_km=100.0)
    assert whole.tolist() == [False] * 2 + [True] + [False] * 2 or whole.sum() < len(pieces)
    east_bank = Point(1.0, 0.0)
    assert owner[[i for i, p in enumerate(pieces) if p.contains(east_bank)]].tolist() == [2]
    assert shapely.area(shapely.union_all(pieces)) == pytest.approx(200.0 * 200.0)  # nothing lost
    pieces, owner, _ = split_at_barriers(cells, xy, river, search_km=10.0)  # nobody within reach east
    assert not any(p.contains(east_bank) for p in pieces)
    assert split_at_barriers(cells, xy, None, search_km=10.0)[1].tolist() == [0, 1, 2]


def test_clean_up_drops_empty_slivers_and_fills_small_unclaimed_holes():
    rules = TerritoryRules(min_part_km2=25.0, min_held_part_km2=1.0, max_hole_km2=500.0)
    big = box(0, 0, 100, 100)
    with_hole = big.difference(box(40, 40, 50, 50))  # a 100 km² unclaimed hole
    with_enclave = with_hole.difference(box(10, 10, 20, 20))  # a hole that "b" holds
    sliver = box(200, 0, 202, 2)  # 4 km², no place of "a" in it
    kept_sliver = box(300, 0, 302, 2)  # 4 km², holding a place of "a"
    areas = {"a": shapely.union_all([with_enclave, sliver, kept_sliver]), "b": box(10, 10, 20, 20)}
    sites = {"a": shapely.multipoints([(5, 5), (301, 1)]), "b": shapely.multipoints([(15, 15)])}
    cleaned = clean_areas(areas, sites, rules)
    assert cleaned["a"].contains(Point(45, 45))  # the hole is filled
    assert not cleaned["a"].intersects(Point(201, 1)) and cleaned["a"].contains(Point(301, 1))
    assert not cleaned["a"].contains(Point(15, 15)) and cleaned["b"].equals(box(10, 10, 20, 20))
    no_fill = clean_areas(areas, sites, TerritoryRules(min_held_part_km2=1.0, max_hole_km2=50.0))
    assert not no_fill["a"].contains(Point(45, 45))  # a hole of 100 km² is over the limit
    # a part holding a place but too small to see is dropped (its place's dot still shows it)
    assert not clean_areas(areas, sites, TerritoryRules(min_held_part_km2=5.0))["a"].intersects(Point(301, 1))


def test_a_crack_inside_one_sides_land_is_closed_and_no_other_sides_land_is_taken():
    left, right = box(0, 0, 50, 50), box(51, 0, 100, 50)  # 1 km apart
    areas = {"a": shapely.union(left, right), "b": box(40, 60, 60, 70)}
    closed = clean_areas(areas, {"a": shapely.multipoints([(25, 25), (75, 25)])}, TerritoryRules(crack_km=2.0))
    assert len(shapely.get_parts(closed["a"])) == 1 and closed["a"].contains(Point(50.5, 25))
    wide = clean_areas(areas, {"a": shapely.multipoints([(25, 25), (75, 25)])}, TerritoryRules(crack_km=0.5))
    assert len(shapely.get_parts(wide["a"])) == 2
    between = {"a": box(0, 0, 50, 50), "b": box(50.2, 0, 50.8, 50), "c": box(51, 0, 100, 50)}
    kept = clean_areas(between, {}, TerritoryRules(crack_km=2.0, min_part_km2=0.0))
    assert all(not kept[x].overlaps(kept[y]) for x in kept for y in kept if x < y)
    assert kept["b"].equals(between["b"])


def test_a_border_town_off_the_simplified_outline_stands_on_its_ground():
    clip_km = box(-50, -50, 50, 50)
    sites = shapely.points([(0.0, 0.0), (51.0, 0.0)])
    land = own_land(clip_km, sites, 3.0)
    assert land.contains(Point(51, 0)) and land.contains(Point(53.5, 0)) and not land.contains(Point(0, 60))
    assert own_land(clip_km, sites, 3.0, margin_km=1.5).contains(Point(-51.2, 0))
    assert own_land(clip_km, sites[:1], 3.0).equals(clip_km)


def test_rules_refuse_nonsense():
    with pytest.raises(ValueError):
        TerritoryRules(min_reach_km=50, max_reach_km=10)
    with pytest.raises(ValueError):
        TerritoryRules(fill_factor=0)


# --- the whole ----------------------------------------------------------------------------------


def test_land_between_places_one_side_holds_is_that_sides():
    # Three towns of "a" 50 km apart with empty land between them; 25 km discs leave the centre bare.
    towns = [ControlPoint(39.7, 34.8, "a"), ControlPoint(40.25, 34.8, "a"), ControlPoint(39.975, 35.2, "a")]
    areas = territory_areas(towns, CLIP)
    assert list(areas) == ["a"] and len(shapely.get_parts(areas["a"])) == 1
    assert holder_at(areas, 39.975, 34.93) == "a"  # the centre of the triangle
    assert len(shapely.get_parts(areas["a"])[0].interiors) == 0


def test_between_two_sides_the_nearer_place_decides():
    areas = territory_areas(grid(lambda lon, lat: "a" if lon < 40.02 else "b"), CLIP)
    assert holder_at(areas, 39.98, 35.0) == "a" and holder_at(areas, 40.07, 35.0) == "b"
    assert not areas["a"].overlaps(areas["b"]) and areas["a"].intersection(areas["b"]).area < 1e-12
    assert holder_at(areas, 39.5, 36.5) is None  # far beyond everyone's reach


def test_a_desert_outpost_claims_more_than_a_village_among_villages():
    villages = grid(lambda lon, lat: "a", step=0.03, lon0=39.0, lat0=34.0)
    outpost = ControlPoint(41.5, 34.0, "b")  # about 200 km from the villages
    areas = territory_areas([*villages, outpost], CLIP)
    outpost_km2, village_km2 = area_km2(areas["b"]), area_km2(areas["a"]) / len(villages)
    assert outpost_km2 > 50 * village_km2
    assert holder_at(areas, 41.5, 34.6) == "b"  # 67 km out


def test_an_enclave_keeps_its_own_ground_and_the_rest_goes_to_the_side_around_it():
    points = grid(
        lambda lon, lat: "b" if (round(lon, 3), round(lat, 3)) == (40.0, 35.0) else "a",
        step=0.25,
        lon0=39.0,
        lat0=34.0,
        n=9,
    )
    areas = territory_areas(points, CLIP)
    assert holder_at(areas, 40.0, 35.0) == "b"
    # Half the way to its nearest neighbour (about 25 km away), at most enclave_reach_km.
    assert area_km2(areas["b"]) == pytest.approx(np.pi * RULES.enclave_reach_km**2, rel=0.05)
    assert holder_at(areas, 40.07, 35.0) == "a"  # 6 km out: nearer "b", but "a" land around it


def test_a_besieged_pocket_is_drawn_whole():
    def held(lon: float, lat: float) -> str:
        return "b" if (round(lon, 3), round(lat, 3)) == (40.0, 35.0) else "a"

    points = grid(held, step=0.25, lon0=39.0, lat0=34.0, n=9)
    besieged = [ControlPoint(p.lon, p.lat, p.holder, besieged_by=("a",)) if p.holder == "b" else p for p in points]
    areas = territory_areas(besieged, CLIP)
    assert holder_at(areas, 40.07, 35.0) == "b"  # its whole cell, not 4 km of it
    assert area_km2(areas["b"]) > 10 * np.pi * RULES.enclave_reach_km**2


def test_a_river_carries_the_front():
    # "a" holds the west bank, "b" the east bank; the nearest "a" town is closer to the east bank
    # than any "b" town, but the river is a barrier.
    river = LineString([(40.0, 32.0), (40.0, 38.0)])  # across the whole clip
    west = [ControlPoint(39.98, 34.8 + 0.1 * i, "a") for i in range(5)]
    east = [ControlPoint(40.12, 34.8 + 0.1 * i, "b") for i in range(5)]
    without = territory_areas([*west, *east], CLIP)
    assert holder_at(without, 40.03, 35.0) == "a"
    barred = territory_areas([*west, *east], CLIP, barriers=[river])
    assert holder_at(barred, 40.03, 35.0) == "b" and holder_at(barred, 39.99, 35.0) == "a"


def test_the_border_between_two_countries_is_the_stretch_where_their_outlines_meet():
    west, east = box(38.0, 33.0, 40.0, 37.0), box(40.004, 33.5, 42.0, 36.0)  # 0.004 degrees apart
    border = shared_borders([west, east])
    assert border is not None and border.geom_type == "MultiLineString"
    # along the east country's side only (33.5 to 36), not the west one's whole outline, each
    # end carried on 0.1 degrees so it crosses the land's edge
    assert border.length == pytest.approx(2.5 + 2 * 0.1, abs=0.05)
    assert border.distance(Point(40.0, 33.39)) < 0.01 and border.distance(Point(40.0, 36.11)) < 0.01
    assert border.distance(Point(40.0, 35.0)) < 0.01 and border.distance(Point(40.0, 36.5)) > 0.3
    assert shared_borders([west]) is None and shared_borders([west, box(41.0, 33.0, 42.0, 34.0)]) is None


def test_a_country_border_carries_the_front_as_a_river_does():
    # "iq" towns stand east of the border, "sy" ones further west of it: without the border the
    # Iraqi towns' land reaches into Syria; with it, the Syrian side goes to the Syrian towns.
    syria, iraq = box(38.0, 33.0, 40.0, 37.0), box(40.0, 33.0, 42.0, 37.0)
    clip = prepare_clip([shapely.geometry.mapping(syria), shapely.geometry.mapping(iraq)])
    iraqi = [ControlPoint(40.05, 34.8 + 0.1 * i, "iq") for i in range(5)]
    syrian = [ControlPoint(39.75, 34.8 + 0.1 * i, "sy") for i in range(5)]
    without = territory_areas([*iraqi, *syrian], clip)
    assert holder_at(without, 39.95, 35.0) == "iq"
    barred = territory_areas([*iraqi, *syrian], clip, barriers=[shared_borders([syria, iraq])])
    assert holder_at(barred, 39.95, 35.0) == "sy" and holder_at(barred, 40.02, 35.0) == "iq"


def test_same_input_in_any_order_gives_identical_areas():
    rng = random.Random(3)
    points = [
        ControlPoint(round(rng.uniform(39, 41), 4), round(rng.uniform(34, 36), 4), rng.choice("abc"))
        for _ in range(300)
    ]
    first = territory_areas(points, CLIP)
    shuffled = points[:]
    rng.shuffle(shuffled)
    again = territory_areas(shuffled, CLIP)
    assert {h: g.wkt for h, g in first.items()} == {h: g.wkt for h, g in again.items()}
    assert all(g.is_valid for g in first.values())


def test_empty_and_degenerate_input():
    assert territory_areas([], CLIP) == {}
    assert territory_areas([ControlPoint(40.0, 35.0, "")], CLIP) == {}
    assert territory_areas([ControlPoint(40.0, 35.0, "a")], shapely.Polygon()) == {}
    lone = territory_areas([ControlPoint(40.0, 35.0, "a")], CLIP)
    assert area_km2(lone["a"]) == pytest.approx(np.pi * RULES.max_reach_km**2, rel=0.02)


# --- real data ----------------------------------------------------------------------------------

HOLDERS = ("government", "rebels", "sdf", "hts", "isis", "turkey")


@pytest.mark.parametrize("name", ["wikipedia_syria_detailed_map.tsv", "wikipedia_iraq_detailed_map.tsv"])
def test_held_out_localities_fall_in_their_holders_area_as_often_as_nearest_neighbour(name):
    """A tenth of the localities held out (fixed seed): the areas of the rest put each in its
    holder's area at least as often as the nearest known place's holder (1-NN) or the majority
    of the five nearest (5-NN), and nearly always inside some area."""
    path = shared_path("data", "control", name)
    boundaries = shared_path("data", "gazetteer", "boundaries", "ne_10m_admin_0_countries_deu_sy_iq.geojson")
    import json

    clip = prepare_clip([f["geometry"] for f in json.loads(boundaries.read_text())["features"]])
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    localities = [i for i, r in enumerate(rows) if r["kind"] == "pog" and r["controller"] in HOLDERS]
    held = set(random.Random(14).sample(localities, len(localities) // 10))
    train = [
        ControlPoint(float(r["lon"]), float(r["lat"]), r["controller"])
        for i, r in enumerate(rows)
        if i not in held and r["controller"] in HOLDERS
    ]
    areas = territory_areas(train, clip)
    tests = [rows[i] for i in sorted(held)]
    txy = np.array([(float(r["lon"]), float(r["lat"])) for r in tests])
    truth = np.array([r["controller"] for r in tests])
    found = np.array([holder_at(areas, x, y) or "" for x, y in txy])
    known = np.array([(p.lon, p.lat) for p in train])
    held_by = np.array([p.holder for p in train])
    order = np.argsort((((txy[:, None] - known[None]) * [np.cos(np.radians(35)), 1]) ** 2).sum(-1), axis=1)
    nn1 = np.mean(held_by[order[:, 0]] == truth)
    nn5 = np.mean([Counter(held_by[o[:5]].tolist()).most_common(1)[0][0] == t for o, t in zip(order, truth)])
    assert np.mean(found != "") >= 0.99
    assert np.mean(found == truth) >= max(nn1, nn5)
