"""extract, ingest and evaluate commands."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from events.models import Event, Report

TEXT = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_extract_prints_json_and_writes_nothing(tiny_gazetteer, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    out, _ = run("extract", str(path), "--published", "2018-05-15")
    data = json.loads(out)
    assert data["schema"] == "conflictmap.extract/1" and data["published"] == "2018-05-15"
    assert data["events"][0]["kind"] == "capture_or_liberation"
    place = data["places"][0]
    assert TEXT[place["start"] : place["end"]] == place["mention"] and place["resolved"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("content,reason", [(b"", "empty"), (b"\x00\x01binary\x00", "binary")])
def test_extract_refuses_bad_files_clearly(tiny_gazetteer, tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason):
        run("extract", str(path))


def test_ingest_reads_folders_and_jsonl_skips_bad_files_and_is_idempotent(tiny_gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("هجین تحت محاصره نیروهای عراقی است.".encode("utf-16"))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x00\x00\x01")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps(
            {"text": "ارتش سوریه شهر رقه را از داعش پس گرفت.", "published": "2017-10-20", "outlet": "X"},
            ensure_ascii=False,
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    summary, errors = run("ingest", str(tmp_path), "--no-progress", "--published", "2018-05-15")
    assert Report.objects.count() == 3
    assert "3 reports read, 3 new, 0 already known, 2 skipped" in summary
    assert "broken.txt" in errors and "batch.jsonl:2" in errors
    assert Report.objects.get(outlet="X").published.isoformat() == "2017-10-20"
    events = Event.objects.count()
    summary, _ = run("ingest", str(tmp_path), "--no-progress")
    assert "3 already known" in summary and Event.objects.count() == events


def test_evaluate_scores_gold(tiny_gazetteer, tmp_path):
    gold = {
        "id": "t1",
        "lang": "fa",
        "published": "2018-05-15",
        "text": TEXT,
        "places": [
            {
                "mention": "باغوز تحتانی",
                "name_en": "Baghuz Tahtani",
                "country": "SY",
                "lat": 34.4322,
                "lon": 40.9923,
                "certain": True,
                "kind": "village",
                "event_location": True,
                "coord_precision": "point",
            }
        ],
        "actors": [
            {"mention": "نیروهای دموکراتیک سوریه", "canonical": "SDF"},
            {"mention": "داعش", "canonical": "ISIS"},
        ],
        "events": [
            {
                "type": "capture_or_liberation",
                "places": ["Baghuz Tahtani"],
                "actor1": "SDF",
                "actor2": "ISIS",
                "date": "2018-05-14",
                "control_from": "ISIS",
                "control_to": "SDF",
                "evidence": TEXT[:-1],
            }
        ],
    }
    path = tmp_path / "g.gold.jsonl"
    path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    out, _ = run("evaluate", str(path), "--json")
    scores = json.loads(out)
    assert scores["places"]["f1"] == 1.0 and scores["events"]["f1"] == 1.0 and scores["control_changes"]["f1"] == 1.0
    assert scores["geocoding"]["within_10km"] == 1.0
    text, _ = run("evaluate", str(path))
    assert "events" in text and "F1 1.000" in text
