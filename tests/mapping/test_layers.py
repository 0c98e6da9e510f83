"""mapping.layers: the GeoJSON the maps and APIs draw, from hand-made snapshots (no database)
and, for the events, from the small world's rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from events.control import UNKNOWN_COLOUR
from events.models import Event
from lib.display import isolate
from mapping import layers
from mapping.style import TIMELINE_FRONT, kind_label

from .conftest import COLOURS, D1, D2, handmade_snapshot, state


def props(collection: dict, layer: str | None = None) -> list[dict]:
    return [f["properties"] for f in collection["features"] if layer is None or f["properties"]["layer"] == layer]


def test_every_layer_is_a_feature_collection_that_json_can_write(before, changes):
    for collection in (
        layers.places_geojson(before),
        layers.areas_geojson(before),
        layers.fronts_geojson(before),
        layers.rings_geojson(before),
        layers.changes_geojson(changes),
        layers.changed_places_geojson(changes),
        layers.control_geojson(before),
        layers.frontlines_geojson(before),
        layers.timeline_geojson([before]),
    ):
        assert collection["type"] == "FeatureCollection" and collection["features"]
        assert json.loads(json.dumps(collection)) == collection


def test_areas_are_one_per_holder_in_the_holders_colour_labelled_with_their_size(before):
    areas = props(layers.areas_geojson(before))
    assert [p["holder"] for p in areas] == ["ISIS", "SDF", "Syrian Arab Army"]
    for p in areas:
        assert p["layer"] == "area" and p["colour"] == COLOURS[p["holder"]]
        assert p["label"] == f"{isolate(p['holder'])} ({p['area_km2']:,.0f} km²)" and p["area_km2"] > 100


def test_an_area_of_a_holder_without_a_colour_is_grey():
    snap = handmade_snapshot(D1, [state("Raqqa", "Jaysh al-Thuwar")])
    [area] = props(layers.areas_geojson(snap))
    assert area["colour"] == UNKNOWN_COLOUR


def test_fronts_name_both_sides_and_their_length(before, after):
    [front] = props(layers.fronts_geojson(before))
    assert (front["a"], front["b"], front["layer"]) == ("ISIS", "SDF", "front")
    assert front["label"] == f"front line: {isolate('ISIS')} | {isolate('SDF')} ({front['length_km']:,.0f} km)"
    assert layers.fronts_geojson(after)["features"] == []  # one holder left near the front


def test_a_ring_is_drawn_once_per_besieger():
    snap = handmade_snapshot(D1, [state("Deir ez-Zor", "Syrian Arab Army", besieged_by=("HTS", "ISIS"))])
    rings = props(layers.rings_geojson(snap))
    assert [r["besieger"] for r in rings] == ["HTS", "ISIS"]
    assert all(r["layer"] == "ring" and r["label"] == f"besieged by {isolate('HTS')}, {isolate('ISIS')}" for r in rings)
    assert all(r["holder"] == "Syrian Arab Army" and r["radius_km"] == 3.0 for r in rings)


def test_places_carry_their_holder_and_the_assertion_behind_it(after):
    places = {p["name"]: p for p in props(layers.places_geojson(after))}
    raqqa = places["Raqqa"]
    assert raqqa["holder"] == "SDF" and raqqa["colour"] == COLOURS["SDF"] and raqqa["date"] == D2.isoformat()
    assert raqqa["report_url"] == reverse("mapping:report", args=[7]) and raqqa["evidence"] == "Raqqa was taken by SDF"
    assert places["Ain Issa"]["report_url"] is None and places["Ain Issa"]["source"] == "import"
    feature = next(f for f in layers.places_geojson(after)["features"] if f["properties"]["name"] == "Raqqa")
    assert feature["id"] == 1 and feature["geometry"] == {"type": "Point", "coordinates": [39.01, 35.95]}


def test_long_evidence_is_cut_in_the_popups():
    snap = handmade_snapshot(D1, [state("Raqqa", "ISIS", evidence="x" * 5000)])
    [place] = props(layers.places_geojson(snap))
    assert len(place["evidence"]) == layers.EVIDENCE_CHARS


def test_changes_say_who_took_the_land_from_whom(changes):
    labels = {(p["gainer"], p["loser"]): p for p in props(layers.changes_geojson(changes))}
    taken = labels[("SDF", "ISIS")]
    assert taken["layer"] == "change" and taken["colour"] == COLOURS["SDF"]
    assert taken["label"].startswith(f"{isolate('SDF')} from {isolate('ISIS')} (")
    for (gainer, loser), p in labels.items():  # unclaimed land on either side is named
        if not gainer:
            assert p["label"].startswith(f"{isolate('nobody')} from ")
        if not loser:
            assert f" from {isolate('unclaimed land')} (" in p["label"]


def test_changed_places_name_both_holders(changes):
    places = {p["name"]: p for p in props(layers.changed_places_geojson(changes))}
    assert set(places) == {"Raqqa", "Tabqa"}
    raqqa = places["Raqqa"]
    assert raqqa["label"] == f"{isolate('ISIS')} → {isolate('SDF')}"
    assert (raqqa["holder"], raqqa["before"], raqqa["colour"]) == ("SDF", "ISIS", COLOURS["SDF"])
    assert raqqa["report_url"] == reverse("mapping:report", args=[7]) and places["Tabqa"]["report_url"] is None


def test_the_changes_api_answer_holds_every_layer_the_changes_page_draws(changes):
    data = layers.changes_map_data(changes)
    assert (data["from"], data["to"]) == (D1.isoformat(), D2.isoformat())
    assert [p["layer"] for p in props(data["changes"])] and {p["layer"] for p in props(data["changes"])} == {"change"}
    assert ("SDF", "ISIS") in {(p["gainer"], p["loser"]) for p in props(data["changes"])}
    # The front moved away with ISIS: one line on the earlier date, none on the later.
    assert len(data["fronts_from"]["features"]) == 1 and data["fronts_to"]["features"] == []
    assert {p["name"] for p in props(data["places"])} == {"Raqqa", "Tabqa"}
    json.dumps(data)


def test_the_control_api_collection_has_its_date_areas_then_places(before):
    collection = layers.control_geojson(before)
    assert list(collection) == ["type", "date", "features"] and collection["date"] == D1.isoformat()
    kinds = [p["layer"] for p in props(collection)]
    assert kinds == ["area"] * 3 + ["place"] * 4


def test_the_front_lines_api_collection_has_its_date(before):
    collection = layers.frontlines_geojson(before)
    assert collection["date"] == D1.isoformat() and [p["layer"] for p in props(collection)] == ["front"]


def test_the_timeline_stamps_each_frame_with_its_date_and_escapes_its_tooltips(before, after):
    hostile = handmade_snapshot(D2, [state("Raqqa", "<b>SDF</b>"), state("Tabqa", "ISIS")])
    collection = layers.timeline_geojson([before, hostile])
    stamps = [p["times"] for p in props(collection)]
    assert stamps == [[D1.isoformat()]] * 4 + [[D2.isoformat()]] * 3  # 3 areas + 1 front, then 2 + 1
    tooltips = [p["tooltip"] for p in props(collection)]
    assert "<b>" not in "".join(tooltips) and any("&lt;b&gt;SDF&lt;/b&gt;" in t for t in tooltips)
    isis = next(p for p in props(collection, "area") if p["holder"] == "ISIS")
    assert isis["style"]["fillColor"] == isis["style"]["color"] == COLOURS["ISIS"]
    assert next(p for p in props(collection, "front"))["style"] == TIMELINE_FRONT


def test_a_reports_events_are_points_labelled_by_kind_place_and_date():
    events = [
        Event(kind="battle", lat=35.95, lon=39.01, date=D2, place_mention="رقه"),
        Event(kind="airstrike_or_shelling", lat=36.34, lon=43.13, place_mention="موصل"),
        Event(kind="battle", lat=None, lon=None, place_mention="unplaced"),
    ]
    collection = layers.report_events_geojson(events)
    assert [f["geometry"]["coordinates"] for f in collection["features"]] == [[39.01, 35.95], [43.13, 36.34]]
    assert props(collection) == [
        {"kind": kind_label("battle"), "place": "رقه", "date": D2.isoformat()},
        {"kind": kind_label("airstrike_or_shelling"), "place": "موصل", "date": ""},
    ]


@pytest.mark.django_db
def test_event_points_group_by_place_and_kind_in_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        data = layers.event_points(Event.objects.exclude(status="rejected"))
    kinds = [k["key"] for k in data["kinds"]]
    rows = {(r[5], kinds[r[2]]): r for r in data["points"]}
    assert set(rows) == {("Raqqa", "capture_or_liberation"), ("Raqqa", "battle"), ("Tal Afar", "battle")}
    raqqa = rows[("Raqqa", "battle")]
    assert raqqa[:2] == [35.95, 39.01] and raqqa[3] == 2 and raqqa[4] == world["places"]["Raqqa"].pk
    assert raqqa[6] == (D2 - dt.timedelta(days=1)).isoformat()  # the latest of the two
    assert data["events"] == 4


@pytest.mark.django_db
def test_event_list_is_newest_first_and_links_the_admin_for_staff_only(world, django_assert_num_queries):
    raqqa = Event.objects.filter(place=world["places"]["Raqqa"])
    with django_assert_num_queries(2):
        data = layers.event_list(raqqa, staff=False, limit=2)
    assert data["total"] == 3 and [e["date"] for e in data["events"]] == [D2.isoformat(), "2017-10-31"]
    first = data["events"][0]
    assert first["actor1"] == "SDF" and first["actor2"] == "ISIS" and first["place"] == "Raqqa"
    assert first["report"] == reverse("mapping:report", args=[world["report"].pk]) and first["admin"] is None
    staff = layers.event_list(raqqa, staff=True, limit=2)
    assert all(e["admin"] == reverse("admin:events_event_change", args=[e["id"]]) for e in staff["events"])


@pytest.mark.django_db
def test_outlines_are_the_countries_and_governorates_of_the_basemap(world):
    collection = layers.outlines_geojson()
    assert sorted(p["code"] for p in props(collection)) == ["IQ", "SY"]
