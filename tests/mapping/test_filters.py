"""mapping.filters: the query-string forms of the map pages and APIs. Valid values, malformed
ones (dropped, reported, the rest kept), defaults; and what the event filter selects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import QueryDict
from django.test import RequestFactory

from events.models import Event
from mapping.filters import (
    ACTOR_CHARS,
    ChangesForm,
    ControlForm,
    CountryForm,
    EventFilter,
    EventFilterForm,
    PointForm,
)

from .conftest import D1, D2


def q(query: str) -> QueryDict:
    return QueryDict(query)


def event_filter(query: str, *, include_unverified: bool = True) -> EventFilter:
    return EventFilterForm(q(query)).event_filter(include_unverified=include_unverified)


# --- the event filter form ----------------------------------------------------------------------


def test_an_empty_query_filters_nothing():
    f = event_filter("")
    assert f == EventFilter()
    assert f.errors == [] and f.query() == ""


def test_every_parameter_is_read():
    f = event_filter("from=2017-01-01&to=2017-11-01&kind=battle&kind=siege&actor=ISIS&country=sy&place=12")
    assert (f.date_from, f.date_to) == (D1, D2)
    assert f.kinds == ("battle", "siege") and f.actor == "ISIS" and f.country == "SY" and f.place_id == 12
    assert f.errors == []


def test_a_filter_writes_itself_back_as_the_same_query():
    query = "from=2017-01-01&to=2017-11-01&kind=battle&kind=siege&actor=ISIS&country=SY&place=12"
    assert event_filter(query).query() == query
    assert event_filter(query).query(page=2, empty="", none=None) == query + "&page=2"


@pytest.mark.parametrize(
    "value,date",
    [
        ("2017-03-09", dt.date(2017, 3, 9)),
        ("2017-03", dt.date(2017, 3, 1)),  # a month means its first day
        ("2017", dt.date(2017, 1, 1)),  # a year too
        ("  2017-03-09 ", dt.date(2017, 3, 9)),  # spaces around are ignored
        ("", None),
    ],
)
def test_dates_are_iso_days_months_or_years(value, date):
    f = event_filter(f"from={value}")
    assert f.date_from == date and f.errors == []


def test_a_malformed_date_is_dropped_and_reported_and_the_rest_kept():
    f = event_filter("from=yesterday&to=2017-13-01&kind=battle")
    assert f.date_from is None and f.date_to is None and f.kinds == ("battle",)
    assert f.errors == ["not a date: 'yesterday' (use YYYY-MM-DD)", "not a date: '2017-13-01' (use YYYY-MM-DD)"]


def test_kinds_may_be_repeated_or_comma_separated_and_unknown_ones_are_reported_one_by_one():
    f = event_filter("kind=battle,siege&kind=nonsense,&kind=other&kind=bad")
    assert f.kinds == ("battle", "siege", "other")
    assert f.errors == ["unknown kind: 'nonsense'", "unknown kind: 'bad'"]


def test_a_country_is_read_in_any_case_and_an_unknown_one_is_reported():
    assert event_filter("country= iq ").country == "IQ"
    f = event_filter("country=af")
    assert f.country == "" and f.errors == ["unknown country: 'AF' (SY or IQ)"]


def test_an_actor_is_trimmed_and_cut():
    assert event_filter("actor=%20SDF%20").actor == "SDF"
    assert event_filter("actor=" + "x" * 500).actor == "x" * ACTOR_CHARS


@pytest.mark.parametrize("value", ["abc", "-3", "1.5", "²", ""])
def test_a_place_that_is_not_an_id_is_ignored_silently(value):
    f = event_filter(f"place={value}")
    assert f.place_id is None and f.errors == []


def test_errors_come_in_the_order_of_the_parameters():
    f = event_filter("country=xx&kind=nope&from=never")
    assert f.errors == [
        "not a date: 'never' (use YYYY-MM-DD)",
        "unknown kind: 'nope'",
        "unknown country: 'XX' (SY or IQ)",
    ]


def test_hostile_values_are_reported_as_given_for_the_template_to_escape():
    f = event_filter("from=%3Cscript%3E")
    assert f.errors == ["not a date: '<script>' (use YYYY-MM-DD)"]


# --- who sees unverified events -----------------------------------------------------------------


@pytest.mark.parametrize(
    "show,staff,expected", [(True, False, True), (False, False, False), (False, True, True), (True, True, True)]
)
def test_unverified_events_are_shown_to_everyone_with_the_setting_else_to_staff(settings, show, staff, expected):
    settings.MAP_SHOW_UNVERIFIED = show
    request = RequestFactory().get("/map/events/", {"kind": "battle"})
    request.user = User(username="reviewer", is_staff=True) if staff else AnonymousUser()
    f = EventFilter.from_request(request)
    assert f.include_unverified is expected and f.kinds == ("battle",)
    assert EventFilter.for_reader(request) == EventFilter(include_unverified=expected)


@pytest.mark.django_db
def test_the_filter_selects_what_it_says(world):
    everything = Event.objects.all()
    assert event_filter("").apply(everything).count() == 4  # never rejected events
    assert event_filter("", include_unverified=False).apply(everything).count() == 1  # the verified battle
    assert event_filter("kind=battle&country=SY").apply(everything).count() == 2
    assert event_filter("actor=Iraqi Security Forces").apply(everything).count() == 1
    assert event_filter(f"from={D2}&to={D2}").apply(everything).count() == 1
    raqqa = world["places"]["Raqqa"].pk
    assert event_filter(f"place={raqqa}").apply(everything).count() == 3


# --- the control, changes and timeline forms ----------------------------------------------------

DATES = [D1, D2, dt.date.today() + dt.timedelta(days=400)]  # a future date is never the default


def test_control_defaults_to_the_latest_date_with_data_up_to_today():
    form = ControlForm(q(""), dates=DATES)
    assert form.value("date") == D2 and form.value("country") == "" and form.messages == []


def test_control_reads_its_date_and_country():
    form = ControlForm(q(f"date={D1}&country=sy"), dates=DATES)
    assert (form.value("date"), form.value("country")) == (D1, "SY") and form.is_valid()


def test_control_with_a_malformed_date_shows_the_default_and_says_why():
    form = ControlForm(q("date=soon&country=XX"), dates=DATES)
    assert form.value("date") == D2 and form.value("country") == ""
    assert form.messages == ["not a date: 'soon' (use YYYY-MM-DD)", "unknown country: 'XX' (SY or IQ)"]


def test_control_without_data_opens_on_today():
    assert ControlForm(q(""), dates=[]).value("date") == dt.date.today()


def test_changes_default_to_the_last_two_dates_with_data():
    form = ChangesForm(q(""), dates=[D1, D2])
    assert (form.value("date_from"), form.value("date_to")) == (D1, D2) and form.messages == []


def test_changes_from_the_date_before_the_one_asked_for():
    middle = dt.date(2017, 6, 1)
    form = ChangesForm(q("to=2017-11-01"), dates=[D1, middle, D2])
    assert (form.value("date_from"), form.value("date_to")) == (middle, D2)
    form = ChangesForm(q("to=2017-01-01"), dates=[D1, D2])  # nothing earlier: one date, no change
    assert (form.value("date_from"), form.value("date_to")) == (D1, D1)


def test_changes_swap_dates_given_the_wrong_way_round_and_say_so():
    form = ChangesForm(q(f"from={D2}&to={D1}"), dates=[D1, D2])
    assert (form.value("date_from"), form.value("date_to")) == (D1, D2)
    assert form.messages == ["“from” is after “to”: swapped"]


def test_changes_with_malformed_dates_fall_back_to_the_defaults():
    form = ChangesForm(q("from=x&to=y"), dates=[D1, D2])
    assert (form.value("date_from"), form.value("date_to")) == (D1, D2)
    assert form.messages == ["not a date: 'x' (use YYYY-MM-DD)", "not a date: 'y' (use YYYY-MM-DD)"]


def test_the_timeline_reads_only_a_country():
    assert CountryForm(q("country=sy&date=whatever")).value("country") == "SY"
    form = CountryForm(q("country=Syria"))
    assert form.value("country") == "" and form.messages == ["unknown country: 'SYRIA' (SY or IQ)"]


def test_a_point_needs_both_coordinates_as_finite_numbers():
    point = PointForm(q("lat=35.95&lon=39.01"))
    assert point.is_valid() and (point.value("lat"), point.value("lon")) == (35.95, 39.01)
    for query in ("lat=35.95", "lat=x&lon=39", "lat=nan&lon=39", ""):
        assert not PointForm(q(query)).is_valid(), query
