"""Areas of control that read as territory: from dated control points to each side's land.

Pure and deterministic (no Django, no database, no randomness); lon/lat in and out, every
distance in kilometres through ``geometry.LocalProjection``. ``territory_areas`` applies these
rules, each a function of its own:

1. **Neighbours** (``neighbour_edges``): places are linked to their natural neighbours (the
   Delaunay triangulation, plus each place's nearest one so no place is left alone).
2. **Reach follows density** (``local_reach``): a place reaches ``reach_factor`` times the median
   length of its links, within [``min_reach_km``, ``max_reach_km``]: a desert outpost far from
   everything claims more than a village among villages.
3. **Land between places is held** (``filled_triangles``): a triangle of neighbours is claimed
   whole when each of its sides is within ``fill_factor`` times the two corners' reaches; so the
   land between towns one side holds is that side's, with no gaps between discs.
4. **Nearest place decides** (Voronoi cells): every claimed spot belongs to the side of the
   nearest place, so between two sides the border runs half-way.
5. **Enclaves stay small** (``linked``, ``enclave_sites``): a place with at least
   ``enclave_neighbours`` natural neighbours within reach, at most ``enclave_share`` of them
   held by its side, is an enclave (an isolated village inside another side's land). It keeps
   ``enclave_factor`` × the distance to its nearest neighbour around it (at most
   ``enclave_reach_km``), and the rest of its cell goes to the places around it, as a reader
   draws such a village; its dot stays on the map. A besieged place is no enclave: its pocket is
   drawn whole, inside its siege ring.
6. **Rivers and borders are barriers** (``split_at_barriers``): a cell does not cross a barrier
   line (the Euphrates, the Tigris: ``MAP_AREA_BARRIER_RIVERS``; the border between two countries
   of the map, ``shared_borders``, with ``MAP_AREA_BARRIER_BORDERS``); the part beyond goes to
   the nearest place on that side, within ``max_reach_km``, or stays unclaimed. So an Iraqi
   town's land ends at the Syrian border and the Syrian side goes to the Syrian places near it.
7. **Clean-up** (``clean_areas``): cracks narrower than ``crack_km`` inside a side's land (where
   two reaches or a reach and a filled triangle just miss each other) are closed, so one side's
   land is one part where a reader sees one; parts smaller than ``min_part_km2`` holding no place
   of their side are dropped, and so are parts under ``min_held_part_km2`` holding one (too small
   to see but at street level; their places' dots still show them), and unclaimed holes smaller than ``max_hole_km2`` are filled by the side
   around them. Enclaves and the parts holding a place are always kept (contested places and
   besieged ones stay visible, with their dots and siege rings drawn above).

The areas of different sides never overlap; their shared borders come from the same Voronoi
edges, so ``geometry.front_lines`` finds the fronts between them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from .geometry import (
    QUAD_SEGS,
    ControlPoint,
    FloatArray,
    GeometryArray,
    LocalProjection,
    _area_projection,
    _merge_points,
    _polygonal,
    _projected_clip,
    _voronoi_cells,
)

#: Claimed land is snapped to this grid (km, 10 cm) so cells cut and whole dissolve without slivers.
SNAP_KM = 1e-4

__all__ = [
    "TerritoryRules",
    "clean_areas",
    "close_cracks",
    "enclave_sites",
    "filled_triangles",
    "linked",
    "local_reach",
    "neighbour_edges",
    "own_land",
    "shared_borders",
    "split_at_barriers",
    "territory_areas",
]


@dataclass(frozen=True)
class TerritoryRules:
    """The knobs of ``territory_areas`` (``MAP_AREA_*`` in settings; see the module docstring)."""

    reach_factor: float = 1.5
    min_reach_km: float = 8.0
    max_reach_km: float = 100.0
    fill_factor: float = 1.0
    enclave_reach_km: float = 4.0
    enclave_neighbours: int = 4
    enclave_share: float = 0.2
    enclave_factor: float = 0.5
    min_part_km2: float = 50.0
    min_held_part_km2: float = 5.0
    max_hole_km2: float = 500.0
    own_ground_km: float = 3.0
    clip_margin_km: float = 1.5
    crack_km: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.min_reach_km <= self.max_reach_km:
            raise ValueError("need 0 < min_reach_km <= max_reach_km")
        if min(self.reach_factor, self.fill_factor, self.enclave_reach_km) <= 0:
            raise ValueError("reach_factor, fill_factor and enclave_reach_km must be positive")
        if min(self.min_part_km2, self.max_hole_km2) < 0:
            raise ValueError("min_part_km2 and max_hole_km2 cannot be negative")


# --- rules --------------------------------------------------------------------------------------


def neighbour_edges(xy: FloatArray) -> tuple[np.ndarray, np.ndarray]:
    """(edges, triangles) of distinct points ``xy`` (km): the sorted, unique index pairs of the
    Delaunay triangulation plus each point's nearest other point, and the (m, 3) index triples
    of the Delaunay triangles (none when the points are collinear or fewer than three)."""
    n = len(xy)
    if n < 2:
        return np.empty((0, 2), dtype=np.intp), np.empty((0, 3), dtype=np.intp)
    sites = shapely.points(xy)
    tree = shapely.STRtree(sites)
    triangles = shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(xy)))
    corners = shapely.get_coordinates(triangles).reshape(-1, 4, 2)[:, :3].reshape(-1, 2)
    # Each corner is one of the (distinct) points: find which, in C.
    which, found = tree.query(shapely.points(corners), predicate="intersects")
    index = np.full(len(corners), -1, dtype=np.intp)
    index[which] = found
    if (index < 0).any():
        raise RuntimeError("a Delaunay corner is none of the points")
    tri = index.reshape(-1, 3)
    near = tree.query_nearest(sites, exclusive=True, all_matches=False)
    pairs = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [0, 2]], near.T])
    edges = np.unique(np.sort(pairs, axis=1), axis=0)
    return edges, tri


def local_reach(xy: FloatArray, edges: np.ndarray, rules: TerritoryRules) -> FloatArray:
    """How far each point claims land (km): ``reach_factor`` × the median length of its
    neighbour edges, within [min_reach_km, max_reach_km]; max_reach_km for a point alone."""
    reach = np.full(len(xy), rules.max_reach_km)
    if not len(edges):
        return reach
    lengths = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    ends = np.concatenate([edges[:, 0], edges[:, 1]])
    both = np.concatenate([lengths, lengths])
    order = np.lexsort((both, ends))
    ends, both = ends[order], both[order]
    starts = np.searchsorted(ends, np.arange(len(xy)))
    count = np.searchsorted(ends, np.arange(len(xy)), side="right") - starts
    has = count > 0  # each point's lengths are sorted: its median is the middle one (or two)
    middle = (both[(starts + (count - 1) // 2)[has]] + both[(starts + count // 2)[has]]) / 2
    reach[has] = rules.reach_factor * middle
    return np.clip(reach, rules.min_reach_km, rules.max_reach_km)


def enclave_sites(
    holders: Sequence[str], edges: np.ndarray, *, min_neighbours: int = 3, max_share: float = 0.0
) -> np.ndarray:
    """A boolean per point: it has at least ``min_neighbours`` neighbours and at most
    ``max_share`` of them (none, by default) are held by its holder (an isolated village inside
    another side's land)."""
    n = len(holders)
    held = np.array(holders, dtype=object)
    degree = np.zeros(n, dtype=int)
    same = np.zeros(n, dtype=int)
    if len(edges):
        np.add.at(degree, edges.ravel(), 1)
        alike = (held[edges[:, 0]] == held[edges[:, 1]]).astype(int)
        np.add.at(same, edges[:, 0], alike)
        np.add.at(same, edges[:, 1], alike)
    result: np.ndarray = (degree >= min_neighbours) & (same <= max_share * degree)
    return result


def linked(xy: FloatArray, edges: np.ndarray, reach: FloatArray, rules: TerritoryRules) -> np.ndarray:
    """The neighbour edges (a, b) no longer than ``fill_factor`` × (reach[a] + reach[b]): places
    near enough to share land (a desert outpost 200 km from the next town is linked to none)."""
    if not len(edges):
        return edges
    lengths = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    near: np.ndarray = edges[lengths <= rules.fill_factor * (reach[edges[:, 0]] + reach[edges[:, 1]])]
    return near


def filled_triangles(xy: FloatArray, triangles: np.ndarray, reach: FloatArray, rules: TerritoryRules) -> GeometryArray:
    """The Delaunay triangles (km polygons) whose every side (a, b) is at most
    ``fill_factor`` × (reach[a] + reach[b]) long: land between neighbours, claimed whole."""
    if not len(triangles):
        return np.empty(0, dtype=object)
    ok = np.ones(len(triangles), dtype=bool)
    for a, b in ((0, 1), (1, 2), (0, 2)):
        ia, ib = triangles[:, a], triangles[:, b]
        ok &= np.hypot(*(xy[ia] - xy[ib]).T) <= rules.fill_factor * (reach[ia] + reach[ib])
    kept = triangles[ok]
    rings = np.concatenate([xy[kept], xy[kept[:, :1]]], axis=1)
    polygons: GeometryArray = shapely.polygons(rings)
    return polygons


def own_land(
    clip_km: BaseGeometry,
    sites: GeometryArray,
    own_ground_km: float,
    *,
    margin_km: float = 0.0,
    quad_segs: int = QUAD_SEGS,
) -> BaseGeometry:
    """The land areas may cover (km): the clip outline widened by ``margin_km`` (the outline is
    simplified to about a kilometre), plus ``own_ground_km`` around every place, so a border
    town the simplified outline cuts off still stands on its holder's ground."""
    if margin_km > 0:
        clip_km = _polygonal(shapely.buffer(clip_km, margin_km, quad_segs=2, join_style="mitre"))
    if own_ground_km <= 0 or not len(sites):
        return clip_km
    grounds = shapely.buffer(sites, own_ground_km, quad_segs=quad_segs)
    outside = ~shapely.within(grounds, clip_km)
    if not outside.any():
        return clip_km
    return _polygonal(shapely.union(clip_km, shapely.union_all(grounds[outside])))


def shared_borders(
    countries: Sequence[BaseGeometry], tolerance: float = 0.02, extend: float = 0.1
) -> BaseGeometry | None:
    """The borders between neighbouring countries (lon/lat), as one MultiLineString: for each pair,
    the stretch of the first one's outline within ``tolerance`` degrees of the second, each end
    carried on ``extend`` degrees the way the line runs there, so that it crosses the land's
    edge however the outline was widened or simplified (a barrier that ends inside a cell does
    not cut it). Outlines that do not meet exactly (simplified, or from different sources) still
    give one line along their border; the outer frontier of the whole is no border here. None
    when no two meet."""
    shapes = [g for g in countries if g is not None and not g.is_empty]
    lines = []
    for i, first in enumerate(shapes):
        outline = shapely.boundary(first)
        for second in shapes[i + 1 :]:
            part = shapely.intersection(outline, shapely.buffer(second, tolerance, quad_segs=2))
            lines += [g for g in shapely.get_parts(part) if isinstance(g, shapely.LineString) and g.length > 0]
    if not lines:
        return None
    merged = shapely.line_merge(shapely.union_all(np.array(lines, dtype=object)))
    return shapely.multilinestrings([_extended(line, extend) for line in shapely.get_parts(merged)])


def _extended(line: BaseGeometry, by: float) -> BaseGeometry:
    """The line with each end carried on ``by`` along its last stretch (the direction from the
    point ``by`` back along the line to the end)."""
    coords = shapely.get_coordinates(line)
    if by <= 0 or len(coords) < 2 or line.length == 0:
        return line
    ends = []
    for end, inner in (
        (coords[0], line.interpolate(min(by, line.length))),
        (coords[-1], line.interpolate(max(line.length - by, 0.0))),
    ):
        direction = end - np.array(inner.coords[0])
        norm = float(np.hypot(*direction))
        ends.append(end + direction / norm * by if norm > 0 else end)
    return shapely.linestrings(np.vstack([ends[0], coords, ends[1]]))


def split_at_barriers(
    cells: GeometryArray,
    xy: FloatArray,
    barriers: BaseGeometry | None,
    search_km: float,
    *,
    land: BaseGeometry | None = None,
) -> tuple[GeometryArray, np.ndarray, np.ndarray]:
    """(pieces, owner, whole): the cells cut along the barrier lines (km). The piece of a cell holding
    its point keeps it; a piece beyond a barrier goes to the nearest point (within
    ``search_km``) that the barrier does not separate from it, or is dropped when there is none.
    A cell the barrier crosses is first cut to ``land`` (when given): a river that ends at the
    border then still divides the cells along it. A line ending inside a cell does not cut it.
    ``whole`` tells the cells left as they were (they still form a coverage) from the pieces."""
    owner = np.arange(len(cells))
    if barriers is None or barriers.is_empty or not len(cells):
        return cells, owner, np.ones(len(cells), dtype=bool)
    shapely.prepare(barriers)
    crossed = np.flatnonzero(shapely.intersects(cells, barriers))
    if not len(crossed):
        return cells, owner, np.ones(len(cells), dtype=bool)
    sites = shapely.points(xy)
    tree = shapely.STRtree(sites)
    keep = np.ones(len(cells), dtype=bool)
    keep[crossed] = False
    pieces, owners = [cells[keep]], [owner[keep]]
    for i in crossed.tolist():
        cell = _polygonal(shapely.intersection(cells[i], land)) if land is not None else cells[i]
        rings = shapely.get_parts(shapely.boundary(shapely.get_parts(cell)))
        # The barrier a little beyond the cell, so it surely crosses the border (stubs outside
        # are dangles polygonize ignores).
        across = shapely.intersection(barriers, shapely.buffer(cell, 0.01, quad_segs=1))
        lines = shapely.node(shapely.union(shapely.multilinestrings(rings), across))
        parts = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
        parts = parts[shapely.within(shapely.point_on_surface(parts), cell)]
        for part in parts:
            if shapely.intersects(part, sites[i]) or not _crosses(barriers, xy[i], part):
                pieces.append(np.array([part], dtype=object))
                owners.append(np.array([i]))
                continue
            anchor = shapely.point_on_surface(part)
            near = tree.query(anchor, predicate="dwithin", distance=search_km)
            near = near[np.argsort(shapely.distance(sites[near], anchor), kind="stable")]
            for j in near.tolist():
                if not _crosses(barriers, xy[j], part):
                    pieces.append(np.array([part], dtype=object))
                    owners.append(np.array([j]))
                    break
    whole = np.zeros(sum(len(p) for p in pieces), dtype=bool)
    whole[: int(keep.sum())] = True
    return np.concatenate(pieces), np.concatenate(owners), whole


def _crosses(barriers: BaseGeometry, site: FloatArray, part: BaseGeometry) -> bool:
    """Whether the segment from ``site`` to a point inside ``part`` crosses a barrier line."""
    anchor = shapely.get_coordinates(shapely.point_on_surface(part))[0]
    return bool(shapely.intersects(barriers, shapely.linestrings([site, anchor])))


def close_cracks(areas: dict[str, BaseGeometry], width_km: float) -> dict[str, BaseGeometry]:
    """Each side's area (km) with the gaps narrower than ``width_km`` inside it filled (a
    morphological closing), where no other side's area is (nor within a metre of it): parts of one side that nearly touch
    become one. Gaps as wide or wider, and other sides' land, are left as they are."""
    if width_km <= 0 or len(areas) == 0:
        return areas
    half = width_km / 2
    closed = dict(areas)  # sides already closed count with what they gained: no two gain one spot
    for holder in sorted(areas):
        area = areas[holder]
        grown = shapely.buffer(area, half, quad_segs=2, join_style="mitre")
        gained = shapely.difference(_polygonal(shapely.buffer(grown, -half, quad_segs=2, join_style="mitre")), area)
        others = [g for h, g in closed.items() if h != holder]
        if others and not gained.is_empty:  # kept a metre off other sides' land: overlays never overlap
            taken = shapely.buffer(shapely.union_all(np.array(others, dtype=object)), 0.001, quad_segs=1)
            gained = shapely.difference(gained, taken)
        gained = _polygonal(gained)
        if not gained.is_empty:
            closed[holder] = _polygonal(shapely.union(area, gained))
    return {h: closed[h] for h in areas}


def clean_areas(
    areas: dict[str, BaseGeometry], sites: dict[str, BaseGeometry], rules: TerritoryRules
) -> dict[str, BaseGeometry]:
    """Areas (km) with their cracks narrower than ``crack_km`` closed (``close_cracks``), without
    the parts under ``min_part_km2`` that hold none of their side's ``sites`` (a MultiPoint per
    holder) and those under ``min_held_part_km2`` that do, and with the unclaimed holes under ``max_hole_km2`` (not covered by any side) filled
    by the side they are a hole of."""
    areas = close_cracks(areas, rules.crack_km)
    kept: dict[str, BaseGeometry] = {}
    for holder, area in areas.items():
        parts = shapely.get_parts(_polygonal(area))
        own = sites.get(holder)
        holds = shapely.intersects(parts, own) if own is not None else np.zeros(len(parts), dtype=bool)
        size = shapely.area(parts)
        parts = parts[(holds & (size >= rules.min_held_part_km2)) | (size >= rules.min_part_km2)]
        if len(parts):
            kept[holder] = _polygonal(shapely.multipolygons(parts)) if len(parts) > 1 else parts[0]
    if rules.max_hole_km2 <= 0 or not kept:
        return kept
    everything = shapely.union_all(np.array(list(kept.values()), dtype=object))
    filled: dict[str, BaseGeometry] = {}
    for holder, area in kept.items():
        holes = [shapely.Polygon(ring) for part in shapely.get_parts(area) for ring in part.interiors]
        small = [h for h in holes if h.area < rules.max_hole_km2]
        if small:
            gap = shapely.difference(shapely.union_all(np.array(small, dtype=object)), everything)
            area = _polygonal(shapely.union(area, _polygonal(gap))) if not gap.is_empty else area
        filled[holder] = area
    return filled


# --- the whole ----------------------------------------------------------------------------------


def territory_areas(
    points: Sequence[ControlPoint],
    clip: BaseGeometry | None,
    rules: TerritoryRules | None = None,
    *,
    barriers: BaseGeometry | Iterable[BaseGeometry] | None = None,
    quad_segs: int = QUAD_SEGS,
) -> dict[str, BaseGeometry]:
    """Each holder's territory, as {holder: Polygon or MultiPolygon in lon/lat}, sorted by holder.

    ``clip``: the land (lon/lat; ``prepare_clip``), or None; ``barriers``: lon/lat lines no cell
    crosses (rivers), or None. Points without a holder are ignored; points at one spot count as
    one, held by the majority (ties to the first name). The same input in any order gives the
    same geometries; areas of different holders do not overlap.
    """
    rules = rules or TerritoryRules()
    if clip is not None and clip.is_empty:
        return {}
    if clip is not None and not clip.is_valid:
        clip = _polygonal(shapely.make_valid(clip))
    points = list(points)
    projection = _area_projection(points, clip)
    if projection is None:
        return {}
    xy, holders = _merge_points(points, projection)
    if not holders:
        return {}
    clip_km = _projected_clip(clip, projection) if clip is not None else None
    barrier_km = _barrier_lines(barriers, projection)

    edges, triangles = neighbour_edges(xy)
    reach = local_reach(xy, edges, rules)
    cells = _cells(xy, clip_km, rules.max_reach_km)
    sites = shapely.points(xy)
    claimed = _claimed(cells, xy, sites, reach, filled_triangles(xy, triangles, reach, rules), quad_segs)
    if clip_km is not None:
        land = own_land(clip_km, sites, rules.own_ground_km, margin_km=rules.clip_margin_km, quad_segs=quad_segs)
        claimed = shapely.intersection(claimed, land)
    shapely.prepare(claimed)

    held = np.array(holders, dtype=object)
    near = linked(xy, edges, reach, rules)
    lonely = enclave_sites(holders, near, min_neighbours=rules.enclave_neighbours, max_share=rules.enclave_share)
    lonely &= ~_besieged(points, xy, projection)  # a besieged pocket is drawn whole, with its ring
    nearest = np.full(len(xy), np.inf)
    if len(edges):
        lengths = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
        np.minimum.at(nearest, edges[:, 0], lengths)
        np.minimum.at(nearest, edges[:, 1], lengths)
    patch_km = np.minimum(rules.enclave_reach_km, rules.enclave_factor * nearest)
    patches = shapely.intersection(
        cells[lonely],
        shapely.buffer(sites[lonely], patch_km[lonely], quad_segs=quad_segs),
    )
    anchors = np.flatnonzero(~lonely)
    areas: dict[str, BaseGeometry] = {}
    if len(anchors):
        anchor_cells = _cells(xy[anchors], clip_km, rules.max_reach_km)
        pieces, owner, whole = split_at_barriers(
            anchor_cells, xy[anchors], barrier_km, rules.max_reach_km, land=claimed
        )
        piece_holder = held[anchors][owner]
        patch_union = shapely.union_all(patches) if len(patches) else None
        for holder in sorted(set(piece_holder.tolist())):
            mine = piece_holder == holder
            own = _dissolve(pieces[mine & whole])
            if (mine & ~whole).any():  # pieces cut at a barrier match no neighbour vertex for vertex
                own = shapely.union(own, shapely.union_all(pieces[mine & ~whole]))
            area = shapely.intersection(own, claimed)
            if patch_union is not None:
                area = shapely.difference(area, patch_union)
            areas[holder] = _polygonal(area)
    for holder in sorted(set(held[lonely].tolist())):
        mine = _polygonal(shapely.intersection(shapely.union_all(patches[held[lonely] == holder]), claimed))
        areas[holder] = _polygonal(shapely.union(areas[holder], mine)) if holder in areas else mine

    by_holder = {h: shapely.multipoints(xy[held == h]) for h in sorted(set(holders))}
    cleaned = clean_areas({h: g for h, g in areas.items() if not g.is_empty}, by_holder, rules)
    result = {h: _valid(projection.inverse(_valid(g))) for h, g in sorted(cleaned.items()) if not g.is_empty}
    return {h: g for h, g in result.items() if not g.is_empty}


def _besieged(points: Sequence[ControlPoint], xy: FloatArray, projection: LocalProjection) -> np.ndarray:
    """A boolean per distinct location ``xy``: some point there is besieged."""
    sieges = [p for p in points if p.besieged_by and p.holder and math.isfinite(p.lon) and math.isfinite(p.lat)]
    found = np.zeros(len(xy), dtype=bool)
    if sieges:
        spots = {tuple(c) for c in projection.forward_coords(np.array([(p.lon, p.lat) for p in sieges])).tolist()}
        found[[i for i, c in enumerate(xy.tolist()) if tuple(c) in spots]] = True
    return found


def _valid(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry, repaired when overlays or the projection left it invalid (a self-touching
    ring), without the needle-thin parts a repair can split off (under a millionth of the
    largest part)."""
    if geometry.is_valid:
        return geometry
    repaired = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    parts = shapely.get_parts(shapely.get_parts(repaired))
    parts = parts[shapely.get_type_id(parts) == 3]  # polygons
    if len(parts) > 1:
        sizes = shapely.area(parts)
        parts = parts[sizes >= 1e-6 * sizes.max()]
    return _polygonal(shapely.multipolygons(parts))


def _barrier_lines(
    barriers: BaseGeometry | Iterable[BaseGeometry] | None, projection: LocalProjection
) -> BaseGeometry | None:
    """The barrier lines in km, as one (Multi)LineString (None if there are none)."""
    if barriers is None:
        return None
    lines = [barriers] if isinstance(barriers, BaseGeometry) else list(barriers)
    lines = [g for g in lines if g is not None and not g.is_empty]
    if not lines:
        return None
    merged = projection.forward(shapely.segmentize(shapely.union_all(np.array(lines, dtype=object)), 0.05))
    return None if merged.is_empty else merged


def _dissolve(polygons: GeometryArray) -> BaseGeometry:
    """The union of polygons that tile without overlap: the fast coverage union, or the general
    one when GEOS finds the pieces not exactly noded (Voronoi vertices off by rounding)."""
    try:
        return shapely.coverage_union_all(polygons)
    except shapely.errors.GEOSException:
        return shapely.union_all(polygons)


def _cells(xy: FloatArray, clip_km: BaseGeometry | None, margin_km: float) -> GeometryArray:
    """The Voronoi cell of each point (km), filling a frame around the points and the clip; one
    point's cell is the whole frame."""
    if len(xy) > 1:
        return _voronoi_cells(xy, clip_km, margin_km)[0]
    bounds = np.concatenate([xy.min(axis=0), xy.max(axis=0)])
    if clip_km is not None:
        cb = np.array(clip_km.bounds)
        bounds = np.concatenate([np.minimum(bounds[:2], cb[:2]), np.maximum(bounds[2:], cb[2:])])
    frame = shapely.box(*(bounds + np.array([-1, -1, 1, 1]) * (margin_km + 10.0)))
    return np.array([frame], dtype=object)


def _claimed(
    cells: GeometryArray,
    xy: FloatArray,
    sites: GeometryArray,
    reach: FloatArray,
    triangles: GeometryArray,
    quad_segs: int,
) -> BaseGeometry:
    """The claimed land (km): every cell cut to its own point's reach, plus the filled triangles.
    A cell whose vertices all lie inside the reach polygon's inner radius is taken whole."""
    coords, owner = shapely.get_coordinates(cells, return_index=True)
    far = np.zeros(len(cells))
    np.maximum.at(far, owner, np.hypot(*(coords - xy[owner]).T))
    inside = far < reach * math.cos(math.pi / (4 * quad_segs)) * (1 - 1e-9)
    cut = shapely.intersection(cells[~inside], shapely.buffer(sites[~inside], reach[~inside], quad_segs=quad_segs))
    parts = [shapely.coverage_union_all(cells[inside]), shapely.union_all(cut)]
    if len(triangles):
        parts.append(shapely.coverage_union_all(triangles))
    return _polygonal(shapely.union_all(np.array(parts, dtype=object), grid_size=SNAP_KM))
