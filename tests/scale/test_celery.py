"""Background ingestion: `manage.py ingest` hands reports to Celery workers when a broker is
configured and gives the same rows as in-process ingestion; `--sync` and no broker keep it
in-process.

* Eager mode (tasks run in this process through Celery's API): always.
* A real broker: RabbitMQ at TEST_CELERY_BROKER_URL (default amqp://guest:guest@127.0.0.1:5672//)
  and a worker started as a subprocess, against databases of the suite's own kind (two SQLite
  files, or two PostgreSQL databases); skipped with a reason when the broker does not answer.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command

from config.celery import app
from events import tasks
from events.models import Event, Report
from tests.events.conftest import tiny_gazetteer  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")

REPORTS = [
    {
        "text": "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند.",
        "published": "2018-05-15",
        "outlet": "A",
    },
    {
        "text": "هجین و التویمین تحت محاصره نیروهای عراقی و نیروهای دموکراتیک سوریه قرار دارند.",
        "published": "2018-05-16",
        "outlet": "B",
    },
    {"text": "جنگنده‌های ائتلاف مواضع داعش در هجین را بمباران کردند.", "published": "2018-06-02", "outlet": "C"},
    {"text": "   ", "published": "2018-06-03"},  # skipped: no text, in both paths
    {
        "text": "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند.",
        "published": "2018-05-15",
    },  # known
]

EVENTS_SQL = """
SELECT r.content_hash, e.kind, e.date, e.date_end, e.place_id, e.place_mention, e.lat, e.lon,
       a1.name, a2.name, e.evidence_start, e.evidence_end, e.evidence, e.confidence, e.status
FROM events_event e JOIN events_report r ON r.id = e.report_id
LEFT JOIN events_actor a1 ON a1.id = e.actor1_id LEFT JOIN events_actor a2 ON a2.id = e.actor2_id
"""
CONTROL_SQL = """
SELECT r.content_hash, c.place_id, c.date, h.name, c.evidence_start, c.source
FROM events_controlassertion c LEFT JOIN events_report r ON r.id = c.report_id LEFT JOIN events_actor h ON h.id = c.holder_id
"""


def write_batch(path: Path) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in REPORTS) + "\n", encoding="utf-8")
    return path


def rows() -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(EVENTS_SQL)
        events = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
        cursor.execute(CONTROL_SQL)
        control = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    return events + [("control", *c) for c in control]


def ingest(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, "--no-progress", stdout=out, stderr=err)
    summary = out.getvalue().strip().rsplit(";", 1)[0]  # without the time
    return summary, err.getvalue()


@pytest.fixture
def eager(settings):
    settings.CELERY_BROKER_URL = "memory://"
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.mark.django_db
def test_eager_celery_gives_the_same_rows_as_in_process(tiny_gazetteer, eager, tmp_path, monkeypatch):  # noqa: F811
    batch = write_batch(tmp_path / "batch.jsonl")
    submitted = []
    real_submit = tasks.submit
    monkeypatch.setattr(tasks, "submit", lambda item, **kw: submitted.append(item) or real_submit(item, **kw))
    summary, errors = ingest(str(batch))
    assert len(submitted) == 4  # the blank report never leaves the command
    assert "3 new, 1 already known, 1 skipped" in summary, summary
    assert "skipped" in errors
    through_celery = rows()
    assert through_celery and any(r[0] != "control" for r in through_celery)

    Report.objects.all().delete()
    assert Event.objects.count() == 0
    summary_sync, _ = ingest(str(batch), "--sync")
    assert len(submitted) == 4  # --sync: nothing handed over
    assert summary_sync == summary
    assert rows() == through_celery


@pytest.mark.django_db
def test_without_a_broker_ingest_runs_in_process(tiny_gazetteer, settings, tmp_path, monkeypatch):  # noqa: F811
    settings.CELERY_BROKER_URL = ""
    monkeypatch.setattr(tasks, "submit", lambda *a, **k: pytest.fail("handed to Celery without a broker"))
    summary, _ = ingest(str(write_batch(tmp_path / "batch.jsonl")))
    assert "3 new" in summary and "Celery" not in summary


class FakeInspect:
    def __init__(self, answer):
        self.answer = answer

    def active_queues(self):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.django_db
def test_no_worker_or_no_broker_is_an_error_not_a_hang(settings, tmp_path, monkeypatch):
    settings.CELERY_BROKER_URL = "amqp://guest:secret@127.0.0.1:5672//"
    batch = str(write_batch(tmp_path / "batch.jsonl"))
    monkeypatch.setattr(
        app.control, "inspect", lambda timeout: FakeInspect({"other@host": [{"name": "another-queue"}]})
    )
    with pytest.raises(CommandError, match="no Celery worker consumes the queue"):
        ingest(batch)
    monkeypatch.setattr(
        app.control, "inspect", lambda timeout: FakeInspect(ConnectionRefusedError(111, "Connection refused"))
    )
    with pytest.raises(CommandError, match="cannot be reached") as error:
        ingest(batch)
    assert "secret" not in str(error.value)  # the password is not printed
    monkeypatch.setattr(
        app.control, "inspect", lambda timeout: FakeInspect({"w@host": [{"name": app.conf.task_default_queue}]})
    )
    assert tasks.check_workers() == 1
    assert Report.objects.count() == 0


def test_the_task_is_idempotent_and_transactional(tiny_gazetteer, eager):  # noqa: F811
    first = tasks.ingest_report.delay(**REPORTS[0]).get()
    again = tasks.ingest_report.delay(**REPORTS[0]).get()
    assert first["created"] and not again["created"] and again["report"] == first["report"]
    assert Report.objects.count() == 1
    assert "error" in tasks.ingest_report.delay(text="  ").get()
    assert Report.objects.count() == 1


# --- a real broker and worker ----------------------------------------------------------------


def broker_reachable(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=1):
            return True
    except OSError:
        return False


class Databases:
    """Two empty databases of the suite's kind with the built-in gazetteer (B a copy of A, so
    place ids agree), dropped afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self.suite_url = os.environ.get("DATABASE_URL", "sqlite:///var/test.sqlite3")
        self.postgres = self.suite_url.startswith(("postgres", "pgsql"))
        tag = uuid.uuid4().hex[:10]
        if self.postgres:
            base = self.suite_url.rsplit("/", 1)[0]
            self.names = [f"cm_celery_{tag}_a", f"cm_celery_{tag}_b"]
            self.urls = [f"{base}/{n}" for n in self.names]
            self._admin(f'CREATE DATABASE "{self.names[0]}"')
        else:
            self.urls = [f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}"]
        manage(self.urls[0], "migrate", "--no-input", "-v0")
        manage(self.urls[0], "load_gazetteer", "builtin", "--no-progress")
        if self.postgres:
            self._admin(f'CREATE DATABASE "{self.names[1]}" TEMPLATE "{self.names[0]}"')
        else:
            shutil.copy(tmp_path / "a.sqlite3", tmp_path / "b.sqlite3")

    def _admin(self, sql: str) -> None:
        import psycopg

        parts = urlparse(self.suite_url)
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def rows(self, url: str) -> list[tuple]:
        if self.postgres:
            import psycopg

            conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1))
        else:
            import sqlite3

            conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            cursor = conn.cursor()
            cursor.execute(EVENTS_SQL)
            events = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
            cursor.execute(CONTROL_SQL)
            control = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
        finally:
            conn.close()
        return events + [("control", *c) for c in control]

    def drop(self) -> None:
        if self.postgres:
            for name in self.names:
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url: str, *args: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    environment.update(DATABASE_URL=database_url, REDIS_URL="", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_a_real_worker_over_rabbitmq_gives_the_same_rows_as_in_process(tmp_path):
    if not broker_reachable(BROKER):
        pytest.skip(
            f"no RabbitMQ answers at {urlparse(BROKER).hostname}:{urlparse(BROKER).port or 5672} (set TEST_CELERY_BROKER_URL)"
        )
    batch = tmp_path / "batch.jsonl"
    corpus = sorted((ROOT / "tests" / "corpus").glob("*.gold.jsonl"))
    lines = [line for path in corpus for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:30]
    batch.write_text("\n".join(lines + [lines[0]]) + "\n", encoding="utf-8")  # one report twice

    dbs = Databases(tmp_path)
    queue = f"cm-test-{uuid.uuid4().hex[:10]}"
    worker_env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    worker_env.update(
        DATABASE_URL=dbs.urls[1], CELERY_BROKER_URL=BROKER, CELERY_QUEUE=queue, REDIS_URL="", GAZETTEER_INDEX_TTL="0"
    )
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery",
            "worker",
            "--loglevel=info",
            "--concurrency=2",
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        in_process = manage(dbs.urls[0], "ingest", str(batch), "--no-progress")
        for _ in range(300):
            if "ready." in (tmp_path / "worker.log").read_text() or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        through_worker = manage(
            dbs.urls[1], "ingest", str(batch), "--no-progress", CELERY_BROKER_URL=BROKER, CELERY_QUEUE=queue
        )
        assert through_worker.strip().endswith("(Celery workers)"), through_worker
        assert in_process.rsplit(";", 1)[0] == through_worker.rsplit(";", 1)[0]
        assert "30 new, 1 already known" in in_process, in_process
        a, b = dbs.rows(dbs.urls[0]), dbs.rows(dbs.urls[1])
        assert len(a) > 30 and a == b
        assert "succeeded" in (tmp_path / "worker.log").read_text()
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        dbs.drop()
        try:
            from kombu import Connection

            with Connection(BROKER, connect_timeout=3) as conn:
                conn.default_channel.queue_delete(queue)
        except Exception:
            pass
