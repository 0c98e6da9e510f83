"""Print the gazetteer's candidates for a place name.

manage.py geocode "البو کمال" [--country SY] [--kind city] [--near 34.45,40.92] [--json]
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gazetteer.geocoder import CUE_KINDS, GazetteerGeocoder


class Command(BaseCommand):
    help = "Show the gazetteer's candidates for a place name, best first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query")
        parser.add_argument("--country", action="append", help="restrict to a country code (repeatable)")
        parser.add_argument("--kind", action="append", choices=sorted(CUE_KINDS), help="kind a cue word asks for")
        parser.add_argument(
            "--near", action="append", default=[], help="lat,lon of a place already resolved (repeatable)"
        )
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, query: str, **opts) -> None:
        near = []
        for text in opts["near"]:
            try:
                lat, lon = (float(x) for x in text.split(","))
            except ValueError:
                raise CommandError(f"--near {text!r}: expected lat,lon") from None
            near.append((lat, lon))
        geocoder = GazetteerGeocoder()
        found = geocoder.candidates(query, country_codes=opts["country"], near=near, kinds=opts["kind"])[
            : opts["limit"]
        ]
        if opts["json"]:
            self.stdout.write(
                json.dumps({"query": query, "candidates": [c.as_dict() for c in found]}, ensure_ascii=False, indent=2)
            )
            return
        if not found:
            self.stdout.write(f"no match for {query!r}")
            return
        for i, c in enumerate(found, 1):
            p = c.place
            where = ", ".join(x for x in (p.admin2, p.admin1 or p.country) if x)
            dist = f"  {c.distance_km:.0f} km from context" if c.distance_km is not None else ""
            self.stdout.write(
                f"{i:2}. {p.name} ({p.kind}, {where})  {p.lat:.4f},{p.lon:.4f}  score {c.score:.3f}  "
                f"[{c.match}: {c.matched_name}]  id {p.id}{dist}"
            )
