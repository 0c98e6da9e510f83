"""The review operations on the models, without the admin: search in any script, verify/reject
with history, merging duplicates, and a report's writing direction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from events.models import Actor, Event, EventEvidence, Report, Status
from gazetteer.models import Place

pytestmark = pytest.mark.django_db

HAJIN = "نیروهای دموکراتیک سوریه شهر هجین را از کنترل داعش خارج کردند."
AGAIN = "داعش شهر هجین را از دست داد."


def _report(text: str = HAJIN, **fields) -> Report:
    return Report.objects.create(text=text, **fields)


def _event(report: Report, **fields) -> Event:
    start = fields.pop("evidence_start", 0)
    end = fields.pop("evidence_end", len(report.text))
    values = {
        "kind": "capture_or_liberation",
        "event_type": "Battles",
        "sub_event_type": "Non-state actor overtakes territory",
        "evidence": report.text[start:end],
        "evidence_start": start,
        "evidence_end": end,
        "fingerprint": f"f{Event.objects.count()}",
    }
    values.update(fields)
    return Event.objects.create(report=report, **values)


@pytest.mark.parametrize(
    "language,rtl",
    [
        ("fa", True),  # Persian
        ("ar", True),  # Arabic
        ("fa-AF", True),  # Dari, as a regional Persian tag
        ("prs", True),  # Dari, as its own code
        ("en", False),
        ("", False),
    ],
)
def test_a_report_knows_whether_it_is_written_right_to_left(language, rtl):
    assert _report(language=language).is_rtl is rtl


@pytest.fixture
def searchable(tiny_gazetteer):
    """Three events: at Hajin (a gazetteer place), at an unresolved mention, and one by ISIS."""
    isis = Actor.objects.get(name="ISIS")
    report = _report()
    return {
        "hajin": _event(report, place=Place.objects.get(name="Hajin"), place_mention="هجین"),
        "mention": _event(report, place_mention="البوکمال", evidence="نیروها وارد شهر شدند"),  # found by its own key
        "isis": _event(report, actor1=isis, evidence="clashes near the river", place_mention="x"),
    }


@pytest.mark.parametrize(
    "query,found",
    [
        ("هجين", {"hajin"}),  # Arabic yeh finds the Persian spelling, through the place's name keys
        ("هجین", {"hajin"}),  # Persian yeh
        ("Hajin", {"hajin"}),  # the place's display name
        ("hajin", {"hajin"}),  # any case
        ("البوكمال", {"mention"}),  # Arabic kaf finds a mention written with a Persian kaf
        ("ISIS", {"isis"}),  # the actor's name
        ("river", {"isis"}),  # words of the evidence
        ("Mosul", set()),  # a place no event is at
    ],
)
def test_search_finds_events_in_any_script_and_spelling(searchable, query, found):
    pks = set(Event.objects.search(query).values_list("pk", flat=True))
    assert pks == {searchable[name].pk for name in found}


def test_search_narrows_the_queryset_it_is_given(searchable):
    assert not Event.objects.exclude(pk=searchable["hajin"].pk).search("هجين").exists()


def test_set_status_saves_each_changed_event_with_who_did_it():
    reviewer = get_user_model().objects.create_user("reviewer")
    report = _report()
    a, b = _event(report), _event(report)
    done = _event(report, status=Status.VERIFIED)
    assert Event.objects.all().set_status(Status.VERIFIED, user=reviewer) == 2
    assert set(Event.objects.values_list("status", flat=True)) == {Status.VERIFIED}
    for event in (a, b):
        latest = event.history.first()
        assert latest.status == Status.VERIFIED and latest.history_user == reviewer
        assert event.history.count() == 2  # created, verified
    assert done.history.count() == 1  # already verified: not saved again


def test_set_status_without_a_user_records_no_user_outside_a_request():
    event = _event(_report())
    assert Event.objects.filter(pk=event.pk).set_status(Status.REJECTED) == 1
    latest = event.history.first()
    assert latest.status == Status.REJECTED and latest.history_user is None


@pytest.fixture
def duplicates():
    """The same capture told by two reports: an extracted, confident one and a verified one."""
    first, second = _report(HAJIN), _report(AGAIN)
    sdf, isis = Actor.objects.get(name="SDF"), Actor.objects.get(name="ISIS")
    extracted = _event(second, confidence=0.9, date=dt.date(2018, 12, 14))
    extracted.associated_actors.add(isis)
    verified = _event(first, confidence=0.4, date=dt.date(2018, 12, 10), status=Status.VERIFIED)
    verified.associated_actors.add(sdf)
    return {"verified": verified, "extracted": extracted, "first": first, "second": second, "actors": {sdf, isis}}


def test_merge_keeps_the_reviewed_event_and_gathers_evidence_actors_and_dates(duplicates):
    keep = Event.objects.filter(pk__in=[e.pk for e in (duplicates["verified"], duplicates["extracted"])]).merge()
    assert keep.pk == duplicates["verified"].pk
    keep.refresh_from_db()
    evidence = {(ev.report_id, ev.start, ev.end) for ev in EventEvidence.objects.filter(event=keep)}
    assert evidence == {
        (duplicates["first"].pk, 0, len(HAJIN)),
        (duplicates["second"].pk, 0, len(AGAIN)),
    }
    assert set(keep.associated_actors.all()) == duplicates["actors"]
    assert keep.date == dt.date(2018, 12, 10) and keep.date_end == dt.date(2018, 12, 14)
    assert keep.status == Status.VERIFIED  # reviewed: stays so
    other = Event.objects.get(pk=duplicates["extracted"].pk)
    assert other.status == Status.REJECTED and other.merged_into_id == keep.pk


def test_merge_without_a_reviewed_event_keeps_the_most_confident_and_marks_it_edited(duplicates):
    verified = duplicates["verified"]
    Event.objects.filter(pk=verified.pk).update(status=Status.EXTRACTED)
    keep = Event.objects.filter(pk__in=[verified.pk, duplicates["extracted"].pk]).merge()
    assert keep.pk == duplicates["extracted"].pk
    keep.refresh_from_db()
    assert keep.status == Status.EDITED  # a person merged it: re-parsing must keep it


def test_merge_of_equally_confident_events_keeps_the_oldest():
    report = _report()
    a, b = _event(report), _event(report)
    assert Event.objects.filter(pk__in=[b.pk, a.pk]).merge().pk == a.pk


def test_merging_twice_adds_no_evidence_twice(duplicates):
    pks = [duplicates["verified"].pk, duplicates["extracted"].pk]
    Event.objects.filter(pk__in=pks).merge()
    Event.objects.filter(pk__in=pks).merge()
    assert EventEvidence.objects.filter(event_id=duplicates["verified"].pk).count() == 2


def test_merge_records_history_for_each_event_with_who_merged(duplicates):
    reviewer = get_user_model().objects.create_user("reviewer")
    keep, other = duplicates["verified"], duplicates["extracted"]
    keep.merge([other], user=reviewer)
    assert keep.history.first().history_user == reviewer
    record = other.history.first()
    assert record.history_user == reviewer and record.status == Status.REJECTED and record.merged_into_id == keep.pk
    assert {a.actor.name for a in keep.history.first().associated_actors.all()} == {"SDF", "ISIS"}


def test_merge_refuses_events_of_different_kinds_and_changes_nothing(duplicates):
    other = duplicates["extracted"]
    Event.objects.filter(pk=other.pk).update(kind="airstrike_or_shelling")
    with pytest.raises(ValueError, match="different kinds"):
        Event.objects.filter(pk__in=[duplicates["verified"].pk, other.pk]).merge()
    assert not EventEvidence.objects.exists()
    assert Event.objects.get(pk=other.pk).status == Status.EXTRACTED


def test_merge_needs_two_events(duplicates):
    with pytest.raises(ValueError, match="at least two"):
        Event.objects.filter(pk=duplicates["verified"].pk).merge()
