"""Import events from ACLED or UCDP GED files.

    manage.py import_events export.csv --format acled
    manage.py import_events ../shared/data/events/ucdp_ged_syria_2016_2019.dev.csv.gz --format ucdp
    manage.py import_events export.csv --format acled --dry-run     # list the problems, write nothing

How rows are read, matched and written is in events/event_import.py (and the readers
events/acled_reader.py, events/ucdp_reader.py). Rows with a problem are listed with their line
and not imported; a file that cannot be read stops the import, and nothing is written.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.event_import import BATCH, FORMATS, FileProblem, import_file

#: Problems printed at most (the summary counts them all).
SHOWN = 200


class Command(BaseCommand):
    help = "Import events from an ACLED CSV or a UCDP GED CSV (plain or gzipped)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the file (.csv or .csv.gz)")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), help="the dataset the file is from")
        parser.add_argument("--dry-run", action="store_true", help="do everything, report it, write nothing")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="rows per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, path: str, **opts: Any) -> str:
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="rows", unit=" rows", disable=opts["no_progress"] or None, leave=False)
            bar.update(done - bar.n)

        try:
            result = import_file(
                path, opts["format"], dry_run=opts["dry_run"], batch_size=opts["batch_size"], progress=progress
            )
        except FileProblem as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        lines = result.problem_lines()
        for line in lines[:SHOWN]:
            self.stderr.write(line)
        if len(lines) > SHOWN:
            self.stderr.write(f"... and {len(lines) - SHOWN:,} more rows with problems")
        sys.stderr.flush()
        return result.summary()
