"""The site's folium maps: control, changes, timeline, events and a report's events.

Every builder draws onto a map made by ``mapping.basemap.new_map()`` (passed in) from data passed
in (snapshots, changes, events): no database query here. The GeoJSON comes from
``mapping.layers``, the styles from ``mapping.style``, and the site's own elements (tooltips,
popups, the events layer, the timeline's frames) from ``mapping.elements``. Layers are added in
drawing order (areas under lines under dots), and a layer with no features is not added at all.
The counts the builders return are the features drawn per layer (the pages show them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import folium

from events.models import Event

from . import layers, style
from .elements import ApiLayers, EventsLayer, LayerScript, TimelineData
from .snapshots import Snapshot

#: Around a report's events, in degrees, when the map zooms to them; and how close it may get.
REPORT_PAD = 0.3
REPORT_MAX_ZOOM = 9


def _draw(
    m: folium.Map,
    collection: layers.GeoJSON,
    name: str,
    style_of: Callable[[dict[str, Any]], style.Style],
    tooltip: list[str],
    *,
    marker: folium.CircleMarker | None = None,
    popups: bool = False,
) -> int:
    """One GeoJSON layer with text tooltips (and the control popups): the number of features."""
    features = collection["features"]
    if not features:
        return 0
    layer = folium.GeoJson(collection, name=name, marker=marker, style_function=style_of)
    layer.add_to(m)
    LayerScript(layer, "textTooltips", tooltip).add_to(m)
    if popups:
        LayerScript(layer, "controlPopups", {}).add_to(m)
    return len(features)


def add_control_layers(
    m: folium.Map, snap: Snapshot, *, places: bool = True, layer_control: bool = True
) -> dict[str, int]:
    """Areas (holder colours), front lines, besieged rings and, with ``places``, the place dots
    of a snapshot; their counts."""
    counts = {
        "areas": _draw(
            m,
            layers.areas_geojson(snap),
            "Areas of control",
            lambda f: style.filled(f["properties"]["colour"], style.AREA),
            ["holder"],
        ),
        "fronts": _draw(m, layers.fronts_geojson(snap), "Front lines", lambda f: style.FRONT, ["label"]),
        "rings": _draw(
            m,
            layers.rings_geojson(snap),
            "Sieges",
            lambda f: {"color": snap.colours.get(f["properties"]["besieger"], style.RING_COLOUR), **style.RING},
            ["label"],
        ),
        "places": 0,
    }
    if places:
        counts["places"] = _draw(
            m,
            layers.places_geojson(snap),
            "Places",
            lambda f: style.dot(f["properties"]["colour"], style.PLACE),
            ["name", "holder"],
            marker=folium.CircleMarker(**style.PLACE_MARKER),
            popups=True,
        )
    if layer_control:
        folium.LayerControl(collapsed=False).add_to(m)
    return counts


def add_control_data(m: folium.Map, *, url: str, names: dict[str, str]) -> None:
    """The control page's layers (areas, fronts, sieges, places on a canvas), which the browser
    loads from ``url`` (``/api/control/map.json``); ``names`` label them in the layer control."""
    styles = {
        "area": style.AREA,
        "front": style.FRONT,
        "ring": style.RING,
        "ringColour": style.RING_COLOUR,
        "place": style.PLACE,
        "placeMarker": style.PLACE_MARKER,
    }
    ApiLayers("controlLayers", url=url, styles=styles, names=names).add_to(m)


def add_changes_data(m: folium.Map, *, url: str, names: dict[str, str]) -> None:
    """The changes page's layers (land that changed hands in the gainer's colour, the earlier
    front dashed, the later solid, the places that changed hands on a canvas), which the browser
    loads from ``url`` (``/api/changes/map.json``); ``names`` label them in the layer control."""
    styles = {
        "change": style.CHANGE,
        "frontFrom": style.FRONT_BEFORE,
        "frontTo": style.FRONT_AFTER,
        "place": style.CHANGED_PLACE,
        "placeMarker": style.CHANGED_PLACE_MARKER,
    }
    ApiLayers("changesLayers", url=url, styles=styles, names=names).add_to(m)


def add_timeline_data(m: folium.Map, *, url: str, labels: dict[str, str] | None = None) -> None:
    """The timeline's player, stepping frame by frame through the frames the browser loads from
    ``url`` (``/api/timeline/map.json``), opening on the latest; each frame shows only its own
    areas and front lines. ``labels``: each frame's date (YYYY-MM-DD) as the reader writes it
    (Solar Hijri in Persian), shown by the player; a date without one is shown as YYYY-MM-DD."""
    TimelineData(
        url=url,
        options={
            "period": "P1D",
            "duration": "PT1H",  # only the frame's own areas, not every earlier frame's too
            "dateFormat": "YYYY-MM-DD",
            "dateLabels": labels or {},
            "control": {
                "position": "bottomleft",
                "autoPlay": False,
                "loopButton": False,
                "timeSliderDragUpdate": True,
                "speedSlider": False,
                "minSpeed": 0.1,
                "maxSpeed": 4,
                "playerOptions": {"transitionTime": 400, "loop": False, "startOver": True},
            },
        },
    ).add_to(m)


def add_events_layer(m: folium.Map, *, points_url: str, list_url: str) -> None:
    """The events map's clusters: the browser loads ``points_url`` and each popup ``list_url``."""
    EventsLayer(points_url=points_url, list_url=list_url).add_to(m)


def add_report_events(m: folium.Map, events: Sequence[Event]) -> None:
    """A report's placed events as dots, the map zoomed to them."""
    collection = layers.report_events_geojson(events)
    if not collection["features"]:
        return
    layer = folium.GeoJson(collection, name="Events", marker=folium.CircleMarker(**style.REPORT_EVENT_MARKER))
    layer.add_to(m)
    LayerScript(layer, "textTooltips", ["place", "kind", "date"]).add_to(m)
    lons, lats = zip(*(f["geometry"]["coordinates"] for f in collection["features"]), strict=True)
    m.fit_bounds(
        [[min(lats) - REPORT_PAD, min(lons) - REPORT_PAD], [max(lats) + REPORT_PAD, max(lons) + REPORT_PAD]],
        max_zoom=REPORT_MAX_ZOOM,
    )
