"""Put an embedded folium map (``mapkit.embed.EmbeddedMap``) into a page under a
Content-Security-Policy: the inline ``<script>`` elements folium writes carry the request's
nonce (``csp_nonce``, from Django's CSP context processor), so no page needs 'unsafe-inline'.

    {% load mapkit_tags %}
    {% block head %}{% map_header map %}{% endblock %}
    {% block scripts %}{% map_script map %}{% endblock %}

The map's pieces are cached across requests; the nonce is added at render time.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from mapkit.embed import EmbeddedMap

register = template.Library()

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?=[\s>])")


def with_nonce(html: str, nonce: str) -> SafeString:
    """``html`` (trusted markup) with ``nonce`` on every inline ``<script>`` element."""
    return mark_safe(_INLINE_SCRIPT.sub(format_html('<script nonce="{}"', nonce), html))


@register.simple_tag(takes_context=True)
def map_header(context: template.Context, embedded: EmbeddedMap) -> SafeString:
    """The map's asset links and styles for ``<head>``, inline scripts with the nonce."""
    return with_nonce(embedded.header, str(context.get("csp_nonce", "")))


@register.simple_tag(takes_context=True)
def map_script(context: template.Context, embedded: EmbeddedMap) -> SafeString:
    """The map's script in a ``<script>`` element with the nonce; ``window.cmMap`` is the map."""
    return format_html(
        '<script nonce="{}">{}\nwindow.cmMap = {};</script>',
        str(context.get("csp_nonce", "")),
        embedded.script,
        mark_safe(embedded.name),
    )
