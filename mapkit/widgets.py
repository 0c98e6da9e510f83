"""Admin form widgets: a Leaflet map that shows and sets a point (assets served locally)."""

from __future__ import annotations

from django import forms
from django.templatetags.static import static
from django.urls import reverse

from .assets import ASSETS


class MapPointWidget(forms.Widget):
    """A map for a form with latitude/longitude inputs (and optionally a place field): click or
    drag to set the point; search the gazetteer in any script to pick a place.
    Renders no input of its own (use it on a ``MapField``)."""

    template_name = "mapkit/widgets/map_point.html"

    def __init__(self, *, lat: str = "lat", lon: str = "lon", place: str | None = "place", attrs=None):
        super().__init__(attrs)
        self.lat, self.lon, self.place = lat, lon, place
        self.point: tuple[float, float] | None = None  # a read-only point (no lat/lon inputs)

    class Media:
        css = {"all": (ASSETS["leaflet_css"], "mapkit/admin-map.css")}
        js = (ASSETS["leaflet"], "mapkit/admin-map.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["map"] = {
            "lat": f"id_{self.lat}" if self.lat else "",
            "lon": f"id_{self.lon}" if self.lon else "",
            "place": f"id_{self.place}" if self.place else "",
            "point": f"{self.point[0]},{self.point[1]}" if self.point else "",
            "search": reverse("gazetteer:search-json"),
            # Leaflet guesses its marker images from its CSS, which fails once collectstatic has
            # hashed the file names: give it the real URLs.
            "icon": static("vendor/leaflet/images/marker-icon.png"),
            "icon2x": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadow": static("vendor/leaflet/images/marker-shadow.png"),
            "outlines": reverse("mapping:api-outlines"),
        }
        return context


class MapField(forms.Field):
    """A form field that only carries the map widget (it has no value of its own)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Map")
        kwargs.setdefault("widget", MapPointWidget())
        super().__init__(**kwargs)

    def clean(self, value):
        return None

    def has_changed(self, initial, data):
        return False
