"""The basemap of the site's maps.

``new_map()`` makes a map with the vector basemap (country and governorate outlines and rivers
from the gazetteer's boundaries, optional raster tiles from ``MAP_TILES_URL``), simplified once
per boundaries version; ``clip_outline()`` gives the land that areas of control are clipped to.
Every asset URL is local (``mapkit.assets``); ``mapkit.embed`` puts a map into a page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import folium
from django.conf import settings
from django.db.models import Count, Max
from django.utils.html import escape
from shapely.geometry import mapping, shape

from gazetteer.models import Boundary

from . import style
from .geometry import prepare_clip

#: Syria and Iraq, south-west and north-east corners.
DEFAULT_BOUNDS = ((29.0, 35.5), (37.5, 48.8))
MAX_ZOOM = 14  # marker clustering needs it on the map itself when there are no tiles
MIN_ZOOM = 4


def new_map(*, bounds=DEFAULT_BOUNDS, basemap: bool = True, **options) -> folium.Map:
    m = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=6,
        tiles=None,
        maxZoom=options.pop("maxZoom", MAX_ZOOM),
        minZoom=options.pop("minZoom", MIN_ZOOM),
        control_scale=True,
        zoomSnap=0.25,
        zoomDelta=0.5,
        **options,
    )
    if basemap:
        add_basemap(m)
    m.fit_bounds([list(bounds[0]), list(bounds[1])])
    return m


def add_basemap(m: folium.Map) -> None:
    """Country and governorate outlines (drawn under everything, not clickable); tiles if set."""
    if settings.MAP_TILES_URL:
        folium.TileLayer(
            tiles=settings.MAP_TILES_URL,
            attr=escape(settings.MAP_TILES_ATTRIBUTION or "tiles"),
            name="Tiles",
            max_zoom=MAX_ZOOM,
            overlay=False,
            control=False,
        ).add_to(m)
    version = boundaries_version()  # one query for both look-ups below
    countries, governorates = _outlines(version)
    # Drawn in this order, each above the last: filled countries, governorate lines, rivers.
    if countries["features"]:
        folium.GeoJson(
            countries,
            name="Countries",
            style_function=lambda f: {
                "color": "#555",
                "weight": 1.6,
                "fillColor": style.LAND,
                "fillOpacity": 1 if not settings.MAP_TILES_URL else 0,
            },
            interactive=False,
            control=False,
        ).add_to(m)
    if governorates["features"]:
        folium.GeoJson(
            governorates,
            name="Governorates",
            style_function=lambda f: {"color": "#9a9a8f", "weight": 0.8, "dashArray": "4 3", "fill": False},
            interactive=False,
            control=False,
        ).add_to(m)
    lines = _rivers(version)
    if lines["features"]:
        folium.GeoJson(
            lines,
            name="Rivers",
            style_function=lambda f: {"color": "#6fa8dc", "weight": 1.6, "opacity": 0.9},
            interactive=False,
            control=False,
        ).add_to(m)


def boundaries_version() -> tuple:
    row = Boundary.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return row["n"], row["last"]


def outlines() -> tuple[dict, dict]:
    """Simplified country and governorate outlines as GeoJSON (cached until boundaries change)."""
    return _outlines(boundaries_version())


@lru_cache(maxsize=2)
def _outlines(version) -> tuple[dict, dict]:
    out: dict[str, list[dict[str, Any]]] = {"country": [], "governorate": []}
    for level, code, name, geometry in Boundary.objects.filter(level__in=out).values_list(
        "level", "code", "name", "geometry"
    ):
        geom = shape(geometry).simplify(0.01 if level == "country" else 0.005, preserve_topology=True)
        out[level].append(
            {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": _rounded(mapping(geom))}
        )
    countries, governorates = (
        {"type": "FeatureCollection", "features": out[level]} for level in ("country", "governorate")
    )
    return countries, governorates


@lru_cache(maxsize=2)
def _rivers(version) -> dict:
    """River centre lines (simplified) as GeoJSON, when loaded (`load_gazetteer boundaries`)."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": _rounded(mapping(shape(geometry).simplify(0.005))),
        }
        for name, geometry in Boundary.objects.filter(level="river").values_list("name", "geometry")
    ]
    return {"type": "FeatureCollection", "features": features}


def clip_outline():
    """The union of the country outlines as one shapely geometry (None when none are loaded)."""
    return _clip(boundaries_version())


def clip_of(version: tuple):
    """``clip_outline()`` for a ``boundaries_version()`` the caller already has (no query)."""
    return _clip(version)


@lru_cache(maxsize=2)
def _clip(version):
    shapes = list(Boundary.objects.filter(level="country").values_list("geometry", flat=True))
    return prepare_clip(shapes) if shapes else None


def _rounded(geom: dict, digits: int = 4) -> dict:
    def r(c):
        return [round(c[0], digits), round(c[1], digits)] if isinstance(c[0], float | int) else [r(x) for x in c]

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}
