"""The Celery app: background ingestion of large batches (``events.tasks``).

Configured from Django's settings (``CELERY_*``: ``CELERY_BROKER_URL``, ``CELERY_RESULT_BACKEND``,
which defaults to ``rpc://``, replies over the broker). Start a worker beside the app with

    .venv/bin/celery -A config.celery worker --loglevel=info --concurrency=2

and `manage.py ingest` hands every report to the workers (``--sync`` keeps it in-process).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("conflictmap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # A report is acknowledged once ingested: a worker that dies mid-report leaves it to
    # another (ingestion is idempotent, so a report done twice is stored once).
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,  # reports differ in length: don't hoard them
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
app.autodiscover_tasks(["events", "monitoring"])


def _seconds(text: str) -> float:
    """``15m``, ``1h``, ``90s`` or seconds (as monitoring.schedule.parse_every; config imports no app)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip()
    return float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)


# The outlets' feeds are fetched by a beat (`celery -A config.celery beat`) every FEEDS_EVERY
# when a broker is configured (issue 13; monitoring.tasks.fetch_feeds).
from django.conf import settings  # noqa: E402

if settings.CELERY_BROKER_URL:
    app.conf.beat_schedule = {
        "fetch-feeds": {"task": "monitoring.fetch_feeds", "schedule": _seconds(settings.FEEDS_EVERY)},
    }
