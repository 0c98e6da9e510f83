"""Snapshots of control and rendered control maps are computed once and cached, in the memory
cache by default and in Redis when REDIS_URL is set; a change to control data makes the next
request compute them again (the keys carry the data's version), in every process at once.

The Redis case runs against a local server (TEST_REDIS_URL, default redis://127.0.0.1:6379/0)
and skips with a reason when none answers. It uses a key prefix of its own and deletes only its
own keys (never FLUSHDB: the server may be shared)."""

from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlparse

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from events.models import Actor, ControlAssertion
from mapping import snapshots

from .conftest import D2

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            pass
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except (OSError, ImportError) as exc:  # redis.exceptions.ConnectionError is an OSError too
        print(f"Redis at {url}: {exc}")
        return False


@pytest.fixture(params=["locmem", "redis"])
def backend(request, _empty_cache):
    """The cache the app uses during the test: the default memory cache, or Redis."""
    if request.param == "locmem":
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "scale-test"}}
        ):
            yield None
        return
    if not redis_reachable(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL} (set TEST_REDIS_URL to use one)")
    import redis

    prefix = f"cm-test-{uuid.uuid4().hex[:12]}"
    raw = redis.Redis.from_url(REDIS_URL)
    try:
        with override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": REDIS_URL,
                    "KEY_PREFIX": prefix,
                }
            }
        ):
            yield {"prefix": prefix, "raw": raw}
    finally:
        for key in raw.scan_iter(f"{prefix}:*"):
            raw.delete(key)


@pytest.fixture
def computations(monkeypatch):
    """The dates for which a snapshot was computed (not read from the cache)."""
    calls: list = []
    real = snapshots.compute

    def counting(date, country=""):
        calls.append((date, country))
        return real(date, country)

    monkeypatch.setattr(snapshots, "compute", counting)
    return calls


def holder_of(client, place_id: int) -> str:
    data = client.get("/api/control.geojson").json()
    return next(
        f["properties"]["holder"]
        for f in data["features"]
        if f["properties"]["layer"] == "place" and f["id"] == place_id
    )


def test_a_snapshot_is_computed_once_and_a_control_change_recomputes_it(client, world, backend, computations):
    world.grow(4)
    place = world.last_place
    before = holder_of(client, place.pk)
    assert client.get("/map/control/").status_code == 200
    assert computations == [(D2, "")]  # the API and the page share one snapshot

    for _ in range(3):
        assert client.get("/map/control/").status_code == 200
        assert holder_of(client, place.pk) == before
    assert computations == [(D2, "")], "a cached snapshot was computed again"

    if backend is not None:  # it is in Redis, readable by any other process
        keys = {k.decode() for k in backend["raw"].scan_iter(f"{backend['prefix']}:*")}
        assert (
            any(":cm:snapshot:" in k for k in keys)
            and any(":cm:control-page:" in k for k in keys)
            and any(":cm:api-control:" in k for k in keys)
        ), keys
        other_process = RedisCache(REDIS_URL, {"KEY_PREFIX": backend["prefix"]})
        shared = other_process.get(snapshots.cache_key("snapshot", D2.isoformat(), ""))
        assert isinstance(shared, snapshots.Snapshot) and len(shared.states) == world.size

    # A new assertion (a report says the place changed hands): the next request recomputes.
    new_holder = Actor.objects.exclude(name=before).get(name="Turkey")
    assertion = ControlAssertion.objects.create(
        place=place, holder=new_holder, date=D2, source="manual", status="verified", confidence=1
    )
    assert holder_of(client, place.pk) == "Turkey"
    assert len(computations) == 2
    assert "Turkey" in client.get("/map/control/").content.decode()
    assert len(computations) == 2

    # An edit in the admin (save) and a rejection (queryset update) recompute too.
    assertion.holder = Actor.objects.get(name="HTS")
    assertion.save()
    assert holder_of(client, place.pk) == "HTS"
    ControlAssertion.objects.filter(pk=assertion.pk).update(status="rejected")
    assert holder_of(client, place.pk) == before
    assert len(computations) == 4
