"""The import_events and export_events commands: thin faces of events/event_import.py and the
exports (the behaviour is tested in test_event_import.py)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from tests.conftest import FIXTURES

ACLED_FILE = FIXTURES / "acled" / "acled_syria_iraq_2020.csv"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_events_prints_problems_by_line_and_a_summary(tiny_gazetteer):
    out, err = run(
        "import_events", str(FIXTURES / "acled" / "acled_with_problems.csv"), "--format", "acled", "--no-progress"
    )
    assert "acled_with_problems.csv: 10 rows read, 8 not imported; events: 2 new" in out
    assert "acled_with_problems.csv:4: event_date '2020-05-09' is not in the row's year 2019" in err
    assert len(err.strip().splitlines()) == 8


def test_import_events_dry_run_writes_nothing(tiny_gazetteer):
    out, _ = run("import_events", str(ACLED_FILE), "--format", "acled", "--dry-run", "--no-progress")
    assert out.startswith("dry run, nothing written: import_events acled") and "40 new" in out
    assert Event.objects.count() == 0


def test_import_events_refuses_an_unreadable_file(tiny_gazetteer, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("name,lat\nHajin,34\n")
    with pytest.raises(CommandError, match="events.csv: line 1: missing columns id, type_of_violence"):
        run("import_events", str(path), "--format", "ucdp", "--no-progress")


def test_export_events_writes_either_shape(tiny_gazetteer, tmp_path):
    run("import_events", str(ACLED_FILE), "--format", "acled", "--no-progress")
    run("import_events", str(FIXTURES / "ucdp" / "ucdp_ged_sample.csv"), "--format", "ucdp", "--no-progress")
    out, _ = run("export_events", str(tmp_path / "acled.csv"), "--format", "acled", "--dataset", "acled")
    assert "40 events" in out
    rows = list(csv.DictReader((tmp_path / "acled.csv").open()))
    assert len(rows) == 40 and rows[0]["event_id_cnty"].startswith(("SYR9", "IRQ9"))
    out, _ = run("export_events", "-", "--format", "ucdp")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 48 and {r["id"] for r in rows} >= {"900001", "900008"}
