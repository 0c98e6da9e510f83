"""events.merging at ingest: one event per real-world event, whichever outlet reported it."""

import datetime as dt

import pytest

from events.ingest import ingest_text
from events.models import ControlAssertion, Event, Status

PUBLISHED = dt.date(2018, 5, 15)
# One capture, told three ways (yesterday = Monday 14 May).
FIRST = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."
SECOND = "نیروهای سوریه دموکراتیک دیروز روستای باغوز تحتانی را آزاد کردند و داعش عقب نشست."
ENGLISH = "The Syrian Democratic Forces captured the village of Baghuz Tahtani from ISIS on Monday, 14 May 2018."


def captures():
    return Event.objects.filter(kind="capture_or_liberation")


def test_two_outlets_reporting_one_capture_make_one_event_with_two_sources(tiny_gazetteer):
    a = ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    b = ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    assert a.events >= 1 and b.events >= 1 and b.merged >= 1
    [event] = captures().filter(merged_into=None)
    assert event.status == Status.EXTRACTED  # an automatic merge does not count as a review
    assert event.sources == 2 and event.outlets == ["Outlet A", "Outlet B"]
    assert {ev.report_id for ev in event.evidence_set.all()} == {a.report.pk, b.report.pk}
    duplicate = captures().get(merged_into=event)
    assert duplicate.status == Status.REJECTED
    assert duplicate.history.first().history_change_reason == "automatic merge"


def test_split_undoes_an_automatic_merge(tiny_gazetteer):
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    b = ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    event = captures().get(merged_into=None)
    [part] = event.split()
    event.refresh_from_db()
    part.refresh_from_db()
    assert part.report_id == b.report.pk and part.status == Status.EXTRACTED and part.merged_into is None
    assert event.sources == 1 and event.outlets == ["Outlet A"]
    assert set(event.evidence_set.values_list("report_id", flat=True)) == {event.report_id}
    assert captures().filter(merged_into=None).count() == 2


def test_reviewed_events_are_never_merged_automatically(tiny_gazetteer):
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    captures().update(status=Status.VERIFIED)
    b = ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    assert b.merged == 0
    assert captures().filter(merged_into=None).count() == 2
    assert captures().get(status=Status.VERIFIED).sources == 1


def test_the_same_place_on_another_week_stays_apart(tiny_gazetteer):
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    later = ingest_text(FIRST.replace("دوشنبه", "پنجشنبه"), published=dt.date(2018, 5, 26), outlet="Outlet B")
    assert later.merged == 0
    assert captures().filter(merged_into=None).count() == 2


def test_conflicting_control_statements_of_one_day_are_flagged(tiny_gazetteer):
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    assert not ControlAssertion.objects.filter(disputed=True).exists()
    held = ControlAssertion.objects.get()
    ControlAssertion.objects.create(place=held.place, date=held.date, source="manual", holder=None)
    assert not ControlAssertion.objects.filter(disputed=True).exists()  # no holder named: no dispute
    other = "داعش روز دوشنبه روستای باغوز تحتانی را از کنترل نیروهای دموکراتیک سوریه خارج کرد."
    ingest_text(other, published=PUBLISHED, outlet="Outlet B")
    disputed = ControlAssertion.objects.filter(disputed=True)
    assert disputed.count() == 2 and len({a.holder_id for a in disputed}) == 2


@pytest.mark.parametrize("text", [ENGLISH])
def test_an_english_report_joins_the_persian_one(tiny_gazetteer, text):
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    result = ingest_text(text, published=PUBLISHED, outlet="Wire")
    event = captures().get(merged_into=None)
    assert result.merged == 1 and event.sources == 2 and "Wire" in event.outlets


def test_the_admin_shows_sources_lists_each_report_and_splits(tiny_gazetteer, admin_client):
    from django.urls import reverse

    a = ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    b = ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    event = captures().get(merged_into=None)
    listing = admin_client.get(reverse("admin:events_event_changelist"), {"sources": "several"})
    assert listing.status_code == 200 and 'title="Outlet A; Outlet B">2<' in listing.content.decode()
    assert admin_client.get(reverse("admin:events_event_changelist"), {"sources": "single"}).status_code == 200
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    for result in (a, b):
        ev = event.evidence_set.get(report=result.report)
        assert f"<mark>{result.report.text[ev.start : ev.end]}</mark>" in page
    assert "Outlet B" in page
    response = admin_client.post(
        reverse("admin:events_event_changelist"), {"action": "split", "_selected_action": [event.pk]}
    )
    assert response.status_code == 302
    assert captures().filter(merged_into=None).count() == 2


def test_parsing_the_first_report_again_keeps_one_event_with_every_source(tiny_gazetteer):
    from events.ingest import parse_again

    a = ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    ingest_text(ENGLISH, published=PUBLISHED, outlet="Wire")
    assert captures().get(merged_into=None).sources == 3
    parse_again(a.report)
    [event] = captures().filter(merged_into=None)
    assert event.sources == 3 and event.outlets == ["Outlet A", "Outlet B", "Wire"]
    assert captures().filter(status=Status.REJECTED, merged_into=None).count() == 0
