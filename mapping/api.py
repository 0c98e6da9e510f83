"""Data behind the maps, for the pages' scripts and for users' own tools.

- ``/api/events.geojson``, ``/api/events.csv`` (ACLED columns) and ``/api/events.ucdp.csv`` (UCDP
  GED columns): every matching event, streamed.
- ``/api/events/points.json``: events grouped server-side by place and kind (what the events map
  draws, a few bytes per place instead of per event).
- ``/api/events/list.json?place=``: the events of one marker, with their evidence (popups).
- ``/api/control.geojson?date=`` and ``/api/frontlines.geojson?date=``.
- ``/api/control/map.json?date=``: the areas, front lines, siege rings and places the control
  page draws, in one answer (the page itself carries none of them).
- ``/api/changes/map.json?from=&to=``: the changed land, both front lines and the changed places
  the changes page draws.
- ``/api/timeline/map.json?country=``: the timeline's frames with their areas and front lines.
All take the same filters as the pages (``mapping/filters.py``) and answer 400 with
``{"errors": [...]}`` when one is malformed. The data itself comes from ``mapping/layers.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from events import export, ucdp_export
from events.models import Event

from . import layers, snapshots
from .filters import ChangesForm, ControlForm, CountryForm, EventFilter, PointForm

LIST_LIMIT = 50

#: Compact JSON that keeps non-ASCII names readable.
COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def _bad_request(errors: list[str]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponseBase:
    f = EventFilter.from_request(request)
    if f.errors:
        return _bad_request(f.errors)
    qs = f.apply(Event.objects.all())
    response = StreamingHttpResponse(
        export.geojson_chunks(export.feature(r) for r in export.rows(qs)),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="events.geojson"'
    return response


@require_GET
def events_csv(request: HttpRequest) -> HttpResponseBase:
    f = EventFilter.from_request(request)
    if f.errors:
        return _bad_request(f.errors)
    response = StreamingHttpResponse(
        export.acled_csv(f.apply(Event.objects.all()), with_sources=True), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="events-acled.csv"'
    return response


@require_GET
def events_ucdp_csv(request: HttpRequest) -> HttpResponseBase:
    f = EventFilter.from_request(request)
    if f.errors:
        return _bad_request(f.errors)
    response = StreamingHttpResponse(
        ucdp_export.ucdp_csv(f.apply(Event.objects.all())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="events-ucdp-ged.csv"'
    return response


@require_GET
def events_points(request: HttpRequest) -> JsonResponse:
    f = EventFilter.from_request(request)
    if f.errors:
        return _bad_request(f.errors)
    return JsonResponse(layers.event_points(f.apply(Event.objects.all())), json_dumps_params=COMPACT)


@require_GET
def events_list(request: HttpRequest) -> JsonResponse:
    """The events at one place (``place=ID``) or one point (``lat=&lon=``) for a popup."""
    f = EventFilter.from_request(request)
    if f.errors:
        return _bad_request(f.errors)
    qs = f.apply(Event.objects.all())
    if not f.place_id:
        point = PointForm(request.GET)
        if not point.is_valid():
            return _bad_request(["give place=ID or lat= and lon="])
        qs = qs.filter(place__isnull=True, lat=point.value("lat"), lon=point.value("lon"))
    data = layers.event_list(qs, staff=request.user.is_staff, limit=LIST_LIMIT)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _control_geojson(
    request: HttpRequest, kind: str, build: Callable[[snapshots.Snapshot], dict[str, Any]]
) -> HttpResponse:
    """A GeoJSON of the snapshot of ``date`` (default: the latest), built once per data version
    (the cache key carries it) and served as bytes afterwards: no snapshot to load, no geometry
    to convert, on a cache hit."""
    form = ControlForm(request.GET)
    if form.messages:
        return _bad_request(form.messages)
    date, country = form.value("date"), form.value("country")

    def body() -> bytes:
        return json.dumps(build(snapshots.snapshot(date, country)), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )

    content_type = "application/json" if kind == "api-control-map" else "application/geo+json"
    return HttpResponse(snapshots.cached(kind, date.isoformat(), country, build=body), content_type=content_type)


@require_GET
def control_geojson(request: HttpRequest) -> HttpResponse:
    """Areas per holder and the places with their holders on ``date`` (default: latest)."""
    return _control_geojson(request, "api-control", layers.control_geojson)


@require_GET
def control_map(request: HttpRequest) -> HttpResponse:
    """Everything the control page draws on ``date`` (default: latest): areas, front lines,
    siege rings and places. Gzipped and with an ETag (settings' middleware): a reader who has
    the snapshot already gets 304 Not Modified."""
    return _control_geojson(request, "api-control-map", layers.control_map_data)


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, **COMPACT).encode("utf-8")


@require_GET
def changes_map(request: HttpRequest) -> HttpResponse:
    """Everything the changes page draws between ``from`` and ``to`` (default: the last two
    dates where control changed, as on the page), built once per data version and served as
    bytes afterwards; gzipped, with an ETag (a 304 when unchanged)."""
    form = ChangesForm(request.GET, dates=snapshots.changes_form_dates())
    if form.messages:  # a malformed date, an unknown country, or "from" after "to"
        return _bad_request(form.messages)
    date_from, date_to, country = form.value("date_from"), form.value("date_to"), form.value("country")
    body = snapshots.cached(
        "api-changes-map",
        date_from.isoformat(),
        date_to.isoformat(),
        country,
        build=lambda: _json_bytes(layers.changes_map_data(snapshots.changes(date_from, date_to, country))),
    )
    return HttpResponse(body, content_type="application/json")


@require_GET
def timeline_map(request: HttpRequest) -> HttpResponse:
    """The timeline's frames (the dates where control changed, up to today) and the areas and
    front lines of each, built once per data version and day; gzipped, with an ETag."""
    form = CountryForm(request.GET)
    if form.messages:
        return _bad_request(form.messages)
    country = form.value("country")

    def body() -> bytes:
        frames = snapshots.frames(country).dates
        return _json_bytes(layers.timeline_map_data([snapshots.snapshot(d, country) for d in frames]))

    return HttpResponse(
        snapshots.cached("api-timeline-map", dt.date.today().isoformat(), country, build=body),
        content_type="application/json",
    )


@require_GET
def frontlines_geojson(request: HttpRequest) -> HttpResponse:
    """Front lines between holders on ``date`` (default: latest)."""
    return _control_geojson(request, "api-fronts", layers.frontlines_geojson)


def outlines_geojson(request: HttpRequest) -> JsonResponse:
    """Country and governorate outlines (simplified), for maps drawn in the browser (admin)."""
    return JsonResponse(layers.outlines_geojson(), content_type="application/geo+json", json_dumps_params=COMPACT)
