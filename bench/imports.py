#!/usr/bin/env python
"""Import benchmark: the UCDP GED Syria development file (13,224 rows, ../shared/data/events/)
through `manage.py import_events`' code into SQLite and PostgreSQL (built-in gazetteer plus Who's
On First), against a baseline run beside it: the same file read with Python's csv module and
stored as bare events by one bulk insert per batch (no actors, place matching, reports, history or
idempotency: the least any loader does, so the ratio is what the rest costs).

    .venv/bin/python bench/imports.py [--no-postgres]

Figures: the first import and a second run of the same file (which must change nothing), in
seconds and rows per second, in a fresh process (the gazetteer index is built inside the clock);
how many events are linked to a gazetteer place and how far that place lies from UCDP's point; the
greatest distance between an event and UCDP's point (events keep it); the round trips, on SQLite:
the ACLED-shaped test files and the UCDP file imported, exported, imported into an empty database,
compared field by field. Prints a table; writes bench/results/imports.json and merges it into
bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402
from report import save  # noqa: E402

UCDP = ROOT.parent / "shared" / "data" / "events" / "ucdp_ged_syria_2016_2019.dev.csv.gz"
ACLED = [ROOT / "tests" / "fixtures" / "acled" / f for f in ("acled_syria_iraq_2020.csv", "acled_legacy_2017.csv")]


def measure(mode: str, database_url: str) -> dict:
    """Run one measurement in a subprocess (its own Django set-up); its last line is JSON."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    environment.update(DATABASE_URL=database_url, REDIS_URL="", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="bench" * 8)
    result = subprocess.run(
        [sys.executable, __file__, "--measure", mode],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode:
        raise RuntimeError(f"{mode} on {database_url}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- inside a measuring subprocess ----------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def run_import() -> dict:
    from events.event_import import import_file
    from events.models import Event
    from gazetteer.ranking import haversine_km

    t = time.perf_counter()
    first = import_file(UCDP, "ucdp")
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    second = import_file(UCDP, "ucdp")
    second_s = time.perf_counter() - t
    points = {r["id"]: (float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(gzip.open(UCDP, "rt"))}
    events = list(
        Event.objects.filter(dataset="ucdp").values_list("dataset_id", "lat", "lon", "place__lat", "place__lon")
    )
    from_point = [haversine_km(lat, lon, *points[i]) for i, lat, lon, _, _ in events]
    linked = [haversine_km(lat, lon, plat, plon) for _, lat, lon, plat, plon in events if plat is not None]
    return {
        "rows": first.rows,
        "problems": len(first.problems),
        "events": len(events),
        "first_s": first_s,
        "rows_per_s": first.rows / first_s,
        "second_s": second_s,
        "second_run": {"created": second.created, "updated": second.updated, "unchanged": second.unchanged},
        "max_km_from_ucdp_point": max(from_point),
        "linked": len(linked),
        "linked_median_km": statistics.median(linked),
        "linked_within_1_km": sum(d <= 1 for d in linked),
        "linked_within_5_km": sum(d <= 5 for d in linked),
    }


def run_baseline() -> dict:
    from itertools import batched

    from django.db import transaction

    from events.models import Event, Report

    t = time.perf_counter()
    report = Report.objects.create(text="baseline", language="en")
    with gzip.open(UCDP, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for batch in batched(rows, 500):
        with transaction.atomic():
            Event.objects.bulk_create(
                [
                    Event(
                        report=report,
                        kind="battle",
                        event_type="Battles",
                        sub_event_type="Armed clash",
                        date=r["date_start"][:10],
                        lat=float(r["latitude"]),
                        lon=float(r["longitude"]),
                        place_mention=r["where_coordinates"],
                        evidence=r["source_headline"],
                        evidence_start=0,
                        evidence_end=len(r["source_headline"]),
                        fingerprint=f"baseline:{r['id']}",
                    )
                    for r in batch
                ]
            )
    seconds = time.perf_counter() - t
    return {"rows": len(rows), "seconds": seconds, "rows_per_s": len(rows) / seconds}


def _snapshot() -> dict:
    from events.models import Event

    skip = {"id", "report_id", "created_at", "updated_at"}
    fields = [f.attname for f in Event._meta.concrete_fields if f.attname not in skip]
    out = {}
    for e in Event.objects.select_related("actor1", "actor2", "report").prefetch_related("associated_actors"):
        row = {f: getattr(e, f) for f in fields}
        row.update(
            actor1_id=e.actor1 and e.actor1.name,
            actor2_id=e.actor2 and e.actor2.name,
            associated=sorted(a.name for a in e.associated_actors.all()),
            report=(e.report.text, e.report.outlet, e.report.published),
        )
        out[f"{e.dataset}:{e.dataset_id}"] = row
    return out


def _round_trip(files: list[Path], fmt: str) -> dict:
    from events.event_import import import_data, import_file
    from events.export import acled_csv
    from events.models import Actor, Event, Report
    from events.ucdp_export import ucdp_csv

    for path in files:
        import_file(path, fmt)
    before = _snapshot()
    exported = "".join((acled_csv if fmt == "acled" else ucdp_csv)(Event.objects.all()))
    Event.objects.all().delete()
    Report.objects.all().delete()
    Actor.objects.exclude(origin="").delete()
    import_data(exported.encode(), "exported.csv", fmt)
    after = _snapshot()
    same = sum(before.get(k) == v for k, v in after.items())
    Event.objects.all().delete()
    Report.objects.all().delete()
    return {"events": len(before), "identical": same, "all_identical": before == after}


def run_round_trips() -> dict:
    return {"acled": _round_trip(ACLED, "acled"), "ucdp": _round_trip([UCDP], "ucdp")}


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _setup()
        run = {"import": run_import, "baseline": run_baseline, "roundtrip": run_round_trips}[args.measure]
        print(json.dumps(run()))
        return
    if not UCDP.exists():
        print(f"{UCDP} is not present (../shared holds the development data): skipped")
        return
    figures: dict = {"gazetteer": "builtin + Who's On First" if databases.wof_files() else "builtin"}
    engines = ["sqlite"] + (["postgres"] if not args.no_postgres and databases.postgres_available() else [])
    for engine in engines:
        url, base_url = databases.fresh(engine, "bench-imports"), databases.fresh(engine, "bench-imports-baseline")
        ours = measure("import", url)
        ours["baseline"] = measure("baseline", base_url)
        ours["ratio_to_baseline"] = ours["baseline"]["seconds"] / ours["first_s"]
        figures[engine] = ours
        print(
            f"{engine:<10} UCDP Syria {ours['rows']:,} rows: first import {ours['first_s']:.1f} s "
            f"({ours['rows_per_s']:,.0f} rows/s), second run {ours['second_s']:.1f} s {ours['second_run']}; "
            f"baseline {ours['baseline']['seconds']:.1f} s; linked {ours['linked']:,} "
            f"(median {ours['linked_median_km']:.2f} km, {ours['linked_within_1_km']:,} within 1 km); "
            f"events at most {ours['max_km_from_ucdp_point']:.3f} km from UCDP's point",
            flush=True,
        )
        databases.drop(url)
        databases.drop(base_url)
    url = databases.fresh("sqlite", "bench-imports-roundtrip")
    figures["round_trips"] = measure("roundtrip", url)
    databases.drop(url)
    print(f"round trips (export, import into an empty database): {figures['round_trips']}", flush=True)
    save("imports", figures)


if __name__ == "__main__":
    main()
