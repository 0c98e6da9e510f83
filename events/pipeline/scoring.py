"""How much an event is news: restatements of an event the report already gave, background
(an event dated weeks before publication), fighting that only leads up to a capture, the
confidence of each event, and the control claims an event implies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

from .doc import ControlClaim, EventCandidate
from .labels import allies
from .lexicon import place_cues

BACKGROUND_DAYS = 45

type PlaceIds = frozenset[tuple[int | str, str | None]]


@cache
def _facility_cues() -> frozenset[str]:
    return frozenset(c.cue for c in place_cues() if "facility" in c.flags)


def place_ids(event: EventCandidate) -> PlaceIds:
    """Identity of an event's places; a facility (`پالایشگاه بیجی`) is not its town."""
    facility = _facility_cues()
    return frozenset(
        (
            best.place.id if (best := p.value.best) else p.value.key,
            p.value.cue if p.value.cue in facility else None,
        )
        for p in event.places
    )


def is_old(event: EventCandidate, published: dt.date | None) -> bool:
    """Dated more than `BACKGROUND_DAYS` before publication: background, not news."""
    if event.date is None or published is None:
        return False
    return (published - event.date.last) > dt.timedelta(days=BACKGROUND_DAYS)


class Restatements:
    """The events a report told so far, by kind, to tell its news from restatements."""

    def __init__(self, published: dt.date | None) -> None:
        self.published = published
        self.told: dict[str, list[tuple[PlaceIds, EventCandidate]]] = {}

    def repeats(self, event: EventCandidate) -> bool:
        """The same kind at the same places (or some of them) by the same side, not at another
        time, as an earlier event: the report restating its news (a headline and its lead, a
        summary at the end). A capture by the other side, or one dated years before, is another
        event. Events that are not repeats are remembered."""
        ids = place_ids(event)
        if not ids:
            return False
        for told_ids, other in self.told.get(event.kind, ()):
            if ids != told_ids:
                continue
            if event.kind == "capture_or_liberation" and not (
                _same_side(other.control_to, event.control_to) and _same_side(other.actor1, event.actor1)
            ):
                continue  # a capture by the other side is another event
            if other.background != (event.background or is_old(event, self.published)):
                continue
            if other.date and event.date and other.date.iso != event.date.iso:
                continue
            return True
        self.told.setdefault(event.kind, []).append((ids, event))
        return False

    def captured_before(self, event: EventCandidate) -> bool:
        """A capture of the same places (or some of them) the report already told, by either side:
        "The capture of X underscores ..." with no taker named restates that capture."""
        ids = place_ids(event)
        return bool(ids) and any(ids <= told_ids for told_ids, _ in self.told.get(event.kind, ()))


def _same_side(a: str | None, b: str | None) -> bool:
    """Whether two actors (None: unnamed) can be one side: equal, allies, or one unnamed."""
    return a is None or b is None or allies(a, b)


def confidence(event: EventCandidate) -> float:
    score = 0.55
    score += 0.1 if event.actor1 else 0.0
    score += 0.1 if any(p.value.resolved for p in event.places) else 0.0
    score += 0.05 if event.date else 0.0
    score -= 0.25 if event.claim else 0.0
    score -= 0.15 if event.background else 0.0
    return round(max(0.05, min(score, 0.95)), 2)


def drop_fighting_before_capture(
    events: list[EventCandidate], first: int, describes: Callable[[EventCandidate], bool] | None = None
) -> None:
    """Fighting that a sentence reports as leading to a capture is part of the capture
    ("پس از سه ماه نبرد به کنترل ... درآمد"): drop the battle of that sentence. A capture that
    only `describes` a place ("X التي تم تحريرها", X which was liberated) absorbs no fighting."""
    captures = [e for e in events[first:] if e.kind == "capture_or_liberation" and not (describes and describes(e))]
    if not captures:
        return
    keep = []
    for event in events[first:]:
        ids = place_ids(event)
        if event.kind == "battle" and any(not ids or ids & place_ids(c) for c in captures):
            continue
        keep.append(event)
    events[first:] = keep


def control_from_event(event: EventCandidate, holder: str | None) -> list[ControlClaim]:
    """A capture gives its places to the new holder; a siege names the besiegers (and the holder
    the clause states, else the besieged)."""
    if event.kind == "capture_or_liberation" and event.control_to and not event.partial:
        return [ControlClaim(p, event.control_to, [], event.evidence, event.date, event) for p in event.places]
    if event.kind == "siege" and event.actor1:
        besiegers = [event.actor1, *event.actor1_also]
        held_by = holder or event.actor2
        return [ControlClaim(p, held_by, besiegers, event.evidence, event.date, event) for p in event.places]
    return []


def merge_control(claims: list[ControlClaim]) -> list[ControlClaim]:
    """One claim per place and clause: the holder from `تحت کنترل X`, the besiegers from the siege."""
    merged: dict[tuple[int, tuple[int, int]], ControlClaim] = {}
    for claim in claims:
        key = (claim.place.start, claim.evidence)
        if key not in merged:
            merged[key] = claim
            continue
        kept = merged[key]
        kept.holder = kept.holder or claim.holder
        kept.besieged_by = list(dict.fromkeys([*kept.besieged_by, *claim.besieged_by]))
        kept.event = kept.event or claim.event
        kept.date = kept.date or claim.date
    return list(merged.values())


__all__ = [
    "BACKGROUND_DAYS",
    "Restatements",
    "confidence",
    "control_from_event",
    "drop_fighting_before_capture",
    "is_old",
    "merge_control",
    "place_ids",
]
