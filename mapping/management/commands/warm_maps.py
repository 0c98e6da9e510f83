"""Build the control snapshots of the timeline's dates into the cache, so that the first reader
of the control, changes or timeline map does not wait for them (each takes a fraction of a
second; the timeline needs up to 48 of them).

    manage.py warm_maps [--country SY]

`make run` calls it after loading the data. The cache is shared by the app's processes (files
under var/cache, or Redis), and its keys carry the data's version: a change to the data makes
new keys, and the next reader (or the next `warm_maps`) builds them again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gazetteer.kinds import COUNTRIES
from mapping import snapshots


class Command(BaseCommand):
    help = "Build the control snapshots of the timeline's dates into the cache (the maps' first load)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--country", default="", choices=["", *sorted(COUNTRIES)], help="one country's maps (default: both)"
        )

    def handle(self, *args: Any, country: str, **opts: Any) -> None:
        started = time.perf_counter()
        dates = snapshots.frames(country).dates
        for date in dates:
            snapshots.snapshot(date, country)
        seconds = time.perf_counter() - started
        self.stdout.write(f"warm_maps: {len(dates)} control snapshots cached ({seconds:.1f} s)")
