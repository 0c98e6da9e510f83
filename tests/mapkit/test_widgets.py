"""mapkit's admin map: the widget's context, markup and media, and the admin mixin that adds it to
a ModelAdmin's form (lat/lon inputs, or a read-only point where the model has none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse

import mapkit
from events.models import Actor, ControlAssertion
from gazetteer.models import Place
from mapkit.widgets import MapField, MapPointAdminMixin, MapPointWidget

SEARCH, OUTLINES = "gazetteer:search-json", "mapping:api-outlines"


def test_the_context_names_the_inputs_and_the_urls():
    widget = MapPointWidget(lat="lat", lon="lon", place="place", search_url_name=SEARCH, outlines_url_name=OUTLINES)
    context = widget.get_context("map", None, {})["widget"]["map"]
    assert (context["lat"], context["lon"], context["place"], context["point"]) == ("id_lat", "id_lon", "id_place", "")
    assert context["search"] == reverse(SEARCH) and context["outlines"] == reverse(OUTLINES)
    assert context["icon"].endswith("vendor/leaflet/images/marker-icon.png")


def test_a_read_only_point_and_no_urls():
    widget = MapPointWidget(lat=None, lon=None, place="place", point=(34.69, 40.83))
    context = widget.get_context("map", None, {})["widget"]["map"]
    assert (context["lat"], context["lon"], context["point"]) == ("", "", "34.69,40.83")
    assert context["search"] == "" and context["outlines"] == ""


def test_the_markup_carries_the_options_and_hides_the_search_without_its_url():
    with_search = MapPointWidget(search_url_name=SEARCH).render("map", None)
    assert 'class="cm-admin-map"' in with_search and 'data-lat="id_lat"' in with_search
    assert f'data-search="{reverse(SEARCH)}"' in with_search and "cm-admin-map-search" in with_search
    without = MapPointWidget(lat=None, lon=None, point=(1.5, 2.5)).render("map", None)
    assert 'data-point="1.5,2.5"' in without and "cm-admin-map-search" not in without
    assert "The point of the chosen place." in without


def test_the_media_are_local_static_files_of_mapkit_and_leaflet():
    paths = [*MapPointWidget.Media.css["all"], *MapPointWidget.Media.js]
    assert paths == [
        "vendor/leaflet/leaflet.css",
        "mapkit/admin-map.css",
        "vendor/leaflet/leaflet.js",
        "mapkit/admin-map.js",
    ]
    html = str(MapPointWidget().media)
    assert "/static/mapkit/admin-map.js" in html and "/static/vendor/leaflet/leaflet.css" in html
    assert "http" not in html
    mapkit_static = Path(mapkit.__file__).parent / "static"
    for path in paths:
        found = finders.find(path)
        assert found, path
        if path.startswith("mapkit/"):
            assert Path(found).is_relative_to(mapkit_static)


def test_the_map_field_has_no_value_and_never_changes():
    field = MapField()
    assert not field.required and field.clean("anything") is None and not field.has_changed(None, "x")
    assert isinstance(field.widget, MapPointWidget)


class PlaceMapAdmin(MapPointAdminMixin, admin.ModelAdmin):
    map_place_field = None
    map_search_url_name = SEARCH
    fields = ("name", "kind", "country", "lat", "lon", "map", "source", "source_id")


class ControlMapAdmin(MapPointAdminMixin, admin.ModelAdmin):
    map_lat_field = map_lon_field = None


@pytest.fixture
def site():
    return admin.AdminSite(name="widgets-test")


@pytest.fixture
def request_(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    return request


@pytest.fixture
def hajin(db):
    return Place.objects.create(
        name="Hajin", kind="town", country="SY", lat=34.6927, lon=40.827, source="core", source_id="8"
    )


def test_the_mixin_adds_the_map_driving_the_latitude_and_longitude_inputs(site, request_, hajin):
    form_class = PlaceMapAdmin(Place, site).get_form(request_, hajin, change=True)
    widget = form_class.base_fields["map"].widget
    assert isinstance(widget, MapPointWidget)
    assert (widget.lat, widget.lon, widget.place, widget.point) == ("lat", "lon", None, None)
    assert widget.search_url_name == SEARCH and widget.outlines_url_name == ""
    data = {"name": "Hajin", "kind": "town", "country": "SY", "lat": "34.7", "lon": "40.9", "source": "core"}
    form = form_class({**data, "source_id": "8"}, instance=hajin)
    assert form.is_valid(), form.errors
    assert "map" not in form.changed_data
    form.save()
    hajin.refresh_from_db()
    assert (hajin.lat, hajin.lon) == (34.7, 40.9)


def test_a_model_without_latitude_and_longitude_gets_its_places_point_read_only(site, request_, hajin):
    control = ControlAssertion.objects.create(
        place=hajin, holder=Actor.objects.get(name="SDF"), date=dt.date(2018, 12, 14)
    )
    model_admin = ControlMapAdmin(ControlAssertion, site)
    widget = model_admin.get_form(request_, control, change=True).base_fields["map"].widget
    assert (widget.lat, widget.lon, widget.place, widget.point) == (None, None, "place", (34.6927, 40.827))
    assert model_admin.get_form(request_, None).base_fields["map"].widget.point is None  # add form: no place yet


def test_an_admin_without_fields_shows_the_map_last(site, request_, hajin):
    fields = ControlMapAdmin(ControlAssertion, site).get_fields(request_, None)
    assert fields[-1] == "map" and "place" in fields


def test_each_form_gets_its_own_widget(site, request_, hajin):
    model_admin = ControlMapAdmin(ControlAssertion, site)
    holder = Actor.objects.get(name="SDF")
    mosul = Place.objects.create(name="Mosul", kind="city", country="IQ", lat=36.3, lon=43.1, source="x", source_id="m")
    a = ControlAssertion.objects.create(place=hajin, holder=holder, date=dt.date(2018, 12, 14))
    b = ControlAssertion.objects.create(place=mosul, holder=holder, date=dt.date(2017, 7, 10))
    form_a = model_admin.get_form(request_, a, change=True)
    form_b = model_admin.get_form(request_, b, change=True)
    assert form_a.base_fields["map"].widget.point == (34.6927, 40.827)
    assert form_b.base_fields["map"].widget.point == (36.3, 43.1)
