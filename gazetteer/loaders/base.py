"""What every gazetteer loader shares: the record type, the error type, and the upsert.

A loader parses its files completely into `PlaceData` records first (a malformed file stops
the load before anything is written), then `upsert_places()` writes them in one transaction:

* a record whose (source, source id) is known updates its place;
* else a record whose GeoNames id is already in the gazetteer merges into that place;
* else a record merges into an existing place of another source found by the gazetteer's
  matcher (`gazetteer.matching`, by name only, no fuzzy spelling): one of its names, the same
  country, a compatible kind, within MERGE_KM (the curated list and Who's On First both have
  Hajin; they become one place);
* else a new place is created.

A place's own source overwrites its fields on a re-load; another source only fills fields
that are empty. Each name keeps the source that gives it (`PlaceName.source`): a re-load drops
the names of its source that its records no longer give (an alias taken off the curated list
stops matching), and never touches another source's names or an editor's (source empty).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..index import GazetteerIndex, PlaceRecord
from ..kinds import POINT_KINDS
from ..live import mark_stale
from ..matching import NAME_KINDS, NamedPoint, PlaceMatcher
from ..models import Place, PlaceName, PlaceRef

#: How far (km) a record merges into a place of another source, by kind group.
MERGE_KM = {"settlement": 6.0, "governorate": 80.0, "country": 500.0, "district": 30.0, "region": 60.0, "river": 150.0}
BATCH = 2000
#: Unlabelled alternate names (GeoNames) are kept only in the scripts reports are written in.
USEFUL_SCRIPTS = frozenset({"arabic", "latin"})

#: Cue words some sources put in front of admin names (`استان رقه`); the bare name is
#: indexed as well, since reports put their own cue word there.
ADMIN_PREFIXES = ("استان ", "محافظة ", "محافظه ", "قضاء ", "شهرستان ", "ولایت ")
ADMIN_SUFFIXES = (" governorate", " province", " district", " subdistrict", " muhafazat")


#: The longest line of a loader's file read, in characters (one NDJSON feature, one GeoNames row).
LINE_LIMIT = 64 * 1024 * 1024


def bounded_lines(fh: io.TextIOBase, path: object, *, first: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, line) of an open text file, reading at most LINE_LIMIT characters a line:
    a longer one stops the load with its line (LoadError), never held whole in memory."""
    lineno = first - 1
    while line := fh.readline(LINE_LIMIT + 1):
        lineno += 1
        if len(line) > LINE_LIMIT:
            raise LoadError(path, lineno, f"a line over {LINE_LIMIT:,} characters (not one record)")
        yield lineno, line


class LoadError(Exception):
    """A file that can't be loaded; names the file and the line."""

    def __init__(self, path: object, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(slots=True)
class PlaceData:
    source: str
    source_id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    admin2: str = ""
    population: int | None = None
    geonames_id: int | None = None
    #: (name, language, preferred)
    names: list[tuple[str, str, bool]] = field(default_factory=list)

    def add_name(self, name: str | None, language: str, preferred: bool = False) -> None:
        name = " ".join((name or "").split())
        if name and len(name) <= 300:
            self.names.append((name, language, preferred))
            cleaned = clean_admin_name(name) if self.kind in ("governorate", "district") else name
            if cleaned != name:
                self.names.append((cleaned, language, False))


def clean_admin_name(name: str) -> str:
    lowered = name.lower()
    for prefix in ADMIN_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix) :].strip()
    for suffix in ADMIN_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].strip()
    return name


def check_coordinates(path: object, line: int | None, lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise LoadError(path, line, f"coordinates out of range: lat={lat}, lon={lon}")


@dataclass(slots=True)
class LoadStats:
    source: str
    records: int = 0
    created: int = 0
    updated: int = 0
    merged: int = 0
    names: int = 0
    kept_edited: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        kept = f", {self.kept_edited:,} kept as people corrected them" if self.kept_edited else ""
        return (
            f"{self.source}: {self.records:,} records → {self.created:,} new places, {self.updated:,} updated{kept}, "
            f"{self.merged:,} merged into places of other sources; {self.names:,} new names; {self.seconds:.1f} s"
        )


def _kind_group(kind: str) -> str:
    return "settlement" if kind in POINT_KINDS else kind


class _Merger:
    """The proximity merge: existing places of other sources (the ones this source has no ref
    to), matched by the gazetteer's matcher with the thresholds of each kind group."""

    def __init__(self, source: str) -> None:
        own = set(PlaceRef.objects.filter(source=source).values_list("place_id", flat=True))
        places = [
            PlaceRecord(pid, name, kind, country, "", "", lat, lon, 0)
            for pid, name, kind, country, lat, lon in Place.objects.values_list(
                "id", "name", "kind", "country", "lat", "lon"
            )
            if pid not in own
        ]
        names = [(pid, name) for pid, name in PlaceName.objects.values_list("place_id", "name") if pid not in own]
        self.index = GazetteerIndex.from_records(places, names)
        self._matchers: dict[str, PlaceMatcher] = {}

    def find(self, rec: PlaceData) -> int | None:
        group = _kind_group(rec.kind)
        matcher = self._matchers.get(group)
        if matcher is None:
            kinds = NAME_KINDS if group == "settlement" else frozenset({group})
            matcher = PlaceMatcher(
                self.index, max_km=MERGE_KM.get(group, 6.0), snap_km=0, name_kinds=kinds, fuzzy=False
            )
            self._matchers[group] = matcher
        names = tuple(dict.fromkeys([rec.name, *(name for name, _, _ in rec.names)]))
        match = matcher.by_name(NamedPoint(rec.lat, rec.lon, names, country=rec.country))
        return match.place if match else None


_FIELDS = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "geonames_id")


@dataclass(slots=True)
class _Plan:
    """What a load writes: the places it updates and creates (each record's place is in
    `place_of`, or found among the new places by `twin`)."""

    to_update: dict[int, Place] = field(default_factory=dict)
    new_places: list[Place] = field(default_factory=list)
    new_by_gn: dict[int, Place] = field(default_factory=dict)
    new_by_ref: dict[str, Place] = field(default_factory=dict)

    def twin(self, rec: PlaceData) -> Place | None:
        """The new place of this load for the record's source id or GeoNames id."""
        return self.new_by_ref.get(rec.source_id) or (self.new_by_gn.get(rec.geonames_id) if rec.geonames_id else None)

    def create(self, rec: PlaceData, source: str) -> None:
        place = Place(source=source, source_id=rec.source_id, **{f: getattr(rec, f) for f in _FIELDS})
        self.new_places.append(place)
        self.new_by_ref[rec.source_id] = place
        if rec.geonames_id:
            self.new_by_gn[rec.geonames_id] = place


def upsert_places(
    records: list[PlaceData],
    *,
    source: str,
    progress: Callable[[Iterable[PlaceData]], Iterable[PlaceData]] = lambda it: it,
) -> LoadStats:
    """Write parsed records in one transaction (see the module docstring)."""
    started = time.perf_counter()
    stats = LoadStats(source=source, records=len(records))
    with transaction.atomic():
        refs = dict(PlaceRef.objects.filter(source=source).values_list("source_id", "place_id"))
        by_gn: dict[int, int] = {
            gn: pid
            for gn, pid in Place.objects.filter(geonames_id__isnull=False).values_list("geonames_id", "id")
            if gn is not None
        }
        place_of = _existing_places(records, source, refs, by_gn)
        now = timezone.now()
        plan = _plan(progress(records), place_of, source=source, refs=refs, by_gn=by_gn, stats=stats, now=now)

        Place.objects.bulk_create(plan.new_places, batch_size=BATCH)
        stats.created = len(plan.new_places)
        if plan.to_update:
            Place.objects.bulk_update(list(plan.to_update.values()), [*_FIELDS, "updated_at"], batch_size=BATCH)
        stats.updated = len(plan.to_update)
        final = [pid if pid is not None else _pk(plan.twin(rec)) for pid, rec in zip(place_of, records, strict=True)]
        stats.names = _write_refs_and_names(records, final, source=source, refs=refs, now=now)
        transaction.on_commit(mark_stale)
    stats.seconds = time.perf_counter() - started
    return stats


def _existing_places(
    records: list[PlaceData], source: str, refs: dict[str, int], by_gn: dict[int, int]
) -> list[int | None]:
    """Each record's existing place: by its own ref, else its GeoNames id, else the merge."""
    merger: _Merger | None = None
    place_of: list[int | None] = []
    for rec in records:
        pid = refs.get(rec.source_id)
        if pid is None and rec.geonames_id:
            pid = by_gn.get(rec.geonames_id)
        if pid is None:
            if merger is None:
                merger = _Merger(source)
            pid = merger.find(rec)
        place_of.append(pid)
    return place_of


def _plan(
    records: Iterable[PlaceData],
    place_of: list[int | None],
    *,
    source: str,
    refs: dict[str, int],
    by_gn: dict[int, int],
    stats: LoadStats,
    now: dt.datetime,
) -> _Plan:
    """The places to create and the existing places the records change (first record wins)."""
    existing_ids = {pid for pid in place_of if pid is not None}
    existing = Place.objects.in_bulk(list(existing_ids)) if existing_ids else {}
    plan = _Plan()
    applied: set[int] = set()
    for pid, rec in zip(place_of, records, strict=True):
        if pid is None:
            if plan.twin(rec) is None:  # else the same place twice in one load
                plan.create(rec, source)
            continue
        if pid in applied:
            continue  # a second record of this load for the same place: names only
        applied.add(pid)
        place = existing[pid]
        if place.edited:  # a person corrected it: keep its fields, still add the names
            stats.kept_edited += 1
        elif _apply(place, rec, own=(place.source == source), taken_gn=by_gn):
            place.updated_at = now
            plan.to_update[pid] = place
        if rec.source_id not in refs:
            stats.merged += place.source != source
    return plan


def _pk(place: Place | None) -> int:
    assert place is not None and place.pk is not None, "a record without a place"
    return place.pk


def _write_refs_and_names(
    records: list[PlaceData], final: list[int], *, source: str, refs: dict[str, int], now: dt.datetime
) -> int:
    """Write the refs of records new to this source and every record's names; returns how
    many names are new."""
    PlaceRef.objects.bulk_create(
        [
            PlaceRef(place_id=pid, source=source, source_id=rec.source_id)
            for pid, rec in zip(final, records, strict=True)
            if rec.source_id not in refs
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    before = PlaceName.objects.count()
    given = {
        (pid, name, lang): preferred
        for pid, rec in zip(final, records, strict=True)
        for name, lang, preferred in dict.fromkeys(rec.names)
    }
    PlaceName.objects.bulk_create(
        [
            PlaceName.of(pid, name, lang, source=source, preferred=pref, now=now)
            for (pid, name, lang), pref in given.items()
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    created = PlaceName.objects.count() - before
    _retire_names(given, source=source, places=set(final))
    return created


def _retire_names(given: dict[tuple[int, str, str], bool], *, source: str, places: set[int]) -> None:
    """Make this load's names of `places` exactly the ones its records give: its names it no longer
    gives are deleted, and a name it gives that no source claims yet (written before names kept
    their source) becomes its own."""
    stale: list[int] = []
    claimed: list[int] = []
    rows = PlaceName.objects.filter(source__in=("", source)).values_list("pk", "place_id", "name", "language", "source")
    for pk, pid, name, lang, owner in rows.iterator(chunk_size=BATCH):
        if pid not in places:
            continue
        if (pid, name, lang) in given:
            if owner == "":
                claimed.append(pk)
        elif owner == source:
            stale.append(pk)
    for i in range(0, len(stale), BATCH):
        PlaceName.objects.filter(pk__in=stale[i : i + BATCH]).delete()
    for i in range(0, len(claimed), BATCH):
        PlaceName.objects.filter(pk__in=claimed[i : i + BATCH]).update(source=source)


def _apply(place: Place, rec: PlaceData, *, own: bool, taken_gn: dict[int, int]) -> bool:
    """Copy a record's fields onto a place: all of them for the place's own source, only the
    empty ones for another source. Returns whether anything changed."""
    changed = False
    for f in _FIELDS:
        new = getattr(rec, f)
        if new in (None, ""):
            continue
        if f == "geonames_id" and taken_gn.get(new, place.pk) != place.pk:
            continue  # another place already has this GeoNames id
        old = getattr(place, f)
        if old == new or (not own and old not in (None, "")):
            continue
        setattr(place, f, new)
        changed = True
    return changed
