"""Every filter and ordering of the maps, the APIs and the admin has an index whose leading
columns match it, on SQLite and PostgreSQL alike (read back from the database itself)."""

from __future__ import annotations

import pytest
from django.db import connection

from events.models import ControlAssertion, Event, Report
from gazetteer.models import Place, PlaceName

pytestmark = pytest.mark.django_db

#: (model, leading columns of an index) — what filters and sorts on.
NEEDED = [
    (Event, ["date"]),  # ?from= &to=, the admin's date hierarchy
    (Event, ["date", "id"]),  # lists newest first (ordering -date, -id)
    (Event, ["kind", "date"]),  # ?kind= with dates
    (Event, ["status", "date"]),  # reviewed only, the admin's status filter
    (Event, ["place_id", "date"]),  # a place's popup, newest first
    (Event, ["actor1_id"]),  # ?actor=
    (Event, ["actor2_id"]),
    (Event, ["lat", "lon"]),  # the events of a point without a place
    (Event, ["report_id"]),  # a report's events
    (Event, ["fingerprint"]),  # re-parsing
    (Event, ["dataset", "dataset_id"]),  # re-imports of ACLED and UCDP files (issue 15), the admin's filter
    (ControlAssertion, ["place_id", "date"]),  # control as of a date (window per place)
    (ControlAssertion, ["date"]),  # dates with data, as-of filters
    (ControlAssertion, ["status"]),
    (ControlAssertion, ["source", "date"]),  # re-imports of a source, the admin's filter
    (Place, ["country", "kind"]),
    (Place, ["country"]),
    (Place, ["kind"]),
    (Place, ["source"]),
    (Place, ["admin1"]),
    (PlaceName, ["key"]),  # the geocoder's look-ups
    (Report, ["published"]),
    (Report, ["outlet"]),
    (Report, ["content_hash"]),  # idempotent ingest
]


def leading_columns(model) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [c["columns"] for c in constraints.values() if c["index"] or c["unique"] or c["primary_key"]]


@pytest.mark.parametrize("model,columns", NEEDED, ids=[f"{m.__name__}.{'+'.join(c)}" for m, c in NEEDED])
def test_an_index_leads_with_the_filtered_columns(model, columns):
    indexes = leading_columns(model)
    assert any(cols[: len(columns)] == columns for cols in indexes), (
        f"{model.__name__}: no index on {columns}; have {indexes}"
    )
