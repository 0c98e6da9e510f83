"""Map pages and APIs through Django's test client: filters, counts, exports, offline assets.
(What the browser draws is checked in tests/browser.)"""

from __future__ import annotations

import csv
import io
import json
import re

import folium
import pytest
from django.urls import reverse

from events.export import ACLED_COLUMNS, SOURCE_COLUMNS
from events.models import ControlAssertion, Event
from gazetteer.models import Place
from mapkit import assets
from mapping import snapshots

from .conftest import D1, D2

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/map/events/",
    "/map/control/",
    f"/map/control/?date={D1}",
    f"/map/changes/?from={D1}&to={D2}",
    "/map/timeline/",
]


def asset_urls(html: str) -> list[str]:
    return re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", html)


@pytest.mark.parametrize("path", PAGES)
def test_every_map_page_loads_only_local_assets(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    urls = asset_urls(html)
    assert urls, "no assets at all?"
    assert [u for u in urls if re.match(r"(https?:)?//", u)] == []
    assert not re.search(r"(src|href)=\"(https?:)?//[^\"]*\.(js|css)", html)


def test_overview_shows_gazetteer_counts_and_attribution(client):
    Place.objects.create(name="Hajin", kind="town", country="SY", lat=34.6927, lon=40.827, source="t", source_id="1")
    page = client.get("/").content.decode()
    assert "1</strong> places" in page and "SY 1" in page
    assert "Who's On First" in page and "GeoNames" in page and "Natural Earth" in page


def test_report_page_loads_only_local_assets(client, world):
    html = client.get(reverse("mapping:report", args=[world["report"].pk])).content.decode()
    assert asset_urls(html) and [u for u in asset_urls(html) if "//" in u] == []


def test_every_mapped_asset_exists():
    assert assets.missing_assets() == []


def test_folium_classes_we_use_point_at_local_files():
    for cls in (folium.Map, folium.plugins.MarkerCluster, folium.plugins.TimestampedGeoJson, folium.plugins.Fullscreen):
        for _name, url in [*cls.default_js, *cls.default_css]:
            assert str(url).startswith("/static/"), (cls, url)


def test_an_unknown_folium_asset_fails_loudly():
    with pytest.raises(assets.UnmappedAsset):
        assets.local_list([("new_plugin", "https://cdn.example.org/x.js")], static=lambda p: "/static/" + p)


def test_events_page_does_not_inline_the_events(client, world):
    html = client.get("/map/events/").content.decode()
    assert "evidence 0" not in html  # popups load them from the list API
    assert reverse("mapping:api-events-points") in html


def test_points_group_events_by_place_and_kind_and_hide_rejected(client, world):
    data = client.get(reverse("mapping:api-events-points")).json()
    assert data["events"] == 4  # the rejected air strike is not shown
    kinds = [k["key"] for k in data["kinds"]]
    rows = {(r[5], kinds[r[2]]): r[3] for r in data["points"]}
    assert rows == {("Raqqa", "capture_or_liberation"): 1, ("Raqqa", "battle"): 2, ("Tal Afar", "battle"): 1}


def test_filters_by_kind_country_actor_and_dates(client, world):
    url = reverse("mapping:api-events-points")
    assert client.get(url, {"kind": "battle"}).json()["events"] == 3
    assert client.get(url, {"country": "IQ"}).json()["events"] == 1
    assert client.get(url, {"actor": "Iraqi Security Forces"}).json()["events"] == 1
    assert client.get(url, {"from": str(D2), "to": str(D2)}).json()["events"] == 1
    assert client.get(url, {"kind": "battle", "country": "SY"}).json()["events"] == 2


def test_bad_filters_are_reported_not_crashed(client, world):
    assert client.get(reverse("mapping:api-events-points"), {"from": "yesterday"}).status_code == 400
    page = client.get("/map/events/", {"from": "yesterday", "kind": "nonsense"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "not a date" in html and "unknown kind" in html


@pytest.mark.parametrize(
    "name,query,message",
    [
        ("mapping:api-events-geojson", {"kind": "nonsense"}, "unknown kind: 'nonsense'"),
        ("mapping:api-events-csv", {"country": "af"}, "unknown country: 'AF' (SY or IQ)"),
        ("mapping:api-events-list", {"to": "soon", "place": "1"}, "not a date: 'soon' (use YYYY-MM-DD)"),
        ("mapping:api-control", {"date": "soon"}, "not a date: 'soon' (use YYYY-MM-DD)"),
        ("mapping:api-frontlines", {"country": "xx"}, "unknown country: 'XX' (SY or IQ)"),
    ],
)
def test_apis_answer_400_with_what_was_wrong(client, world, name, query, message):
    response = client.get(reverse(name), query)
    assert response.status_code == 400 and response.json() == {"errors": [message]}


def test_the_popup_list_needs_a_place_or_a_point(client, world):
    url = reverse("mapping:api-events-list")
    for query in ({}, {"lat": "35.95"}, {"lat": "x", "lon": "39"}):
        response = client.get(url, query)
        assert response.status_code == 400 and response.json() == {"errors": ["give place=ID or lat= and lon="]}
    unnamed = world["events"][3]
    Event.objects.filter(pk=unnamed.pk).update(place=None)
    data = client.get(url, {"lat": unnamed.lat, "lon": unnamed.lon}).json()
    assert data["total"] == 1 and data["events"][0]["id"] == unnamed.pk


def test_control_page_with_a_bad_date_shows_the_latest_and_says_why(client, world):
    response = client.get("/map/control/", {"date": "someday", "country": "sy"})
    assert response.status_code == 200
    assert response.context["date"] == D2 and response.context["country"] == "SY"
    assert response.context["errors"] == ["not a date: 'someday' (use YYYY-MM-DD)"]


def test_changes_page_swaps_dates_given_the_wrong_way_round(client, world):
    response = client.get("/map/changes/", {"from": str(D2), "to": str(D1)})
    assert (response.context["date_from"], response.context["date_to"]) == (D1, D2)
    assert "“from” is after “to”: swapped" in response.content.decode()


def test_timeline_reports_an_unknown_country(client, world):
    response = client.get("/map/timeline/", {"country": "Mars"})
    assert response.status_code == 200 and response.context["country"] == ""
    assert "unknown country: &#x27;MARS&#x27; (SY or IQ)" in response.content.decode()


def test_unverified_events_hidden_when_the_setting_is_off(client, world, settings, admin_client):
    settings.MAP_SHOW_UNVERIFIED = False
    assert client.get(reverse("mapping:api-events-points")).json()["events"] == 1
    assert admin_client.get(reverse("mapping:api-events-points")).json()["events"] == 4  # staff review everything


def test_popup_list_has_evidence_and_links(client, world, admin_client):
    raqqa = world["places"]["Raqqa"]
    url = reverse("mapping:api-events-list")
    data = client.get(url, {"place": raqqa.pk, "kind": "battle"}).json()
    assert data["total"] == 2
    assert {e["evidence"] for e in data["events"]} == {"evidence 1: Raqqa battle", "evidence 2: Raqqa battle"}
    assert all(e["report"] == reverse("mapping:report", args=[world["report"].pk]) for e in data["events"])
    assert all(e["admin"] is None for e in data["events"])
    staff = admin_client.get(url, {"place": raqqa.pk, "kind": "battle"}).json()
    assert all(e["admin"].startswith("/admin/events/event/") for e in staff["events"])


def test_csv_uses_acled_columns(client, world):
    response = client.get(reverse("mapping:api-events-csv"), {"country": "SY"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS + SOURCE_COLUMNS  # issue 13: sources, outlets after ACLED's
    assert len(rows) == 3
    row = next(r for r in rows if r["event_type"] and r["location"] == "Raqqa" and r["notes"].startswith("evidence 0"))
    assert row["event_id_cnty"].startswith("SYR") and row["country"] == "Syria" and row["iso"] == "760"
    assert row["actor1"] == "SDF" and row["actor2"] == "ISIS" and row["inter1"] == "2" and row["interaction"] == "22"
    assert row["latitude"] == "35.9500" and row["event_date"] == "2017-11-01" and row["year"] == "2017"


def test_geojson_matches_the_points(client, world):
    response = client.get(reverse("mapping:api-events-geojson"))
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 4
    f = next(f for f in data["features"] if f["properties"]["kind"] == "capture_or_liberation")
    assert f["geometry"] == {"type": "Point", "coordinates": [39.01, 35.95]}
    assert f["properties"]["actor1"] == "SDF" and f["properties"]["evidence"].startswith("evidence 0")


def test_control_api_has_areas_and_places_of_the_date(client, world):
    before = client.get(reverse("mapping:api-control"), {"date": str(D1)}).json()
    after = client.get(reverse("mapping:api-control"), {"date": str(D2)}).json()
    holders = lambda fc, layer: {f["properties"]["holder"] for f in fc["features"] if f["properties"]["layer"] == layer}  # noqa: E731
    assert holders(before, "area") == {"ISIS", "SDF", "Syrian Arab Army"}
    assert holders(after, "area") == {"SDF", "Syrian Arab Army", "Iraqi Security Forces"}
    raqqa = lambda fc: next(f for f in fc["features"] if f["properties"].get("name") == "Raqqa")["properties"]  # noqa: E731
    assert raqqa(before)["holder"] == "ISIS" and raqqa(after)["holder"] == "SDF"
    assert raqqa(after)["evidence"] == "Raqqa was taken by SDF"


def test_front_lines_between_neighbours_of_different_holders(client, world, settings):
    settings.MAP_AREA_CAP_KM = 40  # Ain Issa is 50 km from Raqqa: 25 km discs would just miss
    before = client.get(reverse("mapping:api-frontlines"), {"date": str(D1)}).json()
    pairs = {(f["properties"]["a"], f["properties"]["b"]) for f in before["features"]}
    assert ("ISIS", "SDF") in pairs  # Tabqa/Raqqa against Ain Issa, 50-60 km apart
    after = client.get(reverse("mapping:api-frontlines"), {"date": str(D2)}).json()
    assert ("ISIS", "SDF") not in {(f["properties"]["a"], f["properties"]["b"]) for f in after["features"]}


def test_outlines_api_serves_the_basemaps_countries(client, world):
    response = client.get(reverse("mapping:api-outlines"))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert sorted(f["properties"]["code"] for f in response.json()["features"]) == ["IQ", "SY"]


def test_control_page_states_the_area_cap_it_draws_with(client, world, settings):
    assert "up to 100 km" in client.get("/map/control/").content.decode()
    settings.MAP_AREA_CAP_KM = 12.5
    assert "up to 12.5 km" in client.get("/map/control/").content.decode()


def test_control_page_lists_holders_and_sieges(client, world):
    html = client.get("/map/control/", {"date": str(D1)}).content.decode()
    assert "Control on 1 January 2017" in html
    assert "ISIS" in html and "Deir ez-Zor" in html and "besieged by" in html
    # The layers themselves come from the API the page's script loads, not from the page.
    assert '"layer":"place"' not in html.replace(" ", "")
    data = client.get(reverse("mapping:api-control-map"), {"date": str(D1)}).json()
    rings = [f["properties"]["label"] for f in data["rings"]["features"]]
    assert data["date"] == str(D1) and any("besieged by ISIS" in label for label in rings)
    assert "Deir ez-Zor" in {f["properties"]["name"] for f in data["places"]["features"]}
    assert {f["properties"]["holder"] for f in data["areas"]["features"]} >= {"ISIS", "SDF"}


def test_changes_page_lists_places_that_changed_hands(client, world):
    response = client.get("/map/changes/", {"from": str(D1), "to": str(D2)})
    ch = response.context["ch"]
    assert {(c.name, c.holder_before, c.holder_after) for c in ch.places} == {
        ("Raqqa", "ISIS", "SDF"),
        ("Tabqa", "ISIS", "SDF"),
        ("Mosul", "ISIS", "Iraqi Security Forces"),
        ("Tal Afar", "ISIS", "Iraqi Security Forces"),
    }
    gained = {a.gainer for a in ch.areas if a.loser == "ISIS"}
    assert gained == {"SDF", "Iraqi Security Forces"}
    assert "Raqqa was taken by SDF" in response.content.decode()


def test_timeline_steps_through_the_dates_with_data(client, world):
    response = client.get("/map/timeline/")
    assert response.context["frames"] == [D1, D2]
    html = response.content.decode()
    assert "conflictmap.timelineLayer(" in html and '"times"' not in html
    data = client.get(reverse("mapping:api-timeline-map")).json()
    assert data["frames"] == [str(D1), str(D2)]
    stamps = {f["properties"]["times"][0] for f in data["features"]}
    assert stamps == {str(D1), str(D2)}


def test_snapshot_cache_follows_control_changes(world):
    first = snapshots.snapshot(D2)
    assert first is not None and "ISIS" not in first.areas
    raqqa = world["places"]["Raqqa"]
    ControlAssertion.objects.create(
        place=raqqa, holder=world["actors"]["ISIS"], date=D2, source="manual", status="verified", confidence=1
    )
    assert "ISIS" in snapshots.snapshot(D2).areas


def test_report_page_highlights_mentions_and_escapes_text(client, world):
    from events.models import Mention, Report

    text = 'داعش <script>alert("x")</script> رقه را گرفت'
    report = Report.objects.create(text=text, language="fa")
    start = text.index("رقه")
    Mention.objects.create(
        report=report, label="place", start=start, end=start + 3, text="رقه", place=world["places"]["Raqqa"]
    )
    Mention.objects.create(report=report, label="actor", start=0, end=4, text="داعش", actor=world["actors"]["ISIS"])
    html = client.get(reverse("mapping:report", args=[report.pk])).content.decode()
    assert '<mark class="m-place" title="place: Raqqa">رقه</mark>' in html
    assert '<mark class="m-actor" title="actor: ISIS">داعش</mark>' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_report_page_lists_events_but_not_rejected_ones(client, world):
    response = client.get(reverse("mapping:report", args=[world["report"].pk]))
    assert [e.pk for e in response.context["events"]] == [
        e.pk for e in Event.objects.exclude(status="rejected").order_by("evidence_start", "id")
    ]


def test_imported_tables_are_credited_in_the_footer(client, world):
    html = client.get("/map/control/").content.decode()
    assert "Wikipedia" not in html
    ControlAssertion.objects.create(
        place=world["places"]["Raqqa"],
        holder=world["actors"]["ISIS"],
        date=D1,
        source="import",
        status="verified",
        evidence="wikipedia_syria_detailed_map.tsv:12: Raqqa — isis",
    )
    html = client.get("/map/control/").content.decode()
    assert "by Wikipedia contributors, CC BY-SA 4.0" in html


def test_timeline_data_stays_data(client, world):
    actor = world["actors"]["ISIS"]
    actor.name = "</script><script>alert(1)</script>"
    actor.save()
    assert "alert(1)" not in client.get("/map/timeline/").content.decode()
    data = client.get(reverse("mapping:api-timeline-map"))
    assert data["Content-Type"] == "application/json"
    labels = [f["properties"]["label"] for f in data.json()["features"]]
    assert any("</script><script>alert(1)</script>" in label for label in labels)  # drawn as text


def test_a_new_actor_colour_redraws_cached_maps(client, world):
    html = client.get("/map/control/", {"date": str(D1)}).content.decode()
    isis = world["actors"]["ISIS"]
    was = isis.colour  # the built-in palette's (events/migrations/0010_holder_palette.py)
    assert was in html
    isis.colour = "#123456"
    isis.save()
    html = client.get("/map/control/", {"date": str(D1)}).content.decode()
    assert "#123456" in html and was not in html


def test_rivers_join_the_basemap(client, world, tmp_path):
    from gazetteer.loaders import boundaries

    path = tmp_path / "rivers.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "featurecla": "River",
                            "name": "Euphrates",
                            "name_ar": "الفرات",
                            "wikidataid": "Q34589",
                        },
                        "geometry": {
                            "type": "MultiLineString",
                            "coordinates": [[[38.0, 36.0], [39.0, 35.9], [40.1, 35.3]]],
                        },
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    items = boundaries.parse_file(path)
    assert [(i["level"], i["name"], i["name_ar"]) for i in items] == [("river", "Euphrates", "الفرات")]
    boundaries.save(items, source="test")
    html = client.get("/map/control/", {"date": str(D1)}).content.decode()
    assert "#6fa8dc" in html and "[38.0,36.0]" in html.replace(" ", "")


def test_csv_in_ucdps_columns(client, world):
    from events.ucdp_export import UCDP_COLUMNS

    response = client.get(reverse("mapping:api-events-ucdp-csv"), {"country": "SY"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(rows[0].keys()) == UCDP_COLUMNS and len(rows) == 3
    row = next(r for r in rows if r["source_headline"].startswith("evidence 1"))
    assert (row["side_a"], row["side_b"], row["type_of_violence"]) == ("SDF", "ISIS", "2")  # no state's forces
    assert (row["where_prec"], row["where_coordinates"], row["country"], row["country_id"]) == (
        "1",
        "Raqqa",
        "Syria",
        "652",
    )
    assert (
        row["latitude"] == "35.9500"
        and row["geom_wkt"] == "POINT (39.0100 35.9500)"
        and row["priogrid_gid"] == "181159"
    )
    assert row["date_start"] == row["date_end"] and row["best"] == "" and row["dyad_name"] == "SDF - ISIS"
