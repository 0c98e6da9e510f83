"""No query per row: every map page and API runs the same number of queries whatever the size
of the data, below a fixed bound (for readers and for staff, with the cache cold)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import D1, D2

pytestmark = pytest.mark.django_db

#: path → the most queries it may run with a cold cache and with a warm one (anonymous reader).
#: The pages of control (cached by data version) run a handful once their maps are cached:
#: the dates with data, the data versions (one query each for control, boundaries and actors per
#: cached item), nothing per place or per event.
PAGES = {
    "/": (23, 13),
    "/map/events/": (3, 3),
    f"/map/events/?from={D1}&to={D2}&kind=battle&actor=ISIS&country=SY": (3, 3),
    "/map/control/": (17, 7),
    f"/map/control/?date={D1}&country=SY": (17, 7),
    # The change dates (issue 14): one query for every place's holder timeline, cached under the
    # control version (one more query on the changes page, which also lists the dates with data).
    f"/map/changes/?from={D1}&to={D2}": (31, 9),
    "/map/timeline/": (22, 11),  # one snapshot per frame (at most 48 frames), never per place
    "/api/events.geojson": (2, 2),
    "/api/events.geojson?kind=battle&actor=SDF&country=IQ": (2, 2),
    "/api/events.csv": (3, 3),
    "/api/events/points.json": (2, 2),
    "/api/events/points.json?actor=ISIS": (2, 2),
    "/api/control.geojson": (11, 4),
    f"/api/frontlines.geojson?date={D1}": (10, 3),
    f"/api/changes/map.json?from={D1}&to={D2}": (28, 5),  # the changes page's layers, as it computes them
    "/api/timeline/map.json": (19, 3),  # one snapshot per frame, never per place
}


def count(client, path: str, *, warm: bool = False) -> int:
    if not warm:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)  # the streamed rows are read here
    return len(ctx.captured_queries)


def _queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    return "\n".join(q["sql"][:300] for q in ctx.captured_queries)


def test_pages_and_apis_run_a_fixed_number_of_queries(client, world):
    """All pages in one world (built once: this test is about counts, not isolation)."""
    for path in PAGES:
        count(client, path)  # warm the per-process caches (outlines of the basemap, the geocoder)
    small = {path: count(client, path) for path in PAGES}
    world.grow(12)
    problems = []
    for path, (cold, warm) in PAGES.items():
        large = count(client, path)
        if large > small[path]:
            problems.append(f"{path}: {small[path]} queries with 2 places, {large} with 14:\n{_queries(client, path)}")
        if large > cold:
            problems.append(
                f"{path}: {large} queries with a cold cache, at most {cold} expected:\n{_queries(client, path)}"
            )
        again = count(client, path, warm=True)
        if again > warm:
            problems.append(f"{path}: {again} queries with a warm cache, at most {warm} expected")
    assert not problems, "\n\n".join(problems)


def test_popups_and_report_page(client, world, django_assert_max_num_queries):
    place, report = world.last_place, world.last_report
    paths = [
        f"/api/events/list.json?place={place.pk}",
        f"/api/events/list.json?lat={place.lat + 0.01}&lon={place.lon + 0.01}",
        f"/reports/{report.pk}/",
    ]
    [count(client, p) for p in paths]
    small = [count(client, p) for p in paths]
    world.grow(6)
    # the newest place and report now have as many rows as before; a report of many events:
    place, report = world.last_place, world.last_report
    paths = [
        f"/api/events/list.json?place={place.pk}",
        f"/api/events/list.json?lat={place.lat + 0.01}&lon={place.lon + 0.01}",
        f"/reports/{report.pk}/",
    ]
    with django_assert_max_num_queries(12):
        large = [count(client, p) for p in paths[:2]]
    assert large == small[:2]
    from events.models import Event

    Event.objects.filter(report__in=[e.report_id for e in Event.objects.all()]).update(report=report)
    with django_assert_max_num_queries(12):
        assert count(client, paths[2]) <= small[2]


def test_staff_see_the_same_numbers_of_queries(admin_client, world, django_assert_max_num_queries):
    for path in (
        "/map/events/",
        "/api/events/points.json",
        "/api/events.geojson",
        f"/api/events/list.json?place={world.last_place.pk}",
    ):
        count(admin_client, path)
        small = count(admin_client, path)
        world.grow(5)
        with django_assert_max_num_queries(small):
            count(admin_client, path)


ADMIN_LISTS = [
    "/admin/events/event/",
    "/admin/events/event/?status__exact=extracted&kind__exact=battle",
    "/admin/events/controlassertion/",
    "/admin/events/controlassertion/?source=import",
    "/admin/events/report/",
    "/admin/gazetteer/place/",
    "/admin/gazetteer/place/?country__exact=SY&kind__exact=town",
]


def test_admin_lists_run_a_fixed_number_of_queries(admin_client, world):
    for path in ADMIN_LISTS:
        count(admin_client, path)
    small = {path: count(admin_client, path) for path in ADMIN_LISTS}
    world.grow(12)
    problems = []
    for path in ADMIN_LISTS:
        large = count(admin_client, path)
        if large > small[path] + 1:
            problems.append(
                f"{path}: {small[path]} queries with 2 places, {large} with 14:\n{_queries(admin_client, path)}"
            )
    assert not problems, "\n\n".join(problems)
