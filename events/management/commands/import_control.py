"""Import a table of control points (who holds which town on a date) as control assertions.

    manage.py import_control events/data/baseline_control.tsv --source baseline
    manage.py import_control ../shared/data/control/wikipedia_syria_detailed_map.tsv --date 2017-07-15 --country SY
    manage.py import_control points.csv --date 2018-03-01 --dry-run

The file: CSV or TSV (the delimiter is sniffed from the header) in any encoding report files
may have (UTF-8 with or without a BOM, UTF-16 as Excel's "Unicode text" writes it,
Windows-1256 as Arabic Excel writes CSV, ISO-8859-6; lib/untrusted.py), one header row whose
names are case-insensitive; other columns are ignored. Empty, binary and undecodable files are
refused with the reason, and nothing is written.

    name | label                 place name (any script); when empty, a `link` column is used
    lat | latitude, lon | lng | longitude     WGS84 degrees
    holder | controller          a canonical actor (any case), an actor alias, or the Wikipedia
                                 locality-map vocabulary: government (Syrian Arab Army in Syria,
                                 Iraqi Security Forces in Iraq), sdf (SDF in Syria, Peshmerga in
                                 Iraq), rebels (FSA/SNA), hts, isis, turkey; rows that say
                                 contested or unknown (or nothing) are skipped and counted
    date                         optional, YYYY-MM-DD; overrides --date for its row (--date is
                                 required when the file has no date column)
    name_ar, name_fa             optional names, used for matching and kept on new places
    besieged_by                  optional, actor names separated by semicolons
    kind                         optional (Wikipedia tables): a row that is not a locality dot
                                 (pog, anim, circle, arc) is a facility; a place created for it
                                 is a site, not a village

A row's country is --country, else the country of the place it matches, else the country
whose outline contains the point, else the country of the nearest gazetteer place. A row is
matched to a place of the gazetteer (read from its in-memory index, no query per row):

1. by name: a place with that name (any of name, name_ar, name_fa; exact, then without the
   article, then fuzzy, as the geocoder does) within --max-km (5 km) of the point;
2. else by distance: the nearest settlement within --snap-km (1.5 km);
3. else a new place is created (kind village, or site for a facility; source and a PlaceRef
   of --source; its names as PlaceNames), so the control point is not lost.

Among several same-name places in range the nearest is taken. When rows of one date meet on
one place, it goes to the nearest row that names it (else to the nearest row that snapped to
it). The others count as repeats of that row if they name it within --snap-km (a place
written twice: one assertion, the nearest row's); else they get places of their own, so two
villages of one name 3 km apart stay two places with their own holders. New places are never
merged into a gazetteer place of the same name nearby (unlike the gazetteer loaders).

Matching is repeated with the places about to be created until nothing changes, so a second
run, which finds those places in the gazetteer, matches every row to the same place.

Assertions are written with source "import", status "verified", confidence 1.0, and a
fingerprint made of a hash of (--source, date) and a hash of (--source, place, date). An
import replaces that source's assertions for the dates it covers: the same row again updates
its assertion (nothing changes when nothing changed), rows that are gone are removed, and
assertions that people edited or rejected are kept as they are. So re-running a file creates
no duplicates, and two files imported under one --source on one date replace each other
(the default --source is "control:<file stem>"). Report-derived assertions dated later still
win: control_as_of() takes the latest date first.

The import is one transaction: a malformed file (empty, binary, missing columns, bad
coordinates, bad date, an unknown holder) stops it with the file and line, and nothing is
written. --dry-run does everything, prints the summary, and rolls back.

events/data/baseline_control.tsv is a hand-written baseline for `make run` (columns
name, name_ar, lat, lon, holder, besieged_by, date): 356 towns of Syria and Iraq, each with a
row on 2017-01-01 and rows on 2017-07-01, 2017-12-01, 2018-06-01 and 2019-04-01 where the
holder (or the siege) changed. It was written from general knowledge of the war and is a
coarse baseline, not a source: reports dated later override it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.models import Actor, ControlAssertion, Status
from events.pipeline.labels import CANONICAL_ACTORS, HOLDER_FOR
from events.pipeline.lexicon import actor_entries
from gazetteer import ranking
from gazetteer.index import GazetteerIndex, PlaceRecord
from gazetteer.live import get_index, mark_stale
from gazetteer.models import SETTLEMENT_KINDS, Boundary, Place, PlaceName, PlaceRef
from lib.text import name_key, script_of
from lib.untrusted import UnreadableReport, one_line, read_table_file

COLUMNS = {
    "name": ("name", "label"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "longitude"),
    "holder": ("holder", "controller"),
}
OPTIONAL = {key: (key,) for key in ("date", "name_ar", "name_fa", "besieged_by", "link", "kind")}

#: The Wikipedia locality-map vocabulary; a dict where the actor depends on the country.
VOCABULARY: dict[str, str | dict[str, str]] = {
    "government": {"SY": "Syrian Arab Army", "IQ": "Iraqi Security Forces"},
    "sdf": {"SY": "SDF", "IQ": "Peshmerga"},
    "rebels": "FSA/SNA",
    "hts": "HTS",
    "isis": "ISIS",
    "turkey": "Turkey",
}
SKIP = ("contested", "unknown")
SKIP_KEYS = frozenset({"", *(name_key(s) for s in SKIP)})
#: Wikipedia `kind` values of locality dots; anything else is a facility (base, airport, hill…).
LOCALITY_KINDS = frozenset({"pog", "anim", "circle", "arc"})
#: Kinds of place a row may match by name.
NAME_KINDS = frozenset(SETTLEMENT_KINDS | {"site"})

#: Matching passes at most (two or three are the rule).
MAX_PASSES = 20
IMPORT_SOURCE = "import"
BATCH = 1000


@dataclass(slots=True)
class Row:
    line: int
    name: str
    names: list[tuple[str, str]]  # (name, language) for matching and for a new place
    lat: float
    lon: float
    holder: str  # as written
    besieged_by: list[str]
    date: dt.date
    facility: bool


@dataclass(slots=True)
class Match:
    place: int  # a gazetteer place id, or a negative id of a place to create
    method: str  # name or distance
    km: float = 0.0
    country: str = ""


@dataclass(slots=True)
class Stats:
    rows: int = 0
    by_name: int = 0
    by_distance: int = 0
    new_rows: int = 0
    new_places: int = 0
    skipped: Counter = field(default_factory=Counter)
    duplicates: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = 0


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Import a CSV/TSV table of control points (who holds which place on a date)."

    def add_arguments(self, parser) -> None:
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

    def handle(self, *args, path: str, **opts) -> str:
        started = time.perf_counter()
        file = Path(path)
        default_date = _date(opts["date"], None, None) if opts["date"] else None
        source = (opts["source"] or f"control:{file.stem}").strip()[:32]
        if not source:
            raise CommandError("--source must not be empty")
        if opts["max_km"] <= 0 or opts["snap_km"] < 0:
            raise CommandError("--max-km must be positive and --snap-km zero or positive")

        stats = Stats()
        holders = Holders()
        rows = []
        for row in read_table(file, default_date, holders, stats):
            if name_key(row.holder) in SKIP_KEYS:
                stats.skipped[row.holder.lower() or "no holder"] += 1
            else:
                rows.append(row)
        matcher = Matcher(
            get_index(), file=file, country=opts["country"], max_km=opts["max_km"], snap_km=opts["snap_km"]
        )
        chosen = choose(rows, matcher.run(rows), stats)
        resolved = [(row, match, holders.resolve(file, row, match.country)) for row, match in chosen]

        try:
            with transaction.atomic():
                write(file, source, resolved, matcher, stats)
                if opts["dry_run"]:
                    raise _Rollback
        except _Rollback:
            pass
        if stats.new_places and not opts["dry_run"]:
            mark_stale()
        seconds = time.perf_counter() - started
        return ("dry run, nothing written: " if opts["dry_run"] else "") + summary(file, stats, seconds)


# --- reading -------------------------------------------------------------------------------


def _date(value: str, file: Path | None, line: int | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        reason = f"bad date {value!r} (expected YYYY-MM-DD)"
        raise (_fail(file, line, reason) if file else CommandError(reason)) from None


def _fail(file: Path, line: int | None, reason: str) -> CommandError:
    where = f"{file}:{line}" if line else str(file)
    return CommandError(f"{where}: {reason} — nothing was written")


def read_table(file: Path, default_date: dt.date | None, holders: Holders, stats: Stats) -> list[Row]:
    """Parse and check the whole file (nothing is written before it all reads)."""
    try:  # the encodings and refusals of report files (lib/untrusted.py), without HTML
        text = read_table_file(file)
    except UnreadableReport as exc:
        raise CommandError(f"{exc} — nothing was written") from None
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max("\t,;", key=header_line.count)
    if not header_line.count(delimiter):
        raise _fail(file, 1, "no tab, comma or semicolon in the header: not a CSV or TSV table")

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    rows: list[Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                columns = _columns(file, line, header, default_date)
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise _fail(file, line, f"{len(cells)} fields, the header has {len(header)}")
            cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
            rows.append(_row(file, line, cells, columns, default_date, holders, stats))
    except csv.Error as exc:
        raise _fail(file, reader.line_num, f"not a valid table ({exc})") from None
    if not rows:
        raise _fail(file, None, "no rows under the header")
    return rows


def _columns(file: Path, line: int, header: list[str], default_date: dt.date | None) -> dict[str, int]:
    columns: dict[str, int] = {}
    missing = []
    for key, names in (COLUMNS | OPTIONAL).items():
        found = next((header.index(n) for n in names if n in header), None)
        if found is not None:
            columns[key] = found
        elif key in COLUMNS:
            missing.append("|".join(names))
    if missing:
        raise _fail(file, line, f"missing column(s) {', '.join(missing)} (the header has: {', '.join(header)})")
    if "date" not in columns and default_date is None:
        raise _fail(file, line, "the table has no date column: give --date")
    return columns


def _row(
    file: Path, line: int, cells: list[str], columns: dict[str, int], default_date, holders: Holders, stats: Stats
) -> Row:
    def cell(key: str) -> str:
        return cells[columns[key]] if key in columns else ""

    stats.rows += 1
    try:
        lat, lon = float(cell("lat")), float(cell("lon"))
    except ValueError:
        raise _fail(file, line, f"lat {cell('lat')!r} or lon {cell('lon')!r} is not a number") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail(file, line, f"coordinates out of range: lat={lat}, lon={lon}")
    raw_date = cell("date")
    if raw_date:
        date = _date(raw_date, file, line)
    elif default_date is not None:
        date = default_date
    else:
        raise _fail(file, line, "no date in the date column: fill it or give --date")
    holder = " ".join(cell("holder").split())
    besieged = [" ".join(b.split()) for b in cell("besieged_by").split(";") if b.strip()]
    for value in [holder, *besieged]:
        if not holders.known(value):
            raise _fail(
                file, line, f"unknown holder {value!r} (use an actor name or one of: {', '.join([*VOCABULARY, *SKIP])})"
            )
    # one_line: white space folded; control characters and direction overrides (U+202E) dropped.
    name = one_line(cell("name"), 10_000)
    if not name and cell("link"):
        name = one_line(cell("link").lstrip("#").split("#")[0].replace("_", " "), 10_000)
    names = [(name, "ar" if script_of(name) == "arabic" else "en")] if name else []
    names += [(one_line(cell(k), 10_000), k[-2:]) for k in ("name_ar", "name_fa") if one_line(cell(k), 10_000)]
    facility = "kind" in columns and cell("kind").lower() not in LOCALITY_KINDS and bool(cell("kind"))
    return Row(line, names[0][0] if names else "", names, lat, lon, holder, besieged, date, facility)


# --- holders -------------------------------------------------------------------------------


class Holders:
    """Holder strings → canonical actor names: the vocabulary, actor names in any case, and
    the aliases of the actors table and of the pipeline's actor lexicon."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        for entry in actor_entries():
            if not entry.note.startswith("ambiguous"):
                self.by_key.setdefault(name_key(entry.alias), entry.canonical)
        for name, aliases in Actor.objects.values_list("name", "aliases"):
            for alias in aliases or []:
                if isinstance(alias, str) and name_key(alias):
                    self.by_key[name_key(alias)] = name
        for name in [*CANONICAL_ACTORS, *Actor.objects.values_list("name", flat=True)]:
            self.by_key[name_key(name)] = name
        self.vocabulary = {name_key(k): v for k, v in VOCABULARY.items()}
        self.skip = SKIP_KEYS

    def known(self, value: str) -> bool:
        key = name_key(value)
        return key in self.skip or key in self.vocabulary or key in self.by_key

    def actor(self, file: Path, line: int, value: str, country: str) -> str | None:
        key = name_key(value)
        if key in self.skip:
            return None
        found = self.vocabulary.get(key, self.by_key.get(key))
        if isinstance(found, dict):
            if country not in found:
                where = country or "no known country"
                raise _fail(
                    file, line, f"{value!r} depends on the country and this point is in {where}: give --country"
                )
            found = found[country]
        return found

    def resolve(self, file: Path, row: Row, country: str) -> tuple[str, list[str]]:
        holder = self.actor(file, row.line, row.holder, country)
        holder = HOLDER_FOR.get((holder, country), holder)  # allies that take ground for the state
        besiegers = [a for a in (self.actor(file, row.line, b, country) for b in row.besieged_by) if a]
        return holder, sorted(set(besiegers))


# --- matching ------------------------------------------------------------------------------


class Grid:
    """Settlements by grid cell, for the nearest one within a few km."""

    def __init__(self, places, km: float) -> None:
        self.deg = max(km, 0.5) / 111.0
        self.cells: dict[tuple[int, int], list[PlaceRecord]] = {}
        for p in places:
            self.cells.setdefault((int(p.lat // self.deg), int(p.lon // self.deg)), []).append(p)

    def nearest(self, lat: float, lon: float, km: float) -> tuple[PlaceRecord, float] | None:
        if km <= 0:
            return None
        span_lat = math.ceil(km / 111.0 / self.deg)
        span_lon = math.ceil(km / (111.0 * max(math.cos(math.radians(lat)), 0.01)) / self.deg)
        i, j = int(lat // self.deg), int(lon // self.deg)
        best = None
        for a in range(i - span_lat, i + span_lat + 1):
            for b in range(j - span_lon, j + span_lon + 1):
                for p in self.cells.get((a, b), ()):
                    d = ranking.haversine_km(lat, lon, p.lat, p.lon)
                    if d <= km and (best is None or (d, p.id) < (best[1], best[0].id)):
                        best = (p, d)
        return best


class Matcher:
    def __init__(
        self, index: GazetteerIndex, *, file: Path, country: str | None, max_km: float, snap_km: float
    ) -> None:
        self.base = index
        self.file = file
        self.country = country
        self.max_km = max_km
        self.snap_km = snap_km
        #: places to create: negative id → (record, names, facility)
        self.pending: dict[int, tuple[PlaceRecord, list[tuple[str, str]], bool]] = {}
        self._outlines = None

    def run(self, rows: list[Row]) -> list[Match | None]:
        """Match every row, adding places to create until a pass creates none (then a second
        run, with those places in the gazetteer, matches the same way)."""
        index = self.base
        for _ in range(MAX_PASSES):
            grid = Grid((p for p in index.places.values() if p.kind in SETTLEMENT_KINDS), self.snap_km)
            matches = [self.match(index, grid, row) for row in rows]
            settle(rows, matches, self.snap_km)
            creators = [(i, row) for i, (row, match) in enumerate(zip(rows, matches)) if match is None and row.names]
            if not creators:
                break
            if not self.create(creators):
                break
            index = self.combined()
        for row, match in zip(rows, matches):
            if match is not None:
                match.country = self.country or self.place(index, match.place).country or self.country_at(row)
        return matches

    def place(self, index: GazetteerIndex, pid: int) -> PlaceRecord:
        return index.places[pid]

    def match(self, index: GazetteerIndex, grid: Grid, row: Row) -> Match | None:
        """The nearest place of the row's name within max-km (the first name tier that has
        one), else the nearest settlement within snap-km."""
        near = ((row.lat, row.lon),)
        for query, _ in row.names:
            for tier, found in ranking.find_matches(index, query):
                cands = [
                    c
                    for c in ranking.score_candidates(index, tier, found, near=near)
                    if c.place.kind in NAME_KINDS and c.distance_km <= self.max_km
                ]
                if cands:
                    best = min(cands, key=lambda c: (round(c.distance_km, 3), -c.score, c.place.id))
                    return Match(best.place.id, "name", best.distance_km)
        hit = grid.nearest(row.lat, row.lon, self.snap_km)
        if hit is not None:
            return Match(hit[0].id, "distance", hit[1])
        return None

    def create(self, creators: list[tuple[int, Row]]) -> int:
        """A place to create for each unmatched row, one for rows of a name within snap-km of
        each other; returns how many were added."""
        made: dict[str, list[PlaceRecord]] = {}
        for record, names, _ in self.pending.values():
            for name, _ in names:
                made.setdefault(name_key(name), []).append(record)
        added = 0
        for _, row in creators:
            keys = {name_key(n) for n, _ in row.names} - {""}
            twin = next(
                (
                    p
                    for k in keys
                    for p in made.get(k, ())
                    if ranking.haversine_km(p.lat, p.lon, row.lat, row.lon) <= self.snap_km
                ),
                None,
            )
            if twin is not None:
                continue
            pid = -(len(self.pending) + 1)
            country = self.country or self.country_at(row)
            record = PlaceRecord(
                pid, row.name, "site" if row.facility else "village", country, "", "", row.lat, row.lon, 0, ""
            )
            self.pending[pid] = (record, row.names, row.facility)
            added += 1
            for k in keys:
                made.setdefault(k, []).append(record)
        return added

    def combined(self) -> GazetteerIndex:
        names = [(pid, name) for hits in self.base.exact.values() for pid, name in hits]
        names += [(pid, n) for pid, (_, row_names, _) in self.pending.items() for n, _ in row_names]
        return GazetteerIndex.from_records(
            [*self.base.places.values(), *(r for r, _, _ in self.pending.values())], names
        )

    def country_at(self, row: Row) -> str:
        """The country whose outline holds the point, else that of the nearest place."""
        if self._outlines is None:
            from shapely.geometry import shape
            from shapely.prepared import prep

            outlines = Boundary.objects.filter(level="country").values_list("code", "geometry")
            self._outlines = [(code, prep(shape(geom))) for code, geom in outlines]
        from shapely.geometry import Point

        point = Point(row.lon, row.lat)
        for code, outline in self._outlines:
            if outline.contains(point):
                return code
        nearest = self.base.nearest(row.lat, row.lon, kinds=NAME_KINDS)
        if nearest:
            return nearest[0][0].country
        raise _fail(
            self.file, row.line, "cannot tell the country of this point (the gazetteer is empty): give --country"
        )


def settle(rows: list[Row], matches: list[Match | None], snap_km: float) -> None:
    """Several rows of one date on one place: the place goes to the nearest row that names
    it (the others keep it only if they lie within snap-km: the same place written twice),
    else to the nearest row that snapped to it. The rows that lose it get places of their own
    (two villages a few kilometres apart stay two places)."""
    claims: dict[tuple[int, dt.date], list[int]] = {}
    for i, match in enumerate(matches):
        if match is not None:
            claims.setdefault((match.place, rows[i].date), []).append(i)
    for taken in claims.values():
        if len(taken) < 2:
            continue
        named = [i for i in taken if matches[i].method == "name"]
        pool = named or taken
        keep = min(pool, key=lambda i: (matches[i].km, rows[i].line))
        for i in taken:
            if i == keep:
                continue
            if matches[i].method == "distance" or matches[i].km > snap_km:
                matches[i] = None


def choose(rows: list[Row], matches: list[Match | None], stats: Stats) -> list[tuple[Row, Match]]:
    """Count how rows matched and keep one row per place and date (the nearest naming it)."""
    best: dict[tuple[int, dt.date], tuple[tuple, Row, Match]] = {}
    for row, match in zip(rows, matches):
        if match is None:
            stats.skipped["unnamed, no place of its own near"] += 1
            continue
        if match.place < 0:
            stats.new_rows += 1
        elif match.method == "name":
            stats.by_name += 1
        else:
            stats.by_distance += 1
        key = (match.place, row.date)
        rank = (match.method != "name", match.km, row.line)
        if key in best:
            stats.duplicates += 1
            if rank >= best[key][0]:
                continue
        best[key] = (rank, row, match)
    return [(row, match) for _, row, match in sorted(best.values(), key=lambda v: v[1].line)]


# --- writing -------------------------------------------------------------------------------


def fingerprint(source: str, place_id: int, date: dt.date) -> str:
    """61 characters: a hash of (source, date), then one of (source, place, date)."""
    return f"{_prefix(source, date)}-{hashlib.sha1(f'{source}|{place_id}|{date.isoformat()}'.encode()).hexdigest()}"


def _prefix(source: str, date: dt.date) -> str:
    return hashlib.sha1(f"import|{source}|{date.isoformat()}".encode()).hexdigest()[:20]


def write(file: Path, source: str, resolved: list, matcher: Matcher, stats: Stats) -> None:
    # New places (the ones some chosen row still uses).
    pending = sorted({match.place for _, match, _ in resolved if match.place < 0}, reverse=True)
    place_ids = create_places(source, [matcher.pending[pid] for pid in pending], stats)

    # Actors.
    names = {holder for _, _, (holder, _) in resolved if holder} | {a for _, _, (_, bs) in resolved for a in bs}
    actor_ids = dict(Actor.objects.filter(name__in=names).values_list("name", "id"))
    for name in sorted(names - set(actor_ids)):
        actor_ids[name] = Actor.objects.get_or_create(name=name)[0].pk

    # The assertions this file makes, by fingerprint.
    wanted: dict[str, tuple[ControlAssertion, list[int]]] = {}
    for row, match, (holder, besiegers) in resolved:
        place_id = place_ids.get(match.place, match.place)
        fp = fingerprint(source, place_id, row.date)
        if fp in wanted:  # a place created by an earlier run that a row of its own now reaches
            stats.duplicates += 1
            continue
        evidence = f"{file.name}:{row.line}: {row.name or '?'} — {row.holder}"
        if besiegers:
            evidence += f", besieged by {'; '.join(row.besieged_by)}"
        assertion = ControlAssertion(
            place_id=place_id,
            holder_id=actor_ids.get(holder) if holder else None,
            date=row.date,
            evidence=evidence,
            source=IMPORT_SOURCE,
            confidence=1.0,
            status=Status.VERIFIED,
            fingerprint=fp,
        )
        wanted[fp] = (assertion, sorted(actor_ids[a] for a in besiegers))

    # What this source already has on these dates.
    prefixes = {_prefix(source, row.date) for row, _, _ in resolved}
    through = ControlAssertion.besieged_by.through
    existing: dict[str, ControlAssertion] = {}
    if resolved:
        days = [row.date for row, _, _ in resolved]
        for a in ControlAssertion.objects.filter(source=IMPORT_SOURCE, date__range=(min(days), max(days))).only(
            "id", "fingerprint", "status", "holder_id", "confidence", "evidence"
        ):
            if a.fingerprint[:20] in prefixes:
                existing[a.fingerprint] = a
    sieges: dict[int, list[int]] = {}
    for chunk in _chunks([a.pk for a in existing.values()], 500):
        for aid, actor_id in through.objects.filter(controlassertion_id__in=chunk).values_list(
            "controlassertion_id", "actor_id"
        ):
            sieges.setdefault(aid, []).append(actor_id)

    now = timezone.now()
    to_create, to_update, new_sieges, reset = [], [], [], []
    for fp, (assertion, besiegers) in wanted.items():
        old = existing.get(fp)
        if old is None:
            to_create.append((assertion, besiegers))
        elif old.status in (Status.EDITED, Status.REJECTED):
            stats.kept += 1
        elif (old.holder_id, old.status, old.confidence, old.evidence, sorted(sieges.get(old.pk, []))) == (
            assertion.holder_id,
            assertion.status,
            assertion.confidence,
            assertion.evidence,
            besiegers,
        ):
            stats.unchanged += 1
        else:
            old.holder_id, old.status, old.confidence, old.evidence, old.updated_at = (
                assertion.holder_id,
                assertion.status,
                assertion.confidence,
                assertion.evidence,
                now,
            )
            to_update.append(old)
            reset.append(old.pk)
            new_sieges += [through(controlassertion_id=old.pk, actor_id=a) for a in besiegers]
    stale = [
        a.pk for fp, a in existing.items() if fp not in wanted and a.status not in (Status.EDITED, Status.REJECTED)
    ]

    for chunk in _chunks(stale, 500):
        ControlAssertion.objects.filter(pk__in=chunk).delete()
    stats.removed = len(stale)
    if to_update:
        ControlAssertion.objects.bulk_update(
            to_update, ["holder", "status", "confidence", "evidence", "updated_at"], batch_size=BATCH
        )
        for chunk in _chunks(reset, 500):
            through.objects.filter(controlassertion_id__in=chunk).delete()
    stats.updated = len(to_update)
    created = ControlAssertion.objects.bulk_create([a for a, _ in to_create], batch_size=BATCH)
    stats.created = len(created)
    for a, (_, besiegers) in zip(created, to_create):
        new_sieges += [through(controlassertion_id=a.pk, actor_id=actor) for actor in besiegers]
    through.objects.bulk_create(new_sieges, batch_size=BATCH)


def create_places(
    source: str, pending: list[tuple[PlaceRecord, list[tuple[str, str]], bool]], stats: Stats
) -> dict[int, int]:
    """Write the places to create, each with a PlaceRef (source, "lat,lon:name") and its
    names; a place this source created before is reused. Unlike the gazetteer loaders this
    never merges into a place of the same name nearby: the matching decided it is another
    place. Returns {pending id: place id}."""
    if not pending:
        return {}
    refs: dict[str, int | Place] = dict(PlaceRef.objects.filter(source=source).values_list("source_id", "place_id"))
    now = timezone.now()
    new: list[tuple[Place, list[tuple[str, str]]]] = []
    source_ids = {}
    for record, names, _ in pending:
        source_id = source_ids[record.id] = f"{record.lat:.4f},{record.lon:.4f}:{record.name}"[:64]
        if source_id not in refs:
            place = Place(
                name=record.name[:200],
                kind=record.kind,
                country=record.country,
                lat=record.lat,
                lon=record.lon,
                source=source,
                source_id=source_id,
                updated_at=now,
            )
            refs[source_id] = place
            new.append((place, names))
    Place.objects.bulk_create([place for place, _ in new], batch_size=BATCH)
    PlaceRef.objects.bulk_create(
        [PlaceRef(place=p, source=source, source_id=p.source_id) for p, _ in new],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    PlaceName.objects.bulk_create(
        [
            PlaceName(
                place=p, name=name, language=language, key=name_key(name), preferred=(name == p.name), updated_at=now
            )
            for p, names in new
            for name, language in dict.fromkeys(names)
            if len(name) <= 300
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    stats.new_places = len(new)
    transaction.on_commit(mark_stale)
    return {
        pid: (ref.pk if isinstance(ref, Place) else ref)
        for pid, ref in ((pid, refs[sid]) for pid, sid in source_ids.items())
    }


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def summary(file: Path, stats: Stats, seconds: float) -> str:
    skipped = ", ".join(f"{n:,} {what}" for what, n in sorted(stats.skipped.items())) or "none"
    return (
        f"import_control {file.name}: {stats.rows:,} rows read; {stats.by_name:,} matched by name, "
        f"{stats.by_distance:,} by distance, {stats.new_rows:,} unmatched ({stats.new_places:,} new places); "
        f"skipped {skipped}; {stats.duplicates:,} more rows for a place and date already taken; "
        f"assertions: {stats.created:,} new, {stats.updated:,} updated, {stats.unchanged:,} unchanged, "
        f"{stats.removed:,} removed, {stats.kept:,} kept as people reviewed them; {seconds:.1f} s"
    )
