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
app.autodiscover_tasks(["events"])
