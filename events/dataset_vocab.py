"""The vocabularies of the event datasets we take in and give back (ACLED, UCDP GED), from data
files, not code:

- event types → our kinds (`events/data/dataset_event_types.tsv`): `event_kind()`, and ACLED's
  `disorder_type()`;
- actor names → our canonical actors (`events/data/dataset_actors.tsv`): `resolve_actor()` gives
  the canonical actor, or None for a name that stays an actor of its own. After the file's rows,
  a name that is a canonical actor or one of its English aliases (`events/pipeline/lexicons/
  actors.tsv`) is that actor;
- ACLED's interaction codes (numbers, or the labels of ACLED's 2024 files) and UCDP's precision
  codes in ours.

Plain Python (no Django): the readers, the importer and the exports share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lib.display import one_line
from lib.text import name_key

from .pipeline.labels import CANONICAL_ACTORS, EVENT_KINDS
from .pipeline.lexicon import actor_entries, rows

DATA = Path(__file__).resolve().parent / "data"
DATASETS = ("acled", "ucdp")

#: ACLED interaction codes and the labels ACLED's newer files write instead of the numbers.
INTER_LABELS = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
}

#: UCDP where_prec (1 the place, 2 within 25 km, 3 district, 4 governorate, 5 larger area,
#: 6 country, 7 waters) → ACLED geo precision (1 the place, 2 near it, 3 a larger area); back.
WHERE_TO_GEO = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}
GEO_TO_WHERE = {1: 1, 2: 2, 3: 4}
#: UCDP date_prec (1 the day, 2 two to six days, 3 the week, 4 the month, 5 longer) → ACLED
#: time precision (1 the day, 2 the week, 3 the month or vaguer); back.
DATE_TO_TIME = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
TIME_TO_DATE = {1: 1, 2: 2, 3: 4}


def _fold(text: str) -> str:
    """Case and white space folded (for event types)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class EventType:
    kind: str
    disorder_type: str


@lru_cache(maxsize=2)
def event_types(path: Path = DATA / "dataset_event_types.tsv") -> dict[tuple[str, str, str], EventType]:
    """{(dataset, type, subtype) folded: its kind and ACLED disorder type}. ValueError for a kind
    that is not one of ours."""
    table = {}
    for row in rows(path):
        if row["kind"] not in EVENT_KINDS:
            raise ValueError(f"{path}: {row['kind']!r} is not an event kind (events/pipeline/labels.py)")
        key = (row["dataset"], _fold(row["type"]), _fold(row.get("subtype", "")))
        table[key] = EventType(row["kind"], row.get("disorder_type", ""))
    return table


def event_type(dataset: str, type_: str, subtype: str = "") -> EventType | None:
    """The row of the type and subtype, else of the type alone, else None (an unknown type)."""
    table = event_types()
    return table.get((dataset, _fold(type_), _fold(subtype))) or table.get((dataset, _fold(type_), ""))


def event_kind(dataset: str, type_: str, subtype: str = "") -> str | None:
    found = event_type(dataset, type_, subtype)
    return found.kind if found else None


def disorder_type(event_type_: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an ACLED event type and sub-event type ("" when unknown)."""
    found = event_type("acled", event_type_, sub_event_type)
    return found.disorder_type if found else ""


@dataclass(frozen=True, slots=True)
class _ActorRule:
    dataset: str
    pattern: re.Pattern[str]
    actor: str | None


@lru_cache(maxsize=2)
def actor_rules(path: Path = DATA / "dataset_actors.tsv") -> tuple[_ActorRule, ...]:
    """The rows of the actor file, compiled (on name keys: case, spaces and punctuation do not
    count). ValueError for an actor that is not canonical."""
    rules = []
    for row in rows(path):
        actor = row.get("actor") or None
        if actor is not None and actor not in CANONICAL_ACTORS:
            raise ValueError(f"{path}: {actor!r} is not a canonical actor (events/pipeline/labels.py)")
        regex = ".*".join(re.escape(name_key(part)) for part in row["name"].split("*"))
        rules.append(_ActorRule(row["dataset"], re.compile(regex), actor))
    return tuple(rules)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Name key → canonical actor, for the canonical names and their English aliases."""
    keys = {
        name_key(a.alias): a.canonical
        for a in actor_entries()
        if a.lang == "en" and not a.generic and "upper-case" not in a.note  # "IS" only in running text
    }
    keys.update({name_key(name): name for name in CANONICAL_ACTORS})
    return keys


@lru_cache(maxsize=4096)
def resolve_actor(dataset: str, name: str) -> str | None:
    """The canonical actor a dataset's actor name stands for, or None: the name is an actor of
    its own."""
    key = name_key(name)
    if not key:
        return None
    for rule in actor_rules():
        if rule.dataset in (dataset, "*") and rule.pattern.fullmatch(key):
            return rule.actor
    return _aliases().get(key)


def own_name(name: str) -> str:
    """The name of an actor of its own: the dataset's name on one clean line (no control characters
    or direction overrides), within Actor.name's length."""
    return one_line(name, 100)


def actor_name(dataset: str, name: str) -> str:
    """Our name of the actor a dataset names: canonical, else its own."""
    return resolve_actor(dataset, name) or own_name(name)


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as a dataset names it (`mention`) and as we keep it (`name`: canonical when
    `canonical`, else the dataset's name), with ACLED's interaction code when the row gives one."""

    mention: str
    name: str
    canonical: bool
    inter: int | None = None


def actor_ref(dataset: str, mention: str, inter: int | None = None) -> ActorRef | None:
    mention = one_line(mention, 300)
    if not mention:
        return None
    canonical = resolve_actor(dataset, mention)
    return ActorRef(mention, canonical or own_name(mention), canonical is not None, inter)


def split_names(value: str, separator: str) -> list[str]:
    """The names of a list cell ("A; B" in ACLED's associated actors, "A, B" in UCDP's sides)."""
    return [" ".join(part.split()) for part in value.split(separator) if part.strip()]


def parse_inter(value: str, column: str = "inter") -> int | None:
    """An ACLED interaction code (0-8, or its label); None for an empty cell. ValueError naming the
    column otherwise."""
    text = _fold(value)
    if not text:
        return None
    if text in INTER_LABELS:
        return INTER_LABELS[text]
    if text.endswith(".0"):  # written by a spreadsheet
        text = text[:-2]
    if text.isdigit() and 0 <= int(text) <= 8:
        return int(text)
    raise ValueError(f"{column} {value!r} is not an ACLED interaction code (0-8 or its label)")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code of two actors' codes: both digits, lower first (12), or a lone
    actor's code and 0 (60: protesters alone)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return int(f"{codes[0]}{codes[1]}") if len(codes) == 2 else codes[0] * 10


#: Our countries in the datasets' codes: ISO 3166 alpha-3 and numeric, English name, and the
#: Gleditsch-Ward number UCDP uses.
COUNTRY_CODES: dict[str, tuple[str, int, str, int]] = {
    "SY": ("SYR", 760, "Syria", 652),
    "IQ": ("IRQ", 368, "Iraq", 645),
}


def country_code(*values: str) -> str:
    """Our country code (SY, IQ) of the first value that names one of our countries in any of the
    datasets' codes; "" when none does."""
    for value in values:
        text = _fold(value).removesuffix(".0")
        for code, names in COUNTRY_CODES.items():
            if text and text in {code.lower(), *(str(n).lower() for n in names)}:
                return code
    return ""
