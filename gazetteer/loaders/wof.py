"""Who's On First GeoJSON features: `.geojson` (a Feature or a FeatureCollection), NDJSON
(one Feature a line, `.ndjson`/`.jsonl`) and either of them gzipped.

Kinds: country → country, region → governorate, county → district, locality → city (GeoNames
PPLC/PPLA), town (PPLA2/PPLA3 or 20,000+ people) or village, neighbourhood, campus → site.
Alternate geometries (no placetype), deprecated and superseded records, and admin units that
are not current are skipped.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lib.untrusted import file_problem

from .base import LINE_LIMIT, LoadError, PlaceData, bounded_lines, check_coordinates

SOURCE = "wof"
KINDS = {
    "country": "country",
    "region": "governorate",
    "county": "district",
    "neighbourhood": "neighbourhood",
    "campus": "airport",  # Who's On First's campuses in Syria and Iraq are its airports
}
#: Name properties kept, by language: name:<iso639-3>_x_<preferred|variant|...>.
LANGUAGES = {"ara": "ar", "fas": "fa", "eng": "en", "kur": "ku", "ckb": "ku", "und": "und"}
#: Who's On First short codes that differ from ISO 3166-2.
ISO_FIXES = {"IQ-SL": "IQ-SU", "IQ-TS": "IQ-KI"}
CITY_CODES = {"PPLC", "PPLA"}
TOWN_CODES = {"PPLA2", "PPLA3"}


def _open_text(path: Path) -> io.TextIOBase:
    problem = file_problem(path, allow=("gzip",))  # empty, binary, UTF-16: the reasons reports get
    if problem:
        raise LoadError(path, None, problem)
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")


def iter_features(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, feature) from a GeoJSON or NDJSON file, gzipped or not."""
    lineno = 0
    try:
        with _open_text(path) as fh:
            first = fh.read(1)
            while first and first.isspace():
                first = fh.read(1)
            if not first:
                raise LoadError(path, None, "the file is empty")
            rest = fh.readline(LINE_LIMIT + 1)
            if len(rest) > LINE_LIMIT:
                raise LoadError(path, 1, f"a line over {LINE_LIMIT:,} characters (not one record)")
            head = first + rest
            lineno = 1
            stripped = head.strip()
            # NDJSON: the first line is one whole feature.
            try:
                obj = json.loads(stripped)
                whole_line = isinstance(obj, dict) and obj.get("type") == "Feature"
            except (json.JSONDecodeError, RecursionError):
                whole_line = False
            if whole_line:
                yield lineno, obj
                for lineno, line in bounded_lines(fh, path, first=2):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise LoadError(path, lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
                    except RecursionError:
                        raise LoadError(path, lineno, "JSON nested too deeply") from None
                    yield lineno, obj
                return
            text = head + fh.read()
    except UnicodeDecodeError as exc:
        raise LoadError(
            path, lineno + 1, f"not UTF-8 text (byte 0x{exc.object[exc.start : exc.start + 1].hex()})"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        reason = "the file is truncated" if isinstance(exc, EOFError) else f"cannot be read ({exc})"
        raise LoadError(path, lineno or None, reason) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(path, exc.lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise LoadError(path, None, "JSON nested too deeply") from None
    if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        for feature in obj.get("features") or []:
            yield 1, feature
    elif isinstance(obj, dict) and obj.get("type") == "Feature":
        yield 1, obj
    else:
        raise LoadError(path, 1, "neither a GeoJSON Feature nor a FeatureCollection")


def _skip(props: dict) -> bool:
    if not props.get("wof:placetype"):
        return True  # alternate geometry
    deprecated = props.get("edtf:deprecated")
    if deprecated and deprecated not in ("uuuu", ""):
        return True
    if props.get("wof:superseded_by"):
        return True
    # Not-current admin units are old ones (At-Ta'mim); not-current localities are kept: many
    # are real towns (Rawa, Tal Afar) that the ranking de-duplicates.
    return props.get("mz:is_current") == 0 and props["wof:placetype"] in ("region", "county", "country")


def is_governorate_code(props: dict) -> bool:
    """A region with a short code of its own; the UN buffer zone in the Golan has the
    country's code (SY) and is not a governorate."""
    code = props.get("wof:shortcode") or ""
    return bool(code) and code != props.get("wof:country")


def _geonames_id(props: dict[str, Any]) -> int | None:
    value: Any
    for value in (props.get("gn:geonameid"), props.get("gn:id"), (props.get("wof:concordances") or {}).get("gn:id")):
        try:
            gid = int(value)
        except (TypeError, ValueError):
            continue
        if gid > 0:
            return gid
    return None


def _kind(props: dict) -> str | None:
    placetype = props["wof:placetype"]
    if placetype != "locality":
        return KINDS.get(placetype)
    code = next(
        (props[k] for k in ("gn:feature_code", "gn:fcode", "qs_pg:gn_fcode", "qs:gn_fcode") if props.get(k)), ""
    )
    population = _population(props) or 0
    if code in CITY_CODES:
        return "city"
    if code in TOWN_CODES or population >= 20000:
        return "town"
    return "village"


def _population(props: dict) -> int | None:
    for key in ("gn:population", "wof:population"):
        try:
            value = int(props.get(key) or 0)
        except (TypeError, ValueError):
            continue
        if value > 0:
            return value
    return None


def parse(paths: list[Path]) -> list[PlaceData]:
    """Parse every file completely before anything is written, one feature at a time: only the
    records are kept (not the features and their geometries), and each record's governorate and
    district are filled in at the end, when every region and county has been read."""
    regions: dict[int | None, str] = {}
    counties: dict[int | None, str] = {}
    parsed: list[tuple[PlaceData, int | None, int | None]] = []
    for path in paths:
        for lineno, feature in iter_features(path):
            if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
                raise LoadError(path, lineno, "a feature without properties")
            props = feature["properties"]
            if _skip(props):
                continue
            if props["wof:placetype"] == "region" and is_governorate_code(props):
                code = f"{props.get('wof:country', '')}-{props['wof:shortcode']}"
                regions[props["wof:id"]] = ISO_FIXES.get(code, code)
            elif props["wof:placetype"] == "county":
                counties[props["wof:id"]] = props.get("wof:name") or ""
            rec = _record(path, lineno, props)
            if rec is not None:
                hierarchy = (props.get("wof:hierarchy") or [{}])[0] or {}
                parsed.append((rec, hierarchy.get("region_id"), hierarchy.get("county_id")))
    for rec, region_id, county_id in parsed:
        rec.admin1 = "" if rec.kind == "country" else regions.get(region_id, "")
        rec.admin2 = counties.get(county_id, "") if rec.kind != "district" else ""
    return [rec for rec, _, _ in parsed]


def _record(path: Path, lineno: int, props: dict) -> PlaceData | None:
    """The place of a feature that is not skipped, without its governorate and district yet."""
    kind = _kind(props)
    if kind is None:
        return None
    if kind == "governorate" and not is_governorate_code(props):
        return None  # a region with no code (e.g. a UN buffer zone), not a governorate
    try:
        wof_id = int(props["wof:id"])
        lat = float(props["geom:latitude"] if "geom:latitude" in props else props["lbl:latitude"])
        lon = float(props["geom:longitude"] if "geom:longitude" in props else props["lbl:longitude"])
    except (KeyError, TypeError, ValueError):
        raise LoadError(path, lineno, "a feature without wof:id or geom:latitude/geom:longitude") from None
    check_coordinates(path, lineno, lat, lon)
    english = (props.get("name:eng_x_preferred") or [None])[0]
    rec = PlaceData(
        source=SOURCE,
        source_id=str(wof_id),
        name=english or props.get("wof:name") or str(wof_id),
        kind=kind,
        country=(props.get("wof:country") or props.get("iso:country") or "").upper()[:2],
        lat=lat,
        lon=lon,
        population=_population(props),
        geonames_id=_geonames_id(props),
    )
    rec.add_name(props.get("wof:name"), "en", preferred=not english)
    for key, values in props.items():
        if not key.startswith("name:") or not isinstance(values, list):
            continue
        lang, _, qualifier = key[5:].partition("_x_")
        language = LANGUAGES.get(lang)
        if language is None:
            continue
        for value in values:
            if isinstance(value, str):
                rec.add_name(value, language, preferred=(qualifier == "preferred" and language != "und"))
    for key in ("gn:name", "gn:asciiname", "qs_pg:name"):
        if isinstance(props.get(key), str):
            rec.add_name(props[key], "und")
    return rec
