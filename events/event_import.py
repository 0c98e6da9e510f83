"""Events from the standard datasets: `import_data(data, name, format)` reads an ACLED CSV
(`events.acled_reader`) or a UCDP GED CSV, plain or gzipped (`events.ucdp_reader`), links each
event to a gazetteer place (`gazetteer.matching.PlaceMatcher`, from the in-memory index) and
writes it. `manage.py import_events` and the admin's import both run it.

What it guarantees:

- **Nothing half-written.** A file that cannot be read (not CSV, binary, a required column
  missing) raises `FileProblem` before anything is written. Rows with problems are listed with
  their line and skipped; the others are written in batches of `batch_size` rows, each batch in
  one transaction (its actors, reports and events, with their history records). A dry run (the
  admin's preview) does all of it inside one transaction that is rolled back.
- **Idempotent.** An event is identified by its dataset and the dataset's id (ACLED's
  `event_id_cnty`, UCDP's `id`; unique in the database). Importing a file again creates nothing,
  updates only events whose row changed, and changes nothing else (no write, no history record,
  when nothing changed). Events people edited or rejected are kept as they are. A row repeating
  an id of an earlier row of the file is a problem of its line.
- **Actors**: canonical actors by the datasets' names (`events.dataset_vocab`); any other name is
  an actor of its own (created once, `Actor.origin` the dataset, `Actor.inter` ACLED's code).
- **Evidence**: each event's evidence is the whole text of a report (ACLED's notes, UCDP's
  headline), found by its content hash or created.
- **Place**: the event keeps the dataset's coordinates; `place` is the gazetteer place the
  reader's query finds near them, or none.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from itertools import batched
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gazetteer.live import get_index
from gazetteer.matching import NamedPoint, PlaceMatcher
from gazetteer.models import Place
from lib.text import name_key

from . import acled_reader, ucdp_reader
from .dataset_table import FileProblem, ImportRow, PlaceQuery, Problem, ReportData
from .dataset_vocab import ActorRef
from .models import Actor, Event, EventEvidence, Report, Status

type Reader = Callable[[bytes, str], tuple[list[ImportRow], list[Problem]]]
type Progress = Callable[[int, int], None]

FORMATS: dict[str, Reader] = {"acled": acled_reader.read, "ucdp": ucdp_reader.read}
BATCH = 500
#: Statuses of events people reviewed: an import never changes them.
REVIEWED = (Status.EDITED, Status.REJECTED)

__all__ = ["FORMATS", "FileProblem", "ImportResult", "Problem", "import_data", "import_file"]


@dataclass(slots=True)
class ImportResult:
    """What an import did (or, in a dry run, would do); `summary()` is one line."""

    file: str
    format: str
    dry_run: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    linked: int = 0
    new_actors: int = 0
    new_reports: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return ("dry run, nothing written: " if self.dry_run else "") + (
            f"import_events {self.format} {self.file}: {self.rows:,} rows read, {len(self.problems):,} not imported; "
            f"events: {self.created:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.kept:,} kept as people reviewed them; {self.linked:,} linked to a gazetteer place; "
            f"{self.new_actors:,} new actors, {self.new_reports:,} new reports; {self.seconds:.1f} s"
        )

    def problem_lines(self) -> list[str]:
        return [f"{self.file}:{p.line}: {p.message}" for p in self.problems]


class _Rollback(Exception):
    pass


def import_file(path: Path | str, fmt: str, **options: Any) -> ImportResult:
    """import_data() of a file; FileProblem when it cannot be read."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise FileProblem(f"{file}: cannot be read ({exc.strerror or exc}) — nothing was written") from None
    return import_data(data, str(file), fmt, **options)


def import_data(
    data: bytes,
    name: str,
    fmt: str,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH,
    progress: Progress | None = None,
    user: Any = None,
) -> ImportResult:
    """Import a file's bytes (`name` names it in messages) in `fmt` ("acled" or "ucdp"); see the
    module. `progress(done, total)` is called after each batch; `user` is named in the history."""
    started = time.perf_counter()
    if fmt not in FORMATS:
        raise FileProblem(f"{name}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    rows, problems = FORMATS[fmt](data, name)
    result = ImportResult(file=name, format=fmt, dry_run=dry_run, rows=len(rows) + len(problems))
    rows = _shared_reports(_unique(rows, problems))
    result.problems = sorted(problems, key=lambda p: p.line)
    places = link_places(rows)
    writer = _Writer(result, user=user, reason=f"import_events {fmt} {Path(name).name}"[:100])
    try:
        with transaction.atomic() if dry_run else nullcontext():
            done = 0
            for batch in batched(rows, max(1, batch_size)):
                with transaction.atomic():
                    writer.write(batch, places)
                done += len(batch)
                if progress:
                    progress(done, len(rows))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.seconds = time.perf_counter() - started
    return result


def _unique(rows: list[ImportRow], problems: list[Problem]) -> list[ImportRow]:
    """The rows whose dataset id no earlier row has; the others become problems."""
    first: dict[str, int] = {}
    kept = []
    for row in rows:
        if row.dataset_id in first:
            problems.append(Problem(row.line, f"repeats the id {row.dataset_id!r} of line {first[row.dataset_id]}"))
        else:
            first[row.dataset_id] = row.line
            kept.append(row)
    return kept


def _shared_reports(rows: list[ImportRow]) -> list[ImportRow]:
    """Rows whose evidence is the same text share one report: the one of the earliest date (UCDP
    often codes several events from one headline, published more than once)."""
    first: dict[str, ReportData] = {}
    for row in rows:
        known = first.get(row.report.text)
        if known is None or (row.report.published or date.max) < (known.published or date.max):
            first[row.report.text] = row.report
    for row in rows:
        row.report = first[row.report.text]
    return rows


def link_places(rows: Iterable[ImportRow]) -> dict[int, int | None]:
    """{row line: the id of its gazetteer place, or None}: the place of one of the query's names
    (and kinds) within its max_km of the row's point, else the nearest within its snap_km."""
    index = get_index()
    matchers: dict[tuple[float, float], PlaceMatcher] = {}
    seen: dict[tuple[PlaceQuery, float, float], int | None] = {}
    found: dict[int, int | None] = {}
    for row in rows:
        query, lat, lon = row.place, row.values["lat"], row.values["lon"]
        key = (query, round(lat, 6), round(lon, 6))
        if key not in seen:
            limits = (query.max_km, query.snap_km)
            matcher = matchers.get(limits)
            if matcher is None:
                matcher = matchers[limits] = PlaceMatcher(
                    index, max_km=query.max_km, snap_km=query.snap_km, name_kinds=None, snap_kinds=None
                )
            names = query.names if query.max_km > 0 else ()
            match = matcher.match(NamedPoint(lat, lon, names, kinds=query.kinds))
            seen[key] = match.place if match else None
        found[row.line] = seen[key]
    return found


class _Writer:
    """Writes batches of rows (inside the caller's transaction); counts into the result."""

    def __init__(self, result: ImportResult, *, user: Any, reason: str) -> None:
        self.result = result
        self.user = user
        self.reason = reason
        self.actor_ids: dict[str, int] = dict(Actor.objects.values_list("name", "id"))

    def write(self, rows: tuple[ImportRow, ...], places: dict[int, int | None]) -> None:
        actors = self._actors(rows)
        reports = self._reports(rows)
        wanted_places = {p for r in rows if (p := places[r.line]) is not None}
        present = set(Place.objects.filter(pk__in=wanted_places).values_list("pk", flat=True))
        dataset = rows[0].dataset
        existing = {
            e.dataset_id: e for e in Event.objects.filter(dataset=dataset, dataset_id__in=[r.dataset_id for r in rows])
        }
        through = Event.associated_actors.through
        associated: dict[int, list[int]] = {}
        for event_id, actor_id in through.objects.filter(event_id__in=[e.pk for e in existing.values()]).values_list(
            "event_id", "actor_id"
        ):
            associated.setdefault(event_id, []).append(actor_id)
        creates: list[tuple[Event, list[int]]] = []
        updates: list[tuple[Event, list[int]]] = []
        old_reports: set[int] = set()
        for row in rows:
            place = places[row.line] if places[row.line] in present else None
            values = self._values(row, actors, reports, place)
            wanted = sorted({actors[a.name] for a in row.associated} - {values["actor1_id"], values["actor2_id"]})
            self.result.linked += place is not None
            old = existing.get(row.dataset_id)
            if old is None:
                creates.append((Event(**values), wanted))
            elif old.status in REVIEWED:
                self.result.kept += 1
            elif all(getattr(old, k) == v for k, v in values.items()) and sorted(associated.get(old.pk, [])) == wanted:
                self.result.unchanged += 1
            else:
                if old.report_id != values["report_id"]:
                    old_reports.add(old.report_id)
                for k, v in values.items():
                    setattr(old, k, v)
                updates.append((old, wanted))
        self._save(creates, updates, list(values))
        _drop_orphans(old_reports)

    def _values(self, row: ImportRow, actors: dict[str, int], reports: dict[str, int], place: int | None) -> dict:
        v = dict(row.values)
        v.update(
            dataset=row.dataset,
            dataset_id=row.dataset_id,
            fingerprint=f"{row.dataset}:{row.dataset_id}"[:64],
            report_id=reports[Report.hash_text(row.report.text)],
            evidence_start=0,
            evidence_end=len(v["evidence"]),
            actor1_id=actors[row.actor1.name] if row.actor1 else None,
            actor2_id=actors[row.actor2.name] if row.actor2 else None,
            actor1_mention=row.actor1.mention[:300] if row.actor1 else "",
            actor2_mention=row.actor2.mention[:300] if row.actor2 else "",
            place_id=place,
            place_key=name_key(v["place_mention"])[:300],
            status=Status.VERIFIED,
            confidence=1.0,
            claim=False,
            background=False,
            partial=False,
        )
        return v

    def _actors(self, rows: Iterable[ImportRow]) -> dict[str, int]:
        """Actor ids by our name; actors of their own are created (with ACLED's code)."""
        refs: dict[str, ActorRef] = {}
        dataset = ""
        for row in rows:
            dataset = row.dataset
            for ref in (row.actor1, row.actor2, *row.associated):
                if ref is not None and ref.name not in self.actor_ids:
                    refs.setdefault(ref.name, ref)
        if refs:
            new = [Actor(name=n, origin="" if r.canonical else dataset, inter=r.inter) for n, r in refs.items()]
            Actor.objects.bulk_create(new, ignore_conflicts=True)
            self.actor_ids.update(Actor.objects.filter(name__in=refs).values_list("name", "id"))
            self.result.new_actors += len(refs)
        return self.actor_ids

    def _reports(self, rows: Iterable[ImportRow]) -> dict[str, int]:
        """Report ids by content hash; the reports not in the database are created."""
        wanted = {Report.hash_text(r.report.text): r.report for r in reversed(list(rows))}
        ids = dict(Report.objects.filter(content_hash__in=wanted).values_list("content_hash", "id"))
        new = [
            Report(
                text=data.text,
                content_hash=digest,
                language="en",
                published=data.published,
                outlet=data.outlet,
                title=data.title or data.text[:120],
            )
            for digest, data in wanted.items()
            if digest not in ids
        ]
        for report in Report.objects.bulk_create(new):
            ids[report.content_hash] = report.pk
        self.result.new_reports += len(new)
        return ids

    def _save(self, creates: list[tuple[Event, list[int]]], updates: list[tuple[Event, list[int]]], fields: list[str]):
        through = Event.associated_actors.through
        options = {"default_user": self.user, "default_change_reason": self.reason}
        if creates:  # the events get their ids (kept in `creates`)
            bulk_create_with_history([e for e, _ in creates], Event, batch_size=BATCH, **options)
            self.result.created += len(creates)
        if updates:
            now = timezone.now()
            for event, _ in updates:
                event.updated_at = now
            bulk_update_with_history(
                [e for e, _ in updates], Event, [*fields, "updated_at"], batch_size=BATCH, **options
            )
            through.objects.filter(event_id__in=[e.pk for e, _ in updates]).delete()
            self.result.updated += len(updates)
        through.objects.bulk_create(
            [through(event_id=e.pk, actor_id=a) for e, wanted in [*creates, *updates] for a in wanted],
            batch_size=BATCH,
        )


def _drop_orphans(report_ids: set[int]) -> None:
    """Delete the reports an import made that no event, mention, control statement or evidence
    uses any more (an updated event whose notes changed points at a new report)."""
    if not report_ids:
        return
    used_as_evidence = EventEvidence.objects.filter(report=OuterRef("pk"))
    Report.objects.filter(pk__in=report_ids, parsed_at=None, events=None, mentions=None, control=None).exclude(
        Exists(used_as_evidence)
    ).delete()
