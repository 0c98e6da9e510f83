"""Areas of control, front lines, changes and sieges from dated control points.

Pure and deterministic: no Django, no database, no randomness. Inputs and outputs are in
lon/lat (WGS84 degrees); every distance, area and buffer is computed in kilometres in a local
azimuthal equidistant projection on the sphere (``LocalProjection``), which over Syria and
Iraq (about 1,300 km across) distorts lengths and areas by well under 1 %.

How the areas are built (``control_areas``):

1. points without a holder or with non-finite coordinates are dropped; points at the same
   spot are merged into one, its holder chosen by majority, ties going to the first name;
2. the Voronoi diagram of the remaining points gives every point the land nearer to it than
   to any other point (its cell);
3. the claimed land is the union of the discs of ``cap_km`` around the points (so empty desert
   far from any point stays unclaimed), cut to the clip outline;
4. each holder's area is the coverage union of its cells, cut to the claimed land: exactly the
   union of its cells each cut to its own disc and to the clip. Neighbouring holders share their
   border vertex for vertex (the areas form a polygonal coverage; checked on the real 2017 data
   with ``shapely.coverage_is_valid``), so fronts are found exactly and the areas can be
   simplified together without gaps.

The clip outline is used as given; simplify it once with ``prepare_clip`` (cheap, and it keeps
the areas' outer borders light). The projection is centred on the clip's bounding box, so two
dates computed with the same clip use the same projection and unchanged borders come out
identical (``changed_areas`` then finds no spurious slivers).

GeoJSON: ``areas_to_geojson``, ``fronts_to_geojson``, ``changes_to_geojson``,
``rings_to_geojson``, or ``to_geojson`` for any of them.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = [
    "Change",
    "ControlPoint",
    "FrontLine",
    "LocalProjection",
    "Ring",
    "area_km2",
    "areas_to_geojson",
    "changed_areas",
    "changes_to_geojson",
    "control_areas",
    "front_lines",
    "fronts_to_geojson",
    "length_km",
    "prepare_clip",
    "rings_to_geojson",
    "siege_rings",
    "to_geojson",
]

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
QUAD_SEGS = 8  # segments per quarter circle for discs and rings: 32-gons, round at map scale
MAX_EDGE_DEGREES = 0.05  # clip edges are split to this before projection (bowing under 1 m)
_POLYGON = 3  # shapely type ids
_LINESTRING = 1

#: An (n, 2) array of coordinates, and an array of shapely geometries.
type FloatArray = NDArray[np.float64]
type GeometryArray = NDArray[np.object_]
#: A FeatureCollection (or Feature) as a JSON-ready dict.
type GeoJSON = dict[str, Any]


@dataclass(frozen=True)
class ControlPoint:
    """One place and who holds it at some date. ``besieged_by`` names the sides besieging it."""

    lon: float
    lat: float
    holder: str
    place_id: int | None = None
    besieged_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrontLine:
    """The border between the areas of ``a`` and ``b`` (``a < b``), lon/lat, and its length."""

    a: str
    b: str
    geometry: BaseGeometry  # LineString or MultiLineString
    length_km: float


@dataclass(frozen=True)
class Change:
    """Land held by ``loser`` before and by ``gainer`` after. ``loser == ""``: the land was
    unclaimed before (newly claimed); ``gainer == ""``: it is unclaimed after (abandoned)."""

    gainer: str
    loser: str
    geometry: BaseGeometry  # Polygon or MultiPolygon
    area_km2: float


@dataclass(frozen=True)
class Ring:
    """A siege ring of ``radius_km`` around a besieged place held by ``holder``."""

    holder: str
    besiegers: tuple[str, ...]
    geometry: BaseGeometry  # closed LineString
    lon: float
    lat: float
    place_id: int | None
    radius_km: float


# --- projection ---------------------------------------------------------------------------------


class LocalProjection:
    """Azimuthal equidistant projection on the sphere centred on (lon0, lat0), in km.

    Distances from the centre are exact; elsewhere the scale error grows as (d/R)^2/6, about
    0.2 % at 700 km. The forward and inverse maps are vectorised and deterministic.
    """

    def __init__(self, lon0: float, lat0: float):
        self.lon0, self.lat0 = float(lon0), float(lat0)
        self._l0 = math.radians(self.lon0)
        self._p0 = math.radians(self.lat0)
        self._sin_p0, self._cos_p0 = math.sin(self._p0), math.cos(self._p0)

    @classmethod
    def around(cls, *geometries: BaseGeometry | None) -> LocalProjection:
        """The projection centred on the bounding box of the given (lon/lat) geometries."""
        geoms = [g for g in geometries if g is not None and not g.is_empty]
        if not geoms:
            return cls(0.0, 0.0)
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        return cls((x0 + x1) / 2, (y0 + y1) / 2)

    def forward_coords(self, lonlat: FloatArray) -> FloatArray:
        """(n, 2) lon/lat degrees -> (n, 2) x/y km."""
        lam = np.radians(lonlat[:, 0]) - self._l0
        phi = np.radians(lonlat[:, 1])
        cos_phi = np.cos(phi)
        # Angular distance by the haversine formula (well conditioned for short distances).
        h = np.sin((phi - self._p0) / 2) ** 2 + cos_phi * self._cos_p0 * np.sin(lam / 2) ** 2
        c = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        sin_c = np.sin(c)
        k = np.divide(c, sin_c, out=np.ones_like(c), where=sin_c > 0)
        x = EARTH_RADIUS_KM * k * cos_phi * np.sin(lam)
        y = EARTH_RADIUS_KM * k * (self._cos_p0 * np.sin(phi) - self._sin_p0 * cos_phi * np.cos(lam))
        return np.column_stack([x, y])

    def inverse_coords(self, xy: FloatArray) -> FloatArray:
        """(n, 2) x/y km -> (n, 2) lon/lat degrees."""
        x, y = xy[:, 0], xy[:, 1]
        rho = np.hypot(x, y)
        c = rho / EARTH_RADIUS_KM
        sin_c, cos_c = np.sin(c), np.cos(c)
        y_over_rho = np.divide(y, rho, out=np.zeros_like(y), where=rho > 0)
        phi = np.arcsin(np.clip(cos_c * self._sin_p0 + y_over_rho * sin_c * self._cos_p0, -1.0, 1.0))
        lam = self._l0 + np.arctan2(x * sin_c, rho * self._cos_p0 * cos_c - y * self._sin_p0 * sin_c)
        return np.column_stack([np.degrees(lam), np.degrees(phi)])

    def forward[G: (BaseGeometry, GeometryArray)](self, geometry: G) -> G:
        """A lon/lat geometry (or array of them) in km."""
        projected: G = shapely.transform(geometry, self.forward_coords)
        return projected

    def inverse[G: (BaseGeometry, GeometryArray)](self, geometry: G) -> G:
        """A km geometry (or array of them) back in lon/lat."""
        restored: G = shapely.transform(geometry, self.inverse_coords)
        return restored


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km², projected around its own bounding box."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return float(shapely.area(LocalProjection.around(geometry).forward(geometry)))


def length_km(geometry: BaseGeometry) -> float:
    """Length of a lon/lat geometry (perimeter for polygons) in km."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return float(shapely.length(LocalProjection.around(geometry).forward(geometry)))


# --- small geometry helpers ---------------------------------------------------------------------


def _polygonal(geometry: BaseGeometry | None) -> BaseGeometry:
    """Only the polygons of a geometry (overlays may add stray lines and points): a Polygon,
    a MultiPolygon, or an empty MultiPolygon."""
    if geometry is None:
        return shapely.MultiPolygon()
    parts = shapely.get_parts(geometry)
    parts = parts[shapely.get_type_id(parts) == _POLYGON]
    parts = parts[~shapely.is_empty(parts)]
    if len(parts) == 1:
        return parts[0]
    return shapely.multipolygons(parts) if len(parts) else shapely.MultiPolygon()


def _without_slivers(geometry: BaseGeometry, projection: LocalProjection, min_width_km: float) -> BaseGeometry:
    """The polygons of a lon/lat geometry without the parts whose mean width 2·area/perimeter
    (measured in km through ``projection``) is under ``min_width_km``: overlay noise, not land."""
    parts = shapely.get_parts(_polygonal(geometry))
    if not len(parts):
        return shapely.MultiPolygon()
    projected = projection.forward(parts)
    width = 2 * shapely.area(projected) / np.maximum(shapely.length(projected), 1e-300)
    return _polygonal(shapely.multipolygons(parts[width >= min_width_km]))


def _lines(geometry: BaseGeometry) -> GeometryArray:
    """The non-empty LineStrings of a geometry, as an array."""
    parts: GeometryArray = shapely.get_parts(geometry)
    parts = parts[shapely.get_type_id(parts) == _LINESTRING]
    lines: GeometryArray = parts[~shapely.is_empty(parts)]
    return lines


def _grid_degrees(metres: float) -> float:
    """A snapping grid in degrees for a tolerance in metres: the largest 1, 2 or 5 × 10^k degrees
    not above it (so coordinates such as 34.0 stay exact), 2 m giving 1e-5° (about 1.1 m)."""
    degrees = metres / 1000 / (math.pi * EARTH_RADIUS_KM / 180)
    exponent = math.floor(math.log10(degrees))
    return max(m * 10.0**exponent for m in (1, 2, 5) if m * 10.0**exponent <= degrees * (1 + 1e-9))


def prepare_clip(
    geometries: BaseGeometry | Mapping[str, Any] | Iterable[BaseGeometry | Mapping[str, Any]], tolerance: float = 0.01
) -> BaseGeometry:
    """One valid (Multi)Polygon from country outlines, simplified to ``tolerance`` degrees.

    ``geometries``: a shapely geometry, a GeoJSON geometry dict, or an iterable of either (for
    example the ``geometry`` of the gazetteer's country Boundary records). Do this once and reuse
    the result: ``control_areas`` intersects with the clip as given.
    """
    if isinstance(geometries, (BaseGeometry, Mapping)):
        geometries = [geometries]
    shapes = [g if isinstance(g, BaseGeometry) else shape(g) for g in geometries]
    merged = _polygonal(shapely.union_all(shapely.make_valid(np.array(shapes, dtype=object))))
    if tolerance > 0:
        merged = _polygonal(shapely.make_valid(shapely.simplify(merged, tolerance, preserve_topology=True)))
    return merged


# --- areas --------------------------------------------------------------------------------------


def _merge_points(points: Iterable[ControlPoint], projection: LocalProjection) -> tuple[np.ndarray, list[str]]:
    """Distinct projected locations (sorted, so the result does not depend on input order) and the
    holder of each: the majority of the points there, ties to the alphabetically first name."""
    kept = [p for p in points if p.holder and math.isfinite(p.lon) and math.isfinite(p.lat) and -90 <= p.lat <= 90]
    if not kept:
        return np.empty((0, 2)), []
    xy = projection.forward_coords(np.array([(p.lon, p.lat) for p in kept], dtype=float))
    unique, inverse = np.unique(xy, axis=0, return_inverse=True)
    votes: list[Counter[str]] = [Counter() for _ in range(len(unique))]
    for group, point in zip(inverse.ravel().tolist(), kept):
        votes[group][str(point.holder)] += 1
    holders = [min(v.items(), key=lambda item: (-item[1], item[0]))[0] for v in votes]
    return unique, holders


def control_areas(
    points: Sequence[ControlPoint],
    clip: BaseGeometry | None,
    cap_km: float | None = 25.0,
    *,
    quad_segs: int = QUAD_SEGS,
) -> dict[str, BaseGeometry]:
    """Each holder's area of control, as {holder: Polygon or MultiPolygon in lon/lat}.

    Guarantees:
    * every claimed spot belongs to the holder of the nearest point (Voronoi cells), lies within
      ``cap_km`` of that point (discs of 4·quad_segs sides; ``cap_km=None`` for no cap) and inside
      ``clip`` (``None`` for no clip; then a cap is required);
    * areas of different holders do not overlap and share their borders vertex for vertex;
    * holders with no land left after clipping are absent; keys are sorted; empty input gives {};
    * the same points in any order, with the same clip, give identical geometries;
    * several points at one spot count as one; its holder is the majority, ties to the first name.
    ``besieged_by`` plays no part here: a besieged place is held by its holder (see ``siege_rings``).
    """
    if cap_km is not None and cap_km <= 0:
        raise ValueError("cap_km must be positive (or None for no cap)")
    if clip is None and cap_km is None:
        raise ValueError("need a clip outline or a cap radius to bound the areas")
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
    cells, sites, frame = _voronoi_cells(xy, clip_km, cap_km)
    claimed = _claimed_land(cells, xy, sites, frame, cap_km, quad_segs)
    if clip_km is not None:
        claimed = shapely.intersection(claimed, clip_km)
    shapely.prepare(claimed)
    return _holder_areas(cells, holders, claimed, projection)


def _area_projection(points: Sequence[ControlPoint], clip: BaseGeometry | None) -> LocalProjection | None:
    """The projection of one computation of areas: centred on the clip's bounding box (so two
    dates with the same clip share it), else on the points' (None when no point is finite)."""
    if clip is not None:
        return LocalProjection.around(clip)
    lonlat = np.array([(p.lon, p.lat) for p in points], dtype=float).reshape(-1, 2)
    lonlat = lonlat[np.isfinite(lonlat).all(axis=1)]
    if not len(lonlat):
        return None
    (x0, y0), (x1, y1) = lonlat.min(axis=0), lonlat.max(axis=0)
    return LocalProjection((x0 + x1) / 2, (y0 + y1) / 2)


def _projected_clip(clip: BaseGeometry, projection: LocalProjection) -> BaseGeometry:
    """The clip outline in km, densified first: a long straight edge in lon/lat would bow once
    projected."""
    clip_km = projection.forward(shapely.segmentize(clip, MAX_EDGE_DEGREES))
    if not clip_km.is_valid:  # projecting can fold a tight valid outline
        clip_km = _polygonal(shapely.make_valid(clip_km))
    return clip_km


def _voronoi_cells(
    xy: FloatArray, clip_km: BaseGeometry | None, cap_km: float | None
) -> tuple[GeometryArray, GeometryArray, BaseGeometry]:
    """(cells, sites, frame): the Voronoi cell of each point (cell i for point i), the points, and
    the box the cells fill, which covers the clip, the points and their caps."""
    bounds = np.array([xy.min(axis=0), xy.max(axis=0)]).ravel()
    if clip_km is not None:
        cb = np.array(clip_km.bounds)
        bounds = np.array([min(bounds[0], cb[0]), min(bounds[1], cb[1]), max(bounds[2], cb[2]), max(bounds[3], cb[3])])
    margin = (cap_km or 0.0) + 10.0
    frame = shapely.box(bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin)
    sites: GeometryArray = shapely.points(xy)
    cells: GeometryArray = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=frame, ordered=True)
    )
    if len(cells) != len(sites):  # GEOS merges only exact duplicates, which were merged before
        raise RuntimeError(f"Voronoi diagram has {len(cells)} cells for {len(sites)} points")
    return cells, sites, frame


def _claimed_land(
    cells: GeometryArray,
    xy: FloatArray,
    sites: GeometryArray,
    frame: BaseGeometry,
    cap_km: float | None,
    quad_segs: int,
) -> BaseGeometry:
    """The land within ``cap_km`` of some point (the whole frame when there is no cap), in km.

    A spot in some disc lies in the cell of a point at least as near, hence in that point's disc
    too; so the union of the discs is the union of (cell ∩ own disc), and it is enough to take the
    cells lying inside their own disc whole plus the discs of the other cells. The whole discs
    (not cell ∩ disc) matter: where two cut cells meet, the border between them then leaves the
    claimed land at one point, the same for both sides, so the areas stay edge-matched.
    """
    if cap_km is None:
        return frame
    coords, owner = shapely.get_coordinates(cells, return_index=True)
    reach = np.zeros(len(cells))
    np.maximum.at(reach, owner, np.hypot(*(coords - xy[owner]).T))
    # A cell whose vertices all lie within the disc polygon's inner radius is inside it.
    inside = reach < cap_km * math.cos(math.pi / (4 * quad_segs)) * (1 - 1e-9)
    discs = shapely.buffer(sites[~inside], cap_km, quad_segs=quad_segs)
    return shapely.union(shapely.coverage_union_all(cells[inside]), shapely.union_all(discs))


def _holder_areas(
    cells: GeometryArray, holders: list[str], claimed: BaseGeometry, projection: LocalProjection
) -> dict[str, BaseGeometry]:
    """Each holder's area in lon/lat: the coverage union of its cells (exact and fast: Voronoi
    cells are a valid coverage), cut to the claimed land; holders left with nothing are absent."""
    holder_of = np.array(holders, dtype=object)
    areas = {}
    for holder in sorted(set(holders)):
        own = shapely.coverage_union_all(cells[holder_of == holder])
        area = _polygonal(shapely.intersection(own, claimed))
        if not area.is_empty:
            areas[holder] = projection.inverse(area)
    return areas


# --- fronts -------------------------------------------------------------------------------------


def _components(lines: np.ndarray) -> list[np.ndarray]:
    """Group line parts that touch end to end into connected pieces (indices into ``lines``)."""
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict[tuple[float, float], int] = {}
    for i, line in enumerate(lines):
        for end in (shapely.get_point(line, 0), shapely.get_point(line, -1)):
            key = (end.x, end.y)
            if key in first_at:
                parent[find(i)] = find(first_at[key])
            else:
                first_at[key] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(lines)):
        groups[find(i)].append(i)
    return [np.array(g) for g in groups.values()]


def front_lines(
    areas: Mapping[str, BaseGeometry],
    *,
    min_length_km: float = 0.5,
    tolerance_m: float = 2.0,
) -> list[FrontLine]:
    """The borders between areas of different holders, one FrontLine per pair (a < b) that has one.

    Guarantees:
    * only shared borders: the outer edge of the areas (the clip outline, the cap discs, the
      edge of unclaimed land) is never a front, nor is a border between parts of one holder;
    * borders are matched after snapping both sides to a grid of about ``tolerance_m`` (the
      largest 1, 2 or 5 × 10^k degrees not above it: 2 m gives 1e-5°, about 1.1 m), so areas
      that meet with numeric noise still share a front, and front vertices sit on that grid
      (within a metre of the areas' borders); polygon parts thinner than ``tolerance_m``
      (slivers) are ignored;
    * connected pieces shorter than ``min_length_km`` are dropped; ``length_km`` is the total of
      the kept pieces; geometry is a LineString or MultiLineString in lon/lat;
    * sorted by (a, b), deterministic.
    Works on any polygonal areas; those of ``control_areas`` form a coverage and match exactly.
    """
    items = [(str(h), _polygonal(g)) for h, g in sorted(areas.items()) if h and g is not None and not g.is_empty]
    if len(items) < 2:
        return []
    projection = LocalProjection.around(*(g for _, g in items))
    grid = _grid_degrees(tolerance_m)
    holders = [h for h, _ in items]
    shapes = np.array([_without_slivers(g, projection, tolerance_m / 1000) for _, g in items], dtype=object)
    edges = shapely.boundary(shapes)
    boxes = shapely.envelope(shapes)
    fronts = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if shapes[i].is_empty or shapes[j].is_empty or shapely.distance(boxes[i], boxes[j]) > grid:
                continue
            shared = _lines(shapely.intersection(edges[i], edges[j], grid_size=grid))
            if not len(shared):
                continue
            parts = _lines(shapely.line_merge(shapely.multilinestrings(shared)))
            lengths = shapely.length(projection.forward(parts))
            keep = [g for g in _components(parts) if lengths[g].sum() >= min_length_km]
            if not keep:
                continue
            kept = np.sort(np.concatenate(keep))
            line = parts[kept[0]] if len(kept) == 1 else shapely.multilinestrings(parts[kept])
            fronts.append(FrontLine(holders[i], holders[j], line, float(lengths[kept].sum())))
    return fronts


# --- changes ------------------------------------------------------------------------------------


def changed_areas(
    before: Mapping[str, BaseGeometry],
    after: Mapping[str, BaseGeometry],
    min_area_km2: float = 0.5,
    *,
    unclaimed: bool = True,
    tolerance_m: float = 5.0,
) -> list[Change]:
    """Land that changed hands between two sets of areas (as ``control_areas`` returns them).

    Each Change is the land held by ``loser`` in ``before`` and by ``gainer`` in ``after``, one per
    (gainer, loser) pair whose area is at least ``min_area_km2``. With ``unclaimed`` (default)
    land that nobody held before is reported with ``loser=""`` and land nobody holds after with
    ``gainer=""``. Parts thinner than ``tolerance_m`` (overlay slivers along borders that did not
    move) are ignored. Sorted by (gainer, loser); geometries are (Multi)Polygons in lon/lat.
    """
    old = {str(h): _polygonal(g) for h, g in before.items() if h and g is not None and not g.is_empty}
    new = {str(h): _polygonal(g) for h, g in after.items() if h and g is not None and not g.is_empty}
    if not old and not new:
        return []
    projection = LocalProjection.around(*old.values(), *new.values())
    empty = shapely.MultiPolygon()
    for g in (*old.values(), *new.values()):
        shapely.prepare(g)

    def clean(geometry: BaseGeometry) -> BaseGeometry:
        return _without_slivers(geometry, projection, tolerance_m / 1000)

    # transfers[(gainer, loser)] = before[loser] ∩ after[gainer], looked for only where the loser
    # lost land (areas of one date do not overlap, so that is the same thing, found faster).
    transfers: dict[tuple[str, str], BaseGeometry] = {}
    for loser, held in sorted(old.items()):
        lost = clean(shapely.difference(held, new.get(loser, empty)))
        if lost.is_empty:
            continue
        for gainer, theirs in sorted(new.items()):
            if gainer != loser and shapely.intersects(lost, theirs):
                piece = clean(shapely.intersection(lost, theirs))
                if not piece.is_empty:
                    transfers[(gainer, loser)] = piece
        if unclaimed:
            taken = [g for (_, lost_by), g in transfers.items() if lost_by == loser]
            rest = clean(shapely.difference(lost, shapely.union_all(taken))) if taken else lost
            if not rest.is_empty:
                transfers[("", loser)] = rest
    if unclaimed:
        for gainer, held in sorted(new.items()):
            gained = clean(shapely.difference(held, old.get(gainer, empty)))
            if gained.is_empty:
                continue
            taken = [g for (won_by, lost_by), g in transfers.items() if won_by == gainer and lost_by]
            rest = clean(shapely.difference(gained, shapely.union_all(taken))) if taken else gained
            if not rest.is_empty:
                transfers[(gainer, "")] = rest

    changes = []
    for (gainer, loser), piece in sorted(transfers.items()):
        size = float(shapely.area(projection.forward(piece)))
        if size >= min_area_km2:
            changes.append(Change(gainer, loser, piece, size))
    return changes


# --- sieges -------------------------------------------------------------------------------------


def siege_rings(points: Iterable[ControlPoint], radius_km: float = 3.0, *, quad_segs: int = QUAD_SEGS) -> list[Ring]:
    """A closed ring (LineString, 4·quad_segs sides, lon/lat) of ``radius_km`` around every
    besieged point, with its holder and the sorted, distinct besiegers. Points at one spot give
    one ring (besiegers merged, holder by majority, ties to the first name). Sorted by
    (lon, lat); points without besiegers are ignored."""
    by_spot: dict[tuple[float, float], list[ControlPoint]] = defaultdict(list)
    for p in points:
        if any(p.besieged_by) and math.isfinite(p.lon) and math.isfinite(p.lat):
            by_spot[(float(p.lon), float(p.lat))].append(p)
    rings = []
    for (lon, lat), here in sorted(by_spot.items()):
        votes = Counter(p.holder or "" for p in here)
        holder = min(votes.items(), key=lambda item: (-item[1], item[0]))[0]
        besiegers = tuple(sorted({b for p in here for b in p.besieged_by if b}))
        ids = sorted(p.place_id for p in here if p.place_id is not None)
        projection = LocalProjection(lon, lat)
        circle = shapely.linestrings(
            shapely.get_coordinates(shapely.buffer(shapely.Point(0.0, 0.0), radius_km, quad_segs=quad_segs).exterior)
        )
        rings.append(Ring(holder, besiegers, projection.inverse(circle), lon, lat, ids[0] if ids else None, radius_km))
    return rings


# --- GeoJSON ------------------------------------------------------------------------------------
#
# Every function returns a FeatureCollection dict, ready for json.dumps. Geometries are simplified
# to ``tolerance`` degrees, snapped to a 10^-precision grid (which keeps them valid) and rounded to
# ``precision`` decimals; features whose geometry vanishes are left out. Sizes (area_km2,
# length_km) are measured before simplification and rounded to 0.01.


def _rounded(geometry: BaseGeometry, tolerance: float, precision: int) -> BaseGeometry:
    """Simplified (when tolerance > 0), snapped to a 10^-precision grid, coordinates rounded."""
    if tolerance > 0:
        geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10.0**-precision)
    rounded: BaseGeometry = shapely.transform(geometry, lambda c: np.round(c, precision))
    return rounded


def _collection(features: list[tuple[BaseGeometry, dict[str, Any]]]) -> GeoJSON:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(geom))}
            for geom, props in features
            if geom is not None and not geom.is_empty
        ],
    }


def areas_to_geojson(areas: Mapping[str, BaseGeometry], tolerance: float = 0.002, precision: int = 5) -> GeoJSON:
    """Areas of control, one feature per holder (sorted), properties ``holder`` and ``area_km2``.

    When the areas form a valid coverage (as ``control_areas`` returns them) they are simplified
    together (coverage simplification, Visvalingam–Whyatt: ``tolerance`` is about the square root
    of the triangles removed), so neighbours keep identical borders; otherwise each is simplified
    on its own (Douglas–Peucker, ``tolerance`` a distance).
    """
    holders = [str(h) for h, g in sorted(areas.items()) if g is not None and not g.is_empty]
    geoms = np.array([_polygonal(areas[h]) for h in holders], dtype=object)
    sizes = [area_km2(g) for g in geoms]
    if len(geoms) and tolerance > 0 and shapely.coverage_is_valid(geoms):
        geoms, tolerance = shapely.coverage_simplify(geoms, tolerance), 0.0
    return _collection(
        [
            (_polygonal(_rounded(g, tolerance, precision)), {"holder": h, "area_km2": round(size, 2)})
            for h, g, size in zip(holders, geoms, sizes)
        ]
    )


def fronts_to_geojson(fronts: Iterable[FrontLine], tolerance: float = 0.002, precision: int = 5) -> GeoJSON:
    """Front lines, one feature per pair, properties ``a``, ``b`` and ``length_km``."""
    return _collection(
        [
            (_rounded(f.geometry, tolerance, precision), {"a": f.a, "b": f.b, "length_km": round(f.length_km, 2)})
            for f in fronts
        ]
    )


def changes_to_geojson(changes: Iterable[Change], tolerance: float = 0.002, precision: int = 5) -> GeoJSON:
    """Changed land, one feature per (gainer, loser), properties ``gainer``, ``loser`` (either may
    be "" for unclaimed land, see ``changed_areas``) and ``area_km2``."""
    return _collection(
        [
            (
                _polygonal(_rounded(c.geometry, tolerance, precision)),
                {"gainer": c.gainer, "loser": c.loser, "area_km2": round(c.area_km2, 2)},
            )
            for c in changes
        ]
    )


def rings_to_geojson(rings: Iterable[Ring], precision: int = 5) -> GeoJSON:
    """Siege rings (not simplified), properties ``holder``, ``besiegers`` (list), ``place_id``
    and ``radius_km``."""
    return _collection(
        [
            (
                _rounded(r.geometry, 0.0, precision),
                {"holder": r.holder, "besiegers": list(r.besiegers), "place_id": r.place_id, "radius_km": r.radius_km},
            )
            for r in rings
        ]
    )


def to_geojson(
    result: Mapping[str, BaseGeometry] | Iterable[FrontLine | Change | Ring],
    *,
    tolerance: float = 0.002,
    precision: int = 5,
) -> GeoJSON:
    """Any result of this module as a FeatureCollection: the dict of ``control_areas``, or a list
    of FrontLine, Change or Ring (one kind per list; an empty list gives no features)."""
    if isinstance(result, Mapping):
        return areas_to_geojson(result, tolerance, precision)
    items = list(result)
    if not items:
        return _collection([])
    fronts = [item for item in items if isinstance(item, FrontLine)]
    changes = [item for item in items if isinstance(item, Change)]
    rings = [item for item in items if isinstance(item, Ring)]
    if len(fronts) == len(items):
        return fronts_to_geojson(fronts, tolerance, precision)
    if len(changes) == len(items):
        return changes_to_geojson(changes, tolerance, precision)
    if len(rings) == len(items):
        return rings_to_geojson(rings, precision)
    kinds = {type(item) for item in items}
    raise TypeError(f"cannot turn a list of {', '.join(sorted(k.__name__ for k in kinds))} into GeoJSON")
