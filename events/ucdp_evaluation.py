"""Score the pipeline on UCDP GED rows: each row's English source headline is read as a report
(published on its source date) and what was extracted is compared with UCDP's own coding.

Figures (the issue's definitions):

* **near**: of the rows UCDP located to a place or within 25 km of it (`where_prec` 1 or 2), the
  share where an extracted event lies within 25 km of UCDP's point;
* **located right**: of those rows where the pipeline located any event, the share where one lies
  within 25 km (how often a located event is right);
* **date**: of the rows where an event got a date, the share where one is within a day of UCDP's
  `date_start`..`date_end`;
* **sides**: of the rows where an event names an actor and UCDP's sides map to our actors, the
  share where the event's actors include one of UCDP's sides.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.ranking import haversine_km

from .ucdp_reader import headline_text, side_actor

NEAR_KM = 25.0
SCORED_PRECISION = ("1", "2")

type JSON = dict[str, Any]


@dataclass
class Share:
    right: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return round(self.right / self.total, 3) if self.total else None

    def add(self, right: bool) -> None:
        self.total += 1
        self.right += int(right)


@dataclass
class UcdpScore:
    rows: int = 0
    near: Share = field(default_factory=Share)
    located_right: Share = field(default_factory=Share)
    date: Share = field(default_factory=Share)
    sides: Share = field(default_factory=Share)

    def as_dict(self) -> JSON:
        return {
            "rows": self.rows,
            **{
                name: {"share": s.share, "right": s.right, "of": s.total}
                for name, s in (
                    ("near", self.near),
                    ("located_right", self.located_right),
                    ("date", self.date),
                    ("sides", self.sides),
                )
            },
        }


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a UCDP GED CSV file (plain or gzipped), one at a time."""
    with (
        path.open("rb") as raw,
        gzip.open(raw) if path.suffix == ".gz" else raw as stream,
        io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text,
    ):
        yield from csv.DictReader(text)


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _published(row: dict[str, str]) -> dt.date | None:
    return next((d for part in (row.get("source_date") or "").split(";") if (d := _day(part))), None)


def _points(extraction: JSON) -> list[tuple[float, float]]:
    return [(p["lat"], p["lon"]) for e in extraction["events"] for p in e["places"] if p.get("lat") is not None]


def score_row(row: dict[str, str], extraction: JSON, score: UcdpScore) -> None:
    """Add one row and what was extracted from its headline to `score`."""
    score.rows += 1
    points = _points(extraction)
    if row.get("where_prec") in SCORED_PRECISION:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        hit = any(haversine_km(a, b, lat, lon) <= NEAR_KM for a, b in points)
        score.near.add(hit)
        if points:
            score.located_right.add(hit)
    first, last = _day(row.get("date_start", "")), _day(row.get("date_end", "") or row.get("date_start", ""))
    dates = [e["date"] for e in extraction["events"] if e.get("date")]
    if dates and first and last:
        score.date.add(any(_within_a_day(d, first, last) for d in dates))
    sides = {side_actor(row.get("side_a", "")), side_actor(row.get("side_b", ""))} - {None}
    named = {a for e in extraction["events"] for a in (e["actor1"], e["actor2"], *e["actor1_also"]) if a}
    if named and sides:
        score.sides.add(bool(named & sides))


def _within_a_day(iso: str, first: dt.date, last: dt.date) -> bool:
    start, _, end = iso.partition("/")
    if len(start) == 7:  # a whole month
        return False
    a, b = _day(start), _day(end or start)
    return bool(a and b) and a - dt.timedelta(days=1) <= last and first <= b + dt.timedelta(days=1)  # type: ignore[operator]


def evaluate_ucdp(rows: Iterable[dict[str, str]], extract: Callable[[str, dt.date | None], JSON]) -> UcdpScore:
    """Score `extract(headline, published) -> extraction JSON` on UCDP rows."""
    score = UcdpScore()
    for row in rows:
        headline = headline_text(row.get("source_headline"))
        if headline:
            score_row(row, extract(headline, _published(row)), score)
    return score


__all__ = ["NEAR_KM", "UcdpScore", "evaluate_ucdp", "read_rows", "score_row"]
