"""Report batches (``events/batches.py``): files, folders and JSON Lines read one report at a
time; refusals name the file and line; lines over the record limit are skipped unread; the
command's ``--dry-run`` reads and checks everything and writes nothing; Celery gets one
``--batch`` at a time."""

from __future__ import annotations

import datetime as dt
import io
import json
from itertools import islice

import pytest
from django.core.management import call_command

from events import tasks
from events.batches import RECORD_OVERHEAD, Batch, Defaults, record_limit
from events.models import Report
from lib.untrusted import max_report_bytes

GOOD = "ارتش سوریه شهر رقه را از داعش پس گرفت."


def jsonl(path, records) -> str:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_record_limit_follows_the_report_limit(settings):
    assert record_limit() == 3 * max_report_bytes() + RECORD_OVERHEAD == 3 * 2 * 1024 * 1024 + 64 * 1024
    settings.REPORT_MAX_BYTES = 1000
    assert record_limit() == 3000 + RECORD_OVERHEAD
    # A text at the limit written with \\u escapes (six characters for two bytes) still fits.
    at_limit = json.dumps({"text": "خ" * 500, "outlet": "x" * 1000})
    assert len(at_limit) <= record_limit()


def test_a_batch_yields_reports_in_file_order_with_labels_and_defaults(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    jsonl(tmp_path / "sub" / "b.jsonl", [{"text": GOOD + " 1", "published": "2017-10-20", "outlet": "X"}, "", "{bad"])
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.7")
    defaults = Defaults(dt.date(2018, 5, 15), "Outlet", "https://example.org/a", "fa")
    items = list(Batch([str(tmp_path), str(tmp_path / "nothing-here")], defaults))
    assert [i.label for i in items] == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'sub' / 'b.jsonl'}:1",
        f"{tmp_path / 'sub' / 'b.jsonl'}:3",
        str(tmp_path / "nothing-here"),
    ]
    assert items[0].report == {
        "text": GOOD,
        "published": dt.date(2018, 5, 15),
        "outlet": "Outlet",
        "url": "https://example.org/a",
        "lang": "fa",
    }
    assert items[1].report == {
        "text": GOOD + " 1",
        "published": dt.date(2017, 10, 20),
        "outlet": "X",
        "url": "",
        "lang": "fa",
    }
    assert items[2].report is None and "b.jsonl:3: not a report record" in items[2].error
    assert items[3].error.endswith("nothing-here: no such file or folder")


def test_the_batch_is_read_lazily_and_knows_how_many_items_to_expect(tmp_path):
    path = jsonl(tmp_path / "b.jsonl", [{"text": f"{GOOD} {n}"} for n in range(1000)])
    batch = Batch([path], Defaults())
    first = list(islice(batch, 3))
    assert [i.label.rsplit(":", 1)[1] for i in first] == ["1", "2", "3"]
    assert batch.expected == 1000  # from the scan's line count, before the rest is read


def test_a_line_over_the_record_limit_is_skipped_unread_and_the_rest_goes_in(tiny_gazetteer, tmp_path, settings):
    settings.REPORT_MAX_BYTES = 1000
    huge = json.dumps({"text": "x" * (record_limit() + 1)})
    path = jsonl(tmp_path / "b.jsonl", [{"text": GOOD}, huge, {"text": "هجین تحت محاصره نیروهای عراقی است."}])
    summary, errors = run(path)
    assert f"b.jsonl:2: a line of {len(huge):,} characters is over the limit of {record_limit():,}" in errors
    assert "2 reports read, 2 new, 0 already known, 1 skipped" in summary
    assert Report.objects.count() == 2


def test_a_refused_batch_file_is_one_skip_and_none_of_its_records_go_in(tiny_gazetteer, tmp_path):
    good = jsonl(tmp_path / "good.jsonl", [{"text": GOOD}])
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps({"text": GOOD + " 2"}).encode() + b"\n" + b'{"text": "\x81"}\n')
    summary, errors = run(str(bad), good)
    assert "bad.jsonl: not UTF-8 text (byte 0x81 at line 2)" in errors
    assert "1 reports read, 1 new, 0 already known, 1 skipped" in summary
    assert list(Report.objects.values_list("text", flat=True)) == [GOOD]  # nothing of bad.jsonl


def test_dry_run_reads_and_checks_everything_and_writes_nothing(tiny_gazetteer, tmp_path, monkeypatch):
    monkeypatch.setattr("events.management.commands.ingest.ingest_text", lambda **kw: pytest.fail("ingested"))
    path = jsonl(tmp_path / "b.jsonl", [{"text": GOOD}, {"text": "NUL \u0000"}, "[1]", {"text": GOOD + " 2"}])
    summary, errors = run(path, "--dry-run")
    assert summary.startswith("ingest --dry-run: 2 reports read and checked, 2 skipped; nothing written")
    assert "b.jsonl:2: NUL characters" in errors and "b.jsonl:3: not a report record" in errors
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_celery_gets_one_batch_at_a_time_in_order(tiny_gazetteer, tmp_path, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "memory://"
    calls: list[str] = []

    class Answer:
        created, events, control, dropped_url = True, 0, 0, ""

    monkeypatch.setattr(tasks, "check_workers", lambda: 1)
    monkeypatch.setattr(tasks, "submit", lambda item, name: calls.append(f"submit {name[-1]}") or name)
    monkeypatch.setattr(tasks, "outcome", lambda name, timeout: calls.append(f"answer {name[-1]}") or Answer())
    path = jsonl(tmp_path / "b.jsonl", [{"text": f"{GOOD} {n}"} for n in range(5)])
    summary, _ = run(path, "--batch", "2")
    assert calls == [
        *("submit 1", "submit 2", "answer 1", "answer 2"),
        *("submit 3", "submit 4", "answer 3", "answer 4"),
        *("submit 5", "answer 5"),
    ]
    assert "5 reports read, 5 new" in summary and "(Celery workers)" in summary
