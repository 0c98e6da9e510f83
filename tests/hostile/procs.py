"""Helpers for the tests that run commands in other processes (and kill them).

Run as ``python -m tests.hostile.procs COMMAND`` in the project folder, against the database of
``DATABASE_URL``:

* ``killpoint MODULE:ATTR[.ATTR...] N -- manage.py-args``: run a management command with that
  function wrapped so that its N-th call runs, then prints ``KILLPOINT`` and waits to be killed,
  inside whatever transaction the caller holds (the test sends SIGKILL when it reads the marker);
* ``seed-tiny``: the tiny gazetteer of the pipeline tests;
* ``report-state``: JSON: every report's content hash, parsed_at, and whether its stored
  mentions, events and control assertions are exactly what a fresh extraction gives;
* ``gazetteer-state``: JSON: counts and a hash of places, names, references and outlines (no
  ids or timestamps), to compare two databases; ``wipe-gazetteer`` empties it.

The test side is ``Proc``: a database for subprocesses (a migrated SQLite file per test, or the
PostgreSQL test database) and ``run``/``start``/``kill_at`` on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = "KILLPOINT"


# --- inside the subprocess -------------------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def killpoint(target: str, n: int, argv: list[str]) -> None:
    import importlib

    _setup()
    module_name, path = target.split(":")
    owner = importlib.import_module(module_name)
    *parents, attr = path.split(".")  # e.g. gazetteer.models:PlaceRef.objects.bulk_create
    for name in parents:
        owner = getattr(owner, name)
    original = getattr(owner, attr)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == n:
            sys.stdout.write(f"\n{MARKER}\n")
            sys.stdout.flush()
            time.sleep(600)  # the test kills us here, with the caller's transaction open
        return result

    setattr(owner, attr, wrapper)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *argv])


def seed_tiny(setup: bool = True) -> None:
    if setup:
        _setup()
    from gazetteer.live import mark_stale
    from gazetteer.models import Place, PlaceName
    from tests.pipeline.tiny_gazetteer import PLACES

    for pid, name, kind, cc, a1, lat, lon, pop, names in PLACES:
        place = Place.objects.create(
            name=name,
            kind=kind,
            country=cc,
            admin1=a1,
            lat=lat,
            lon=lon,
            population=pop or None,
            source="core",
            source_id=str(pid),
        )
        for n in names:
            PlaceName.objects.get_or_create(place=place, name=n, language="fa")
    mark_stale()


def report_state() -> dict:
    """Each report, and whether what is stored for it is whole: ``parsed_at`` is set (written
    last, in the report's one transaction) and its mentions, events and control assertions
    are exactly those a fresh extraction of its text gives (same kinds, offsets and places)."""
    _setup()
    from events.ingest import get_pipeline
    from events.models import ControlAssertion, Event, Mention, Report
    from events.pipeline.output import to_json

    pipeline = get_pipeline()
    reports = []
    for r in Report.objects.order_by("id"):
        data = to_json(pipeline.extract(r.text, published=r.published, lang=r.language))
        want_mentions = sorted(
            [("place", p["start"], p["end"]) for p in data["places"]]
            + [("actor", a["start"], a["end"]) for a in data["actors"]]
            + [("trigger", t["start"], t["end"]) for t in data.get("triggers", [])]
            + [("date", d["start"], d["end"]) for d in data.get("dates", [])]
        )
        have_mentions = sorted(Mention.objects.filter(report=r).values_list("label", "start", "end"))
        want_events = sorted(
            (e["kind"], e["start"], (p["place_id"] or 0) if p else 0)
            for e in data["events"]
            for p in (e["places"] or [None])
        )
        have_events = sorted(
            (k, s, pid or 0)
            for k, s, pid in Event.objects.filter(report=r).values_list("kind", "evidence_start", "place_id")
        )
        want_control = sorted(
            (c["place"]["place_id"], c["start"])
            for c in data["control"]
            if c["place"]["place_id"] and (c["date"] or r.published)
        )
        have_control = sorted(ControlAssertion.objects.filter(report=r).values_list("place_id", "evidence_start"))
        reports.append(
            {
                "id": r.id,
                "hash": r.content_hash,
                "parsed": r.parsed_at is not None,
                "whole": (want_mentions, want_events, want_control) == (have_mentions, have_events, have_control),
                "events": len(have_events),
            }
        )
    return {
        "reports": reports,
        "events": Event.objects.count(),
        "mentions": Mention.objects.count(),
        "orphans": Mention.objects.filter(report__isnull=True).count(),
    }


def gazetteer_state() -> dict:
    _setup()
    from gazetteer.models import Boundary, Place, PlaceName, PlaceRef

    def key(pid_map, pid):
        return pid_map.get(pid)

    ident = {pid: f"{src}:{sid}" for pid, src, sid in Place.objects.values_list("id", "source", "source_id")}
    places = sorted(
        (f"{src}:{sid}", name, kind, country, admin1, admin2, round(lat, 6), round(lon, 6), population or 0, gid or 0)
        for src, sid, name, kind, country, admin1, admin2, lat, lon, population, gid in Place.objects.values_list(
            "source",
            "source_id",
            "name",
            "kind",
            "country",
            "admin1",
            "admin2",
            "lat",
            "lon",
            "population",
            "geonames_id",
        )
    )
    names = sorted(
        (key(ident, pid), name, lang, nkey, preferred)
        for pid, name, lang, nkey, preferred in PlaceName.objects.values_list(
            "place_id", "name", "language", "key", "preferred"
        )
    )
    refs = sorted(
        (key(ident, pid), src, sid) for pid, src, sid in PlaceRef.objects.values_list("place_id", "source", "source_id")
    )
    outlines = sorted(
        (level, code, source, name)
        for level, code, source, name in Boundary.objects.values_list("level", "code", "source", "name")
    )
    blob = json.dumps([places, names, refs, outlines], ensure_ascii=False, default=str).encode("utf-8")
    return {
        "places": len(places),
        "names": len(names),
        "refs": len(refs),
        "outlines": len(outlines),
        "hash": hashlib.sha256(blob).hexdigest(),
    }


def wipe_gazetteer() -> None:
    _setup()
    from gazetteer.models import Boundary, Place

    Boundary.objects.all().delete()
    Place.objects.all().delete()


def main(argv: list[str]) -> None:
    command = argv[0]
    if command == "killpoint":
        target, n = argv[1], int(argv[2])
        rest = argv[3:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        killpoint(target, n, rest)
    elif command == "seed-tiny":
        seed_tiny()
    elif command == "report-state":
        print(json.dumps(report_state()))
    elif command == "gazetteer-state":
        print(json.dumps(gazetteer_state()))
    elif command == "wipe-gazetteer":
        wipe_gazetteer()
    else:
        raise SystemExit(f"unknown command {command}")


# --- the test side ---------------------------------------------------------------------------


class Proc:
    """Run this project's commands in subprocesses against one database (``env``)."""

    def __init__(self, env: dict):
        self.env = env

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode:
            raise AssertionError(
                f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return self.run("manage.py", *args, timeout=timeout)

    def helper(self, *args: str):
        out = self.run("-m", "tests.hostile.procs", *args).stdout.strip()
        return json.loads(out.splitlines()[-1]) if out else None

    def start(self, *args: str, stderr=None) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=stderr or subprocess.DEVNULL,
            text=True,
        )

    def kill_at(self, target: str, n: int, *manage_args: str, timeout: float = 120) -> str:
        """Run a command until the N-th call of ``target`` has run, SIGKILL it there; returns
        what it printed. Fails if the command ends before reaching that point."""
        with tempfile.TemporaryFile("w+") as err:
            proc = self.start("-m", "tests.hostile.procs", "killpoint", target, str(n), "--", *manage_args, stderr=err)
            watchdog = threading.Timer(timeout, proc.kill)
            watchdog.start()
            out = []
            try:
                for line in proc.stdout:  # ends when the process does
                    out.append(line)
                    if line.strip() == MARKER:
                        os.kill(proc.pid, signal.SIGKILL)
                        proc.wait(30)
                        assert proc.returncode == -signal.SIGKILL
                        return "".join(out)
                proc.wait(30)
                err.seek(0)
                raise AssertionError(
                    f"{' '.join(manage_args)} ended ({proc.returncode}) before call {n} of {target}:\n{''.join(out)}\n{err.read()[-3000:]}"
                )
            finally:
                watchdog.cancel()
                proc.stdout.close()


if __name__ == "__main__":
    main(sys.argv[1:])
