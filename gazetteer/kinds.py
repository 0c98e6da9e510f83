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
    "airport",
    "base",
    "camp",
    "dam",
    "oilfield",
    "crossing",
    "mountain",
    "mosque",
    "building",
    "site",
)

#: How a kind reads in the admin and on the maps, where its name alone would not do.
KIND_LABELS: dict[str, str] = {
    "airport": "Airport or air base",
    "base": "Military base",
    "oilfield": "Oil or gas field",
    "crossing": "Border crossing",
    "mountain": "Mountain or hill",
    "mosque": "Mosque or shrine",
    "site": "Other landmark",
}

#: Settlements: what a bare place name in a report usually means.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
#: Landmarks: places smaller than a settlement that reports name as the scene of an event
#: (airports and air bases, military bases and barracks, camps, dams, oil and gas fields, border
#: crossings, mountains and hills, mosques and shrines, buildings such as government compounds,
#: prisons and hospitals); `site` is any other landmark.
LANDMARK_KINDS = frozenset(
    {"airport", "base", "camp", "dam", "oilfield", "crossing", "mountain", "mosque", "building", "site"}
)
#: What a bare name in a report may point at when no cue word says otherwise.
POINT_KINDS = SETTLEMENT_KINDS | LANDMARK_KINDS
#: Administrative areas.
ADMIN_KINDS = frozenset({"country", "governorate", "district"})
#: Areas too large to be the point of an event or the context of a homonym.
BROAD_KINDS = frozenset({"country", "governorate", "region", "river"})
#: Areas an event is located in only roughly (ACLED geo precision 3).
REGIONAL_KINDS = BROAD_KINDS | {"district"}
