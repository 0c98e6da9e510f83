"""A report's text cut into plain and highlighted segments (its mentions), for the report page.

The text is never rewritten: segments are slices of the raw report at the mentions' offsets, and
the template escapes each one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    label: str = ""  # "", or a mention label: place, actor, trigger, date
    title: str = ""  # what the mention resolved to (place name, actor, kind or ISO date)


def report_segments(report, *, unresolved: str = "") -> list[Segment]:
    """A stored report's segments, each mention titled with what it resolved to (the place's or
    actor's name, else its value; ``unresolved`` for a place the gazetteer lacks). One query."""
    mentions = list(report.mentions.select_related("place", "actor"))
    for m in mentions:
        place = m.place.name if m.place else (unresolved if m.label == "place" else "")
        m.title = place or (m.actor.name if m.actor else "") or m.value
    return segments(report.text, mentions)


def segments(text: str, mentions) -> list[Segment]:
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
