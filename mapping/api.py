"""Data behind the maps, for the pages' scripts and for users' own tools.

- ``/api/events.geojson`` and ``/api/events.csv`` (ACLED columns): every matching event, streamed.
- ``/api/events/points.json``: events grouped server-side by place and kind (what the events map
  draws, a few bytes per place instead of per event).
- ``/api/events/list.json?place=``: the events of one marker, with their evidence (popups).
- ``/api/control.geojson?date=`` and ``/api/frontlines.geojson?date=``.
All take the same filters as the pages (``mapping/filters.py``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from events import export
from events.models import Event
from gazetteer.models import Place

from . import snapshots
from .filters import EventFilter, country_param, date_param
from .style import kinds_legend

LIST_LIMIT = 50


def _bad_request(f: EventFilter) -> JsonResponse | None:
    return JsonResponse({"errors": f.errors}, status=400) if f.errors else None


@require_GET
def events_geojson(request: HttpRequest):
    f = EventFilter.from_request(request)
    if error := _bad_request(f):
        return error
    qs = f.apply(Event.objects.all())
    response = StreamingHttpResponse(
        export.geojson_chunks(export.feature(r) for r in export.rows(qs)),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="events.geojson"'
    return response


@require_GET
def events_csv(request: HttpRequest):
    f = EventFilter.from_request(request)
    if error := _bad_request(f):
        return error
    response = StreamingHttpResponse(
        export.acled_csv(f.apply(Event.objects.all())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="events-acled.csv"'
    return response


def event_points(f: EventFilter) -> dict:
    """Events grouped by (place or point, kind): ``points`` rows are
    ``[lat, lon, kind index, events, place id or 0, place name, latest date]``."""
    kinds = kinds_legend()
    index = {k["key"]: i for i, k in enumerate(kinds)}
    groups = (
        f.apply(Event.objects.all())
        .values("place_id", "kind", "lat", "lon")
        .annotate(n=Count("id"), last=Max("date"))
        .order_by()
    )
    rows = list(groups)
    names = dict(Place.objects.filter(id__in={r["place_id"] for r in rows if r["place_id"]}).values_list("id", "name"))
    points = [
        [
            round(r["lat"], 5),
            round(r["lon"], 5),
            index.get(r["kind"], len(kinds) - 1),
            r["n"],
            r["place_id"] or 0,
            names.get(r["place_id"], ""),
            r["last"].isoformat() if r["last"] else "",
        ]
        for r in rows
    ]
    points.sort(key=lambda p: (p[2], p[0], p[1], p[4]))
    return {"kinds": kinds, "points": points, "events": sum(r["n"] for r in rows)}


@require_GET
def events_points(request: HttpRequest) -> JsonResponse:
    f = EventFilter.from_request(request)
    if error := _bad_request(f):
        return error
    return JsonResponse(event_points(f), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@require_GET
def events_list(request: HttpRequest) -> JsonResponse:
    """The events at one place (``place=ID``) or one point (``lat=&lon=``) for a popup."""
    f = EventFilter.from_request(request)
    if error := _bad_request(f):
        return error
    qs = f.apply(Event.objects.all())
    if not f.place_id:
        try:
            qs = qs.filter(place__isnull=True, lat=float(request.GET["lat"]), lon=float(request.GET["lon"]))
        except (KeyError, ValueError):
            return JsonResponse({"errors": ["give place=ID or lat= and lon="]}, status=400)
    total = qs.count()
    staff = request.user.is_staff
    events = []
    for e in qs.select_related("actor1", "actor2", "place", "report").order_by("-date", "-id")[:LIST_LIMIT]:
        events.append(
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
                "admin": reverse("admin:events_event_change", args=[e.id]) if staff else None,
            }
        )
    return JsonResponse({"total": total, "events": events}, json_dumps_params={"ensure_ascii": False})


def _control_params(request: HttpRequest) -> tuple[dt.date | None, str, list[str]]:
    errors: list[str] = []
    date = date_param(request.GET, "date", errors)
    if date is None and not errors:
        date = snapshots.latest_date()
    return date, country_param(request.GET, errors), errors


def _cached_geojson(kind: str, date: dt.date, country: str, build) -> HttpResponse:
    """A GeoJSON body built once per data version (the cache key carries it) and served as
    bytes afterwards: no snapshot to load, no geometry to convert, on a cache hit."""
    key = snapshots.cache_key(kind, date.isoformat(), country)
    body = cache.get(key)
    if body is None:
        body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        cache.set(key, body, snapshots.CACHE_SECONDS)
    return HttpResponse(body, content_type="application/geo+json")


@require_GET
def control_geojson(request: HttpRequest) -> HttpResponse:
    """Areas per holder and the places with their holders on ``date`` (default: latest)."""
    date, country, errors = _control_params(request)
    if errors:
        return JsonResponse({"errors": errors}, status=400)

    def build() -> dict:
        snap = snapshots.snapshot(date, country)
        areas, places = snapshots.areas_geojson(snap), snapshots.places_geojson(snap)
        for f in areas["features"]:
            f["properties"]["layer"] = "area"
        for f in places["features"]:
            f["properties"]["layer"] = "place"
        return {
            "type": "FeatureCollection",
            "date": date.isoformat(),
            "features": areas["features"] + places["features"],
        }

    return _cached_geojson("api-control", date, country, build)


@require_GET
def frontlines_geojson(request: HttpRequest) -> HttpResponse:
    date, country, errors = _control_params(request)
    if errors:
        return JsonResponse({"errors": errors}, status=400)

    def build() -> dict:
        fc = snapshots.fronts_geojson(snapshots.snapshot(date, country))
        fc["date"] = date.isoformat()
        return fc

    return _cached_geojson("api-fronts", date, country, build)


@require_GET
def outlines_geojson(request: HttpRequest) -> JsonResponse:
    """Country and governorate outlines (simplified), for maps drawn in the browser (admin)."""
    from .basemap import outlines

    countries, governorates = outlines()
    return JsonResponse(
        {"type": "FeatureCollection", "features": countries["features"] + governorates["features"]},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
