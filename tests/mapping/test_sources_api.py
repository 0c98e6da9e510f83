"""Issue 13: each event's sources and outlets in the APIs, and the "single source" filter."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from events.ingest import ingest_text
from tests.events.conftest import tiny_gazetteer  # noqa: F401 (a fixture)

PUBLISHED = dt.date(2018, 5, 15)
FIRST = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."
SECOND = "نیروهای سوریه دموکراتیک دیروز روستای باغوز تحتانی را آزاد کردند و داعش عقب نشست."
OTHER = "یک خودروی بمب‌گذاری شده روز یکشنبه در شهر طبقه منفجر شد."

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(tiny_gazetteer):  # noqa: F811
    ingest_text(FIRST, published=PUBLISHED, outlet="Outlet A")
    ingest_text(SECOND, published=PUBLISHED, outlet="Outlet B")
    ingest_text(OTHER, published=PUBLISHED, outlet="Outlet C")


def features(client, **params):
    response = client.get(reverse("mapping:api-events-geojson"), params)
    return json.loads(b"".join(response.streaming_content))["features"]


def test_geojson_carries_sources_and_outlets(client, reports):
    by_kind = {f["properties"]["kind"]: f["properties"] for f in features(client)}
    capture = by_kind["capture_or_liberation"]
    assert capture["sources"] == 2 and capture["outlets"] == ["Outlet A", "Outlet B"]
    assert all(p["sources"] == 1 for k, p in by_kind.items() if k != "capture_or_liberation")


def test_single_source_filter(client, reports):
    single = features(client, single="1")
    assert single and all(f["properties"]["sources"] == 1 for f in single)
    assert len(single) == len(features(client)) - 1


def test_csv_ends_with_sources_and_outlets(client, reports):
    response = client.get(reverse("mapping:api-events-csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {
        (r["sources"], r["outlets"]) for r in rows if r["sub_event_type"] == "Non-state actor overtakes territory"
    } == {("2", "Outlet A; Outlet B")}


def test_the_popup_list_names_the_outlets(client, reports):
    from gazetteer.models import Place

    place = Place.objects.get(name="Baghuz Tahtani")
    data = client.get(reverse("mapping:api-events-list"), {"place": place.pk}).json()
    capture = next(e for e in data["events"] if e["kind"] == "capture_or_liberation")
    assert capture["sources"] == 2 and capture["outlets"] == ["Outlet A", "Outlet B"]
