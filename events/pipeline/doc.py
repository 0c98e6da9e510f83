"""The objects that flow through the pipeline: one Doc, with spans in named groups
(spaCy's doc.spans idea) and the events and control claims assembled from them.

All offsets inside the pipeline are into `doc.text` (the folded text); `doc.raw_span()` maps
them back to the raw text, which is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from lib.text import Normalized, normalize

from .matcher import Compact


@dataclass(slots=True)
class Span:
    start: int
    end: int
    label: str
    value: Any = None  # place candidates, canonical actor, trigger entry, DateMention...
    source: str = ""
    score: float = 1.0
    attrs: dict = field(default_factory=dict)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class SpanIndex:
    """Spans sorted by start, for the spans inside or overlapping a range in O(log n)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def inside(self, start: int, end: int) -> list[Span]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]

    def overlapping(self, start: int, end: int) -> list[Span]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.start < end and start < s.end]


@dataclass(slots=True)
class EventCandidate:
    kind: str
    trigger: Span
    sentence: Span
    evidence: tuple[int, int]  # folded-text offsets of the clause that proves it
    places: list[Span] = field(default_factory=list)
    actor1: str | None = None
    actor2: str | None = None
    actor1_also: list[str] = field(default_factory=list)
    control_from: str | None = None
    control_to: str | None = None
    date: Any = None  # DateMention or None
    background: bool = False
    claim: bool = False
    partial: bool = False
    confidence: float = 0.5


@dataclass(slots=True)
class ControlClaim:
    place: Span
    holder: str | None
    besieged_by: list[str]
    evidence: tuple[int, int]
    date: Any = None
    event: EventCandidate | None = None


@dataclass
class Doc:
    norm: Normalized
    published: dt.date | None = None
    lang: str = "fa"
    sentences: list[Span] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    events: list[EventCandidate] = field(default_factory=list)
    control: list[ControlClaim] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # names of the components that ran
    _compact: Compact | None = None

    def compact(self) -> Compact:
        """The letters and digits of the text with their offsets (shared by the matchers)."""
        if self._compact is None:
            self._compact = Compact.of(self.text)
        return self._compact

    @classmethod
    def from_text(cls, raw: str, *, published: dt.date | None = None, lang: str = "fa") -> Doc:
        return cls(norm=normalize(raw), published=published, lang=lang)

    @property
    def raw(self) -> str:
        return self.norm.raw

    @property
    def text(self) -> str:
        return self.norm.text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.raw_span(start, end)

    def group(self, label: str) -> list[Span]:
        return self.spans.setdefault(label, [])
