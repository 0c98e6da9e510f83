"""Who did what to whom in a clause: the agent (actor1), its allies (actor1_also), the patient
(actor2) and, for captures, the previous holder.

From the role markers of the trigger lexicon and word order:
* agent: the actor after an agent marker (`توسط`/`به دست`/`از سوی`), the antecedent of a subject
  pronoun right before the event word ("when they took over"), after a siege noun
  (`در محاصره Y`), after a capture phrase that takes its agent after it (`به تصرف X درآمد`), or
  else the first actor before the event word (the subject) that is not the object of a
  preposition, or else after it;
* allies: actors after a support marker, coordinated with the agent (`X، Y و Z`), every besieger;
* patient: the previous holder (`از کنترل X`, `از چنگ X`, `را از X پس گرفتند`, `X را از ... بیرون
  راندند`), else another actor of the clause that is not the agent's ally. An actor marked as the
  object (`X را`) is never the subject.

When the clause names no agent, `Story.fallback_agent` picks one from the sentence, the story so
far and the report as a whole (`assemble.py`).
"""

from __future__ import annotations

from bisect import bisect_left

from .clauses import Clause, trim
from .doc import ActorRef, EventCandidate, PlaceMention, Span, SpanIndex
from .grammar import Grammar
from .labels import CAPTURE, CIVILIANS, EVENT_KINDS, SIEGE, allies
from .lexicon import TriggerEntry

CIVILIAN = "civilians"
#: The role of a passive casualty phrase ("killed in", "casualties in"): its subject is the victim.
VICTIM_SUBJECT = "victim-subject"


def after(spans: list[Span[ActorRef]], position: int, limit: int = 40) -> Span[ActorRef] | None:
    """The first span starting within `limit` characters after `position`."""
    for s in sorted(spans, key=lambda s: s.start):
        if position <= s.start <= position + limit:
            return s
    return None


def holder_named(text: str, triggers: list[Span[TriggerEntry]], actors: list[Span[ActorRef]]) -> str | None:
    """The holder a clause states with `تحت کنترل X` (a holder-after marker)."""
    for trig in triggers:
        if trig.value.kind == "marker" and trig.value.role == "holder-after":
            found = after(actors, trig.end)
            if found:
                return found.value.name
    return None


def last_actor_before(actors: SpanIndex[ActorRef], position: int) -> Span[ActorRef] | None:
    """The last actor named before `position` that is an armed party (not a country's name)."""
    i = bisect_left(actors.starts, position) - 1
    while i >= 0:
        actor = actors.spans[i]
        if actor.value.name != CIVILIAN and not actor.value.country_name:
            return actor
        i -= 1
    return None


class Roles:
    """The roles of one event word in its clause (built by `assign`)."""

    def __init__(self, text: str, g: Grammar, all_actors: SpanIndex[ActorRef]) -> None:
        self.text, self.g, self.all_actors = text, g, all_actors
        self.agent: str | None = None
        self.control_from: str | None = None
        self.bound: dict[int, str] = {}  # actor start → the role a marker gives it

    def _bind(self, actor: Span[ActorRef], role: str) -> None:
        self.bound[actor.start] = role

    def markers(self, triggers: list[Span[TriggerEntry]], actors: list[Span[ActorRef]]) -> None:
        for marker in (t for t in triggers if t.value.kind == "marker"):
            found = after(actors, marker.end)
            role = marker.value.role
            if role == "agent-after" and self.g["anaphoric-actor"].match(self.text, marker.end):
                found = last_actor_before(self.all_actors, marker.start)  # "به دست این گروه": the group named last
            if found is None or found.start in self.bound:
                continue
            self._bind(found, role)
            if role == "agent-after" and self.agent is None:
                self.agent = found.value.name
            elif role in ("from-holder", "holder-after") and self.control_from is None:
                self.control_from = found.value.name

    def pronoun_subject(self, trig: Span[TriggerEntry]) -> None:
        """ "... held by the group since 2014, when it occupied them", "the militants looted the bank
        when they took over the city": a subject pronoun right before the event word is the last
        armed actor named before it, even one the clause gave another role."""
        if self.agent is not None:
            return
        found = self.g["pronoun-subject"].search(self.text, max(0, trig.start - 40), trig.start)
        antecedent = last_actor_before(self.all_actors, found.start()) if found else None
        if antecedent is None:
            return
        self.agent = antecedent.value.name
        if self.control_from == self.agent:
            self.control_from = None  # "held by X ... when it seized": X is the taker, not the loser

    def word_order(
        self,
        kind: str,
        trig: Span[TriggerEntry],
        actors: list[Span[ActorRef]],
        verbs_after: tuple[Span[TriggerEntry], ...] = (),
    ) -> None:
        """The agent from word order; `verbs_after`: the clause's active event verbs (`agent-subject`),
        whose objects are not the agent of an event word before them."""
        text = self.text
        for a in actors:  # "متحدث باسم X", "a spokesman for X": X speaks, it is not a party
            if a.start not in self.bound and self.g["actor-speaker"].search(text[max(0, a.start - 30) : a.start]):
                self._bind(a, "speaker")
        if trig.value.role == VICTIM_SUBJECT:  # "5 soldiers killed in X": the subject is the victim
            for a in actors:
                if a.end <= trig.start and a.start not in self.bound:
                    self._bind(a, "victim")
        if (
            kind == CAPTURE
            and self.agent is None
            and self.g["trigger-agent-after"].match(text, trig.start, trig.end)
            and not self._subject_before(trig, actors)
        ):
            found = after(actors, trig.end, limit=25)  # "به تصرف ارتش درآمد": the army took it
            if found and found.start not in self.bound:
                if self.g["from-holder"].search(text[max(0, found.start - 12) : found.start]):
                    self._bind(found, "from-holder")  # "استعادت السيطرة عليها من التنظيم": the loser
                    self.control_from = self.control_from or found.value.name
                else:
                    self.agent = found.value.name
                    self._bind(found, "agent-after")
        if kind == CAPTURE and trig.value.role == "holder-subject":  # "Iraq has lost Fallujah to ...": the loser
            before = [a for a in actors if a.end <= trig.start and a.start not in self.bound]
            # "a victory over IS militants, who were driven out": the loser is
            # the actor right before the verb
            subject = next(iter(before[::-1] if self.g.enabled("capture-object-after") else before), None)
            if subject is not None:
                self._bind(subject, "from-holder")
                self.control_from = self.control_from or subject.value.name
            taker = after(actors, trig.end, limit=60)
            if self.agent is None and taker is not None and taker.start not in self.bound:
                self.agent = taker.value.name  # "... to al-Qaeda fighters", "خسر ... لصالح"
                self._bind(taker, "agent-after")
        objects = {a.start for a in actors if self.g["object-marker-after"].match(text, a.end)}
        if kind == CAPTURE:  # "کردها داعش را از کوبانی بیرون راندند": the object is driven out
            for a in actors:
                if a.start in objects and a.start not in self.bound and a.end <= trig.start:
                    self._bind(a, "from-holder")
                    self.control_from = self.control_from or a.value.name
        if kind == CAPTURE:  # "... را از داعش پس گرفتند": the previous holder
            for a in actors:
                if (
                    a.start not in self.bound
                    and a.end <= trig.start
                    and a.value.name != self.agent  # "a member of X said his forces ...": X is the agent
                    and self.g["from-holder"].search(text[max(0, a.start - 12) : a.start])
                ):
                    self._bind(a, "from-holder")
                    self.control_from = self.control_from or a.value.name
        if kind == SIEGE and self.agent is None:
            found = after(actors, trig.end, limit=30)
            if found and found.start not in self.bound and found.value.name != CIVILIAN:  # "siege, civilians fled"
                self.agent = found.value.name
                self._bind(found, "agent-after")
        free = [a for a in actors if a.start not in self.bound and (a.value.name != CIVILIAN or kind == CIVILIANS)]
        if self.agent is None:
            preposition = self.g["object-of-preposition"]
            before = [
                a
                for a in free
                if (a.end <= trig.start or a.start < trig.start < trig.end <= a.end)  # "Coalition warplanes"
                and a.start not in objects  # "داعش را ... بمباران کردند": the object, not the subject
                and not preposition.search(text[max(0, a.start - 30) : a.start])
            ]
            # "warplanes kill members of X": an actor after an active event verb is its object
            verbs = [t.start for t in verbs_after if t.start >= trig.end]
            later = [a for a in free if a.start >= trig.end and not any(v < a.start for v in verbs)]
            if before:
                self.agent = before[0].value.name
            elif later and kind not in (CAPTURE, SIEGE):
                self.agent = later[0].value.name

    def _subject_before(self, trig: Span[TriggerEntry], actors: list[Span[ActorRef]]) -> bool:
        """Where the language also puts the subject first (`subject-before-verb`: Arabic SVO, "القوات
        العراقية طردت مقاتلي داعش"), a free actor before the event word that is no preposition's
        object is its subject, and the actor after it is the object."""
        if not self.g.enabled("subject-before-verb"):
            return False
        preposition = self.g["object-of-preposition"]
        return any(
            a.end <= trig.start
            and a.start not in self.bound
            and a.value.name != CIVILIAN
            and not preposition.search(self.text[max(0, a.start - 30) : a.start])
            for a in actors
        )

    def allies_of_agent(self, kind: str, trig: Span[TriggerEntry], actors: list[Span[ActorRef]]) -> list[str]:
        agent = self.agent
        also = [a.value.name for a in actors if self.bound.get(a.start) == "support-after" and a.value.name != agent]
        if agent:  # "به دست نیروهای ارتش، پلیس فدرال و حشد الشعبی": all of them
            also += [v for v in coordinated(self.text, actors, agent, self.g) if v not in also]
        if kind == SIEGE and agent:  # "تحت محاصره X و Y": both besiege
            also += [
                a.value.name
                for a in actors
                if a.start > trig.end
                and a.value.name not in (agent, *also)
                and self.bound.get(a.start) is None
                and a.value.name != CIVILIAN
            ]
        return also

    def patient(self, kind: str, actors: list[Span[ActorRef]], also: list[str]) -> str | None:
        agent = self.agent
        others = [
            a.value.name
            for a in actors
            if a.value.name not in (agent, CIVILIAN, *also)
            and not allies(a.value.name, agent)
            and self.bound.get(a.start) != "speaker"
        ]
        if kind == CIVILIANS:
            return CIVILIAN
        if self.control_from and self.control_from != agent:
            return self.control_from
        return others[0] if others else None


def assign(
    text: str,
    g: Grammar,
    all_actors: SpanIndex[ActorRef],
    kind: str,
    trig: Span[TriggerEntry],
    sentence: Span[None],
    clause: Clause,
    triggers: list[Span[TriggerEntry]],
    actors: list[Span[ActorRef]],
    places: list[Span[PlaceMention]],
) -> EventCandidate:
    """An event of `kind` for the event word `trig`, with the roles its clause gives."""
    roles = Roles(text, g, all_actors)
    roles.markers(triggers, actors)
    roles.pronoun_subject(trig)
    verbs = tuple(t for t in triggers if t.value.kind in EVENT_KINDS and t.value.role == "agent-subject")
    roles.word_order(kind, trig, actors, verbs)
    also = roles.allies_of_agent(kind, trig, actors)
    patient = roles.patient(kind, actors, also)
    agent = roles.agent
    event = EventCandidate(
        kind=kind,
        trigger=trig,
        sentence=sentence,
        evidence=trim(text, *clause, g),
        places=places,
        actor1=agent,
        actor2=patient if patient != agent else None,
        actor1_also=also,
        partial="partial" in trig.value.note,
    )
    if kind == CAPTURE:
        event.control_to = agent
        event.control_from = roles.control_from or (patient if patient not in (None, CIVILIAN) else None)
        if agent and event.control_from == agent and g.enabled("capture-object-after"):
            # English "of X" reads loosely as the loser ("the flag of X was raised ... X fighters
            # advanced into"): the agent named is the taker, the loser unknown
            event.control_from = None
    return event


def coordinated(text: str, actors: list[Span[ActorRef]], agent: str, g: Grammar) -> list[str]:
    """Actors joined to the agent's mention by `،` or `و` (a list of allies); not the second side of
    "between A and B" (`sides-between`), which is the opponent."""
    ordered = sorted(actors, key=lambda a: a.start)
    out: list[str] = []
    join, sides = g["coordination"], g["sides-between"]
    for i, a in enumerate(ordered):
        if a.value.name != agent:
            continue
        j = i
        while j + 1 < len(ordered) and join.match(text[ordered[j].end : ordered[j + 1].start]):
            if sides.search(text, max(0, ordered[j + 1].start - 60), ordered[j + 1].start):
                break
            j += 1
            name = ordered[j].value.name
            if name not in (agent, CIVILIAN) and name not in out:
                out.append(name)
        break
    return out


__all__ = ["VICTIM_SUBJECT", "Roles", "after", "assign", "coordinated", "holder_named", "last_actor_before"]
