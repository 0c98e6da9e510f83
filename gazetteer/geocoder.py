"""GazetteerGeocoder: a geopy geocoder over the offline gazetteer.

    >>> geocoder = GazetteerGeocoder()
    >>> loc = geocoder.geocode("البو کمال", country_codes=["SY"])
    >>> loc.latitude, loc.longitude, loc.raw["kind"]
    (34.4529, 40.9187, 'city')

`geocode()` returns a `geopy.location.Location` whose `raw` holds the place id, kind,
country, admin1, score, matched name and the runner-up candidates, or None: an explicit
no-match, never a forced guess. No network is used, so do not wrap it in RateLimiter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from . import ranking
from .index import GazetteerIndex
from .kinds import LANDMARK_KINDS
from .live import get_index

#: Kinds a cue word in front of a name asks for (`استان X` → governorate).
CUE_KINDS: dict[str, frozenset[str]] = {
    "country": frozenset({"country"}),
    "governorate": frozenset({"governorate"}),
    "district": frozenset({"district"}),
    "city": frozenset({"city", "town"}),
    "town": frozenset({"town", "city", "village"}),
    "village": frozenset({"village", "town"}),
    "neighbourhood": frozenset({"neighbourhood"}),
    "region": frozenset({"region"}),
    "river": frozenset({"river"}),
    **{kind: frozenset({kind}) for kind in LANDMARK_KINDS},
    "site": LANDMARK_KINDS,  # a landmark of any kind
}
RUNNERS_UP = 4


class GazetteerGeocoder(Geocoder):
    """Geocoder over the project's gazetteer. Pass `index=` to use a given index (tests);
    by default the process-wide index is used and refreshed when the gazetteer changes."""

    def __init__(self, *, index: GazetteerIndex | None = None, user_agent: str = "conflictmap") -> None:
        super().__init__(user_agent=user_agent)
        self._index = index

    @property
    def index(self) -> GazetteerIndex:
        return self._index if self._index is not None else get_index()

    def candidates(
        self,
        query: str,
        *,
        country_codes: str | Iterable[str] | None = None,
        near: Sequence[tuple[float, float]] | None = None,
        kinds: str | Iterable[str] | None = None,
    ) -> list[ranking.Candidate]:
        """Every candidate for `query`, best first."""
        return ranking.rank(
            self.index,
            query,
            country_codes=_codes(country_codes),
            near=tuple(near or ()),
            kinds=_kinds(kinds),
        )

    def geocode(
        self,
        query: str,
        exactly_one: bool = True,
        *,
        country_codes: str | Iterable[str] | None = None,
        near: Sequence[tuple[float, float]] | None = None,
        kinds: str | Iterable[str] | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Resolve a place name in any script.

        country_codes: restrict to these countries ("SY", ["SY", "IQ"]).
        near: (lat, lon) points already resolved in the same report; breaks ties between
            homonyms in favour of the closer place.
        kinds: place kinds a cue word asks for ("governorate" for `استان X`); also accepts
            the cue names of CUE_KINDS ("city" admits towns too).
        """
        if not isinstance(query, str):
            raise TypeError(f"query must be a string, not {type(query).__name__}")
        found = self.candidates(query, country_codes=country_codes, near=near, kinds=kinds)
        if not found:
            return None
        if exactly_one:
            return _location(found[0], found[1 : 1 + RUNNERS_UP])
        return [_location(c, []) for c in found]

    def reverse(
        self,
        query: tuple[float, float] | str,
        exactly_one: bool = True,
        *,
        kinds: str | Iterable[str] | None = None,
        limit: int = 5,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The place nearest to a (lat, lon) point (or "lat, lon" string)."""
        lat, lon = _point(query)
        nearest = self.index.nearest(lat, lon, limit=1 if exactly_one else limit, kinds=_kinds(kinds))
        if not nearest:
            return None
        locations = []
        for place, distance in nearest:
            cand = ranking.Candidate(place, "reverse", place.name, 1.0, 1.0, distance)
            locations.append(_location(cand, []))
        return locations[0] if exactly_one else locations


def _codes(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if not value:
        return None
    if isinstance(value, str):
        value = [value]
    return frozenset(v.strip().upper() for v in value if v.strip())


def _kinds(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if not value:
        return None
    if isinstance(value, str):
        value = [value]
    out: set[str] = set()
    for v in value:
        out |= CUE_KINDS.get(v, frozenset({v}))
    return frozenset(out)


def _point(query: tuple[float, float] | str) -> tuple[float, float]:
    if isinstance(query, str):
        lat, lon = (float(part) for part in query.split(","))
        return lat, lon
    lat, lon = query[0], query[1]
    return float(lat), float(lon)


def _location(best: ranking.Candidate, runners_up: Sequence[ranking.Candidate]) -> Location:
    place = best.place
    raw = best.as_dict()
    raw["admin2"] = place.admin2
    raw["candidates"] = [c.as_dict() for c in runners_up]
    parts = [place.name, place.admin2, place.admin1, place.country]
    address = ", ".join(p for p in parts if p)
    return Location(address, Point(place.lat, place.lon), raw)
