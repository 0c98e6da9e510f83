"""Query-string filters of the map pages and APIs, as Django forms, so every map has a shareable URL.

The parameters: ``from``, ``to`` and ``date`` (YYYY-MM-DD; YYYY-MM and YYYY mean the first day),
``kind`` (repeatable, or comma-separated), ``actor``, ``country`` (SY or IQ, any case; empty for
both) and ``place`` (a place id); the popup list also takes ``lat`` and ``lon``.

A filter form never fails a page: a malformed value is dropped (its field falls back to its
default) and reported in ``messages`` (pages show them; APIs answer 400 with them), so a
hand-edited URL still gives a map. ``EventFilter`` is what a valid event filter means: it filters
a queryset and writes itself back as a query string.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

from events.models import Event, Status
from events.pipeline.labels import EVENT_KINDS
from gazetteer.kinds import COUNTRIES

from .snapshots import latest_date

#: Longer actor names are cut (no actor's name comes near).
ACTOR_CHARS = 100


# --- fields -------------------------------------------------------------------------------------


class _Lenient(forms.Field):
    """A field of a query string: optional, and able to say what to use when its value is bad."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def salvage(self, data: Any) -> Any:
        """The value to use when ``data`` does not clean: the field's empty value."""
        return self.to_python(None)


class DateParam(_Lenient, forms.DateField):
    """An ISO date; YYYY-MM and YYYY mean the first day."""

    input_formats = ["%Y-%m-%d", "%Y-%m", "%Y"]

    def to_python(self, value: Any) -> dt.date | None:
        try:
            date: dt.date | None = super().to_python(value)
        except ValidationError:
            raise ValidationError(
                "not a date: %(value)r (use YYYY-MM-DD)", code="invalid", params={"value": str(value).strip()}
            ) from None
        return date


class CountryParam(_Lenient, forms.CharField):
    """A country code of ``COUNTRIES`` in any case, or "" for all of them."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()

    def validate(self, value: Any) -> None:
        if value and value not in COUNTRIES:
            raise ValidationError(
                "unknown country: %(value)r (%(known)s)",
                code="invalid_choice",
                params={"value": value, "known": " or ".join(COUNTRIES)},
            )
        super().validate(value)


class KindsParam(_Lenient):
    """Event kinds, from repeated parameters and comma-separated lists; an unknown kind is one
    error each, and the known ones are kept."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [k for v in values for k in str(v).split(",") if k]

    def validate(self, value: Any) -> None:
        unknown = [k for k in value if k not in EVENT_KINDS]
        if unknown:
            raise ValidationError(
                [ValidationError("unknown kind: %(kind)r", code="invalid_choice", params={"kind": k}) for k in unknown]
            )

    def salvage(self, data: Any) -> list[str]:
        return [k for k in self.to_python(data) if k in EVENT_KINDS]


class ActorParam(_Lenient, forms.CharField):
    """An actor's name, trimmed and cut to ``ACTOR_CHARS``."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value))[:ACTOR_CHARS]


class PlaceParam(_Lenient):
    """A place id: digits; anything else means no place (silently, as a missing one)."""

    def to_python(self, value: Any) -> int | None:
        return int(value) if isinstance(value, str) and value.isdecimal() else None


# --- forms --------------------------------------------------------------------------------------


class QueryForm(forms.Form):
    """A form over a query string that never fails: see the module's docstring."""

    #: Query-string names of fields whose Python names differ ("from" is a keyword).
    params: ClassVar[dict[str, str]] = {}

    def add_prefix(self, field_name: str) -> str:
        return self.params.get(field_name, super().add_prefix(field_name))

    def value(self, name: str) -> Any:
        """The cleaned value of field ``name``, or its fallback when the value was bad."""
        if self.is_valid() or name in self.cleaned_data:
            return self.cleaned_data[name]
        field = self.fields[name]
        return field.salvage(self[name].data) if isinstance(field, _Lenient) else None

    @property
    def messages(self) -> list[str]:
        """What was wrong, field by field in the form's order, then the form's own remarks."""
        errors = self.errors
        return [str(m) for name in (*self.fields, NON_FIELD_ERRORS) for m in errors.get(name, [])]


class CountryForm(QueryForm):
    """``country``: the timeline's one filter, and every other form's."""

    country = CountryParam()


class ControlForm(CountryForm):
    """The control map and the control APIs: ``date`` (default: ``latest_date(dates)``)."""

    date = DateParam()
    field_order = ["date", "country"]

    def __init__(self, data: QueryDict, *, dates: list[dt.date] | None = None) -> None:
        super().__init__(data)
        self.dates = dates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("date"):  # absent or malformed
            cleaned["date"] = latest_date(self.dates)
        return cleaned


class ChangesForm(CountryForm):
    """The changes map: ``from`` and ``to``, by default the last two dates with data before
    ``to`` (the latest date); swapped, with a remark, when ``from`` is after ``to``."""

    params = {"date_from": "from", "date_to": "to"}
    date_from = DateParam()
    date_to = DateParam()
    field_order = ["date_from", "date_to", "country"]

    def __init__(self, data: QueryDict, *, dates: list[dt.date]) -> None:
        super().__init__(data)
        self.dates = dates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        date_to = cleaned.get("date_to") or latest_date(self.dates)
        earlier = [d for d in self.dates if d < date_to]
        date_from = cleaned.get("date_from") or (earlier[-1] if earlier else date_to)
        if date_from > date_to:
            self.add_error(None, "“from” is after “to”: swapped")
            date_from, date_to = date_to, date_from
        cleaned.update(date_from=date_from, date_to=date_to)
        return cleaned


class SingleSourceParam(_Lenient, forms.BooleanField):
    """``single=1``: only events that one report alone supports (issue 13)."""


class EventFilterForm(CountryForm):
    """The events map and the event APIs: ``from``, ``to``, ``kind``, ``actor``, ``country``,
    ``place``, ``single`` (single-source events only)."""

    params = {"date_from": "from", "date_to": "to", "kinds": "kind", "place_id": "place", "single_source": "single"}
    date_from = DateParam()
    date_to = DateParam()
    kinds = KindsParam()
    actor = ActorParam()
    place_id = PlaceParam()
    single_source = SingleSourceParam(label="single source")
    field_order = ["date_from", "date_to", "kinds", "actor", "country", "place_id", "single_source"]

    def event_filter(self, *, include_unverified: bool) -> EventFilter:
        return EventFilter(
            date_from=self.value("date_from"),
            date_to=self.value("date_to"),
            kinds=tuple(self.value("kinds")),
            actor=self.value("actor"),
            country=self.value("country"),
            place_id=self.value("place_id"),
            single_source=bool(self.value("single_source")),
            include_unverified=include_unverified,
            errors=self.messages,
        )


class PointForm(QueryForm):
    """``lat`` and ``lon`` of a point, both required (the events of an unnamed place)."""

    lat = forms.FloatField()
    lon = forms.FloatField()


# --- the event filter ---------------------------------------------------------------------------


def shows_unverified(request: HttpRequest) -> bool:
    """Whether the reader sees unverified events: everyone with ``MAP_SHOW_UNVERIFIED``, else staff."""
    return bool(settings.MAP_SHOW_UNVERIFIED or request.user.is_staff)


@dataclass
class EventFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    actor: str = ""
    country: str = ""
    place_id: int | None = None
    single_source: bool = False  # only events one report alone supports (issue 13)
    include_unverified: bool = True
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: HttpRequest) -> EventFilter:
        """The filter of a page or API request (its ``errors`` say what was dropped)."""
        return EventFilterForm(request.GET).event_filter(include_unverified=shows_unverified(request))

    @classmethod
    def for_reader(cls, request: HttpRequest) -> EventFilter:
        """No filter but the reader's: what ``request.user`` may see."""
        return cls(include_unverified=shows_unverified(request))

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
        if self.single_source:
            qs = qs.filter(sources=1)
        return qs

    def query(self, **extra: object) -> str:
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
        if self.single_source:
            params.append(("single", "1"))
        params += [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
        return urlencode(params)
