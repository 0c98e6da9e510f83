"""Every map page in Chromium: it loads only from 127.0.0.1 without errors, Leaflet draws what
the data holds, popups show evidence, and other dates or filters change the map.
Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DATES = ("2017-01-01", "2018-06-01")


def test_overview(page):
    page.goto("/")
    counts = page.layer_counts()
    assert counts.get("area", 0) >= 5 and counts.get("front", 0) >= 1
    assert page.page.locator(".recent-event").count() >= 1
    page.shot("overview")
    page.assert_clean()


def test_events_map_draws_every_point_and_shows_evidence(page):
    page.goto("/map/events/")
    api = page.json("/api/events/points.json")
    state = page.page.evaluate("window.cmMap.conflictmap")
    assert state["markers"] == len(api["points"]) > 20
    assert state["events"] == api["events"]
    # The page's own count and the layer control agree with the data.
    assert page.page.locator("#event-count").inner_text() == str(api["events"])
    assert page.page.locator(".leaflet-control-layers-overlays label").count() == len(state["groups"])
    # Open the popup of the busiest marker: its evidence comes from the list API.
    busiest = max(api["points"], key=lambda p: p[3])
    kind = api["kinds"][busiest[2]]["key"]
    assert page.open_marker(kind=kind, lat=busiest[0], lon=busiest[1])
    page.page.wait_for_selector(".leaflet-popup-content .cm-evidence", timeout=10000)
    listed = page.json(f"/api/events/list.json?kind={kind}&place={busiest[4]}")
    shown = page.page.locator(".leaflet-popup-content .cm-evidence").all_inner_texts()
    assert len(shown) == len(listed["events"]) == min(busiest[3], 50)
    assert " ".join(shown[0].split()) == " ".join(listed["events"][0]["evidence"].split())
    assert page.page.locator(".leaflet-popup-content .cm-evidence").first.get_attribute("dir") == "rtl"
    page.shot("events-popup")
    page.assert_clean()


def test_events_filters_change_the_map(page):
    page.goto("/map/events/")
    everything = page.page.evaluate("window.cmMap.conflictmap.events")
    page.page.check("input[name=kind][value=battle]")
    page.page.select_option("select[name=country]", "SY")
    page.page.click("#filters button[type=submit]")
    page.page.wait_for_function("() => window.cmMap && window.cmMap.conflictmap && window.cmMap.conflictmap.ready")
    assert "kind=battle" in page.page.url and "country=SY" in page.page.url
    api = page.json("/api/events/points.json?kind=battle&country=SY")
    state = page.page.evaluate("window.cmMap.conflictmap")
    assert state["events"] == api["events"] < everything
    assert list(state["groups"]) == ["battle"]
    page.shot("events-filtered")
    page.assert_clean()


@pytest.mark.parametrize("date", DATES)
def test_control_map_draws_the_areas_lines_and_places_of_the_date(page, date):
    page.goto(f"/map/control/?date={date}")
    control = page.json(f"/api/control.geojson?date={date}")
    fronts = page.json(f"/api/frontlines.geojson?date={date}")
    expected = {"area": 0, "place": 0}
    for f in control["features"]:
        expected[f["properties"]["layer"]] += 1
    expected["front"] = len(fronts["features"])
    expected["ring"] = sum(
        len(f["properties"]["besieged_by"]) for f in control["features"] if f["properties"]["layer"] == "place"
    )
    drawn = page.layer_counts()
    assert {k: drawn.get(k, 0) for k in expected} == expected
    assert expected["area"] >= 5 and expected["front"] >= 1
    # Leaflet really put them into the page: areas, fronts and rings as SVG paths, the places
    # as dots on one canvas (light with thousands of places).
    paths = page.page.locator(".leaflet-overlay-pane path").count()
    assert paths >= expected["area"] + expected["front"] + expected["ring"]
    assert page.page.locator(".leaflet-cm-places-pane canvas").count() == 1
    state = page.page.evaluate("window.cmMap.conflictmap.counts")
    assert state == {
        "areas": expected["area"],
        "fronts": expected["front"],
        "rings": state["rings"],
        "places": expected["place"],
    }
    page.shot(f"control-{date}")
    page.assert_clean()


def test_control_date_picker_changes_the_map(page):
    page.goto(f"/map/control/?date={DATES[0]}")
    before = page.page.evaluate(
        "(() => { const h = []; window.cmMap.eachLayer(l => { const p = l.feature && l.feature.properties; if (p && p.layer === 'place' && p.name === 'Mosul') h.push(p.holder); }); return h; })()"
    )
    page.page.fill("#date-input", "2018-06-01")
    page.page.click("#filters button[type=submit]")
    page.page.wait_for_url("**date=2018-06-01**")
    # The places come from the API after the page: wait until the map has drawn them.
    page.page.wait_for_function("() => window.cmMap && window.cmMap.conflictmap && window.cmMap.conflictmap.ready")
    after = page.page.evaluate(
        "(() => { const h = []; window.cmMap.eachLayer(l => { const p = l.feature && l.feature.properties; if (p && p.layer === 'place' && p.name === 'Mosul') h.push(p.holder); }); return h; })()"
    )
    assert before == ["ISIS"] and after == ["Iraqi Security Forces"]
    assert page.page.locator("h1").inner_text() == "Control on 1 June 2018"
    page.assert_clean()


def test_control_popup_shows_the_holder_and_evidence(page):
    page.goto("/map/control/?date=2019-08-23")
    text = page.page.evaluate(
        """() => { let out = null; window.cmMap.eachLayer(l => { const p = l.feature && l.feature.properties;
             if (!out && p && p.layer === 'place' && p.evidence) { l.openPopup(); out = p; } }); return out; }"""
    )
    assert text, "no place with evidence on that date"
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert text["name"] in popup.inner_text() and text["holder"] in popup.inner_text()
    assert " ".join(popup.locator(".cm-evidence").inner_text().split()) == " ".join(text["evidence"].split())
    page.shot("control-popup")
    page.assert_clean()


def test_changes_map(page):
    page.goto(f"/map/changes/?from={DATES[0]}&to={DATES[1]}")
    drawn = page.layer_counts()
    listed = page.page.locator("#changed-places > li").count()
    assert listed >= 10 and drawn.get("changed_place") == listed
    assert drawn.get("change", 0) >= 3
    dashed = page.page.locator(".leaflet-overlay-pane path[stroke-dasharray]").count()
    assert dashed >= 1 and drawn.get("front", 0) > dashed  # the earlier front dashed, the later solid
    # The layers came from the API after the page (goto waits until the map says it is ready).
    api = page.json(f"/api/changes/map.json?from={DATES[0]}&to={DATES[1]}")
    assert page.page.evaluate("window.cmMap.conflictmap.counts") == {
        k: len(api[k]["features"]) for k in api if k not in ("from", "to")
    }
    assert dashed == len(api["fronts_from"]["features"])
    page.shot("changes")
    page.assert_clean()


def test_timeline_plays_through_the_dates(page):
    page.goto("/map/timeline/")
    times = page.page.evaluate(
        "window.cmMap.timeDimension.getAvailableTimes().map(t => new Date(t).toISOString().slice(0, 10))"
    )
    listed = [text[:10] for text in page.page.locator("#frames li").all_inner_texts()]  # "YYYY-MM-DD n places changed"
    assert len(times) >= 5 and set(times) <= set(listed)  # frames with data, not every day between them
    # The frames and their layers came from the API after the page (goto waits for "ready").
    assert times == page.json("/api/timeline/map.json")["frames"]
    # It opens on the latest frame with data (issue 14).
    assert (
        page.page.evaluate("new Date(window.cmMap.timeDimension.getCurrentTime()).toISOString().slice(0, 10)")
        == times[-1]
    )

    def drawn():
        page.page.wait_for_timeout(400)
        return page.page.evaluate(
            "(() => { const out = []; window.cmMap.eachLayer(l => { if (l.feature && l.feature.properties.times && l._path && l._map) out.push(new Date(l.feature.properties.times[0]).toISOString().slice(0, 10)); }); return out; })()"
        )

    last = drawn()
    assert last and set(last) == {times[-1]}  # only the current frame's areas and lines
    page.page.click(".timecontrol-backward")
    page.page.wait_for_function(
        "() => new Date(window.cmMap.timeDimension.getCurrentTime()).toISOString().slice(0, 10) === " + repr(times[-2])
    )
    before = drawn()
    assert before and set(before) == {times[-2]}
    page.page.click(".timecontrol-play")
    page.page.wait_for_timeout(1500)
    page.shot("timeline")
    page.assert_clean()


def test_report_page(page):
    page.goto("/map/events/")
    report = page.json("/api/events/list.json?place=" + str(page.json("/api/events/points.json")["points"][0][4]))[
        "events"
    ][0]["report"]
    page.goto(report)
    assert page.page.locator("mark.m-place").count() >= 1 and page.page.locator("mark.m-trigger").count() >= 1
    assert page.page.locator(".report-text").get_attribute("dir") == "rtl"
    assert page.page.locator(".leaflet-overlay-pane path").count() >= 1
    page.shot("report")
    page.assert_clean()
