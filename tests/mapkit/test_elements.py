"""mapkit.elements: JSON that cannot end the script it is written into, and a timeline built on it."""

from __future__ import annotations

import json

import folium

from mapkit.elements import SafeTimestampedGeoJson, js_json


def test_js_json_is_json_that_no_value_can_close_a_script_with():
    value = {"name": "</script><script>alert(1)</script>", "note": "<!-- & -->", "fa": "رقه"}
    text = js_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "رقه" in text  # not escaped to ASCII
    assert json.loads(text) == value


def test_a_safe_timeline_keeps_hostile_names_inside_its_data():
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [39.0, 35.9]},
                "properties": {"times": ["2017-01-01"], "tooltip": "</script><script>alert(1)</script>"},
            }
        ],
    }
    m = folium.Map(tiles=None)
    SafeTimestampedGeoJson(data, period="P1D").add_to(m)
    html = m.get_root().render()
    assert "L.timeDimension" in html
    assert "</script><script>alert(1)" not in html and "\\u003c/script\\u003e" in html
