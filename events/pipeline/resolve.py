"""Geocoding of place mentions, with the other places of the report as context.

Two passes: clear mentions first (one candidate, or a best candidate ahead of the runner-up by
`CLEAR_MARGIN`), then the ambiguous ones with the clear settlements near them in the text as
`near` context (`التویمین` near Dashisha is the Hasakah one). A cue that names a kind strictly
(`محله X`) leaves the mention unresolved when the best candidate is of another kind: flagged,
never guessed. A mention found only after a cue word (unknown to the gazetteer) takes a place of
the same transliteration skeleton near the report's other places (a spelling variant), else stays
unresolved.
Last, context wins over the bare name (a homonym far from the report's other places loses to the
near one), and a city quarter needs its city: a neighbourhood named without a cue, in a report
that names no place near it, is a common word or a person, not the quarter. A village of the
large sources across the Syria-Iraq border from every sure place of the report (curated places,
governorates, the country named) takes its homonym on the report's side, or stays unresolved.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

import numpy as np

from gazetteer.index import GazetteerIndex
from gazetteer.kinds import BROAD_KINDS, COUNTRIES, REGIONAL_KINDS, SETTLEMENT_KINDS
from gazetteer.ranking import NAME_SCORES, SURE_SPELLING, Candidate, haversine_km, nearest_km, rank, score_candidates
from lib.text import fold, script_of, skeleton_key

from .doc import Doc, PlaceMention, Span
from .grammar import grammar
from .lexicon import place_cues

CLEAR_MARGIN = 0.12
NEAR_CHARS = 3000  # places within this many characters are the context of a homonym
#: A resolution farther than this from every other settlement of the report is doubted.
FAR_KM = 150.0
MAX_CONTEXT = 20
#: A neighbourhood is read as one only with a cue or another place of the report this near.
QUARTER_KM = 30.0
#: A spelling variant after a cue is read only as a place this near another place of the report.
VARIANT_KM = 30.0
#: Transliteration skeletons shorter than this are shared by many places: only a place within
#: SHORT_VARIANT_KM of another place of the report is taken.
MIN_VARIANT_SKELETON = 3
SHORT_VARIANT_KM = 20.0
#: An English spelling whose skeleton has this many letters and belongs to one place is that place.
LONG_SKELETON = 5
#: A town this populous, found by a near English spelling, is that town even far from the others.
SURE_POPULATION = 10_000


def _settlement(span: Span[PlaceMention]) -> tuple[float, float] | None:
    best = span.value.best
    if best and best.place.kind not in BROAD_KINDS and best.place.country in COUNTRIES:
        return best.place.lat, best.place.lon
    return None


def _context_wins(index: GazetteerIndex, spans: list[Span[PlaceMention]]) -> None:
    """A place resolved hundreds of kilometres from every other settlement of the report is
    likelier the homonym near them: take a candidate within FAR_KM of the others if the mention
    has one, else a place of the same transliteration skeleton near them (`تل اعفر`, a Syrian
    village, is Tal Afar in a report about Mosul) unless the far place is a curated one (Baghdad is
    not Baghdeda near Mosul), and leave a near-miss spelling (fuzzy,
    skeleton) that has neither unresolved rather than place it far away. Distances are taken
    between the report's distinct points, once each."""
    counts = Counter(pt for s in spans if (pt := _settlement(s)))
    distinct = list(counts)
    curated = {pt for s in spans if (pt := _settlement(s)) and s.value.candidates[0].place.source == "core"}
    far: dict[tuple[float, float], bool] = {}
    for span in spans:
        own = _settlement(span)
        if own is None or counts[own] > 1:
            continue  # another mention of the same place: not alone
        others = [pt for pt in distinct if pt != own]
        if own not in far:
            far[own] = bool(others) and _distance_to(own, others) > FAR_KM
        if not far[own]:
            continue
        mention = span.value
        if own in curated and not curated.intersection(others):
            continue  # a curated place far from villages of the large sources only: they are the doubtful ones
        near = [
            c
            for c in mention.candidates[1:]
            if _homonym(c, mention) and _distance_to((c.place.lat, c.place.lon), others) <= FAR_KM
        ]
        if near:
            mention.candidates = [near[0], *[c for c in mention.candidates if c is not near[0]]]
        elif mention.candidates[0].place.source != "core" and (
            variants := _variants(index, mention.text or mention.key, others, _kinds(mention.kinds))
        ):
            mention.candidates = variants  # "تل اعفر" far away, Tal Afar (تلعفر) near the others
        elif mention.candidates[0].match in ("fuzzy", "skeleton") and not _sure_english_spelling(index, mention):
            mention.candidates = []


def _doubtful_spellings(spans: list[Span[PlaceMention]]) -> None:
    """An English name matched only by its skeleton, to a place whose Latin names spell it
    otherwise (`Beqin` and Buknah, `Shaer` and Ash Shawr), is a chance likeness unless the place
    lies within VARIANT_KM of another place of the report: left unresolved."""
    points = Counter(pt for s in spans if (pt := _settlement(s)))
    for span in spans:
        best = span.value.best
        if best is None or best.match != "skeleton" or _sure_spelling(best):
            continue
        own = (best.place.lat, best.place.lon)
        others = [pt for pt, n in points.items() if pt != own or n > 1]
        if not others or _distance_to(own, others) > VARIANT_KM:
            span.value.candidates = []


def _sure_spelling(candidate: Candidate) -> bool:
    """A skeleton match that is a curated place or that a Latin name of the place spells alike."""
    return candidate.place.source == "core" or candidate.name_score >= SURE_SPELLING


def _sure_english_spelling(index: GazetteerIndex, mention: PlaceMention) -> bool:
    """Whether an English near-miss spelling is sure enough to stand far from the report's other
    places (headlines list places across the country: "clashes in Homs and in Sahm al-Jolan"): a
    curated or populous place by a near spelling (`Qameshly`, `al-Tabaqa`, `Sheikh Meskin`), or
    the one place of a skeleton of LONG_SKELETON letters or more (`Sahm al-Jolan`)."""
    best = mention.best
    name = mention.text or mention.key
    if best is None or not name.isascii():
        return False
    known = best.place.source == "core" or best.place.population >= SURE_POPULATION
    if known and (best.match == "fuzzy" or _sure_spelling(best)):
        return True
    skey = skeleton_key(name)
    return (
        best.match == "skeleton"
        and len(skey) >= LONG_SKELETON
        and len({pid for pid, _ in index.skeleton.get(skey, ())}) == 1
    )


def _country_wins(spans: list[Span[PlaceMention]]) -> None:
    """Syria and Iraq share many village names (`Sultan`, `Al Marj`, `Turkman`), and the large
    sources hold most of them in Iraq. A place of the large sources (or a near-miss spelling) in
    one of the two countries, in a report whose sure places (the curated ones, governorates,
    regions, the country named) all lie in the other, is likelier a homonym there: take the
    mention's candidate in that country (one of the same name, or any when the name was itself a
    near miss), else leave it unresolved rather than place it across the border."""
    sure: dict[str, Counter[str]] = {}  # country → the names of the sure places there
    for s in spans:
        if (
            (best := s.value.best)
            and best.place.country in COUNTRIES
            and (best.place.source == "core" or best.place.kind in BROAD_KINDS)
        ):
            sure.setdefault(best.place.country, Counter())[s.value.text or s.value.key] += 1
    for span in spans:
        mention, best = span.value, span.value.best
        if best is None or best.place.country not in COUNTRIES:
            continue
        near_miss = best.match in ("fuzzy", "skeleton")
        if best.place.source == "core" and not near_miss:
            continue
        name = mention.text or mention.key
        # the countries with a sure place of another name (the mention itself is one of its name)
        countries = {country for country, names in sure.items() if names.total() > names[name]}
        if not countries or best.place.country in countries:
            continue
        there = [
            c
            for c in mention.candidates[1:]
            if c.place.country in countries and (near_miss or c.match in ("exact", "alias"))
        ]
        mention.candidates = [there[0], *[c for c in mention.candidates if c is not there[0]]] if there else []


def _trusted(anchors: list[Span[PlaceMention]], pending: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    """The anchors that may be context: a place of the large sources more than FAR_KM from every
    other anchor and from every first candidate of the ambiguous mentions (`تل اعفر`, a Syrian
    village, in a report about Tal Afar in Iraq) is itself doubtful, and would pull the report's
    homonyms towards it."""
    points = {
        (best.place.lat, best.place.lon)
        for s in [*anchors, *pending]
        if (best := s.value.best) and best.place.kind not in BROAD_KINDS
    }
    kept = []
    alone: dict[tuple[float, float], bool] = {}  # per point: far from every other point
    for anchor in anchors:
        place = anchor.value.best.place if anchor.value.best else None
        if place is None:
            continue
        here = (place.lat, place.lon)
        if place.source != "core":
            if here not in alone:
                others = [pt for pt in points if pt != here]
                alone[here] = bool(others) and _distance_to(here, others) > FAR_KM
            if alone[here]:
                continue
        kept.append(anchor)
    return kept


def _spelling_variants_near(index: GazetteerIndex, spans: list[Span[PlaceMention]]) -> None:
    """A name after a cue that the gazetteer lacks is often another spelling of a place it has
    (`هاجین` for هجین, `باطنايا` for Batnay: Persian writes the vowels Arabic leaves out, and the
    large sources often hold only an English name). Take the place with the same transliteration
    skeleton that lies within VARIANT_KM of another place of the report, the nearest; a curated
    place may lie up to FAR_KM away, or anywhere when the report names no other place and it is
    the only curated one of a skeleton of four letters or more. Otherwise the mention stays
    unresolved. The report's points are counted once each (a long report names its places again
    and again), and a name is looked up once per set of other points."""
    counts: Counter[tuple[float, float]] = Counter()
    own: dict[int, tuple[float, float]] = {}
    for s in spans:
        if (best := s.value.best) and best.place.kind != "country" and best.place.country in COUNTRIES:
            own[id(s)] = (best.place.lat, best.place.lon)
            counts[own[id(s)]] += 1
    looked_up: dict[tuple[str, frozenset[str] | None, tuple[tuple[float, float], ...]], list[Candidate]] = {}
    for _ in range(2):  # a variant found is context for the others (`الشعفاء` near هاجین)
        for span in spans:
            mention = span.value
            if span.source != "cue" or mention.candidates or (mention.text or mention.key).isascii():
                continue  # English spellings are looked up by skeleton in the tagger (places.py)
            mine = own.get(id(span))
            points = tuple(pt for pt, n in counts.items() if n > (pt == mine))  # the other mentions' points
            name = mention.text or mention.key
            kinds = _kinds(mention.kinds)
            if (name, kinds, points) not in looked_up:
                looked_up[name, kinds, points] = _variants(index, name, list(points), kinds)
            mention.candidates = list(looked_up[name, kinds, points])
            if (best := mention.best) and best.place.kind not in BROAD_KINDS and id(span) not in own:
                own[id(span)] = (best.place.lat, best.place.lon)
                counts[own[id(span)]] += 1


def _variants(
    index: GazetteerIndex, name: str, points: list[tuple[float, float]], kinds: frozenset[str] | None = None
) -> list[Candidate]:
    """The places of `name`'s transliteration skeleton (a city quarter only where its cue's
    `kinds` allow one) that the report's other places (`points`) allow: curated ones within
    FAR_KM, others within VARIANT_KM (SHORT_VARIANT_KM for a skeleton of two letters), curated
    first, then nearest; with no points, the one curated place of a skeleton of four letters or
    more that has a name of that skeleton in the name's own script (a spelling, not a translation:
    `ام سلیم` is not Mosul, whose Latin name Mausilium shares its skeleton)."""
    skey = skeleton_key(name)
    if not skey:
        return []
    script = script_of(name)
    short = len(skey) < MIN_VARIANT_SKELETON  # two letters: many places share it, only the nearest will do
    names: dict[int, str] = {}  # place id → its name of the skeleton, one in the name's script if any
    for pid, matched in index.skeleton.get(skey, ()):
        if pid not in names or script_of(matched) == script:
            names[pid] = matched
    found = []
    others = np.asarray(points, dtype=float)  # converted once for every place measured against them
    for pid, matched in names.items():
        place = index.places[pid]
        if place.kind in BROAD_KINDS or place.country not in COUNTRIES:
            continue
        if kinds and place.kind == "neighbourhood" and "neighbourhood" not in kinds:
            continue  # "قرية حصان" is no city quarter of its skeleton
        distance = _distance_to((place.lat, place.lon), others) if points else 0.0
        alone = not points and len(skey) > 3 and script_of(matched) == script
        if not short and place.source == "core" and (points and distance <= FAR_KM or alone):
            found.append((False, distance, pid, matched))
        elif points and distance <= (SHORT_VARIANT_KM if short else VARIANT_KM):
            found.append((True, distance, pid, matched))
    if not found or (not points and len(found) > 1):
        return []  # nothing near, or no other place to tell two curated places apart
    found.sort()
    matches = [(pid, matched, NAME_SCORES["skeleton"]) for _, _, pid, matched in found]
    scored = {c.place.id: c for c in score_candidates(index, "skeleton", matches, near=points)}
    return [scored[pid] for _, _, pid, _ in found if pid in scored]


def _homonym(candidate: Candidate, mention: PlaceMention) -> bool:
    """Whether a candidate can stand in for a settlement far from the report's other places: a
    place of a kind the cue asks for (if any), and not an administrative area or region of the
    same name (the governorate of `مدينة الموصل` is not a homonym of the city)."""
    kind = candidate.place.kind
    return kind not in REGIONAL_KINDS and (not mention.kinds or kind in mention.kinds)


def _quarters_need_their_city(spans: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    """The spans to keep: a mention resolved to a neighbourhood (not of the curated core list)
    without a cue asking for one stays only when another place of the report lies within
    QUARTER_KM (its city, a neighbouring quarter) or lies in the quarter's governorate; otherwise
    it takes its best other candidate, or is no place at all (`الشيخ سعيد` the person, `الصناعة`
    the industry)."""
    placed = [
        (id(s), best.place)
        for s in spans
        if (best := s.value.best) and best.place.kind not in {"country", "river", "region"}
    ]
    keep = []
    for span in spans:
        mention, best = span.value, span.value.best
        if (
            best is None
            or best.place.kind != "neighbourhood"
            or best.place.source == "core"
            or "neighbourhood" in (mention.kinds or ())
        ):
            keep.append(span)
            continue
        quarter = best.place
        if any(
            sid != id(span)
            and (
                (place.kind == "governorate" and place.admin1 == quarter.admin1)
                or (
                    place.kind != "governorate"
                    and haversine_km(quarter.lat, quarter.lon, place.lat, place.lon) <= QUARTER_KM
                )
            )
            for sid, place in placed
        ):
            keep.append(span)
            continue
        others = [c for c in mention.candidates if c.place.kind != "neighbourhood"]
        if others:
            mention.candidates = others
            keep.append(span)
    return keep


def _distance_to(point: tuple[float, float], others: Sequence[tuple[float, float]] | np.ndarray) -> float:
    return nearest_km(point[0], point[1], others)


def _strict_cues() -> frozenset[str]:
    return frozenset(c.cue for c in place_cues() if "strict" in c.flags)


def _kinds(kinds: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(kinds) if kinds else None


class PlaceResolver:
    name = "resolve"
    requires = ("spans.place",)
    assigns = ("spans.place", "spans.place.candidates")

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self.strict = _strict_cues()

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.places
        alone: dict[tuple[str, frozenset[str] | None], list[Candidate]] = {}  # a name ranks the same on its own
        pending = [span for span in spans if not self._facility_by_name(doc, span) and self._first_pass(span, alone)]
        waiting = {id(s) for s in pending}
        anchors = [
            s for s in spans if (best := s.value.best) and id(s) not in waiting and best.place.kind not in BROAD_KINDS
        ]
        anchors = _trusted(anchors, pending)
        starts = [a.start for a in anchors]
        # The anchors' points, read once (the loop below only gives candidates to pending mentions).
        points = [(best.place.lat, best.place.lon) if (best := a.value.best) else None for a in anchors]
        ranked: dict[tuple[object, ...], list[Candidate]] = {}  # a name with the same context ranks the same
        for span in pending:
            lo, hi = bisect_left(starts, span.start - NEAR_CHARS), bisect_right(starts, span.start + NEAR_CHARS)
            near = [point for point in points[lo:hi] if point]
            if near:
                mention = span.value
                key = (mention.text or mention.key, _kinds(mention.kinds), tuple(near[:MAX_CONTEXT]))
                if key not in ranked:
                    ranked[key] = rank(self.index, key[0], kinds=key[1], near=key[2])
                mention.candidates = list(ranked[key])
        _spelling_variants_near(self.index, spans)
        _context_wins(self.index, spans)
        _doubtful_spellings(spans)
        spans[:] = _quarters_need_their_city(spans)
        _country_wins(spans)
        spans[:] = _foreign_cities_as_places(doc, spans)
        g = grammar(doc.lang)  # «شبکه الجزیره», «مراسل الجزيرة», «عروبة الإخباري»: the outlet, not the place
        spans[:] = [
            s
            for s in spans
            if not self._cited_outlet(doc, s, g["outlet-before"]) and not g["outlet-after"].match(doc.text, s.end)
        ]
        return doc

    def _cited_outlet(self, doc: Doc, span: Span[PlaceMention], outlet: re.Pattern[str]) -> bool:
        """A name right after a media word or a quoting phrase is an outlet; with a cue, only
        when the cue begins the mention (`به نقل از پایگاه الاخبار`: the website, not a base)."""
        if span.value.cue and not doc.text.startswith(fold(span.value.cue), span.start):
            return False
        return bool(outlet.search(doc.text, max(0, span.start - 30), span.start))

    def _facility_by_name(self, doc: Doc, span: Span[PlaceMention]) -> bool:
        """A facility named with its noun (`پایگاه هوایی القیاره`) that the gazetteer holds under
        that whole name, with or without the article (`پایگاه هوایی قیاره`, the Qayyarah West
        Airbase): that landmark, rather than the town of the name. True when found."""
        mention = span.value
        if not mention.cue or not mention.kinds or not doc.text.startswith(fold(mention.cue), span.start):
            return False
        found = [
            c
            for c in rank(self.index, doc.text[span.start : span.end], kinds=_kinds(mention.kinds))
            if c.match in ("exact", "alias") and c.place.kind in mention.kinds
        ]
        if found:
            mention.candidates = found
        return bool(found)

    def _first_pass(
        self, span: Span[PlaceMention], ranked: dict[tuple[str, frozenset[str] | None], list[Candidate]]
    ) -> bool:
        """Rank a mention on its own (`ranked`: the names ranked so far in the report); True when it
        is ambiguous (it waits for context)."""
        mention = span.value
        if span.source != "cue":  # a name only found after a cue is unknown to the gazetteer
            key = (mention.text or mention.key, _kinds(mention.kinds))
            if key not in ranked:
                ranked[key] = rank(self.index, key[0], kinds=key[1])
            mention.candidates = list(ranked[key])
            best = mention.best
            if mention.cue in self.strict and best and mention.kinds and best.place.kind not in mention.kinds:
                mention.candidates = []  # "محله الجولان" is not the Golan: unresolved, flagged
        candidates = mention.candidates
        return len(candidates) > 1 and candidates[0].score - candidates[1].score < CLEAR_MARGIN


#: A capital or city of another country named as the place of something (`in Ankara`), in the
#: dateline, in a list with another kept place or before `-based` is a place; named otherwise it
#: stands for its state (`تنفذها واشنطن`, `backed by Washington`, `Moscow said`): an actor's
#: metonym, not a place.
_BASED = re.compile(r"\s*-?\s*based\b")
_JOINED = re.compile(r"\s*(?:,|،|و|and)\s*$")
#: The dateline: the text's first words up to a dash, a colon or a bracket (`AMMAN -`,
#: `اسطنبول بيروت "رويترز":`, `BEIRUT, May 21 (AFP):`).
_DATELINE = re.compile(r"\A[\s\"'«“(]*(?:[^\W\d_][\w'’]*[\s,]*){1,4}(?=[-–—:(\"«]|\d)")


def _dateline_end(lead: str) -> int:
    """Where the dateline at the head of a text ends (0: none). Before a number it must be in
    capitals where the script has them (`BEIRUT Aug 6`, `دمشق 12 ديسمبر`, not `Washington said 5`)."""
    match = _DATELINE.match(lead)
    if not match:
        return 0
    first = match.group().split()[0].strip("\"'«“(,")
    if lead[match.end()].isdigit() and first.isascii() and not first.isupper():
        return 0
    return match.end()


def _foreign_cities_as_places(doc: Doc, spans: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    g = grammar(doc.lang)
    if not g.enabled("city-stands-for-state"):
        return spans
    text, context = doc.text, g["place-context"]
    dateline_end = _dateline_end(doc.norm.raw[:80])
    kept: list[Span[PlaceMention]] = []
    for span in spans:
        best = span.value.best
        foreign_city = best is not None and best.place.country not in COUNTRIES and best.place.kind in SETTLEMENT_KINDS
        if (
            not foreign_city
            or span.value.cue
            or context.search(text, max(0, span.start - 24), span.start)
            or _BASED.match(text, span.end)
            or doc.norm.raw_span(span.start, span.end)[1] <= dateline_end
            or (kept and kept[-1].end <= span.start and _JOINED.match(text, kept[-1].end, span.start))
        ):
            kept.append(span)
    return kept


__all__ = ["PlaceResolver"]
