"""A report's text cut into plain and highlighted segments (its mentions), for the admin and the
public report page (rendered by the ``highlighted_text`` tag, events/templatetags/report_tags.py).

The text is never rewritten: segments are slices of the raw report at the mentions' offsets, and
the tag escapes each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .models import Event, Report

#: An event word's kind as the reader reads it (the kind's label, in the reader's language).
EVENT_KIND_NAMES = dict(Event._meta.get_field("kind").choices or [])


@dataclass(frozen=True)
class Segment:
    text: str
    label: str = ""  # "", or a mention label: place, actor, trigger, date
    title: str = ""  # what the mention resolved to (place name, actor, kind or ISO date)


class Titled(Protocol):
    """A mention to highlight: raw offsets, a label and what it resolved to."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    label: str
    title: str


def report_segments(report: Report, *, unresolved: str = "") -> list[Segment]:
    """A stored report's segments, each mention titled with what it resolved to (the place's or
    actor's name, else its value; ``unresolved`` for a place the gazetteer lacks). One query."""
    mentions = []
    for m in report.mentions.select_related("place", "actor"):
        place = m.place.name if m.place else (unresolved if m.label == "place" else "")
        value = str(EVENT_KIND_NAMES.get(m.value, m.value)) if m.label == "trigger" else m.value
        title = place or (m.actor.name if m.actor else "") or value
        mentions.append(_Mention(m.start, m.end, m.label, title))
    return segments(report.text, mentions)


def segments(text: str, mentions: Iterable[Titled]) -> list[Segment]:
    """Mentions are objects with start, end, label and a ``title``; overlapping ones keep the
    earliest, then the longest. Offsets outside the text are ignored."""
    spans = sorted(
        (m for m in mentions if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -(m.end - m.start)),
    )
    out: list[Segment] = []
    pos = 0
    for m in spans:
        if m.start < pos:
            continue
        if m.start > pos:
            out.append(Segment(text[pos : m.start]))
        out.append(Segment(text[m.start : m.end], m.label, m.title))
        pos = m.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
