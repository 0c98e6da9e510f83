"""Score the pipeline against gold annotations (JSON Lines in the gold format).

manage.py evaluate tests/corpus/*.gold.jsonl [--json] [--errors]
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.evaluation import evaluate
from events.ingest import get_pipeline
from events.pipeline.output import to_json


def _published(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


class Command(BaseCommand):
    help = "Precision, recall and F1 of places, actors, events and control changes; geocoding error."

    def add_arguments(self, parser) -> None:
        parser.add_argument("gold", nargs="+")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--errors", action="store_true", help="list the misses and false alarms")

    def handle(self, *args, gold: list[str], **opts) -> None:
        records = []
        for name in gold:
            path = Path(name)
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
            for lineno, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise CommandError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
        pipeline = get_pipeline()
        report = evaluate(
            records,
            lambda g: to_json(pipeline.extract(g["text"], published=_published(g.get("published")))),
        )
        result = report.as_dict()
        if opts["errors"]:
            result["errors"] = report.errors
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result['paragraphs']} paragraphs")
        for name in ("places", "actors", "events", "control_changes"):
            s = result[name]
            self.stdout.write(
                f"{name:16} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}   (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"
            )
        g = result["geocoding"]
        self.stdout.write(
            f"{'geocoding':16} {g['within_10km']} within 10 km, median {g['median_km']} km ({g['scored']} scored, {g['unresolved']} unresolved)"
        )
        if opts["errors"]:
            for err in report.errors:
                self.stdout.write(json.dumps(err, ensure_ascii=False))
