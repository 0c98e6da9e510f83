"""Who holds which place as of a date: the queries behind the map pages.

Every function here runs a fixed, small number of queries whatever the number of places
(no query per place), on SQLite and PostgreSQL alike:

* `control_as_of(date)`: per place, the assertion in force on `date` (one query for the
  states, one for the besiegers);
* `changes_between(a, b)`: places whose holder on `b` differs from `a`, with the assertion
  that established the new holder (five queries);
* `control_dates()`: the dates that have assertions, for a timeline (one query).

Cached maps are keyed by `events.models.MapDataStamp`, which database triggers renew on every
write to these tables.

The assertion in force for a place on a date is its latest non-rejected assertion dated on or
before that date. Assertions of the same date are ranked: reviewed by people (verified,
edited) before machine output (extracted), then higher confidence, then the newest (highest
id). So an imported baseline never hides a later report, and a report never overrides the
baseline of the same day unless a person verified it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from .models import ControlAssertion, Status

#: Map colour of a place whose holder is unknown.
UNKNOWN_COLOUR = "#bdbdbd"

#: Reviewed by people first (0), then machine output (1).
STATUS_RANK = Case(
    When(status__in=[Status.VERIFIED, Status.EDITED], then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)
#: The order of precedence within a place: latest date, then status, confidence, newest id.
PRECEDENCE = [F("date").desc(), STATUS_RANK.asc(), F("confidence").desc(), F("id").desc()]

_STATE_FIELDS = (
    "id",
    "place_id",
    "place__name",
    "place__lat",
    "place__lon",
    "place__country",
    "holder__name",
    "holder__colour",
    "date",
    "status",
    "source",
    "report_id",
    "evidence",
)


@dataclass(frozen=True, slots=True)
class ControlState:
    """Who holds a place as of a date, and the assertion that says so."""

    place_id: int
    name: str
    lat: float
    lon: float
    country: str
    holder: str | None  # canonical actor name; None when the holder is unknown
    colour: str  # the holder's map colour, UNKNOWN_COLOUR when there is none
    besieged_by: tuple[str, ...]  # actor names, sorted
    date: dt.date  # the date of the assertion (on or before the date asked for)
    status: str
    source: str  # report, import or manual
    assertion_id: int
    report_id: int | None
    evidence: str

    def __reduce__(self):  # pickled by position: 5× faster to load than dataclasses' setstate
        return (ControlState, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A place whose holder changed between two dates."""

    place_id: int
    name: str
    lat: float
    lon: float
    country: str
    holder_before: str | None  # None: unknown, or no assertion yet
    holder_after: str | None  # None: the new assertion names no holder (contested)
    colour_before: str
    colour_after: str
    #: The assertion that established the new holder: the earliest of the run of assertions
    #: in force with the new holder that ends on the later date.
    date: dt.date
    evidence: str
    report_id: int | None
    source: str
    status: str
    assertion_id: int

    def __reduce__(self):
        return (ControlChange, tuple(getattr(self, name) for name in self.__slots__))


def _assertions(*, country: str | None = None) -> QuerySet:
    qs = ControlAssertion.objects.exclude(status=Status.REJECTED)
    if country:
        qs = qs.filter(place__country=country.upper())
    return qs


def _besiegers(date: dt.date, country: str | None) -> dict[int, tuple[str, ...]]:
    """Besieging actors of every assertion dated on or before `date` (one query; sieges are
    few, so this is cheaper than an IN list of thousands of ids)."""
    through = ControlAssertion.besieged_by.through
    qs = through.objects.filter(controlassertion__date__lte=date).exclude(controlassertion__status=Status.REJECTED)
    if country:
        qs = qs.filter(controlassertion__place__country=country.upper())
    out: dict[int, list[str]] = {}
    for assertion_id, name in qs.values_list("controlassertion_id", "actor__name"):
        out.setdefault(assertion_id, []).append(name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def control_as_of(date: dt.date, *, country: str | None = None) -> list[ControlState]:
    """Per place, the assertion in force on `date` (see the module docstring), ordered by
    place id. Places whose assertion in force has no holder are kept with holder None;
    places with no assertion on or before `date` are left out. Two queries."""
    ranked = (
        _assertions(country=country)
        .filter(date__lte=date)
        .annotate(rank=Window(RowNumber(), partition_by=[F("place_id")], order_by=PRECEDENCE))
        .filter(rank=1)
        .order_by("place_id")
        .values_list(*_STATE_FIELDS)
    )
    rows = list(ranked)
    besieged = _besiegers(date, country) if rows else {}
    return [
        ControlState(
            place_id=place_id,
            name=name,
            lat=lat,
            lon=lon,
            country=cc,
            holder=holder,
            colour=colour if holder else UNKNOWN_COLOUR,
            besieged_by=besieged.get(pk, ()),
            date=day,
            status=status,
            source=source,
            assertion_id=pk,
            report_id=report_id,
            evidence=evidence,
        )
        for pk, place_id, name, lat, lon, cc, holder, colour, day, status, source, report_id, evidence in rows
    ]


def changes_between(date_from: dt.date, date_to: dt.date, *, country: str | None = None) -> list[ControlChange]:
    """Places whose holder on `date_to` is known and differs from their holder on `date_from`
    (which may be unknown: no assertion yet, or one without a holder). Ordered by the date of
    the establishing assertion, then place name. Five queries."""
    before = {s.place_id: s for s in control_as_of(date_from, country=country)}
    changed = {}
    for s in control_as_of(date_to, country=country):
        old = before.get(s.place_id)
        if s.holder is not None and (old is None or old.holder != s.holder):
            changed[s.place_id] = (old, s)
    if not changed:
        return []

    # For each changed place, walk back from `date_to` through the assertion in force on each
    # day (the first row of each day in precedence order) while the holder stays the new one.
    established: dict[int, tuple] = {}
    stopped: set[int] = set()
    rows = (
        _assertions(country=country)
        .filter(date__gt=date_from, date__lte=date_to)
        .order_by("place_id", *PRECEDENCE)
        .values_list("place_id", "date", "holder__name", "id", "evidence", "report_id", "source", "status")
    )
    last_day: dict[int, dt.date] = {}
    for row in rows.iterator(chunk_size=5000):
        place_id, day = row[0], row[1]
        if place_id not in changed or place_id in stopped or last_day.get(place_id) == day:
            continue
        last_day[place_id] = day
        if row[2] == changed[place_id][1].holder:
            established[place_id] = row
        else:
            stopped.add(place_id)

    out = []
    for place_id, (old, new) in changed.items():
        row = established.get(place_id)
        if row is None:  # date_from after date_to: the assertion in force on date_to
            row = (
                place_id,
                new.date,
                new.holder,
                new.assertion_id,
                new.evidence,
                new.report_id,
                new.source,
                new.status,
            )
        _, day, _, pk, evidence, report_id, source, status = row
        out.append(
            ControlChange(
                place_id=place_id,
                name=new.name,
                lat=new.lat,
                lon=new.lon,
                country=new.country,
                holder_before=old.holder if old else None,
                holder_after=new.holder,
                colour_before=old.colour if old else UNKNOWN_COLOUR,
                colour_after=new.colour,
                date=day,
                evidence=evidence,
                report_id=report_id,
                source=source,
                status=status,
                assertion_id=pk,
            )
        )
    out.sort(key=lambda c: (c.date, c.name, c.place_id))
    return out


def control_dates(*, country: str | None = None) -> list[dt.date]:
    """The distinct dates of non-rejected assertions, oldest first (one query)."""
    return list(_assertions(country=country).order_by("date").values_list("date", flat=True).distinct())
