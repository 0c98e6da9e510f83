"""One event per real-world event: when two reports describe the same event (issue 13).

``same_event(a, b)`` is the rule, a pure function on ``EventKey``s (no database):

* the same kind;
* the same place (gazetteer place, else the same place mention), or both located within
  ``MERGE_KM`` km of each other;
* dates within a day of each other (ranges, so a multi-day event matches any of its days), or
  overlapping ranges when either date is of week or month precision (a single day of week
  precision, an undated report's date, stands for the week up to it: ``span``); undated events
  never match;
* compatible actors: the actors one names are all among those the other names, in either order
  (one outlet writes "clashes between A and B", another "B and A", a third "A attacked"); two
  events that each name an actor the other does not are different events (reports naming only
  "the army" and only "the rebels" are not merged: a measured trade of recall for precision);
  the same for a capture's winner.

``best_match(event, candidates)`` picks the closest match (distance, then days apart).
``events.ingest`` applies it to each new event against the extracted events of other reports and
merges with ``Event.merge(..., auto=True)``; events people reviewed are never candidates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from .pipeline.labels import TIME_DAY, TIME_MONTH, TIME_WEEK

#: Two located events farther apart than this (km) are different events.
MERGE_KM = 5.0
#: How far apart (days) the dates of two day-precision reports of one event may be.
MERGE_DAYS = 1


@dataclass(frozen=True)
class EventKey:
    """What the merge rule looks at in an event."""

    kind: str
    first: dt.date | None
    last: dt.date | None
    precision: int | None = TIME_DAY
    place_id: int | None = None
    place_key: str = ""
    lat: float | None = None
    lon: float | None = None
    actor1: int | None = None
    actor2: int | None = None
    control_to: int | None = None
    pk: int | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def distance_km(a: EventKey, b: EventKey) -> float:
    """Great-circle distance between two located events (km)."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: EventKey, b: EventKey, *, km: float = MERGE_KM) -> bool:
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    if a.located and b.located:
        return distance_km(a, b) <= km
    return bool(a.place_key) and a.place_key == b.place_key


def span(key: EventKey) -> tuple[dt.date, dt.date] | None:
    """The days an event may have happened on. A week- or month-precision date given as one day
    (an undated report's event takes the report's date, week precision) is the week up to that
    day, or that day's month."""
    if key.first is None:
        return None
    first, last = key.first, key.last or key.first
    if first == last and key.precision == TIME_WEEK:
        first = last - dt.timedelta(days=6)
    elif first == last and key.precision == TIME_MONTH:
        first = first.replace(day=1)
        last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def days_apart(a: EventKey, b: EventKey) -> int | None:
    """Days between the two date ranges (0 when they overlap); None when either is undated."""
    sa, sb = span(a), span(b)
    if sa is None or sb is None:
        return None
    (a_first, a_last), (b_first, b_last) = sa, sb
    if a_last < b_first:
        return (b_first - a_last).days
    if b_last < a_first:
        return (a_first - b_last).days
    return 0


def close_in_time(a: EventKey, b: EventKey, *, days: int = MERGE_DAYS) -> bool:
    gap = days_apart(a, b)
    if gap is None:
        return False
    coarse = (a.precision or TIME_DAY) > TIME_DAY or (b.precision or TIME_DAY) > TIME_DAY
    return gap == 0 if coarse else gap <= days


def _agree(x: int | None, y: int | None) -> bool:
    return x is None or y is None or x == y


def compatible_actors(a: EventKey, b: EventKey) -> bool:
    named_a = {x for x in (a.actor1, a.actor2) if x is not None}
    named_b = {x for x in (b.actor1, b.actor2) if x is not None}
    return (named_a <= named_b or named_b <= named_a) and _agree(a.control_to, b.control_to)


def same_event(a: EventKey, b: EventKey, *, km: float = MERGE_KM, days: int = MERGE_DAYS) -> bool:
    """Whether two events are one real-world event (see the module's docstring)."""
    return a.kind == b.kind and close_in_time(a, b, days=days) and same_place(a, b, km=km) and compatible_actors(a, b)


def best_match(
    event: EventKey, candidates: Iterable[EventKey], *, km: float = MERGE_KM, days: int = MERGE_DAYS
) -> EventKey | None:
    """The candidate that is the same event as ``event`` and closest to it, or None."""
    matches = [c for c in candidates if same_event(event, c, km=km, days=days)]
    if not matches:
        return None

    def nearness(c: EventKey) -> tuple[float, int, int]:
        km_apart = distance_km(event, c) if event.located and c.located else 0.0
        return (km_apart, days_apart(event, c) or 0, c.pk or 0)

    return min(matches, key=nearness)
