"""Every GeoJSON the site's maps and APIs draw, in one module.

From snapshots and changes (``mapping.snapshots``): places, areas, front lines, siege rings,
changed land and changed places, the timeline's frames and the control APIs' collections; from
events: the points of the events map, the events of one marker's popup, a report's events;
from the basemap: the outlines the admin draws.

Guarantees: every function returns a JSON-ready dict (a FeatureCollection unless it says
otherwise) and writes nothing; names from reports and from the actor table go into properties
as given (the maps' scripts and the templates escape them), and the labels built from them wrap
each name with ``isolate`` so right-to-left text or a stray direction mark cannot reorder the
label; the functions taking a queryset run a fixed number of queries, never one per row.
Geometry itself is encoded by ``mapping.geometry``'s ``*_to_geojson``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils.html import escape

from events import control
from events.models import Event
from gazetteer.models import Place
from lib.display import isolate

from . import geometry, style
from .basemap import outlines
from .snapshots import Changes, Snapshot

type GeoJSON = dict[str, Any]

#: Evidence longer than this is cut in the control layers' popups.
EVIDENCE_CHARS = 600


def _collection(features: list[GeoJSON], **members: Any) -> GeoJSON:
    return {"type": "FeatureCollection", **members, "features": features}


def report_url(report_id: int | None) -> str | None:
    return reverse("mapping:report", args=[report_id]) if report_id else None


# --- control ------------------------------------------------------------------------------------


def places_geojson(snap: Snapshot) -> GeoJSON:
    """The places of a snapshot with their holder, colour, siege and the assertion behind it."""
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
                    "evidence": s.evidence[:EVIDENCE_CHARS],
                    "report_url": report_url(s.report_id),
                },
            }
        )
    return _collection(features)


def areas_geojson(snap: Snapshot, tolerance: float = 0.002) -> GeoJSON:
    """One area per holder, in the holder's colour, labelled with its size."""
    fc = geometry.areas_to_geojson(snap.areas, tolerance=tolerance)
    for f in fc["features"]:
        p = f["properties"]
        p.update(
            layer="area",
            colour=snap.colours.get(p["holder"], control.UNKNOWN_COLOUR),
            label=f"{isolate(p['holder'])} ({p['area_km2']:,.0f} km²)",
        )
    return fc


def fronts_geojson(snap: Snapshot, tolerance: float = 0.002) -> GeoJSON:
    """One front line per pair of holders, labelled with the two sides and its length."""
    fc = geometry.fronts_to_geojson(snap.fronts, tolerance=tolerance)
    for f in fc["features"]:
        p = f["properties"]
        p.update(layer="front", label=f"front line: {isolate(p['a'])} | {isolate(p['b'])} ({p['length_km']:,.0f} km)")
    return fc


def rings_geojson(snap: Snapshot) -> GeoJSON:
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
    return _collection(features)


def changes_geojson(ch: Changes, tolerance: float = 0.002) -> GeoJSON:
    """Land that changed hands, one feature per (gainer, loser), in the gainer's colour."""
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


def changed_places_geojson(ch: Changes) -> GeoJSON:
    """The places whose holder changed, with both holders and the assertion behind the change."""
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
                    "colour": ch.after.colours.get(c.holder_after or "", control.UNKNOWN_COLOUR),
                    "date": c.date.isoformat() if c.date else None,
                    "besieged_by": [],
                    "source": c.source,
                    "evidence": (c.evidence or "")[:EVIDENCE_CHARS],
                    "report_url": report_url(c.report_id),
                },
            }
        )
    return _collection(features)


def control_geojson(snap: Snapshot) -> GeoJSON:
    """``/api/control.geojson``: the areas, then the places, of the snapshot's date."""
    features = areas_geojson(snap)["features"] + places_geojson(snap)["features"]
    return _collection(features, date=snap.date.isoformat())


def frontlines_geojson(snap: Snapshot) -> GeoJSON:
    """``/api/frontlines.geojson``: the front lines of the snapshot's date."""
    return _collection(fronts_geojson(snap)["features"], date=snap.date.isoformat())


def timeline_geojson(snaps: Iterable[Snapshot]) -> GeoJSON:
    """The areas and front lines of each snapshot, stamped with its date (``times``), styled and
    with an escaped tooltip, as folium's TimestampedGeoJson draws them."""
    features = []
    for snap in snaps:
        stamp = snap.date.isoformat()
        for f in areas_geojson(snap, tolerance=0.005)["features"]:
            colour = f["properties"]["colour"]
            f["properties"].update(
                times=[stamp],
                tooltip=escape(f["properties"]["label"]),
                style=style.filled(colour, style.TIMELINE_AREA),
            )
            features.append(f)
        for f in fronts_geojson(snap, tolerance=0.005)["features"]:
            f["properties"].update(
                times=[stamp], tooltip=escape(f["properties"]["label"]), style=dict(style.TIMELINE_FRONT)
            )
            features.append(f)
    return _collection(features)


# --- events -------------------------------------------------------------------------------------


def report_events_geojson(events: Sequence[Event]) -> GeoJSON:
    """A report's placed events as points (select their places beforehand: no query per event)."""
    return _collection(
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                "properties": {
                    "kind": style.kind_label(e.kind),
                    "place": e.place.name if e.place else e.place_mention,
                    "date": e.date.isoformat() if e.date else "",
                },
            }
            for e in events
            if e.lat is not None and e.lon is not None
        ]
    )


def event_points(events: QuerySet[Event]) -> dict[str, Any]:
    """What the events map draws (not GeoJSON: a few bytes per place instead of per event).

    Events grouped by (place or point, kind): ``points`` rows are
    ``[lat, lon, kind index, events, place id or 0, place name, latest date]``; ``kinds`` is the
    legend the kind index points into; ``events`` the total. Two queries."""
    kinds = style.kinds_legend()
    index = {k["key"]: i for i, k in enumerate(kinds)}
    groups = events.values("place_id", "kind", "lat", "lon").annotate(n=Count("id"), last=Max("date")).order_by()
    rows = list(groups)
    names = dict(Place.objects.filter(id__in={r["place_id"] for r in rows if r["place_id"]}).values_list("id", "name"))
    points = []
    for r in rows:
        lat, lon = r["lat"], r["lon"]
        if lat is None or lon is None:  # EventFilter.apply keeps placed events only
            continue
        points.append(
            [
                round(lat, 5),
                round(lon, 5),
                index.get(r["kind"], len(kinds) - 1),
                r["n"],
                r["place_id"] or 0,
                names.get(r["place_id"], ""),
                r["last"].isoformat() if r["last"] else "",
            ]
        )
    points.sort(key=lambda p: (p[2], p[0], p[1], p[4]))
    return {"kinds": kinds, "points": points, "events": sum(r["n"] for r in rows)}


def event_list(events: QuerySet[Event], *, staff: bool, limit: int) -> dict[str, Any]:
    """The events of one marker's popup (not GeoJSON): the ``total`` and the newest ``limit``
    with their evidence and links (the admin's only for ``staff``). Two queries."""
    rows = events.select_related("actor1", "actor2", "place", "report").order_by("-date", "-id")[:limit]
    return {
        "total": events.count(),
        "events": [
            {
                "id": e.id,
                "date": e.date.isoformat() if e.date else None,
                "kind": e.kind,
                "place": e.place.name if e.place else e.place_mention,
                "place_mention": e.place_mention,
                "actor1": e.actor1.name if e.actor1 else None,
                "actor2": e.actor2.name if e.actor2 else None,
                "evidence": e.evidence,
                "status": e.status,
                "claim": e.claim,
                "report": reverse("mapping:report", args=[e.report_id]),
                "report_title": str(e.report),
                "sources": e.sources,
                "outlets": e.outlets or [],
                "admin": reverse("admin:events_event_change", args=[e.id]) if staff else None,
            }
            for e in rows
        ],
    }


# --- basemap ------------------------------------------------------------------------------------


def outlines_geojson() -> GeoJSON:
    """Country and governorate outlines (simplified), for maps drawn in the browser (admin)."""
    countries, governorates = outlines()
    return _collection(countries["features"] + governorates["features"])


def control_map_data(snap: Snapshot) -> dict[str, Any]:
    """``/api/control/map.json``: what the control page draws, in one answer: areas, front lines,
    siege rings and places (each a FeatureCollection) and the holders' colours (the rings')."""
    return {
        "date": snap.date.isoformat(),
        "colours": dict(snap.colours),
        "areas": areas_geojson(snap),
        "fronts": fronts_geojson(snap),
        "rings": rings_geojson(snap),
        "places": places_geojson(snap),
    }


def changes_map_data(ch: Changes) -> dict[str, Any]:
    """``/api/changes/map.json``: what the changes page draws, in one answer: the land that
    changed hands, the front lines of both dates and the places that changed hands (each a
    FeatureCollection)."""
    return {
        "from": ch.date_from.isoformat(),
        "to": ch.date_to.isoformat(),
        "changes": changes_geojson(ch),
        "fronts_from": fronts_geojson(ch.before),
        "fronts_to": fronts_geojson(ch.after),
        "places": changed_places_geojson(ch),
    }


def timeline_map_data(snaps: Sequence[Snapshot]) -> GeoJSON:
    """``/api/timeline/map.json``: the timeline's frames (``frames``, ISO dates) and their areas
    and front lines (``timeline_geojson``)."""
    return _collection(timeline_geojson(snaps)["features"], frames=[s.date.isoformat() for s in snaps])
