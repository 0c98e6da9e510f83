"""Import a table of control points (who holds which place on a date) as control assertions:
`import_table(path, ...)` reads the table (`events.control_table`), resolves the holders, matches
the points to places (`gazetteer.matching`), reconciles, and writes in one transaction.

A row's country is the `country` argument, else the country of the place it matches, else the
country whose outline contains the point, else the country of the nearest gazetteer place. A
row is matched to a place of the gazetteer (read from its in-memory index, no query per row):

1. by name: a place with that name (any of name, name_ar, name_fa; exact, then without the
   article, then fuzzy, as the geocoder does) within `max_km` (5 km) of the point;
2. else by distance: the nearest settlement within `snap_km` (1.5 km);
3. else a new place is created (kind village, or site for a facility; source and a PlaceRef
   of the table's source; its names as PlaceNames), so the control point is not lost.

Among several same-name places in range the nearest is taken. When rows of one date meet on
one place, it goes to the nearest row that names it (else to the nearest row that snapped to
it). The others count as repeats of that row if they name it within `snap_km` (a place
written twice: one assertion, the nearest row's); else they get places of their own, so two
villages of one name 3 km apart stay two places with their own holders. New places are never
merged into a gazetteer place of the same name nearby (unlike the gazetteer loaders).
Matching is repeated with the places about to be created until nothing changes, so a second
run, which finds those places in the gazetteer, matches every row to the same place.

Assertions are written with source "import", status "verified", confidence 1.0, and a
fingerprint made of a hash of (source, date) and a hash of (source, place, date). An import
replaces that source's assertions for the dates it covers: the same row again updates its
assertion (nothing changes when nothing changed), rows that are gone are removed, and
assertions that people edited or rejected are kept as they are. So re-running a file creates
no duplicates, and two files imported under one source on one date replace each other (the
default source is "control:<file stem>"). Report-derived assertions dated later still win:
control_as_of() takes the latest date first.

The import is one transaction: a malformed file stops it with TableError (the file and line)
and nothing is written. A dry run does everything and rolls back. The gazetteer index is
marked stale when the transaction that created places commits.

events/data/baseline_control.tsv is a hand-written baseline for `make run` (columns
name, name_ar, lat, lon, holder, besieged_by, date): 356 towns of Syria and Iraq, each with a
row on 2017-01-01 and rows on 2017-07-01, 2017-12-01, 2018-06-01 and 2019-04-01 where the
holder (or the siege) changed. It was written from general knowledge of the war and is a
coarse baseline, not a source: reports dated later override it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gazetteer.index import PlaceRecord
from gazetteer.live import get_index, mark_stale
from gazetteer.matching import Match, NamedPoint, NoCountry, match_points
from gazetteer.models import Place, PlaceName, PlaceRef

from .control_table import Holders, Progress, Row, TableError, fail, read_table
from .models import Actor, ControlAssertion, Status

IMPORT_SOURCE = "import"
BATCH = 1000
#: Ids per `IN (...)` query.
CHUNK = 500
#: Statuses of assertions people reviewed: an import never changes or removes them.
REVIEWED = (Status.EDITED, Status.REJECTED)
#: A place to create: its record (negative id) and its (name, language) pairs.
type PlaceToCreate = tuple[PlaceRecord, list[tuple[str, str]]]


@dataclass(slots=True)
class Stats:
    """What an import did; `summary()` is the command's one line."""

    file: str = ""
    dry_run: bool = False
    rows: int = 0
    by_name: int = 0
    by_distance: int = 0
    new_rows: int = 0
    new_places: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        skipped = ", ".join(f"{n:,} {what}" for what, n in sorted(self.skipped.items())) or "none"
        return ("dry run, nothing written: " if self.dry_run else "") + (
            f"import_control {self.file}: {self.rows:,} rows read; {self.by_name:,} matched by name, "
            f"{self.by_distance:,} by distance, {self.new_rows:,} unmatched ({self.new_places:,} new places); "
            f"skipped {skipped}; {self.duplicates:,} more rows for a place and date already taken; "
            f"assertions: {self.created:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.removed:,} removed, {self.kept:,} kept as people reviewed them; {self.seconds:.1f} s"
        )


@dataclass(frozen=True, slots=True)
class Resolved:
    """A chosen row: its place (negative: a place to create), holder and besiegers."""

    row: Row
    place: int
    holder: str | None
    besiegers: list[str]


class _Rollback(Exception):
    pass


def import_table(
    path: Path | str,
    *,
    source: str | None = None,
    date: dt.date | None = None,
    country: str | None = None,
    max_km: float = 5.0,
    snap_km: float = 1.5,
    dry_run: bool = False,
    progress: Progress = lambda lines, total: lines,
) -> Stats:
    """Import the table at `path` (see the module docstring). `date` is the date of rows without
    their own; `country` the country of every row; `progress` wraps the lines as they are read.
    Raises TableError, and writes nothing, for a malformed table or bad arguments."""
    started = time.perf_counter()
    file = Path(path)
    source = (source or f"control:{file.stem}").strip()[:32]
    if not source:
        raise TableError("--source must not be empty")
    if max_km <= 0 or snap_km < 0:
        raise TableError("--max-km must be positive and --snap-km zero or positive")

    stats = Stats(file=file.name, dry_run=dry_run)
    holders = Holders()
    read = read_table(file, date, holders, progress)
    stats.rows = len(read)
    rows = []
    for row in read:
        if row.skipped:
            stats.skipped[row.holder.lower() or "no holder"] += 1
        else:
            rows.append(row)
    points = [
        NamedPoint(row.lat, row.lon, tuple(n for n, _ in row.names), kind=_kind(row), group=row.date) for row in rows
    ]
    try:
        matching = match_points(points, get_index(), max_km=max_km, snap_km=snap_km, country=country)
    except NoCountry as exc:
        reason = "cannot tell the country of this point (the gazetteer is empty): give --country"
        raise fail(file, rows[exc.point].line, reason) from None
    chosen = choose(rows, matching.matches, stats)
    resolved = [Resolved(row, match.place, *holders.resolve(file, row, match.country)) for row, match in chosen]
    new_places = {pid: (new.record, rows[new.point].names) for pid, new in matching.new_places.items()}

    try:
        with transaction.atomic():
            write(file, source, resolved, new_places, stats)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if stats.new_places and not dry_run:
        mark_stale()
    stats.seconds = time.perf_counter() - started
    return stats


def _kind(row: Row) -> str:
    """The kind of a place created for the row."""
    return "site" if row.facility else "village"


def choose(rows: list[Row], matches: list[Match | None], stats: Stats) -> list[tuple[Row, Match]]:
    """Count how rows matched and keep one row per place and date (the nearest naming it)."""
    best: dict[tuple[int, dt.date], tuple[tuple[bool, float, int], Row, Match]] = {}
    for row, match in zip(rows, matches, strict=True):
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


def write(
    file: Path, source: str, resolved: list[Resolved], new_places: dict[int, PlaceToCreate], stats: Stats
) -> None:
    """Write the chosen rows' places and assertions (inside the caller's transaction)."""
    pending = sorted({r.place for r in resolved if r.place < 0}, reverse=True)
    place_ids = create_places(source, [new_places[pid] for pid in pending], stats)
    actor_ids = _actor_ids({r.holder for r in resolved if r.holder} | {a for r in resolved for a in r.besiegers})
    wanted = _wanted(file, source, resolved, place_ids, actor_ids, stats)
    existing, sieges = _existing(source, resolved)
    _reconcile(wanted, existing, sieges, stats)


def _actor_ids(names: set[str]) -> dict[str, int]:
    """Actor ids by name; an actor of the vocabulary missing from the table is created."""
    actor_ids = dict(Actor.objects.filter(name__in=names).values_list("name", "id"))
    for name in sorted(names - set(actor_ids)):
        actor_ids[name] = Actor.objects.get_or_create(name=name)[0].pk
    return actor_ids


def _wanted(
    file: Path,
    source: str,
    resolved: list[Resolved],
    place_ids: dict[int, int],
    actor_ids: dict[str, int],
    stats: Stats,
) -> dict[str, tuple[ControlAssertion, list[int]]]:
    """The assertions (unsaved) and besieger ids this table makes, by fingerprint."""
    wanted: dict[str, tuple[ControlAssertion, list[int]]] = {}
    for r in resolved:
        row = r.row
        place_id = place_ids.get(r.place, r.place)
        fp = fingerprint(source, place_id, row.date)
        if fp in wanted:  # a place created by an earlier run that a row of its own now reaches
            stats.duplicates += 1
            continue
        evidence = f"{file.name}:{row.line}: {row.name or '?'} — {row.holder}"
        if r.besiegers:
            evidence += f", besieged by {'; '.join(row.besieged_by)}"
        assertion = ControlAssertion(
            place_id=place_id,
            holder_id=actor_ids.get(r.holder) if r.holder else None,
            date=row.date,
            evidence=evidence,
            source=IMPORT_SOURCE,
            confidence=1.0,
            status=Status.VERIFIED,
            fingerprint=fp,
        )
        wanted[fp] = (assertion, sorted(actor_ids[a] for a in r.besiegers))
    return wanted


def _existing(source: str, resolved: list[Resolved]) -> tuple[dict[str, ControlAssertion], dict[int, list[int]]]:
    """What this source already has on the table's dates, by fingerprint, and their besiegers."""
    if not resolved:
        return {}, {}
    prefixes = {_prefix(source, r.row.date) for r in resolved}
    days = [r.row.date for r in resolved]
    existing = {
        a.fingerprint: a
        for a in ControlAssertion.objects.filter(source=IMPORT_SOURCE, date__range=(min(days), max(days))).only(
            "id", "fingerprint", "status", "holder_id", "confidence", "evidence"
        )
        if a.fingerprint[:20] in prefixes
    }
    through = ControlAssertion.besieged_by.through
    sieges: dict[int, list[int]] = {}
    for chunk in batched([a.pk for a in existing.values()], CHUNK):
        for aid, actor_id in through.objects.filter(controlassertion_id__in=chunk).values_list(
            "controlassertion_id", "actor_id"
        ):
            sieges.setdefault(aid, []).append(actor_id)
    return existing, sieges


def _reconcile(
    wanted: dict[str, tuple[ControlAssertion, list[int]]],
    existing: dict[str, ControlAssertion],
    sieges: dict[int, list[int]],
    stats: Stats,
) -> None:
    """Create what is new, update what changed, remove what is gone; keep what people reviewed."""
    through = ControlAssertion.besieged_by.through
    now = timezone.now()
    to_create: list[tuple[ControlAssertion, list[int]]] = []
    to_update: list[ControlAssertion] = []
    new_sieges = []
    for fp, (assertion, besiegers) in wanted.items():
        old = existing.get(fp)
        if old is None:
            to_create.append((assertion, besiegers))
        elif old.status in REVIEWED:
            stats.kept += 1
        elif _fields(old) + (sorted(sieges.get(old.pk, [])),) == _fields(assertion) + (besiegers,):
            stats.unchanged += 1
        else:
            old.holder_id, old.status, old.confidence, old.evidence = _fields(assertion)
            old.updated_at = now
            to_update.append(old)
            new_sieges += [through(controlassertion_id=old.pk, actor_id=a) for a in besiegers]
    stale = [a.pk for fp, a in existing.items() if fp not in wanted and a.status not in REVIEWED]

    for chunk in batched(stale, CHUNK):
        ControlAssertion.objects.filter(pk__in=chunk).delete()
    stats.removed = len(stale)
    if to_update:
        ControlAssertion.objects.bulk_update(
            to_update, ["holder", "status", "confidence", "evidence", "updated_at"], batch_size=BATCH
        )
        for chunk in batched([a.pk for a in to_update], CHUNK):
            through.objects.filter(controlassertion_id__in=chunk).delete()
    stats.updated = len(to_update)
    created = ControlAssertion.objects.bulk_create([a for a, _ in to_create], batch_size=BATCH)
    stats.created = len(created)
    for a, (_, besiegers) in zip(created, to_create, strict=True):
        new_sieges += [through(controlassertion_id=a.pk, actor_id=actor) for actor in besiegers]
    through.objects.bulk_create(new_sieges, batch_size=BATCH)


def _fields(a: ControlAssertion) -> tuple[int | None, str, float, str]:
    return (a.holder_id, a.status, a.confidence, a.evidence)


def create_places(source: str, pending: list[PlaceToCreate], stats: Stats) -> dict[int, int]:
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
    for record, names in pending:
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
            PlaceName.of(p.pk, name, language, source=source, preferred=(name == p.name), now=now)
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
