"""The gazetteer's vocabulary, in one place: the countries whose places we map and the kinds of
place. Plain Python (no Django), so the models, loaders, filters and the pipeline all read it."""

from __future__ import annotations

#: The countries whose events and control the maps show (ISO 3166-1 alpha-2 → English name).
COUNTRIES: dict[str, str] = {"SY": "Syria", "IQ": "Iraq"}

#: Every kind of place, smallest administrative unit last among the areas.
PLACE_KINDS: tuple[str, ...] = (
    "country",
    "governorate",
    "district",
    "city",
    "town",
    "village",
    "neighbourhood",
    "region",
    "river",
    "site",
)

#: Settlements: what a bare place name in a report usually means.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
#: Administrative areas.
ADMIN_KINDS = frozenset({"country", "governorate", "district"})
#: Areas too large to be the point of an event or the context of a homonym.
BROAD_KINDS = frozenset({"country", "governorate", "region", "river"})
#: Areas an event is located in only roughly (ACLED geo precision 3).
REGIONAL_KINDS = BROAD_KINDS | {"district"}
