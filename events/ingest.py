"""The one bridge from text to rows: pipeline → geocoder → ORM, one transaction per report.

* Idempotent by content hash: the same text twice is one report (also when two processes
  ingest it at once: the unique hash decides, the loser gets the existing report).
* Parsing again replaces the extracted mentions, events and control assertions of a report,
  and never touches events or control assertions that people verified, edited or rejected (nor
  re-creates them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from gazetteer.live import get_index
from lib.text import name_key
from lib.untrusted import check_text, one_line, safe_url

from .models import HUMAN_STATUSES, Actor, ControlAssertion, Event, EventEvidence, Mention, Report, Status
from .pipeline.labels import TIME_WEEK
from .pipeline.output import to_json
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
        return _cache["pipeline"]


@dataclass
class IngestResult:
    report: Report
    created: bool
    events: int = 0
    control: int = 0
    dropped_url: str = ""  # a URL given but not stored (not http or https)


def ingest_text(
    text: str,
    *,
    published: dt.date | None = None,
    outlet: str = "",
    url: str = "",
    lang: str = "fa",
    pipeline: Pipeline | None = None,
    name: str = "report",
) -> IngestResult:
    """Refuses (``UnreadableReport``, a ValueError naming ``name``) text that cannot be stored
    (NUL characters, unpaired surrogates, over ``REPORT_MAX_BYTES``); a URL that is not http(s)
    is dropped (``IngestResult.dropped_url``), never stored as a link."""
    if text.strip():  # empty text: the pipeline's EmptyText
        check_text(text, name=name)
    clean_url = safe_url(url)
    outlet, lang = one_line(outlet, 200), one_line(lang, 8) or "fa"
    existing = Report.objects.filter(content_hash=Report.hash_text(text)).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    pipeline = pipeline or get_pipeline()
    doc = pipeline(text, published=published, lang=lang)  # outside the transaction: slow part
    try:
        with transaction.atomic():
            report = Report.objects.create(text=text, published=published, outlet=outlet, url=clean_url, language=lang)
            events, control = save_extraction(report, to_json(doc))
    except IntegrityError:
        existing = Report.objects.filter(content_hash=Report.hash_text(text)).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(
        report, created=True, events=events, control=control, dropped_url=url if url and not clean_url else ""
    )


def parse_again(report: Report, *, pipeline: Pipeline | None = None) -> tuple[int, int]:
    """Re-run the pipeline on a stored report; human-reviewed events stay as they are."""
    pipeline = pipeline or get_pipeline()
    doc = pipeline(report.text, published=report.published, lang=report.language)
    with transaction.atomic():
        return save_extraction(report, to_json(doc))


def _actor_ids(data: dict) -> dict[str, int]:
    """Ids of every actor the extraction names, creating missing ones (two queries)."""
    names = {a["actor"] for a in data["actors"]}
    for e in data["events"]:
        names |= {e["actor1"], e["actor2"], e["control_from"], e["control_to"], *e.get("actor1_also", [])}
    for c in data["control"]:
        names |= {c["holder"], *c["besieged_by"]}
    names.discard(None)
    ids = dict(Actor.objects.filter(name__in=names).values_list("name", "id"))
    for name in sorted(names - set(ids)):
        ids[name] = Actor.objects.get_or_create(name=name)[0].pk
    return ids


def _fingerprint(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _dates(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    if not value:
        return None, None
    first, _, last = value.partition("/")
    if len(first) == 7:  # a whole month
        start = dt.date.fromisoformat(first + "-01")
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    start = dt.date.fromisoformat(first)
    return start, dt.date.fromisoformat(last) if last else start


def save_extraction(report: Report, data: dict) -> tuple[int, int]:
    """Write one extraction (the JSON of `extract`) for a report; returns (events, control)."""
    report.mentions.all().delete()
    report.events.filter(status=Status.EXTRACTED).delete()
    report.control.filter(status=Status.EXTRACTED, source="report").delete()
    reviewed = set(report.events.filter(status__in=HUMAN_STATUSES).values_list("fingerprint", flat=True))
    ids = _actor_ids(data)

    def actor_id(name: str | None) -> int | None:
        return ids.get(name) if name else None

    mentions = [
        Mention(
            report=report,
            label="place",
            start=p["start"],
            end=p["end"],
            text=p["mention"][:500],
            place_id=p["place_id"],
            resolved=p["resolved"],
            score=p["score"],
        )
        for p in data["places"]
    ]
    mentions += [
        Mention(
            report=report,
            label="actor",
            start=a["start"],
            end=a["end"],
            text=a["mention"][:500],
            actor_id=actor_id(a["actor"]),
        )
        for a in data["actors"]
    ]
    mentions += [
        Mention(
            report=report, label="trigger", start=t["start"], end=t["end"], text=t["mention"][:500], value=t["kind"]
        )
        for t in data.get("triggers", [])
    ]
    mentions += [
        Mention(
            report=report, label="date", start=d["start"], end=d["end"], text=d["mention"][:500], value=d["date"][:200]
        )
        for d in data.get("dates", [])
    ]
    Mention.objects.bulk_create(mentions)

    # Events in one bulk insert, with their first history records (what the machine read, so
    # a person's edit can always be reverted to it), then their evidence and associated actors.
    pending: list[tuple[Event, dict, dict | None]] = []
    for e in data["events"]:
        first, last = _dates(e["date"])
        precision = e["time_precision"]
        if first is None and not e["background"] and report.published:
            first = last = report.published  # undated news: the report's date, week precision
            precision = TIME_WEEK
        for place in e["places"] or [None]:
            fingerprint = _fingerprint(
                e["kind"], place and (place["place_id"] or place["mention"]), e["start"], e["end"]
            )
            if fingerprint in reviewed:
                continue
            mention = (place["mention"] if place else "")[:300]
            event = Event(
                report=report,
                kind=e["kind"],
                event_type=e["event_type"],
                sub_event_type=e["sub_event_type"],
                date=first,
                date_end=last,
                time_precision=precision,
                place_id=place["place_id"] if place else None,
                place_mention=mention,
                place_key=name_key(mention)[:300],  # what Event.save() sets; bulk inserts skip save()
                lat=place["lat"] if place else None,
                lon=place["lon"] if place else None,
                geo_precision=e["geo_precision"],
                actor1_id=actor_id(e["actor1"]),
                actor2_id=actor_id(e["actor2"]),
                control_from_id=actor_id(e["control_from"]),
                control_to_id=actor_id(e["control_to"]),
                evidence=e["evidence"],
                evidence_start=e["start"],
                evidence_end=e["end"],
                background=e["background"],
                claim=e["claim"],
                partial=e["partial"],
                confidence=e["confidence"],
                fingerprint=fingerprint,
            )
            pending.append((event, e, place))
    created = bulk_create_with_history([p[0] for p in pending], Event) if pending else []
    through = Event.associated_actors.through
    links, evidence = [], []
    event_by_evidence: dict[tuple, Event] = {}
    for event, (_, e, place) in zip(created, pending, strict=True):
        links += [
            through(event_id=event.pk, actor_id=a)
            for a in dict.fromkeys(actor_id(x) for x in e.get("actor1_also") or [])
            if a
        ]
        evidence.append(EventEvidence(event=event, report=report, start=e["start"], end=e["end"], text=e["evidence"]))
        event_by_evidence[(e["start"], place and place["place_id"])] = event
    through.objects.bulk_create(links)
    EventEvidence.objects.bulk_create(evidence)
    saved = len(created)

    control = 0
    reviewed_control = set(
        report.control.filter(source="report").exclude(status=Status.EXTRACTED).values_list("fingerprint", flat=True)
    )
    for c in data["control"]:
        place = c["place"]
        first, _ = _dates(c["date"])
        date = first or report.published
        if not place["place_id"] or date is None:
            continue
        if _fingerprint(place["place_id"], c["holder"], c["start"]) in reviewed_control:
            continue  # people reviewed (or edited) this one: no extracted twin next to it
        assertion = ControlAssertion.objects.create(
            place_id=place["place_id"],
            holder_id=actor_id(c["holder"]),
            date=date,
            report=report,
            source_event=event_by_evidence.get((c["start"], place["place_id"])),
            evidence=c["evidence"],
            evidence_start=c["start"],
            evidence_end=c["end"],
            fingerprint=_fingerprint(place["place_id"], c["holder"], c["start"]),
        )
        if c["besieged_by"]:
            assertion.besieged_by.set([actor_id(a) for a in c["besieged_by"]])
        control += 1
    report.parsed_at = timezone.now()
    report.save(update_fields=["parsed_at"])
    return saved, control
