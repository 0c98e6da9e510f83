"""What the pipeline read in a report, typed, in raw offsets: the one object that both the JSON of
`manage.py extract` (`output.to_json`) and the database writer (`events.ingest.save_extraction`)
consume, so neither re-parses the other's output.

`extract(doc)` builds it once from a parsed Doc:

* every offset is a Python string index into the raw text (`doc.raw`), mapped back from the
  folded text the pipeline worked on;
* dates are `dt.date`s with their ACLED time precision;
* ACLED's event type and sub-event type and the event's geo precision are decided here, not in a
  serialiser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from gazetteer.kinds import REGIONAL_KINDS

from .bearings import moved, offset_km
from .doc import ControlClaim, DateMention, Doc, EventCandidate, PlaceMention, Span, iso_range
from .grammar import grammar
from .labels import DATE, GEO_EXACT, GEO_NEAR, GEO_REGION, PLACE, TRIGGER, acled_coding


@dataclass(frozen=True, slots=True)
class When:
    """The days a date expression can mean and its ACLED time precision (1 day, 2 week, 3 month)."""

    first: dt.date
    last: dt.date
    precision: int

    @property
    def iso(self) -> str:
        return iso_range(self.first, self.last)

    @classmethod
    def of(cls, mention: DateMention | None) -> When | None:
        return cls(mention.first, mention.last, mention.precision) if mention else None


@dataclass(frozen=True, slots=True)
class ExtractedPlace:
    """A place mention and what it resolved to (all None when the gazetteer does not know it)."""

    mention: str
    start: int
    end: int
    place_id: int | None
    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    score: float | None
    cue: str | None
    modifier: str | None
    bearing: float | None = None  # told that way from the place (`bearings.py`)
    offset_km: float = 0.0  # an event's place: how far its point was moved that way from the place's

    @property
    def resolved(self) -> bool:
        return self.place_id is not None


type PlaceOf = Callable[[Span[PlaceMention]], ExtractedPlace]


@dataclass(frozen=True, slots=True)
class ExtractedMention:
    """An actor or event word: `value` is the canonical actor or the trigger's kind."""

    mention: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class ExtractedDate:
    """A date expression and the days it means."""

    mention: str
    start: int
    end: int
    when: When


@dataclass(slots=True)
class ExtractedEvent:
    kind: str
    event_type: str
    sub_event_type: str
    when: When | None
    places: list[ExtractedPlace]
    geo_precision: int | None
    actor1: str | None
    actor1_also: list[str]
    actor2: str | None
    control_from: str | None
    control_to: str | None
    evidence: str
    start: int
    end: int
    trigger: str
    background: bool
    claim: bool
    partial: bool
    confidence: float


@dataclass(slots=True)
class ExtractedControl:
    """Who holds (and who besieges) a place, as a clause of the report says."""

    place: ExtractedPlace
    holder: str | None
    besieged_by: list[str]
    when: When | None
    evidence: str
    start: int
    end: int


@dataclass(slots=True)
class Extraction:
    lang: str
    published: dt.date | None
    places: list[ExtractedPlace] = field(default_factory=list)
    actors: list[ExtractedMention] = field(default_factory=list)
    triggers: list[ExtractedMention] = field(default_factory=list)
    dates: list[ExtractedDate] = field(default_factory=list)
    events: list[ExtractedEvent] = field(default_factory=list)
    control: list[ExtractedControl] = field(default_factory=list)

    def actor_names(self) -> set[str]:
        """Every actor the extraction names, in any role."""
        named: list[str | None] = [a.value for a in self.actors]
        for e in self.events:
            named += [e.actor1, e.actor2, e.control_from, e.control_to, *e.actor1_also]
        for c in self.control:
            named += [c.holder, *c.besieged_by]
        return {name for name in named if name}


def extract(doc: Doc) -> Extraction:
    """The typed extraction of a parsed Doc (offsets into `doc.raw`)."""
    places: dict[int, ExtractedPlace] = {id(s): _place(doc, s) for s in doc.group(PLACE)}

    def place_of(span: Span[PlaceMention]) -> ExtractedPlace:
        return places.get(id(span)) or _place(doc, span)

    return Extraction(
        lang=doc.lang,
        published=doc.published,
        places=list(places.values()),
        actors=[_mention(doc, s, s.value.name) for s in doc.actors],
        triggers=[_mention(doc, s, s.value.kind) for s in doc.group(TRIGGER) if s.value.kind != "marker"],
        dates=[
            ExtractedDate(*_raw(doc, s.start, s.end), when=When(s.value.first, s.value.last, s.value.precision))
            for s in doc.group(DATE)
        ],
        events=[_event(doc, e, place_of) for e in doc.events],
        control=[_control(doc, c, place_of) for c in doc.control],
    )


def _raw(doc: Doc, start: int, end: int) -> tuple[str, int, int]:
    raw_start, raw_end = doc.raw_span(start, end)
    return doc.raw[raw_start:raw_end], raw_start, raw_end


def _mention(doc: Doc, span: Span[Any], value: str) -> ExtractedMention:
    return ExtractedMention(*_raw(doc, span.start, span.end), value=value)


def _place(doc: Doc, span: Span[PlaceMention]) -> ExtractedPlace:
    mention: PlaceMention = span.value
    best = mention.best
    p = best.place if best else None
    text, start, end = _raw(doc, span.start, span.end)
    return ExtractedPlace(
        mention=text,
        start=start,
        end=end,
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
        bearing=mention.bearing,
    )


def geo_precision(event: EventCandidate) -> int | None:
    """ACLED's geo precision of an event: 3 for a region-sized place, 2 near a place ("near X",
    "north of X") or in part of it, 1 the place itself; None when no place is resolved."""
    best = [p.value.best for p in event.places if p.value.best]
    if not best:
        return None
    if best[0].place.kind in REGIONAL_KINDS:
        return GEO_REGION
    first = event.places[0].value
    around = first.modifier or first.near or first.bearing is not None
    return GEO_NEAR if (around or event.partial) else GEO_EXACT


def _event(doc: Doc, event: EventCandidate, place_of: PlaceOf) -> ExtractedEvent:
    evidence, start, end = _raw(doc, *event.evidence)
    event_type, sub_event_type = _acled(doc, event)
    return ExtractedEvent(
        kind=event.kind,
        event_type=event_type,
        sub_event_type=sub_event_type,
        when=When.of(event.date),
        places=[_event_place(place_of(p), p.value) for p in event.places],
        geo_precision=geo_precision(event),
        actor1=event.actor1,
        actor1_also=list(event.actor1_also),
        actor2=event.actor2,
        control_from=event.control_from,
        control_to=event.control_to,
        evidence=evidence,
        start=start,
        end=end,
        trigger=_raw(doc, event.trigger.start, event.trigger.end)[0],
        background=event.background,
        claim=event.claim,
        partial=event.partial,
        confidence=event.confidence,
    )


def _event_place(place: ExtractedPlace, mention: PlaceMention) -> ExtractedPlace:
    """Where an event told at a place is put: the place's point or, for a mention told with a
    direction ("the northern countryside of Hama", "30 km south of Mosul"), a point that way from it."""
    if mention.bearing is None or place.lat is None or place.lon is None:
        return place
    km = offset_km(place.kind, mention.distance_km)
    if not km:
        return place
    lat, lon = moved(place.lat, place.lon, mention.bearing, km)
    return replace(place, lat=lat, lon=lon, offset_km=km)


def _acled(doc: Doc, event: EventCandidate) -> tuple[str, str]:
    """ACLED's event type and sub-event type, from the kind, the agent and the event word."""
    g, word = grammar(doc.lang), (event.trigger.start, event.trigger.end)
    return acled_coding(
        event.kind,
        actor1=event.actor1,
        shelling=bool(g["shelling-word"].search(doc.text, *word)),
        suicide=bool(g["suicide-word"].search(doc.text, *word)),
        clearance=bool(g["clearance-word"].search(doc.text, *word)),
        handover=bool(g["handover-word"].search(doc.text, *word)),
    )


def _control(doc: Doc, claim: ControlClaim, place_of: PlaceOf) -> ExtractedControl:
    evidence, start, end = _raw(doc, *claim.evidence)
    return ExtractedControl(
        place=place_of(claim.place),
        holder=claim.holder,
        besieged_by=list(claim.besieged_by),
        when=When.of(claim.date),
        evidence=evidence,
        start=start,
        end=end,
    )


__all__ = [
    "Extraction",
    "ExtractedControl",
    "ExtractedDate",
    "ExtractedEvent",
    "ExtractedMention",
    "ExtractedPlace",
    "When",
    "extract",
]
