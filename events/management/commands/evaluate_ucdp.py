"""Score the pipeline on UCDP GED rows: their English source headlines read as reports, compared
with UCDP's coding (events/ucdp_evaluation.py).

    manage.py evaluate_ucdp ../shared/data/events/ucdp_ged_syria_2016_2019.dev.csv.gz [--every 5] [--json]
"""

from __future__ import annotations

import csv
import gzip
import json
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.ingest import get_pipeline
from events.pipeline.output import to_json
from events.ucdp_evaluation import evaluate_ucdp, read_rows


class Command(BaseCommand):
    help = "Share of UCDP GED rows whose headline gives an event within 25 km of UCDP's point; dates; sides."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="+", help="UCDP GED CSV files (plain or .gz)")
        parser.add_argument("--every", type=int, default=1, help="score every Nth row (a quicker sample)")
        parser.add_argument("--limit", type=int, default=None, help="stop after this many rows per file")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, file: list[str], every: int, limit: int | None, **opts: Any) -> None:
        if every < 1:
            raise CommandError("--every must be 1 or more")
        pipeline = get_pipeline()

        def extract(headline: str, published: Any) -> dict[str, Any]:
            return to_json(pipeline.extract(headline, published=published, lang="en"))

        rows: list[dict[str, str]] = []
        for name in file:
            path = Path(name)
            try:
                rows += list(islice(read_rows(path), 0, limit, every))
            except (OSError, UnicodeDecodeError, csv.Error, gzip.BadGzipFile, EOFError) as exc:
                raise CommandError(f"{path}: cannot be read as a UCDP GED CSV ({exc})") from None
        if rows and "source_headline" not in rows[0]:
            raise CommandError("not a UCDP GED file: it has no source_headline column")
        result = evaluate_ucdp(rows, extract).as_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(f"{result['rows']} rows")
        for name in ("near", "located_right", "date", "sides"):
            s = result[name]
            share = "-" if s["share"] is None else f"{s['share']:.3f}"
            self.stdout.write(f"{name:14} {share}  ({s['right']} of {s['of']})")
