"""An Extraction as the JSON of `manage.py extract` (schema conflictmap.extract/1). Every offset
is a Python string index into the raw input text. Serialisation only: every decision was made
when the Extraction was built (`extraction.extract`)."""

from __future__ import annotations

from typing import Any

from .extraction import ExtractedControl, ExtractedEvent, ExtractedMention, ExtractedPlace, Extraction

SCHEMA = "conflictmap.extract/1"

type JSON = dict[str, Any]


def place_json(place: ExtractedPlace) -> JSON:
    return {
        "mention": place.mention,
        "start": place.start,
        "end": place.end,
        "resolved": place.resolved,
        "place_id": place.place_id,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "score": place.score,
        "cue": place.cue,
        "modifier": place.modifier,
        "bearing": place.bearing,
    }


def _brief_place(place: ExtractedPlace) -> JSON:
    return {
        "mention": place.mention,
        "place_id": place.place_id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "bearing": place.bearing,
        "offset_km": place.offset_km,
    }


def _mention(mention: ExtractedMention, key: str) -> JSON:
    return {"mention": mention.mention, "start": mention.start, "end": mention.end, key: mention.value}


def event_json(event: ExtractedEvent) -> JSON:
    return {
        "kind": event.kind,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": event.when.iso if event.when else None,
        "time_precision": event.when.precision if event.when else None,
        "places": [_brief_place(p) for p in event.places],
        "geo_precision": event.geo_precision,
        "actor1": event.actor1,
        "actor1_also": event.actor1_also,
        "actor2": event.actor2,
        "control_from": event.control_from,
        "control_to": event.control_to,
        "evidence": event.evidence,
        "start": event.start,
        "end": event.end,
        "trigger": event.trigger,
        "background": event.background,
        "claim": event.claim,
        "partial": event.partial,
        "confidence": event.confidence,
    }


def control_json(claim: ExtractedControl) -> JSON:
    return {
        "place": _brief_place(claim.place),
        "holder": claim.holder,
        "besieged_by": claim.besieged_by,
        "date": claim.when.iso if claim.when else None,
        "evidence": claim.evidence,
        "start": claim.start,
        "end": claim.end,
    }


def to_json(extraction: Extraction) -> JSON:
    return {
        "schema": SCHEMA,
        "lang": extraction.lang,
        "published": extraction.published.isoformat() if extraction.published else None,
        "places": [place_json(p) for p in extraction.places],
        "actors": [_mention(a, "actor") for a in extraction.actors],
        "triggers": [_mention(t, "kind") for t in extraction.triggers],
        "dates": [
            {"mention": d.mention, "start": d.start, "end": d.end, "date": d.when.iso, "precision": d.when.precision}
            for d in extraction.dates
        ],
        "events": [event_json(e) for e in extraction.events],
        "control": [control_json(c) for c in extraction.control],
    }


__all__ = ["SCHEMA", "to_json"]
