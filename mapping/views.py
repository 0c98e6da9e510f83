"""Public pages. Thin: read the filters, ask mapping/ for the map, render the site's template."""

from __future__ import annotations

import folium
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape

from events import control
from events.models import Actor, ControlAssertion, Event, Report
from events.report_text import report_segments
from gazetteer.models import Boundary, Place
from mapkit.embed import embed

from . import snapshots
from .basemap import new_map
from .elements import EventsLayer, LayerScript, Timeline, TimelineFrames
from .filters import COUNTRIES, EventFilter, country_param, date_param
from .style import kind_label, kinds_legend


def home(request: HttpRequest) -> HttpResponse:
    """Overview: the latest control map, recent events, what the database holds, links."""
    date = snapshots.latest_date()

    def build():
        snap = snapshots.snapshot(date)
        m = new_map()
        counts = add_control_layers(m, snap, places=False)
        return embed(m), counts, snapshots.Legend.of(snap)

    rendered, counts, legend = cached_map("home-map", date.isoformat(), build=build)
    shown = EventFilter(include_unverified=settings.MAP_SHOW_UNVERIFIED or request.user.is_staff)
    recent = list(
        shown.apply(Event.objects.all()).select_related("place", "actor1", "actor2").order_by("-date", "-id")[:8]
    )
    by_country = dict(Place.objects.values_list("country").annotate(n=Count("id")).order_by())
    context = {
        "map": rendered,
        "date": date,
        "snap": legend,
        "counts": counts,
        "recent": recent,
        "totals": {
            "reports": Report.objects.count(),
            "events": shown.apply(Event.objects.all()).count(),
            "places": sum(by_country.values()),
            "control": ControlAssertion.objects.count(),
        },
        "by_country": sorted(by_country.items()),
        "control_credits": snapshots.credits(),
        "boundary_total": Boundary.objects.count(),
    }
    return render(request, "mapping/home.html", context)


def events(request: HttpRequest) -> HttpResponse:
    f = EventFilter.from_request(request)
    query = f.query()
    m = new_map()
    EventsLayer(
        points_url=f"{reverse('mapping:api-events-points')}?{query}",
        list_url=f"{reverse('mapping:api-events-list')}?{query}",
    ).add_to(m)
    context = {
        "map": embed(m),
        "f": f,
        "errors": f.errors,
        "query": query,
        "total": f.apply(Event.objects.all()).count(),
        "kinds": kinds_legend(),
        "countries": sorted(COUNTRIES.items()),
        "actors": list(Actor.objects.values_list("name", flat=True)),
    }
    return render(request, "mapping/events.html", context)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    shown = EventFilter(include_unverified=settings.MAP_SHOW_UNVERIFIED or request.user.is_staff)
    events = list(
        shown.apply(report.events.all()).select_related("place", "actor1", "actor2").order_by("evidence_start")
    )
    unplaced = list(report.events.filter(lat__isnull=True).exclude(status="rejected"))
    m = new_map()
    if events:
        layer = folium.GeoJson(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                        "properties": {
                            "kind": kind_label(e.kind),
                            "place": e.place.name if e.place else e.place_mention,
                            "date": e.date.isoformat() if e.date else "",
                        },
                    }
                    for e in events
                ],
            },
            name="Events",
            marker=folium.CircleMarker(
                radius=7, weight=2, color="#ffffff", fill=True, fill_color="#8a1c1c", fill_opacity=0.9
            ),
        ).add_to(m)
        LayerScript(layer, "textTooltips", ["place", "kind", "date"]).add_to(m)
        lats, lons = [e.lat for e in events], [e.lon for e in events]
        pad = 0.3
        m.fit_bounds([[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]], max_zoom=9)
    context = {
        "report": report,
        "segments": report_segments(report, unresolved="not in the gazetteer"),
        "events": events,
        "unplaced": unplaced,
        "map": embed(m),
        "rtl": report.language in ("fa", "ar", "fa-AF", "prs"),
    }
    return render(request, "mapping/report.html", context)


def cached_map(kind: str, *parts, build):
    """A rendered map from the cache, keyed by the control data's version (so never stale)."""
    key = snapshots.cache_key(kind, *parts, settings.MAP_TILES_URL)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, snapshots.CACHE_SECONDS)
    return found


def add_control_layers(
    m, snap, *, places: bool = True, fronts_style: dict | None = None, name_suffix: str = ""
) -> dict:
    """Areas (holder colours), front lines, besieged rings and place dots of a snapshot."""
    counts = {"areas": 0, "fronts": 0, "rings": 0, "places": 0}
    areas = snapshots.areas_geojson(snap)
    if areas["features"]:
        layer = folium.GeoJson(
            areas,
            name=f"Areas of control{name_suffix}",
            style_function=lambda f: {
                "fillColor": f["properties"]["colour"],
                "fillOpacity": 0.42,
                "color": f["properties"]["colour"],
                "weight": 0.5,
                "opacity": 0.6,
            },
        ).add_to(m)
        LayerScript(layer, "textTooltips", ["holder"]).add_to(m)
        counts["areas"] = len(areas["features"])
    fronts = snapshots.fronts_geojson(snap)
    if fronts["features"]:
        style = fronts_style or {"color": "#111", "weight": 2.6, "opacity": 0.9}
        layer = folium.GeoJson(fronts, name=f"Front lines{name_suffix}", style_function=lambda f: style).add_to(m)
        LayerScript(layer, "textTooltips", ["label"]).add_to(m)
        counts["fronts"] = len(fronts["features"])
    rings = snapshots.rings_geojson(snap)
    if rings["features"]:
        layer = folium.GeoJson(
            rings,
            name=f"Sieges{name_suffix}",
            style_function=lambda f: {
                "color": snap.colours.get(f["properties"]["besieger"], "#000"),
                "weight": 4,
                "fill": False,
                "opacity": 0.95,
            },
        ).add_to(m)
        LayerScript(layer, "textTooltips", ["label"]).add_to(m)
        counts["rings"] = len(rings["features"])
    if places:
        dots = snapshots.places_geojson(snap)
        if dots["features"]:
            layer = folium.GeoJson(
                dots,
                name=f"Places{name_suffix}",
                marker=folium.CircleMarker(radius=3.5, fill=True, weight=1),
                style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#333", "fillOpacity": 0.95},
            ).add_to(m)
            LayerScript(layer, "textTooltips", ["name", "holder"]).add_to(m)
            LayerScript(layer, "controlPopups", {}).add_to(m)
            counts["places"] = len(dots["features"])
    return counts


def control_map(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    dates = control.control_dates()
    date = date_param(request.GET, "date", errors) or snapshots.latest_date(dates)
    country = country_param(request.GET, errors)

    def build():
        snap = snapshots.snapshot(date, country)
        m = new_map()
        counts = add_control_layers(m, snap)
        folium.LayerControl(collapsed=False).add_to(m)
        return embed(m), counts, snapshots.Legend.of(snap)

    # A cached page needs only the rendered map and its legend, never the whole snapshot
    # (thousands of places to unpickle on every request).
    rendered, counts, legend = cached_map("control-view", date.isoformat(), country, build=build)
    context = {
        "map": rendered,
        "errors": errors,
        "date": date,
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "dates": dates,
        "snap": legend,
        "counts": counts,
        "control_credits": snapshots.credits(),
    }
    return render(request, "mapping/control.html", context)


def changes_map(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    dates = control.control_dates()
    date_to = date_param(request.GET, "to", errors) or snapshots.latest_date(dates)
    earlier = [d for d in dates if d < date_to]
    date_from = date_param(request.GET, "from", errors) or (earlier[-1] if earlier else date_to)
    if date_from > date_to:
        errors.append("“from” is after “to”: swapped")
        date_from, date_to = date_to, date_from
    country = country_param(request.GET, errors)
    ch = snapshots.changes(date_from, date_to, country)
    m = new_map()
    counts = {"changed_areas": 0, "changed_places": len(ch.places)}
    changed = snapshots.changes_geojson(ch)
    if changed["features"]:
        layer = folium.GeoJson(
            changed,
            name="Changed hands",
            style_function=lambda f: {
                "fillColor": f["properties"]["colour"],
                "fillOpacity": 0.6,
                "color": f["properties"]["colour"],
                "weight": 1,
            },
        ).add_to(m)
        LayerScript(layer, "textTooltips", ["label"]).add_to(m)
        counts["changed_areas"] = len(changed["features"])
    for snap, name, style in (
        (
            ch.before,
            f"Front line {date_from:%Y-%m-%d}",
            {"color": "#444", "weight": 2.2, "dashArray": "6 5", "opacity": 0.9},
        ),
        (ch.after, f"Front line {date_to:%Y-%m-%d}", {"color": "#111", "weight": 2.8, "opacity": 0.95}),
    ):
        fronts = snapshots.fronts_geojson(snap)
        if fronts["features"]:
            layer = folium.GeoJson(fronts, name=name, style_function=lambda f, style=style: style).add_to(m)
            LayerScript(layer, "textTooltips", ["label"]).add_to(m)
        counts["fronts_from" if snap is ch.before else "fronts_to"] = len(fronts["features"])
    places = snapshots.changed_places_geojson(ch)
    if places["features"]:
        layer = folium.GeoJson(
            places,
            name="Places that changed hands",
            marker=folium.CircleMarker(radius=5, fill=True, weight=1.5),
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#222", "fillOpacity": 1},
        ).add_to(m)
        LayerScript(layer, "textTooltips", ["name", "label"]).add_to(m)
        LayerScript(layer, "controlPopups", {}).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    context = {
        "map": embed(m),
        "errors": errors,
        "date_from": date_from,
        "date_to": date_to,
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "dates": dates,
        "ch": ch,
        "control_credits": snapshots.credits(),
        "counts": counts,
    }
    return render(request, "mapping/changes.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    country = country_param(request.GET, errors)
    frames = snapshots.timeline_frames()
    features = []
    for date in frames:
        snap = snapshots.snapshot(date, country)
        stamp = date.isoformat()
        for f in snapshots.areas_geojson(snap, tolerance=0.005)["features"]:
            colour = f["properties"]["colour"]
            f["properties"].update(
                times=[stamp],
                tooltip=escape(f["properties"]["label"]),
                style={"fillColor": colour, "color": colour, "fillOpacity": 0.45, "weight": 0.5},
            )
            features.append(f)
        for f in snapshots.fronts_geojson(snap, tolerance=0.005)["features"]:
            f["properties"].update(
                times=[stamp], tooltip=escape(f["properties"]["label"]), style={"color": "#111", "weight": 2.5}
            )
            features.append(f)
    m = new_map()
    if features:
        timeline = Timeline(
            {"type": "FeatureCollection", "features": features},
            period="P1D",
            duration="PT1H",  # only the frame's own areas, not every earlier frame's too
            transition_time=400,
            auto_play=False,
            loop=False,
            add_last_point=False,
            date_options="YYYY-MM-DD",
            time_slider_drag_update=True,
            max_speed=4,
            speed_slider=False,
        ).add_to(m)
        TimelineFrames(timeline).add_to(m)
    context = {
        "map": embed(m),
        "errors": errors,
        "frames": frames,
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "feature_count": len(features),
        "control_credits": snapshots.credits(),
    }
    return render(request, "mapping/timeline.html", context)
