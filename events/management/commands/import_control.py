"""Import a table of control points (who holds which place on a date) as control assertions.

    manage.py import_control events/data/baseline_control.tsv --source baseline
    manage.py import_control ../shared/data/control/wikipedia_syria_detailed_map.tsv --date 2017-07-15 --country SY
    manage.py import_control points.csv --date 2018-03-01 --dry-run

The table's columns are described in events/control_table.py; how rows are matched to places,
reconciled and written in events/control_import.py. A malformed file stops the import with the
file and line, and nothing is written; --dry-run does everything, prints the summary, and rolls
back.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.control_import import import_table
from events.control_table import TableError, parse_date


class Command(BaseCommand):
    help = "Import a CSV/TSV table of control points (who holds which place on a date)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="CSV or TSV file")
        parser.add_argument("--date", help="date of rows without their own, YYYY-MM-DD")
        parser.add_argument("--source", help='name of this table (default "control:<file stem>"); source of new places')
        parser.add_argument("--country", choices=("SY", "IQ"), type=str.upper, help="country of every row")
        parser.add_argument(
            "--max-km", type=float, default=5.0, help="a place of the same name must be this close (km)"
        )
        parser.add_argument(
            "--snap-km", type=float, default=1.5, help="else the nearest settlement this close is taken (km)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, path: str, **opts: Any) -> str:
        try:
            stats = import_table(
                Path(path),
                source=opts["source"],
                date=parse_date(opts["date"]) if opts["date"] else None,
                country=opts["country"],
                max_km=opts["max_km"],
                snap_km=opts["snap_km"],
                dry_run=opts["dry_run"],
                progress=lambda lines, total: tqdm(
                    lines, total=total, desc="rows", unit=" line", disable=opts["no_progress"] or None, leave=False
                ),
            )
        except TableError as exc:
            raise CommandError(str(exc)) from None
        return stats.summary()
