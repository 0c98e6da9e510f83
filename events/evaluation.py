"""Score extraction output against gold annotations (the format of ../shared/corpus/FORMAT.md).

Matching rules (one-to-one, greedy, per paragraph):

* place mentions: a predicted mention matches a gold mention with the same folded text;
* actors: (folded mention, canonical) pairs;
* events: same kind (or one of the gold `alt_types`) and, when the gold names places, a
  shared place: the same folded mention, or a resolved point within 10 km of a gold point;
  a gold event without places matches a predicted one of its kind whose evidence overlaps
  the gold evidence;
* control changes: capture events with a new holder (`control_to`): same place (as for
  events) and same new holder;
* geocoding: gold places with `certain` and point/approx coordinates that were found and
  resolved: share within 10 km and median error.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gazetteer.ranking import haversine_km
from lib.text import name_key

NEAR_KM = 10.0


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    places: Score = field(default_factory=Score)
    actors: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    control: Score = field(default_factory=Score)
    distances: list[float] = field(default_factory=list)
    geocode_missing: int = 0
    paragraphs: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        within = sum(d <= NEAR_KM for d in self.distances)
        scored = len(self.distances) + self.geocode_missing
        return {
            "paragraphs": self.paragraphs,
            "places": self.places.as_dict(),
            "actors": self.actors.as_dict(),
            "events": self.events.as_dict(),
            "control_changes": self.control.as_dict(),
            "geocoding": {
                "scored": scored,
                "within_10km": round(within / scored, 3) if scored else None,
                "median_km": round(statistics.median(self.distances), 2) if self.distances else None,
                "unresolved": self.geocode_missing,
            },
        }


def _key(text: str) -> str:
    return name_key(text)


def _greedy[G, P](gold: list[G], pred: list[P], same: Callable[[G, P], bool]) -> tuple[int, list[G], list[P]]:
    """One-to-one matching; returns (matches, unmatched gold, unmatched predicted)."""
    used: set[int] = set()
    missed: list[G] = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                break
        else:
            missed.append(g)
    extra = [p for i, p in enumerate(pred) if i not in used]
    return len(used), missed, extra


def _gold_points(place: dict) -> list[tuple[float, float]]:
    if place.get("lat") is None:
        return []
    return [(place["lat"], place["lon"]), *map(tuple, place.get("alt_coords") or [])]


def _same_place(gold_places: list[dict], predicted: list[dict]) -> bool:
    for g in gold_places:
        for p in predicted:
            if _key(g["mention"]) == _key(p["mention"]):
                return True
            if p.get("lat") is not None and any(
                haversine_km(p["lat"], p["lon"], a, b) <= NEAR_KM for a, b in _gold_points(g)
            ):
                return True
    return False


type JSON = dict[str, Any]


def _error(report: Report, gold: JSON, what: str, missed: list[Any], extra: list[Any]) -> None:
    if missed or extra:
        report.errors.append({"id": gold.get("id"), "what": what, "missed": missed, "extra": extra})


def _score_mentions(gold: JSON, pred: JSON, report: Report) -> None:
    """Place mentions (same folded text) and actor mentions ((folded text, canonical) pairs)."""
    gold_mentions = sorted({_key(p["mention"]) for p in gold["places"]})
    pred_mentions = sorted({_key(p["mention"]) for p in pred["places"]})
    tp, missed, extra = _greedy(gold_mentions, pred_mentions, lambda g, p: g == p)
    report.places.add(tp, len(extra), len(missed))
    _error(report, gold, "places", missed, extra)
    gold_actors = sorted({(_key(a["mention"]), a["canonical"]) for a in gold["actors"]})
    pred_actors = sorted({(_key(a["mention"]), a["actor"]) for a in pred["actors"]})
    tp, missed_actors, extra_actors = _greedy(gold_actors, pred_actors, lambda g, p: g == p)
    report.actors.add(tp, len(extra_actors), len(missed_actors))
    _error(report, gold, "actors", missed_actors, extra_actors)


def _places_by_name(gold: JSON) -> dict[str, list[JSON]]:
    by_name: dict[str, list[JSON]] = {}
    for place in gold["places"]:
        by_name.setdefault(place["name_en"], []).append(place)
    return by_name


def _score_events(gold: JSON, pred: JSON, report: Report) -> None:
    text, by_name = gold["text"], _places_by_name(gold)

    def same_event(g: JSON, p: JSON) -> bool:
        if p["kind"] not in {g["type"], *(g.get("alt_types") or [])}:
            return False
        gp = [place for name in g.get("places") or [] for place in by_name.get(name, [])]
        if gp:
            return _same_place(gp, p["places"])
        start = text.find(g["evidence"]) if g.get("evidence") else -1
        return start >= 0 and p["start"] < start + len(g["evidence"]) and start < p["end"]

    tp, missed, extra = _greedy(gold["events"], pred["events"], same_event)
    report.events.add(tp, len(extra), len(missed))
    _error(
        report,
        gold,
        "events",
        [(e["type"], e.get("places"), e.get("evidence")) for e in missed],
        [(e["kind"], [p["mention"] for p in e["places"]], e["evidence"][:80]) for e in extra],
    )


def _score_control(gold: JSON, pred: JSON, report: Report) -> None:
    """Control changes: one per (capture event, place); a place the gold gives under two
    mentions is one place."""
    by_name = _places_by_name(gold)
    gold_changes = [
        (e, by_name.get(name, []))
        for e in gold["events"]
        if e["type"] == "capture_or_liberation" and e.get("control_to")
        for name in e.get("places") or []
    ]
    gold_changes = [(e, entries) for e, entries in gold_changes if entries]
    pred_changes: list[tuple[JSON, JSON]] = []
    seen = set()
    for i, e in enumerate(pred["events"]):
        if e["kind"] != "capture_or_liberation" or not e.get("control_to"):
            continue
        for p in e["places"]:
            key = (i, p.get("place_id") or _key(p["mention"]))
            if key not in seen:
                seen.add(key)
                pred_changes.append((e, p))
    tp, missed, extra = _greedy(
        gold_changes, pred_changes, lambda g, p: g[0]["control_to"] == p[0]["control_to"] and _same_place(g[1], [p[1]])
    )
    report.control.add(tp, len(extra), len(missed))
    _error(
        report,
        gold,
        "control",
        [(entries[0]["mention"], e.get("control_from"), e["control_to"]) for e, entries in missed],
        [(p["mention"], e.get("control_from"), e["control_to"], e["evidence"][:60]) for e, p in extra],
    )


def _score_geocoding(gold: JSON, pred: JSON, report: Report) -> None:
    found: dict[str, JSON] = {}
    for p in pred["places"]:
        found.setdefault(_key(p["mention"]), p)
    for g in gold["places"]:
        if not g.get("certain") or g.get("coord_precision") not in ("point", "approx") or g.get("lat") is None:
            continue
        p = found.get(_key(g["mention"]))
        if p is None:
            continue  # not found at all: counted in place recall, not here
        if p.get("lat") is None:
            report.geocode_missing += 1
            continue
        report.distances.append(min(haversine_km(p["lat"], p["lon"], a, b) for a, b in _gold_points(g)))


def score_paragraph(gold: JSON, pred: JSON, report: Report) -> None:
    report.paragraphs += 1
    _score_mentions(gold, pred, report)
    _score_events(gold, pred, report)
    _score_control(gold, pred, report)
    _score_geocoding(gold, pred, report)


def evaluate(records: Iterable[dict], extract: Callable[[dict], dict]) -> Report:
    """Score `extract(gold record) -> extraction JSON` over gold records."""
    report = Report()
    for gold in records:
        score_paragraph(gold, extract(gold), report)
    return report


__all__ = ["evaluate", "score_paragraph", "Report", "Score"]
