"""Export events as ACLED's CSV or UCDP GED's (the shapes `import_events` reads back).

    manage.py export_events events.csv --format acled
    manage.py export_events ged.csv --format ucdp --dataset ucdp     # only the events imported from UCDP
    manage.py export_events - --format acled                          # to standard output

The columns and how imported events are given back in their dataset's words are in
events/export.py (ACLED) and events/ucdp_export.py (UCDP GED). Rejected events are left out.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from events.export import acled_csv
from events.models import Event, Status
from events.ucdp_export import ucdp_csv

WRITERS = {"acled": acled_csv, "ucdp": ucdp_csv}


class Command(BaseCommand):
    help = "Export events as an ACLED or a UCDP GED CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the CSV file to write, or - for standard output")
        parser.add_argument("--format", required=True, choices=sorted(WRITERS), help="the shape of the file")
        parser.add_argument("--dataset", choices=("acled", "ucdp"), help="only the events imported from this dataset")

    def handle(self, *args: Any, path: str, **opts: Any) -> str:
        events = Event.objects.exclude(status=Status.REJECTED)
        if opts["dataset"]:
            events = events.filter(dataset=opts["dataset"])
        chunks = WRITERS[opts["format"]](events)
        if path == "-":
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return ""
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                for chunk in chunks:
                    out.write(chunk)
        except OSError as exc:
            raise CommandError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        return f"export_events {opts['format']}: {events.count():,} events → {path}"
