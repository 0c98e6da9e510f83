"""The one bridge from text to rows: pipeline → geocoder → ORM, one transaction per report.

* Idempotent by content hash: the same text twice is one report (also when two processes
  ingest it at once: the unique hash decides, the loser gets the existing report).
* Parsing again replaces the extracted mentions, events and control assertions of a report,
  and never touches events or control assertions that people verified, edited or rejected (nor
  re-creates them).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import threading
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from gazetteer.live import get_index
from lib.display import one_line, safe_url
from lib.text import name_key
from lib.untrusted import check_text

from .merging import flag_disputes, merge_duplicates, release_merged
from .models import HUMAN_STATUSES, Actor, ControlAssertion, Event, EventEvidence, Mention, Report, Status
from .pipeline.extraction import ExtractedControl, ExtractedEvent, ExtractedPlace, Extraction, extract
from .pipeline.labels import TIME_WEEK
from .pipeline.runner import Pipeline

_lock = threading.Lock()
_cache: dict = {"index": None, "pipeline": None}


def get_pipeline() -> Pipeline:
    """The process-wide pipeline, rebuilt when the gazetteer index is rebuilt."""
    index = get_index()
    with _lock:
        if _cache["index"] is not index:
            _cache["pipeline"] = Pipeline(index=index)
            _cache["index"] = index
            # The index and the pipeline's matchers are millions of long-lived objects: left to the
            # cyclic garbage collector, its full passes walk them again and again while reports are
            # read (a quarter of the extraction time). Collect once, then keep them out of its way.
            gc.collect()
            gc.freeze()
        return _cache["pipeline"]


@dataclass
class IngestResult:
    report: Report
    created: bool
    events: int = 0
    control: int = 0
    merged: int = 0  # of ``events``, how many were other reports' events and joined those (issue 13)
    dropped_url: str = ""  # a URL given but not stored (not http or https)


def ingest_text(
    text: str,
    *,
    published: dt.date | None = None,
    outlet: str = "",
    url: str = "",
    lang: str = "",
    pipeline: Pipeline | None = None,
    name: str = "report",
) -> IngestResult:
    """Refuses (``UnreadableReport``, a ValueError naming ``name``) text that cannot be stored
    (NUL characters, unpaired surrogates, over ``REPORT_MAX_BYTES``); a URL that is not http(s)
    is dropped (``IngestResult.dropped_url``), never stored as a link."""
    if text.strip():  # empty text: the pipeline's EmptyText
        check_text(text, name=name)
    clean_url = safe_url(url)
    outlet, lang = one_line(outlet, 200), one_line(lang, 8)
    existing = Report.objects.filter(content_hash=Report.hash_text(text)).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    pipeline = pipeline or get_pipeline()
    doc = pipeline(text, published=published, lang=lang)  # outside the transaction: slow part
    try:
        with transaction.atomic():
            report = Report.objects.create(
                text=text, published=published, outlet=outlet, url=clean_url, language=doc.lang
            )
            events, control, merged = save_extraction(report, extract(doc))
    except IntegrityError:
        existing = Report.objects.filter(content_hash=Report.hash_text(text)).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(
        report,
        created=True,
        events=events,
        control=control,
        merged=merged,
        dropped_url=url if url and not clean_url else "",
    )


def parse_again(report: Report, *, pipeline: Pipeline | None = None) -> tuple[int, int]:
    """Re-run the pipeline on a stored report; human-reviewed events stay as they are."""
    pipeline = pipeline or get_pipeline()
    doc = pipeline(report.text, published=report.published, lang=report.language)
    with transaction.atomic():
        events, control, _ = save_extraction(report, extract(doc))
        return events, control


def _actor_ids(extraction: Extraction) -> dict[str, int]:
    """Ids of every actor the extraction names, creating missing ones (two queries)."""
    names = extraction.actor_names()
    ids = dict(Actor.objects.filter(name__in=names).values_list("name", "id"))
    for name in sorted(names - set(ids)):
        ids[name] = Actor.objects.get_or_create(name=name)[0].pk
    return ids


def _fingerprint(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def event_fingerprint(event: ExtractedEvent, place: ExtractedPlace | None) -> str:
    """The identity of an extracted event row across re-parses (kind, place, evidence offsets)."""
    return _fingerprint(event.kind, place and (place.place_id or place.mention), event.start, event.end)


def control_fingerprint(claim: ExtractedControl) -> str:
    return _fingerprint(claim.place.place_id, claim.holder, claim.start)


class _Writer:
    """Writes one extraction of one report; the caller holds the transaction."""

    def __init__(self, report: Report, extraction: Extraction) -> None:
        self.report = report
        self.extraction = extraction
        self.ids = _actor_ids(extraction)
        self.created_events: list[Event] = []

    def actor_id(self, name: str | None) -> int | None:
        return self.ids.get(name) if name else None

    def mentions(self) -> None:
        report, x = self.report, self.extraction
        rows = [
            Mention(
                report=report,
                label="place",
                start=p.start,
                end=p.end,
                text=p.mention[:500],
                place_id=p.place_id,
                resolved=p.resolved,
                score=p.score,
            )
            for p in x.places
        ]
        rows += [
            Mention(
                report=report,
                label="actor",
                start=a.start,
                end=a.end,
                text=a.mention[:500],
                actor_id=self.actor_id(a.value),
            )
            for a in x.actors
        ]
        rows += [
            Mention(report=report, label="trigger", start=t.start, end=t.end, text=t.mention[:500], value=t.value)
            for t in x.triggers
        ]
        rows += [
            Mention(report=report, label="date", start=d.start, end=d.end, text=d.mention[:500], value=d.when.iso[:200])
            for d in x.dates
        ]
        Mention.objects.bulk_create(rows)

    def events(self) -> tuple[int, dict[tuple[int, int | None], Event]]:
        """Events in one bulk insert, with their first history records (what the machine read, so a
        person's edit can always be reverted to it), then their evidence and associated actors.
        Returns how many were written and the new events by (evidence start, place id), for the
        control assertions."""
        report = self.report
        reviewed = set(report.events.filter(status__in=HUMAN_STATUSES).values_list("fingerprint", flat=True))
        pending: list[tuple[Event, ExtractedEvent]] = []
        for e in self.extraction.events:
            places: list[ExtractedPlace | None] = [*e.places] or [None]
            for place in places:
                fingerprint = event_fingerprint(e, place)
                if fingerprint not in reviewed:
                    pending.append((self._event(e, place, fingerprint), e))
        created = bulk_create_with_history([event for event, _ in pending], Event) if pending else []
        self.created_events = created
        through = Event.associated_actors.through
        links, evidence = [], []
        by_evidence: dict[tuple[int, int | None], Event] = {}
        for event, (_, e) in zip(created, pending, strict=True):
            also = dict.fromkeys(self.actor_id(name) for name in e.actor1_also)
            links += [through(event_id=event.pk, actor_id=actor) for actor in also if actor]
            evidence.append(EventEvidence(event=event, report=report, start=e.start, end=e.end, text=e.evidence))
            by_evidence[(e.start, event.place_id)] = event
        through.objects.bulk_create(links)
        EventEvidence.objects.bulk_create(evidence)
        return len(created), by_evidence

    def _event(self, e: ExtractedEvent, place: ExtractedPlace | None, fingerprint: str) -> Event:
        first, last, precision = (e.when.first, e.when.last, e.when.precision) if e.when else (None, None, None)
        if first is None and not e.background and self.report.published:
            first = last = self.report.published  # undated news: the report's date, week precision
            precision = TIME_WEEK
        mention = (place.mention if place else "")[:300]
        return Event(
            report=self.report,
            kind=e.kind,
            event_type=e.event_type,
            sub_event_type=e.sub_event_type,
            date=first,
            date_end=last,
            time_precision=precision,
            place_id=place.place_id if place else None,
            place_mention=mention,
            place_key=name_key(mention)[:300],  # what Event.save() sets; bulk inserts skip save()
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            geo_precision=e.geo_precision,
            actor1_id=self.actor_id(e.actor1),
            actor2_id=self.actor_id(e.actor2),
            control_from_id=self.actor_id(e.control_from),
            control_to_id=self.actor_id(e.control_to),
            evidence=e.evidence,
            evidence_start=e.start,
            evidence_end=e.end,
            background=e.background,
            claim=e.claim,
            partial=e.partial,
            confidence=e.confidence,
            fingerprint=fingerprint,
            outlets=[self.report.outlet] if self.report.outlet else [],
        )

    def control(self, events: dict[tuple[int, int | None], Event]) -> list[ControlAssertion]:
        """Control assertions in one bulk insert with their history; besiegers set afterwards (few)."""
        report = self.report
        reviewed = set(
            report.control.filter(source="report")
            .exclude(status=Status.EXTRACTED)
            .values_list("fingerprint", flat=True)
        )
        pending: list[tuple[ControlAssertion, ExtractedControl]] = []
        for c in self.extraction.control:
            date = c.when.first if c.when else report.published
            fingerprint = control_fingerprint(c)
            if not c.place.place_id or date is None or fingerprint in reviewed:
                continue  # unresolved, undated, or people reviewed (or edited) this one: no extracted twin
            assertion = ControlAssertion(
                place_id=c.place.place_id,
                holder_id=self.actor_id(c.holder),
                date=date,
                report=report,
                source_event=events.get((c.start, c.place.place_id)),
                evidence=c.evidence,
                evidence_start=c.start,
                evidence_end=c.end,
                fingerprint=fingerprint,
            )
            pending.append((assertion, c))
        created = bulk_create_with_history([a for a, _ in pending], ControlAssertion) if pending else []
        for assertion, (_, c) in zip(created, pending, strict=True):
            if c.besieged_by:
                assertion.besieged_by.set([self.actor_id(a) for a in c.besieged_by])
        return created


def save_extraction(report: Report, extraction: Extraction) -> tuple[int, int, int]:
    """Write one extraction for a report, replacing what an earlier parse extracted (never what
    people reviewed); returns (events, control assertions) written and how many of those events
    were merged into another report's event of the same real-world event (``events.merging``).
    Control statements that contradict another source's for the same place and day are flagged.
    The caller holds the transaction."""
    report.mentions.all().delete()
    release_merged(report)
    report.events.filter(status=Status.EXTRACTED).delete()
    report.control.filter(status=Status.EXTRACTED, source="report").delete()
    writer = _Writer(report, extraction)
    writer.mentions()
    events, by_evidence = writer.events()
    control = writer.control(by_evidence)
    merged = merge_duplicates(writer.created_events)
    flag_disputes(control)
    report.parsed_at = timezone.now()
    report.save(update_fields=["parsed_at"])
    return events, len(control), merged
