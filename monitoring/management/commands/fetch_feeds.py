"""Fetch the feeds of every active outlet (or one, --outlet NAME) and ingest each new article.

    manage.py fetch_feeds                 # once, then exit
    manage.py fetch_feeds --every 15m     # again every 15 minutes until stopped (Ctrl-C)
    manage.py fetch_feeds --outlet "BBC Persian"

Prints one line per outlet (items, new reports, known, events, merged) and every failure, named
with its URL and reason; a failure never stops the other outlets. With a Celery broker
configured, the beat schedule runs the same fetch in the workers (FEEDS_EVERY, config/celery.py).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from monitoring.models import FetchRun, Outlet
from monitoring.schedule import fetch_all, parse_every


class Command(BaseCommand):
    help = "Fetch every active outlet's feeds once (or --every 15m) and ingest the new articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--outlet", default="", help="only this outlet (by name; also when inactive)")
        parser.add_argument("--every", default="", help="keep fetching at this interval: 15m, 1h, 90s")

    def handle(self, *args, **opts) -> None:
        try:
            every = parse_every(opts["every"]) if opts["every"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if opts["outlet"]:
            outlets = Outlet.objects.filter(name=opts["outlet"])
            if not outlets.exists():
                raise CommandError(f"No outlet named {opts['outlet']!r} (see `manage.py add_outlet`).")
        else:
            outlets = Outlet.objects.filter(active=True)
            if not outlets.exists():
                self.stdout.write("No active outlet (add one with `manage.py add_outlet`).")
                return
        try:
            while True:
                failed = self.fetch_once(outlets)
                if every is None:
                    break
                time.sleep(every)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
            return
        if failed:
            self.stdout.write(f"{failed} failure(s): see above, and each outlet in the admin.")

    def fetch_once(self, outlets) -> int:
        failed = 0

        def show(outlet: Outlet, run: FetchRun | None, reason: str) -> None:
            nonlocal failed
            if run is None:
                failed += 1
                self.stdout.write(f"{outlet.name}: {reason}")
                return
            errors = [e for e in run.errors.splitlines() if e]
            failed += len(errors)
            self.stdout.write(
                f"{outlet.name}: {run.items} items, {run.new_reports} new reports, {run.known} known, "
                f"{run.events} events ({run.merged} joined other reports' events), {len(errors)} failed"
                f" in {run.seconds:.1f} s"
            )
            for error in errors:
                self.stdout.write(f"  failed: {error}")

        fetch_all(list(outlets.order_by("name")), on_run=show)
        return failed
