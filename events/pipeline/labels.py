"""One vocabulary for the pipeline and the models: span labels, event kinds and their ACLED
coding, time and geo precision."""

from __future__ import annotations

PLACE, ACTOR, TRIGGER, DATE = "place", "actor", "trigger", "date"
SPAN_LABELS = (PLACE, ACTOR, TRIGGER, DATE)

BATTLE = "battle"
AIRSTRIKE = "airstrike_or_shelling"
SIEGE = "siege"
CAPTURE = "capture_or_liberation"
IED = "ied_or_mine"
SURRENDER = "surrender_or_defection"
CIVILIANS = "attack_on_civilians"
OTHER = "other"
# Kinds of the datasets we import (ACLED's protests, riots and strategic developments; issue 15):
# the pipeline does not extract them (yet), but events of these kinds are stored and mapped.
PROTEST = "protest"
RIOT = "riot"
ARREST = "arrest"
AGREEMENT = "agreement"
GROUP_CHANGE = "group_change"
DISRUPTED_WEAPONS = "disrupted_weapons_use"
BASE = "base_established"
LOOTING = "looting_or_destruction"
EVENT_KINDS = (
    BATTLE,
    AIRSTRIKE,
    SIEGE,
    CAPTURE,
    IED,
    SURRENDER,
    CIVILIANS,
    OTHER,
    PROTEST,
    RIOT,
    ARREST,
    AGREEMENT,
    GROUP_CHANGE,
    DISRUPTED_WEAPONS,
    BASE,
    LOOTING,
)

#: Trigger kinds that modify the events of their clause instead of making one.
MODIFIERS = ("claim", "denial", "intention", "negation", "background", "marker")

CANONICAL_ACTORS = (
    "ISIS",
    "SDF",
    "YPG",
    "Asayish",
    "PYD",
    "Syrian Arab Army",
    "Pro-government militias (Syria)",
    "Hezbollah",
    "Iran",
    "Russia",
    "US-led coalition",
    "Turkey",
    "FSA/SNA",
    "HTS",
    "Iraqi Security Forces",
    "PMF",
    "Peshmerga",
    "Local armed residents",
    "civilians",
)
#: Forces that fight these wars from the air: their generic "attack" is an air strike.
AIR_FORCES = frozenset({"US-led coalition", "Russia"})
STATE_FORCES = frozenset({"Syrian Arab Army", "Iraqi Security Forces", "Turkey", "Russia", "Iran", "US-led coalition"})
GOVERNMENT_SIDE = frozenset({"Syrian Arab Army", "Iraqi Security Forces", "Pro-government militias (Syria)", "PMF"})

#: ACLED event_type and a default sub_event_type for each kind.
ACLED = {
    BATTLE: ("Battles", "Armed clash"),
    AIRSTRIKE: ("Explosions/Remote violence", "Air/drone strike"),
    SIEGE: ("Strategic developments", "Other"),
    CAPTURE: ("Battles", "Non-state actor overtakes territory"),
    IED: ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    SURRENDER: ("Strategic developments", "Change to group/activity"),
    CIVILIANS: ("Violence against civilians", "Attack"),
    OTHER: ("Strategic developments", "Other"),
    PROTEST: ("Protests", "Peaceful protest"),
    RIOT: ("Riots", "Violent demonstration"),
    ARREST: ("Strategic developments", "Arrests"),
    AGREEMENT: ("Strategic developments", "Agreement"),
    GROUP_CHANGE: ("Strategic developments", "Change to group/activity"),
    DISRUPTED_WEAPONS: ("Strategic developments", "Disrupted weapons use"),
    BASE: ("Strategic developments", "Headquarters or base established"),
    LOOTING: ("Strategic developments", "Looting/property destruction"),
}


def acled_coding(
    kind: str,
    *,
    actor1: str | None,
    shelling: bool = False,
    suicide: bool = False,
    clearance: bool = False,
    handover: bool = False,
) -> tuple[str, str]:
    """ACLED event_type and sub_event_type for an event of `kind` by `actor1`; the flags say what
    the event word is (the word lists are `shelling-word`, `suicide-word`, `clearance-word` and
    `handover-word` of lexicons/grammar.tsv, read by `extraction.py`)."""
    event_type, sub = ACLED.get(kind, ACLED[OTHER])
    if kind == CAPTURE:
        sub = "Government regains territory" if actor1 in GOVERNMENT_SIDE else "Non-state actor overtakes territory"
    elif kind == AIRSTRIKE and shelling:
        sub = "Shelling/artillery/missile attack"
    elif kind == IED and suicide:
        sub = "Suicide bomb"
    elif kind == IED and clearance:
        event_type, sub = "Strategic developments", "Disrupted weapons use"
    elif kind == SURRENDER and handover and actor1 is None:
        sub = "Non-violent transfer of territory"
    return event_type, sub


#: Report languages: Persian, Dari (Afghan Persian), Arabic, English.
LANGUAGES = ("fa", "fa-AF", "ar", "en")
#: Languages written right to left ("prs" is Dari's ISO 639-3 code, which some outlets use).
RTL_LANGUAGES = frozenset({"fa", "fa-AF", "prs", "ar"})

#: ACLED time precision: 1 day, 2 week or a few days, 3 month or vaguer.
TIME_DAY, TIME_WEEK, TIME_MONTH = 1, 2, 3
#: ACLED geo precision: 1 the place itself, 2 near it / part of a region, 3 a larger area.
GEO_EXACT, GEO_NEAR, GEO_REGION = 1, 2, 3


#: Who fought on the same side in these wars (2014-2019), for telling an ally named next to an
#: actor from its adversary. Peshmerga and the Iraqi state are allies against ISIS (their 2017
#: clashes are named explicitly in reports).
SIDES = (
    frozenset({"Syrian Arab Army", "Pro-government militias (Syria)", "Hezbollah", "Iran", "Russia"}),
    frozenset({"Iraqi Security Forces", "PMF", "Peshmerga", "Iran", "US-led coalition"}),
    frozenset({"SDF", "YPG", "Asayish", "PYD", "US-led coalition"}),
    frozenset({"FSA/SNA", "Turkey"}),
)


def allies(a: str | None, b: str | None) -> bool:
    """Whether two actors fought on the same side (an actor is its own ally)."""
    if not a or not b:
        return False
    return a == b or any(a in side and b in side for side in SIDES)


#: The state whose forces an actor is (a foreign one fights abroad): between two sides a report
#: names as often, the one of another state than the event's place is the less likely loser.
STATE_OF: dict[str, str] = {
    "Syrian Arab Army": "SY",
    "Pro-government militias (Syria)": "SY",
    "Iraqi Security Forces": "IQ",
    "PMF": "IQ",
    "Peshmerga": "IQ",
    "Turkey": "TR",
    "Russia": "RU",
    "Iran": "IR",
}


#: Forces that fight but do not hold ground themselves: what they take passes to the state
#: (or, for the coalition in Syria, to its partner on the ground).
HOLDER_FOR: dict[tuple[str, str | None], str] = {
    ("Iran", "SY"): "Syrian Arab Army",
    ("Hezbollah", "SY"): "Syrian Arab Army",
    ("Russia", "SY"): "Syrian Arab Army",
    ("Pro-government militias (Syria)", "SY"): "Syrian Arab Army",
    ("US-led coalition", "SY"): "SDF",
    ("US-led coalition", "IQ"): "Iraqi Security Forces",
    ("Iran", "IQ"): "Iraqi Security Forces",
}
