"""Applying the merge rule (``events.dedupe``) to the database at ingest (issue 13).

* ``merge_duplicates(events)``: each new event that is the same real-world event as an extracted
  event of another report is merged into it (``Event.merge(auto=True)``: recorded in history,
  undone by ``Event.split``); events people reviewed are never touched.
* ``release_merged(report)``: before a report is parsed again, what was merged into its events
  is split off (and merged together again), so re-parsing loses no other report's event.
* ``flag_disputes(assertions)``: control statements about one place on one day that name
  different holders are all marked ``disputed`` for review; agreeing ones simply corroborate.

Both run inside the ingest transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from .dedupe import MERGE_DAYS, EventKey, best_match
from .models import ControlAssertion, Event, Report, Status
from .pipeline.labels import TIME_MONTH

#: Half the side (degrees of latitude) of the box candidates are looked for in; wider than MERGE_KM.
_BOX = 0.1


def event_key(event: Event) -> EventKey:
    return EventKey(
        kind=event.kind,
        first=event.date,
        last=event.date_end or event.date,
        precision=event.time_precision,
        place_id=event.place_id,
        place_key=event.place_key,
        lat=event.lat,
        lon=event.lon,
        actor1=event.actor1_id,
        actor2=event.actor2_id,
        control_to=event.control_to_id,
        pk=event.pk,
    )


def candidates(event: Event) -> list[Event]:
    """Extracted, unmerged events of other reports of the same kind near the event in time and
    space (what ``best_match`` then decides on)."""
    if event.date is None or event.background:
        return []
    # wide enough for week-precision dates (``dedupe.span``); best_match decides
    slack = dt.timedelta(days=MERGE_DAYS + (31 if event.time_precision == TIME_MONTH else 7))
    first, last = event.date - slack, (event.date_end or event.date) + slack
    if event.lat is not None and event.lon is not None:  # a box around it (uses the lat/lon index)
        where = Q(lat__range=(event.lat - _BOX, event.lat + _BOX), lon__range=(event.lon - _BOX, event.lon + _BOX))
    elif event.place_id or event.place_key:
        where = Q(place_id=event.place_id) if event.place_id else Q(place_key=event.place_key)
    else:
        return []
    return list(
        Event.objects.filter(where, kind=event.kind, status=Status.EXTRACTED, merged_into=None, background=False)
        .filter(date__lte=last)
        .filter(Q(date_end__gte=first) | Q(date_end=None, date__gte=first))
        .exclude(report_id=event.report_id)
        .order_by("pk")
    )


def merge_duplicates(events: Iterable[Event]) -> int:
    """Merge each of ``events`` (new, extracted) into the event of another report it duplicates;
    returns how many were merged."""
    merged = 0
    for event in events:
        found = {c.pk: c for c in candidates(event)}
        match = best_match(event_key(event), (event_key(c) for c in found.values()))
        if match is not None and match.pk is not None:
            found[match.pk].merge([event], auto=True)
            merged += 1
    return merged


def release_merged(report: Report) -> int:
    """Before a report is parsed again (its extracted events deleted and written anew): the
    events automatically merged into them are split off and merged into one another again, so
    none is lost and the new parse's events join them (``merge_duplicates``). Returns how many
    were split off."""
    released = 0
    for event in report.events.filter(status=Status.EXTRACTED, merged__isnull=False).distinct():
        parts = event.split()
        released += len(parts)
        if len(parts) > 1:
            parts[0].merge(parts[1:], auto=True)
    return released


def flag_disputes(assertions: Iterable[ControlAssertion]) -> int:
    """Mark disputed every control statement about the place and day of one of ``assertions``
    when they name different holders; returns how many statements are now disputed."""
    flagged = 0
    for a in assertions:
        same_day = ControlAssertion.objects.filter(place_id=a.place_id, date=a.date).exclude(status=Status.REJECTED)
        holders = set(same_day.exclude(holder=None).values_list("holder_id", flat=True))
        if len(holders) > 1:
            flagged += same_day.exclude(holder=None).filter(disputed=False).update(disputed=True)
    return flagged
