"""A Leaflet map in admin forms that shows and sets a point (assets served locally), and the admin
mixin that puts it on a model's change form.

``MapPointAdminMixin`` has the shape of Django's ``contrib.gis.admin.GeoModelAdminMixin``: class
attributes say which form fields the map drives, and one hook (``get_form``) adds the map to the
form. The map has no value of its own: it writes into the model's latitude, longitude and place
inputs, so the form posts plain fields. mapkit imports no other app: the URLs the map calls (a
place search returning JSON, outlines drawn under the map) are given as URL names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .assets import ASSETS

if TYPE_CHECKING:  # the mixin goes before a ModelAdmin: type-check it as one
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin[Any]
else:
    _AdminBase = object


class MapPointWidget(forms.Widget):
    """A map for a form with latitude/longitude inputs (and optionally a place input): click or
    drag to set the point; search places in any script to pick one. Without latitude/longitude
    inputs it shows ``point``, read-only (picking a place moves it). Renders no input of its own
    (use it on a ``MapField``).

    ``lat``, ``lon`` and ``place`` are the names of the form's fields ("" or None: absent).
    ``search_url_name`` names a view answering ``?q=`` with ``{"candidates": [{"place_id", "name",
    "kind", "admin1", "country", "matched_name", "lat", "lon"}, ...]}``; ``outlines_url_name`` a
    GeoJSON FeatureCollection drawn under the map. Either may be "" (no search, no outlines)."""

    template_name = "mapkit/widgets/map_point.html"

    def __init__(
        self,
        *,
        lat: str | None = "lat",
        lon: str | None = "lon",
        place: str | None = "place",
        point: tuple[float, float] | None = None,
        search_url_name: str = "",
        outlines_url_name: str = "",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.lat, self.lon, self.place, self.point = lat, lon, place, point
        self.search_url_name, self.outlines_url_name = search_url_name, outlines_url_name

    class Media:
        css = {"all": (ASSETS["leaflet_css"], "mapkit/admin-map.css")}
        js = (ASSETS["leaflet"], "mapkit/admin-map.js")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["map"] = {
            "lat": f"id_{self.lat}" if self.lat else "",
            "lon": f"id_{self.lon}" if self.lon else "",
            "place": f"id_{self.place}" if self.place else "",
            "point": f"{self.point[0]},{self.point[1]}" if self.point else "",
            "search": reverse(self.search_url_name) if self.search_url_name else "",
            # Leaflet guesses its marker images from its CSS, which fails once collectstatic has
            # hashed the file names: give it the real URLs.
            "icon": static("vendor/leaflet/images/marker-icon.png"),
            "icon2x": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadow": static("vendor/leaflet/images/marker-shadow.png"),
            "outlines": reverse(self.outlines_url_name) if self.outlines_url_name else "",
        }
        return context


class MapField(forms.Field):
    """A form field that only carries the map widget (it has no value of its own)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Map"))
        kwargs.setdefault("widget", MapPointWidget())
        super().__init__(**kwargs)

    def clean(self, value: Any) -> None:
        return None

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


class MapPointAdminMixin(_AdminBase):
    """Put a map on a ModelAdmin's form (``class PlaceAdmin(MapPointAdminMixin, admin.ModelAdmin)``).

    The map is the form field ``map_field``: list it in ``fieldsets`` where it should appear (an
    admin without fieldsets shows it last). It drives the inputs ``map_lat_field``,
    ``map_lon_field`` and ``map_place_field``; set an attribute to None when the model has no such
    field. A model without latitude/longitude inputs gets a read-only point: ``map_point(obj)``,
    by default the ``lat``/``lon`` of the object's ``map_place_field``."""

    map_field = "map"
    map_lat_field: str | None = "lat"
    map_lon_field: str | None = "lon"
    map_place_field: str | None = "place"
    map_search_url_name = ""  # URL name of the place search (JSON); "" hides the search box
    map_outlines_url_name = ""  # URL name of the outlines (GeoJSON) drawn under the map; "" for none
    map_widget = MapPointWidget

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        """The admin's form class, with the map added as ``map_field``."""
        base = kwargs.get("form") or self.form
        kwargs["form"] = type(base.__name__, (base,), {self.map_field: MapField(widget=self.map_widget_for(obj))})
        return super().get_form(request, obj, change, **kwargs)

    def map_widget_for(self, obj: models.Model | None) -> MapPointWidget:
        """The map widget for the form of ``obj`` (None on an add form)."""
        return self.map_widget(
            lat=self.map_lat_field,
            lon=self.map_lon_field,
            place=self.map_place_field,
            point=self.map_point(obj),
            search_url_name=self.map_search_url_name,
            outlines_url_name=self.map_outlines_url_name,
        )

    def map_point(self, obj: models.Model | None) -> tuple[float, float] | None:
        """The read-only point of a model without latitude/longitude inputs: where its place is."""
        if self.map_lat_field and self.map_lon_field:
            return None  # the inputs hold the point
        place = getattr(obj, self.map_place_field, None) if obj is not None and self.map_place_field else None
        if place is None or place.lat is None or place.lon is None:
            return None
        return (place.lat, place.lon)
