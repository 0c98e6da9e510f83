"""Folium elements of our own: they call ``mapping/maps.js`` on a map or on a layer folium drew.

Their assets are static files of this app (and the marker-cluster plugin's, already made local by
``mapkit/assets.py``).
"""

from __future__ import annotations

import json

from django.templatetags.static import static
from folium.elements import CssLink, JavascriptLink, JSCSSMixin
from folium.plugins import MarkerCluster, TimestampedGeoJson
from jinja2 import Template


def js_json(value) -> str:
    """JSON safe inside a <script> element (no "</script>" or "<!--" can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Site(JSCSSMixin):
    def render(self, **kwargs):
        self.default_js = [("conflictmap_maps", static("mapping/maps.js"))]
        super().render(**kwargs)


class EventsLayer(_Site):
    """Events from ``points_url`` (grouped by place and kind) in one cluster layer per kind;
    popups load ``list_url`` for the clicked marker."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.eventsLayer({{ this._parent.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, points_url: str, list_url: str):
        super().__init__()
        self._name = "EventsLayer"
        self.options = js_json({"pointsUrl": points_url, "listUrl": list_url})

    def render(self, **kwargs):
        super().render(**kwargs)
        figure = self.get_root()
        for name, url in MarkerCluster.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in MarkerCluster.default_css:
            figure.header.add_child(CssLink(url), name=name)


class LayerScript(_Site):
    """``conflictmap.<function>(layer, options)`` on a layer folium drew (tooltips, popups)."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.{{ this.function }}({{ this.layer.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, layer, function: str, options):
        super().__init__()
        self._name = "LayerScript"
        self.layer = layer
        self.function = function
        self.options = js_json(options)


class Timeline(TimestampedGeoJson):
    """folium's TimestampedGeoJson, made safe and stepping frame by frame.

    - folium writes its data into the page with plain ``json.dumps``: a name containing
      ``</script>`` would end the script element. The data is re-encoded here so it cannot.
    - With ``updateTimeDimension`` the plugin fills every day between the first and last frame;
      ``conflictmap.timelineFrames`` sets the player's times back to the frames themselves.
    """

    def __init__(self, data: dict, **kwargs):
        super().__init__(data, **kwargs)
        self.data = js_json(data)


class TimelineFrames(_Site):
    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.timelineFrames({{ this._parent.get_name() }}, {{ this.timeline.get_name() }});{% endmacro %}"
    )

    def __init__(self, timeline: Timeline):
        super().__init__()
        self._name = "TimelineFrames"
        self.timeline = timeline
