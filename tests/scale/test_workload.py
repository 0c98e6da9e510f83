"""bench/workload.py: deterministic Persian reports that the real pipeline reads back, and rows
consistent with their text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from events.ingest import ingest_text
from events.models import ControlAssertion, Event, Mention, Report
from tests.events.conftest import tiny_gazetteer  # noqa: F401  (a fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import workload

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_reports_and_offsets_match_the_text(tiny_gazetteer):  # noqa: F811
    places = workload.gazetteer_places()
    assert {p.name for p in places} >= {"Hajin", "Raqqa", "Mosul"}  # settlements only
    assert all(p.kind in workload.CUES for p in places)
    first = list(workload.Workload(places, seed=3).reports(60))
    again = list(workload.Workload(places, seed=3).reports(60))
    assert [r.text for r in first] == [r.text for r in again]
    assert sum(len(r.events) for r in first) >= 60
    assert len({r.text for r in first}) == len(first)
    for r in first:
        assert r.published >= workload.FIRST and all(workload.FIRST <= t.date <= workload.LAST for t in r.events)
        for t in r.events:
            assert r.text[t.start : t.end] == t.sentence
            assert r.text[t.mention_start : t.mention_start + len(t.mention)] == t.mention


def test_the_pipeline_reads_the_generated_events_back(tiny_gazetteer):  # noqa: F811
    wl = workload.Workload(workload.gazetteer_places(), seed=5)
    reports = list(wl.reports(40))
    extracted = []
    from events.ingest import get_pipeline
    from events.pipeline.output import to_json

    pipeline = get_pipeline()
    for r in reports:
        extracted.append(to_json(pipeline.extract(r.text, published=r.published)))
    score = workload.agreement(workload.truth_records(reports), extracted)
    assert score["found"] >= 0.95 and score["kind"] >= 0.9 and score["date"] >= 0.9, score
    assert score["place"] >= 0.8 and score["actor1"] >= 0.8, score
    result = ingest_text(
        **{k: v for k, v in reports[0].record().items() if k != "published"}, published=reports[0].published
    )
    assert result.created and result.events >= len(reports[0].events)


def test_rows_are_consistent_with_their_reports(tiny_gazetteer):  # noqa: F811
    counts = workload.load_rows(workload.Workload(workload.gazetteer_places(), seed=9), 50, batch=7)
    assert (
        counts["events"] >= 50
        and Event.objects.count() == counts["events"]
        and Report.objects.count() == counts["reports"]
    )
    for e in Event.objects.select_related("report"):
        assert e.report.text[e.evidence_start : e.evidence_end] == e.evidence
        assert e.place_mention in e.evidence and e.lat is not None
        assert e.report.content_hash == Report.hash_text(e.report.text)
    for m in Mention.objects.filter(label="place").select_related("report"):
        assert m.report.text[m.start : m.end] == m.text
    assert ControlAssertion.objects.count() == counts["control"]
