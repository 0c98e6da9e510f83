"""Re-parsing keeps what people did: verified, edited and rejected events, events people added,
control assertions they reviewed, and the report's own fields; running it again and again
changes nothing more, and a re-parse that fails half-way writes nothing (one transaction).
(tests/events/test_ingest.py has the basic case.)"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from events.ingest import ingest_text, parse_again, save_extraction
from events.models import ControlAssertion, Event, Mention, Status

TEXT = (
    "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند. "
    "هجین و التویمین تحت محاصره نیروهای عراقی و نیروهای دموکراتیک سوریه قرار دارند."
)


def snapshot(report) -> dict:
    return {
        "events": sorted(
            Event.objects.filter(report=report).values_list("fingerprint", "status", "place_mention", "kind")
        ),
        "control": sorted(
            ControlAssertion.objects.filter(report=report).values_list(
                "place_id", "status", "holder_id", "evidence_start"
            )
        ),
        "mentions": sorted(Mention.objects.filter(report=report).values_list("label", "start", "end")),
    }


def test_human_work_survives_any_number_of_re_parses(tiny_gazetteer):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15), outlet="Outlet").report
    report.title, report.outlet, report.url = "Edited title", "Edited outlet", "https://example.org/r"
    report.save()
    capture = Event.objects.get(report=report, kind="capture_or_liberation")
    capture.status, capture.place_mention, capture.confidence = Status.EDITED, "Lower Baghuz (edited)", 0.99
    capture.save()
    sieges = list(Event.objects.filter(report=report, kind="siege").order_by("id"))
    sieges[0].status = Status.VERIFIED
    sieges[0].save()
    sieges[1].status = Status.REJECTED
    sieges[1].save()
    added = Event.objects.create(
        report=report,
        kind="battle",
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence="added by hand",
        evidence_start=0,
        evidence_end=5,
        status=Status.VERIFIED,
        fingerprint="by-hand",
    )
    reviewed = ControlAssertion.objects.filter(report=report).first()
    reviewed.status, reviewed.holder = Status.EDITED, capture.control_to
    reviewed.save()

    parse_again(report)
    first = snapshot(report)
    for _ in range(3):
        parse_again(report)
        assert snapshot(report) == first  # nothing more changes

    report.refresh_from_db()
    assert (report.title, report.outlet, report.url) == ("Edited title", "Edited outlet", "https://example.org/r")
    capture.refresh_from_db()
    assert (capture.status, capture.place_mention, capture.confidence) == (Status.EDITED, "Lower Baghuz (edited)", 0.99)
    assert Event.objects.get(pk=sieges[0].pk).status == Status.VERIFIED
    assert Event.objects.get(pk=sieges[1].pk).status == Status.REJECTED
    assert Event.objects.filter(pk=added.pk, status=Status.VERIFIED).exists()
    fingerprints = [f for f, *_ in first["events"]]
    assert len(fingerprints) == len(set(fingerprints))  # no extracted twin of a reviewed event
    reviewed_now = ControlAssertion.objects.get(pk=reviewed.pk)
    assert (reviewed_now.status, reviewed_now.holder_id) == (Status.EDITED, capture.control_to_id)
    twins = ControlAssertion.objects.filter(report=report, place=reviewed.place, evidence_start=reviewed.evidence_start)
    assert list(twins) == [reviewed_now]  # no extracted twin next to the edited assertion


def test_a_re_parse_that_fails_half_way_writes_nothing(tiny_gazetteer, monkeypatch):
    from events import ingest

    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    Event.objects.filter(report=report, kind="siege").update(status=Status.VERIFIED)
    before = snapshot(report)

    def failing(report, extraction):
        broken = dataclasses.replace(extraction, control=[object()])  # fails after events are written
        save_extraction(report, broken)

    monkeypatch.setattr(ingest, "save_extraction", failing)
    with pytest.raises(AttributeError):
        parse_again(report)
    assert snapshot(report) == before
