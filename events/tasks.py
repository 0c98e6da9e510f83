"""Background ingestion: one Celery task per report, the same code path as in-process
ingestion (``events.ingest.ingest_text``: one transaction per report, idempotent by content
hash), so a batch gives the same rows whether workers or the command itself ingested it.

A worker keeps its own gazetteer index and pipeline (built on its first report, rebuilt when the
gazetteer changes, as in any process)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from .ingest import ingest_text
from .pipeline.runner import EmptyText


@shared_task(name="events.ingest_report")
def ingest_report(
    text: str, published: str | None = None, outlet: str = "", url: str = "", lang: str = "", name: str = "report"
) -> dict:
    """Ingest one report (arguments as JSON: the date as YYYY-MM-DD; ``name`` labels errors).
    Returns the report's id, whether it was new, its events and control assertions, or
    ``{"error": reason}`` for a report that cannot be stored, as the in-process command skips
    it (retrying would not help)."""
    try:
        result = ingest_text(
            text,
            published=dt.date.fromisoformat(published) if published else None,
            outlet=outlet,
            url=url,
            lang=lang,
            name=name,
        )
    except (EmptyText, ValueError, DatabaseError) as exc:  # UnreadableReport is a ValueError
        return {"error": str(exc)}
    return {
        "report": result.report.pk,
        "created": result.created,
        "events": result.events,
        "control": result.control,
        "dropped_url": result.dropped_url,
    }


# --- the ingest command's side: hand reports to workers, collect their answers ---------------


class NoWorkers(RuntimeError):
    """The broker cannot be reached, or no worker answers."""


def check_workers(timeout: float = 2.0) -> int:
    """The number of workers that consume this app's queue (raises NoWorkers when none does or
    the broker cannot be reached). Eager mode (tests) needs none."""
    app = ingest_report.app  # the project's Celery app (config/celery.py), as configured
    if app.conf.task_always_eager:
        return 0
    broker, queue = _safe(app.conf.broker_url), app.conf.task_default_queue
    try:
        answers = app.control.inspect(timeout=timeout).active_queues() or {}
    except Exception as exc:  # kombu raises OperationalError, socket errors, ... by transport
        raise NoWorkers(f"the Celery broker {broker} cannot be reached ({exc})") from exc
    consuming = [name for name, queues in answers.items() if any(q.get("name") == queue for q in queues or [])]
    if not consuming:
        raise NoWorkers(
            f"no Celery worker consumes the queue {queue!r} on {broker}: start one with "
            "`celery -A config.celery worker`, or ingest in this process with --sync"
        )
    return len(consuming)


def submit(item: dict, *, name: str = "report"):
    """Queue one report (the ingest command's keyword arguments) and return its AsyncResult."""
    kwargs = dict(item, name=name)
    if isinstance(kwargs.get("published"), dt.date):
        kwargs["published"] = kwargs["published"].isoformat()
    return ingest_report.apply_async(kwargs=kwargs)


class Outcome:
    """What ingest_text returns, as far as the command needs it."""

    def __init__(self, answer: dict) -> None:
        self.report_id = answer["report"]
        self.created = answer["created"]
        self.events = answer["events"]
        self.control = answer["control"]
        self.dropped_url = answer.get("dropped_url", "")


def outcome(async_result, timeout: float) -> Outcome:
    """Wait for one report's answer; ValueError for a report that could not be ingested."""
    from celery.exceptions import TimeoutError as CeleryTimeout

    try:
        answer = async_result.get(timeout=timeout)
    except CeleryTimeout as exc:
        raise NoWorkers(f"no answer from the workers within {timeout:.0f} s (are they running?)") from exc
    if "error" in answer:
        raise ValueError(answer["error"])
    return Outcome(answer)


def _safe(url: str | None) -> str:
    """A broker URL without its password."""
    from kombu.utils.url import maybe_sanitize_url

    return maybe_sanitize_url(url or "") or "(none)"
