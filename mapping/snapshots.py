"""Control of the ground on a date: places with their holders, areas, front lines and sieges;
computed once and cached.

``snapshot(date)`` asks ``events.control`` who holds each place, then ``mapping.geometry`` for the
areas and front lines, and keeps the result in Django's cache (Redis when configured) under a key
that includes the map data stamp (``events.models.MapDataStamp``, renewed by database triggers on
every write to control, actors, places and boundaries): any change makes new keys, so a cached
snapshot is never stale. ``changes(a, b)`` compares two snapshots; ``cached(kind, ...)`` keeps
anything else built from them (rendered maps, GeoJSON bodies) under the same kind of key.
Turning snapshots into GeoJSON is ``mapping.layers``' job, into maps ``mapping.maps``'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from events import control
from events.control import ControlChange, ControlState
from events.models import Actor, ControlAssertion, MapDataStamp, Status
from gazetteer.models import Boundary

from . import basemap, geometry
from .basemap import boundaries_version
from .territory import TerritoryRules, shared_borders, territory_areas

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
    """The key of a cached map or snapshot: it includes the map data stamp, which database
    triggers renew on every write to control, actors, places or boundaries (one primary-key
    query), so a change to any of them makes new keys at once, in every process sharing the
    cache (Redis) as in this one; and the settings the areas are drawn with."""
    return ":".join(
        str(p)
        for p in (
            "cm",
            kind,
            MapDataStamp.current(),
            *astuple(territory_rules()),
            ",".join(settings.MAP_AREA_BARRIER_RIVERS),
            settings.MAP_AREA_BARRIER_BORDERS,
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
    version = boundaries_version()  # one query for the clip and the barriers
    clip = basemap.clip_of(version)
    areas = (
        territory_areas(points, clip, territory_rules(), barriers=barrier_lines(version))
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
        min_held_part_km2=settings.MAP_AREA_MIN_HELD_PART_KM2,
        crack_km=settings.MAP_AREA_CRACK_KM,
        max_hole_km2=settings.MAP_AREA_MAX_HOLE_KM2,
    )


def barrier_lines(version: tuple | None = None) -> list[BaseGeometry]:
    """The lines areas do not cross: loaded rivers named in ``MAP_AREA_BARRIER_RIVERS`` (none
    when no rivers are loaded, as with the built-in gazetteer alone) and, with
    ``MAP_AREA_BARRIER_BORDERS``, the borders between the map's countries. ``version``: the
    boundaries' version when the caller has it (saves a query)."""
    return _barriers(
        version or boundaries_version(), tuple(settings.MAP_AREA_BARRIER_RIVERS), settings.MAP_AREA_BARRIER_BORDERS
    )


@lru_cache(maxsize=4)
def _barriers(version: tuple, names: tuple[str, ...], borders: bool) -> list[BaseGeometry]:
    lines = []
    words = [n.casefold() for n in names if n.strip()]
    if words:
        rows = Boundary.objects.filter(level="river").order_by("code").values_list("name", "geometry")
        lines += [shape(geometry) for name, geometry in rows if any(w in (name or "").casefold() for w in words)]
    if borders:
        countries = Boundary.objects.filter(level="country").order_by("code").values_list("geometry", flat=True)
        between = shared_borders([shape(g) for g in countries])
        if between is not None:
            lines.append(between)
    return lines


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


# --- time: the dates where control changed --------------------------------------------------------

#: (place id, date, holder id or None) of one assertion.
type AssertionRow = tuple[int, dt.date, int | None]


def holder_timelines(rows: Iterable[AssertionRow]) -> dict[int, list[tuple[dt.date, int | None]]]:
    """Per place, its holder from each date it changed on: [(date, holder)], oldest first, one
    entry per change (a later assertion of the same holder is no change).

    ``rows`` come ordered by place and then by ``events.control.PRECEDENCE`` (latest date first,
    then the assertion that wins among the same day's): the first row of a (place, date) is the
    one in force from that date, as ``control_as_of`` decides. Pure: no database."""
    winners: dict[int, list[tuple[dt.date, int | None]]] = {}
    seen: set[tuple[int, dt.date]] = set()
    for place, day, holder in rows:
        if (place, day) in seen:
            continue
        seen.add((place, day))
        winners.setdefault(place, []).append((day, holder))
    timelines = {}
    for place, entries in winners.items():
        changes: list[tuple[dt.date, int | None]] = []
        for day, holder in sorted(entries, key=lambda e: e[0]):
            if not changes or changes[-1][1] != holder:
                changes.append((day, holder))
        timelines[place] = changes
    return timelines


def change_dates(timelines: Mapping[int, list[tuple[dt.date, int | None]]]) -> list[dt.date]:
    """The dates on which some place got a (known) holder different from the one before, oldest
    first: the dates where the map changes."""
    return sorted({day for entries in timelines.values() for day, holder in entries if holder is not None})


def holder_on(entries: list[tuple[dt.date, int | None]], day: dt.date) -> int | None:
    """The holder in force on ``day`` from one place's timeline (None before its first entry)."""
    found = None
    for start, holder in entries:
        if start > day:
            break
        found = holder
    return found


def places_changed(timelines: Mapping[int, list[tuple[dt.date, int | None]]], frames: Sequence[dt.date]) -> list[int]:
    """For each frame, how many places hold a different (known) holder than on the frame before
    (the first frame counts the places with a holder); what ``changes_between`` would list."""
    counts = []
    previous: dt.date | None = None
    for frame in frames:
        n = 0
        for entries in timelines.values():
            now = holder_on(entries, frame)
            if now is not None and (previous is None or holder_on(entries, previous) != now):
                n += 1
        counts.append(n)
        previous = frame
    return counts


def thin_frames(dates: Sequence[dt.date], limit: int) -> list[dt.date]:
    """At most ``limit`` of the change ``dates`` (sorted), spread over the span: the last change
    date of each equal stretch of months; the last date is always kept."""
    dates = sorted(dates)
    if len(dates) <= limit or limit < 1:
        return list(dates)
    first, last = dates[0], dates[-1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, -(-months // limit))
    buckets: dict[int, dt.date] = {}
    for day in dates:
        index = ((day.year - first.year) * 12 + day.month - first.month) // step
        buckets[index] = day  # the last in its stretch
    return sorted(buckets.values())


def _timelines(country: str) -> dict[int, list[tuple[dt.date, int | None]]]:
    """Every place's holder timeline, from one query over the non-rejected assertions."""
    qs = ControlAssertion.objects.exclude(status=Status.REJECTED)
    if country:
        qs = qs.filter(place__country=country.upper())
    rows = qs.order_by("place_id", *control.PRECEDENCE).values_list("place_id", "date", "holder_id")
    return holder_timelines(rows)


@dataclass(frozen=True)
class Frames:
    """The timeline's frames and how many places changed at each, up to today."""

    dates: list[dt.date]
    changed: list[int]

    @property
    def latest(self) -> dt.date | None:
        """The frame the timeline opens on: the latest with data."""
        return self.dates[-1] if self.dates else None


def frames(country: str = "", limit: int = 48) -> Frames:
    """The dates where control changed (up to today, at most ``limit``, see ``thin_frames``) and
    the number of places that changed hands at each (cached per data version)."""

    def build() -> Frames:
        timelines = _timelines(country)
        today = dt.date.today()
        dates = thin_frames([d for d in change_dates(timelines) if d <= today], limit)
        return Frames(dates=dates, changed=places_changed(timelines, dates))

    # Keyed by the control data's version alone (one query; boundaries and actors play no part)
    # and by today, since frames stop at today.
    key = f"cm:frames:{MapDataStamp.current()}:{dt.date.today().isoformat()}:{country}:{limit}"
    found: Frames | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found


def timeline_frames(limit: int = 48, country: str = "") -> list[dt.date]:
    """The dates the timeline steps through: the dates where control changed (see ``frames``);
    the last one, the latest with data, is where it opens."""
    return frames(country, limit).dates


def default_span(country: str = "") -> tuple[dt.date, dt.date] | None:
    """The changes page's default: the last two snapshots that differ (the frame before the last
    change, and the last change), or None without data; one date twice when there is one."""
    dates = frames(country, limit=1_000_000).dates
    if not dates:
        return None
    return (dates[-2] if len(dates) > 1 else dates[-1]), dates[-1]


def changes_form_dates() -> list[dt.date]:
    """The dates the changes page and its API take their default span from (issue 14): the dates
    where control changed (so the last two snapshots that differ), else every date with data."""
    dates = control.control_dates()
    return frames(limit=len(dates) or 1).dates or dates


#: Credits owed by imported control tables, found by the file name their assertions cite.
IMPORT_CREDITS = {
    "wikipedia": _(
        "Control points: Wikipedia's “Syrian Civil War detailed map”, “Iraqi insurgency detailed map” and "
        "“Syrian and Iraqi insurgency detailed map” modules, by Wikipedia contributors, CC BY-SA 4.0."
    ),
    "baseline_control": _("Control baseline 2017-2019: written for conflictmap from public reporting."),
}


def credits() -> list[str]:
    """Credits of the control tables in the database (for the map pages' footer), in the
    reader's language."""

    def build() -> list[str]:
        imported = ControlAssertion.objects.filter(source="import")
        return [stem for stem in IMPORT_CREDITS if imported.filter(evidence__istartswith=stem).exists()]

    return [str(IMPORT_CREDITS[stem]) for stem in cached("credits", build=build) if stem in IMPORT_CREDITS]
