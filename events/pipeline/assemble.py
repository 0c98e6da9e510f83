"""Mentions of a clause → events and control claims, each with the clause that proves it.

The assembler walks the sentences (`clauses.py` cuts them), gives each event word of a clause
its roles (`roles.py`), fills what the clause leaves out from the story so far, and decides what
is news (`scoring.py`). Each clause gives at most one event per kind.

* Places: the clause's places that can be event locations (in Syria or Iraq, not countries; a
  governorate or region only when no smaller place of its governorate is named, not a speaker
  `به گفته دمشق`, not a point of reference `در غرب موصل` unless nothing else is named, never the
  dateline's place `BEIRUT (AFP) -`; a capture
  or a holder takes the smaller places only); `این منطقه`/`این مناطق` refer to the places of the
  previous sentence. An event with no place at all is no news, except a ceasefire, a
  withdrawal or a defection (`other`, `surrender_or_defection`).
* Agent, when the clause names none: the agent of the sentence, the force just named
  (`این نیروها`), the army of the event's country (`ارتش` alone; for a liberation the state's
  military or security sources tell, `مصادر عسكرية عراقية`), the sentence's other actors,
  the agent of the previous sentence, then the report's most named actor. ISIS and HTS never
  "liberate".
* Intentions, denials and negations (`قصد دارد`, `تکذیب کرد`, `نتوانستند`) make no event;
  claims (`ادعا کرد`) and background (`پیش از این`, or a date weeks before publication) are
  kept, marked and scored lower. An entry (`وارد شدند`) with no force named in its clause is no
  capture (buses, aid, evacuees).
* Deaths told with their place (`victim-subject` words, English headlines: "5 soldiers killed
  in X", "casualties in X") are an event only where no other word of their kind is in the clause
  and the place is smaller than a governorate; their subject is the victim.

Everything about one document lives in a `Story` made per call: one Assembler serves every
thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gazetteer.kinds import BROAD_KINDS, COUNTRIES
from lib.text import fold

from .clauses import Clause, clause_comma, clauses, framed, refers_back, trim
from .doc import ActorRef, ControlClaim, DateMention, Doc, EventCandidate, PlaceMention, Span, SpanIndex
from .grammar import Grammar, grammar
from .labels import (
    AIR_FORCES,
    AIRSTRIKE,
    CAPTURE,
    CIVILIANS,
    EVENT_KINDS,
    HOLDER_FOR,
    OTHER,
    SIEGE,
    STATE_OF,
    SURRENDER,
    allies,
)
from .lexicon import TriggerEntry, place_cues, place_word_notes
from .roles import CIVILIAN, VICTIM_SUBJECT, after, assign, holder_named
from .scoring import Restatements, confidence, control_from_event, drop_fighting_before_capture, is_old, merge_control

DROP_MODIFIERS = frozenset({"intention", "denial", "negation"})
CARRIED_MODIFIERS = frozenset({"claim", "denial", "intention"})
#: In these reports ISIS and HTS capture (تصرف) but never "liberate": a liberation verb with no
#: agent in the clause cannot be theirs.
NEVER_LIBERATORS = frozenset({"ISIS", "HTS"})
#: Kinds that take the previous sentence's places only where the language's reports do so.
NEED_PLACE = frozenset({"battle", SIEGE, CAPTURE})
#: Kinds that are news without a place: a ceasefire, a withdrawal, a defection. Every other kind is
#: only news where the report says (or has just said) where: "the coalition has been conducting
#: strikes", "suicide bombings", "killing civilians" alone are talk about the war.
PLACELESS_KINDS = frozenset({OTHER, SURRENDER})
#: How far after a withdrawal word the force that withdrew is named (`با خروج نیروهای دولتی`).
WITHDRAWN_FORCE = 30
#: How far before an event word its `needs-before` pattern is looked for (within its clause).
NEEDS_BEFORE = 80
#: The army of each country whose places can be event locations.
ARMIES = {"SY": "Syrian Arab Army", "IQ": "Iraqi Security Forces"}
#: A dateline opens the text: a place this far in is not one.
DATELINE_LEAD = 80
#: "The dam", "the province" refer back at most this many characters (a report's few paragraphs).
ANAPHORA_CHARS = 3000


@dataclass
class Story:
    """What one assembly knows about its document; made per call, never kept on the Assembler."""

    doc: Doc
    g: Grammar
    places: SpanIndex[PlaceMention]
    actors: SpanIndex[ActorRef]
    triggers: SpanIndex[TriggerEntry]
    dates: SpanIndex[DateMention]
    speakers: set[int] = field(default_factory=set)  # ids of places that speak (`به گفته دمشق`)
    references: set[int] = field(default_factory=set)  # ids of places of reference (`در غرب موصل`)
    datelines: set[int] = field(default_factory=set)  # ids of the places of the dateline (`BEIRUT (AFP) -`)
    told: Restatements | None = None
    counts: dict[str, int] | None = None
    previous_places: list[Span[PlaceMention]] = field(default_factory=list)
    previous_agent: str | None = None
    events: list[EventCandidate] = field(default_factory=list)
    control: list[ControlClaim] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> Story:
        story = cls(
            doc,
            grammar(doc.lang),
            SpanIndex(doc.places),
            SpanIndex(doc.actors),
            SpanIndex(doc.triggers),
            SpanIndex(doc.dates),
        )
        story.told = Restatements(doc.published)
        text, reference_cues = doc.text, {c.cue for c in place_cues() if "reference" in c.flags}
        for place in story.places.spans:
            if _dateline(story, place):
                story.references.add(id(place))  # "BEIRUT (AFP) -", "دمشق 12 ديسمبر /": where it was filed
                story.datelines.add(id(place))
            if story.g["speaker"].search(text[max(0, place.start - 12) : place.start]):
                story.speakers.add(id(place))  # "به گفته دمشق": the government speaking, not a location
            if place.value.near or place.value.cue in reference_cues:
                story.references.add(id(place))  # "در غرب موصل", "از محور خازر": a point of reference
        for inner, outer in zip(story.places.spans, story.places.spans[1:]):
            if _contains(story, inner, outer):
                story.references.add(id(outer))  # "روستای X در Y", "محله X حلب": Y only locates X
        return story

    @property
    def text(self) -> str:
        return self.doc.text

    def event_places(self, places: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
        """The places of a clause that can be event locations: a governorate or region only when no
        smaller place of its governorate is named ("Hajin in Deir ez-Zor province": Hajin; "in
        Deir ez-Zor and Raqqa province": both)."""
        usable = [p for p in places if not _foreign_or_country(p) and id(p) not in self.speakers]
        small = [
            p for p in usable if not ((best := p.value.best) and best.place.kind in BROAD_KINDS) and not self.area(p)
        ]
        inside = {best.place.admin1 for p in small if (best := p.value.best)}
        broad = [
            p
            for p in usable
            if p not in small
            and (best := p.value.best)
            and best.place.kind in ("governorate", "region")
            and best.place.admin1
            and best.place.admin1 not in inside
        ]
        kept = [p for p in usable if p in small or p in broad] if small else usable
        return [p for p in kept if id(p) not in self.references]

    def area(self, place: Span[PlaceMention]) -> bool:
        """`ریف شمالی حلب`, `حومه درعا`: the countryside around a town, as broad as a region."""
        return bool(self.g["countryside"].match(self.text, place.start, place.end))

    def reference_places(self, places: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
        return [
            p
            for p in places
            if id(p) in self.references
            and id(p) not in self.datelines  # where the report was filed locates none of its events
            and (best := p.value.best)
            and best.place.country in COUNTRIES
            and best.place.kind != "country"  # "شرق سوريا", "in eastern Syria": no event location
        ]

    def kind_named_before(self, clause: Clause) -> list[Span[PlaceMention]]:
        """`the province`, `المدينة`, `این شهر` in a clause that names no place: the last place of
        that kind named before it, in Syria or Iraq."""
        pattern, kinds = _kind_anaphora(self.doc.lang)
        found = pattern.search(self.text, *clause) if pattern else None
        return self._last_of_kind(kinds.get(found.group(1), ()), clause[0]) if found else []

    def object_named_before(self, trig: Span[TriggerEntry]) -> list[Span[PlaceMention]]:
        """ "X seized the city, and later ... in Baghdad": where the object follows the
        capture word (`capture-object-after`) and is `the city`, the city is the one named before,
        not a place the rest of the clause names."""
        pattern, kinds = _kind_anaphora(self.doc.lang)
        if pattern is None or not self.g.enabled("capture-object-after"):
            return []
        found = pattern.match(self.text, trig.end)
        return self._last_of_kind(kinds.get(found.group(1), ()), trig.start) if found else []

    def facility_object(self, trig: Span[TriggerEntry]) -> list[Span[PlaceMention]] | None:
        """ "took a military airport, ... in Homs province", "the fall of the refinery leaves
        Homs ...": a capture whose object is a facility named by its noun alone took that
        facility, not the town or province the clause names: the facility of that kind named
        before (`the`), else no place. None where the object is no such noun or is named."""
        found = self.g["facility-object"].match(self.text, trig.end)
        if not found or self.places.inside(trig.end, found.end()):
            return None
        return self._last_facility(found.group(2), trig.start) if found.group(1) == "the" else []

    def siege_told(self, clause: Clause, trig: Span[TriggerEntry]) -> list[Span[PlaceMention]]:
        """ "the fighters broke the siege by X and took the families to Y": `the siege`
        (`siege-anaphora`) is the siege the report told last, where it was, not where the
        clause goes on to."""
        if not self.g["siege-anaphora"].search(self.text[clause[0] : trig.end + 20]):
            return []
        told = [e for e in self.events if e.kind == SIEGE and e.places and e.trigger.start < trig.start]
        return list(told[-1].places) if told else []

    def _last_of_kind(self, wanted: tuple[str, ...], before: int) -> list[Span[PlaceMention]]:
        for place in reversed(self.places.inside(max(0, before - ANAPHORA_CHARS), before)):
            best = place.value.best
            if (
                best
                and best.place.kind in wanted
                and not _foreign_or_country(place)
                and id(place) not in self.references
            ):
                return [place]  # "140 km north of Baghdad ... the city": Baghdad only located the city
        return []

    def facility_named_before(self, clause: Clause) -> list[Span[PlaceMention]]:
        """`the dam`, `المطار`, `این پالایشگاه` in a clause that names no place: the last facility
        of that kind named before it (`Mosul dam`, `مطار الموصل`, `پالایشگاه بیجی`)."""
        found = self.g["facility-anaphora"].search(self.text, *clause)
        if not found:
            return []
        return self._last_facility(fold(found.group(1)), clause[0])

    def _last_facility(self, noun: str, before: int) -> list[Span[PlaceMention]]:
        """The last place named before `before` whose cue (or head noun: `Mosul Dam`) is `noun`."""
        for place in reversed(self.places.inside(max(0, before - ANAPHORA_CHARS), before)):
            cue = fold(place.value.cue or "") or _head_noun(self.text[place.start : place.end], noun)
            if cue and (cue == noun or cue.endswith(noun) or noun.endswith(cue)) and not _foreign_or_country(place):
                return [place]
        return []

    def by_frequency(self) -> list[str]:
        """The report's actors, most often named first (the story's protagonists)."""
        if self.counts is None:
            self.counts = {}
            for a in self.doc.actors:
                if not a.value.country_name and a.value.name != CIVILIAN:
                    self.counts[a.value.name] = self.counts.get(a.value.name, 0) + 1
        counts = self.counts
        return sorted(counts, key=lambda k: (-counts[k], k))

    def adversary(
        self, side: list[str], sentence_actors: list[Span[ActorRef]], country: str | None = None
    ) -> str | None:
        """The other side when the clause names only one: another actor of the sentence, else
        the actor the report names most often besides `side`. Between sides named as often, one
        of another state than the event's `country` (`STATE_OF`) is passed over; none when that
        leaves more than one (the report does not say which)."""
        skip = {*side, CIVILIAN}
        for a in sentence_actors:
            if a.value.name not in skip and not any(allies(a.value.name, s) for s in side):
                return a.value.name
        self.by_frequency()
        counts = {k: v for k, v in (self.counts or {}).items() if k not in skip and not any(allies(k, s) for s in side)}
        if not counts:
            return None
        most = max(counts.values())
        top = [k for k, v in counts.items() if v == most]
        if len(top) > 1 and country:
            top = [k for k in top if STATE_OF.get(k, country) == country] or top
        return top[0] if len(top) == 1 else None


@lru_cache(maxsize=16)
def _kind_anaphora(lang: str) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    """The pattern of nouns that refer back to a kind of place, and each noun's kinds."""
    notes = place_word_notes()
    base = lang.split("-")[0]
    kinds = {
        fold(noun): tuple(note.split(","))
        for (kind, code, noun), note in notes.items()
        if kind == "anaphora-kind" and code == base
    }
    template = grammar(lang)["kind-anaphora"].pattern
    if not kinds or template == "(?!)":
        return None, {}
    return re.compile(template % "|".join(re.escape(n) for n in sorted(kinds, key=len, reverse=True))), kinds


def _head_noun(mention: str, noun: str) -> str:
    """A gazetteer name that ends with the facility noun (`Mosul Dam`, matched whole with no cue
    word): that noun, else nothing."""
    return noun if mention.endswith(" " + noun) else ""


def _dateline(story: Story, place: Span[PlaceMention]) -> bool:
    """A place that opens the text and is followed by a date, an agency or a dash."""
    if place.start > DATELINE_LEAD:
        return False
    lead = story.text[: place.start]
    # read on the raw text: folding makes the dash of "BEIRUT -", "دمشق- ایرنا-" a space
    raw_end = story.doc.raw_span(place.start, place.end)[1]
    return not lead.strip(" \n\"'«“(") and bool(
        story.g["dateline"].match(story.text, place.end) or story.g["dateline"].match(story.doc.raw, raw_end)
    )


#: How large a kind of place is, to tell a place from the larger one that locates it.
_SIZE = {"city": 3, "town": 2, "district": 4, "governorate": 5, "region": 5, "country": 6}


def _broad(place: Span[PlaceMention]) -> bool:
    """A mention resolved to a governorate, a region or a country."""
    return bool((best := place.value.best) and best.place.kind in BROAD_KINDS)


def _size(place: Span[PlaceMention]) -> int:
    best = place.value.best
    return _SIZE.get(best.place.kind, 1) if best else 1


def _contains(story: Story, inner: Span[PlaceMention], outer: Span[PlaceMention]) -> bool:
    """`outer` follows `inner` with only `در` (and a cue word) or nothing between, is no smaller
    and, where both are resolved, of the same governorate: it says where `inner` is («روستاهای X و
    Y در Z», «محله X حلب», "Kafr Zita in Hama"), it is not a second place. A river or an area is
    not held so ("reach the Tigris in Mosul")."""
    if outer.start < inner.end or _size(outer) < _size(inner) or _broad(inner):
        return False
    a, b = inner.value.best, outer.value.best
    if a and b and a.place.admin1 and b.place.admin1 and a.place.admin1 != b.place.admin1:
        return False
    return bool(story.g["container-between"].fullmatch(story.text, inner.end, outer.start))


def _foreign_or_country(place: Span[PlaceMention]) -> bool:
    best = place.value.best
    return bool(best and (best.place.kind == "country" or best.place.country not in COUNTRIES))


@dataclass
class Sentence:
    """What the clauses of one sentence share."""

    span: Span[None]
    places: list[Span[PlaceMention]]
    actors: list[Span[ActorRef]]
    default: str | None  # the first armed actor named in the sentence
    agent: str | None = None  # the agent of the sentence's latest event
    subject: str | None = None  # a subject that lost a place ("این گروه ... بیرون رانده شد، اما ... آن را اشغال کرد")
    places_before: list[Span[PlaceMention]] = field(default_factory=list)
    carried: set[str] = field(default_factory=set)  # "X ادعا کرد که ...": a claim covers the clauses after it
    main_agent: str | None = None  # `main-clause-agent`: the agent of the sentence's first event word


class Assembler:
    name = "assemble"
    requires = ("doc.sentences", "spans.place", "spans.place.candidates", "spans.actor", "spans.trigger", "spans.date")
    assigns = ("doc.events", "doc.control")

    def __call__(self, doc: Doc) -> Doc:
        story = Story.of(doc)
        for sentence in doc.sentences:
            self._sentence(story, sentence)
        doc.events = story.events
        if story.g.enabled("province-summaries"):
            doc.events = _without_province_summaries(story.events)
        doc.control = merge_control(story.control)
        return doc

    def _sentence(self, story: Story, span: Span[None]) -> None:
        first_event = len(story.events)
        actors = story.actors.inside(span.start, span.end)
        default = next((a.value.name for a in actors if a.value.name != CIVILIAN and not a.value.country_name), None)
        sentence = Sentence(span, story.places.inside(span.start, span.end), actors, default)
        for clause in clauses(story.text, span, story.actors, story.g):
            self._clause(story, sentence, clause)
        drop_fighting_before_capture(
            story.events, first_event, lambda e: bool(story.g["relative-passive"].match(story.text, e.evidence[0]))
        )
        if sentence.places:
            story.previous_places = story.event_places(sentence.places)
        story.previous_agent = sentence.main_agent or sentence.agent or sentence.default or story.previous_agent

    def _clause(self, story: Story, sentence: Sentence, clause: Clause) -> None:
        text, (start, end) = story.text, clause
        triggers = story.triggers.inside(start, end)
        actors = story.actors.inside(start, end)
        carried = set(sentence.carried)  # what the clauses before this one said of the sentence
        if story.g["fact-clause"].match(text, start):
            carried.discard("intention")  # "it will be the biggest defeat since X captured Y": Y's capture is a fact
        purposes = _purpose_phrases(text, clause, triggers)
        modifiers = {
            t.value.kind for t in triggers if t.value.kind not in EVENT_KINDS and not _inside(t.start, purposes)
        } | carried
        sentence.carried |= modifiers & CARRIED_MODIFIERS
        holder = holder_named(text, triggers, actors)
        located = self._located(story, clause)
        held = [p for p in _smallest(located) if id(p) not in story.references]  # "north of Baghdad": not held
        if holder:
            evidence = trim(text, start, end, story.g)
            story.control += [ControlClaim(place, holder, [], evidence, event=None) for place in held]
        if purposes:  # an event word its purpose phrase drops frames nothing ("X ... in order to take Y")
            triggers = [
                t for t in triggers if not (_inside(t.start, purposes) and _dropped(story, triggers, t, purposes))
            ]
        kinds = _kinds(story, clause, triggers)
        if kinds and not carried & DROP_MODIFIERS:
            for kind, trig in kinds.items():
                if _dropped(story, triggers, trig, purposes):
                    continue
                located = _without_lead_up(story, clause, triggers, trig, located)
                where = self._where(story, sentence, clause, kind, trig, located)
                if kind == "battle" and trig.value.kind == SIEGE:
                    where = story.siege_told(clause, trig) or where
                if kind != CAPTURE and where and story.g.enabled("reference-locates"):
                    where = where + [
                        p
                        for p in story.reference_places(story.places.inside(*clause))
                        if not _broad(p) and p not in where
                    ]  # "clashes near X", "shelling east of X and in Y": X locates them too (not a capture)
                if kind == CAPTURE:
                    where = story.object_named_before(trig) or where
                    facility = story.facility_object(trig)
                    where = where if facility is None else facility
                    where = [p for p in _smallest(where) if id(p) not in story.references]  # north of X: not X
                event = assign(text, story.g, story.actors, kind, trig, sentence.span, clause, triggers, actors, where)
                event.date = _date(story, clause, sentence.span)
                self._finish(story, sentence, event, modifiers, holder, clause)
        if located:
            sentence.places_before = located

    def _located(self, story: Story, clause: Clause) -> list[Span[PlaceMention]]:
        places = story.places.inside(*clause)
        located = story.event_places(places)
        if not located:
            located = story.facility_named_before(clause)  # "the dam": the Mosul dam named before
        if not located:
            located = story.kind_named_before(clause)  # "the province": Deir ez-Zor named before
        if not located and story.g["place-anaphora"].search(story.text, *clause):
            located = list(story.previous_places)
        references = story.reference_places(places)
        if located and references and all(_broad(p) for p in located):
            # "clashes east of Khanasser in the countryside of Aleppo": the town the place is told by
            # locates the event better than the province (a capture's place drops it again)
            settlements = [p for p in references if not _broad(p)]
            return settlements or located
        return located or references  # "در غرب موصل" when nothing else

    def _where(
        self,
        story: Story,
        sentence: Sentence,
        clause: Clause,
        kind: str,
        trig: Span[TriggerEntry],
        located: list[Span[PlaceMention]],
    ) -> list[Span[PlaceMention]]:
        carried_on = kind not in NEED_PLACE or story.g.enabled("story-carries-place")
        fallback = [] if sentence.places or not carried_on else story.previous_places
        where = located or sentence.places_before or fallback
        if (
            story.previous_places
            and not any(p.start < trig.start for p in located)
            and story.g["place-anaphora"].search(story.text, clause[0], trig.start)
        ):
            where = list(story.previous_places)  # "بر این شهر سیطره یافت و ... معبد بل را": the city named before
        return where

    def _finish(
        self,
        story: Story,
        sentence: Sentence,
        event: EventCandidate,
        modifiers: set[str],
        holder: str | None,
        clause: Clause,
    ) -> None:
        """Fill in what the clause left out, drop restatements, and keep the event."""
        _air_attack(story, event)
        if not _casualties(story, event):
            return  # "casualties in Idlib province": a toll over a governorate, no event location
        kind = event.kind
        if story.g.enabled("main-clause-agent") and sentence.main_agent is None and event.actor1 != CIVILIAN:
            sentence.main_agent = event.actor1  # "X have retaken the dam, as Y fight ...": X
        if kind not in PLACELESS_KINDS and not event.places:
            return  # "حلقه محاصره", "air strikes" in general talk: no place, no event
        if kind == CAPTURE and event.partial and event.actor1 is None and not event.control_from:
            return  # "buses entered the area", "aid entered X": entry by no named force is no capture
        if kind == OTHER and event.actor1 is None and _only_civilians(story, event):
            return  # "3,000 civilians left Raqqa": people fleeing, not a withdrawal of a party
        assert story.told is not None
        if (
            kind == CAPTURE
            and event.actor1 is None
            and event.trigger.value.role == "noun"
            and story.told.captured_before(event)
        ):
            return  # "The capture of X underscores ...": no taker named, a capture the report already told
        if event.actor1 is None and kind != OTHER:
            event.actor1 = _fallback_agent(story, sentence, event, clause)
            if kind == CAPTURE and event.control_to is None:
                event.control_to = event.actor1
        if kind == CAPTURE and _relief_entry(story, sentence, event):
            return  # "the army entered the besieged town and broke the siege": relief, not a capture
        again = story.g["again"].search(story.text, clause[0], event.trigger.start)
        if story.told.repeats(event) and not again:
            return  # the report restates an event it already gave ("once again" tells a new one)
        country = next((best.place.country for p in event.places if (best := p.value.best)), None)
        if event.actor2 is None and event.actor1 and kind not in (OTHER, SURRENDER):
            event.actor2 = story.adversary([event.actor1, *event.actor1_also], sentence.actors, country)
            if kind == CAPTURE and event.control_from is None and event.actor2 != CIVILIAN:
                event.control_from = event.actor2
        if kind == CAPTURE and event.control_to:
            event.control_to = HOLDER_FOR.get((event.control_to, country), event.control_to)
            if event.control_to == event.control_from:
                event.control_to = None  # a side does not take a place from itself: the roles were misread
        event.background = event.background or "background" in modifiers or is_old(event, story.doc.published)
        event.claim = "claim" in modifiers
        event.confidence = confidence(event)
        sentence.agent = event.actor1 or sentence.agent
        story.events.append(event)
        story.control += control_from_event(event, holder)


def _relief_entry(story: Story, sentence: Sentence, event: EventCandidate) -> bool:
    """Whether a capture told by an entry word (`دخلت`, `entered`) is forces reaching a besieged
    place: its sentence says a siege was broken, or the report told a siege of the place by a
    side that is not the entrant's, or a siege of it broken (the entrant relieves it; a besieger
    who enters takes it)."""
    if "entry" not in event.trigger.value.note:
        return False
    if story.g["siege-broken"].search(story.text, sentence.span.start, sentence.span.end):
        return True
    ids = _resolved_ids(event)
    for e in story.events:
        if e.trigger.value.kind != SIEGE or not ids & _resolved_ids(e):
            continue
        if e.kind != SIEGE:
            return True  # a siege the report said was broken (told as fighting)
        if e.actor1 and not allies(e.actor1, event.actor1):
            return True
    return False


def _resolved_ids(event: EventCandidate) -> set[int]:
    """The gazetteer ids of an event's resolved places."""
    return {best.place.id for p in event.places if (best := p.value.best)}


def _smallest(places: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    """What a capture takes or a side holds: the places smaller than a governorate or region when
    there are any (an advance "in Kirkuk and Salah al-Din provinces" beside a town takes the town)."""
    small = [p for p in places if not ((best := p.value.best) and best.place.kind in BROAD_KINDS)]
    return small or places


def _province(event: EventCandidate) -> str | None:
    """The governorate an event is placed in as a whole (all its places are governorates or
    regions of one governorate), else None."""
    codes = set()
    for p in event.places:
        best = p.value.best
        if not best or best.place.kind not in BROAD_KINDS or not best.place.admin1:
            return None
        codes.add(best.place.admin1)
    return codes.pop() if len(codes) == 1 else None


def _without_province_summaries(events: list[EventCandidate]) -> list[EventCandidate]:
    """ "Clashes in Idlib province" beside "clashes around Saraqib" (in Idlib): a reader counts one
    event, told at the town. A battle, strike or other event placed only at a governorate is dropped
    when the report gives the same kind at a place inside it (captures and sieges keep their own
    control claims and are left alone)."""
    inside = {
        (e.kind, best.place.admin1)
        for e in events
        for p in e.places
        if (best := p.value.best) and best.place.kind not in BROAD_KINDS and best.place.admin1
    }
    return [
        e
        for e in events
        if e.kind in (CAPTURE, SIEGE) or (province := _province(e)) is None or (e.kind, province) not in inside
    ]


def _only_civilians(story: Story, event: EventCandidate) -> bool:
    """The clause of an event names civilians (`غیرنظامیان`, `ساکنان`) and no armed party."""
    named = [a.value.name for a in story.actors.inside(*event.evidence) if not a.value.country_name]
    return CIVILIAN in named and all(n == CIVILIAN for n in named)


def _air_attack(story: Story, event: EventCandidate) -> None:
    """An attack by a force that fights from the air (`حمله ائتلاف به X`, `حمله این ائتلاف`) is an
    air strike: the word for a generic attack does not make it a ground battle."""
    if event.kind != "battle" or not story.g["generic-attack"].fullmatch(
        story.text, event.trigger.start, event.trigger.end
    ):
        return
    end = event.trigger.end
    attacker = after(story.actors.inside(end, end + 60), end, limit=2)
    if event.actor1 in AIR_FORCES:
        air = event.actor1
    elif attacker and attacker.value.name in AIR_FORCES:
        air = attacker.value.name  # "حمله ائتلاف": the attack of the coalition
    else:
        return
    event.kind, event.actor1 = AIRSTRIKE, air
    if event.actor2 == air:
        event.actor2 = None


def _casualties(story: Story, event: EventCandidate) -> bool:
    """Deaths told with their place and no other event word ("5 soldiers killed in X", "casualties
    in X"; the `victim-subject` words) are a battle, unless the victims named before the words are
    all civilians ("3 children killed in X"): an attack on civilians. A pronoun subject ("they
    were killed in X") stands for the last group named before it. False when the deaths are told
    only of a governorate: a toll, not an event's place."""
    trig = event.trigger
    if trig.value.role != VICTIM_SUBJECT:
        return True
    if all((best := p.value.best) and best.place.kind == "governorate" for p in event.places):
        return False
    victims = [a for a in story.actors.inside(event.evidence[0], trig.start) if not a.value.country_name]
    pronoun = story.g["pronoun-subject"].search(story.text, max(0, trig.start - 40), trig.start)
    if not victims and pronoun:
        named = [a for a in story.actors.inside(0, pronoun.start()) if not a.value.country_name]
        victims = named[-1:]
    if victims and all(a.value.name == CIVILIAN for a in victims):
        event.kind, event.actor2 = CIVILIANS, CIVILIAN
    return True


def _kinds(story: Story, clause: Clause, triggers: list[Span[TriggerEntry]]) -> dict[str, Span[TriggerEntry]]:
    """The event word of each kind in a clause: a full capture beats an entry, the news beats its
    lead-up, fighting that frames another event is dropped, breaking a siege is a battle."""
    text, g, start = story.text, story.g, clause[0]
    kinds: dict[str, Span[TriggerEntry]] = {}
    framing: set[str] = set()
    aim_end: int | None = None  # the end of the last capture word read as an aim
    for trig in triggers:
        if trig.value.kind not in EVENT_KINDS or refers_back(text, start, trig.start, g):
            continue  # "با این پیشروی": an event already told
        # The words before the event word are searched as a slice, so that `^` also matches where
        # the clause starts ("Backed by air strikes ..." opening a sentence).
        if g["operation-as-time"].search(text[max(start, trig.start - 50) : trig.end]):
            continue  # "stopped during the Mosul offensive": a named operation as a time, not an event
        if trig.value.role == "noun" and g["support-before"].search(text[max(start, trig.start - 40) : trig.start]):
            continue  # "backed by Coalition airstrikes", "buoyed by air strikes": support of the news, no event
            # (a verb is the news: "units backed by militias have driven out X")
        if trig.value.kind == CAPTURE and (
            g["aim-before"].search(text[max(start, trig.start - 40) : trig.start])
            or (aim_end is not None and g["coordination"].match(text[aim_end : trig.start]))
        ):
            aim_end = trig.end
            continue  # "the battle to retake X", "عملية تحرير X" and its "وتطهير X": the aim, not a capture
        if trig.value.kind == CAPTURE and g["capture-blocked-before"].search(
            text, _same_sentence(text, trig.start - 60, trig.start), trig.start
        ):
            continue  # "به محاصره ... درآمد": a siege, not a capture (even across "ارتش و نیروهای ...")
        if trig.value.kind == CAPTURE and g["capture-sweeping-object"].match(text, trig.end, clause[1]):
            continue  # "سيطر على مساحات واسعة من البلاد", "seized vast areas of Iraq": a sweep, no place taken
        needs = trig.value.needs
        if needs and not g[needs].match(text, trig.end, clause[1]):
            continue  # "سيطرة" with no "على ...": a state of control, not a capture
        needs_before = trig.value.needs_before
        if needs_before and not g[needs_before].search(text[max(start, trig.start - NEEDS_BEFORE) : trig.start]):
            continue  # "قرار گرفت" with no "تحت کنترل X" before it: not a capture
        is_framed = framed(text, start, trig.start, g)
        if is_framed:
            framing.add(trig.value.kind)  # "پس از سقوط شهر ...": what came before the news
        known = kinds.get(trig.value.kind)
        if (
            known is None
            or ("partial" in known.value.note and "partial" not in trig.value.note)
            or (known.value.role == VICTIM_SUBJECT and trig.value.role != VICTIM_SUBJECT)
            or (framed(text, start, known.start, g) and not is_framed)
        ):
            kinds[trig.value.kind] = trig
    supports = [t for t in triggers if t.value.kind == "marker" and t.value.role == "support-after"]
    supported = {
        kind
        for kind, t in kinds.items()
        if any(m.end <= t.start and not re.search(r"[,،.;]", text[m.end : t.start]) for m in supports)
    }  # "an assault ..., backed by artillery and coalition airstrikes": the strikes support the news
    if "battle" in kinds and any(kind != "battle" and kind not in supported for kind in kinds):
        kinds.pop("battle")  # "پس از هفته‌ها نبرد، آتش‌بس ...": fighting frames the news
    for kind in framing:
        if len(kinds) > 1 and kind in kinds and framed(text, start, kinds[kind].start, g):
            kinds.pop(kind)
    if CAPTURE in kinds and OTHER in kinds and _withdrawal_adjunct(story, kinds[OTHER], start):
        kinds.pop(OTHER)  # "با عقب‌نشینی ارتش، X را تصرف کردند": how the capture came about, no event of its own
    if CAPTURE in kinds and SURRENDER in kinds and "alt other" in kinds[SURRENDER].value.note:
        kinds.pop(SURRENDER)  # "با توافق مصالحه ... مسلط شد": the deal is how the town was taken, one capture
    if SIEGE in kinds and g["siege-broken"].search(text, *clause):
        kinds.pop(CAPTURE, None)  # "محاصره ... شکسته شد": breaking a siege is a battle
        kinds.setdefault("battle", kinds.pop(SIEGE))
    return kinds


def _withdrawal_adjunct(story: Story, withdrawal: Span[TriggerEntry], start: int) -> bool:
    """A named force's withdrawal in an adjunct of a capture (`با خروج نیروهای دولتی ...`, `پیش از
    فرار داعش`), with the force named right after the withdrawal word."""
    text = story.text
    if not story.g["withdrawal-adjunct"].search(text, max(start, withdrawal.start - 12), withdrawal.start):
        return False
    return any(
        a.value.name != CIVILIAN for a in story.actors.overlapping(withdrawal.start, withdrawal.end + WITHDRAWN_FORCE)
    )


type Phrase = tuple[int, int]


def _purpose_phrases(text: str, clause: Clause, triggers: list[Span[TriggerEntry]]) -> list[Phrase]:
    """`به منظور عقب راندن X`, `تا بدین ترتیب ...`: a purpose phrase runs from its word to the next
    comma of the clause (or the clause's end)."""
    return [
        (t.start, clause_comma(text, t.end, clause[1]))
        for t in triggers
        if t.value.kind == "intention" and t.value.purpose
    ]


def _inside(position: int, phrases: list[Phrase]) -> Phrase | None:
    return next((p for p in phrases if p[0] <= position < p[1]), None)


def _same_sentence(text: str, start: int, end: int) -> int:
    """`start` moved forward past the last sentence end before `end` (a window that stays in its
    sentence but may reach back over a clause cut)."""
    start = max(0, start)
    return max(start, *(text.rfind(c, start, end) + 1 for c in ".!?\n"))


def _dropped(
    story: Story, triggers: list[Span[TriggerEntry]], trig: Span[TriggerEntry], purposes: list[Phrase]
) -> bool:
    """An intention, denial or negation in the clause makes no event of `trig`. Where the language
    puts intentions before what they aim at (`intention-before-event`: Arabic `تحاول`, `تأمل`), an
    intention after the event word is about something else ("طردتهم من X، وتأمل في طردهم من Y").
    A purpose phrase, and an intention inside one, holds only for the event words of that phrase:
    "X launched an attack on Y in order to drive back Z" keeps the attack."""
    before_only = story.g.enabled("intention-before-event")
    for t in triggers:
        if t.value.kind not in DROP_MODIFIERS or (before_only and t.value.kind == "intention" and t.start >= trig.end):
            continue
        phrase = _inside(t.start, purposes)
        if phrase and phrase is not _inside(trig.start, purposes):
            continue
        return True
    return False


def _without_lead_up(
    story: Story,
    clause: Clause,
    triggers: list[Span[TriggerEntry]],
    trig: Span[TriggerEntry],
    located: list[Span[PlaceMention]],
) -> list[Span[PlaceMention]]:
    """ "پس از پاکسازی شهر X، ... Y را گرفتند": X is the lead-up's place, not this event's."""
    text, (start, end) = story.text, clause
    lead_up = [
        t for t in triggers if t is not trig and t.value.kind in EVENT_KINDS and framed(text, start, t.start, story.g)
    ]
    if not lead_up or not located:
        return located
    kept = [p for p in located if not any(t.start < p.start < clause_comma(text, t.end, end) for t in lead_up)]
    return kept or located


def _date(story: Story, clause: Clause, sentence: Span[None]) -> DateMention | None:
    """The clause's first date, else the sentence's; a week or month that opens a period
    (`period-start`: "the toll since late April") is no event's day ("since yesterday" is)."""
    since = story.g["period-start"]

    def opens_period(d: Span[DateMention]) -> bool:  # "since" right before the date, or opening it
        return any(m.end() >= d.start for m in since.finditer(story.text, max(0, d.start - 40), d.end))

    def days(start: int, end: int) -> list[Span[DateMention]]:
        return [d for d in story.dates.inside(start, end) if d.value.precision == 1 or not opens_period(d)]

    inside = days(*clause) or days(sentence.start, sentence.end)
    return inside[0].value if inside else None


def _fallback_agent(story: Story, sentence: Sentence, event: EventCandidate, clause: Clause) -> str | None:
    """The agent of an event whose clause names none (see the module docstring)."""
    text, g, clause_start = story.text, story.g, clause[0]
    # Where the object follows the verb (`capture-object-after`: English), an actor named after a
    # capture word in its clause is inside what was taken ("retook X, a hub of ISIS raids"),
    # never its taker.
    in_object = event.kind == CAPTURE and g.enabled("capture-object-after")
    named = (
        a.value.name
        for a in sentence.actors
        if a.value.name != CIVILIAN
        and not a.value.country_name
        and a.value.name not in event.actor1_also
        and not (in_object and event.trigger.end <= a.start < clause[1])
    )
    fallbacks = [sentence.subject, sentence.agent, *named, story.previous_agent, *story.by_frequency()]
    if story.previous_agent and g["anaphoric-subject"].search(text, clause_start, event.trigger.start):
        if event.kind == CAPTURE and event.trigger.value.role == "holder-subject":
            # "این گروه ... از X بیرون رانده شد": the group just named lost X; the taker is its adversary
            event.control_from = event.control_from or story.previous_agent
            sentence.subject = story.previous_agent  # the subject of the sentence's next clauses too
            return story.adversary([story.previous_agent], sentence.actors)
        fallbacks.insert(0, story.previous_agent)  # "این نیروها ...": the force just named
    bare = g["bare-army"].search(text, sentence.span.start, sentence.span.end)
    army = _army(event) if bare and not story.actors.overlapping(bare.start(), bare.end()) else None
    if army:
        fallbacks.insert(0, army)  # "به تصرف ارتش درآمد": the army of that country
    liberation = bool(g["liberation-word"].search(text, event.trigger.start, event.trigger.end))
    if (
        liberation
        and event.kind == CAPTURE
        and not army
        and g["state-source"].search(text, sentence.span.start, sentence.span.end)
    ):
        army = _army(event)  # "أعلنت مصادر عسكرية عراقية استعادة X": the state's forces retook it
        fallbacks[:0] = [army] if army else []
    return next(
        (
            a
            for a in fallbacks
            if a and a not in (event.actor2, CIVILIAN) and not (liberation and a in NEVER_LIBERATORS)
        ),
        None,
    )  # civilians are never the agent


def _army(event: EventCandidate) -> str | None:
    countries = {best.place.country for p in event.places if (best := p.value.best)}
    return ARMIES.get(next(iter(countries))) if len(countries) == 1 else None


__all__ = ["Assembler", "Story"]
