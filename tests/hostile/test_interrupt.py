"""Nothing lost: commands killed with SIGKILL in the middle of writing leave no half-written
report or gazetteer, re-running them completes the work without duplicates, and two ingests of
the same files at once create each report once. Run in subprocesses against a migrated SQLite
file or the PostgreSQL test database (tests/hostile/conftest.py).

A report is *whole* when ``parsed_at`` is set (written last in the report's one transaction)
and its mentions, events and control assertions are exactly those a fresh extraction of its
text gives (tests/hostile/procs.py ``report_state``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .procs import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.gold.jsonl"))


def batch(tmp_path: Path, n: int = 24) -> tuple[Path, int]:
    """A JSON Lines batch of the first n corpus paragraphs; returns it and its distinct texts."""
    lines = [line for path in CORPUS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, len({json.loads(line)["text"].strip() for line in lines})


def assert_whole(state: dict, expected_reports: int) -> None:
    reports = state["reports"]
    assert len(reports) == expected_reports
    assert len({r["hash"] for r in reports}) == len(reports)  # no duplicates
    broken = [r for r in reports if not (r["parsed"] and r["whole"])]
    assert broken == [], f"half-written reports: {broken}"
    assert state["events"] == sum(r["events"] for r in reports)


def test_ingest_killed_mid_report_leaves_no_half_written_report(proc_db_tiny, tmp_path):
    proc_db = proc_db_tiny
    path, total = batch(tmp_path)
    # The 6th report is written (mentions, events, control) but not committed when it dies.
    proc_db.kill_at("events.ingest:save_extraction", 6, "ingest", str(path), "--no-progress")
    state = proc_db.helper("report-state")
    assert_whole(state, 5)
    summary = proc_db.manage("ingest", str(path), "--no-progress").stdout
    assert f"{total - 5} new, 5 already known" in summary
    assert_whole(proc_db.helper("report-state"), total)


def test_two_ingests_of_the_same_files_at_once_create_each_report_once(proc_db_tiny, tmp_path):
    proc_db = proc_db_tiny
    path, total = batch(tmp_path, 20)
    runs = [proc_db.start("manage.py", "ingest", str(path), "--no-progress") for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    new = [int(out.split(" new,")[0].rsplit(" ", 1)[1]) for out in outputs]
    assert sum(new) == total, outputs  # each report created by exactly one of them
    assert_whole(proc_db.helper("report-state"), total)


def wof_file(tmp_path: Path, n: int = 3000) -> Path:
    """n Who's On First localities (two names each, some sharing a GeoNames id) as NDJSON."""
    from tests.gazetteer.wof_samples import feature, write_ndjson

    features = [
        feature(
            2_000_000 + i,
            "locality",
            f"Qarya {i}",
            33.0 + (i % 60) * 0.07,
            36.0 + (i // 60) * 0.1,
            **{"name:ara_x_preferred": [f"قرية {i}"], "wof:concordances": {"gn:id": 9_100_000 + i // 2}},
        )
        for i in range(n)
    ]
    return write_ndjson(tmp_path / "places.ndjson.gz", features)


def test_load_gazetteer_killed_and_run_again_ends_as_one_clean_run(proc_db, tmp_path):
    path = str(wof_file(tmp_path))
    load = ("load_gazetteer", "wof", path, "--no-progress")
    target = "gazetteer.models:PlaceRef.objects.bulk_create"  # after the places, before their names
    proc_db.kill_at(target, 1, *load)
    assert proc_db.helper("gazetteer-state")["places"] == 0  # nothing of it was committed
    proc_db.manage(*load)
    resumed = proc_db.helper("gazetteer-state")
    # Killed again while loading the same file over the full gazetteer: still what was there.
    proc_db.kill_at(target, 1, *load)
    assert proc_db.helper("gazetteer-state") == resumed
    # One clean run on an empty gazetteer gives the same places, names and references.
    proc_db.helper("wipe-gazetteer")
    proc_db.manage(*load)
    clean = proc_db.helper("gazetteer-state")
    assert clean == resumed and clean["places"] == 1500 and clean["names"] >= 3000
