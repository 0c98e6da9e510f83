"""mapping.maps: the folium builders draw hand-made snapshots onto a bare map. No test here may
touch the database (pytest-django refuses it), which checks that the builders run no query."""

from __future__ import annotations

import datetime as dt
import json
import re

import folium
import pytest

from events.models import Event
from mapping import layers, maps
from mapping.basemap import new_map

from .conftest import COLOURS, D1, D2, handmade_snapshot


def bare_map() -> folium.Map:
    return new_map(basemap=False)  # the basemap reads the gazetteer's boundaries


def html_of(m: folium.Map) -> str:
    return m.get_root().render()


def geojson_layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {child.layer_name: child for child in m._children.values() if isinstance(child, folium.GeoJson)}


def test_control_layers_draw_areas_fronts_rings_and_places_in_that_order(before):
    m = bare_map()
    counts = maps.add_control_layers(m, before)
    assert counts == {"areas": 3, "fronts": 1, "rings": 1, "places": 4}
    assert list(geojson_layers(m)) == ["Areas of control", "Front lines", "Sieges", "Places"]
    html = html_of(m)
    assert all(colour in html for colour in COLOURS.values())
    assert html.count("conflictmap.textTooltips(") == 4 and html.count("conflictmap.controlPopups(") == 1
    assert "L.control.layers" in html


def test_the_overview_map_has_no_place_dots_and_no_layer_control(before):
    m = bare_map()
    counts = maps.add_control_layers(m, before, places=False, layer_control=False)
    assert counts["places"] == 0 and "Places" not in geojson_layers(m)
    html = html_of(m)
    assert "controlPopups" not in html and "L.control.layers" not in html


def test_sieges_are_drawn_in_the_besiegers_colour(before):
    m = bare_map()
    maps.add_control_layers(m, before)
    sieges = geojson_layers(m)["Sieges"]
    [ring] = layers.rings_geojson(before)["features"]
    style = sieges.style_function(ring)
    assert style["color"] == COLOURS["ISIS"] and style["fill"] is False


def test_an_empty_snapshot_draws_no_layer():
    m = bare_map()
    counts = maps.add_control_layers(m, handmade_snapshot(D1, []))
    assert counts == {"areas": 0, "fronts": 0, "rings": 0, "places": 0}
    assert geojson_layers(m) == {}


def test_the_changes_map_loads_its_layers_from_the_api(changes):
    m = bare_map()
    names = {"changes": "Changed hands", "fronts_from": "A", "fronts_to": "B", "places": "Places that changed hands"}
    maps.add_changes_data(m, url=f"/api/changes/map.json?from={D1}&to={D2}", names=names)
    assert geojson_layers(m) == {}  # no layer drawn by folium: the script loads them
    html = html_of(m)
    assert "conflictmap.changesLayers(" in html and f"/api/changes/map.json?from={D1}\\u0026to={D2}" in html
    assert '"dashArray": "6 5"' in html  # the earlier front's style goes along
    assert COLOURS["SDF"] not in html and "Raqqa" not in html


def test_the_timeline_loads_its_frames_from_the_api():
    m = bare_map()
    maps.add_timeline_data(m, url="/api/timeline/map.json?country=SY")
    html = html_of(m)
    assert "conflictmap.timelineLayer(" in html and '"url": "/api/timeline/map.json?country=SY"' in html
    assert "leaflet.timedimension" in html and "moment" in html  # the player's scripts are linked
    assert '"times"' not in html and '"duration": "PT1H"' in html  # no frame in the page; one frame at a time


def test_the_timeline_player_shows_the_readers_dates():
    m = bare_map()
    maps.add_timeline_data(m, url="/api/timeline/map.json", labels={"2017-07-15": "۱۳۹۶/۰۴/۲۴"})
    assert '"dateLabels": {"2017-07-15": "۱۳۹۶/۰۴/۲۴"}' in html_of(m)


def test_the_events_layer_loads_its_points_and_popups_from_the_apis():
    m = bare_map()
    maps.add_events_layer(m, points_url="/api/events/points.json?kind=battle", list_url="/api/events/list.json?x=</s>")
    html = html_of(m)
    assert "conflictmap.eventsLayer(" in html and '"pointsUrl": "/api/events/points.json?kind=battle"' in html
    assert "x=</s>" not in html and "x=\\u003c/s\\u003e" in html
    assert "leaflet.markercluster.js" in html  # the clusters' plugin, from our own static files


def test_a_reports_map_zooms_to_its_events():
    m = bare_map()
    events = [
        Event(kind="battle", lat=35.95, lon=39.01, date=D2, place_mention="Raqqa"),
        Event(kind="battle", lat=36.34, lon=43.13, date=D2 - dt.timedelta(days=2), place_mention="Mosul"),
    ]
    maps.add_report_events(m, events)
    assert list(geojson_layers(m)) == ["Events"]
    pad = maps.REPORT_PAD
    bounds = re.findall(r"fitBounds\(\s*(\[\[.*?\]\])", html_of(m), re.S)[-1]
    expected = [[35.95 - pad, 39.01 - pad], [36.34 + pad, 43.13 + pad]]
    (south, west), (north, east) = json.loads(bounds)
    assert [south, west, north, east] == pytest.approx([v for corner in expected for v in corner])


def test_a_report_without_placed_events_keeps_the_whole_map():
    m = bare_map()
    maps.add_report_events(m, [Event(kind="battle", lat=None, lon=None, place_mention="nowhere")])
    assert geojson_layers(m) == {}
