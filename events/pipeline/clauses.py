"""Clauses of a sentence, the evidence span of a clause, and framing.

A sentence is cut at the `clause-break` pattern of its language (`؛`, `:`, a new line,
`که` "that": what follows "said that" is the news, `اما`/`ولی` "but"), at the complementizer
of a verb of saying with its subject between (`speech-complement`: `قالت وسائل إعلام ... إن`),
after a relative clause
that ends at its verb (`X، که از سوی آمریکا پشتیبانی می‌شوند، Y`), and at a conjunction when an
actor starts the next part (`... آزاد شده و نیروهای دموکراتیک سوریه در حال پیشروی ...`), unless
the conjunction joins two actors, ends a list of supporters (`support-list`: "backed by Coalition
airstrikes and tribal fighters") or joins the two sides of "between" (`sides-between`: "clashes
between the regime forces and rebels").
"""

from __future__ import annotations

import re

from .doc import ActorRef, Span, SpanIndex
from .grammar import Grammar
from .words import is_verb

type Clause = tuple[int, int]

_TRIM = " ،,؛:«»\"'.\n/"


def clauses(text: str, sentence: Span[None], actors: SpanIndex[ActorRef], g: Grammar) -> list[Clause]:
    """The clauses of a sentence, as (start, end) offsets, in order; blank ones left out."""
    cuts = [sentence.start]
    for m in g["clause-break"].finditer(text, sentence.start, sentence.end):
        cuts.append(m.start())
        if g["complementizer"].fullmatch(m.group()):
            comma = text.find("،", m.end(), sentence.end)  # a relative clause ends at its verb
            if comma > 0 and _ends_with_verb(text[m.end() : comma]):
                cuts.append(comma)
    for m in g["speech-complement"].finditer(text, sentence.start, sentence.end):
        cuts.append(m.start("that"))  # "قالت وسائل إعلام تركية ... إن X": what follows إن is the news
    inside = actors.inside(sentence.start, sentence.end)
    ends = {a.end for a in inside}
    for a in inside:  # "... و <actor> ..." starts a new clause, unless it joins two actors
        joined = g["actor-conjunction"].search(text, max(sentence.start, a.start - 6), a.start)
        if (
            joined
            and joined.start() not in ends
            and not g["support-list"].search(text, max(sentence.start, a.start - 60), a.start)
            and not g["sides-between"].search(text, max(sentence.start, a.start - 60), a.start)
        ):
            cuts.append(joined.start() + 1)
    ordered = sorted(set(cuts)) + [sentence.end]
    return [(s, e) for s, e in zip(ordered, ordered[1:]) if text[s:e].strip()]


def _ends_with_verb(chunk: str) -> bool:
    words = chunk.split()
    return bool(words) and is_verb(words[-1])


def trim(text: str, start: int, end: int, g: Grammar) -> Clause:
    """A clause without the punctuation around it and a leading complementizer (`که`)."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    lead = re.compile(f"(?:{g['complementizer'].pattern}) ").match(text, start, end)
    if lead:
        start = lead.end()
    return start, end


def framed(text: str, clause_start: int, position: int, g: Grammar) -> bool:
    """Whether the words before `position` frame what follows as the lead-up to the news
    (`پس از سقوط شهر ...` "after the fall of the town ...")."""
    return bool(g["framing"].search(text[max(clause_start, position - 12) : position]))


def refers_back(text: str, clause_start: int, position: int, g: Grammar) -> bool:
    """`با این پیشروی` "with this advance": an event already told."""
    return bool(g["refers-back"].search(text[max(clause_start, position - 6) : position]))


def clause_comma(text: str, position: int, end: int) -> int:
    """The first comma after `position` in the clause, else the clause's end."""
    comma = text.find("،", position, end)
    return comma if comma >= 0 else end


__all__ = ["Clause", "clause_comma", "clauses", "framed", "refers_back", "trim"]
