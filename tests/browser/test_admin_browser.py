"""Reviewing in the admin, in Chromium: move an event's point on the map, see it move on the
public map, find it with Arabic letters, and revert the change from its history."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _point_of(page, event_id: int) -> tuple[float, float] | None:
    data = page.json("/api/events.geojson")
    for f in data["features"]:
        if f["id"] == event_id:
            lon, lat = f["geometry"]["coordinates"]
            return lat, lon
    return None


def test_move_an_event_on_the_map_then_revert_it(page):
    page.login()
    # An event whose place the report wrote in Persian letters (Abu Kamal: البوکمال, with a Persian kaf).
    page.page.goto(page.base + "/admin/events/event/?q=" + "البوكمال")  # searched with an Arabic kaf
    rows = page.page.locator("#result_list tbody tr")
    assert rows.count() >= 1
    assert (
        "کمال" in rows.first.inner_text() or "Kamal" in rows.first.inner_text() or "Bukamal" in rows.first.inner_text()
    )
    rows.first.locator("th a, td.field-date a").first.click()
    page.page.wait_for_selector(".cm-admin-map .leaflet-marker-icon")
    event_id = int(page.page.url.split("/admin/events/event/")[1].split("/")[0])
    # The marker image really loaded (collectstatic hashes Leaflet's image names).
    page.page.wait_for_function("() => document.querySelector('.cm-admin-map .leaflet-marker-icon').complete")
    assert page.page.evaluate("document.querySelector('.cm-admin-map .leaflet-marker-icon').naturalWidth") == 25
    before = _point_of(page, event_id)
    assert before is not None
    lat0 = float(page.page.input_value("#id_lat"))
    # Click on the map 120 px east of the marker: the point moves there.
    page.page.locator(".cm-admin-map-canvas").scroll_into_view_if_needed()
    marker = page.page.locator(".cm-admin-map .leaflet-marker-icon").bounding_box()
    page.page.mouse.click(marker["x"] + marker["width"] / 2 + 120, marker["y"] + marker["height"] - 2)
    lon1 = float(page.page.input_value("#id_lon"))
    assert lon1 > before[1] + 0.01 and abs(float(page.page.input_value("#id_lat")) - lat0) < 0.05
    page.shot("admin-event-map")
    page.page.click("input[name=_continue]")
    page.page.wait_for_selector(".messagelist .success")
    after = _point_of(page, event_id)
    assert after == pytest.approx((float(page.page.input_value("#id_lat")), lon1), abs=1e-4)
    # The public events map draws a marker at the new point.
    page.goto("/map/events/")
    points = page.page.evaluate("window.cmMap.conflictmap.groups")
    assert points  # drawn
    drawn = page.page.evaluate(
        """([lat, lon]) => { let found = false; window.cmMap.eachLayer(l => { if (l.cmMarkers) l.cmMarkers.forEach(m => {
             if (Math.abs(m.getLatLng().lat - lat) < 1e-4 && Math.abs(m.getLatLng().lng - lon) < 1e-4) found = true; }); }); return found; }""",
        list(after),
    )
    assert drawn
    # Revert from the history: the first record is the event as extracted.
    page.page.goto(page.base + f"/admin/events/event/{event_id}/history/")
    page.page.locator("#change-history a[href*='/history/']").last.click()
    page.page.wait_for_selector("input[name=_save], input[type=submit]")
    page.shot("admin-event-revert")
    page.page.locator("input[type=submit][value*='Revert'], input[name=_save]").first.click()
    page.page.wait_for_selector(".messagelist .success")
    reverted = _point_of(page, event_id)
    assert reverted == pytest.approx(before, abs=1e-4)
    page.assert_clean()


def test_pick_a_place_from_the_gazetteer_in_the_map_widget(page):
    page.login()
    page.page.goto(page.base + "/admin/events/event/")
    page.page.locator("#result_list tbody tr th a, #result_list tbody tr td.field-date a").first.click()
    page.page.wait_for_selector(".cm-admin-map .leaflet-container")
    page.page.fill(".cm-admin-map-search", "هجين")
    page.page.wait_for_selector(".cm-admin-map-pick")
    pick = page.page.locator(".cm-admin-map-pick").first
    assert "Hajin" in pick.inner_text()
    place_id = pick.get_attribute("data-place-id")
    pick.click()
    assert abs(float(page.page.input_value("#id_lat")) - 34.69) < 0.1
    assert page.page.input_value("#id_place") == place_id
    page.shot("admin-place-pick")
    page.assert_clean()


def _marker_point(page) -> list[float]:
    return page.page.evaluate(
        """() => { let p = null; document.querySelector('.cm-admin-map').cmMap.eachLayer(l => {
             if (l.getLatLng && l.options.icon) p = [l.getLatLng().lat, l.getLatLng().lng]; }); return p; }"""
    )


def test_a_control_assertion_shows_its_places_point_read_only(page):
    page.login()
    page.page.goto(page.base + "/admin/events/controlassertion/")
    page.page.locator("#result_list tbody tr th a, #result_list tbody tr td a").first.click()
    page.page.wait_for_selector(".cm-admin-map .leaflet-marker-icon")
    lat, lon = (float(x) for x in page.page.get_attribute(".cm-admin-map", "data-point").split(","))
    assert _marker_point(page) == pytest.approx([lat, lon], abs=1e-6)
    marker = page.page.locator(".cm-admin-map .leaflet-marker-icon")
    assert "leaflet-marker-draggable" not in (marker.get_attribute("class") or "")
    box = marker.bounding_box()
    page.page.mouse.click(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] - 2)
    assert _marker_point(page) == pytest.approx([lat, lon], abs=1e-6)  # a click does not move it
    assert page.page.locator("#id_lat").count() == 0
    page.assert_clean()


def test_a_places_map_sets_its_latitude_and_longitude(page):
    page.login()
    page.page.goto(page.base + "/admin/gazetteer/place/?q=Hajin")
    page.page.locator("#result_list tbody tr th a").first.click()
    page.page.wait_for_selector(".cm-admin-map .leaflet-marker-icon")
    assert page.page.get_attribute(".cm-admin-map", "data-place") == ""
    lon0 = float(page.page.input_value("#id_lon"))
    page.page.locator(".cm-admin-map-canvas").scroll_into_view_if_needed()
    box = page.page.locator(".cm-admin-map .leaflet-marker-icon").bounding_box()
    page.page.mouse.click(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] - 2)
    assert float(page.page.input_value("#id_lon")) > lon0 + 0.01
    assert _marker_point(page)[1] == pytest.approx(float(page.page.input_value("#id_lon")), abs=1e-4)
    page.assert_clean()
