"""Generic folium helpers that keep a page safe from the data it draws.

- ``js_json(value)``: JSON that can sit inside a ``<script>`` element: no ``</script>`` or
  ``<!--`` in a name or a label can end the script early.
- ``SafeTimestampedGeoJson``: folium's TimestampedGeoJson with its data encoded that way (folium
  writes it with plain ``json.dumps``).

Nothing here knows the project's data or its scripts.
"""

from __future__ import annotations

import json
from typing import Any

from folium.plugins import TimestampedGeoJson


def js_json(value: Any) -> str:
    """JSON safe inside a <script> element (no "</script>" or "<!--" can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SafeTimestampedGeoJson(TimestampedGeoJson):
    """folium's TimestampedGeoJson whose data cannot close the script element it is written into:
    a feature property containing ``</script>`` stays inside the JSON."""

    def __init__(self, data: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.data = js_json(data)
