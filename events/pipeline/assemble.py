"""Mentions of a clause → events and control claims, each with the clause that proves it.

Clauses: a sentence is cut at `؛`, `:`, `که` (what follows "said that" is the news) and at
`و` when an actor starts the next part ("... آزاد شده و نیروهای دموکراتیک سوریه در حال
پیشروی ..."). Each clause with event words gives at most one event per kind.

Roles, from the markers of the trigger lexicon and word order:
* agent: the actor after `توسط`/`به دست`/`از سوی`, after a siege noun (`در محاصره Y`), or
  else the first actor before the event word (the subject), or else after it; when the clause
  names none, the agent of the sentence, then of the previous sentence (same story);
* patient: another actor of the clause, `از کنترل X`/`از چنگ X`, or the holder the report
  gives with `تحت کنترل X`;
* places: the clause's places that can be event locations (not countries; a governorate only
  when no smaller place is named); `این منطقه`/`این مناطق` refer to the places of the
  previous sentence.

Intentions, denials and negations (`قصد دارد`, `تکذیب کرد`, `نتوانستند`) make no event;
claims (`ادعا کرد`) and background (`پیش از این`, or a date weeks before publication) are kept,
marked and scored lower.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from .doc import ControlClaim, Doc, EventCandidate, Span, SpanIndex
from .labels import (
    ACTOR,
    CAPTURE,
    CIVILIANS,
    DATE,
    EVENT_KINDS,
    HOLDER_FOR,
    OTHER,
    PLACE,
    SIEGE,
    SURRENDER,
    TRIGGER,
    allies,
)
from .places import FACILITY_CUES, PlaceMention, is_verb

CLAUSE_BREAK = re.compile(r"؛|:|(?<=\s)که(?=\s)|\n|(?<=\s)(?:اما|ولی|اگرچه)(?=\s)")
ANAPHORA = re.compile(
    r"(?:این |آن )(?:منطقه|مناطق|شهر|شهرک|روستا|روستاها|شهرها|سد|پایگاه)|(?:^|\s)(?:شهر|شهرک|سد|پایگاه|روستا) (?:را|از|به|در|و|،)|(?:از|در|به) (?:شهر|شهرک|سد|پایگاه|روستا)(?:\s|$|،)"
)
DROP_MODIFIERS = frozenset({"intention", "denial", "negation"})
CARRIED_MODIFIERS = frozenset({"claim", "denial", "intention"})
ANAPHORIC_ACTOR = re.compile(r"\s*(?:این|آن|همین) (?:گروه|گروهک|نیروها|شبه نظامیان|تروریست ها)")
ANAPHORIC_SUBJECT = re.compile(r"(?:این|آن|همین) (?:نیروها|نیرو|گروه|شبه نظامیان|جنگجویان|رزمندگان|تروریست ها|واحدها)")
#: In these reports ISIS and HTS capture (تصرف) but never "liberate": a liberation verb with no
#: agent in the clause cannot be theirs.
LIBERATION_WORDS = ("ازاد", "پاکساز", "بازپس", "پس گرفت", "پس گیری", "حرر", "تحرير", "liberat")
NEVER_LIBERATORS = frozenset({"ISIS", "HTS"})
#: "درگیری با (باقیمانده عناصر) داعش": an actor after a preposition is not the subject.
OBJECT_OF_PREPOSITION = re.compile(
    r"(?:^|\s)(?:با|از|علیه|ضد|بر ضد|به|بر|برای|میان|بین)(?: (?:باقیمانده|عناصر|نیروهای|تروریست ها|شبه نظامیان|مواضع|گروه))* $"
)
FROM = re.compile(r"(?:^|\s)از (?:دست |گروه |عناصر )?$")
SIEGE_BROKEN = re.compile(r"شکسته (?:شد|شده)|(?:را )?شکستند|شکستن")
#: "ارتش" alone (no country named): the army of the country where the event happens.
BARE_ARMY = re.compile(r"(?:^|\s)(?:ارتش|اردو|نیروهای ارتش)(?=\s|$|[.،])")
ARMIES = {"SY": "Syrian Arab Army", "IQ": "Iraqi Security Forces"}
FRAMING = re.compile(r"(?:^|\s)(?:پس از|در پی|به دنبال|بعد از)(?: [^\s]+)? $")
REFERS_BACK = re.compile(r"(?:^|\s)(?:این|همین|آن) $")
#: Kinds that are only news when the report says where.
NEED_PLACE = frozenset({"battle", "siege", "capture_or_liberation"})
BACKGROUND_DAYS = 45
NON_LOCATION_KINDS = frozenset({"country"})
BROAD_KINDS = frozenset({"governorate", "region", "river"})


def _clauses(doc: Doc, sentence: Span, actor_index: SpanIndex) -> list[tuple[int, int]]:
    text = doc.text
    cuts = [sentence.start]
    for m in CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        cuts.append(m.start())
        if m.group() == "که":  # "X، که از سوی آمریکا پشتیبانی می‌شوند، Y": the relative clause ends at its verb
            comma = text.find("،", m.end(), sentence.end)
            if comma > 0 and _ends_with_verb(text[m.end() : comma]):
                cuts.append(comma)
    actors = actor_index.inside(sentence.start, sentence.end)
    ends = {a.end for a in actors}
    for a in actors:  # "... و <actor> ..." starts a new clause, unless it joins two actors
        before = text[max(sentence.start, a.start - 3) : a.start]
        if before.endswith(" و ") and (a.start - 3) not in ends:
            cuts.append(a.start - 2)
    cuts = sorted(set(cuts)) + [sentence.end]
    return [(s, e) for s, e in zip(cuts, cuts[1:]) if text[s:e].strip()]


def _ends_with_verb(chunk: str) -> bool:
    words = chunk.split()
    return bool(words) and is_verb(words[-1])


def _inside(spans: SpanIndex, start: int, end: int) -> list[Span]:
    return spans.inside(start, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ،,؛:«»\"'.\n":
        start += 1
    while end > start and text[end - 1] in " ،,؛:«»\"'.\n":
        end -= 1
    if text[start : start + 3] == "که ":
        start += 3
    return start, end


EVENT_COUNTRIES = frozenset({"SY", "IQ"})
SPEAKER = re.compile(r"(?:^|\s)(?:به گفته|به ادعای|به اعلام|از سوی) $")
REFERENCE = re.compile(
    r"(?:^|\s)(?:در|از|به) (?:شمال|جنوب|شرق|غرب|نزدیکی|اطراف|حومه|کیلومتری|کنار|سواحل|ساحل)(?: (?:شرقی|غربی|شمال|جنوب|شرق|غرب))?(?: (?:شهر|استان|روستای|رود|رودخانه|دریای))? $"
)


def _event_places(places: list[Span]) -> list[Span]:
    usable = [
        p
        for p in places
        if not (
            p.value.best
            and (p.value.best.place.kind in NON_LOCATION_KINDS or p.value.best.place.country not in EVENT_COUNTRIES)
        )
        and not p.attrs.get("speaker")
    ]
    small = [p for p in usable if not (p.value.best and p.value.best.place.kind in BROAD_KINDS)]
    chosen = small or usable
    return [p for p in chosen if not p.attrs.get("reference")]


def _reference_places(places: list[Span]) -> list[Span]:
    return [
        p for p in places if p.attrs.get("reference") and p.value.best and p.value.best.place.country in EVENT_COUNTRIES
    ]


def _after(text: str, spans: list[Span], position: int, limit: int = 40) -> Span | None:
    """The first span starting within `limit` characters after `position`."""
    for s in sorted(spans, key=lambda s: s.start):
        if position <= s.start <= position + limit:
            return s
    return None


class Assembler:
    name = "assemble"
    requires = ("tokens", PLACE, ACTOR, TRIGGER, DATE)
    assigns = ("events", "control")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        places, actors, triggers, dates = (SpanIndex(doc.group(k)) for k in (PLACE, ACTOR, TRIGGER, DATE))
        self._all_actors, self._actor_starts = actors, actors.starts
        self._told: dict[tuple, list[EventCandidate]] = {}  # events by (kind, places), for restatements
        self._counts = None
        previous_places: list[Span] = []
        previous_agent: str | None = None
        for place in places.spans:  # "به گفته دمشق": the government speaking, not a location
            if SPEAKER.search(text[max(0, place.start - 12) : place.start]):
                place.attrs["speaker"] = True
            if REFERENCE.search(text[max(0, place.start - 30) : place.start]) or place.value.cue == "محور":
                place.attrs["reference"] = True  # "در غرب موصل", "از محور خازر": a point of reference
        events: list[EventCandidate] = []
        control: list[ControlClaim] = []
        for sentence in doc.sentences:
            first_event = len(events)
            sentence_agent = None
            sentence_places = _inside(places, sentence.start, sentence.end)
            sentence_actors = _inside(actors, sentence.start, sentence.end)
            sentence_default = next(
                (a.value for a in sentence_actors if a.value != "civilians" and not a.attrs.get("country_name")), None
            )
            clause_places_before: list[Span] = []
            carried: set[str] = set()  # "X ادعا کرد که ...": a claim covers the clauses after it
            for start, end in _clauses(doc, sentence, actors):
                clause_triggers = _inside(triggers, start, end)
                clause_actors = _inside(actors, start, end)
                clause_places = _inside(places, start, end)
                modifiers = {t.value.kind for t in clause_triggers if t.value.kind not in EVENT_KINDS} | carried
                carried |= modifiers & CARRIED_MODIFIERS
                holder = self._holder(text, clause_triggers, clause_actors)
                located = _event_places(clause_places)
                if not located and ANAPHORA.search(text, start, end):
                    located = list(previous_places)
                if not located:
                    located = _reference_places(clause_places)  # "در غرب موصل" when nothing else
                if holder:
                    for place in located:
                        control.append(ControlClaim(place, holder, [], _trim(text, start, end), event=None))
                kinds: dict[str, Span] = {}
                framing: set[str] = set()
                for trig in clause_triggers:
                    if trig.value.kind not in EVENT_KINDS or REFERS_BACK.search(
                        text[max(start, trig.start - 6) : trig.start]
                    ):
                        continue  # "با این پیشروی": an event already told
                    if FRAMING.search(text[max(start, trig.start - 12) : trig.start]):
                        framing.add(trig.value.kind)  # "پس از سقوط شهر ...": what came before the news
                    known = kinds.get(trig.value.kind)
                    framed = bool(FRAMING.search(text[max(start, trig.start - 12) : trig.start]))
                    known_framed = known is not None and bool(
                        FRAMING.search(text[max(start, known.start - 12) : known.start])
                    )
                    if (
                        known is None
                        or ("partial" in known.value.note and "partial" not in trig.value.note)
                        or (known_framed and not framed)
                    ):
                        kinds[trig.value.kind] = trig  # a full capture beats an entry; the news beats its lead-up
                if "battle" in kinds and len(kinds) > 1:
                    kinds.pop("battle")  # "پس از هفته‌ها نبرد، آتش‌بس ...": fighting frames the news
                for kind in framing:
                    if (
                        len(kinds) > 1
                        and kind in kinds
                        and FRAMING.search(text[max(start, kinds[kind].start - 12) : kinds[kind].start])
                    ):
                        kinds.pop(kind)
                if SIEGE in kinds and SIEGE_BROKEN.search(text, start, end):
                    kinds.pop(CAPTURE, None)  # "محاصره ... شکسته شد": breaking a siege is a battle
                    kinds.setdefault("battle", kinds.pop(SIEGE))
                if kinds and not modifiers & DROP_MODIFIERS:
                    for kind, trig in kinds.items():
                        lead_up = [
                            t
                            for t in clause_triggers
                            if t is not trig
                            and t.value.kind in EVENT_KINDS
                            and FRAMING.search(text[max(start, t.start - 12) : t.start])
                        ]
                        if lead_up and located:  # "پس از پاکسازی شهر X، ... Y را گرفتند": X is the lead-up
                            located = [
                                p
                                for p in located
                                if not any(t.start < p.start < _clause_comma(text, t.end, end) for t in lead_up)
                            ] or located
                        where = (
                            located
                            or clause_places_before
                            or ([] if kind in NEED_PLACE or sentence_places else previous_places)
                        )
                        before_trigger = ANAPHORA.search(text, start, trig.start)
                        if before_trigger and previous_places and not any(p.start < trig.start for p in located):
                            where = list(
                                previous_places
                            )  # "بر این شهر سیطره یافت و ... معبد بل را": the city named before
                        event = self._event(
                            doc, kind, trig, sentence, (start, end), clause_triggers, clause_actors, where, dates
                        )
                        if kind in NEED_PLACE and not event.places:
                            continue  # "حلقه محاصره" in general talk: no place, no event
                        if event.actor1 is None and kind != OTHER:
                            fallbacks = [
                                sentence_agent,
                                *(
                                    a.value
                                    for a in sentence_actors
                                    if a.value != "civilians"
                                    and not a.attrs.get("country_name")
                                    and a.value not in event.actor1_also
                                ),
                                previous_agent,
                                *self._by_frequency(doc),
                            ]
                            if previous_agent and ANAPHORIC_SUBJECT.search(text, start, trig.start):
                                fallbacks.insert(0, previous_agent)  # "این نیروها ...": the force just named
                            bare = BARE_ARMY.search(text, sentence.start, sentence.end)
                            army = _army(event) if bare and not actors.overlapping(bare.start(), bare.end()) else None
                            if army:
                                fallbacks.insert(0, army)  # "به تصرف ارتش درآمد": the army of that country
                            liberation = any(w in text[trig.start : trig.end] for w in LIBERATION_WORDS)
                            agent = next(
                                (
                                    a
                                    for a in fallbacks
                                    if a and a != event.actor2 and not (liberation and a in NEVER_LIBERATORS)
                                ),
                                None,
                            )
                            event.actor1 = agent
                            if kind == CAPTURE and event.control_to is None:
                                event.control_to = agent
                        if self._repeats(doc, event, events):
                            continue  # the report restates an event it already gave
                        if event.actor2 is None and event.actor1 and kind not in (OTHER, SURRENDER):
                            event.actor2 = self._adversary(doc, [event.actor1, *event.actor1_also], sentence_actors)
                            if kind == CAPTURE and event.control_from is None and event.actor2 != "civilians":
                                event.control_from = event.actor2
                        if kind == CAPTURE and event.control_to:
                            country = next((p.value.best.place.country for p in event.places if p.value.best), None)
                            event.control_to = HOLDER_FOR.get((event.control_to, country), event.control_to)
                        event.background = event.background or "background" in modifiers or self._old(doc, event)
                        event.claim = "claim" in modifiers
                        event.confidence = self._confidence(event)
                        sentence_agent = event.actor1 or sentence_agent
                        events.append(event)
                        control.extend(self._control_from_event(event, holder))
                if located:
                    clause_places_before = located
            _drop_fighting_before_capture(events, first_event)
            if sentence_places:
                previous_places = _event_places(sentence_places)
            previous_agent = sentence_agent or sentence_default or previous_agent
        control = _merge_control(control)
        doc.events = events
        doc.control = control
        return doc

    def _repeats(self, doc: Doc, event: EventCandidate, events: list[EventCandidate]) -> bool:
        """The same kind at the same places by the same side, not at another time, as an
        earlier event: the report restating its news (a capture by the other side, or one
        dated years before, is another event)."""
        ids = _place_ids(event)
        if not ids:
            return False
        for other in self._told.get((event.kind, ids), ()):
            if event.kind == CAPTURE and (
                other.control_to != event.control_to or (other.actor1 and event.actor1 and other.actor1 != event.actor1)
            ):
                continue  # a capture by the other side is another event
            if other.background != (event.background or self._old(doc, event)):
                continue
            if other.date and event.date and other.date.iso != event.date.iso:
                continue
            return True
        self._told.setdefault((event.kind, ids), []).append(event)
        return False

    def _holder(self, text: str, triggers: list[Span], actors: list[Span]) -> str | None:
        for trig in triggers:
            if trig.value.kind == "marker" and trig.value.role == "holder-after":
                found = _after(text, actors, trig.end)
                if found:
                    return found.value
        return None

    def _event(self, doc, kind, trig, sentence, clause, triggers, actors, event_places, dates) -> EventCandidate:
        text = doc.text
        start, end = clause
        agent = patient = None
        control_from = None
        bound: dict[int, str] = {}  # actor start → the role a marker gives it
        for marker in (t for t in triggers if t.value.kind == "marker"):
            found = _after(text, actors, marker.end)
            if marker.value.role == "agent-after" and ANAPHORIC_ACTOR.match(text, marker.end):
                found = self._last_actor_before(marker.start)  # "به دست این گروه": the group named last
            if found is None or found.start in bound:
                continue
            bound[found.start] = marker.value.role
            if marker.value.role == "agent-after" and agent is None:
                agent = found.value
            elif marker.value.role in ("from-holder", "holder-after") and control_from is None:
                control_from = found.value
        if kind == CAPTURE and agent is None and text[trig.start : trig.start + 3] == "به ":
            found = _after(text, actors, trig.end, limit=25)  # "به تصرف ارتش درآمد": the army took it
            if found and found.start not in bound:
                agent = found.value
                bound[found.start] = "agent-after"
        if kind == CAPTURE:  # "... را از داعش پس گرفتند": the previous holder
            for a in actors:
                if a.start not in bound and a.end <= trig.start and FROM.search(text[max(0, a.start - 12) : a.start]):
                    bound[a.start] = "from-holder"
                    control_from = control_from or a.value
        if kind == SIEGE and agent is None:
            found = _after(text, actors, trig.end, limit=30)
            if found and found.start not in bound:
                agent = found.value
                bound[found.start] = "agent-after"
        free = [a for a in actors if a.start not in bound and (a.value != "civilians" or kind == CIVILIANS)]
        if agent is None:
            before = [
                a
                for a in free
                if a.end <= trig.start and not OBJECT_OF_PREPOSITION.search(text[max(0, a.start - 30) : a.start])
            ]
            after = [a for a in free if a.start >= trig.end]
            if before:
                agent = before[0].value
            elif after and kind not in (CAPTURE, SIEGE):
                agent = after[0].value
        also = [a.value for a in actors if bound.get(a.start) == "support-after" and a.value != agent]
        if agent:  # "به دست نیروهای ارتش، پلیس فدرال و حشد الشعبی": all of them
            also += [v for v in _coordinated(text, actors, agent) if v not in also]
        if kind == SIEGE and agent:  # "تحت محاصره X و Y": both besiege
            also += [
                a.value
                for a in actors
                if a.start > trig.end
                and a.value not in (agent, *also)
                and bound.get(a.start) is None
                and a.value != "civilians"
            ]
        others = [a.value for a in actors if a.value not in (agent, "civilians", *also) and not allies(a.value, agent)]
        if kind == CIVILIANS:
            patient = "civilians"
        elif control_from and control_from != agent:
            patient = control_from
        elif others:
            patient = others[0]
        date = next((d.value for d in dates.inside(start, end)), None)
        date = date or next((d.value for d in dates.inside(sentence.start, sentence.end)), None)
        event = EventCandidate(
            kind=kind,
            trigger=trig,
            sentence=sentence,
            evidence=_trim(text, start, end),
            places=event_places,
            actor1=agent,
            actor2=patient if patient != agent else None,
            actor1_also=also,
            date=date,
            partial="partial" in trig.value.note,
        )
        if kind == CAPTURE:
            event.control_to = agent
            event.control_from = control_from or (patient if patient not in (None, "civilians") else None)
        return event

    def _last_actor_before(self, position: int) -> Span | None:
        i = bisect_left(self._actor_starts, position) - 1
        while i >= 0:
            actor = self._all_actors.spans[i]
            if actor.value != "civilians" and not actor.attrs.get("country_name"):
                return actor
            i -= 1
        return None

    def _by_frequency(self, doc: Doc) -> list[str]:
        """The report's actors, most often named first (the story's protagonists)."""
        if self._counts is None:
            self._counts = {}
            for a in doc.group(ACTOR):
                if not a.attrs.get("country_name") and a.value != "civilians":
                    self._counts[a.value] = self._counts.get(a.value, 0) + 1
        return sorted(self._counts, key=lambda k: (-self._counts[k], k))

    def _adversary(self, doc: Doc, side: list[str], sentence_actors: list[Span]) -> str | None:
        """The other side when the clause names only one: another actor of the sentence,
        else the actor the report names most often besides `side`."""
        skip = {*side, "civilians"}
        for a in sentence_actors:
            if a.value not in skip and not any(allies(a.value, s) for s in side):
                return a.value
        self._by_frequency(doc)
        counts = {k: v for k, v in self._counts.items() if k not in skip and not any(allies(k, s) for s in side)}
        return max(counts, key=lambda k: (counts[k], k)) if counts else None

    def _old(self, doc: Doc, event: EventCandidate) -> bool:
        if event.date is None or doc.published is None:
            return False
        return (doc.published - event.date.last) > dt.timedelta(days=BACKGROUND_DAYS)

    def _confidence(self, event: EventCandidate) -> float:
        score = 0.55
        score += 0.1 if event.actor1 else 0.0
        score += 0.1 if any(isinstance(p.value, PlaceMention) and p.value.resolved for p in event.places) else 0.0
        score += 0.05 if event.date else 0.0
        score -= 0.25 if event.claim else 0.0
        score -= 0.15 if event.background else 0.0
        return round(max(0.05, min(score, 0.95)), 2)

    def _control_from_event(self, event: EventCandidate, holder: str | None) -> list[ControlClaim]:
        if event.kind == CAPTURE and event.control_to and not event.partial:
            return [ControlClaim(p, event.control_to, [], event.evidence, event.date, event) for p in event.places]
        if event.kind == SIEGE and event.actor1:
            besiegers = [event.actor1, *event.actor1_also]
            held_by = holder or event.actor2
            return [ControlClaim(p, held_by, besiegers, event.evidence, event.date, event) for p in event.places]
        return []


def _merge_control(claims: list[ControlClaim]) -> list[ControlClaim]:
    """One claim per place and clause: the holder from `تحت کنترل X`, the besiegers from the siege."""
    merged: dict[tuple[int, tuple[int, int]], ControlClaim] = {}
    for claim in claims:
        key = (claim.place.start, claim.evidence)
        if key not in merged:
            merged[key] = claim
            continue
        kept = merged[key]
        kept.holder = kept.holder or claim.holder
        kept.besieged_by = list(dict.fromkeys([*kept.besieged_by, *claim.besieged_by]))
        kept.event = kept.event or claim.event
        kept.date = kept.date or claim.date
    return list(merged.values())


def _place_ids(event: EventCandidate) -> frozenset:
    """Identity of an event's places; a facility (`پالایشگاه بیجی`) is not its town."""
    return frozenset(
        (p.value.best.place.id if p.value.best else p.value.key, p.value.cue if p.value.cue in FACILITY_CUES else None)
        for p in event.places
    )


def _drop_fighting_before_capture(events: list[EventCandidate], first: int) -> None:
    """Fighting that a sentence reports as leading to a capture is part of the capture
    ("پس از سه ماه نبرد به کنترل ... درآمد"): drop the battle of that sentence."""
    captures = [e for e in events[first:] if e.kind == CAPTURE]
    if not captures:
        return
    keep = []
    for event in events[first:]:
        ids = _place_ids(event)
        if event.kind == "battle" and any(not ids or ids & _place_ids(c) for c in captures):
            continue
        keep.append(event)
    events[first:] = keep


_JOIN = re.compile(r"^\s*(?:،|,|و)\s*(?:نیروهای\s*)?$")


def _coordinated(text: str, actors: list[Span], agent: str) -> list[str]:
    """Actors joined to the agent's mention by `،` or `و` (a list of allies)."""
    ordered = sorted(actors, key=lambda a: a.start)
    out: list[str] = []
    for i, a in enumerate(ordered):
        if a.value != agent:
            continue
        j = i
        while j + 1 < len(ordered) and _JOIN.match(text[ordered[j].end : ordered[j + 1].start]):
            j += 1
            if ordered[j].value not in (agent, "civilians") and ordered[j].value not in out:
                out.append(ordered[j].value)
        break
    return out


def _army(event: EventCandidate) -> str | None:
    countries = {p.value.best.place.country for p in event.places if p.value.best}
    return ARMIES.get(next(iter(countries))) if len(countries) == 1 else None


def _clause_comma(text: str, position: int, end: int) -> int:
    comma = text.find("،", position, end)
    return comma if comma >= 0 else end
