"""One matcher from a named point (a source's names for a place, and its coordinates) to a place of
the gazetteer, or to a place to create. Used by the control-table import (`events.control_import`),
the ACLED and UCDP GED imports (`events.event_import`) and the loaders' proximity merge (`gazetteer.loaders.base`),
each with its own thresholds.

`PlaceMatcher.match(point)` guarantees:

1. by name: a place of one of the point's names (tried in order), of an allowed kind and of the
   point's country when it has one, within `max_km`; among several, the nearest (then the best
   scored, then the lowest id). As in the geocoder, the tiers of `ranking.find_matches` (exact,
   then without the article, then fuzzy and by transliteration skeleton unless `fuzzy=False`) are tried in turn, and the first
   that has such a place decides: a name known exactly farther away is not matched to a look-alike
   spelling nearby (Brigade 81 is not Brigade 18);
2. else by distance: the nearest place of `snap_kinds` within `snap_km` (ties: the lowest id);
3. else None, an explicit no-match: a point is never forced onto a place.

A homonym farther than `max_km` is never taken. Distances are haversine km. Nothing here writes;
only `CountryLocator` reads the database (the country outlines, once, when none are given).

`match_points()` matches a whole table (a list of points) to a fixed point: points that match no
place get places to create (negative ids; one for points of a name within `snap_km` of each
other), and matching is repeated with those places in the gazetteer until nothing changes. So a
second run, which finds the created places in the gazetteer, matches every point the same way.
Points of one group (a table's rows of one date) that meet on one place are settled by `settle()`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.prepared import prep

from lib.text import name_key

from . import ranking
from .index import GazetteerIndex, PlaceRecord
from .kinds import POINT_KINDS, SETTLEMENT_KINDS
from .models import Boundary

#: Kinds of place a point may match by name unless told otherwise: settlements and landmarks.
NAME_KINDS = POINT_KINDS
#: Matching passes of a table at most (two or three are the rule).
MAX_PASSES = 20
#: Kilometres in a degree of latitude, rounded down (the haversine radius gives 111.19).
_KM_PER_DEGREE = 110.0


@dataclass(frozen=True, slots=True)
class NamedPoint:
    """What a source says about a place: its names (the first is the display name of a place
    created for it), its coordinates and what it knows of the place."""

    lat: float
    lon: float
    names: tuple[str, ...] = ()
    #: Only places of this country are taken by name (None: any country).
    country: str | None = None
    #: Only places of these kinds are taken by name (None: the matcher's `name_kinds`).
    kinds: frozenset[str] | None = None
    #: The kind of a place created for the point.
    kind: str = "village"
    #: Points of one group compete for a place in `settle()` (a table's rows of one date).
    group: Hashable = None


@dataclass(frozen=True, slots=True)
class Match:
    place: int  # a gazetteer place id, or the negative id of a place to create
    method: str  # "name" or "distance"
    km: float
    country: str = ""  # filled by match_points()


@dataclass(frozen=True, slots=True)
class NewPlace:
    """A place to create, made for `points[point]` (whose names it takes)."""

    record: PlaceRecord
    point: int


@dataclass(slots=True)
class Matching:
    """A table's matches (None: unmatched) and the places to create, by negative id."""

    matches: list[Match | None]
    new_places: dict[int, NewPlace]


class NoCountry(LookupError):
    """The country of a point cannot be told (no outline holds it and the gazetteer is empty)."""

    def __init__(self, point: int) -> None:
        self.point = point
        super().__init__(f"cannot tell the country of point {point}")


class PlaceMatcher:
    """Matches named points to the places of one index (see the module docstring). The defaults
    are the control-table import's: a place of the name within 5 km, else the nearest settlement
    within 1.5 km."""

    def __init__(
        self,
        index: GazetteerIndex,
        *,
        max_km: float = 5.0,
        snap_km: float = 1.5,
        name_kinds: frozenset[str] | None = NAME_KINDS,
        snap_kinds: frozenset[str] | None = SETTLEMENT_KINDS,
        fuzzy: bool = True,
    ) -> None:
        self.index = index
        self.max_km = max_km
        self.snap_km = snap_km
        self.name_kinds = name_kinds
        self.snap_kinds = snap_kinds
        self.fuzzy = fuzzy
        #: Without fuzzy matching, names are looked up in a view of the index without fuzzy keys or
        #: transliteration skeletons (so the fuzzy search is never run).
        self._names = index if fuzzy else replace(index, fuzzy_buckets={}, skeleton={}, fuzzy_seen={})
        self._snap: tuple[shapely.STRtree, list[PlaceRecord]] | None = None

    def match(self, point: NamedPoint) -> Match | None:
        """The place of the point's name within max_km, else the nearest within snap_km."""
        return self.by_name(point) or self.by_distance(point.lat, point.lon)

    def by_name(self, point: NamedPoint) -> Match | None:
        near = ((point.lat, point.lon),)
        kinds = self.name_kinds if point.kinds is None else point.kinds
        countries = None if point.country is None else frozenset({point.country})
        for query in point.names:
            for tier, found in ranking.find_matches(self._names, query):
                allowed = [
                    c
                    for c in ranking.score_candidates(self.index, tier, found, near=near, country_codes=countries)
                    if (kinds is None or c.place.kind in kinds)
                ]
                in_range = [
                    (c.distance_km, c) for c in allowed if c.distance_km is not None and c.distance_km <= self.max_km
                ]
                if in_range:
                    km, best = min(in_range, key=lambda dc: (round(dc[0], 3), -dc[1].score, dc[1].place.id))
                    return Match(best.place.id, "name", km)
                if allowed:
                    break  # the name is known, farther away: no looser spelling is tried
        return None

    def by_distance(self, lat: float, lon: float) -> Match | None:
        """The nearest place of snap_kinds within snap_km (an R-tree over the places, then the
        haversine distance of the few within reach)."""
        if self.snap_km <= 0:
            return None
        tree, places = self._snap_tree()
        reach = _degrees(self.snap_km, lat)
        best: tuple[float, int] | None = None
        for i in tree.query(shapely.Point(lon, lat), predicate="dwithin", distance=reach):
            place = places[int(i)]
            d = ranking.haversine_km(lat, lon, place.lat, place.lon)
            if d <= self.snap_km and (best is None or (d, place.id) < best):
                best = (d, place.id)
        return Match(best[1], "distance", best[0]) if best else None

    def _snap_tree(self) -> tuple[shapely.STRtree, list[PlaceRecord]]:
        if self._snap is None:
            kinds = self.snap_kinds
            places = [p for p in self.index.places.values() if kinds is None or p.kind in kinds]
            lons = np.fromiter((p.lon for p in places), dtype=float, count=len(places))
            lats = np.fromiter((p.lat for p in places), dtype=float, count=len(places))
            self._snap = (shapely.STRtree(shapely.points(lons, lats)), places)
        return self._snap


def _degrees(km: float, lat: float) -> float:
    """A distance in degrees (planar, lon/lat) that reaches every point within `km` of a point at
    `lat`: a degree of longitude is shortest at the latitude farthest from the equator."""
    far = min(abs(lat) + km / _KM_PER_DEGREE + 0.01, 89.9)
    return km / (_KM_PER_DEGREE * max(math.cos(math.radians(far)), 0.01))


class CountryLocator:
    """The country of a point: the one whose outline holds it, else the country of the nearest
    settlement or site of the index, else None. `outlines` are (country code, GeoJSON geometry)
    pairs; by default the country boundaries of the gazetteer, read at the first call."""

    def __init__(self, index: GazetteerIndex, outlines: Iterable[tuple[str, Mapping[str, Any]]] | None = None) -> None:
        self.index = index
        self._given = outlines
        self._outlines: list[tuple[str, Any]] | None = None

    def __call__(self, lat: float, lon: float) -> str | None:
        if self._outlines is None:
            given = self._given
            if given is None:
                given = Boundary.objects.filter(level="country").values_list("code", "geometry")
            self._outlines = [(code, prep(shape(geometry))) for code, geometry in given]
        point = shapely.Point(lon, lat)
        for code, outline in self._outlines:
            if outline.contains(point):
                return code
        nearest = self.index.nearest(lat, lon, kinds=NAME_KINDS)
        return nearest[0][0].country if nearest else None


def settle(points: Sequence[NamedPoint], matches: list[Match | None], snap_km: float) -> None:
    """Points of one group on one place: the place goes to the nearest point that names it (the
    others keep it only if they lie within snap_km: the same place written twice), else to the
    nearest point that snapped to it (ties: the earlier point). The points that lose it are
    unmatched (they get places of their own: two villages a few km apart stay two places)."""
    claims: dict[tuple[int, Hashable], list[int]] = {}
    for i, match in enumerate(matches):
        if match is not None:
            claims.setdefault((match.place, points[i].group), []).append(i)
    for taken in claims.values():
        if len(taken) < 2:
            continue
        claimed = {i: m for i in taken if (m := matches[i]) is not None}
        named = [i for i, m in claimed.items() if m.method == "name"]
        keep = min(named or taken, key=lambda i: (claimed[i].km, i))
        for i, m in claimed.items():
            if i != keep and (m.method == "distance" or m.km > snap_km):
                matches[i] = None


def match_points(
    points: Sequence[NamedPoint],
    index: GazetteerIndex,
    *,
    max_km: float = 5.0,
    snap_km: float = 1.5,
    country: str | None = None,
    locator: CountryLocator | None = None,
) -> Matching:
    """Match a table of points (see the module docstring). `country` is the country of every
    match and new place (it does not restrict matching); else a match takes its place's
    country, else the locator's. Raises NoCountry for a point whose country cannot be told."""
    locator = locator or CountryLocator(index)
    made = _PlacesToMake(index, snap_km=snap_km, country=country, locator=locator)
    current = index
    matches: list[Match | None] = []
    for _ in range(MAX_PASSES):
        matcher = PlaceMatcher(current, max_km=max_km, snap_km=snap_km)
        matches = [matcher.match(point) for point in points]
        settle(points, matches, snap_km)
        unmatched = [i for i, (p, m) in enumerate(zip(points, matches, strict=True)) if m is None and p.names]
        if not unmatched or not made.add(points, unmatched):
            break
        current = made.index()
    located: list[Match | None] = []
    for i, (point, match) in enumerate(zip(points, matches, strict=True)):
        if match is not None:
            code = country or current.places[match.place].country or locator(point.lat, point.lon)
            if code is None:
                raise NoCountry(i)
            match = replace(match, country=code)
        located.append(match)
    return Matching(located, made.places)


class _PlacesToMake:
    """The places a table's unmatched points ask for, across the passes of match_points()."""

    def __init__(self, base: GazetteerIndex, *, snap_km: float, country: str | None, locator: CountryLocator) -> None:
        self.base = base
        self.snap_km = snap_km
        self.country = country
        self.locator = locator
        self.places: dict[int, NewPlace] = {}
        self.names: list[tuple[int, str]] = []  # (negative id, name) of the places to create
        self._by_key: dict[str, list[PlaceRecord]] = {}

    def add(self, points: Sequence[NamedPoint], unmatched: list[int]) -> int:
        """A place for each unmatched point, but one for points of a name within snap_km of each
        other; returns how many were added."""
        added = 0
        for i in unmatched:
            point = points[i]
            keys = {name_key(n) for n in point.names} - {""}
            if any(
                ranking.haversine_km(p.lat, p.lon, point.lat, point.lon) <= self.snap_km
                for k in keys
                for p in self._by_key.get(k, ())
            ):
                continue
            pid = -(len(self.places) + 1)
            country = self.country or self.locator(point.lat, point.lon)
            if country is None:
                raise NoCountry(i)
            record = PlaceRecord(pid, point.names[0], point.kind, country, "", "", point.lat, point.lon, 0, "")
            self.places[pid] = NewPlace(record, i)
            self.names += [(pid, name) for name in point.names]
            for k in keys:
                self._by_key.setdefault(k, []).append(record)
            added += 1
        return added

    def index(self) -> GazetteerIndex:
        """The base index with the places to create."""
        names = [(pid, name) for hits in self.base.exact.values() for pid, name in hits] + self.names
        records = [*self.base.places.values(), *(new.record for new in self.places.values())]
        return GazetteerIndex.from_records(records, names)
