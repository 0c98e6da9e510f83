"""Template filters for dates and numbers in the reader's calendar and digits (``lib.reader``),
by the active language:

    {% load reader %}
    {{ date|long_date }}  {{ date|short_date }}  {{ n|digits }}  {{ n|intcomma|digits }}
    {{ holder|actor }}   (a canonical actor's name in the reader's language)

Only for text a reader sees: form values and URLs keep ISO dates and ASCII digits.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from events.actor_names import actor_name, actor_names
from lib import reader

register = template.Library()


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@register.filter
def long_date(value: object) -> str:
    day = _date(value)
    return reader.long_date(day, get_language()) if day else ""


@register.filter
def short_date(value: object) -> str:
    day = _date(value)
    return reader.short_date(day, get_language()) if day else ""


@register.filter
def digits(value: object) -> str:
    return reader.digits(value, get_language())


@register.filter
def actor(value: object) -> str:
    """A canonical actor's name in the reader's language (others as they are)."""
    return actor_name(str(value)) if value else ""


@register.simple_tag
def script_strings() -> str:
    """The words ``mapping/maps.js`` writes into popups and layer controls, in the reader's
    language, as a JSON ``<script type="application/json" id="cm-strings">`` (data, not code:
    the Content-Security-Policy lets it be)."""
    from django.utils.html import json_script
    from django.utils.translation import gettext, npgettext, pgettext

    from mapping.style import KIND_STYLE

    strings = {
        "report": gettext("report"),
        "edit": gettext("edit"),
        "since": gettext("since"),
        "besiegedBy": gettext("besieged by"),
        "holderUnknown": gettext("holder unknown"),
        "unnamed": gettext("Unnamed place"),
        "loading": gettext("Loading…"),
        "loadFailed": gettext("Could not load the events."),
        "undated": gettext("undated"),
        "claimed": gettext("(claimed)"),
        "vs": gettext("vs"),
        "source": gettext("source:"),
        "event": npgettext("count", "%(n)s event", "%(n)s events", 1),
        "events": npgettext("count", "%(n)s event", "%(n)s events", 2),
        "latest": gettext("(latest %(n)s shown)"),
        "kinds": {key: gettext(label) for key, (label, _colour) in KIND_STYLE.items()},
        "actors": actor_names(),
        "areaLabel": gettext("%(holder)s (%(area)s km²)"),
        "frontLabel": gettext("front line: %(a)s | %(b)s (%(km)s km)"),
        "changeLabel": gettext("%(gainer)s from %(loser)s (%(area)s km²)"),
        "nobody": gettext("nobody"),
        "unclaimed": gettext("unclaimed land"),
        "unknown": gettext("unknown"),
        "arrow": pgettext("from one holder to the next", "→"),
        "listSeparator": pgettext("list separator", ", "),
        "digits": {"fa": "۰۱۲۳۴۵۶۷۸۹", "ar": "٠١٢٣٤٥٦٧٨٩"}.get(reader.base_language(get_language()), ""),
    }
    return json_script(strings, "cm-strings")
