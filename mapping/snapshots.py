"""Control of the ground on a date: places with their holders, areas, front lines and sieges.

``snapshot(date)`` asks ``events.control`` who holds each place, then ``mapping.geometry`` for the
areas and front lines, and keeps the result in Django's cache (Redis when configured) under a key
that includes ``control_version()``: any change to control data makes new keys, so a cached
snapshot is never stale. ``changes(a, b)`` compares two snapshots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from events import control
from events.models import Actor
from lib.untrusted import isolate

from . import geometry
from .basemap import boundaries_version, clip_outline

CACHE_SECONDS = 24 * 3600


@dataclass
class Snapshot:
    date: dt.date
    country: str
    states: list  # events.control.ControlState
    areas: dict  # holder → shapely geometry
    fronts: list  # geometry.FrontLine
    rings: list  # geometry.Ring
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
    def besieged(self) -> list:
        return [s for s in self.states if s.besieged_by]


@dataclass(frozen=True)
class Legend:
    """What a page shows of a snapshot beside its map (small: cached with the rendered map)."""

    holders: list[tuple[str, str, int]]
    besieged: list

    @classmethod
    def of(cls, snap: Snapshot) -> Legend:
        return cls(holders=snap.holders, besieged=snap.besieged)


def cache_key(kind: str, *parts) -> str:
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
            settings.MAP_AREA_CAP_KM,
            *parts,
        )
    ).replace(" ", "_")


def actors_version() -> str:
    """A short hash of every actor's name and colour (the maps' legend and fills)."""
    import hashlib

    rows = Actor.objects.order_by("pk").values_list("pk", "name", "colour")
    return hashlib.sha1(repr(list(rows)).encode()).hexdigest()[:12]


def snapshot(date: dt.date, country: str = "") -> Snapshot:
    key = cache_key("snapshot", date.isoformat(), country)
    found = cache.get(key)
    if found is not None:
        return found
    snap = compute(date, country)
    cache.set(key, snap, CACHE_SECONDS)
    return snap


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
    areas = geometry.control_areas(points, clip, cap_km=settings.MAP_AREA_CAP_KM) if points and clip is not None else {}
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


def latest_date(dates: list[dt.date] | None = None) -> dt.date:
    """The date the control map opens on: the last date with control data, else today."""
    dates = control.control_dates() if dates is None else dates
    today = dt.date.today()
    past = [d for d in dates if d <= today]
    return past[-1] if past else today


def report_url(report_id: int | None) -> str | None:
    return reverse("mapping:report", args=[report_id]) if report_id else None


def places_geojson(snap: Snapshot) -> dict:
    features = []
    for s in snap.states:
        if s.lat is None or s.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": s.place_id,
                "geometry": {"type": "Point", "coordinates": [round(s.lon, 5), round(s.lat, 5)]},
                "properties": {
                    "layer": "place",
                    "name": s.name,
                    "holder": s.holder,
                    "colour": s.colour,
                    "date": s.date.isoformat(),
                    "besieged_by": list(s.besieged_by),
                    "source": s.source,
                    "status": s.status,
                    "evidence": s.evidence[:600],
                    "report_url": report_url(s.report_id),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def areas_geojson(snap: Snapshot, tolerance: float = 0.002) -> dict:
    fc = geometry.areas_to_geojson(snap.areas, tolerance=tolerance)
    for f in fc["features"]:
        p = f["properties"]
        p.update(
            layer="area",
            colour=snap.colours.get(p["holder"], control.UNKNOWN_COLOUR),
            label=f"{isolate(p['holder'])} ({p['area_km2']:,.0f} km²)",
        )
    return fc


def fronts_geojson(snap: Snapshot, tolerance: float = 0.002) -> dict:
    fc = geometry.fronts_to_geojson(snap.fronts, tolerance=tolerance)
    for f in fc["features"]:
        p = f["properties"]
        p.update(layer="front", label=f"front line: {isolate(p['a'])} | {isolate(p['b'])} ({p['length_km']:,.0f} km)")
    return fc


def rings_geojson(snap: Snapshot) -> dict:
    """One ring per (besieged place, besieger), so each is drawn in its besieger's colour."""
    features = []
    for f in geometry.rings_to_geojson(snap.rings)["features"]:
        for besieger in f["properties"]["besiegers"]:
            props = dict(
                f["properties"],
                layer="ring",
                besieger=besieger,
                label=f"besieged by {', '.join(map(isolate, f['properties']['besiegers']))}",
            )
            features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return {"type": "FeatureCollection", "features": features}


@dataclass
class Changes:
    date_from: dt.date
    date_to: dt.date
    before: Snapshot
    after: Snapshot
    areas: list  # geometry.Change: gainer, loser, geometry, area_km2
    places: list  # events.control.ControlChange

    @property
    def by_gainer(self) -> list[tuple[str, str, int, float]]:
        """(gainer, colour, places gained, km² gained), largest first."""
        out: dict[str, list] = {}
        for c in self.places:
            if c.holder_after:
                out.setdefault(c.holder_after, [0, 0.0])[0] += 1
        for a in self.areas:
            if a.gainer:
                out.setdefault(a.gainer, [0, 0.0])[1] += a.area_km2
        return sorted(
            ((g, self.after.colours.get(g, control.UNKNOWN_COLOUR), n, km2) for g, (n, km2) in out.items()),
            key=lambda x: (-x[3], -x[2], x[0]),
        )


def changes(date_from: dt.date, date_to: dt.date, country: str = "") -> Changes:
    key = cache_key("changes", date_from.isoformat(), date_to.isoformat(), country)
    found = cache.get(key)
    if found is not None:
        return found
    before, after = snapshot(date_from, country), snapshot(date_to, country)
    result = Changes(
        date_from=date_from,
        date_to=date_to,
        before=before,
        after=after,
        areas=geometry.changed_areas(before.areas, after.areas),
        places=control.changes_between(date_from, date_to, country=country or None),
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def changes_geojson(ch: Changes, tolerance: float = 0.002) -> dict:
    fc = geometry.changes_to_geojson(ch.areas, tolerance=tolerance)
    for f in fc["features"]:
        p = f["properties"]
        gainer, loser = p["gainer"] or "nobody", p["loser"] or "unclaimed land"
        p.update(
            layer="change",
            colour=ch.after.colours.get(p["gainer"], control.UNKNOWN_COLOUR),
            label=f"{isolate(gainer)} from {isolate(loser)} ({p['area_km2']:,.0f} km²)",
        )
    return fc


def changed_places_geojson(ch: Changes) -> dict:
    features = []
    for c in ch.places:
        features.append(
            {
                "type": "Feature",
                "id": c.place_id,
                "geometry": {"type": "Point", "coordinates": [round(c.lon, 5), round(c.lat, 5)]},
                "properties": {
                    "layer": "changed_place",
                    "label": f"{isolate(c.holder_before or 'unknown')} → {isolate(c.holder_after)}",
                    "name": c.name,
                    "holder": c.holder_after,
                    "before": c.holder_before,
                    "colour": ch.after.colours.get(c.holder_after, control.UNKNOWN_COLOUR),
                    "date": c.date.isoformat() if c.date else None,
                    "besieged_by": [],
                    "source": c.source,
                    "evidence": (c.evidence or "")[:600],
                    "report_url": report_url(c.report_id),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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
    key = cache_key("credits")
    found = cache.get(key)
    if found is None:
        from events.models import ControlAssertion

        imported = ControlAssertion.objects.filter(source="import")
        found = [text for stem, text in IMPORT_CREDITS.items() if imported.filter(evidence__istartswith=stem).exists()]
        cache.set(key, found, CACHE_SECONDS)
    return found
