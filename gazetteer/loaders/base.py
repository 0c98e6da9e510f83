"""What every gazetteer loader shares: the record type, the error type, and the upsert.

A loader parses its files completely into `PlaceData` records first (a malformed file stops
the load before anything is written), then `upsert_places()` writes them in one transaction:

* a record whose (source, source id) is known updates its place;
* else a record whose GeoNames id is already in the gazetteer merges into that place;
* else a record merges into an existing place of another source that shares one of its
  name keys, lies within MERGE_KM and is of a compatible kind (the curated list and
  Who's On First both have Hajin; they become one place);
* else a new place is created.

A place's own source overwrites its fields on a re-load; another source only fills fields
that are empty. Names are added, never removed (an editor's names survive re-loads).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from lib.text import bare_key, name_key

from ..live import mark_stale
from ..models import SETTLEMENT_KINDS, Place, PlaceName, PlaceRef
from ..ranking import haversine_km

MERGE_KM = {"settlement": 6.0, "governorate": 80.0, "country": 500.0, "district": 30.0, "region": 60.0, "river": 150.0}
BATCH = 2000
#: Unlabelled alternate names (GeoNames) are kept only in the scripts reports are written in.
USEFUL_SCRIPTS = frozenset({"arabic", "latin"})

#: Cue words some sources put in front of admin names (`استان رقه`); the bare name is
#: indexed as well, since reports put their own cue word there.
ADMIN_PREFIXES = ("استان ", "محافظة ", "محافظه ", "قضاء ", "شهرستان ", "ولایت ")
ADMIN_SUFFIXES = (" governorate", " province", " district", " subdistrict", " muhafazat")


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
    return "settlement" if kind in SETTLEMENT_KINDS or kind == "site" else kind


class _MergeIndex:
    """Existing places of other sources by name key, for the proximity merge."""

    def __init__(self, source: str) -> None:
        own = set(PlaceRef.objects.filter(source=source).values_list("place_id", flat=True))
        places = {
            pid: (kind, country, lat, lon)
            for pid, kind, country, lat, lon in Place.objects.values_list("id", "kind", "country", "lat", "lon")
            if pid not in own
        }
        self.places = places
        self.by_key: dict[str, set[int]] = {}
        for pid, name in Place.objects.values_list("id", "name"):
            if pid in places:
                self._add(name, pid)
        for pid, name in PlaceName.objects.values_list("place_id", "name"):
            if pid in places:
                self._add(name, pid)

    def _add(self, name: str, pid: int) -> None:
        for key in {name_key(name), bare_key(name)}:
            if key:
                self.by_key.setdefault(key, set()).add(pid)

    def find(self, rec: PlaceData) -> int | None:
        group = _kind_group(rec.kind)
        limit = MERGE_KM.get(group, 6.0)
        best: tuple[float, int] | None = None
        keys = {name_key(n) for n, _, _ in rec.names} | {name_key(rec.name)} | {bare_key(n) for n, _, _ in rec.names}
        for key in keys:
            for pid in self.by_key.get(key, ()):
                kind, country, lat, lon = self.places[pid]
                if country != rec.country or _kind_group(kind) != group:
                    continue
                d = haversine_km(lat, lon, rec.lat, rec.lon)
                if d <= limit and (best is None or (d, pid) < best):
                    best = (d, pid)
        return best[1] if best else None


_FIELDS = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "geonames_id")


def upsert_places(
    records: list[PlaceData],
    *,
    source: str,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> LoadStats:
    """Write parsed records in one transaction (see the module docstring)."""
    started = time.perf_counter()
    stats = LoadStats(source=source, records=len(records))
    with transaction.atomic():
        refs = dict(PlaceRef.objects.filter(source=source).values_list("source_id", "place_id"))
        by_gn = dict(Place.objects.filter(geonames_id__isnull=False).values_list("geonames_id", "id"))
        merge_index: _MergeIndex | None = None
        existing_ids: set[int] = set()
        place_of: list[int | None] = []
        for rec in records:
            pid = refs.get(rec.source_id)
            if pid is None and rec.geonames_id:
                pid = by_gn.get(rec.geonames_id)
            if pid is None:
                if merge_index is None:
                    merge_index = _MergeIndex(source)
                pid = merge_index.find(rec)
            place_of.append(pid)
            if pid is not None:
                existing_ids.add(pid)

        existing = Place.objects.in_bulk(list(existing_ids)) if existing_ids else {}
        now = timezone.now()
        to_update: dict[int, Place] = {}
        new_places: list[tuple[int, Place]] = []  # (record index, place)
        new_by_gn: dict[int, Place] = {}
        new_by_ref: dict[str, Place] = {}
        applied: set[int] = set()
        for i, rec in enumerate(progress(records)):
            pid = place_of[i]
            if pid is None:
                twin = new_by_ref.get(rec.source_id) or (new_by_gn.get(rec.geonames_id) if rec.geonames_id else None)
                if twin is not None:  # the same place twice in one load
                    continue
                place = Place(source=source, source_id=rec.source_id, **{f: getattr(rec, f) for f in _FIELDS})
                new_places.append((i, place))
                new_by_ref[rec.source_id] = place
                if rec.geonames_id:
                    new_by_gn[rec.geonames_id] = place
                continue
            if pid in applied:
                continue  # a second record of this load for the same place: names only
            applied.add(pid)
            place = existing[pid]
            if place.edited:  # a person corrected it: keep its fields, still add the names
                stats.kept_edited += 1
            elif _apply(place, rec, own=(place.source == source), taken_gn=by_gn):
                place.updated_at = now
                to_update[pid] = place
            if rec.source_id not in refs:
                stats.merged += place.source != source

        Place.objects.bulk_create([p for _, p in new_places], batch_size=BATCH)
        stats.created = len(new_places)
        if to_update:
            Place.objects.bulk_update(list(to_update.values()), [*_FIELDS, "updated_at"], batch_size=BATCH)
        stats.updated = len(to_update)

        # Resolve every record to its place id, then write refs and names.
        final: list[int] = []
        for i, rec in enumerate(records):
            pid = place_of[i]
            if pid is None:
                twin = new_by_ref.get(rec.source_id) or new_by_gn.get(rec.geonames_id or -1)
                pid = twin.pk
            final.append(pid)
        PlaceRef.objects.bulk_create(
            [
                PlaceRef(place_id=pid, source=source, source_id=rec.source_id)
                for pid, rec in zip(final, records)
                if rec.source_id not in refs
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        before = PlaceName.objects.count()
        names = []
        for pid, rec in zip(final, records):
            for name, lang, preferred in dict.fromkeys(rec.names):
                names.append(
                    PlaceName(
                        place_id=pid, name=name, language=lang, key=name_key(name), preferred=preferred, updated_at=now
                    )
                )
        PlaceName.objects.bulk_create(names, batch_size=BATCH, ignore_conflicts=True)
        stats.names = PlaceName.objects.count() - before
        transaction.on_commit(mark_stale)
    stats.seconds = time.perf_counter() - started
    return stats


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
