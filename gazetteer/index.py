"""The in-memory name index behind the geocoder and the pipeline: plain Python and numpy, no
Django, so the pipeline and the ranking tests build one from plain records with
`GazetteerIndex.from_records()`. The process-wide index built from the database lives in
`gazetteer.live`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from lib.text import bare_key, name_key, script_of, skeleton_key

#: Keys shorter than this are never matched fuzzily (too many near-misses among short names).
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    id: int
    name: str
    kind: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int
    source: str = ""  # the source that created the place ("core" = the curated list)


@dataclass(slots=True)
class GazetteerIndex:
    places: dict[int, PlaceRecord]
    #: name key → ((place id, matched name), ...)
    exact: dict[str, tuple[tuple[int, str], ...]]
    #: article-free key → ((place id, matched name), ...)
    bare: dict[str, tuple[tuple[int, str], ...]]
    #: transliteration skeleton (`lib.text.skeleton_key`) → ((place id, matched name), ...): the
    #: English spellings the gazetteer lacks meet the Arabic or English names it has
    skeleton: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    #: keys of at least FUZZY_MIN_LENGTH characters by (length, first letter) and by
    #: (length, last letter), for the fuzzy tier
    fuzzy_buckets: dict[tuple[int, str, str], list[str]] = field(default_factory=dict)
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lat_rad: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lon_rad: np.ndarray = field(default_factory=lambda: np.zeros(0))
    built_in: float = 0.0
    #: fuzzy look-ups already made (`ranking.fuzzy_keys`): reports name the same places again and
    #: again (a copy of the index with other fuzzy buckets needs an empty one of its own)
    fuzzy_seen: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    @classmethod
    def from_records(cls, places: list[PlaceRecord], names: list[tuple[int, str]]) -> GazetteerIndex:
        """Build from place records and (place id, name) pairs. Each place's display name is
        indexed too, so a place with no other names can still be found."""
        started = time.perf_counter()
        by_id = {p.id: p for p in places}
        exact: dict[str, dict[int, str]] = {}
        bare: dict[str, dict[int, str]] = {}
        skeleton: dict[str, dict[tuple[int, str], str]] = {}
        pairs = [(p.id, p.name) for p in places] + [(pid, n) for pid, n in names if pid in by_id]
        for pid, name in pairs:
            key = name_key(name)
            if not key:
                continue
            exact.setdefault(key, {}).setdefault(pid, name)
            bkey = bare_key(name)
            if bkey and len(bkey) >= 2:
                bare.setdefault(bkey, {}).setdefault(pid, name)
            skey = "" if is_code(name) else skeleton_key(name)
            if skey:  # one name per place and script: an Arabic spelling and an English one
                skeleton.setdefault(skey, {}).setdefault((pid, script_of(name)), name)
        ids = np.fromiter(by_id.keys(), dtype=np.int64, count=len(by_id))
        lat = np.radians(np.array([by_id[i].lat for i in by_id], dtype=np.float64))
        lon = np.radians(np.array([by_id[i].lon for i in by_id], dtype=np.float64))
        index = cls(
            places=by_id,
            exact={k: tuple(v.items()) for k, v in exact.items()},
            bare={k: tuple(v.items()) for k, v in bare.items()},
            skeleton={k: tuple((pid, name) for (pid, _), name in v.items()) for k, v in skeleton.items()},
            fuzzy_buckets=_buckets(k for k in exact if len(k) >= FUZZY_MIN_LENGTH),
            ids=ids,
            lat_rad=lat,
            lon_rad=lon,
        )
        index.built_in = time.perf_counter() - started
        return index

    def __len__(self) -> int:
        return len(self.places)

    def nearest(
        self, lat: float, lon: float, *, limit: int = 1, kinds: frozenset[str] | None = None
    ) -> list[tuple[PlaceRecord, float]]:
        """Places nearest to a point, with their distance in km (haversine)."""
        if not len(self.ids):
            return []
        phi, lam = np.radians(lat), np.radians(lon)
        a = (
            np.sin((self.lat_rad - phi) / 2) ** 2
            + np.cos(phi) * np.cos(self.lat_rad) * np.sin((self.lon_rad - lam) / 2) ** 2
        )
        dist = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        order = np.argsort(dist, kind="stable")
        out = []
        for i in order:
            place = self.places[int(self.ids[i])]
            if kinds and place.kind not in kinds:
                continue
            out.append((place, float(dist[i])))
            if len(out) >= limit:
                break
        return out


def _buckets(keys: Iterable[str]) -> dict[tuple[int, str, str], list[str]]:
    out: dict[tuple[int, str, str], list[str]] = {}
    for key in sorted(keys):
        out.setdefault((len(key), "first", key[0]), []).append(key)
        out.setdefault((len(key), "last", key[-1]), []).append(key)
    return out


def is_code(name: str) -> bool:
    """An airport or agency code (`QSW`, `ORAB`, `KRI`): found as written, never by its consonant
    skeleton, which two- and three-letter codes share with ordinary words (`Axes`, `Osama`)."""
    return len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper()
