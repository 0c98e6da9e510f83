"""The objects that flow through the pipeline: one Doc, with spans in named groups
(spaCy's doc.spans idea) and the events and control claims assembled from them.

All offsets inside the pipeline are into `doc.text` (the folded text); `doc.raw_span()` maps
them back to the raw text, which is never rewritten.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gazetteer.ranking import Candidate
from lib.text import Normalized, normalize

from .labels import ACTOR, DATE, PLACE, TRIGGER
from .lexicon import TriggerEntry
from .matcher import Compact


@dataclass(slots=True)
class Span[V]:
    """A stretch of `doc.text` with what a component found there (`value`)."""

    start: int
    end: int
    label: str
    value: V
    source: str = ""
    score: float = 1.0

    def overlaps(self, other: Span[Any]) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # offsets into the folded text given
    end: int
    text: str  # text[start:end]
    first: dt.date  # first day the expression can mean
    last: dt.date  # last day (== first for a single day)
    precision: int  # 1 day, 2 week/few days, 3 month or vaguer
    relative: bool  # resolved against the publication date

    @property
    def iso(self) -> str:
        return iso_range(self.first, self.last)


def iso_range(first: dt.date, last: dt.date) -> str:
    """`2018-05-14`, `2018-05` for a whole calendar month, else `first/last`."""
    if first == last:
        return first.isoformat()
    if (
        first.day == 1
        and (first.year, first.month) == (last.year, last.month)
        and last.day == calendar.monthrange(last.year, last.month)[1]
    ):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.isoformat()}/{last.isoformat()}"


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor mention's value: the canonical actor, and whether the words are a country's name
    (`ترکیه`, `Turkey`), which reads as a place after a preposition."""

    name: str
    country_name: bool = False


@dataclass(slots=True)
class PlaceMention:
    """A place mention's value: its name key, the cue word before it and the kinds it asks for, a
    modifier after it, the gazetteer candidates, best first (none: unresolved), and the direction
    (with a distance) the text tells something from it (`bearings.py`)."""

    key: str
    cue: str | None
    kinds: tuple[str, ...] | None
    modifier: str | None
    candidates: list[Candidate] = field(default_factory=list)
    text: str = ""  # the name as folded text (with its spaces), for look-ups by spelling
    bearing: float | None = None  # told that way from the place ("north of X"): degrees from north
    distance_km: float | None = None  # and this far, where the text says ("30 km north of X")
    near: bool = False  # told as a point of reference ("near X", "west of X"; grammar row `reference`)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def resolved(self) -> bool:
        return bool(self.candidates)


class SpanIndex[V]:
    """Spans sorted by start, for the spans inside or overlapping a range in O(log n)."""

    def __init__(self, spans: list[Span[V]]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def inside(self, start: int, end: int) -> list[Span[V]]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]

    def overlapping(self, start: int, end: int) -> list[Span[V]]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.start < end and start < s.end]


class DisjointRanges[V]:
    """Ranges that never overlap, kept sorted by start, each with a value: the first of two
    overlapping ranges offered is kept (a longer or earlier reading of the same words wins)."""

    def __init__(self, ranges: Iterable[tuple[int, int, V]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.values: list[V] = []
        for start, end, value in ranges:
            self.add(start, end, value)

    def slot(self, start: int, end: int) -> int | None:
        """Where a range would go, or None when it overlaps a kept one."""
        i = bisect_left(self.starts, start)
        if (i < len(self.starts) and self.starts[i] < end) or (i and self.ends[i - 1] > start):
            return None
        return i

    def insert(self, i: int, start: int, end: int, value: V) -> None:
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.values.insert(i, value)

    def add(self, start: int, end: int, value: V) -> bool:
        """Keep the range unless it overlaps a kept one; whether it was kept."""
        i = self.slot(start, end)
        if i is not None:
            self.insert(i, start, end, value)
        return i is not None


@dataclass(slots=True)
class EventCandidate:
    kind: str
    trigger: Span[TriggerEntry]
    sentence: Span[None]
    evidence: tuple[int, int]  # folded-text offsets of the clause that proves it
    places: list[Span[PlaceMention]] = field(default_factory=list)
    actor1: str | None = None
    actor2: str | None = None
    actor1_also: list[str] = field(default_factory=list)
    control_from: str | None = None
    control_to: str | None = None
    date: DateMention | None = None
    background: bool = False
    claim: bool = False
    partial: bool = False
    confidence: float = 0.5


@dataclass(slots=True)
class ControlClaim:
    place: Span[PlaceMention]
    holder: str | None
    besieged_by: list[str]
    evidence: tuple[int, int]
    date: DateMention | None = None
    event: EventCandidate | None = None


@dataclass
class Doc:
    norm: Normalized
    published: dt.date | None = None
    lang: str = ""  # fa, fa-AF, ar, en; "" until the language component sets it
    sentences: list[Span[None]] = field(default_factory=list)
    spans: dict[str, list[Span[Any]]] = field(default_factory=dict)
    events: list[EventCandidate] = field(default_factory=list)
    control: list[ControlClaim] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # names of the components that ran
    _compact: Compact | None = None
    _starts: list[int] | None = None  # the sentences' starts, for sentence_at

    def sentence_at(self, position: int) -> Span[None] | None:
        """The sentence holding `position` (sentences are sorted and do not overlap)."""
        if self._starts is None or len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        i = bisect_right(self._starts, position) - 1
        if i >= 0 and position < self.sentences[i].end:
            return self.sentences[i]
        return None

    def compact(self) -> Compact:
        """The letters and digits of the text with their offsets (shared by the matchers)."""
        if self._compact is None:
            self._compact = Compact.of(self.text)
        return self._compact

    @classmethod
    def from_text(cls, raw: str, *, published: dt.date | None = None, lang: str = "") -> Doc:
        return cls(norm=normalize(raw), published=published, lang=lang)

    @property
    def raw(self) -> str:
        return self.norm.raw

    @property
    def text(self) -> str:
        return self.norm.text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.raw_span(start, end)

    def group(self, label: str) -> list[Span[Any]]:
        return self.spans.setdefault(label, [])

    @property
    def places(self) -> list[Span[PlaceMention]]:
        return self.group(PLACE)

    @property
    def actors(self) -> list[Span[ActorRef]]:
        return self.group(ACTOR)

    @property
    def triggers(self) -> list[Span[TriggerEntry]]:
        return self.group(TRIGGER)

    @property
    def dates(self) -> list[Span[DateMention]]:
        return self.group(DATE)
