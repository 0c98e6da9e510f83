#!/usr/bin/env python
"""Ingest benchmark: reports per second into SQLite and PostgreSQL (one transaction per report,
the real pipeline and geocoder), and through Celery workers, against the pipeline alone on the
same reports (no database: the baseline, so the ratio is the share of time that is not storage).

    .venv/bin/python bench/ingest.py [--size 1k] [--workers 2] [--no-postgres] [--no-celery]

Reports: bench/workload.py (Persian, 2014-2019, places of the gazetteer, canonical actors),
``--size`` events (1k = about 500 reports). Databases (bench/databases.py): the built-in gazetteer
plus Who's On First when ../shared has it, SQLite in var/, PostgreSQL on the local server
(BENCH_POSTGRES_URL). Celery: RabbitMQ at BENCH_CELERY_BROKER_URL (default
amqp://guest:guest@127.0.0.1:5672//) with ``--workers`` worker processes started here, into
PostgreSQL; skipped when the broker does not answer.

Each figure is measured in a process of its own with a warm pipeline (the gazetteer index is
built before the clock starts). Prints a table; writes bench/results/ingest.json and merges it
into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402
from report import save  # noqa: E402

BROKER = os.environ.get("BENCH_CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
WORK = ROOT / "var" / "bench-ingest"


def measure(mode: str, database_url: str, jsonl: Path, **env) -> dict:
    """Run one measurement in a subprocess (its own Django set-up); its last line is JSON."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    environment.update(DATABASE_URL=database_url, REDIS_URL="", **env)
    result = subprocess.run(
        [sys.executable, __file__, "--measure", mode, "--jsonl", str(jsonl)],
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


def _records(jsonl: Path) -> list[dict]:
    return [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]


def _kwargs(r: dict) -> dict:
    return {
        "text": r["text"],
        "published": dt.date.fromisoformat(r["published"]),
        "outlet": r["outlet"],
        "url": r["url"],
        "lang": r["lang"],
    }


def run_measurement(mode: str, jsonl: Path) -> dict:
    import workload

    workload.setup_django()
    from events.ingest import get_pipeline, ingest_text
    from events.models import ControlAssertion, Event, Report
    from events.pipeline.output import to_json

    records = _records(jsonl)
    pipeline = get_pipeline()
    pipeline("نیروهای دموکراتیک سوریه روستای باغوز را گرفتند.", published=dt.date(2019, 3, 1))  # warm
    chars = sum(len(r["text"]) for r in records)
    if mode == "pipeline":
        started = time.perf_counter()
        extracted = [
            to_json(pipeline.extract(r["text"], published=dt.date.fromisoformat(r["published"]), lang=r["lang"]))
            for r in records
        ]
        seconds = time.perf_counter() - started
        truth = json.loads(jsonl.with_suffix(".truth.json").read_text(encoding="utf-8"))
        return {
            "reports": len(records),
            "chars": chars,
            "seconds": seconds,
            "reports_per_s": len(records) / seconds,
            "events": sum(len(d["events"]) for d in extracted),
            "agreement": workload.agreement(truth, extracted),
        }
    if mode == "ingest":
        started = time.perf_counter()
        events = 0
        for r in records:
            events += ingest_text(**_kwargs(r)).events
        seconds = time.perf_counter() - started
    elif mode == "celery":
        from events import tasks

        tasks.check_workers(timeout=5)
        warm = [tasks.submit(dict(_kwargs(r), text=r["text"] + " (گرم)")) for r in records[:8]]
        for w in warm:
            tasks.outcome(w, timeout=300)
        Report.objects.filter(text__endswith=" (گرم)").delete()
        started = time.perf_counter()
        pending = [tasks.submit(_kwargs(r)) for r in records]
        events = sum(tasks.outcome(p, timeout=600).events for p in pending)
        seconds = time.perf_counter() - started
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {
        "reports": len(records),
        "seconds": seconds,
        "reports_per_s": len(records) / seconds,
        "events": events,
        "rows": {
            "reports": Report.objects.count(),
            "events": Event.objects.count(),
            "control": ControlAssertion.objects.count(),
        },
    }


# --- the benchmark ---------------------------------------------------------------------------


def broker_reachable() -> bool:
    parts = urlparse(BROKER)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=1):
            return True
    except OSError:
        return False


def make_workload(size: str) -> tuple[Path, dict]:
    """The reports (JSON Lines) and their intended events, drawn from the SQLite template's
    gazetteer (in a subprocess: this process keeps no Django set-up)."""
    WORK.mkdir(parents=True, exist_ok=True)
    jsonl = WORK / f"workload-{size}.jsonl"
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); import workload as w; w.setup_django();"
        f"wl = w.Workload.from_database(seed=7); reports = list(wl.reports(w.parse_size({size!r})));"
        f"w.write_jsonl(__import__('pathlib').Path({str(jsonl)!r}), reports);"
        f"open({str(jsonl.with_suffix('.truth.json'))!r}, 'w', encoding='utf-8').write(json.dumps(w.truth_records(reports)));"
        "print(json.dumps({'reports': len(reports), 'events': sum(len(r.events) for r in reports), 'places': len(wl.places)}))"
    )
    environment = dict(os.environ, DATABASE_URL=databases.template("sqlite"), REDIS_URL="")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return jsonl, json.loads(result.stdout.strip().splitlines()[-1])


def celery_run(database_url: str, jsonl: Path, workers: int) -> dict:
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    # Persistent connections: without them every task opens a new one (Celery closes it after
    # each task when CONN_MAX_AGE is 0, Django's default).
    env.update(
        DATABASE_URL=database_url + "?conn_max_age=600", CELERY_BROKER_URL=BROKER, CELERY_QUEUE=queue, REDIS_URL=""
    )
    log = open(WORK / "worker.log", "w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery",
            "worker",
            "--loglevel=info",
            f"--concurrency={workers}",
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            if "ready." in (WORK / "worker.log").read_text() or worker.poll() is not None:
                break
            time.sleep(0.1)
        return measure("celery", database_url, jsonl, CELERY_BROKER_URL=BROKER, CELERY_QUEUE=queue)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        try:
            from kombu import Connection

            with Connection(BROKER, connect_timeout=3) as conn:
                conn.default_channel.queue_delete(queue)
        except Exception:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1k", help="events in the workload: 1k, 10k, 100k or a number")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-celery", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(run_measurement(args.measure, args.jsonl)))
        return

    t = time.perf_counter()
    sqlite_template = databases.template("sqlite")
    figures: dict = {"gazetteer": "builtin + Who's On First" if databases.wof_files() else "builtin"}
    jsonl, figures["workload"] = make_workload(args.size)
    print(
        f"workload: {figures['workload']['reports']:,} reports, {figures['workload']['events']:,} events over {figures['workload']['places']:,} places "
        f"(gazetteer {figures['gazetteer']}; set-up {time.perf_counter() - t:.0f} s)",
        flush=True,
    )

    figures["pipeline_only"] = measure("pipeline", sqlite_template, jsonl)
    print(f"pipeline alone (baseline)      {figures['pipeline_only']['reports_per_s']:8.1f} reports/s", flush=True)
    url = databases.fresh("sqlite", "bench-ingest")
    figures["sqlite"] = measure("ingest", url, jsonl)
    print(f"ingest into SQLite             {figures['sqlite']['reports_per_s']:8.1f} reports/s", flush=True)
    postgres = not args.no_postgres and databases.postgres_available()
    if postgres:
        url = databases.fresh("postgres", "bench-ingest")
        figures["postgres"] = measure("ingest", url, jsonl)
        print(f"ingest into PostgreSQL         {figures['postgres']['reports_per_s']:8.1f} reports/s", flush=True)
        databases.drop(url)
    else:
        print("PostgreSQL not reachable: skipped", flush=True)
    if postgres and not args.no_celery and broker_reachable():
        url = databases.fresh("postgres", "bench-ingest-celery")
        figures["celery_postgres"] = measure_celery = celery_run(url, jsonl, args.workers)
        figures["celery_postgres"]["workers"] = args.workers
        print(
            f"Celery, {args.workers} workers, PostgreSQL  {measure_celery['reports_per_s']:8.1f} reports/s", flush=True
        )
        databases.drop(url)
    elif not args.no_celery:
        print("RabbitMQ or PostgreSQL not reachable: Celery skipped", flush=True)

    base = figures["pipeline_only"]["reports_per_s"]
    for key in ("sqlite", "postgres", "celery_postgres"):
        if key in figures:
            figures[key]["ratio_to_pipeline"] = figures[key]["reports_per_s"] / base
    if "celery_postgres" in figures:
        figures["celery_postgres"]["ratio_to_in_process"] = (
            figures["celery_postgres"]["reports_per_s"] / figures["postgres"]["reports_per_s"]
        )
    same = [figures[k]["rows"]["events"] for k in ("sqlite", "postgres", "celery_postgres") if k in figures]
    figures["same_events_everywhere"] = len(set(same)) == 1
    save("ingest", figures)

    a = figures["pipeline_only"]["agreement"]
    print()
    print(f"{'figure':<40} {'conflictmap':>14} {'baseline':>14} {'ratio':>7}")
    for key, label in (
        ("sqlite", "ingest into SQLite (reports/s)"),
        ("postgres", "ingest into PostgreSQL (reports/s)"),
    ):
        if key in figures:
            print(
                f"{label:<40} {figures[key]['reports_per_s']:>14.1f} {base:>14.1f} {figures[key]['ratio_to_pipeline']:>7.2f}"
            )
    if "celery_postgres" in figures:
        c = figures["celery_postgres"]
        print(
            f"{'Celery ' + str(args.workers) + ' workers → PostgreSQL (reports/s)':<40} {c['reports_per_s']:>14.1f} {figures['postgres']['reports_per_s']:>14.1f} {c['ratio_to_in_process']:>7.2f}   (baseline: in-process)"
        )
    print(
        f"events stored: {', '.join(f'{k} {figures[k]["rows"]["events"]:,}' for k in ('sqlite', 'postgres', 'celery_postgres') if k in figures)}"
        f" ({'the same' if figures['same_events_everywhere'] else 'DIFFERENT'})"
    )
    print(
        f"pipeline reads back the generated events: {a['found']:.1%} found, kind {a['kind']:.1%}, place {a['place']:.1%}, date {a['date']:.1%}, actor {a['actor1']:.1%}"
    )


if __name__ == "__main__":
    main()
