"""Small Who's On First features built in the tests (shape of the real records)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def feature(wof_id, placetype, name, lat, lon, *, country="SY", region=None, county=None, **props):
    properties = {
        "wof:id": wof_id,
        "wof:placetype": placetype,
        "wof:name": name,
        "wof:country": country,
        "geom:latitude": lat,
        "geom:longitude": lon,
        "mz:is_current": props.pop("current", -1),
        "wof:hierarchy": [{"country_id": 1, "region_id": region, "county_id": county}],
        "wof:superseded_by": [],
        **props,
    }
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def sample_features() -> list[dict]:
    return [
        feature(
            85678381,
            "region",
            "Days Az Zawr",
            35.14,
            40.32,
            region=85678381,
            current=1,
            **{
                "wof:shortcode": "DY",
                "name:ara_x_preferred": ["محافظة دير الزور"],
                "name:fas_x_preferred": ["استان دیرالزور"],
                "name:eng_x_preferred": ["Deir ez-Zor"],
            },
        ),
        feature(1108779100, "county", "Abu Kamal", 34.58, 40.58, region=85678381, county=1108779100, current=1),
        feature(
            1000001,
            "locality",
            "Hajin",
            34.6927,
            40.827,
            region=85678381,
            county=1108779100,
            **{
                "gn:population": 37935,
                "wof:concordances": {"gn:id": 9000101},
                "name:ara_x_preferred": ["هجين"],
                "name:fas_x_preferred": ["هجین"],
                "name:rus_x_preferred": ["Хаджин"],
            },
        ),
        feature(
            1000002,
            "locality",
            "Abu Kamal",
            34.4529,
            40.9187,
            region=85678381,
            county=1108779100,
            **{
                "gn:population": 50000,
                "gn:fcode": "PPLA2",
                "name:ara_x_preferred": ["البوكمال"],
                "name:und_x_variant": ["Albu Kamal"],
            },
        ),
        feature(1000003, "locality", "Old Place", 34.5, 40.5, region=85678381, **{"edtf:deprecated": "2019-01-01"}),
        {"type": "Feature", "properties": {"wof:id": 1000004, "src:alt_label": "quattroshapes"}, "geometry": None},
        feature(
            85681385,
            "region",
            "United Nations Disengagement Observer Force",
            33.0,
            35.8,
            current=1,
            **{"wof:shortcode": "SY"},
        ),
    ]


def write_ndjson(path: Path, features: list[dict], *, gz: bool = True) -> Path:
    data = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in features).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path
