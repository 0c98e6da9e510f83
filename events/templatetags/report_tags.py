"""The one way to render a report's text with its mentions highlighted, for the admin and the
public report page: ``{% load report_tags %}{% highlighted_text report unresolved="…" %}``.

Each mention is a ``<mark class="m-<label>" title="<label>: <what it resolved to>">``; every piece
of text (the report's, the titles) is escaped, and the text is never rewritten (events/report_text.py).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import MENTION_LABELS, Report
from ..report_text import Segment, report_segments

register = template.Library()

#: A mention label's name in the reader's language (translated when rendered).
LABEL_NAMES = dict(MENTION_LABELS)


def mark(segment: Segment) -> SafeString | str:
    """A segment as HTML: a mention in a ``<mark>``, plain text as it is (escaped by the caller)."""
    if not segment.label:
        return segment.text
    label = str(LABEL_NAMES.get(segment.label, segment.label))
    title = f"{label}: {segment.title}" if segment.title else label
    return format_html('<mark class="m-{}" title="{}">{}</mark>', segment.label, title, segment.text)


@register.simple_tag
def highlighted_text(report: Report, unresolved: str = "") -> SafeString:
    """The report's text with its mentions highlighted, each titled with what it resolved to
    (``unresolved`` for a place the gazetteer lacks). One query."""
    return format_html_join("", "{}", ((mark(s),) for s in report_segments(report, unresolved=unresolved)))
