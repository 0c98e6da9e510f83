"""Folium elements of our own: they call ``mapping/maps.js`` on a map or on a layer folium drew.

Their assets are static files of this app (and the marker-cluster plugin's, already made local by
``mapkit/assets.py``). Generic helpers (``js_json``, the safe timeline) live in ``mapkit.elements``.
"""

from __future__ import annotations

from typing import Any

from branca.element import Figure
from django.templatetags.static import static
from folium.elements import CssLink, JavascriptLink, JSCSSMixin
from folium.map import Layer
from folium.plugins import MarkerCluster, TimestampedGeoJson
from jinja2 import Template

from mapkit.elements import js_json


class _Site(JSCSSMixin):
    # branca types Element.render as returning the HTML, but macro elements render into the
    # figure and return None (folium's own JSCSSMixin.render included).
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        self.default_js = [("conflictmap_maps", static("mapping/maps.js"))]
        super().render(**kwargs)


class EventsLayer(_Site):
    """Events from ``points_url`` (grouped by place and kind) in one cluster layer per kind;
    popups load ``list_url`` for the clicked marker."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.eventsLayer({{ this._parent.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, points_url: str, list_url: str) -> None:
        super().__init__()
        self._name = "EventsLayer"
        self.options = js_json({"pointsUrl": points_url, "listUrl": list_url})

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as _Site.render
        super().render(**kwargs)
        figure = self.get_root()
        if not isinstance(figure, Figure):  # not on a page (yet): nothing to link the assets into
            return
        for name, url in MarkerCluster.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in MarkerCluster.default_css:
            figure.header.add_child(CssLink(url), name=name)


class ApiLayers(_Site):
    """``conflictmap.<function>(map, options)``: a page's layers, which the browser loads from
    ``url`` (``controlLayers``: the control page's, ``changesLayers``: the changes page's)."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, function: str, url: str, styles: dict[str, Any], names: dict[str, str]) -> None:
        super().__init__()
        self._name = "ApiLayers"
        self.function = function
        self.options = js_json({"url": url, "styles": styles, "names": names})


class LayerScript(_Site):
    """``conflictmap.<function>(layer, options)`` on a layer folium drew (tooltips, popups)."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.{{ this.function }}({{ this.layer.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, layer: Layer, function: str, options: Any) -> None:
        super().__init__()
        self._name = "LayerScript"
        self.layer = layer
        self.function = function
        self.options = js_json(options)


class TimelineData(_Site):
    """``conflictmap.timelineLayer``: the timeline's player and frames, loaded from ``url``; it
    links the timeline plugin's assets (folium's ``TimestampedGeoJson``'s, made local by
    ``mapkit/assets.py``) though it draws no folium layer."""

    _template = Template(
        "{% macro script(this, kwargs) %}conflictmap.timelineLayer({{ this._parent.get_name() }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, url: str, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "TimelineData"
        self.options = js_json({"url": url, **options})

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as _Site.render
        super().render(**kwargs)
        figure = self.get_root()
        if not isinstance(figure, Figure):
            return
        for name, url in TimestampedGeoJson.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in TimestampedGeoJson.default_css:
            figure.header.add_child(CssLink(url), name=name)
