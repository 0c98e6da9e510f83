"""Query-string filters shared by the map pages and the APIs, so every map has a shareable URL.

``EventFilter.from_request(request)`` never raises: a malformed value is dropped and reported in
``errors`` (the page shows them), so a hand-edited URL still gives a map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet

from events.models import Event, Status
from events.pipeline.labels import EVENT_KINDS

COUNTRIES = {"SY": "Syria", "IQ": "Iraq"}


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD; YYYY-MM and YYYY mean the first day), or None."""
    if not value:
        return None
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")


def date_param(query, name: str, errors: list[str]) -> dt.date | None:
    """The date in query[name], or None; a malformed one is reported in ``errors``."""
    try:
        return parse_date(query.get(name))
    except ValueError as exc:
        errors.append(str(exc))
        return None


def country_param(query, errors: list[str]) -> str:
    """SY, IQ or "" (both); an unknown code is reported in ``errors``."""
    country = query.get("country", "").strip().upper()
    if country and country not in COUNTRIES:
        errors.append(f"unknown country: {country!r} (SY or IQ)")
        return ""
    return country


@dataclass
class EventFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    actor: str = ""
    country: str = ""
    place_id: int | None = None
    include_unverified: bool = True
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> EventFilter:
        q = request.GET
        f = cls(include_unverified=settings.MAP_SHOW_UNVERIFIED or request.user.is_staff)
        f.date_from = date_param(q, "from", f.errors)
        f.date_to = date_param(q, "to", f.errors)
        kinds = [k for value in q.getlist("kind") for k in value.split(",") if k]
        f.kinds = tuple(k for k in kinds if k in EVENT_KINDS)
        f.errors += [f"unknown kind: {k!r}" for k in kinds if k not in EVENT_KINDS]
        f.actor = q.get("actor", "").strip()[:100]
        f.country = country_param(q, f.errors)
        if q.get("place", "").isdigit():
            f.place_id = int(q["place"])
        return f

    def apply(self, qs: QuerySet[Event]) -> QuerySet[Event]:
        """Events matching the filter: never rejected ones, and only verified or edited ones
        when unverified events are hidden (``MAP_SHOW_UNVERIFIED`` off, anonymous reader)."""
        qs = qs.exclude(status=Status.REJECTED).filter(lat__isnull=False, lon__isnull=False)
        if not self.include_unverified:
            qs = qs.filter(status__in=(Status.VERIFIED, Status.EDITED))
        if self.date_from:
            qs = qs.filter(date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(date__lte=self.date_to)
        if self.kinds:
            qs = qs.filter(kind__in=self.kinds)
        if self.actor:  # the two sides (associated actors would need DISTINCT over every row)
            qs = qs.filter(Q(actor1__name=self.actor) | Q(actor2__name=self.actor))
        if self.country:
            qs = qs.filter(place__country=self.country)
        if self.place_id:
            qs = qs.filter(place_id=self.place_id)
        return qs

    def query(self, **extra) -> str:
        """This filter as a query string (for links between pages and to the APIs)."""
        params: list[tuple[str, str]] = []
        if self.date_from:
            params.append(("from", self.date_from.isoformat()))
        if self.date_to:
            params.append(("to", self.date_to.isoformat()))
        params += [("kind", k) for k in self.kinds]
        if self.actor:
            params.append(("actor", self.actor))
        if self.country:
            params.append(("country", self.country))
        if self.place_id:
            params.append(("place", str(self.place_id)))
        params += [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
        return urlencode(params)
