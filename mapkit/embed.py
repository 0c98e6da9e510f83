"""A folium map inside a page of one's own: ``embed(m)`` renders it into the three pieces a page
template places: the asset links and map CSS for ``<head>``, the map ``<div>``, and the script.
folium's full-page CSS (``html, body {height: 100%}``) and its viewport tag are dropped, so the
map sits in the page's layout instead of taking the whole window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import folium
from django.utils.safestring import SafeString, mark_safe

_PAGE_CSS = re.compile(
    r"<meta name=\"viewport\"[^>]*>|<style>\s*html,\s*body\s*\{[^}]*\}\s*</style>|<style>\s*#map\s*\{[^}]*\}\s*</style>",
    re.S,
)


@dataclass(frozen=True)
class EmbeddedMap:
    name: str  # the map's JavaScript variable
    header: SafeString
    html: SafeString
    script: SafeString


def embed(m: folium.Map) -> EmbeddedMap:
    """Render ``m`` into the pieces of a page: head links and CSS, the map div, the script.
    folium's full-page CSS (``html, body {height: 100%}``) and viewport tag are dropped."""
    figure: Any = m.get_root()  # a branca Figure (its header, html and script are Elements)
    figure.render()
    header = "".join(child.render() for name, child in figure.header._children.items() if name != "meta_http")
    return EmbeddedMap(
        name=m.get_name(),
        header=mark_safe(_PAGE_CSS.sub("", header)),
        html=mark_safe(figure.html.render()),
        script=mark_safe(figure.script.render()),
    )
