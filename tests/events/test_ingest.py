"""ingest: one transaction per report, idempotent by content, and re-parsing keeps human edits."""

import datetime as dt

import pytest

from events.ingest import ingest_text, parse_again
from events.models import ControlAssertion, Event, Mention, Report, Status

TEXT = (
    "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند. "
    "هجین و التویمین تحت محاصره نیروهای عراقی و نیروهای دموکراتیک سوریه قرار دارند."
)
PUBLISHED = dt.date(2018, 5, 15)


def test_a_report_becomes_mentions_events_and_control(tiny_gazetteer):
    result = ingest_text(TEXT, published=PUBLISHED, outlet="Test outlet")
    assert result.created and result.events >= 2
    report = result.report
    assert report.text == TEXT  # never rewritten
    capture = Event.objects.get(report=report, kind="capture_or_liberation")
    assert (
        capture.place.name == "Baghuz Tahtani"
        and capture.control_to.name == "SDF"
        and capture.control_from.name == "ISIS"
    )
    assert capture.date == dt.date(2018, 5, 14)
    assert TEXT[capture.evidence_start : capture.evidence_end] == capture.evidence
    assert capture.evidence_set.count() == 1
    sieges = Event.objects.filter(report=report, kind="siege")
    assert {e.place.name for e in sieges} == {"Hajin", "Al-Tuwaymin"}  # one event per place, as ACLED codes them
    hajin = ControlAssertion.objects.get(report=report, place__name="Hajin")
    assert hajin.holder is None or hajin.holder.name == "ISIS"
    assert {a.name for a in hajin.besieged_by.all()} == {"Iraqi Security Forces", "SDF"}
    for m in Mention.objects.filter(report=report):
        assert TEXT[m.start : m.end] == m.text
    labels = set(Mention.objects.filter(report=report).values_list("label", flat=True))
    assert labels == {"place", "actor", "trigger", "date"}
    assert Mention.objects.get(report=report, label="date").value == "2018-05-14"


def test_the_same_text_twice_is_one_report(tiny_gazetteer):
    first = ingest_text(TEXT, published=PUBLISHED)
    again = ingest_text("  " + TEXT + "\n", published=PUBLISHED)
    assert not again.created and again.report.pk == first.report.pk
    assert Report.objects.count() == 1 and Event.objects.count() == first.events


def test_parsing_again_keeps_verified_edited_and_rejected_events(tiny_gazetteer):
    report = ingest_text(TEXT, published=PUBLISHED).report
    capture = Event.objects.get(report=report, kind="capture_or_liberation")
    capture.status, capture.place_mention = Status.EDITED, "Lower Baghuz (edited)"
    capture.save()
    siege = Event.objects.filter(report=report, kind="siege").first()
    siege.status = Status.REJECTED
    siege.save()
    before_extracted = set(
        Event.objects.filter(report=report, status=Status.EXTRACTED).values_list("fingerprint", flat=True)
    )
    parse_again(report)
    capture.refresh_from_db()
    siege.refresh_from_db()
    assert capture.place_mention == "Lower Baghuz (edited)" and capture.status == Status.EDITED
    assert siege.status == Status.REJECTED
    fingerprints = list(Event.objects.filter(report=report).values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints))  # no re-created twin of a reviewed event
    assert (
        set(Event.objects.filter(report=report, status=Status.EXTRACTED).values_list("fingerprint", flat=True))
        == before_extracted
    )


def test_empty_text_is_refused_and_nothing_is_written(tiny_gazetteer):
    from events.pipeline.runner import EmptyText

    with pytest.raises(EmptyText):
        ingest_text("   ")
    assert Report.objects.count() == 0


def test_the_language_of_a_report_is_detected_and_stored(tiny_gazetteer):
    arabic = ingest_text("سيطرت قوات سوريا الديمقراطية على قرية الباغوز التي كانت في يد تنظيم داعش.").report
    english = ingest_text("Syrian Democratic Forces took the village of Baghuz from Islamic State.").report
    stated = ingest_text("نیروهای دموکراتیک سوریه وارد باغوز شدند.", lang="fa-AF").report
    assert (arabic.language, english.language, stated.language) == ("ar", "en", "fa-AF")
