"""Control of the ground on a date: places with their holders, areas, front lines and sieges;
computed once and cached.

``snapshot(date)`` asks ``events.control`` who holds each place, then ``mapping.geometry`` for the
areas and front lines, and keeps the result in Django's cache (Redis when configured) under a key
that includes ``control_version()``: any change to control data makes new keys, so a cached
snapshot is never stale. ``changes(a, b)`` compares two snapshots; ``cached(kind, ...)`` keeps
anything else built from them (rendered maps, GeoJSON bodies) under the same kind of key.
Turning snapshots into GeoJSON is ``mapping.layers``' job, into maps ``mapping.maps``'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from events import control
from events.control import ControlChange, ControlState
from events.models import Actor, ControlAssertion
from gazetteer.models import Boundary

from . import geometry
from .basemap import boundaries_version, clip_outline
from .territory import TerritoryRules, territory_areas

CACHE_SECONDS = 24 * 3600


@dataclass
class Snapshot:
    date: dt.date
    country: str
    states: list[ControlState]
    areas: dict[str, BaseGeometry]  # holder → Polygon or MultiPolygon (lon/lat)
    fronts: list[geometry.FrontLine]
    rings: list[geometry.Ring]
    colours: dict[str, str] = field(default_factory=dict)  # holder → colour

    @property
    def holders(self) -> list[tuple[str, str, int]]:
        """(holder, colour, number of places) by number of places."""
        counts: dict[str, int] = {}
        for s in self.states:
            if s.holder:
                counts[s.holder] = counts.get(s.holder, 0) + 1
        return sorted(
            ((h, self.colours.get(h, control.UNKNOWN_COLOUR), n) for h, n in counts.items()),
            key=lambda x: (-x[2], x[0]),
        )

    @property
    def besieged(self) -> list[ControlState]:
        return [s for s in self.states if s.besieged_by]


@dataclass(frozen=True)
class Legend:
    """What a page shows of a snapshot beside its map (small: cached with the rendered map)."""

    holders: list[tuple[str, str, int]]
    besieged: list[ControlState]

    @classmethod
    def of(cls, snap: Snapshot) -> Legend:
        return cls(holders=snap.holders, besieged=snap.besieged)


@dataclass
class Changes:
    date_from: dt.date
    date_to: dt.date
    before: Snapshot
    after: Snapshot
    areas: list[geometry.Change]  # gainer, loser, geometry, area_km2
    places: list[ControlChange]

    @property
    def by_gainer(self) -> list[tuple[str, str, int, float]]:
        """(gainer, colour, places gained, km² gained), largest first."""
        places: dict[str, int] = {}
        km2: dict[str, float] = {}
        for c in self.places:
            if c.holder_after:
                places[c.holder_after] = places.get(c.holder_after, 0) + 1
                km2.setdefault(c.holder_after, 0.0)
        for a in self.areas:
            if a.gainer:
                places.setdefault(a.gainer, 0)
                km2[a.gainer] = km2.get(a.gainer, 0.0) + a.area_km2
        return sorted(
            ((g, self.after.colours.get(g, control.UNKNOWN_COLOUR), n, km2[g]) for g, n in places.items()),
            key=lambda x: (-x[3], -x[2], x[0]),
        )


def cache_key(kind: str, *parts: object) -> str:
    """The key of a cached map or snapshot: it includes the versions of the control data, of
    the boundaries and of the actors' names and colours (three small queries), so a change to
    any of them makes new keys at once, in every process sharing the cache (Redis) as in this one."""
    boundaries = boundaries_version()
    return ":".join(
        str(p)
        for p in (
            "cm",
            kind,
            control.control_version(),
            *boundaries,
            actors_version(),
            *astuple(territory_rules()),
            ",".join(settings.MAP_AREA_BARRIER_RIVERS),
            *parts,
        )
    ).replace(" ", "_")


def cached[T](kind: str, *parts: object, build: Callable[[], T]) -> T:
    """The value cached under ``cache_key(kind, *parts)``, built (and cached) when absent."""
    key = cache_key(kind, *parts)
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found


def actors_version() -> str:
    """A short hash of every actor's name and colour (the maps' legend and fills)."""
    rows = Actor.objects.order_by("pk").values_list("pk", "name", "colour")
    return hashlib.sha1(repr(list(rows)).encode()).hexdigest()[:12]


def snapshot(date: dt.date, country: str = "") -> Snapshot:
    return cached("snapshot", date.isoformat(), country, build=lambda: compute(date, country))


def compute(date: dt.date, country: str = "") -> Snapshot:
    states = control.control_as_of(date, country=country or None)
    colours = dict(Actor.objects.values_list("name", "colour"))
    points = [
        geometry.ControlPoint(
            lon=s.lon, lat=s.lat, holder=s.holder, place_id=s.place_id, besieged_by=tuple(s.besieged_by)
        )
        for s in states
        if s.holder and s.lat is not None and s.lon is not None
    ]
    clip = clip_outline()
    areas = (
        territory_areas(points, clip, territory_rules(), barriers=barrier_lines())
        if points and clip is not None
        else {}
    )
    fronts = geometry.front_lines(areas) if areas else []
    besieged = [
        geometry.ControlPoint(
            lon=s.lon, lat=s.lat, holder=s.holder or "", place_id=s.place_id, besieged_by=tuple(s.besieged_by)
        )
        for s in states
        if s.besieged_by and s.lat is not None and s.lon is not None
    ]
    rings = geometry.siege_rings(besieged)  # a besieged place of unknown holder still gets its ring
    return Snapshot(date=date, country=country, states=states, areas=areas, fronts=fronts, rings=rings, colours=colours)


def territory_rules() -> TerritoryRules:
    """The rules of the areas of control, from the ``MAP_AREA_*`` settings."""
    return TerritoryRules(
        reach_factor=settings.MAP_AREA_REACH_FACTOR,
        min_reach_km=settings.MAP_AREA_MIN_REACH_KM,
        max_reach_km=settings.MAP_AREA_CAP_KM,
        fill_factor=settings.MAP_AREA_FILL_FACTOR,
        enclave_reach_km=settings.MAP_AREA_ENCLAVE_KM,
        enclave_share=settings.MAP_AREA_ENCLAVE_SHARE,
        min_part_km2=settings.MAP_AREA_MIN_PART_KM2,
        max_hole_km2=settings.MAP_AREA_MAX_HOLE_KM2,
    )


def barrier_lines() -> list[BaseGeometry]:
    """The river lines areas do not cross: loaded rivers named in ``MAP_AREA_BARRIER_RIVERS``
    (none when no rivers are loaded, as with the built-in gazetteer alone)."""
    return _barriers(boundaries_version(), tuple(settings.MAP_AREA_BARRIER_RIVERS))


@lru_cache(maxsize=4)
def _barriers(version: tuple, names: tuple[str, ...]) -> list[BaseGeometry]:
    words = [n.casefold() for n in names if n.strip()]
    if not words:
        return []
    rows = Boundary.objects.filter(level="river").order_by("code").values_list("name", "geometry")
    return [shape(geometry) for name, geometry in rows if any(w in (name or "").casefold() for w in words)]


def latest_date(dates: list[dt.date] | None = None) -> dt.date:
    """The date the control map opens on: the last date with control data, else today."""
    dates = control.control_dates() if dates is None else dates
    today = dt.date.today()
    past = [d for d in dates if d <= today]
    return past[-1] if past else today


def changes(date_from: dt.date, date_to: dt.date, country: str = "") -> Changes:
    def build() -> Changes:
        before, after = snapshot(date_from, country), snapshot(date_to, country)
        return Changes(
            date_from=date_from,
            date_to=date_to,
            before=before,
            after=after,
            areas=geometry.changed_areas(before.areas, after.areas),
            places=control.changes_between(date_from, date_to, country=country or None),
        )

    return cached("changes", date_from.isoformat(), date_to.isoformat(), country, build=build)


def timeline_frames(limit: int = 48) -> list[dt.date]:
    """The dates the timeline steps through: every date with control data, or month starts
    across the whole span when there are more than ``limit`` of them."""
    dates = control.control_dates()
    if len(dates) <= limit:
        return dates
    first, last = dates[0].replace(day=1), dates[-1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, -(-months // limit))
    frames = []
    for i in range(0, months, step):
        y, m = divmod(first.month - 1 + i, 12)
        frames.append(dt.date(first.year + y, m + 1, 1))
    if frames[-1] != last:
        frames.append(last)
    return frames


#: Credits owed by imported control tables, found by the file name their assertions cite.
IMPORT_CREDITS = {
    "wikipedia": "Control points: Wikipedia's “Syrian Civil War detailed map”, “Iraqi insurgency detailed map” and "
    "“Syrian and Iraqi insurgency detailed map” modules, by Wikipedia contributors, CC BY-SA 4.0.",
    "baseline_control": "Control baseline 2017-2019: written for conflictmap from public reporting.",
}


def credits() -> list[str]:
    """Credits of the control tables in the database (for the map pages' footer)."""

    def build() -> list[str]:
        imported = ControlAssertion.objects.filter(source="import")
        return [text for stem, text in IMPORT_CREDITS.items() if imported.filter(evidence__istartswith=stem).exists()]

    return cached("credits", build=build)
