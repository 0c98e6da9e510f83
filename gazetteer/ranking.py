"""Candidate look-up and scoring for the geocoder.

A query is matched in three tiers, each tried only when the one before found nothing:

1. exact: the query's name key equals a name key of the place (`البو کمال` = `البوكمال`);
2. alias: the keys are equal once the Arabic article is dropped (`بوکمال` = `البوکمال`);
3. fuzzy: rapidfuzz ratio >= FUZZY_CUTOFF on keys of at least 6 characters, penalised
   (compared only with keys of a reachable length that share the first or the last letter).

Candidates are then scored by context:

    score = name_score                     1.0 exact, 0.9 alias, 0.75 * ratio for fuzzy
          + kind_term                      +0.35 if the kind is one the cue asks for, else -0.15;
                                           without a cue, a small prior for settlements
          + near_term                      up to +0.4, decaying with the distance (km) to the
                                           nearest place already resolved in the same report
          + population_term                up to +0.1 (log scale)

Places of the same kind closer than DUPLICATE_KM with the same matched key are one place
listed twice by the sources (Who's On First has Manbij twice); only the best is kept.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from lib.text import bare_key, name_key, script_of, skeleton_key

from .index import FUZZY_MIN_LENGTH, GazetteerIndex, PlaceRecord
from .kinds import LANDMARK_KINDS

FUZZY_CUTOFF = 88.0
FUZZY_LIMIT = 5
FUZZY_SEEN_MAX = 100_000  # fuzzy look-ups remembered per gazetteer index
DUPLICATE_KM = 3.0
KM_PER_DEGREE_LATITUDE = 110.5  # the least it is (at the equator): a safe bound for the prefilter
NEAR_SCALE_KM = 60.0

NAME_SCORES = {"exact": 1.0, "alias": 0.9, "skeleton": 0.7}
#: Skeleton matches score from SKELETON_FLOOR (a name in Arabic letters, or nothing alike) up to
#: SKELETON_FLOOR + SPELLING_WEIGHT (the same letters as the query).
SKELETON_FLOOR = 0.6
SPELLING_WEIGHT = 0.3
#: A skeleton match whose Latin name is this alike (`spelling_score`) is a spelling of it, not a
#: chance likeness (Beqin is not Buknah).
SURE_SPELLING = SKELETON_FLOOR + SPELLING_WEIGHT * 0.6**2
FUZZY_WEIGHT = 0.75
KIND_MATCH = 0.35
KIND_MISMATCH = -0.15
NEAR_WEIGHT = 0.4
POPULATION_WEIGHT = 0.1
#: Prior by kind when the text gives no cue: a bare name in a report is most often a town.
KIND_PRIOR = {
    "city": 0.06,
    "town": 0.05,
    "village": 0.04,
    "neighbourhood": 0.0,
    "governorate": 0.03,
    "country": 0.06,
    "district": 0.0,
    "region": 0.02,
    "river": 0.02,
    **dict.fromkeys(LANDMARK_KINDS, 0.01),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    place: PlaceRecord
    match: str  # the tier: exact, alias, fuzzy or skeleton
    matched_name: str
    name_score: float
    score: float
    distance_km: float | None  # to the nearest context point, when one was given

    def as_dict(self) -> dict[str, object]:
        p = self.place
        return {
            "place_id": p.id,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "admin1": p.admin1,
            "lat": p.lat,
            "lon": p.lon,
            "population": p.population,
            "match": self.match,
            "matched_name": self.matched_name,
            "score": round(self.score, 4),
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(a, 1.0)))


class NearPoints:
    """Points to measure many places against: `nearest_km(lat, lon)` is
    `min(haversine_km(lat, lon, la, lo) for la, lo in points)` to the last bit, found without
    measuring every point.

    The terms of `haversine_km` that depend on one point only are computed once, and the points
    are sorted by latitude: `a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)` is never below its first
    term, which grows with the difference in latitude, so the search walks out from the place's
    latitude and stops on each side where that term alone reaches the smallest `a` found. The
    distance grows with `a`: the smallest `a` gives the nearest point."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        rows = sorted((math.radians(lat), lon) for lat, lon in points)
        self.phis = [phi for phi, _ in rows]
        self.cosines = [math.cos(phi) for phi, _ in rows]
        self.lons = [lon for _, lon in rows]

    def __len__(self) -> int:
        return len(self.phis)

    def nearest_km(self, lat: float, lon: float) -> float:
        """The distance (km) from (lat, lon) to the nearest point (there is at least one)."""
        phi1 = math.radians(lat)
        cos1 = math.cos(phi1)
        phis, cosines, lons = self.phis, self.cosines, self.lons
        least = math.inf
        middle = bisect_left(phis, phi1)
        for side in (range(middle, len(phis)), range(middle - 1, -1, -1)):
            for i in side:
                first = math.sin((phis[i] - phi1) / 2) ** 2
                if first >= least:
                    break  # every point farther out on this side differs more in latitude
                a = first + cos1 * cosines[i] * math.sin(math.radians(lons[i] - lon) / 2) ** 2
                if a < least:
                    least = a
        return 2 * 6371.0088 * math.asin(math.sqrt(min(least, 1.0)))


def nearest_km(lat: float, lon: float, others: Sequence[tuple[float, float]] | np.ndarray) -> float:
    """The haversine distance (km) from (lat, lon) to the nearest of ``others`` (lat, lon pairs, or
    an (n, 2) float array of them made once for many calls; at least one), vectorised for many
    points."""
    if len(others) < 8:
        return min(haversine_km(lat, lon, la, lo) for la, lo in others)
    lats, lons = np.radians(np.asarray(others, dtype=float)).T
    phi, lam = math.radians(lat), math.radians(lon)
    a = np.sin((lats - phi) / 2) ** 2 + math.cos(phi) * np.cos(lats) * np.sin((lons - lam) / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0))).min())


def find_matches(index: GazetteerIndex, query: str) -> Iterator[tuple[str, list[tuple[int, str, float]]]]:
    """Yield, tier by tier, (tier, [(place id, matched name, name score), ...]): the exact name,
    the name without its article, a near spelling (fuzzy), and for Latin queries the
    transliteration skeleton (`Raqa` → Raqqa, `Dayr Az Zawr` → Deir ez-Zor)."""
    key = name_key(query)
    if not key:
        return
    hits = index.exact.get(key)
    if hits:
        yield "exact", [(pid, name, NAME_SCORES["exact"]) for pid, name in hits]
    hits = index.bare.get(bare_key(query))
    if hits:
        yield "alias", [(pid, name, NAME_SCORES["alias"]) for pid, name in hits]
    if len(key) >= FUZZY_MIN_LENGTH:
        fuzzy = [
            (pid, name, FUZZY_WEIGHT * ratio / 100.0)
            for fkey, ratio in fuzzy_keys(index, key)
            for pid, name in index.exact[fkey]
        ]
        if fuzzy:
            yield "fuzzy", fuzzy
    skey = skeleton_key(query) if query.isascii() else ""
    hits = index.skeleton.get(skey) if skey else None
    if hits:
        bare = bare_key(query)
        yield "skeleton", [(pid, name, spelling_score(bare, name)) for pid, name in hits]


def spelling_score(bare: str, name: str) -> float:
    """The name score of a skeleton match: SKELETON_FLOOR, raised the closer the matched name (if
    it is written in Latin letters) is to the query (`bare`: its `bare_key`), so that `Suwaidaa`
    takes As-Suwayda rather than Sidon (صيدا), and `Huwaija` Hawija rather than Hajiawa."""
    if not name.isascii() and script_of(name) != "latin":
        return SKELETON_FLOOR
    similarity = fuzz.ratio(bare, bare_key(name)) / 100.0
    return SKELETON_FLOOR + SPELLING_WEIGHT * similarity**2


def fuzzy_keys(index: GazetteerIndex, key: str) -> tuple[tuple[str, float], ...]:
    """Keys within FUZZY_CUTOFF of `key`, best first; remembered on the index (up to
    FUZZY_SEEN_MAX keys, then forgotten all at once).

    Only keys that can reach the cutoff are compared: a ratio r needs the lengths to satisfy
    |l1 - l2| <= (1 - r) (l1 + l2), and a near-miss spelling keeps the first or the last letter
    of the name (one slip cannot change both ends of a name of six letters or more)."""
    seen = index.fuzzy_seen.get(key)
    if seen is not None:
        return seen
    r = FUZZY_CUTOFF / 100.0
    n = len(key)
    shortest, longest = math.ceil(n * r / (2 - r)), math.floor(n * (2 - r) / r)
    best: dict[str, float] = {}
    for length in range(shortest, longest + 1):
        for end, letter in (("first", key[0]), ("last", key[-1])):
            bucket = index.fuzzy_buckets.get((length, end, letter))
            if bucket:
                for k, score, _ in process.extract(
                    key, bucket, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
                ):
                    best[k] = score
    best.pop(key, None)
    found = tuple(sorted(best.items(), key=lambda ks: (-ks[1], ks[0]))[:FUZZY_LIMIT])
    if len(index.fuzzy_seen) >= FUZZY_SEEN_MAX:
        index.fuzzy_seen.clear()
    index.fuzzy_seen[key] = found
    return found


def score_candidates(
    index: GazetteerIndex,
    tier: str,
    matches: Iterable[tuple[int, str, float]],
    *,
    country_codes: frozenset[str] | None = None,
    near: Sequence[tuple[float, float]] = (),
    kinds: frozenset[str] | None = None,
) -> list[Candidate]:
    """Score matches by context, drop duplicates, best first (ties broken by place id)."""
    scored: list[Candidate] = []
    points = NearPoints(near)
    for pid, matched, name_score in matches:
        place = index.places[pid]
        if country_codes and place.country not in country_codes:
            continue
        score = name_score
        if kinds:
            score += KIND_MATCH if place.kind in kinds else KIND_MISMATCH
        else:
            score += KIND_PRIOR.get(place.kind, 0.0)
        distance = None
        if points:
            distance = points.nearest_km(place.lat, place.lon)
            score += NEAR_WEIGHT * math.exp(-distance / NEAR_SCALE_KM)
        if place.population > 0:
            score += POPULATION_WEIGHT * min(math.log10(place.population + 1) / 7.0, 1.0)
        scored.append(Candidate(place, tier, matched, name_score, score, distance))
    scored.sort(key=lambda c: (-c.score, c.place.id))
    return _drop_duplicates(scored)


def _drop_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates less those of a kind already kept within DUPLICATE_KM (one place in two
    sources, or found by two of its names). Two points farther apart in latitude alone than
    DUPLICATE_KM are never compared."""
    kept: list[Candidate] = []
    ids: set[int] = set()
    degrees = DUPLICATE_KM / KM_PER_DEGREE_LATITUDE
    for cand in candidates:
        p = cand.place
        if p.id in ids or any(
            k.place.kind == p.kind
            and abs(k.place.lat - p.lat) < degrees
            and haversine_km(k.place.lat, k.place.lon, p.lat, p.lon) < DUPLICATE_KM
            for k in kept
        ):
            continue
        kept.append(cand)
        ids.add(p.id)
    return kept


def rank(
    index: GazetteerIndex,
    query: str,
    *,
    country_codes: frozenset[str] | None = None,
    near: Sequence[tuple[float, float]] = (),
    kinds: frozenset[str] | None = None,
) -> list[Candidate]:
    """All candidates of the first tier that has any, best first; empty when nothing matches
    (an explicit no-match, never a forced guess)."""
    for tier, matches in find_matches(index, query):
        scored = score_candidates(index, tier, matches, country_codes=country_codes, near=near, kinds=kinds)
        if scored:
            return scored
    return []
