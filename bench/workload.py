#!/usr/bin/env python
"""Synthetic workloads: Persian war reports about Syria and Iraq, 2014-2019, at 1k, 10k or 100k
events, that the real pipeline can read, with the events each report was written to contain.

    .venv/bin/python bench/workload.py --size 10k --jsonl var/workload-10k.jsonl   # reports to ingest
    .venv/bin/python bench/workload.py --size 100k --load                          # rows straight into the database

* Places: drawn from the gazetteer in the database (the built-in one, plus Who's On First when
  it is loaded: `--gazetteer` loads it from ../shared when present), cities, towns and villages
  of both countries with an Arabic-script name, weighted so that a few towns see most of the
  fighting, as in real data.
* Actors: the canonical actors (events/pipeline/lexicons/actors.tsv) under their Persian names,
  in pairs of real adversaries per country.
* Dates: 2014-01-01 to 2019-12-31, written as Gregorian dates in Persian, Solar Hijri dates,
  `دیروز`/`امروز` or weekdays, all relative to the report's publication date.
* Text: each report has one to four event sentences (eight kinds, several sentence patterns
  each) and sentences of background that hold no event.

``reports(n_events)`` yields ``SyntheticReport``s (text, published, outlet, url, and the intended
events with their sentence offsets). ``load_rows()`` writes reports, events (evidence offsets
into the report text), mentions and control assertions (captures and sieges) straight into the
database with bulk inserts, for benchmarks of the maps at 100k events; ``write_jsonl()`` writes
reports that ``manage.py ingest`` reads, for benchmarks of ingestion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WOF = ROOT.parent / "shared" / "data" / "gazetteer" / "wof"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
FIRST, LAST = dt.date(2014, 1, 1), dt.date(2019, 12, 31)

#: Persian names of each canonical actor (each must be an alias in actors.tsv: checked).
NAMES = {
    "ISIS": ["داعش", "گروه تروریستی داعش", "تروریست‌های داعش", "دولت اسلامی"],
    "SDF": ["نیروهای دموکراتیک سوریه", "قسد", "نیروهای سوریه دموکراتیک"],
    "YPG": ["یگان‌های مدافع خلق"],
    "Syrian Arab Army": ["ارتش سوریه", "ارتش عربی سوریه", "نیروهای دولتی سوریه"],
    "Pro-government militias (Syria)": ["نیروهای دفاع ملی"],
    "Hezbollah": ["حزب الله", "حزب الله لبنان"],
    "Russia": ["جنگنده‌های روسی", "هواپیماهای روسی"],
    "US-led coalition": ["ائتلاف بین‌المللی", "ائتلاف به رهبری آمریکا", "ائتلاف آمریکایی"],
    "Turkey": ["ارتش ترکیه", "نیروهای ترکیه"],
    "FSA/SNA": ["ارتش آزاد سوریه", "شورشیان مورد حمایت ترکیه"],
    "HTS": ["هیئت تحریر الشام", "جبهه النصره"],
    "Iraqi Security Forces": ["ارتش عراق", "نیروهای عراقی", "نیروهای امنیتی عراق"],
    "PMF": ["حشد الشعبی", "نیروهای حشد شعبی"],
    "Peshmerga": ["نیروهای پیشمرگه", "پیشمرگه"],
}
#: (attacker, defender) pairs per country, with weights.
ADVERSARIES = {
    "SY": [
        (("SDF", "ISIS"), 6),
        (("Syrian Arab Army", "ISIS"), 5),
        (("Syrian Arab Army", "HTS"), 4),
        (("Syrian Arab Army", "FSA/SNA"), 3),
        (("Turkey", "SDF"), 2),
        (("FSA/SNA", "SDF"), 2),
        (("Hezbollah", "HTS"), 1),
        (("Pro-government militias (Syria)", "ISIS"), 1),
        (("YPG", "ISIS"), 1),
        (("HTS", "FSA/SNA"), 1),
        (("FSA/SNA", "ISIS"), 1),
    ],
    "IQ": [
        (("Iraqi Security Forces", "ISIS"), 8),
        (("PMF", "ISIS"), 4),
        (("Peshmerga", "ISIS"), 3),
        (("Iraqi Security Forces", "Peshmerga"), 1),
    ],
}
AIR = {
    "SY": [("Russia", 4), ("US-led coalition", 4), ("Turkey", 1), ("Syrian Arab Army", 2)],
    "IQ": [("US-led coalition", 5), ("Iraqi Security Forces", 2)],
}
OUTLETS = [
    "ایرنا",
    "خبرگزاری فارس",
    "تسنیم",
    "رادیو فردا",
    "بی‌بی‌سی فارسی",
    "ایسنا",
    "مهر",
    "طلوع نیوز",
    "صدای آمریکا",
    "العالم",
]

#: Sentence patterns per event kind: {a1} the actor, {a2} the other side, {p} the place with its
#: cue word, {d} the date expression, {n} a number.
PATTERNS = {
    "capture_or_liberation": [
        "{a1} {d} {p} را از کنترل {a2} خارج کردند.",
        "{a1} {d} پس از نبردی سنگین با {a2} کنترل {p} را به دست گرفتند.",
        "{a1} {d} {p} را به تصرف خود درآوردند.",
        "{a1} اعلام کردند که {d} {p} را به طور کامل از {a2} پس گرفته‌اند.",
    ],
    "battle": [
        "{d} درگیری شدیدی میان {a1} و {a2} در {p} رخ داد.",
        "{a1} {d} به مواضع {a2} در اطراف {p} حمله کردند.",
        "نبرد میان {a1} و {a2} در {p} {d} ادامه یافت و {n} نفر کشته شدند.",
    ],
    "airstrike_or_shelling": [
        "{air} {d} مواضع {a2} در {p} را بمباران کردند.",
        "{air} {d} {p} را هدف حملات هوایی قرار دادند و {n} نفر کشته شدند.",
        "{air} {d} مواضع {a2} در حومه {p} را گلوله‌باران کردند.",
    ],
    "siege": [
        "{a1} {d} محاصره {p} را تکمیل کردند.",
        "{p} {d} به محاصره کامل {a1} درآمد.",
    ],
    "ied_or_mine": [
        "{d} یک خودروی بمب‌گذاری‌شده در {p} منفجر شد و {n} نفر کشته شدند.",
        "انفجار یک بمب کنار جاده‌ای {d} در {p} جان {n} نفر را گرفت.",
        "{d} یک عامل انتحاری در {p} خود را منفجر کرد.",
    ],
    "surrender_or_defection": [
        "{n} تن از عناصر {a2} {d} در {p} خود را تسلیم {a1} کردند.",
    ],
    "attack_on_civilians": [
        "{a2} {d} در {p} {n} غیرنظامی را اعدام کردند.",
        "{a2} {d} {n} تن از ساکنان {p} را به قتل رساندند.",
        "{a2} {d} در {p} {n} غیرنظامی را ربودند.",
    ],
    "other": [
        "{a1} {d} از {p} عقب‌نشینی کردند.",
        "{a1} {d} پس از فشار {a2} از مواضع خود در {p} عقب نشستند.",
    ],
}
KIND_WEIGHTS = {
    "battle": 26,
    "airstrike_or_shelling": 24,
    "capture_or_liberation": 14,
    "ied_or_mine": 12,
    "attack_on_civilians": 8,
    "siege": 6,
    "surrender_or_defection": 5,
    "other": 5,
}
BACKGROUND = [
    "منابع محلی از ادامه درگیری‌ها در منطقه خبر دادند.",
    "سازمان ملل نسبت به وضعیت غیرنظامیان در این منطقه ابراز نگرانی کرد.",
    "هنوز آمار دقیقی از تلفات منتشر نشده است.",
    "خبرنگاران مستقل به این منطقه دسترسی ندارند.",
    "هزاران نفر از ساکنان منطقه در ماه‌های گذشته آواره شده‌اند.",
    "این گزارش را نمی‌توان به طور مستقل تایید کرد.",
]
CUES = {"city": "شهر", "town": "شهرک", "village": "روستای", "neighbourhood": "محله"}
G_MONTHS = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]
S_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
WEEKDAYS = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]  # Monday first, as date.weekday()
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_SCRIPT_NAME = re.compile(r"^[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u0649 ]{3,28}$")


@dataclass(frozen=True)
class WPlace:
    id: int
    name: str  # display name (Latin)
    local: str  # the Arabic-script name the report uses
    kind: str
    country: str
    lat: float
    lon: float


@dataclass
class Truth:
    """An event the report was written to contain."""

    kind: str
    place: WPlace
    actor1: str | None
    actor2: str | None
    date: dt.date
    start: int  # the sentence's offsets in the report text
    end: int
    sentence: str
    mention: str  # the place as written
    mention_start: int = 0


@dataclass
class SyntheticReport:
    text: str
    published: dt.date
    outlet: str
    url: str
    events: list[Truth] = field(default_factory=list)

    def record(self) -> dict:
        """A line of `manage.py ingest`'s JSON Lines."""
        return {
            "text": self.text,
            "published": self.published.isoformat(),
            "outlet": self.outlet,
            "url": self.url,
            "lang": "fa",
        }


def persian(n: int | str) -> str:
    return str(n).translate(PERSIAN_DIGITS)


def lexicon_aliases() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in (ROOT / "events" / "pipeline" / "lexicons" / "actors.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        canonical, alias, *_ = line.split("\t")
        out.setdefault(canonical, set()).add(alias.replace("\u200c", " ").replace(" ", ""))
    return out


def check_names() -> None:
    """Every Persian actor name used here is an alias of that actor in the lexicon."""
    known = lexicon_aliases()
    for canonical, names in NAMES.items():
        for name in names:
            if name.replace("\u200c", " ").replace(" ", "") not in known.get(canonical, set()):
                raise ValueError(f"{name!r} is not an alias of {canonical} in actors.tsv")


def gazetteer_places(countries=("SY", "IQ")) -> list[WPlace]:
    """Settlements of the gazetteer in the database with an Arabic-script name (Persian first)."""
    from gazetteer.models import PlaceName

    rows = (
        PlaceName.objects.filter(place__country__in=countries, place__kind__in=list(CUES), language__in=["fa", "ar"])
        .order_by("place_id", "-language", "-preferred", "name")  # fa before ar
        .values_list("place_id", "name", "place__name", "place__kind", "place__country", "place__lat", "place__lon")
    )
    places, seen = [], set()
    for pid, local, name, kind, country, lat, lon in rows.iterator(chunk_size=5000):
        if pid in seen or not ARABIC_SCRIPT_NAME.match(local) or local.startswith(("روستای", "شهر ", "قریة", "قرية")):
            continue
        seen.add(pid)
        places.append(WPlace(pid, name, local.strip().replace("ي", "ی").replace("ك", "ک"), kind, country, lat, lon))
    return places


class Workload:
    """A deterministic stream of reports over the given places (same seed, same reports)."""

    def __init__(self, places: list[WPlace], *, seed: int = 7) -> None:
        if not places:
            raise ValueError("no places: load a gazetteer first (manage.py load_gazetteer)")
        check_names()
        self.rng = random.Random(seed)
        self.places = sorted(places, key=lambda p: p.id)
        weights = [1 / (1 + i) ** 0.8 for i in range(len(self.places))]
        self.rng.shuffle(weights)
        self.cumulative = list(itertools.accumulate(weights))
        self.kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
        self.kind_cumulative = list(itertools.accumulate(kind_weights))
        self.number = itertools.count(1)

    @classmethod
    def from_database(cls, *, seed: int = 7) -> Workload:
        return cls(gazetteer_places(), seed=seed)

    # --- pieces --------------------------------------------------------------------------

    def place(self) -> WPlace:
        return self.rng.choices(self.places, cum_weights=self.cumulative)[0]

    def pair(self, country: str) -> tuple[str, str]:
        pairs, weights = zip(*ADVERSARIES[country], strict=True)
        return self.rng.choices(pairs, weights=weights)[0]

    def air(self, country: str) -> str:
        actors, weights = zip(*AIR[country], strict=True)
        return self.rng.choices(actors, weights=weights)[0]

    def name(self, actor: str) -> str:
        return self.rng.choice(NAMES[actor])

    def date_phrase(self, day: dt.date, published: dt.date) -> str:
        lag = (published - day).days
        r = self.rng.random()
        if lag == 0 and r < 0.5:
            return "امروز"
        if lag == 1 and r < 0.5:
            return "دیروز"
        if 0 < lag < 6 and r < 0.75:
            return f"روز {WEEKDAYS[day.weekday()]}"
        if r < 0.8:
            return f"روز {persian(day.day)} {G_MONTHS[day.month - 1]} {persian(day.year)}"
        import jdatetime

        j = jdatetime.date.fromgregorian(date=day)
        return f"روز {persian(j.day)} {S_MONTHS[j.month - 1]} {persian(j.year)}"

    # --- reports -------------------------------------------------------------------------

    def report(self) -> SyntheticReport:
        rng = self.rng
        day = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
        published = min(LAST + dt.timedelta(days=2), day + dt.timedelta(days=rng.choice((0, 1, 1, 1, 2, 3))))
        n_events = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        parts: list[str] = []
        events: list[Truth] = []
        offset = 0

        def add(sentence: str) -> int:
            nonlocal offset
            if parts:
                parts.append(" ")
                offset += 1
            start = offset
            parts.append(sentence)
            offset += len(sentence)
            return start

        for i in range(n_events):
            kind = rng.choices(self.kinds, cum_weights=self.kind_cumulative)[0]
            place = self.place()
            a1, a2 = self.pair(place.country)
            if kind == "airstrike_or_shelling":
                a1 = self.air(place.country)
            if kind == "ied_or_mine":
                a1 = a2 = None
            if kind == "attack_on_civilians":
                a1, a2 = a2, "civilians"
            event_day = day if i == 0 else max(FIRST, day - dt.timedelta(days=rng.choice((0, 0, 1, 2))))
            mention = f"{CUES[place.kind]} {place.local}"
            pattern = rng.choice(PATTERNS[kind])
            values = {
                "a1": self.name(a1) if a1 and a1 in NAMES else "",
                "a2": self.name(a2) if a2 and a2 in NAMES else "",
                "air": self.name(a1) if a1 and a1 in NAMES else "",
                "p": mention,
                "d": self.date_phrase(event_day, published),
                "n": persian(rng.randint(2, 40)),
            }
            if kind == "attack_on_civilians":
                values["a2"] = self.name(a1)
            sentence = pattern.format(**values)
            start = add(sentence)
            events.append(
                Truth(
                    kind,
                    place,
                    a1,
                    a2,
                    event_day,
                    start,
                    start + len(sentence),
                    sentence,
                    mention,
                    start + sentence.index(mention),
                )
            )
            if rng.random() < 0.35:
                add(rng.choice(BACKGROUND))
        number = next(self.number)
        text = "".join(parts) + f" (گزارش {persian(number)})"  # every report text is different
        return SyntheticReport(text, published, rng.choice(OUTLETS), f"https://example.org/workload/{number}", events)

    def reports(self, n_events: int) -> Iterator[SyntheticReport]:
        """Reports until they hold n_events events (the last report may hold a few more)."""
        total = 0
        while total < n_events:
            r = self.report()
            total += len(r.events)
            yield r


def parse_size(value: str) -> int:
    value = value.strip().lower()
    return SIZES[value] if value in SIZES else int(value.replace("_", "").replace(",", ""))


def truth_records(reports) -> list[list[dict]]:
    """The intended events of each report, as JSON (place by coordinates: ids differ between
    databases)."""
    return [
        [
            {
                "kind": t.kind,
                "lat": t.place.lat,
                "lon": t.place.lon,
                "actor1": t.actor1,
                "date": t.date.isoformat(),
                "start": t.start,
                "end": t.end,
            }
            for t in r.events
        ]
        for r in reports
    ]


def agreement(truth: list[list[dict]], extracted: list[dict]) -> dict:
    """How much of the intended events the pipeline read back: for each intended event, is
    there an extracted event in its sentence, of its kind, at its place (within 1 km), on its
    date, with its first actor. ``extracted`` is the JSON of the pipeline (``to_json``) per
    report."""
    n = found = kind = place = date = actor = 0
    for events, data in zip(truth, extracted, strict=True):
        got = [
            (e["kind"], p and (p["lat"], p["lon"]), e["date"] or "", e["actor1"], e["start"])
            for e in data["events"]
            for p in (e["places"] or [None])
        ]
        for t in events:
            n += 1
            here = [g for g in got if t["start"] <= g[4] < t["end"]]
            found += bool(here)
            kind += any(g[0] == t["kind"] for g in here)
            place += any(g[1] and abs(g[1][0] - t["lat"]) < 0.01 and abs(g[1][1] - t["lon"]) < 0.01 for g in here)
            date += any(g[2].startswith(t["date"]) for g in here)
            actor += any(g[3] == t["actor1"] for g in here)
    return (
        {"events": n, "found": found / n, "kind": kind / n, "place": place / n, "date": date / n, "actor1": actor / n}
        if n
        else {}
    )


# --- into the database ---------------------------------------------------------------------


def write_jsonl(path: Path, reports) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for r in reports:
            f.write(json.dumps(r.record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def load_rows(
    workload: Workload,
    n_events: int,
    *,
    batch: int = 2000,
    statuses=("extracted", "extracted", "extracted", "verified"),
) -> dict:
    """Reports, events, place and actor mentions, evidence, and control assertions (from captures
    and sieges) for ``n_events`` events, with bulk inserts (the pipeline is not run: the events
    are the ones the texts were written to contain). Returns counts and seconds."""
    from events.models import Actor, ControlAssertion, Event, EventEvidence, Mention, Report
    from events.pipeline.labels import ACLED, acled_coding

    started = time.perf_counter()
    actors = {a.name: a.pk for a in Actor.objects.all()}
    has_place_key = any(f.name == "place_key" for f in Event._meta.get_fields())
    if has_place_key:
        from lib.text import name_key
    counts = {"reports": 0, "events": 0, "mentions": 0, "control": 0}
    pending: list[SyntheticReport] = []
    rng = random.Random(11)

    def flush() -> None:
        reports = Report.objects.bulk_create(
            Report(
                text=r.text,
                content_hash=Report.hash_text(r.text),
                published=r.published,
                outlet=r.outlet,
                url=r.url,
                title=r.text[:120],
                language="fa",
            )
            for r in pending
        )
        events, mentions, control = [], [], []
        for report, r in zip(reports, pending, strict=True):
            for t in r.events:
                event_type, sub = acled_coding(t.kind, actor1=t.actor1) if t.kind in ACLED else ACLED["other"]
                e = Event(
                    report=report,
                    kind=t.kind,
                    event_type=event_type,
                    sub_event_type=sub,
                    date=t.date,
                    date_end=t.date,
                    time_precision=1,
                    place_id=t.place.id,
                    place_mention=t.mention,
                    lat=t.place.lat,
                    lon=t.place.lon,
                    geo_precision=1,
                    actor1_id=actors.get(t.actor1),
                    actor2_id=actors.get(t.actor2),
                    control_to_id=actors.get(t.actor1) if t.kind == "capture_or_liberation" else None,
                    control_from_id=actors.get(t.actor2) if t.kind == "capture_or_liberation" else None,
                    evidence=t.sentence,
                    evidence_start=t.start,
                    evidence_end=t.end,
                    confidence=round(rng.uniform(0.5, 0.95), 2),
                    status=rng.choice(statuses),
                    fingerprint=f"workload-{report.content_hash[:16]}-{t.start}",
                )
                if has_place_key:
                    e.place_key = name_key(t.mention)[:300]
                events.append(e)
                mentions.append(
                    Mention(
                        report=report,
                        label="place",
                        start=t.mention_start,
                        end=t.mention_start + len(t.mention),
                        text=t.mention,
                        place_id=t.place.id,
                        resolved=True,
                        score=1.0,
                    )
                )
                for actor in (t.actor1, t.actor2):
                    if actor in NAMES:
                        mentions.append(
                            Mention(
                                report=report,
                                label="actor",
                                start=t.start,
                                end=t.start,
                                text=actor,
                                actor_id=actors.get(actor),
                            )
                        )
                if t.kind in ("capture_or_liberation", "siege"):
                    control.append((t, report))
        events = Event.objects.bulk_create(events)
        EventEvidence.objects.bulk_create(
            EventEvidence(event=e, report_id=e.report_id, start=e.evidence_start, end=e.evidence_end, text=e.evidence)
            for e in events
        )
        Mention.objects.bulk_create(mentions)
        assertions = ControlAssertion.objects.bulk_create(
            ControlAssertion(
                place_id=t.place.id,
                holder_id=actors.get(t.actor1) if t.kind == "capture_or_liberation" else None,
                date=t.date,
                report=report,
                evidence=t.sentence,
                evidence_start=t.start,
                evidence_end=t.end,
                source="report",
                confidence=0.7,
                fingerprint=f"workload-{report.content_hash[:16]}-{t.start}",
            )
            for t, report in control
        )
        through = ControlAssertion.besieged_by.through
        through.objects.bulk_create(
            through(controlassertion_id=a.pk, actor_id=actors[t.actor1])
            for a, (t, _) in zip(assertions, control, strict=True)
            if t.kind == "siege" and t.actor1 in actors
        )
        counts["reports"] += len(reports)
        counts["events"] += len(events)
        counts["mentions"] += len(mentions)
        counts["control"] += len(assertions)
        pending.clear()

    for r in workload.reports(n_events):
        pending.append(r)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def setup_django(database_url: str | None = None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_gazetteer(with_wof: bool = True) -> str:
    """The built-in gazetteer, plus Who's On First from ../shared when present (idempotent)."""
    from django.core.management import call_command

    null = open(os.devnull, "w")
    call_command("load_gazetteer", "builtin", "--no-progress", stdout=null)
    files = sorted(WOF.glob("*.ndjson.gz")) if with_wof and WOF.is_dir() else []
    if files:
        call_command("load_gazetteer", "wof", *map(str, files), "--no-progress", stdout=null)
    return "builtin + Who's On First" if files else "builtin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1k", help="events: 1k, 10k, 100k or a number")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jsonl", type=Path, help="write the reports as JSON Lines (for manage.py ingest)")
    parser.add_argument(
        "--load", action="store_true", help="insert reports, events and control straight into the database"
    )
    parser.add_argument(
        "--gazetteer",
        action="store_true",
        help="migrate and load the gazetteer first (built-in, plus Who's On First when ../shared has it)",
    )
    parser.add_argument("--database", help="DATABASE_URL (default: the app's)")
    parser.add_argument("--sample", type=int, default=0, help="print this many reports")
    args = parser.parse_args()
    setup_django(args.database)
    if args.gazetteer:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print("gazetteer:", load_gazetteer())
    n = parse_size(args.size)
    workload = Workload.from_database(seed=args.seed)
    print(f"{len(workload.places):,} places to draw from")
    for r in itertools.islice(Workload(workload.places, seed=args.seed).reports(n), args.sample):
        print(r.published, r.outlet, "|", r.text)
    if args.jsonl:
        t = time.perf_counter()
        count = write_jsonl(args.jsonl, workload.reports(n))
        print(f"{count:,} reports with {n:,}+ events written to {args.jsonl} in {time.perf_counter() - t:.1f} s")
    if args.load:
        print(load_rows(workload, n))


if __name__ == "__main__":
    main()
