"""The admin pages of reports, events, actors and control open with data in them; the review
actions say what they did; each map-bearing admin gets the map for the inputs its model has."""

import datetime as dt

from django.urls import reverse

from events.ingest import ingest_text
from events.models import ControlAssertion, Event, Status

TEXT = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."


def test_admin_lists_and_forms_open(tiny_gazetteer, admin_client):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    event = Event.objects.get(report=report)
    for url in (
        "/admin/events/report/",
        f"/admin/events/report/{report.pk}/change/",
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/actor/",
        "/admin/events/controlassertion/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "باغوز تحتانی" in page and "capture" in page


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def _event_on(report, kind: str):
    return Event.objects.create(
        report=report,
        kind=kind,
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence="e",
        evidence_start=0,
        evidence_end=1,
        fingerprint=f"{kind}-{Event.objects.count()}",
    )


def test_verify_says_how_many_changed_and_history_names_the_reviewer(tiny_gazetteer, admin_client, admin_user):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    extracted = Event.objects.get(report=report)
    done = _event_on(report, extracted.kind)
    done.status = Status.VERIFIED
    done.save()
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "verify", "_selected_action": [extracted.pk, done.pk]},
        follow=True,
    )
    assert _messages(response) == [("info", "1 event(s) verified.")]
    latest = extracted.history.first()
    assert latest.status == Status.VERIFIED and latest.history_user == admin_user


def test_merge_warns_for_one_event_and_refuses_different_kinds(tiny_gazetteer, admin_client):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    event = Event.objects.get(report=report)
    other = _event_on(report, "airstrike_or_shelling")
    url = reverse("admin:events_event_changelist")
    response = admin_client.post(url, {"action": "merge", "_selected_action": [event.pk]}, follow=True)
    assert _messages(response) == [("warning", "Select at least two events to merge.")]
    response = admin_client.post(url, {"action": "merge", "_selected_action": [event.pk, other.pk]}, follow=True)
    [(level, text)] = _messages(response)
    assert level == "error" and "different kinds" in text


def test_merge_links_to_the_event_it_kept(tiny_gazetteer, admin_client, admin_user):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    event = Event.objects.get(report=report)
    other = _event_on(report, event.kind)
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "merge", "_selected_action": [event.pk, other.pk]},
        follow=True,
    )
    keep = min(event.pk, other.pk)  # equally confident extracted events: the oldest is kept
    link = reverse("admin:events_event_change", args=[keep])
    assert _messages(response) == [("info", f'Merged 2 events into <a href="{link}">event {keep}</a>.')]
    merged = Event.objects.get(pk=max(event.pk, other.pk))
    assert merged.merged_into_id == keep and merged.history.first().history_user == admin_user


def test_the_report_page_shows_the_text_right_to_left_with_mentions_marked(tiny_gazetteer, admin_client):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    page = admin_client.get(reverse("admin:events_report_change", args=[report.pk])).content.decode()
    assert '<div class="cm-report-text" dir="rtl"><mark class="m-actor"' in page
    assert '<mark class="m-place" title="place: Baghuz Tahtani">باغوز تحتانی</mark>' in page


def test_each_map_drives_the_inputs_its_model_has(tiny_gazetteer, admin_client):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    event = Event.objects.get(report=report)
    control = ControlAssertion.objects.get(report=report)
    place = control.place
    search = reverse("gazetteer:search-json")
    pages = {
        "event": admin_client.get(reverse("admin:events_event_change", args=[event.pk])),
        "control": admin_client.get(reverse("admin:events_controlassertion_change", args=[control.pk])),
        "place": admin_client.get(reverse("admin:gazetteer_place_change", args=[place.pk])),
    }
    html = {name: response.content.decode() for name, response in pages.items()}
    assert 'data-lat="id_lat" data-lon="id_lon" data-place="id_place"' in html["event"]
    assert 'data-lat="" data-lon="" data-place="id_place"' in html["control"]
    assert f'data-point="{place.lat},{place.lon}"' in html["control"]
    assert 'data-lat="id_lat" data-lon="id_lon" data-place=""' in html["place"]
    for name, page in html.items():
        assert f'data-search="{search}"' in page, name
        assert f'data-outlines="{reverse("mapping:api-outlines")}"' in page, name
        assert "/static/mapkit/admin-map.js" in page, name
