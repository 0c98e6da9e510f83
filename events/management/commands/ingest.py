"""Read reports into the database: .txt files, folders, and JSON Lines (one report a line
with text, published, outlet, url). One transaction per report; the same text twice is one
report; a bad file or record is reported with its reason (and line) and skipped, and the batch
goes on. Batches are read one report at a time (events/batches.py), so memory stays flat
whatever their size.

    manage.py ingest reports/ --outlet "Diyaruna (Persian)"
    manage.py ingest report.txt --published 2018-05-14 --url https://...
    manage.py ingest batch.jsonl
    manage.py ingest batch.jsonl --dry-run        # read and check every report; no pipeline, no writes

With a Celery broker configured (CELERY_BROKER_URL), reports are handed to the workers
(events.tasks: the same code, the same rows) --batch at a time, and the command waits for each
batch's answers before reading on; --sync ingests in this process instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import batched
from typing import Protocol

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from events.batches import Batch, Defaults, Item
from events.ingest import ingest_text
from events.pipeline.runner import EmptyText

from .extract import parse_date


class Stored(Protocol):
    """What became of one stored report: ``IngestResult`` in this process, ``tasks.Outcome`` from a worker."""

    created: bool
    events: int
    control: int
    dropped_url: str


#: A report's fate: stored, refused (the exception), or None (an error item, or a dry run).
type Outcome = Stored | Exception | None


class Command(BaseCommand):
    help = "Ingest reports (.txt files, folders, JSON Lines) into the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date of .txt files, YYYY-MM-DD")
        parser.add_argument("--outlet", default="", help="outlet of .txt files")
        parser.add_argument("--url", default="", help="URL of a .txt file")
        parser.add_argument(
            "--lang", default="", help="the reports' language: fa, fa-AF, ar, en (default: detected per report)"
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and check every report and record; run no pipeline, write nothing",
        )
        parser.add_argument(
            "--sync", action="store_true", help="ingest in this process even when a Celery broker is configured"
        )
        parser.add_argument(
            "--batch", type=int, default=500, help="reports handed to the Celery workers at a time (default 500)"
        )
        parser.add_argument(
            "--timeout", type=float, default=600, help="seconds to wait for the workers' answer to one report"
        )

    def handle(self, *args, paths: list[str], **opts) -> str:
        started = time.perf_counter()
        defaults = Defaults(parse_date(opts["published"]), opts["outlet"], opts["url"], opts["lang"])
        batch = Batch(paths, defaults)
        self.counts = {"read": 0, "new": 0, "known": 0, "failed": 0, "events": 0, "control": 0}
        self.workers = bool(settings.CELERY_BROKER_URL) and not opts["sync"] and not opts["dry_run"]
        if self.workers:
            from events import tasks

            try:
                tasks.check_workers()
            except tasks.NoWorkers as exc:
                raise CommandError(str(exc)) from exc
        bar = tqdm(desc="reports", unit=" rep", disable=opts["no_progress"] or None, leave=False)
        with bar:
            for item, outcome in self.outcomes(self.progress(batch, bar), opts):
                self.record(item, outcome)
        return self.summary(time.perf_counter() - started, opts["dry_run"])

    @staticmethod
    def progress(batch: Batch, bar: tqdm) -> Iterator[Item]:
        for item in batch:
            if bar.total != batch.expected:
                bar.total = batch.expected
            bar.update()
            yield item

    def outcomes(self, items: Iterable[Item], opts: dict) -> Iterator[tuple[Item, Outcome]]:
        """Each item with what became of it: a result, an exception, or None (an error item, or
        a dry run). Celery: one batch of reports in flight at a time, answers in order."""
        if not self.workers:
            for item in items:
                yield item, (None if item.report is None or opts["dry_run"] else self.ingest(item))
            return
        from events import tasks

        for chunk in batched(items, max(1, opts["batch"])):
            pending = [(item, item.report and tasks.submit(item.report, name=item.label)) for item in chunk]
            for item, async_result in pending:
                if async_result is None:
                    yield item, None
                    continue
                try:
                    yield item, tasks.outcome(async_result, opts["timeout"])
                except ValueError as exc:
                    yield item, exc
                except RuntimeError as exc:  # tasks.NoWorkers: the workers stopped answering
                    raise CommandError(str(exc)) from exc

    @staticmethod
    def ingest(item: Item) -> Outcome:
        assert item.report is not None
        try:
            return ingest_text(**item.report, name=item.label)
        except (EmptyText, ValueError, DatabaseError) as exc:  # UnreadableReport is a ValueError
            return exc

    def record(self, item: Item, outcome: Outcome) -> None:
        counts, label = self.counts, item.label
        if item.report is None:
            counts["failed"] += 1
            self.stderr.write(f"skipped {item.error}")
            return
        counts["read"] += 1
        if outcome is None:  # a dry run
            return
        if isinstance(outcome, Exception):
            counts["failed"] += 1
            message = str(outcome)
            self.stderr.write(f"skipped {message}" if message.startswith(label) else f"skipped {label}: {message}")
            return
        if outcome.dropped_url:
            self.stderr.write(f"{label}: URL {outcome.dropped_url[:200]!r} not kept (only http and https links are)")
        counts["new" if outcome.created else "known"] += 1
        counts["events"] += outcome.events
        counts["control"] += outcome.control

    def summary(self, seconds: float, dry_run: bool) -> str:
        counts = self.counts
        if dry_run:
            return (
                f"ingest --dry-run: {counts['read']:,} reports read and checked, {counts['failed']:,} skipped; "
                f"nothing written; {seconds:.1f} s"
            )
        return (
            f"ingest: {counts['read']:,} reports read, {counts['new']:,} new, {counts['known']:,} already known, "
            f"{counts['failed']:,} skipped; {counts['events']:,} events, {counts['control']:,} control assertions; {seconds:.1f} s"
            + (" (Celery workers)" if self.workers else "")
        )
