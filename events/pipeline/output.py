"""A Doc as the JSON of `manage.py extract` (schema conflictmap.extract/1). Every offset is a
Python string index into the raw input text."""

from __future__ import annotations

from .doc import ControlClaim, Doc, EventCandidate, Span
from .labels import ACTOR, DATE, GEO_EXACT, GEO_NEAR, GEO_REGION, PLACE, TRIGGER, acled_coding
from .places import PlaceMention

SCHEMA = "conflictmap.extract/1"


def _mention(doc: Doc, span: Span) -> dict:
    start, end = doc.raw_span(span.start, span.end)
    return {"mention": doc.raw[start:end], "start": start, "end": end}


def place_json(doc: Doc, span: Span) -> dict:
    mention: PlaceMention = span.value
    best = mention.best
    out = _mention(doc, span)
    p = best.place if best else None
    out.update(
        resolved=best is not None,
        place_id=p.id if p else None,
        name=p.name if p else None,
        kind=p.kind if p else (mention.kinds[0] if mention.kinds else None),
        country=p.country if p else None,
        admin1=p.admin1 if p else None,
        lat=p.lat if p else None,
        lon=p.lon if p else None,
        score=round(best.score, 3) if best else None,
        cue=mention.cue,
        modifier=mention.modifier,
    )
    return out


def _brief_place(doc: Doc, span: Span) -> dict:
    full = place_json(doc, span)
    return {k: full[k] for k in ("mention", "place_id", "name", "country", "lat", "lon")}


def geo_precision(event: EventCandidate) -> int | None:
    best = [p.value.best for p in event.places if p.value.best]
    if not best:
        return None
    kind = best[0].place.kind
    if kind in ("governorate", "region", "river", "district", "country"):
        return GEO_REGION
    return GEO_NEAR if (event.places[0].value.modifier or event.partial) else GEO_EXACT


def event_json(doc: Doc, event: EventCandidate) -> dict:
    start, end = doc.raw_span(*event.evidence)
    event_type, sub_event_type = acled_coding(
        event.kind, actor1=event.actor1, trigger=doc.text[event.trigger.start : event.trigger.end]
    )
    date = event.date
    return {
        "kind": event.kind,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "date": date.iso if date else None,
        "time_precision": date.precision if date else None,
        "places": [_brief_place(doc, p) for p in event.places],
        "geo_precision": geo_precision(event),
        "actor1": event.actor1,
        "actor1_also": event.actor1_also,
        "actor2": event.actor2,
        "control_from": event.control_from,
        "control_to": event.control_to,
        "evidence": doc.raw[start:end],
        "start": start,
        "end": end,
        "trigger": doc.raw[slice(*doc.raw_span(event.trigger.start, event.trigger.end))],
        "background": event.background,
        "claim": event.claim,
        "partial": event.partial,
        "confidence": event.confidence,
    }


def control_json(doc: Doc, claim: ControlClaim) -> dict:
    start, end = doc.raw_span(*claim.evidence)
    return {
        "place": _brief_place(doc, claim.place),
        "holder": claim.holder,
        "besieged_by": claim.besieged_by,
        "date": claim.date.iso if claim.date else None,
        "evidence": doc.raw[start:end],
        "start": start,
        "end": end,
    }


def to_json(doc: Doc) -> dict:
    return {
        "schema": SCHEMA,
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "places": [place_json(doc, s) for s in doc.group(PLACE)],
        "actors": [{**_mention(doc, s), "actor": s.value} for s in doc.group(ACTOR)],
        "triggers": [
            {**_mention(doc, s), "kind": s.value.kind} for s in doc.group(TRIGGER) if s.value.kind != "marker"
        ],
        "dates": [{**_mention(doc, s), "date": s.value.iso, "precision": s.value.precision} for s in doc.group(DATE)],
        "events": [event_json(doc, e) for e in doc.events],
        "control": [control_json(doc, c) for c in doc.control],
    }


__all__ = ["SCHEMA", "to_json"]
