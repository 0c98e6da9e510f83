"""The process-wide gazetteer index, built from the database.

Built once per process (about 1-2 s for the 33k places of Who's On First) and rebuilt when the
gazetteer changes: at once after an edit or a load in this process (`mark_stale`), and within
GAZETTEER_INDEX_TTL seconds after a change made by another process.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Count, Max

from .index import GazetteerIndex, PlaceRecord
from .models import Place, PlaceName

_lock = threading.Lock()
_state: dict = {"index": None, "fingerprint": None, "checked_at": 0.0}


def index_from_db() -> GazetteerIndex:
    """A new index of every place and name in the database."""
    started = time.perf_counter()
    places = [
        PlaceRecord(pid, name, kind, country, admin1, admin2, lat, lon, population or 0, source)
        for pid, name, kind, country, admin1, admin2, lat, lon, population, source in Place.objects.values_list(
            "id", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "source"
        ).iterator(chunk_size=5000)
    ]
    names = list(PlaceName.objects.values_list("place_id", "name").iterator(chunk_size=20000))
    index = GazetteerIndex.from_records(places, names)
    index.built_in = time.perf_counter() - started
    return index


def _fingerprint() -> tuple:
    p = Place.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    n = PlaceName.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (p["n"], p["t"], n["n"], n["t"])


def get_index() -> GazetteerIndex:
    """The current index, rebuilt if the gazetteer changed."""
    now = time.monotonic()
    index = _state["index"]
    if index is not None and now - _state["checked_at"] < settings.GAZETTEER_INDEX_TTL:
        return index
    with _lock:
        fingerprint = _fingerprint()
        if _state["index"] is None or fingerprint != _state["fingerprint"]:
            _state["index"] = index_from_db()
            _state["fingerprint"] = fingerprint
        _state["checked_at"] = time.monotonic()
        return _state["index"]


def mark_stale() -> None:
    """Drop the index; the next look-up rebuilds it (called after edits and loads)."""
    with _lock:
        _state["index"] = None
        _state["fingerprint"] = None
        _state["checked_at"] = 0.0
