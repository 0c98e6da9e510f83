"""Add or update outlets to monitor.

    manage.py add_outlet "BBC Persian" --feed https://feeds.bbci.co.uk/persian/rss.xml --lang fa --kind independent
    manage.py add_outlet --csv outlets.csv      # many: name,language,country,kind,feeds[,active]
    manage.py add_outlet --builtin              # the built-in list of real outlets, inactive

An outlet is found by one of its feed URLs (else by name) and updated, or created.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lib.untrusted import UnreadableReport, read_text_file
from monitoring.models import Outlet, OutletKind
from monitoring.outlets_csv import import_builtin, import_outlets


class Command(BaseCommand):
    help = "Create or update an outlet (by feed URL), or many from a CSV table or the built-in list."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--feed", action="append", default=[], help="a feed URL (repeat for several)")
        parser.add_argument("--lang", default="", help="fa, fa-AF, ar or en")
        parser.add_argument("--kind", default="", choices=["", *OutletKind.values])
        parser.add_argument("--country", default="", help="ISO code, e.g. IR, SY, IQ, GB")
        parser.add_argument("--inactive", action="store_true", help="add it without fetching it yet")
        parser.add_argument("--csv", type=Path, help="a table of outlets")
        parser.add_argument("--builtin", action="store_true", help="the built-in list of real outlets (inactive)")

    def handle(self, *args, **opts) -> None:
        try:
            if opts["builtin"] or opts["csv"]:
                outlets = import_builtin() if opts["builtin"] else import_outlets(read_text_file(opts["csv"]))
                self.stdout.write(f"{len(outlets)} outlets added or updated.")
                return
            if not opts["name"] or not opts["feed"]:
                raise CommandError("Give a NAME and at least one --feed URL (or --csv FILE, or --builtin).")
            fields = {"active": not opts["inactive"]}
            if opts["country"]:
                fields["country"] = opts["country"].upper()
            outlet = Outlet.add(opts["name"], feeds=opts["feed"], language=opts["lang"], kind=opts["kind"], **fields)
        except (ValueError, ValidationError, UnreadableReport, OSError) as exc:
            raise CommandError(str(exc)) from exc
        feeds = ", ".join(outlet.feeds.values_list("url", flat=True))
        self.stdout.write(
            f"{outlet.name} ({outlet.language}, {outlet.kind}, {'active' if outlet.active else 'inactive'}): {feeds}"
        )
