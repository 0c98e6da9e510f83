"""Print what the pipeline finds in a report, as JSON; writes nothing.

manage.py extract report.txt --published 2018-05-14
cat report.txt | manage.py extract -   (the language is detected; --lang fa|fa-AF|ar|en to state it)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.ingest import get_pipeline
from events.pipeline.output import to_json
from events.pipeline.runner import EmptyText
from lib.language import LANGUAGES
from lib.untrusted import UnreadableReport, decode, read_report_file


def parse_date(value: str | None, option: str = "--published") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r}: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Extract places, actors, events and control from one report and print JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a text file, or - for standard input")
        parser.add_argument("--published", help="publication date, YYYY-MM-DD (resolves relative dates)")
        parser.add_argument("--lang", default=None, choices=LANGUAGES, help="the report's language (default: detected)")

    def handle(self, *args, file: str, published: str | None, lang: str, **opts) -> None:
        try:
            text = (
                decode(sys.stdin.buffer.read(), name="standard input") if file == "-" else read_report_file(Path(file))
            )
            extraction = get_pipeline().extract(text, published=parse_date(published), lang=lang)
        except (UnreadableReport, EmptyText, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(to_json(extraction), ensure_ascii=False, indent=2))
